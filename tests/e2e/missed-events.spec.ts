// The missed-events lab in real Chromium against the real server: drops driven by the widget's own controls,
// assertions on the counters and attributes it exposes (never on sleeps).
import { test, expect, connectWidget, expectNoAxeViolationsInEitherTheme } from './fixtures.ts';
import type { Locator } from '@playwright/test';
import { lane, num, stopAndSettle } from './missed-lab.ts';

// A drop is the server closing a client's live transport. If the client was writing at that instant (a pong, a
// queued emit), Chromium logs this line for the write: the simulated outage itself, not a fault in our code.
test.use({ allowedConsoleErrors: [/WebSocket is already in CLOSING or CLOSED state/] });

const LAB = '#missed-lab';

async function dropBob(widget: Locator, seconds: string) {
  await widget.getByLabel('A drop lasts').selectOption(seconds);
  await lane(widget, 'Bob').getByRole('button', { name: 'Drop Bob' }).click();
  await expect(lane(widget, 'Bob')).toHaveAttribute('data-outages', '1');
  await expect(lane(widget, 'Bob')).toHaveAttribute('data-recovered-session', /true|false/, { timeout: 10_000 });
}

test('no strategy: Bob dropped for 3 s at 10 events/s misses about 30, exactly server sent − held', async ({
  page,
}) => {
  await page.goto('/lessons/missed-events/');
  const widget = await connectWidget(page, LAB);
  await expect(widget).toHaveAttribute('data-running', 'true');
  await expect(widget).toHaveAttribute('data-rate', '10');
  await expect.poll(async () => num(lane(widget, 'Bob'), 'received')).toBeGreaterThan(5);
  await dropBob(widget, '3');
  await expect(lane(widget, 'Bob')).toHaveAttribute('data-recovered-session', 'false');
  await expect(widget.locator('[data-log] li[data-kind="away"]').last()).toContainText('transport close');
  await expect(widget.locator('[data-log] li[data-kind="lane"]').last()).toContainText('Bob’s lane now', {
    timeout: 5_000,
  });

  const sent = await stopAndSettle(widget);
  const bob = lane(widget, 'Bob');
  const missed = await num(bob, 'missed');
  const unique = await num(bob, 'unique');
  expect(missed, 'about 3 s × 10 events/s').toBeGreaterThanOrEqual(20);
  expect(missed).toBeLessThanOrEqual(40);
  expect(missed).toBe(sent - (await firstSeq(bob)) + 1 - unique);
  await expect(bob).toHaveAttribute('data-matches', 'true');
  await expect(bob.locator('rect.cell[data-kind="missing"]')).toHaveCount(missed);
  await expect(bob.locator('[data-session]')).toContainText('socket.recovered = false');
  await expect(page.locator('try-exercise[data-try="missed-events-drop"] input[type=checkbox]')).toBeChecked();
});

/** The first number the lane accounts for (a client that joined late starts after #1). */
async function firstSeq(l: Locator) {
  return Number(await l.getAttribute('data-from'));
}

test('the lab loads its code only when scrolled into view; rate and strategy live in the URL', async ({ page }) => {
  const socketRequests: string[] = [];
  page.on('request', (r) => {
    if (r.url().includes('/socket.io/') || r.url().includes('/recovery.io/')) socketRequests.push(r.url());
  });
  await page.goto('/lessons/recovering-missed-events/?recovery-lab.rate=7&recovery-lab.strategy=offset');
  expect(socketRequests).toEqual([]);
  const widget = await connectWidget(page, '#recovery-lab');
  await expect(widget).toHaveAttribute('data-strategy', 'offset');
  await expect(widget).toHaveAttribute('data-rate', '7');
  await expect(widget.getByRole('radio', { name: /Replay by offset/ })).toBeChecked();
  await widget.getByLabel('Events a second').fill('12');
  await widget.getByLabel('Events a second').press('Enter');
  await widget.getByLabel('Events a second').blur();
  await expect(widget).toHaveAttribute('data-rate', '12');
  expect(page.url()).toContain('recovery-lab.rate=12');
});

test('a rate out of range is clamped to the nearest end, both ends alike, and the field shows the rate used', async ({
  page,
}) => {
  await page.goto('/lessons/missed-events/');
  const widget = await connectWidget(page, LAB);
  const rate = widget.getByLabel('Events a second');
  for (const [typed, used] of [
    ['0', '1'],
    ['-3', '1'],
    ['99', '20'],
    ['4', '4'],
  ] as const) {
    await rate.fill(typed);
    await rate.blur();
    await expect(rate).toHaveValue(used);
    await expect(widget).toHaveAttribute('data-rate', used);
  }
});

test('"server sent" is live: no lane ever shows fewer sent than it received', async ({ page }) => {
  await page.goto('/lessons/missed-events/');
  const widget = await connectWidget(page, LAB);
  await expect(widget).toHaveAttribute('data-running', 'true');
  const bob = lane(widget, 'Bob');
  for (let i = 0; i < 10; i++) {
    await expect.poll(async () => num(bob, 'received')).toBeGreaterThan(i * 3);
    // Read in one go: the counters of one render, not of two.
    const { sent, unique, from } = await bob.evaluate((el) => ({
      sent: Number(el.dataset.serverSent),
      unique: Number(el.dataset.unique),
      from: Number(el.dataset.from),
    }));
    expect(sent - from + 1).toBeGreaterThanOrEqual(unique);
  }
});

test('axe finds no violations on the lesson with the lab connected, light and dark', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto('/lessons/missed-events/');
  const widget = await connectWidget(page, LAB);
  await expect.poll(async () => num(lane(widget, 'Carol'), 'received')).toBeGreaterThan(3);
  await widget.getByRole('button', { name: 'Stop the stream' }).click(); // a still page for axe
  await expect(widget).toHaveAttribute('data-running', 'false');
  await expectNoAxeViolationsInEitherTheme(page);
});

test('a flaky link, driven from the keyboard, leaves several gaps that still add up to the server count', async ({
  page,
}) => {
  await page.goto('/lessons/missed-events/');
  const widget = await connectWidget(page, LAB);
  const carol = lane(widget, 'Carol');
  await expect.poll(async () => num(carol, 'received')).toBeGreaterThan(3);
  await carol.getByRole('button', { name: 'Flaky link for Carol' }).focus();
  await page.keyboard.press('Enter');
  await expect(carol).toHaveAttribute('data-outages', '4', { timeout: 15_000 });
  await expect(carol).toHaveAttribute('data-recovered-session', 'false', { timeout: 10_000 });
  await stopAndSettle(widget);
  await expect(carol).toHaveAttribute('data-matches', 'true');
  expect(await num(carol, 'missed')).toBeGreaterThan(0);
  await expect(widget.locator('[data-log] li[data-kind="away"][data-client="Carol"]')).toHaveCount(4);
});

test('a share link puts a second learner in the same lab and the same stream; the rate is the lab’s', async ({
  browser,
}) => {
  const a = await (await browser.newContext()).newPage();
  await a.goto('/lessons/missed-events/');
  const widgetA = await connectWidget(a, LAB);
  const labId = await widgetA.getAttribute('data-lab');
  const b = await (await browser.newContext()).newPage();
  await b.goto((await widgetA.locator('[data-share-link]').getAttribute('href'))!);
  const widgetB = await connectWidget(b, LAB);
  await expect(widgetB).toHaveAttribute('data-lab', labId!);
  await expect.poll(async () => num(lane(widgetB, 'Alice'), 'received')).toBeGreaterThan(3);
  await widgetA.getByLabel('Events a second').fill('4');
  await widgetA.getByLabel('Events a second').blur();
  await expect(widgetB).toHaveAttribute('data-rate', '4');
  for (const p of [a, b]) await p.context().close();
});
