// Redis dropping between a command being sent and its answer: a subscription is sent again once Redis is back
// (node-redis alone forgets it), and the adapter's PUBLISH resolves instead of rejecting unhandled. Redis is frozen
// (SIGSTOP) so the command is certainly on the wire, unanswered, when the connection is cut.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { connectRedis } from '../../server/scale/redis.ts';
import { silentLogger } from '../../server/log.ts';
import { startRedis } from '../helpers/redis-server.ts';
import { eventually } from '../helpers/eventually.ts';

/** Bytes sent to `port` that its server has not read yet (the kernel's receive queues, /proc/net/tcp). */
function unreadBytes(port: number): number {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  let unread = 0;
  for (const line of readFileSync('/proc/net/tcp', 'utf8').split('\n').slice(1)) {
    const fields = line.trim().split(/\s+/);
    if (fields.length < 5 || !fields[1].endsWith(`:${hexPort}`)) continue;
    unread += parseInt(fields[4].split(':')[1], 16);
  }
  return unread;
}

test('a SUBSCRIBE cut off before Redis confirmed it is sent again on reconnect, and then delivers', async (t) => {
  let redis = await startRedis();
  const conn = await connectRedis(redis.url, silentLogger);
  t.after(async () => {
    await conn.close();
    await redis.stop();
  });
  const sub = await conn.duplicate();
  const heard: string[] = [];
  redis.freeze();
  let settled: 'subscribed' | 'rejected' | undefined;
  const subscribing = sub
    .subscribe('news', (message: string) => void heard.push(message))
    .then(
      () => (settled = 'subscribed'),
      () => (settled = 'rejected'),
    );
  await eventually(() => unreadBytes(redis.port) > 0, 'SUBSCRIBE on the wire to the frozen Redis');
  await redis.stop();
  redis = await startRedis(redis.port);
  await subscribing;
  assert.equal(settled, 'subscribed');
  await eventually(async () => (await conn.client.publish('news', 'back')) > 0, 'the channel has its subscriber');
  await eventually(() => heard.includes('back'), 'the message reached the listener');
});

test("the adapter's PUBLISH cut off by a loss resolves with 0 receivers and is reported, not thrown", async (t) => {
  let redis = await startRedis();
  const lost: string[] = [];
  const conn = await connectRedis(redis.url, {
    ...silentLogger,
    warn: (event, fields) => lost.push(`${event} ${fields?.command}`),
  });
  t.after(async () => {
    await conn.close();
    await redis.stop();
  });
  redis.freeze();
  const published = conn.adapterClient.publish('news', 'lost');
  await eventually(() => unreadBytes(redis.port) > 0, 'PUBLISH on the wire to the frozen Redis');
  await redis.stop();
  assert.equal(await published, 0);
  assert.deepEqual(lost, ['redis.adapter.cut-off publish']);
  redis = await startRedis(redis.port);
  await eventually(() => conn.reachable(), 'the command client is back');
});
