// A second demo server for a spec's "on Redis" block: its own redis-server and `node server/index.ts` with
// REDIS_URL on `port`, both bound to 127.0.0.1. Resolves once /healthz reports the Redis Streams adapter;
// the returned stop() ends both, pass or fail (call it from afterAll).
import { spawn } from 'node:child_process';
import { startRedis } from '../helpers/redis-server.ts';

export async function startRedisDemoServer(port: number): Promise<{ base: string; stop(): Promise<void> }> {
  const base = `http://127.0.0.1:${port}`;
  const redis = await startRedis();
  const server = spawn(process.execPath, ['server/index.ts'], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', REDIS_URL: redis.url },
    stdio: 'ignore',
  });
  const stop = async () => {
    if (server.exitCode === null) {
      const exited = new Promise((resolve) => server.once('exit', resolve));
      server.kill('SIGTERM');
      await exited;
    }
    await redis.stop();
  };
  for (let i = 0; i < 300; i++) {
    const health = await fetch(`${base}/healthz`).then(
      (r) => r.json() as Promise<{ adapter?: string }>,
      () => null,
    );
    if (health?.adapter === 'redis-streams') return { base, stop };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await stop();
  throw new Error(`the demo server with REDIS_URL did not answer on ${base}`);
}
