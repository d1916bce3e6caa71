// Errors from worker threads keep their kind: bad input stays exit status 2.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { workerError } from '../../src/cli/pool.js';

test('a worker\'s RangeError or DataError is a RangeError in the parent; anything else an Error', () => {
  assert.ok(workerError('too big', 'RangeError') instanceof RangeError);
  assert.ok(workerError('data.csv:3: bad', 'DataError') instanceof RangeError);
  assert.equal(workerError('data.csv:3: bad', 'DataError').message, 'data.csv:3: bad');
  const other = workerError('boom', 'Error');
  assert.ok(!(other instanceof RangeError));
  assert.ok(!(workerError('boom', undefined) instanceof RangeError));
});
