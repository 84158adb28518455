import { test, expect, axeViolations, connectWidget } from './fixtures.ts';

const HANDSHAKE = '[data-widget="ws-handshake"]';
const PVP = '[data-widget="polling-vs-push"]';
const PAGE = '/lessons/websockets/';

test('the handshake widget shows a 101 response whose Sec-WebSocket-Accept matches the page’s recomputation', async ({
  page,
}) => {
  await page.goto(PAGE);
  const widget = await connectWidget(page, HANDSHAKE);
  await expect(widget).toHaveAttribute('data-status-code', '101');
  await expect(widget).toHaveAttribute('data-accept-match', 'true');
  const sent = await widget.getAttribute('data-sent-accept');
  expect(sent).toMatch(/^[A-Za-z0-9+/]{27}=$/);
  expect(await widget.getAttribute('data-computed-accept')).toBe(sent);
  await expect(widget.locator('[data-response] li.start')).toHaveText('HTTP/1.1 101 Switching Protocols');
  await expect(widget.locator('[data-request] li[data-header="upgrade"]')).toContainText('Upgrade: websocket');
  await expect(widget.locator('[data-request] li[data-header="sec-websocket-version"]')).toContainText('13');
  await expect(widget.locator('[data-verdict]')).toContainText('✓ Matches');
});

test('editing the key breaks the match; a new WebSocket brings a new key that matches again', async ({ page }) => {
  await page.goto(PAGE);
  const widget = await connectWidget(page, HANDSHAKE);
  await expect(widget).toHaveAttribute('data-accept-match', 'true');
  const key = (await widget.getAttribute('data-key'))!;
  const input = widget.getByRole('textbox', { name: 'Sec-WebSocket-Key' });
  await input.fill((key[0] === 'A' ? 'B' : 'A') + key.slice(1));
  await expect(widget).toHaveAttribute('data-accept-match', 'false');
  await expect(widget.locator('[data-verdict]')).toContainText('✗ Does not match');
  await expect(page.locator('try-exercise[data-try="websockets-accept"] input[type=checkbox]')).toBeChecked();
  await widget.getByRole('button', { name: 'Use the real key' }).click();
  await expect(widget).toHaveAttribute('data-accept-match', 'true');
  await widget.getByRole('button', { name: 'Open a new WebSocket' }).click();
  await expect(widget).not.toHaveAttribute('data-key', key);
  await expect(widget).toHaveAttribute('data-accept-match', 'true');
  await expect(widget).toHaveAttribute('data-status-code', '101');
  await expect(widget.getByRole('button', { name: 'Open a new WebSocket' })).toBeFocused();
});

test('polling vs push: after several updates, short polling has made more HTTP requests than the WebSocket', async ({
  page,
}) => {
  test.slow(); // waits for real server updates, 0.6–2.5 s apart
  await page.goto(`${PAGE}?polling-vs-push.interval=250`);
  const widget = await connectWidget(page, PVP);
  await expect(widget.locator('select[data-interval]')).toHaveValue('250');
  const seen = async (m: string) => Number(await widget.getAttribute(`data-seen-${m}`));
  await expect.poll(() => seen('push'), { timeout: 20_000 }).toBeGreaterThanOrEqual(3);
  const requests = async (m: string) => Number(await widget.getAttribute(`data-requests-${m}`));
  expect(await requests('push')).toBe(1); // the one upgrade request
  expect(await requests('short')).toBeGreaterThan(await requests('push'));
  expect(await requests('short')).toBeGreaterThan(await requests('long'));
  // Every method delivers the same updates (polls may trail the push by a little).
  await expect.poll(() => seen('short'), { timeout: 5000 }).toBeGreaterThanOrEqual(3);
  await expect.poll(() => seen('long'), { timeout: 5000 }).toBeGreaterThanOrEqual(3);
  await expect(widget.locator('circle[data-method="push"]').first()).toBeVisible();
  await expect(widget.locator('rect.exchange[data-method="short"]').first()).toBeAttached();
  await expect(widget.locator('[data-cell="short-bytes"]')).not.toHaveText('0');
  await expect(widget.locator('[data-log] li[data-kind="push"]').first()).toContainText(
    'arrived without being asked for',
  );
});

test('pausing stops the polls but not the pushes', async ({ page }) => {
  test.slow();
  await page.goto(PAGE);
  const widget = await connectWidget(page, PVP);
  await expect.poll(async () => Number(await widget.getAttribute('data-requests-short'))).toBeGreaterThan(0);
  await widget.getByRole('button', { name: 'Pause polling' }).click();
  await expect(widget).toHaveAttribute('data-running', 'false');
  const shortAtPause = Number(await widget.getAttribute('data-requests-short'));
  const pushAtPause = Number(await widget.getAttribute('data-seen-push'));
  await expect
    .poll(async () => Number(await widget.getAttribute('data-seen-push')), { timeout: 15_000 })
    .toBeGreaterThan(pushAtPause + 1);
  // A poll in flight at the moment of pausing may still have been counted; none after it.
  expect(Number(await widget.getAttribute('data-requests-short'))).toBeLessThanOrEqual(shortAtPause + 1);
});

test('axe finds no violations on the websockets lesson, light and dark', async ({ page }) => {
  test.slow(); // two full axe runs on a long lesson page; slow when the machine is busy
  await page.goto(PAGE);
  await connectWidget(page, PVP);
  await connectWidget(page, HANDSHAKE);
  await expect(page.locator(HANDSHAKE)).toHaveAttribute('data-accept-match', 'true');
  // Paused, so the page holds still while axe reads it (pushes still arrive).
  await page.locator(PVP).getByRole('button', { name: 'Pause polling' }).click();
  await expect(page.locator(PVP)).toHaveAttribute('data-running', 'false');
  expect(await axeViolations(page)).toEqual([]);
  await page.getByRole('button', { name: 'Dark theme' }).click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  expect(await axeViolations(page), 'dark theme').toEqual([]);
});

test('"Poll harder" ticks once fast polling has been watched, not as soon as 250 ms is picked', async ({ page }) => {
  test.slow(); // waits for real server updates, 0.6–2.5 s apart
  await page.goto(PAGE);
  const widget = await connectWidget(page, PVP);
  const tick = page.locator('try-exercise[data-try="websockets-fast"] input[type=checkbox]');
  await widget.locator('select[data-interval]').selectOption('250');
  await expect(tick).not.toBeChecked();
  await expect(widget.locator('[data-log]')).toContainText('every 250 ms');
  expect(await tick.isChecked(), 'no tick for the setting alone').toBe(false);
  await expect(tick).toBeChecked({ timeout: 20_000 });
});

test.describe('polling vs push on a phone', () => {
  test.use({ viewport: { width: 390, height: 844 } });
  test('the "Empty answers" column stays visible', async ({ page }) => {
    await page.goto(PAGE);
    const widget = await connectWidget(page, PVP);
    await expect(widget.getByRole('columnheader', { name: 'Empty answers' })).toBeVisible();
    await expect(widget.locator('[data-cell="short-empty"]')).toBeVisible();
  });
});
