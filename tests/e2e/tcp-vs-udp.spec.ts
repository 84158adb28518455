import { test, expect, axeViolations, connectWidget } from './fixtures.ts';
import type { Locator, Page } from '@playwright/test';

const WIDGET = '[data-widget="tcp-udp-sim"]';
const LESSON = '/lessons/tcp-vs-udp/';
const run = (params: Record<string, string | number>) =>
  `${LESSON}?${Object.entries(params)
    .map(([k, v]) => `tcp-udp-sim.${k}=${v}`)
    .join('&')}#tcp-udp-sim`;
const DROP3 = { seed: 42, loss: 0, latency: 50, jitter: 10, window: 4, messages: 12, drop: 3 };

async function open(page: Page, url: string): Promise<Locator> {
  await page.goto(url);
  return connectWidget(page, WIDGET);
}

/** Everything the widget shows that depends on (settings, t): counters, strips, time, diagram reveal. */
async function visibleState(widget: Locator) {
  return {
    t: await widget.getAttribute('data-t'),
    run: await widget.getAttribute('data-run'),
    counters: await widget.locator('[data-counter]').allTextContents(),
    strips: await widget
      .locator('[data-strip] li')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-state')).join('')),
    held: await widget.getAttribute('data-tcp-held'),
    missing: await widget.getAttribute('data-udp-missing'),
    time: await widget.locator('[data-out="t"]').textContent(),
    // The diagram too: which packets are drawn, and how far each has travelled.
    drawn: await widget.locator('g.pkt').evaluateAll((els) =>
      els
        .filter((e) => (e as SVGGElement).style.display !== 'none')
        .map(
          (e) =>
            `${e.getAttribute('data-proto')}:${e.getAttribute('data-kind')}:${e.querySelector('line')?.getAttribute('y2')}`,
        )
        .join('|'),
    ),
  };
}

test('a link restores the exact run: two separate loads show the same counters and moment', async ({ browser }) => {
  const url = run({ seed: 7, loss: 0.2, latency: 40, jitter: 30, window: 5, messages: 30, t: 1234.5 });
  const a = await (await browser.newContext()).newPage();
  const b = await (await browser.newContext()).newPage();
  const first = await visibleState(await open(a, url));
  const second = await visibleState(await open(b, url));
  expect(second).toEqual(first);
  expect(first.t).toBe('1234.5');
  expect(first.run).toBe('seed=7&loss=0.2&latency=40&jitter=30&window=5&messages=30');
  const widget = a.locator(WIDGET);
  await expect(widget.getByLabel('Seed')).toHaveValue('7');
  await expect(widget.locator('[data-out="loss"]')).toHaveText('20%');
  await expect(widget.locator('[data-counter="tcp-delivered"]')).toHaveText('30 of 30');
  await expect(widget.locator('[data-status]')).toHaveText('Simulation: seeded and repeatable');
  for (const p of [a, b]) await p.context().close();
});

test('with no loss both protocols deliver every message', async ({ page }) => {
  const widget = await open(page, run({ seed: 3, loss: 0, jitter: 0, messages: 25 }));
  await widget.getByRole('button', { name: 'Jump to the end' }).click();
  await expect(widget).toHaveAttribute('data-t', (await widget.getAttribute('data-end'))!);
  for (const proto of ['tcp', 'udp']) {
    await expect(widget.locator(`[data-counter="${proto}-delivered"]`)).toHaveText('25 of 25');
    await expect(widget.locator(`[data-counter="${proto}-lost"]`)).toHaveText('0');
    await expect(widget).toHaveAttribute(`data-${proto}-delivered`, '25');
    await expect(widget.locator(`[data-app="${proto}"] [data-strip] li[data-state="received"]`)).toHaveCount(25);
  }
  await expect(widget.locator('[data-counter="tcp-retransmitted"]')).toHaveText('0');
});

test('stepping forward then back returns to exactly the same state', async ({ page }) => {
  const widget = await open(page, run(DROP3));
  const forward = widget.getByRole('button', { name: 'Step forward' });
  for (let i = 0; i < 12; i++) await forward.click();
  const before = await visibleState(widget);
  await forward.click();
  expect((await visibleState(widget)).t).not.toBe(before.t);
  await widget.getByRole('button', { name: 'Step back' }).click();
  expect(await visibleState(widget)).toEqual(before);
  await expect(widget.locator('[data-log] li[data-kind="summary"]').last()).toContainText('Back to t=');
  // Rewind goes to 0 and the URL drops t again.
  await widget.getByRole('button', { name: 'Rewind to the start' }).click();
  await expect(widget).toHaveAttribute('data-t', '0');
  expect(new URL(page.url()).searchParams.get('tcp-udp-sim.t')).toBeNull();
});

test('a dropped message: TCP retransmits and holds later messages (head-of-line); UDP shows a gap', async ({
  page,
}) => {
  const widget = await open(page, run(DROP3));
  const forward = widget.getByRole('button', { name: 'Step forward' });
  // Step until TCP's receive buffer holds messages behind the hole (bounded: the run has ~60 moments).
  for (let i = 0; i < 80 && !(await widget.getAttribute('data-tcp-held')); i++) await forward.click();
  await expect(widget).toHaveAttribute('data-tcp-held', /^4(,5)?(,6)?$/);
  await expect(widget.locator('[data-app="tcp"] [data-strip] li[data-msg="4"]')).toHaveAttribute('data-state', 'held');
  await expect(widget.locator('[data-app="tcp"] [data-strip] li[data-msg="3"]')).toHaveAttribute(
    'data-state',
    'pending',
  );
  await expect(widget.locator('[data-log] li[data-kind="held"]').first()).toContainText('waits in the receive buffer');
  // The exercise that waits for head-of-line blocking ticked itself.
  await expect(page.locator('try-exercise[data-try="tcp-vs-udp-drop"] input[type=checkbox]')).toBeChecked();
  // UDP finished long ago, with message 3 missing for good.
  await expect(widget).toHaveAttribute('data-udp-missing', '3');
  await expect(widget.locator('[data-app="udp"] [data-strip] li[data-msg="3"]')).toHaveAttribute(
    'data-state',
    'missing',
  );
  await expect(widget.locator('[data-log] li[data-kind="lost"][data-proto="udp"]')).toContainText('datagram 3 lost');

  for (let i = 0; i < 40 && (await widget.locator('[data-log] li[data-kind="fast-retransmit"]').count()) === 0; i++)
    await forward.click();
  await expect(widget.locator('[data-log] li[data-kind="fast-retransmit"]')).toContainText(
    '3rd duplicate ACK for 3 → fast retransmit of segment 3',
  );
  await expect(widget.locator('g.pkt[data-proto="tcp"][data-retransmit="true"][data-seq="3"]')).toHaveCount(1);
  await forward.click(); // the retransmission arrives: the hole fills and the buffer empties
  await expect(widget).toHaveAttribute('data-tcp-held', '');
  await expect(widget.locator('[data-log] li[data-kind="released"]')).toContainText(
    'TCP app receives messages 3–6 at once',
  );
  await expect(widget.locator('[data-counter="tcp-retransmitted"]')).toHaveText('1');
  await expect(widget.locator('[data-counter="udp-delivered"]')).toHaveText('11 of 12');
});

test('controls work from the keyboard and keep the URL in step', async ({ page }) => {
  const widget = await open(page, run({ ...DROP3, drop: 0 }));
  await widget.getByRole('slider', { name: /Loss/ }).focus();
  await page.keyboard.press('ArrowRight');
  await expect(widget.locator('[data-out="loss"]')).toHaveText('1%');
  await expect(widget).toHaveAttribute('data-run', /loss=0\.01/);
  expect(new URL(page.url()).searchParams.get('tcp-udp-sim.loss')).toBe('0.01');
  await expect(widget.locator('[data-log] li[data-kind="settings"]').last()).toContainText('Loss set');

  const seed = await widget.getByLabel('Seed').inputValue();
  await widget.getByRole('button', { name: 'New seed' }).focus();
  await page.keyboard.press('Enter');
  await expect(widget.getByLabel('Seed')).not.toHaveValue(seed);
  expect(new URL(page.url()).searchParams.get('tcp-udp-sim.seed')).toBe(await widget.getByLabel('Seed').inputValue());

  // What starts at t = 0 is told on load; each Step then tells the next moment.
  await expect(widget.locator('[data-log] li[data-kind="send"]').first()).toContainText('t=0 ms: TCP client sends SYN');
  await widget.getByRole('button', { name: 'Step forward' }).focus();
  await page.keyboard.press('Enter');
  await expect(widget.locator('[data-log] li[data-kind="send"]').last()).toContainText(
    't=2 ms: UDP client sends datagram 2',
  );
  await expect(widget.getByRole('link', { name: 'Link to this exact run' })).toHaveAttribute(
    'href',
    /tcp-udp-sim\.seed=/,
  );

  // Shortcuts on the focused timeline: → steps, ← steps back, End jumps to the end.
  const t = await widget.getAttribute('data-t');
  await widget.getByRole('region', { name: /Timeline of both runs/ }).focus();
  await page.keyboard.press('ArrowRight');
  await expect(widget).not.toHaveAttribute('data-t', t!);
  await page.keyboard.press('ArrowLeft');
  await expect(widget).toHaveAttribute('data-t', t!);
  await page.keyboard.press('End');
  await expect(widget).toHaveAttribute('data-t', (await widget.getAttribute('data-end'))!);
});

test('Play runs to the end and stops; it needs no demo server', async ({ page }) => {
  const socketRequests: string[] = [];
  page.on('request', (r) => {
    if (r.url().includes('/socket.io/')) socketRequests.push(r.url());
  });
  const widget = await open(page, run({ seed: 1, loss: 0.1, messages: 10 }));
  await widget.getByRole('combobox', { name: 'Speed' }).selectOption('250'); // about 3 s for this run
  await widget.getByRole('button', { name: 'Play' }).click();
  await expect(widget).toHaveAttribute('data-playing', 'true');
  await expect(widget.getByRole('button', { name: 'Pause' })).toHaveAttribute('aria-pressed', 'true');
  await expect(widget).toHaveAttribute('data-playing', 'false', { timeout: 15_000 });
  await expect(widget).toHaveAttribute('data-t', (await widget.getAttribute('data-end'))!);
  await expect(widget.locator('[data-log] li[data-kind="end"]')).toContainText('End of the run');
  expect(socketRequests).toEqual([]);
});

test('with reduced motion, Play jumps from event to event and can be paused', async ({ page }) => {
  await page.emulateMedia({ reducedMotion: 'reduce' });
  const widget = await open(page, run(DROP3));
  const play = widget.locator('[data-action="play"]'); // its name flips between Play and Pause
  await play.click();
  await expect(widget).not.toHaveAttribute('data-t', '0');
  await play.click();
  await expect(widget).toHaveAttribute('data-playing', 'false');
  const t = Number(await widget.getAttribute('data-t'));
  // Paused on an event time: one step back and one forward come back to it.
  await widget.getByRole('button', { name: 'Step back' }).click();
  await widget.getByRole('button', { name: 'Step forward' }).click();
  await expect(widget).toHaveAttribute('data-t', String(t));
});

test('axe finds no violations on the lesson, light and dark', async ({ page }) => {
  test.setTimeout(90_000); // two full-page axe runs over a long lesson on a shared 2-core machine
  const widget = await open(page, run({ ...DROP3, t: 335.68475401587784 }));
  await expect(widget).toHaveAttribute('data-tcp-held', '4,5,6');
  expect(await axeViolations(page)).toEqual([]);
  await page.getByRole('button', { name: 'Dark theme' }).click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  expect(await axeViolations(page), 'dark theme').toEqual([]);
});

test('clamped inputs show the value the run uses: seed 3.7, drop −5, window 999', async ({ page }) => {
  const widget = await open(page, run({ ...DROP3, window: 999 }));
  await expect(widget.locator('input[name="window"]')).toHaveValue('16');
  await expect(widget).toHaveAttribute('data-run', /window=16/);
  await expect(widget.locator('[data-out="window"]')).toContainText('16');
  const seed = widget.locator('input[name="seed"]');
  await seed.fill('3.7');
  await seed.press('Enter');
  await seed.blur();
  await expect(seed).toHaveValue('4');
  await expect(widget).toHaveAttribute('data-run', /seed=4/);
  const drop = widget.locator('input[name="drop"]');
  await drop.fill('-5');
  await drop.blur();
  await expect(drop).toHaveValue('0');
});

test('at loss 1, UDP’s completion says nothing arrived', async ({ page }) => {
  const widget = await open(page, run({ ...DROP3, loss: 1 }));
  await expect(widget.locator('[data-counter="udp-completion"]')).toHaveText('nothing arrived');
});
