import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  bitField,
  byteField,
  overlappingFields,
  uncoveredBits,
  fieldsOutOfRange,
  shiftFields,
} from '../../src/lib/net/fields.ts';

test('uncoveredBits finds gaps between, before and after fields', () => {
  const fields = [bitField('ipv4', 'a', 4, 4, '', ''), byteField('ipv4', 'b', 2, 1, '', '')];
  assert.deepEqual(uncoveredBits(4, fields), [
    { bitOffset: 0, bitLength: 4 },
    { bitOffset: 8, bitLength: 8 },
    { bitOffset: 24, bitLength: 8 },
  ]);
  assert.deepEqual(uncoveredBits(1, [bitField('tcp', 'x', 0, 8, '', '')]), []);
});

test('overlappingFields reports every pair that shares a bit, and nothing else', () => {
  const a = bitField('tcp', 'a', 0, 4, '', '');
  const b = bitField('tcp', 'b', 4, 4, '', '');
  const c = bitField('tcp', 'c', 3, 2, '', '');
  assert.deepEqual(overlappingFields([a, b]), []);
  assert.equal(overlappingFields([a, b, c]).length, 2);
});

test('fieldsOutOfRange and shiftFields', () => {
  const f = byteField('udp', 'x', 0, 2, '', '');
  assert.equal(shiftFields([f], 3)[0].bitOffset, 24);
  assert.deepEqual(fieldsOutOfRange(4, shiftFields([f], 3)), shiftFields([f], 3));
  assert.deepEqual(fieldsOutOfRange(5, shiftFields([f], 3)), []);
});
