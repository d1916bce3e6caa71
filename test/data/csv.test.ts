// The shipped datasets parse as their README describes; bad files name the row and column.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDatasetCsv } from '../../src/data/csv.js';
import { loadBuiltinDataset } from '../../src/node/datasets.js';

test('the built-in datasets have the documented shapes and class counts', async () => {
  const expected: Record<string, [number, number, number]> = {
    'breast-cancer': [569, 30, 2], iris: [150, 4, 3], wine: [178, 13, 3], digits: [1797, 64, 10],
  };
  for (const [name, [rows, features, classes]] of Object.entries(expected)) {
    const data = await loadBuiltinDataset(name);
    assert.deepEqual([data.rows, data.features, data.classNames.length], [rows, features, classes], name);
  }
  const cancer = await loadBuiltinDataset('breast-cancer');
  assert.deepEqual(cancer.classNames, ['malignant', 'benign']);
  assert.equal(cancer.y.filter((label) => label === 0).length, 212);
});

test('malformed files are refused at the row and column at fault', () => {
  const header = '3,2,no,yes\n';
  assert.throws(() => parseDatasetCsv('', 'f.csv'), /^DataError: f.csv: the file is empty$|f.csv: the file is empty/);
  assert.throws(() => parseDatasetCsv(`${header}1,2,0\n1,2\n3,4,1\n`, 'f.csv'), /f.csv:3: 2 columns, expected 3/);
  assert.throws(() => parseDatasetCsv(`${header}1,2,0\n1,x,1\n3,4,1\n`, 'f.csv'), /f.csv:3:2: 'x' is not a number/);
  assert.throws(() => parseDatasetCsv(`${header}1,2,0\n1,,1\n3,4,1\n`, 'f.csv'), /f.csv:3:2: missing value/);
  assert.throws(() => parseDatasetCsv(`${header}1,2,0\n1,2,7\n3,4,1\n`, 'f.csv'), /f.csv:3:3: label 7 has no class name/);
  assert.throws(() => parseDatasetCsv(`${header}1,2,0\n3,4,1\n`, 'f.csv'), /f.csv:1: the header announces 3 rows, the file has 2/);
});
