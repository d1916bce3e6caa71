// CSV datasets: the shipped layout, users' files with or without headers and with
// string labels, and bad files refused at the row and column at fault.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCsv } from '../../src/data/csv.js';
import { csvRecords } from '../../src/data/csv-records.js';
import { loadBuiltinDataset } from '../../src/node/datasets.js';

const parse = (text: string, target?: string | number) => parseCsv(text, { source: 'f.csv', target });

test('the built-in datasets have the documented shapes and class counts', async () => {
  const expected: Record<string, [number, number, number]> = {
    'breast-cancer': [569, 30, 2], iris: [150, 4, 3], wine: [178, 13, 3], digits: [1797, 64, 10],
  };
  for (const [name, [rows, features, classes]] of Object.entries(expected)) {
    const data = await loadBuiltinDataset(name);
    assert.deepEqual([data.rows, data.features, data.classNames.length, data.featureNames.length], [rows, features, classes, features], name);
  }
  const cancer = await loadBuiltinDataset('breast-cancer');
  assert.deepEqual(cancer.classNames, ['malignant', 'benign']);
  assert.equal(cancer.y.filter((label) => label === 0).length, 212);
  assert.equal(cancer.featureNames[20], 'worst radius');
});

test('a user CSV: header detected, string labels mapped to sorted classes, target by name or number', () => {
  const text = 'height,"weight, kg",species\n1.5,60,cat\n1.7,"72",dog\n1.6,65,cat\n';
  const data = parse(text);
  assert.deepEqual(data.featureNames, ['height', 'weight, kg']);
  assert.deepEqual(data.classNames, ['cat', 'dog']);
  assert.deepEqual(Array.from(data.y), [0, 1, 0]);
  assert.deepEqual(Array.from(data.x), [1.5, 60, 1.7, 72, 1.6, 65]);
  const byName = parse('a,b,c\n1,0,5\n2,1,6\n', 'b');
  assert.deepEqual([byName.targetName, byName.featureNames.join()], ['b', 'a,c']);
  const byNumber = parse('1,0,5\n2,1,6\n3,0,7\n', 2);
  assert.deepEqual([Array.from(byNumber.y), Array.from(byNumber.x)], [[0, 1, 0], [1, 5, 2, 6, 3, 7]]);
  const numericLabels = parse('x,y\n1,3\n2,7\n3,3\n');
  assert.deepEqual([numericLabels.classNames, Array.from(numericLabels.y)], [['3', '7'], [0, 1, 0]]);
});

test('bad files are refused with the file, row and column at fault', () => {
  const cases: [string, RegExp, (string | number)?][] = [
    ['', /^f.csv: the file is empty$/],
    ['a,b,c\n', /^f.csv: the file has a header but no data rows$/],
    ['a,b,c\n1,2,x\n1,2\n', /^f.csv:3: 2 columns, expected 3$/],
    ['a,b,c\n1,2,x\n1,oops,y\n', /^f.csv:3:2: 'oops' is not a number \(column 'b'\)$/],
    ['a,b,c\n1,2,x\n1,,y\n', /^f.csv:3:2: missing value \(column 'b'\)$/],
    ['a,b,c\n1,2,x\n1,NA,y\n', /^f.csv:3:2: missing value \(column 'b'\)$/],
    ['a,b,c\n1,2,x\n1,3,\n', /^f.csv:3:3: missing target value \(column 'c'\)$/],
    ['a,b,c\n1,2,x\n1,3,x\n', /^f.csv: the target column 'c' holds a single class \('x'\): nothing to tell apart$/],
    ['a,b,c\n1,2,0.5\n1,3,1\n', /^f.csv:2:3: target '0.5' is not a class label/],
    ['a,b,c\n1,2,x\n1,3,y\n', /^f.csv: no target column 'd' \(give a header name or a column number from 1 to 3; columns: a, b, c\)$/, 'd'],
    ['a,b,"c\n1,2,x\n', /^f.csv:1: a quoted cell is never closed$/],
    ['3,2,no,yes\n1,2,0\n3,4,1\n', /^f.csv:1: the header announces 3 rows, the file has 2$/],
    ['2,2,no,yes\n1,2,0\n3,4,5\n', /^f.csv:3:3: label '5' is not one of the 2 class indices/],
  ];
  for (const [text, message, target] of cases) {
    assert.throws(() => parse(text, target), (error: Error) => {
      assert.equal(error.name, 'DataError');
      assert.match(error.message, message);
      return true;
    }, JSON.stringify(text));
  }
});

test('CSV records: quotes, doubled quotes, CRLF, blank lines skipped, line numbers kept', () => {
  const records = csvRecords('a,"b ""q"", c"\r\n\r\n1,"multi\nline"\n', 'f.csv');
  assert.deepEqual(records, [
    { line: 1, cells: ['a', 'b "q", c'] },
    { line: 3, cells: ['1', 'multi\nline'] },
  ]);
});

test('semicolon- and tab-separated files are read, saying so; a decimal comma gets a hint', () => {
  for (const [separator, word] of [[';', 'semicolon'], ['\t', 'tab']]) {
    const data = parse(['a', 'b', 'label'].join(separator) + '\n' + ['1', '2', 'x'].join(separator) + '\n' + ['3', '4', 'y'].join(separator) + '\n');
    assert.deepEqual([data.featureNames, data.classNames, Array.from(data.x)], [['a', 'b'], ['x', 'y'], [1, 2, 3, 4]]);
    assert.deepEqual(data.notes, [`read as ${word}-separated: its lines hold no commas between columns`]);
  }
  assert.deepEqual(parse('a,b\n1,0\n2,1\n').notes, []);
  assert.throws(() => parse('a;b;c\n1,5;2;x\n3;4;y\n'), /f\.csv:2:1: '1,5' is not a number \(column 'a'\); write decimals with a point/);
  // A comma-separated file whose cell holds a semicolon: the message asks about the separator.
  assert.throws(() => parse('a,b,label\n1,2;3,x\n4,5,y\n'), /f\.csv:2:2: '2;3' is not a number \(column 'b'\); is the file separated by semicolons or tabs\?/);
});

test('a header row with numbers for names is not read as a sample when the labels are text, and the reading is stated', () => {
  const data = parse('2019,2020,label\n1,2,cat\n3,4,dog\n5,6,cat\n7,8,dog\n');
  assert.deepEqual([data.rows, data.classNames, data.featureNames], [4, ['cat', 'dog'], ['2019', '2020']]);
  assert.match(data.notes[0], /row 1 read as a header: its label 'label' is in no other row, while every other label recurs/);
  // A first row whose label recurs is data, without a note.
  const plain = parse('1,2,cat\n3,4,dog\n5,6,cat\n');
  assert.deepEqual([plain.rows, plain.notes], [3, []]);
  // Ambiguous: every label is unique, so row 1 stays data and the note says how to mark a header.
  const unique = parse('1,2,a\n3,4,b\n5,6,c\n');
  assert.equal(unique.rows, 3);
  assert.match(unique.notes[0], /row 1 read as data: its label 'a' is in no other row/);
});

test('a cell holding a line break is quoted in errors with an escape: the message stays one line', () => {
  const text = '"a\nb",c,label\n"1\u0001\nx",2,x\n3,4,y\n';
  assert.throws(() => parseCsv(text, { source: 'f.csv', target: 'nope' }), (error: Error) => {
    assert.equal(error.message, "f.csv: no target column 'nope' (give a header name or a column number from 1 to 3; columns: a\\nb, c, label)");
    return true;
  });
  assert.throws(() => parseCsv(text, { source: 'f.csv' }), { message: "f.csv:3:1: '1\\u0001\\nx' is not a number (column 'a\\nb')" });
});

test('a scikit-learn first line as wide as the data (iris) still names the classes; a plain numeric first row does not', async () => {
  const iris = await loadBuiltinDataset('iris');
  assert.deepEqual([iris.rows, iris.classNames], [150, ['setosa', 'versicolor', 'virginica']]);
  // Same width, but the first line does not announce the rows that follow: it is a header or data, as before.
  const plain = parse('3,2,a,b,c\n1,2,3,4,x\n5,6,7,8,y\n');
  assert.notDeepEqual(plain.classNames, ['a', 'b', 'c']);
});
