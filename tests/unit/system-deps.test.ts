import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  isDebianLike,
  isPresent,
  plan,
  SYSTEM_PROGRAMS,
  type Host,
  type SystemProgram,
} from '../../scripts/system-deps.ts';

const DEBIAN = 'PRETTY_NAME="Debian GNU/Linux 13 (trixie)"\nID=debian\n';
const chromium = SYSTEM_PROGRAMS.find((p) => p.aptPackage === 'chromium-headless-shell')!;
const redis: SystemProgram = {
  name: 'Redis',
  neededBy: 'the scale-out tests',
  aptPackage: 'redis-server',
  commands: ['redis-server'],
};

function host(files: string[], over: Partial<Host> = {}): Host {
  return {
    env: { PATH: '/usr/local/bin:/usr/bin' },
    isExecutable: (p) => files.includes(p),
    isRoot: true,
    osRelease: DEBIAN,
    hasAptGet: true,
    ...over,
  };
}

test('Chromium is on the list the tests need', () => {
  assert.equal(chromium.envVar, 'CHROMIUM_PATH');
  assert.ok(chromium.commands.includes('/usr/bin/chromium-headless-shell'));
});

test('a program is found through its variable, a fixed path or PATH', () => {
  assert.ok(isPresent(chromium, host(['/usr/bin/chromium-headless-shell'])));
  assert.ok(isPresent(chromium, host(['/opt/c/chrome'], { env: { CHROMIUM_PATH: '/opt/c/chrome' } })));
  // A variable that points nowhere is an error, even if a default exists.
  assert.ok(
    !isPresent(
      chromium,
      host(['/usr/bin/chromium-headless-shell'], { env: { CHROMIUM_PATH: '/nope', PATH: '/usr/bin' } }),
    ),
  );
  assert.ok(isPresent(redis, host(['/usr/local/bin/redis-server'])));
  assert.ok(!isPresent(redis, host([])));
});

test('a variable that points nowhere stops the tests instead of installing', () => {
  const p = plan([chromium], host([], { env: { CHROMIUM_PATH: '/nope' } }));
  assert.deepEqual(p, {
    action: 'stop',
    sentence: 'CHROMIUM_PATH is /nope, which is not a program: point it at Chromium or unset it.',
  });
});

test('nothing to do when everything is there', () => {
  assert.deepEqual(plan([chromium], host(['/usr/bin/chromium-headless-shell'])), { action: 'none' });
});

test('as root on Debian or Ubuntu, installs all that is missing in one apt-get call, with one line', () => {
  const p = plan([chromium, redis], host([]));
  assert.equal(p.action, 'install');
  if (p.action !== 'install') return;
  assert.deepEqual(p.packages, ['chromium-headless-shell', 'redis-server']);
  assert.doesNotMatch(p.line, /\n/);
  assert.ok(isDebianLike('ID=ubuntu\nID_LIKE=debian\n') && isDebianLike('ID=linuxmint\nID_LIKE="ubuntu debian"\n'));
  assert.ok(!isDebianLike('ID=fedora\n'));
});

test('otherwise stops with one sentence saying how to install it', () => {
  for (const h of [
    host([], { isRoot: false }),
    host([], { osRelease: 'ID=fedora\n' }),
    host([], { hasAptGet: false }),
  ]) {
    const p = plan([chromium], h);
    assert.equal(p.action, 'stop');
    if (p.action !== 'stop') continue;
    assert.match(
      p.sentence,
      /^The tests need Chromium .*apt-get install -y chromium-headless-shell.*CHROMIUM_PATH.*\.$/,
    );
    assert.doesNotMatch(p.sentence, /\n/);
  }
});
