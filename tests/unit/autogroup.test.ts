// run-parallel.ts sets each command's session priority (scripts/autogroup.ts): the parsing, and the real thing on
// a kernel with autogroup scheduling.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { niceOf, ownSessionNice, parseAutogroup, setSessionNice } from '../../scripts/autogroup.ts';

test('a command’s nice is read from a leading `nice -n N`, and only from there', () => {
  assert.equal(niceOf('nice -n 10 npm run test:checks'), 10);
  assert.equal(niceOf('  nice -n5 make'), 5);
  assert.equal(niceOf('npm run test:e2e'), 0);
  assert.equal(niceOf('echo nice -n 10 x'), 0);
});

test('a session’s nice is read from /proc/<pid>/autogroup', () => {
  assert.equal(parseAutogroup('/autogroup-123 nice 10\n'), 10);
  assert.equal(parseAutogroup('/autogroup-7 nice -5\n'), -5);
  assert.equal(parseAutogroup(''), null);
});

test('a new session started for a command gets the nice it was given', async (t) => {
  const own = ownSessionNice();
  if (own === null) return t.skip('this kernel has no autogroup scheduling');
  const child = spawn('sleep', ['5'], { detached: true, stdio: 'ignore' });
  t.after(() => child.kill());
  setSessionNice(child.pid!, own + 7);
  assert.equal(parseAutogroup(readFileSync(`/proc/${child.pid}/autogroup`, 'utf8')), Math.min(19, own + 7));
});
