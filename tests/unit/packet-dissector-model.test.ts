import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SAMPLES } from '../../src/lib/net/samples.ts';
import {
  applyFlips,
  checksums,
  fromState,
  layerTree,
  load,
  MAX_BYTES,
  toggleFlip,
  toState,
} from '../../src/widgets/packet-dissector/model.ts';

test('each sample loads with its checksums verified (a fragment’s transport checksum cannot be)', () => {
  for (const s of SAMPLES) {
    const l = load({ sample: s.id, flips: [] });
    assert.ok(l.ok);
    if (!l.ok) continue;
    assert.deepEqual(l.dissection.errors, []);
    const v = checksums(l.fields);
    assert.ok(v.length >= 1, s.id);
    for (const c of v)
      assert.equal(
        c.verdict,
        s.id === 'ipv4-fragment' && c.layer === 'udp' ? 'unverifiable' : 'ok',
        `${s.id} ${c.layer}`,
      );
  }
});

test('flipping one byte makes a checksum wrong; flipping it back restores it', () => {
  // Byte 40 of the SYN is inside the TCP header (window); byte 20 is in the IPv4 header.
  for (const [at, layer] of [
    [40, 'tcp'],
    [20, 'ipv4'],
  ] as const) {
    const flips = toggleFlip([], at);
    const l = load({ sample: 'tcp-syn', flips });
    assert.ok(l.ok);
    if (!l.ok) continue;
    assert.equal(checksums(l.fields).find((c) => c.layer === layer)?.verdict, 'bad', layer);
    const back = load({ sample: 'tcp-syn', flips: toggleFlip(flips, at) });
    assert.ok(back.ok && checksums(back.fields).every((c) => c.verdict === 'ok'));
  }
  assert.deepEqual(applyFlips(new Uint8Array([0x10, 0x20]), [1]), new Uint8Array([0x10, 0x21]));
});

test('the tree’s field ids line up with the flat field list', () => {
  const l = load({ sample: 'websocket-emit', flips: [] });
  assert.ok(l.ok);
  if (!l.ok) return;
  const tree = layerTree(l.dissection);
  assert.deepEqual(
    tree.map((n) => n.title.split(' ')[0]),
    ['Ethernet', 'IPv4', 'TCP', 'WebSocket', 'Engine.IO', 'Socket.IO'],
  );
  const ids = tree.flatMap((n) => n.fieldIds);
  assert.deepEqual(
    ids,
    l.fields.map((_, i) => i),
  );
  assert.equal(l.fields[tree[2].fieldIds[0]].layer, 'tcp');
});

test('bad input gives the precise message and never throws', () => {
  const odd = load({ hex: '45 0', flips: [] });
  assert.ok(!odd.ok);
  if (!odd.ok) assert.match(odd.error, /character 4 \(line 1, column 4\): "0" has an odd number of hex digits/);
  const junk = load({ hex: '45 zz', flips: [] });
  assert.ok(!junk.ok && /expected a hex digit/.test(junk.error));
  const truncated = load({ hex: '02 00 00 00 00 01 02 00 00 00 00 0a 08 00 45 00 00 3c 1c 46', flips: [] });
  assert.ok(truncated.ok);
  if (truncated.ok)
    assert.match(truncated.dissection.errors[0].message, /^byte 14: the IPv4 header needs 20 bytes, only 6 remain/);
  const big = load({ hex: '00 '.repeat(MAX_BYTES + 1), flips: [] });
  assert.ok(!big.ok && /at most 4096/.test(big.error));
});

test('URL state round-trips and ignores junk', () => {
  for (const input of [
    { sample: 'dns-query' as const, flips: [3, 40] },
    { hex: '45 00', flips: [] },
  ])
    assert.deepEqual(fromState(toState(input)), input);
  assert.deepEqual(fromState({ sample: 'nope', flip: '1,x,-2,1' }), { sample: 'tcp-syn', flips: [1] });
  assert.deepEqual(toState({ hex: ' 45\n00 ', flips: [] }), { hex: '45 00' });
});
