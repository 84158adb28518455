// Builds the site (and its search index) when dist/ is missing or older than its sources: `npm start` and
// `npm run start:cluster` both call it before serving, so a fresh checkout needs one command.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const SOURCES = ['src', 'content', 'astro.config.mjs', 'package.json', 'public'];

function newest(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let max = stat.mtimeMs;
  for (const entry of readdirSync(path)) max = Math.max(max, newest(join(path, entry)));
  return max;
}

/** Rebuilds when stale; on a failed build it says so and exits with the build's status. */
export function buildSiteIfStale(): void {
  const builtAt = existsSync(join(root, 'dist/index.html')) ? statSync(join(root, 'dist/index.html')).mtimeMs : 0;
  const sourcesAt = Math.max(...SOURCES.map((s) => newest(join(root, s))));
  // A build without its search index (one that failed half-way) counts as stale too.
  const indexed = existsSync(join(root, 'dist/pagefind/pagefind.js'));
  if (builtAt >= sourcesAt && indexed) return;

  process.stdout.write(
    builtAt ? 'Sources changed since the last build: rebuilding the site…\n' : 'Building the site (first run)…\n',
  );
  // The same step as `npm run build` (the build writes the search index too, see src/integrations/).
  const steps = [[join(root, 'node_modules/astro/bin/astro.mjs'), 'build']];
  for (const args of steps) {
    const result = spawnSync(process.execPath, args, {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' },
    });
    if (result.status !== 0) {
      process.stderr.write('The site did not build; see the errors above.\n');
      process.exit(result.status ?? 1);
    }
  }
}
