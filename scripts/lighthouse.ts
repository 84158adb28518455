// `npm run lighthouse`: Lighthouse (mobile and desktop) on the home page and four lessons, against the real
// server on its own port, printed as a table of the four category scores. Not part of `npm test`: scores
// depend on the machine's load. Needs a build (`npm run build`) and Chromium (CHROME_PATH, else /usr/bin/chromium).
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const port = Number(process.env.LH_PORT ?? 4398);
const base = `http://127.0.0.1:${port}`;
const PAGES = [
  '/',
  '/lessons/emitting-events/',
  '/lessons/packets/',
  '/lessons/tcp-vs-udp/',
  '/lessons/missed-events/',
];
const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'] as const;
const pages = process.argv.slice(2).length ? process.argv.slice(2) : PAGES;

const server = spawn(process.execPath, ['server/index.ts'], {
  cwd: root,
  env: { ...process.env, PORT: String(port), HOST: '127.0.0.1' },
  stdio: ['ignore', 'ignore', 'inherit'],
});
server.on('exit', (code) => {
  if (code) process.exit(code);
});

async function ready(): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (
      await fetch(`${base}/healthz`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`The server did not answer on ${base}/healthz`);
}

function audit(path: string, desktop: boolean) {
  const args = [
    fileURLToPath(import.meta.resolve('lighthouse/cli/index.js')),
    base + path,
    '--chrome-flags=--headless --no-sandbox --disable-gpu --disable-dev-shm-usage',
    `--only-categories=${CATEGORIES.join(',')}`,
    '--output=json',
    '--quiet',
    ...(desktop ? ['--preset=desktop'] : []),
  ];
  const run = spawnSync(process.execPath, args, {
    env: { ...process.env, CHROME_PATH: process.env.CHROME_PATH ?? '/usr/bin/chromium' },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (run.status !== 0) throw new Error(`Lighthouse failed on ${path}: ${run.stderr.slice(-500)}`);
  const report = JSON.parse(run.stdout);
  const scores = CATEGORIES.map((c) => (report.categories[c].score as number).toFixed(2));
  const cls = report.audits['cumulative-layout-shift']?.numericValue as number | undefined;
  const failing = Object.values(
    report.audits as Record<string, { score: number | null; title: string; scoreDisplayMode: string }>,
  )
    .filter(
      (a) => a.score !== null && a.score < 1 && a.scoreDisplayMode !== 'informative' && a.scoreDisplayMode !== 'manual',
    )
    .map((a) => a.title);
  return { scores, cls, failing };
}

try {
  await ready();
  console.log('| page | form factor | performance | accessibility | best practices | SEO | CLS |');
  console.log('| --- | --- | --- | --- | --- | --- | --- |');
  const notes: string[] = [];
  for (const path of pages) {
    for (const desktop of [false, true]) {
      const { scores, cls, failing } = audit(path, desktop);
      const form = desktop ? 'desktop' : 'mobile';
      console.log(`| ${path} | ${form} | ${scores.join(' | ')} | ${cls?.toFixed(3) ?? '?'} |`);
      if (failing.length) notes.push(`${path} (${form}): ${failing.join('; ')}`);
    }
  }
  if (notes.length) console.log('\nAudits below 1:\n' + notes.map((n) => '- ' + n).join('\n'));
} finally {
  server.kill('SIGTERM');
}
