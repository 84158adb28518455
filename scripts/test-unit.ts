// Runs one lane of the unit tests (`npm run test:unit` starts every lane side by side with run-parallel.ts).
// Starting a Node process and stripping the types of the server's modules costs about 0.6 s of CPU per test file,
// more than most files' tests, so files that only use in-process objects (pure logic, a demo server on port 0)
// share a process: `shared i/n` runs the i-th of n slices of them with --experimental-test-isolation=none.
// Files that start processes (redis-server, nginx, node children), read or set process.env, or listen to
// process events keep a process each: `isolated` runs those, several at a time.
// Usage: node scripts/test-unit.ts shared <i>/<n> | isolated [<concurrency>]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleChildren } from '../tests/helpers/child-bundles.ts';

const ROOT = 'tests/unit';

/**
 * What makes a file unsafe to share a process with others: it spawns or stops processes, touches process-wide
 * state, or uses a fixture that does. A file can also ask for its own process with a `test: own process` comment.
 */
const NEEDS_OWN_PROCESS = new RegExp(
  [
    ...['node:child_process', 'redis', 'nginx', 'two-nodes', 'child-node', 'child-stop', 'demo-node'],
    ...['process\\.env', 'process\\.on\\(', 'process\\.exit', 'test: own process'],
  ].join('|'),
);

function unitTestFiles(root = ROOT): string[] {
  return readdirSync(root, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.test.ts'))
    .map((f) => join(root, f))
    .sort();
}

function needsOwnProcess(source: string): boolean {
  return NEEDS_OWN_PROCESS.test(source);
}

/**
 * For every lane: a test stuck on a promise fails after 2 minutes (the slowest takes about 25 s) instead of holding
 * the run until CI gives up, and a file whose tests have all ended exits even if a child it started failed to be
 * cleaned up (a hook that failed half-way): its demo nodes exit when their stdin closes, its redis-servers are
 * killed on exit (tests/helpers/redis-server.ts).
 */
const COMMON = ['--test-timeout=120000', '--test-force-exit'];

function run(args: string[], files: string[], env: Record<string, string> = {}): number {
  if (files.length === 0) return 0;
  const result = spawnSync(process.execPath, [...args, ...COMMON, ...files], {
    stdio: 'inherit',
    env: { ...process.env, ...env },
  });
  return result.status ?? 1;
}

/** The isolated files start the server programs again and again: they run the bundles of them (child-bundles.ts). */
async function runWithBundles(args: string[], files: string[]): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'sp-child-bundles-'));
  try {
    return run(args, files, await bundleChildren(fileURLToPath(new URL('..', import.meta.url)), dir));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const [lane, param] = process.argv.slice(2);
const files = unitTestFiles();
const own = files.filter((f) => needsOwnProcess(readFileSync(f, 'utf8')));
const shared = files.filter((f) => !own.includes(f));

if (lane === 'shared' && param && /^\d+\/\d+$/.test(param)) {
  process.exit(run(['--test', '--experimental-test-isolation=none', `--test-shard=${param}`], shared));
} else if (lane === 'isolated') {
  process.exit(await runWithBundles(['--test', `--test-concurrency=${param ?? '4'}`], own));
} else {
  console.error('usage: node scripts/test-unit.ts shared <i>/<n> | isolated [<concurrency>]');
  process.exit(2);
}
