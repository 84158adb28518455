// One demo node in its own process, for cross-node tests (started by child-node.ts): the demo server (no site)
// on 127.0.0.1, port 0, with the Redis Streams adapter and the shared lab directory on REDIS_URL. Configured by
// environment: SP_NODE_ID, SP_REDIS_PREFIX, SP_* limits, TEST_LIMITS (JSON, on top). Prints "listening <url>"
// once it listens. SIGTERM closes it cleanly; SIGKILL is how a test makes it die; the parent going away (even
// killed) closes stdin, and the node exits then too.
// SP_TEST_LOCAL_LABS=1 keeps the adapter but takes Redis out of the labs' reach: the labs as they were before
// they were shared, so a test can show that its cross-node check fails without the directory.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createDemoServer } from '../../server/app.ts';
import { limitsFromEnv } from '../../server/config.ts';
import { silentLogger } from '../../server/log.ts';
import { connectRedis } from '../../server/scale/redis.ts';
import { redisScale } from '../../server/scale/context.ts';

// Where start-up got to, on stderr: a test that gives up waiting for "listening" shows it (child-output.ts).
const stage = (what: string) => process.stderr.write(`${new Date().toISOString()} ${what}\n`);
stage(`connecting to ${process.env.REDIS_URL}`);
const conn = await connectRedis(process.env.REDIS_URL!, silentLogger);
stage('redis ready');
const scale = redisScale(conn, process.env.SP_NODE_ID, process.env.SP_REDIS_PREFIX);
const http = createServer((req, res) => {
  if (!demo.http(req, res)) res.writeHead(404).end();
});
const demo = createDemoServer(http, {
  logger: silentLogger,
  limits: { ...limitsFromEnv(), ...JSON.parse(process.env.TEST_LIMITS ?? '{}') },
  scale: process.env.SP_TEST_LOCAL_LABS === '1' ? { ...scale, redis: undefined } : scale,
});
await demo.labs.shared?.ready;
stage('shared labs ready');
http.listen(0, '127.0.0.1', () => {
  process.stdout.write(`listening http://127.0.0.1:${(http.address() as AddressInfo).port}\n`);
});
process.on('SIGTERM', () => {
  void demo
    .close()
    .then(() => conn.close())
    .finally(() => process.exit(0));
});
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
