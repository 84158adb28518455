// Two demo-server nodes in child processes on one fresh Redis, torn down by the test even when it fails, and a
// way to put one lab on both before the shared lab directory exists: create it on one node, then join it on the
// other with its kind, which re-creates it there under the same id (the path a share link takes after a restart).
import type { TestContext } from 'node:test';
import assert from 'node:assert/strict';
import type { LabInfo } from '../../src/contract/index.ts';
import type { Limits } from '../../server/config.ts';
import { ask, type TestSocket } from './demo-server.ts';
import { startDemoNode, type DemoNode } from './child-node.ts';
import { startRedis, type TestRedis } from './redis-server.ts';

export async function twoNodes(
  t: TestContext,
  limits: Partial<Limits> = {},
): Promise<{ redis: TestRedis; a: DemoNode; b: DemoNode }> {
  const redis = await startRedis();
  const started: DemoNode[] = [];
  t.after(async () => {
    for (const node of started) await node.stop();
    await redis.stop();
  });
  const [a, b] = await Promise.all([
    startDemoNode(redis.url, 'node-a', { prefix: 'test', limits }),
    startDemoNode(redis.url, 'node-b', { prefix: 'test', limits }),
  ]);
  started.push(a!, b!);
  return { redis, a: a!, b: b! };
}

/** A lab on node `first`, joined on node `second` too; resolves once a broadcast on one reaches the other. */
export async function labOnBoth(first: DemoNode, second: DemoNode, kind = 'missed-events') {
  const onFirst = await first.connect();
  const created = await ask<LabInfo>(onFirst, 'lab:create', { kind, name: 'Alice' });
  assert.ok(created.ok, JSON.stringify(created));
  const labId = created.data.labId;
  const onSecond = await second.connect();
  const joined = await ask<LabInfo>(onSecond, 'lab:join', { labId, name: 'Bob', kind });
  assert.ok(joined.ok, JSON.stringify(joined));
  await crossNodeReady(onFirst, onSecond);
  return { labId, onFirst, onSecond };
}

/**
 * The Streams adapter starts reading its stream asynchronously: until it has, a broadcast from the other node
 * is not seen. Sends a harmless lab broadcast (missed:configure with no change) until it crosses, both ways.
 */
export async function crossNodeReady(x: TestSocket, y: TestSocket): Promise<void> {
  for (const [from, to] of [
    [x, y],
    [y, x],
  ] as const) {
    let crossed = false;
    const seen = () => (crossed = true);
    to.on('missed:status' as never, seen as never);
    for (let i = 0; i < 50 && !crossed; i++) {
      await ask(from, 'missed:configure', {});
      await new Promise((r) => setTimeout(r, 100));
    }
    to.off('missed:status' as never, seen as never);
    assert.ok(crossed, 'a broadcast on one node reaches the other through Redis');
  }
}
