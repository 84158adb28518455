import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ackArrived,
  attemptSent,
  describeJob,
  emptyLab,
  handlerRan,
  jobSettled,
  jobStarted,
  lateAcks,
  roundTrip,
  MAX_JOBS,
} from '../../src/widgets/ack-lab/model.ts';

const base = { mode: 'timeout' as const, delayMs: 1500, timeoutMs: 1000, retries: 0, slow: 'all' as const };

test('a job that times out keeps its late ACK and the server run', () => {
  let s = jobStarted(emptyLab(), { ...base, ref: 'a', sentAt: 0 });
  s = attemptSent(s, 'a', 'You', 3, 1);
  s = handlerRan(s, 'a', 1);
  s = jobSettled(s, 'a', { ok: false, error: 'operation has timed out' }, 1001);
  s = ackArrived(s, 'You', 3, 1, 1510);
  const job = s.jobs[0]!;
  assert.equal(job.outcome, 'timeout');
  assert.equal(roundTrip(job), undefined);
  assert.deepEqual(
    lateAcks(job).map((a) => a.ackAt),
    [1510],
  );
  assert.match(
    describeJob(job),
    /timed out after 1001 ms; the server ran the handler once; 1 late ACK arrived and was ignored/,
  );
});

test('with retries the accepted ACK is the one that settled the emit; the first run is a late duplicate', () => {
  let s = jobStarted(emptyLab(), { ...base, mode: 'retries', retries: 2, slow: 'first', ref: 'r', sentAt: 0 });
  s = attemptSent(s, 'r', 'Retrying-1', 0, 1);
  s = handlerRan(s, 'r', 1);
  s = attemptSent(s, 'r', 'Retrying-1', 1, 1002);
  s = handlerRan(s, 'r', 2);
  s = handlerRan(s, 'r', 2); // the same notice twice changes nothing
  s = ackArrived(s, 'Retrying-1', 1, 2, 1010);
  s = jobSettled(s, 'r', { ok: true, run: 2 }, 1010);
  s = ackArrived(s, 'Retrying-1', 0, 1, 1501);
  const job = s.jobs[0]!;
  assert.equal(job.outcome, 'ok');
  assert.equal(job.acceptedKey, 'Retrying-1:1');
  assert.equal(job.answeredBy, 2);
  assert.deepEqual(job.serverRuns, [1, 2]);
  assert.deepEqual(
    lateAcks(job).map((a) => a.key),
    ['Retrying-1:0'],
  );
  assert.equal(roundTrip(job), 1010);
  assert.match(describeJob(job), /2 attempts\); the server ran the handler 2 times \(duplicate!\)/);
});

test('ACKs for unknown ids and settles for unknown jobs change nothing; a job settles once', () => {
  let s = jobStarted(emptyLab(), { ...base, ref: 'a', sentAt: 0 });
  assert.deepEqual(ackArrived(s, 'You', 99, 1, 5), s);
  s = jobSettled(s, 'a', { ok: true, run: 1 }, 10);
  assert.equal(jobSettled(s, 'a', { ok: false, error: 'x' }, 20).jobs[0]!.outcome, 'ok');
  assert.equal(lateAcks(jobStarted(emptyLab(), { ...base, ref: 'p', sentAt: 0 }).jobs[0]!).length, 0);
});

test('jobs are numbered and bounded', () => {
  let s = emptyLab();
  for (let i = 0; i < MAX_JOBS + 5; i++) s = jobStarted(s, { ...base, ref: `j${i}`, sentAt: i });
  assert.equal(s.jobs.length, MAX_JOBS);
  assert.equal(s.jobs[s.jobs.length - 1]!.index, MAX_JOBS + 5);
});
