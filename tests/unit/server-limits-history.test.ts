// SP_HISTORY_PER_LAB on the missed-events offset log, live: a real stream fills the lab's log, then a client that
// "reloads" asks for everything after the first offset it saw. With a small history the log keeps exactly that
// many events and the replay says the older ones are gone; with a large one every event is still there.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import type { MissedStatus, StreamEvent, SubscribeResult } from '../../src/contract/index.ts';
import { ask, collect, startTestServer } from '../helpers/demo-server.ts';

const STREAMED = 20;

async function until(check: () => boolean, what: string, ms = 8000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Streams STREAMED events into a fresh lab, stops, and replays from the first offset a subscriber saw. */
async function replayFromFirst(t: TestContext, historyPerLab: number) {
  const server = await startTestServer({ limits: { historyPerLab, maxReplayEvents: 1000, missedMaxRate: 50 } });
  t.after(() => server.close());
  const alice = await server.connect();
  const created = await ask<{ labId: string }>(alice, 'lab:create', { kind: 'missed-events', name: 'Alice' });
  assert.ok(created.ok);
  const seen = collect<StreamEvent>(alice, 'missed:event');
  assert.ok((await ask(alice, 'missed:subscribe', {})).ok);
  assert.ok((await ask(alice, 'missed:configure', { running: true, rate: 50 })).ok);
  await until(() => seen.length >= STREAMED, `${STREAMED} streamed events`);
  const stopped = await ask<MissedStatus>(alice, 'missed:configure', { running: false });
  assert.ok(stopped.ok);
  const sent = stopped.data.sent;
  await until(() => seen.length >= sent, 'the last live event');
  const first = seen[0]!;
  assert.equal(first.seq, 1);

  const bob = await server.connect();
  assert.ok((await ask(bob, 'lab:join', { labId: created.data.labId, name: 'Bob' })).ok);
  const replayed = collect<StreamEvent>(bob, 'missed:event');
  const sub = await ask<SubscribeResult>(bob, 'missed:subscribe', { afterOffset: first.offset });
  assert.ok(sub.ok, !sub.ok ? sub.error : '');
  await until(() => replayed.length >= sub.data.replayed, 'the replayed events');
  return { sent, sub: sub.data, seqs: replayed.map((e) => e.seq) };
}

test('SP_HISTORY_PER_LAB lowered: the log keeps exactly that many events and a replay says older ones are gone', async (t) => {
  const historyPerLab = 5;
  const { sent, sub, seqs } = await replayFromFirst(t, historyPerLab);
  assert.ok(sent >= STREAMED);
  assert.equal(sub.replayed, historyPerLab, 'exactly historyPerLab events are kept');
  assert.equal(sub.truncated, true, 'the events between the offset and the oldest kept one are reported gone');
  assert.deepEqual(
    seqs,
    Array.from({ length: historyPerLab }, (_, i) => sent - historyPerLab + 1 + i),
    'the newest ones',
  );
});

test('SP_HISTORY_PER_LAB raised: every event after the offset is still in the log', async (t) => {
  const { sent, sub, seqs } = await replayFromFirst(t, 1000);
  assert.ok(sent >= STREAMED);
  assert.equal(sub.replayed, sent - 1, 'everything after the first event');
  assert.equal(sub.truncated, false);
  assert.deepEqual(
    seqs,
    Array.from({ length: sent - 1 }, (_, i) => i + 2),
  );
});
