// Trainable-set notation: layers, kernels and biases, every subset, and errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkSetNotation, describeSet, parseTrainSets, setHistoryName, trainableParams } from '../../src/experiments/train-sets.js';

const flags = (text: string, layers = 3) => parseTrainSets(text, layers).map((set) => [set.name, set.parts.map((p) => `${+p.kernel}${+p.bias}`).join(' ')]);

test('sets of layers, kernels and biases', () => {
  assert.deepEqual(flags('all,1,2+3,none'), [['all', '11 11 11'], ['1', '11 00 00'], ['2+3', '00 11 11'], ['none', '00 00 00']]);
  assert.deepEqual(flags('bias,1k+3b'), [['bias', '01 01 01'], ['1k+3b', '10 00 01']]);
  assert.deepEqual(flags('all,1+2+3'), [['all', '11 11 11']], 'the same set twice is run once');
  assert.equal(trainableParams(parseTrainSets('1', 3)[0], [30, 16, 8, 1]), 496);
  assert.equal(trainableParams(parseTrainSets('bias', 3)[0], [30, 16, 8, 1]), 25);
});

test('every: all 2^L subsets, smallest first', () => {
  assert.deepEqual(flags('every').map(([name]) => name), ['none', '1', '2', '3', '1+2', '1+3', '2+3', 'all']);
  assert.equal(parseTrainSets('every', 5).length, 32);
});

test('bad sets are refused with the reason', () => {
  assert.throws(() => parseTrainSets('0', 3), /layer 0 in '0' is out of range: the network has layers 1 to 3/);
  assert.throws(() => parseTrainSets('1+x', 3), /'x' in '1\+x' is not a layer number/);
  assert.throws(() => parseTrainSets('all,', 3), /an empty set/);
});

test('sets described in words for legends', () => {
  assert.deepEqual(['all', '1', '2+3', 'bias', '1k', 'none'].map(describeSet),
    ['all layers', 'layer 1 only', 'layers 2+3 only', 'biases only', 'kernel 1 only', 'nothing trains']);
});

test('a set that names a part twice is refused, naming the repeated item, by the parser and the notation check alike', () => {
  const cases: [string, RegExp][] = [
    ['1+1', /'1' appears twice in '1\+1'/],
    ['2k+2K', /'2k' appears twice in '2k\+2k'/i],
    ['bias+bias', /'bias' appears twice/],
    ['1+2+1', /'1' appears twice in '1\+2\+1'/],
    ['1+1k', /'1k' in '1\+1k' adds nothing to '1'/],
    ['3b+3', /'3b' in '3b\+3' adds nothing to '3'/],
    ['bias+2b', /'2b' in 'bias\+2b' adds nothing to 'bias'/],
  ];
  for (const [text, message] of cases) {
    assert.throws(() => parseTrainSets(text, 3), (error: Error) => error instanceof RangeError && /^--train: /.test(error.message) && message.test(error.message), text);
    assert.throws(() => parseTrainSets(`all,${text}`, 3), message, `all,${text}`);
    assert.throws(() => checkSetNotation(text), message, text);
  }
  // Parts that do not overlap are a set, not a repeat.
  assert.deepEqual(flags('1k+1b,bias+1,1+2k+3b'), [['1k+1b', '11 00 00'], ['bias+1', '11 01 01'], ['1+2k+3b', '11 10 01']]);
  assert.doesNotThrow(() => checkSetNotation('1k+1b'));
});

test('a set changed mid-run is named by its history: as it ended, with what it trained before', () => {
  assert.equal(setHistoryName({ train: '1' }), '1');
  assert.equal(setHistoryName({ train: '1', changes: [] }), '1');
  const once = setHistoryName({ train: '2+3', changes: [{ epoch: 43, from: 'all', to: '2+3', paramsBefore: 641, trainableParams: 145 }] });
  assert.equal(once, 'all>43:2+3');
  assert.equal(describeSet(once), 'layers 2+3 only from epoch 43 (all layers for epochs 1-42)');
  const twice = setHistoryName({
    train: '3', changes: [
      { epoch: 2, from: 'all', to: '1k', paramsBefore: 641, trainableParams: 480 },
      { epoch: 10, from: '1k', to: '3', paramsBefore: 480, trainableParams: 9 },
    ],
  });
  assert.equal(describeSet(twice), 'layer 3 only from epoch 10 (all layers for epoch 1, kernel 1 only for epochs 2-9)');
});
