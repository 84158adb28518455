import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { QueueLabEvent } from '../../src/contract/index.ts';
import {
  applyEvent,
  describeEvent,
  emptyView,
  MAX_ROWS,
  redeliveredAfterCrash,
  type QueueView,
} from '../../src/widgets/queue-lab/model.ts';
import {
  DEFAULT_SETTINGS,
  brokerSettings,
  describeSettings,
  settingsFromRecord,
  settingsToRecord,
} from '../../src/widgets/queue-lab/settings.ts';
import { queueSchemas } from '../../server/schemas/queue-lab.ts';

const QueueSettingsSchema = queueSchemas().settings;

let clock = 0;
const ev = (type: QueueLabEvent['type'], messageId: string, extra: Partial<QueueLabEvent> = {}): QueueLabEvent => ({
  version: 1,
  type,
  messageId,
  text: `job ${messageId}`,
  attempt: 1,
  at: ++clock,
  depth: 0,
  inFlight: 0,
  deadLetters: 0,
  ...extra,
});

const fold = (events: QueueLabEvent[], start: QueueView = emptyView()) => events.reduce(applyEvent, start);

test('a message row follows the lifecycle: enqueued → delivered → acked', () => {
  const view = fold([
    ev('enqueued', 'm1', { depth: 1 }),
    ev('delivered', 'm1', { consumer: 'Ada', inFlight: 1 }),
    ev('acked', 'm1', { consumer: 'Ada' }),
  ]);
  assert.equal(view.rows.length, 1);
  const row = view.rows[0]!;
  assert.deepEqual(
    row.marks.map((m) => m.type),
    ['enqueued', 'delivered', 'acked'],
  );
  assert.equal(row.state, 'done');
  assert.deepEqual(row.deliveredTo, ['Ada']);
  assert.deepEqual(
    view.depth.map((p) => p.depth),
    [1, 0, 0],
  );
});

test('a crash hands the message back and another consumer gets it: detected as redelivered after a crash', () => {
  const steps = [
    ev('enqueued', 'm1'),
    ev('delivered', 'm1', { consumer: 'Ada' }),
    ev('requeued', 'm1', { consumer: 'Ada', reason: 'consumer-removed', depth: 1 }),
  ];
  const mid = fold(steps);
  assert.equal(mid.rows[0]!.state, 'ready', 'back in the queue');
  assert.equal(redeliveredAfterCrash(mid.rows[0]!), false, 'not yet');
  const view = applyEvent(mid, ev('redelivered', 'm1', { consumer: 'Ben', attempt: 2 }));
  assert.equal(view.rows[0]!.state, 'in-flight');
  assert.deepEqual(view.rows[0]!.deliveredTo, ['Ada', 'Ben']);
  assert.equal(redeliveredAfterCrash(view.rows[0]!), true);
  // A timeout handing it back is not a crash.
  const timedOut = fold([
    ev('delivered', 'm2', { consumer: 'Ada' }),
    ev('requeued', 'm2', { consumer: 'Ada', reason: 'timeout' }),
    ev('redelivered', 'm2', { consumer: 'Ben' }),
  ]);
  assert.equal(redeliveredAfterCrash(timedOut.rows[0]!), false);
});

test('dead letters are listed; deduped and refused publishes are rows that never entered the queue', () => {
  const view = fold([
    ev('enqueued', 'm1', { poison: true, text: 'poison' }),
    ev('dead-lettered', 'm1', { attempt: 3, reason: 'max-deliveries', deadLetters: 1 }),
    ev('deduped', 'm2'),
    ev('refused', 'm3'),
  ]);
  assert.deepEqual(view.deadLetters, [{ id: 'm1', text: 'poison', attempts: 3 }]);
  assert.deepEqual(
    view.rows.map((r) => r.state),
    ['dead', 'deduped', 'refused'],
  );
  assert.equal(view.rows[0]!.poison, true);
});

test('events of an older queue are ignored; a newer queue starts a fresh view', () => {
  const v1 = fold([ev('enqueued', 'm1')]);
  const v2 = applyEvent(v1, ev('enqueued', 'm1', { version: 2, text: 'fresh' }));
  assert.equal(v2.version, 2);
  assert.deepEqual(
    v2.rows.map((r) => r.text),
    ['fresh'],
  );
  assert.equal(applyEvent(v2, ev('acked', 'm1', { version: 1 })), v2);
});

test('rows and depth points stay bounded', () => {
  const events = Array.from({ length: MAX_ROWS + 10 }, (_, i) => ev('enqueued', `m${i}`));
  const view = fold(events);
  assert.equal(view.rows.length, MAX_ROWS);
  assert.equal(view.rows[0]!.id, 'm10', 'the oldest rows go first');
});

test('every event type is narrated in words, crash vs timeout told apart', () => {
  const crash = describeEvent(ev('requeued', 'm1', { consumer: 'Ada', reason: 'consumer-removed' }));
  assert.match(crash, /Ada disconnected holding “job m1”: the broker hands it back at once/);
  assert.match(describeEvent(ev('requeued', 'm1', { consumer: 'Ada', reason: 'timeout' })), /visibility timeout/);
  assert.match(describeEvent(ev('acked', 'm1', { reason: 'auto-ack' })), /auto-acked/);
  assert.match(
    describeEvent(ev('dead-lettered', 'm1', { attempt: 3, reason: 'max-deliveries', deadLetters: 1 })),
    /failed 3 times: moved to the dead-letter queue/,
  );
  for (const type of [
    'enqueued',
    'delivered',
    'redelivered',
    'acked',
    'requeued',
    'dead-lettered',
    'deduped',
    'refused',
    'dropped',
  ] as const) {
    assert.ok(describeEvent(ev(type, 'm1', { consumer: 'Ben' })).length > 10, type);
  }
});

test('settings round-trip through the URL, and junk falls back to the defaults', () => {
  const custom = {
    ...DEFAULT_SETTINGS,
    mode: 'fanout' as const,
    ack: false,
    prefetch: 5,
    visibilityMs: 10_000,
    maxDeliveries: null,
    dedupe: true,
    processingMs: 8000,
  };
  assert.deepEqual(settingsFromRecord(settingsToRecord(custom)), custom);
  assert.deepEqual(settingsFromRecord({}), DEFAULT_SETTINGS);
  assert.deepEqual(
    settingsFromRecord({ mode: 'topic', ack: 'maybe', prefetch: '999', vis: '-1', dlq: 'x', work: '1e9' }),
    DEFAULT_SETTINGS,
  );
  // Whatever the URL holds, what the page sends passes the server's schema.
  for (const rec of [{}, settingsToRecord(custom), { prefetch: 'NaN' }]) {
    assert.equal(QueueSettingsSchema.safeParse(brokerSettings(settingsFromRecord(rec))).success, true);
  }
  assert.match(describeSettings(custom), /Fan-out.*at-most-once.*no dead-letter queue.*dedupe on/);
});
