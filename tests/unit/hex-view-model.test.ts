// View-level coverage: the hex panes are built from fields, and every byte they show must belong to a field.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SAMPLES } from '../../src/lib/net/samples.ts';
import { bitField, byteField } from '../../src/lib/net/fields.ts';
import {
  bytesOfField,
  describeCell,
  hexModel,
  moveFocus,
  primaryField,
  rows,
  unexplainedBytes,
} from '../../src/lib/panes/hex-view/model.ts';
import { load } from '../../src/widgets/packet-dissector/model.ts';

test('every byte of every sample, as the dissector pane shows it, belongs to an annotated field', () => {
  for (const s of SAMPLES) {
    const loaded = load({ sample: s.id, flips: [] });
    assert.ok(loaded.ok);
    if (!loaded.ok) continue;
    const m = hexModel(loaded.bytes, loaded.fields);
    assert.deepEqual(unexplainedBytes(m), [], s.id);
    assert.equal(m.cells.length, s.bytes.length);
    // Highlighting both ways agrees: a field's bytes all list that field.
    for (const f of m.fields)
      for (const i of bytesOfField(m, f.id))
        assert.ok(m.cells[i].fields.includes(f.id), `${s.id} ${f.field.name} @${i}`);
  }
});

test('even broken input is fully explained (the undecoded rest is a field too)', () => {
  for (const hex of ['45 00 00 3c 1c', '02 00 00 00 00 01 02 00 00 00 00 0a 08 00 45 00 00 3c', 'ff ff ff ff']) {
    const loaded = load({ hex, flips: [] });
    assert.ok(loaded.ok);
    if (loaded.ok) assert.deepEqual(unexplainedBytes(hexModel(loaded.bytes, loaded.fields)), [], hex);
  }
});

test('a byte with bit fields lists each; a gap is reported', () => {
  const bytes = new Uint8Array([0x45, 0x00, 0xff]);
  const fields = [
    bitField('ipv4', 'Version', 0, 4, '4', ''),
    bitField('ipv4', 'IHL', 4, 4, '5', ''),
    byteField('ipv4', 'DSCP', 1, 1, '0', '', { illustrative: true }),
  ];
  const m = hexModel(bytes, fields);
  assert.deepEqual(m.cells[0].fields, [0, 1]);
  assert.equal(m.fields[0].partial, true);
  assert.deepEqual(unexplainedBytes(m), [2]);
  assert.equal(primaryField(m, 0), 0);
  assert.equal(describeCell(m, 0), '45 hex, byte 0, “E”. Version = 4; IHL = 5');
  assert.match(describeCell(m, 1), /DSCP = 0 \(illustrative\)/);
  assert.equal(describeCell(m, 2), 'ff hex, byte 2. not explained');
});

test('keyboard moves stay inside the grid', () => {
  const m = hexModel(new Uint8Array(40), []);
  assert.equal(rows(m).length, 3);
  assert.equal(moveFocus(m, 0, 'ArrowLeft'), 0);
  assert.equal(moveFocus(m, 0, 'ArrowDown'), 16);
  assert.equal(moveFocus(m, 35, 'ArrowDown'), 39);
  assert.equal(moveFocus(m, 17, 'Home'), 16);
  assert.equal(moveFocus(m, 33, 'End'), 39);
  assert.equal(moveFocus(m, 5, 'PageDown'), 39);
  assert.equal(moveFocus(m, 5, 'x'), null);
});
