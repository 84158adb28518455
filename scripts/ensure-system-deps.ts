// Run first by `npm test`: makes sure the system programs the tests need are installed, as Playwright's
// `install --with-deps` would. As root on Debian/Ubuntu it installs what is missing (one line of output);
// otherwise it stops with one sentence saying how. The list lives in scripts/system-deps.ts.
import { accessSync, constants, readFileSync, existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { plan, SYSTEM_PROGRAMS, type Host } from './system-deps.ts';

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

const host: Host = {
  env: process.env,
  isExecutable,
  isRoot: process.getuid?.() === 0,
  osRelease: existsSync('/etc/os-release') ? readFileSync('/etc/os-release', 'utf8') : '',
  hasAptGet: isExecutable('/usr/bin/apt-get'),
};

function apt(args: string[]): void {
  const r = spawnSync('apt-get', args, {
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    encoding: 'utf8',
  });
  if (r.status !== 0) {
    const tail = `${r.stderr ?? ''}${r.error?.message ?? ''}`.trim().split('\n').slice(-5).join('\n');
    console.error(`apt-get ${args.join(' ')} failed:\n${tail}`);
    process.exit(1);
  }
}

const next = plan(SYSTEM_PROGRAMS, host);
if (next.action === 'install') {
  console.log(next.line);
  apt(['update', '-qq']);
  apt(['install', '-y', '-qq', '--no-install-recommends', ...next.packages]);
} else if (next.action === 'stop') {
  console.error(next.sentence);
  process.exit(1);
}
