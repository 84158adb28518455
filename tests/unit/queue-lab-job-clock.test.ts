import { test } from 'node:test';
import assert from 'node:assert/strict';
import { messageLabel, pauseJob, resumeJob, startJob } from '../../src/widgets/queue-lab/job-clock.ts';

test('a frozen job carries on for what was left when it thaws, not from scratch and not at once', () => {
  let job = startJob(2000, 10_000);
  job = pauseJob(job, 10_600); // froze after 600 ms of work
  assert.deepEqual(job, { remainingMs: 1400 });
  assert.deepEqual(pauseJob(job, 50_000), job, 'a paused clock does not run down');
  job = resumeJob(job, 20_000); // thawed ten seconds later
  assert.deepEqual(job, { remainingMs: 1400, runningSince: 20_000 });
  assert.deepEqual(pauseJob(job, 21_000), { remainingMs: 400 });
  assert.deepEqual(pauseJob(job, 99_000), { remainingMs: 0 }, 'never below nothing');
});

test('the late-ack message names the message by number, not by the broker id', () => {
  assert.equal(messageLabel('m7'), 'message #7');
});
