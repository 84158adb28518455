import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  cameBack,
  cells,
  clampRate,
  describeGaps,
  describeReturn,
  emptyModel,
  receive,
  serverSent,
  summarize,
  wentAway,
  type LabModel,
} from '../../src/widgets/missed-events/model.ts';
import { RECOVERY_PATH as CLIENT_PATH } from '../../src/widgets/missed-events/clients.ts';
import { RECOVERY_PATH } from '../../src/contract/index.ts';

const NAMES = ['Alice', 'Bob', 'Carol'];

function feed(model: LabModel, name: string, seqs: number[], replayed = false): LabModel {
  for (const seq of seqs) model = receive(model, name, seq, { replayed }).model;
  return model;
}
const range = (a: number, b: number) => Array.from({ length: b - a + 1 }, (_, i) => a + i);
const lane = (m: LabModel, name: string) => summarize(m.lanes.find((l) => l.name === name)!);

test('a drop leaves a gap: missed is exactly server sent − held, and the lane says where', () => {
  let m = emptyModel(NAMES);
  m = feed(m, 'Bob', range(1, 10));
  m = wentAway(m, 'Bob', { cause: 'drop', reason: 'transport close', startedAt: 0 });
  m = cameBack(m, 'Bob', 3000, false);
  m = feed(m, 'Bob', range(41, 50));
  m = serverSent(m, 52);
  const s = lane(m, 'Bob');
  assert.equal(s.missed, 52 - 20);
  assert.equal(s.unique, 20);
  assert.equal(s.matches, true);
  assert.deepEqual([s.heldUpToCount, s.missedUpToCount], [20, 32]);
  assert.equal(describeGaps(m.lanes[1]!), '#11–#40, #51–#52');
  const drawn = cells(m.lanes[1]!, 100);
  assert.equal(drawn.filter((c) => c.kind === 'missing').length, 32);
  assert.equal(m.lanes[1]!.outages[0]!.afterSeq, 10);
  assert.match(describeReturn('Bob', m.lanes[1]!.outages[0]!, 'none'), /after 3\.0 s.*Nothing stored/);
});

test('recovered or replayed numbers fill the gap and are counted, even past the server count the widget knew', () => {
  let m = serverSent(feed(emptyModel(NAMES), 'Bob', range(1, 10)), 10);
  m = feed(m, 'Bob', range(11, 40), true);
  m = feed(m, 'Bob', range(41, 45));
  m = serverSent(m, 45);
  const s = lane(m, 'Bob');
  assert.deepEqual([s.missed, s.recovered, s.duplicates, s.matches], [0, 30, 0, true]);
  assert.equal(cells(m.lanes[1]!, 100).filter((c) => c.kind === 'replayed').length, 30);
});

test('duplicates are marked on the number and counted, never as new numbers', () => {
  let m = feed(emptyModel(NAMES), 'Alice', [1, 2, 2, 3, 3, 3]);
  m = serverSent(m, 3);
  const s = lane(m, 'Alice');
  assert.deepEqual([s.unique, s.received, s.duplicates, s.missed], [3, 6, 3, 0]);
  assert.deepEqual(
    cells(m.lanes[0]!, 10).map((c) => c.dupes),
    [0, 1, 2],
  );
});

test('a lane that joined late starts at its first number; the check runs up to the server count it heard', () => {
  let m = serverSent(emptyModel(NAMES), 30);
  m = feed(m, 'Carol', range(31, 35));
  assert.equal(lane(m, 'Carol').from, 31);
  assert.equal(lane(m, 'Carol').serverSent, 0, 'no count heard yet for this lane');
  m = serverSent(m, 33, 'Carol');
  assert.deepEqual([lane(m, 'Carol').heldUpToCount, lane(m, 'Carol').missedUpToCount], [3, 0]);
  m = serverSent(m, 35);
  assert.equal(lane(m, 'Carol').matches, true);
  assert.equal(lane(m, 'Carol').missed, 0);
});

test("a count heard over one client's connection judges that lane (and lanes that are away), not connected others", () => {
  let m = feed(feed(emptyModel(NAMES), 'Alice', range(1, 10)), 'Bob', range(1, 8)); // Bob's 9 and 10 are in flight
  m = wentAway(m, 'Carol', { cause: 'drop', startedAt: 0 });
  m = serverSent(m, 10, 'Alice');
  assert.equal(lane(m, 'Alice').serverSent, 10);
  assert.equal(lane(m, 'Bob').missed, 0, 'not judged on a count it did not hear');
  m = serverSent(m, 10, 'Bob');
  assert.equal(lane(m, 'Bob').missed, 2, 'now it is');
});

test("a replay of numbers older than the lane's first one extends the lane instead of failing", () => {
  let m = feed(emptyModel(NAMES), 'Bob', range(100, 104)); // live events came first
  m = feed(m, 'Bob', range(90, 99), true); // then the replay from an old offset
  m = serverSent(m, 104, 'Bob');
  const s = lane(m, 'Bob');
  assert.deepEqual([s.from, s.unique, s.missed, s.recovered, s.matches], [90, 15, 0, 10, true]);
});

test('the cell window shows only the last numbers', () => {
  const m = serverSent(feed(emptyModel(NAMES), 'Alice', range(1, 500)), 500);
  const drawn = cells(m.lanes[0]!, 50);
  assert.equal(drawn.length, 50);
  assert.equal(drawn[0]!.seq, 451);
});

test('the browser and the server agree on the recovery server path', () => {
  assert.equal(CLIENT_PATH, RECOVERY_PATH);
});

test('"server sent" is live: a lane that holds #16 shows at least 16 before the once-a-second report says so', () => {
  let m = serverSent(feed(emptyModel(NAMES), 'Alice', range(1, 5)), 7, 'Alice');
  m = feed(m, 'Alice', range(6, 16));
  const s = lane(m, 'Alice');
  assert.equal(s.serverSent, 7, 'the report is still the old one');
  assert.equal(s.sentSoFar, 16);
  assert.ok(s.sentSoFar >= s.received);
  m = serverSent(m, 20, 'Alice');
  assert.equal(lane(m, 'Alice').sentSoFar, 20, 'a newer report counts what is still in flight');
});

test('the rate is clamped the same way at both ends, and only a blank falls back to the default', () => {
  assert.deepEqual(
    ['0', '-3', '0.4', '25', '7', '7.6'].map((v) => clampRate(v, 20)),
    [1, 1, 1, 20, 7, 8],
  );
  assert.deepEqual(
    ['', '  ', 'abc'].map((v) => clampRate(v, 20)),
    [10, 10, 10],
  );
});
