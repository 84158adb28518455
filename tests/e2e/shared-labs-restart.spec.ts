// A server restart under a share link: the pages come back into one lab, under the id their address shows.
// Playwright's webServer cannot restart, so this spec starts (and restarts) a demo server of its own.
import { spawn, type ChildProcess } from 'node:child_process';
import { test, expect, connectWidget } from './fixtures.ts';
import type { Page } from '@playwright/test';

// A spare port next to the suite's own, so parallel checkouts keep apart.
const PORT = Number(process.env.E2E_PORT ?? 4399) + 1;
const ORIGIN = `http://127.0.0.1:${PORT}`;

let server: ChildProcess | undefined;

async function startServer(): Promise<void> {
  server = spawn(process.execPath, ['server/index.ts'], {
    env: { ...process.env, PORT: String(PORT), HOST: '127.0.0.1' },
    stdio: 'ignore',
  });
  await expect
    .poll(async () => (await fetch(`${ORIGIN}/healthz`).catch(() => undefined))?.ok ?? false, { timeout: 20_000 })
    .toBe(true);
}

async function stopServer(): Promise<void> {
  const child = server;
  server = undefined;
  if (!child || child.exitCode !== null) return;
  await new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

test.describe.configure({ mode: 'serial' });
test.beforeEach(startServer);
test.afterEach(stopServer);
// Pages notice the restart as a lost connection and reconnect with backoff (up to 4 s between tries).
test.setTimeout(60_000);

const EMIT = '[data-widget="emit-sequence"]';
const NS = '[data-widget="namespaces"]';

async function restart(pages: Page[], widget: string) {
  await stopServer();
  for (const p of pages) await expect(p.locator(widget)).not.toHaveAttribute('data-state', 'connected');
  await startServer();
}

test('two pages on one emitting-events share link land in the same lab after a restart', async ({ browser }) => {
  const a = await (await browser.newContext()).newPage();
  await a.goto(`${ORIGIN}/lessons/emitting-events/`);
  const wa = await connectWidget(a, EMIT);
  const labId = (await wa.getAttribute('data-lab'))!;
  const b = await (await browser.newContext()).newPage();
  await b.goto((await wa.locator('[data-share-link]').getAttribute('href'))!);
  const wb = await connectWidget(b, EMIT);
  await expect(wb).toHaveAttribute('data-lab', labId);

  await restart([a, b], EMIT);
  for (const w of [wa, wb]) await expect(w).toHaveAttribute('data-state', 'connected', { timeout: 20_000 });
  await expect(wa).toHaveAttribute('data-lab', labId);
  await expect(wb).toHaveAttribute('data-lab', labId);
  expect(b.url()).toContain(labId);
  // Really one lab: a broadcast from b reaches a's clients.
  const widget = b.locator(EMIT);
  await widget.getByRole('radio', { name: 'Carol', exact: true }).check();
  await widget.locator('input[name="variant"][value="others"]').check();
  await widget.getByRole('textbox', { name: 'Message' }).fill('after the restart');
  await widget.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(wa.locator('[data-log]')).toContainText('received a message from Carol');
  for (const p of [a, b]) await p.context().close();
});

test('the namespaces widget comes back after a restart, its namespaces in the same lab', async ({ browser }) => {
  const a = await (await browser.newContext()).newPage();
  await a.goto(`${ORIGIN}/lessons/namespaces/`);
  const wa = await connectWidget(a, NS);
  const labId = (await wa.getAttribute('data-lab'))!;
  const b = await (await browser.newContext()).newPage();
  await b.goto((await wa.locator('[data-share-link]').getAttribute('href'))!);
  const wb = await connectWidget(b, NS);

  await restart([a, b], NS);
  for (const w of [wa, wb]) {
    await expect(w).toHaveAttribute('data-state', 'connected', { timeout: 20_000 });
    await expect(w).toHaveAttribute('data-lab', labId);
    await expect(w.getByRole('button', { name: 'Say on /lab-chat' })).toBeEnabled();
  }
  await wa.getByRole('textbox', { name: 'Text' }).fill('still here');
  await wa.getByRole('button', { name: 'Say on /lab-chat' }).click();
  // The lab hands out names again as the pages rejoin, in whatever order they come back.
  const nameA = (await wa.getAttribute('data-lab-name'))!;
  expect(nameA).not.toBe(await wb.getAttribute('data-lab-name'));
  await expect(wb.locator('[data-log] li[data-kind="chat-line"]')).toContainText(`${nameA} says “still here”.`);
  await expect(wa.locator('[data-log] li[data-kind="chat-line"]')).toContainText('You says “still here”.');
  for (const p of [a, b]) await p.context().close();
});
