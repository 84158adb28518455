import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  afterUpgrade,
  describeRow,
  emptyInspector,
  engineEvent,
  noteTone,
  wire,
  MAX_ROWS,
  type PacketRow,
} from '../../src/widgets/transport-inspector/model.ts';

const OPEN = '0{"sid":"abc","upgrades":["websocket"],"pingInterval":25000,"pingTimeout":20000,"maxPayload":16384}';

test('a polling body becomes one row per packet, with its carrier and place in the batch', () => {
  let s = wire(emptyInspector(), { dir: 'in', carrier: 'polling-get', transportId: 1, raw: OPEN, at: 1 });
  assert.equal(s.handshake?.sid, 'abc');
  assert.equal(s.transport, 'polling');
  s = wire(s, { dir: 'in', carrier: 'polling-get', transportId: 1, raw: '40{"sid":"x"}\x1e42["hi"]', at: 2 });
  const rows = s.rows as PacketRow[];
  assert.deepEqual(
    rows.map((r) => [r.seq, r.engineType, r.socketType, r.batch?.index]),
    [
      [1, 'open', undefined, undefined],
      [2, 'message', 'CONNECT', 1],
      [3, 'message', 'EVENT', 2],
    ],
  );
  assert.equal(rows[2]!.raw, '42["hi"]');
  assert.deepEqual(s.counts, { polling: 3, websocket: 0 });
});

test('probe, upgrade and later frames: the session moves to WebSocket only on the upgrade event', () => {
  let s = wire(emptyInspector(), { dir: 'in', carrier: 'polling-get', transportId: 1, raw: OPEN, at: 1 });
  s = wire(s, { dir: 'out', carrier: 'websocket', transportId: 2, raw: '2probe', at: 2 });
  s = wire(s, { dir: 'in', carrier: 'websocket', transportId: 2, raw: '3probe', at: 3 });
  assert.equal(s.transport, 'polling');
  s = engineEvent(s, { type: 'upgrading', transport: 'websocket' }, 4);
  s = wire(s, { dir: 'in', carrier: 'polling-get', transportId: 1, raw: '6', at: 5 });
  s = wire(s, { dir: 'out', carrier: 'websocket', transportId: 2, raw: '5', at: 6 });
  s = engineEvent(s, { type: 'upgrade', transport: 'websocket' }, 7);
  s = wire(s, { dir: 'out', carrier: 'websocket', transportId: 2, raw: '421["transport:ask",{"text":"a"}]', at: 8 });
  assert.equal(s.transport, 'websocket');
  assert.equal(s.upgraded, true);
  const probes = (s.rows.filter((r) => r.kind === 'packet') as PacketRow[]).filter((r) => r.probe);
  assert.equal(probes.length, 2);
  assert.deepEqual(
    afterUpgrade(s).map((r) => r.socketType),
    ['EVENT'],
  );
  assert.match(
    describeRow(s.rows.find((r) => r.kind === 'packet' && r.engineType === 'noop')!),
    /polling response: 6 — .*noop/,
  );
});

test('an upgrade error is kept and the session stays on polling', () => {
  let s = wire(emptyInspector(), { dir: 'in', carrier: 'polling-get', transportId: 1, raw: OPEN, at: 1 });
  s = engineEvent(s, { type: 'upgrade-error', message: 'probe error: websocket error' }, 2);
  assert.equal(s.upgradeError, 'probe error: websocket error');
  assert.equal(s.transport, 'polling');
  assert.equal(s.upgraded, false);
  assert.deepEqual(afterUpgrade(s), []);
});

test('binary frames are shown as hex, invalid text is explained, and the list is bounded', () => {
  let s = wire(emptyInspector(), {
    dir: 'in',
    carrier: 'websocket',
    transportId: 1,
    raw: new Uint8Array([1, 255]),
    at: 1,
  });
  assert.equal((s.rows[0] as PacketRow).raw, '<binary> 01 ff');
  s = wire(s, { dir: 'in', carrier: 'websocket', transportId: 1, raw: '9oops', at: 2 });
  assert.equal((s.rows[1] as PacketRow).engineType, 'invalid');
  for (let i = 0; i < MAX_ROWS + 10; i++)
    s = wire(s, { dir: 'in', carrier: 'websocket', transportId: 1, raw: '2', at: i });
  assert.equal(s.rows.length, MAX_ROWS);
  assert.equal(s.rows[s.rows.length - 1]!.seq, MAX_ROWS + 12);
});

test('a session closed by a transport error is bad news in the log; only a close the page asked for is neutral', () => {
  const tone = (e: Parameters<typeof engineEvent>[1]) => {
    const row = engineEvent(emptyInspector(), e, 1).rows.at(-1)!;
    assert.equal(row.kind, 'note');
    return row.kind === 'note' ? noteTone(row) : undefined;
  };
  assert.equal(tone({ type: 'closed', reason: 'transport error' }), 'bad');
  assert.equal(tone({ type: 'closed', reason: 'ping timeout' }), 'bad');
  assert.equal(tone({ type: 'closed', reason: 'forced close' }), 'info');
  assert.equal(tone({ type: 'upgrade', transport: 'websocket' }), 'ok');
  assert.equal(tone({ type: 'connect-error', message: 'xhr poll error' }), 'bad');
});
