// One demo-server node in a process of its own, for tests that need several nodes on one Redis and need to kill
// one for real. Configured by environment (REDIS_URL, SP_NODE_ID, TEST_PREFIX, TEST_LIMITS as JSON); listens on
// 127.0.0.1, port 0, and prints "ready <port>" once it accepts connections. SIGKILL is how a test makes it die.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createDemoServer } from '../../server/app.ts';
import { silentLogger } from '../../server/log.ts';
import { connectRedis } from '../../server/scale/redis.ts';
import { redisScale } from '../../server/scale/context.ts';

const redis = await connectRedis(process.env.REDIS_URL!, silentLogger);
const scale = redisScale(redis, process.env.SP_NODE_ID, process.env.TEST_PREFIX ?? 'test');
const http = createServer((req, res) => {
  if (!demo.http(req, res)) res.writeHead(404).end();
});
const demo = createDemoServer(http, {
  logger: silentLogger,
  scale,
  limits: JSON.parse(process.env.TEST_LIMITS ?? '{}'),
});
http.listen(0, '127.0.0.1', () => {
  process.stdout.write(`ready ${(http.address() as AddressInfo).port}\n`);
});
// The parent going away (even killed) closes stdin: never outlive it.
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
