// The system programs the tests need, and the decision of what to do when one is missing. Pure (the file
// system and the environment are passed in), so tests/unit/system-deps.test.ts can check every branch.
// To add a program a new test needs (redis-server, nginx …), add one line to SYSTEM_PROGRAMS.

export interface SystemProgram {
  /** What the learner-facing sentence calls it. */
  name: string;
  /** Which tests need it. */
  neededBy: string;
  /** The Debian/Ubuntu package that provides it. */
  aptPackage: string;
  /** An environment variable that points at the binary, if the tests honour one. */
  envVar?: string;
  /** Names looked up on PATH (and absolute paths tried as they are). */
  commands: string[];
}

export const SYSTEM_PROGRAMS: readonly SystemProgram[] = [
  // playwright.config.ts launches CHROMIUM_PATH, else Chromium's headless shell (no browser downloads here): the
  // build Playwright itself runs headless tests in, without the full browser's UI and GPU processes, and
  // measured at 1.7x less time for the same tests as /usr/bin/chromium on 2 cores.
  {
    name: 'Chromium',
    neededBy: 'the end-to-end tests',
    aptPackage: 'chromium-headless-shell',
    envVar: 'CHROMIUM_PATH',
    commands: ['/usr/bin/chromium-headless-shell', 'chromium-headless-shell'],
  },
  // tests/helpers/redis-server.ts starts REDIS_SERVER_PATH, else redis-server from PATH, on a spare port.
  {
    name: 'Redis',
    neededBy: 'the scale-out tests',
    aptPackage: 'redis-server',
    envVar: 'REDIS_SERVER_PATH',
    commands: ['redis-server', '/usr/bin/redis-server'],
  },
  // The reference nginx configuration (deploy/) is tested with Debian's nginx in front of two nodes.
  {
    name: 'nginx',
    neededBy: 'the reverse-proxy test',
    aptPackage: 'nginx',
    envVar: 'NGINX_PATH',
    commands: ['nginx', '/usr/sbin/nginx'],
  },
];

export interface Host {
  env: Record<string, string | undefined>;
  isExecutable(path: string): boolean;
  /** True when running as root. */
  isRoot: boolean;
  /** The contents of /etc/os-release, or '' if there is none. */
  osRelease: string;
  hasAptGet: boolean;
}

export function isPresent(p: SystemProgram, host: Host): boolean {
  const fromEnv = p.envVar ? host.env[p.envVar] : undefined;
  if (fromEnv) return host.isExecutable(fromEnv);
  const dirs = (host.env.PATH ?? '').split(':').filter(Boolean);
  return p.commands.some((c) =>
    c.includes('/') ? host.isExecutable(c) : dirs.some((d) => host.isExecutable(`${d}/${c}`)),
  );
}

/** Debian, Ubuntu and their derivatives (ID or ID_LIKE in os-release). */
export function isDebianLike(osRelease: string): boolean {
  return /^(?:ID|ID_LIKE)=["']?[^\n]*\b(?:debian|ubuntu)\b/m.test(osRelease);
}

export type Plan =
  { action: 'none' } | { action: 'install'; packages: string[]; line: string } | { action: 'stop'; sentence: string };

export function plan(programs: readonly SystemProgram[], host: Host): Plan {
  // Installing a package cannot mend a variable that points nowhere.
  const broken = programs.find((p) => p.envVar && host.env[p.envVar] && !host.isExecutable(host.env[p.envVar]!));
  if (broken?.envVar) {
    const sentence = `${broken.envVar} is ${host.env[broken.envVar]}, which is not a program: point it at ${broken.name} or unset it.`;
    return { action: 'stop', sentence };
  }
  const missing = programs.filter((p) => !isPresent(p, host));
  if (!missing.length) return { action: 'none' };
  const packages = missing.map((p) => p.aptPackage);
  const what = missing.map((p) => `${p.name} (for ${p.neededBy})`).join(', ');
  if (host.isRoot && host.hasAptGet && isDebianLike(host.osRelease)) {
    return { action: 'install', packages, line: `Installing ${what} with apt-get: ${packages.join(' ')}…` };
  }
  const env = missing.flatMap((p) => (p.envVar ? [`or set ${p.envVar} to its binary`] : []));
  const how = `install it with \`sudo apt-get install -y ${packages.join(' ')}\` (or your system's package manager)`;
  return { action: 'stop', sentence: `The tests need ${what}, which is missing: ${[how, ...env].join(', ')}.` };
}
