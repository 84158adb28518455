import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  BROKER_TEXT,
  MAX_COMMANDS,
  addCommand,
  formatCommand,
  shortKey,
} from '../../src/widgets/queue-lab/commands.ts';

test('a queue key loses its lab prefix; other arguments are kept as they are', () => {
  assert.equal(shortKey('sp:queue:Ab3_x-9z:2:stream'), '…:stream');
  assert.equal(shortKey('test:queue:lab1:12:dedupe:pay-7'), '…:dedupe:pay-7');
  assert.equal(shortKey('work'), 'work');
  assert.equal(shortKey('1796172702266-0'), '1796172702266-0');
});

test('a command prints as redis-cli would take it, quoting what needs quotes', () => {
  const args = ['XADD', 'sp:queue:L:1:stream', 'MAXLEN', '~', '1000', '*', 'id', 'm1', 'body', '{"text":"job 1"}'];
  assert.equal(formatCommand(args), 'XADD …:stream MAXLEN ~ 1000 * id m1 body "{\\"text\\":\\"job 1\\"}"');
  assert.equal(formatCommand(['SET', 'k', '']), 'SET k ""');
  assert.equal(
    formatCommand(['XREADGROUP', 'GROUP', 'work', 'abc', 'COUNT', '3']),
    'XREADGROUP GROUP work abc COUNT 3',
  );
});

test('the log keeps the newest lines, numbered in arrival order', () => {
  let lines = addCommand([], { version: 1, args: ['XACK', 'k', 'g', '1-0'], reply: '(integer) 1', at: 0 }, 1);
  assert.deepEqual(lines, [{ n: 1, version: 1, text: 'XACK k g 1-0', reply: '(integer) 1' }]);
  for (let n = 2; n <= MAX_COMMANDS + 5; n++) {
    lines = addCommand(lines, { version: 1, args: ['XLEN', String(n)], reply: '(integer) 0', at: n }, n);
  }
  assert.equal(lines.length, MAX_COMMANDS);
  assert.equal(lines[0].n, 6);
  assert.equal(lines.at(-1)!.n, MAX_COMMANDS + 5);
});

test('each broker is named and says what differs', () => {
  assert.match(BROKER_TEXT['in-memory'].differs, /memory/);
  assert.match(BROKER_TEXT['redis-streams'].differs, /consumer group/);
  assert.match(BROKER_TEXT['redis-streams'].differs, /at-least-once/);
});
