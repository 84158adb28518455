import { test, expect, axeViolations, connectWidget } from './fixtures.ts';
import type { Page } from '@playwright/test';

const WIDGET = '[data-widget="ack-lab"]';
const PAGE = '/lessons/acknowledgements/';

async function emitJob(page: Page) {
  const widget = page.locator(WIDGET);
  const before = await widget.getAttribute('data-last-ref');
  await widget.getByRole('button', { name: 'Emit with ack' }).click();
  await expect.poll(() => widget.getAttribute('data-last-ref')).not.toBe(before);
  const ref = (await widget.getAttribute('data-last-ref'))!;
  return widget.locator(`tr[data-ref="${ref}"]`);
}

test('a delay shorter than the timeout is acknowledged, and its round trip is charted', async ({ page }) => {
  await page.goto(`${PAGE}?ack-lab.delay=100&ack-lab.timeout=2000`);
  const widget = await connectWidget(page, WIDGET);
  await expect(widget.getByRole('spinbutton', { name: 'Server delay (ms)' })).toHaveValue('100');
  const row = await emitJob(page);
  await expect(row).toHaveAttribute('data-outcome', 'ok');
  await expect(row).toHaveAttribute('data-runs', '1');
  await expect(row).toHaveAttribute('data-late', '0');
  await expect(widget.locator('g.mark[data-kind="ok"]')).toHaveCount(1);
  await expect(widget.locator('[data-log] li[data-kind="settled"]').last()).toContainText('acknowledged after');
});

test('a delay longer than the timeout times out, the server still runs, and the late ACK is seen', async ({ page }) => {
  await page.goto(PAGE);
  const widget = await connectWidget(page, WIDGET);
  await widget.getByRole('spinbutton', { name: 'Server delay (ms)' }).fill('700');
  await widget.getByRole('spinbutton', { name: 'Client timeout (ms)' }).fill('200');
  await widget.getByRole('spinbutton', { name: 'Client timeout (ms)' }).press('Tab');
  await expect(page).toHaveURL(/ack-lab\.timeout=200/);
  const row = await emitJob(page);
  await expect(row).toHaveAttribute('data-outcome', 'timeout');
  await expect(row).toHaveAttribute('data-runs', '1');
  await expect(row).toHaveAttribute('data-late', '1');
  await expect(widget.locator('g.mark[data-kind="timeout"]')).toHaveCount(1);
  await expect(widget.locator('g.mark[data-kind="late"]')).toHaveCount(1);
  await expect(widget.locator('[data-log] li[data-kind="late"]')).toContainText('dropped it');
  await expect(page.locator('try-exercise[data-try="acks-timeout"] input[type=checkbox]')).toBeChecked();
});

test('retries with a slow first run: the handler runs twice on the server and the retry is accepted', async ({
  page,
}) => {
  // A 1 s ackTimeout: the fast second run must answer within it even when the machine is busy, or a third run starts.
  await page.goto(
    `${PAGE}?ack-lab.mode=retries&ack-lab.retries=2&ack-lab.timeout=1000&ack-lab.delay=2500&ack-lab.slow=first`,
  );
  const widget = await connectWidget(page, WIDGET);
  await expect(widget.getByRole('radio', { name: /retries, ackTimeout/ })).toBeChecked();
  const row = await emitJob(page);
  await expect(row).toHaveAttribute('data-outcome', 'ok');
  await expect(row).toHaveAttribute('data-runs', '2');
  await expect(row).toHaveAttribute('data-attempts', '2');
  await expect(row).toContainText('duplicate');
  await expect(row).toHaveAttribute('data-late', '1'); // the first run's ACK, after the retry was accepted
  await expect(widget.locator('[data-log] li[data-kind="handled"][data-run="2"]')).toHaveCount(1);
  await expect(page.locator('try-exercise[data-try="acks-duplicate"] input[type=checkbox]')).toBeChecked();
});

test('retries that all time out fail after retries + 1 tries, each one a real handler run', async ({ page }) => {
  await page.goto(
    `${PAGE}?ack-lab.mode=retries&ack-lab.retries=1&ack-lab.timeout=200&ack-lab.delay=400&ack-lab.slow=all`,
  );
  await connectWidget(page, WIDGET);
  const row = await emitJob(page);
  await expect(row).toHaveAttribute('data-outcome', 'timeout');
  await expect(row).toHaveAttribute('data-attempts', '2');
  await expect(row).toHaveAttribute('data-runs', '2');
});

test('axe finds no violations, light and dark', async ({ page }) => {
  test.setTimeout(60_000); // two full-page axe runs on a long lesson, on a shared 2-core machine
  await page.goto(`${PAGE}?ack-lab.delay=50&ack-lab.timeout=1000`);
  const widget = await connectWidget(page, WIDGET);
  const row = await emitJob(page);
  await expect(row).toHaveAttribute('data-outcome', 'ok');
  expect(await axeViolations(page)).toEqual([]);
  await page.getByRole('button', { name: 'Dark theme' }).click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  expect(await axeViolations(page), 'dark theme').toEqual([]);
  void widget;
});

test('ack lab: an out-of-range value is clamped where the learner can see it', async ({ page }) => {
  await page.goto(PAGE);
  const widget = await connectWidget(page, WIDGET);
  const timeout = widget.getByRole('spinbutton', { name: 'Client timeout (ms)' });
  await timeout.fill('50');
  await timeout.blur();
  await expect(timeout).toHaveValue('100');
  await expect(widget.locator('[data-log] li[data-kind="clamped"]')).toContainText('using 100');
  const delay = widget.getByRole('spinbutton', { name: 'Server delay (ms)' });
  await delay.fill('20000');
  await delay.blur();
  await expect(delay).toHaveValue('10000');
});

test('ack lab: the last timed-out dot does not cover the "timeout" label', async ({ page }) => {
  // Reduced motion: the dots are drawn where they end up, so the boxes are measured at rest, not mid-transition.
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await page.goto(`${PAGE}?ack-lab.delay=600&ack-lab.timeout=200`);
  const widget = await connectWidget(page, WIDGET);
  // Three jobs, so the last one sits at the right end of the chart, under where the label is drawn.
  for (let i = 0; i < 3; i++) await widget.getByRole('button', { name: 'Emit with ack' }).click();
  await expect(widget.locator('.ack-chart g.mark.timeout')).toHaveCount(3, { timeout: 10_000 });
  const dot = widget.locator('.ack-chart g.mark.timeout circle').last();
  const label = await widget.locator('.ack-chart .limit-label').boundingBox();
  const box = await dot.boundingBox();
  const overlap =
    label &&
    box &&
    box.x < label.x + label.width &&
    box.x + box.width > label.x &&
    box.y < label.y + label.height &&
    box.y + box.height > label.y;
  expect(overlap, 'dot and label overlap').toBeFalsy();
});
