// The security lesson's four live panels, in real Chromium against the real server: a foreign Origin refused,
// tokens in the handshake (refused, accepted, expired, renewed), the rate limit and maxHttpBufferSize, and the
// learner's own packet as an observer sees it. Assertions read the data-* state the widgets expose.
import { test, expect, connectWidget, expectNoAxeViolationsInEitherTheme } from './fixtures.ts';

const PAGE = '/lessons/securing-connections/';
const tryBox = (id: string) => `try-exercise[data-try="${id}"] input[type=checkbox]`;

test('the server attacks itself as evil.example: refused on both transports; the page’s own origin gets in', async ({
  page,
}) => {
  await page.goto(PAGE);
  const widget = await connectWidget(page, '#security-origin');
  await widget.getByRole('button', { name: 'Attack the server as evil.example' }).click();
  await expect(widget).toHaveAttribute('data-probe', 'done');
  const evilPoll = widget.locator('tr[data-foreign="true"][data-transport="polling"]');
  await expect(evilPoll).toHaveAttribute('data-outcome', 'refused');
  await expect(evilPoll.locator('td.answer')).toContainText('HTTP 403');
  // Engine.IO's refusal shape ({"code":4,…}), whichever check refused it: the lab's allowRequest or a site-wide one.
  await expect(evilPoll.locator('td.answer')).toContainText('{"code":4');
  await expect(evilPoll.locator('td.cors')).toHaveText('none');
  const evilWs = widget.locator('tr[data-foreign="true"][data-transport="websocket"]');
  await expect(evilWs).toHaveAttribute('data-outcome', 'refused');
  await expect(evilWs.locator('td.answer')).toContainText('websocket error');
  await expect(widget.locator('tr[data-foreign="false"][data-outcome="accepted"]')).toHaveCount(2);
  await expect(page.locator(tryBox('securing-connections-origin'))).toBeChecked();
});

test('no token and a forged token are refused by the middleware with their own err.data.code', async ({ page }) => {
  await page.goto(PAGE);
  const widget = await connectWidget(page, '#security-auth');
  await widget.getByRole('button', { name: 'Connect without a token' }).click();
  await expect(widget).toHaveAttribute('data-last-code', 'missing-token');
  await expect(widget.locator('[data-attempts] li[data-code="missing-token"]')).toContainText(
    'No token in the handshake',
  );
  await widget.getByRole('button', { name: 'Connect with a forged token' }).click();
  await expect(widget).toHaveAttribute('data-last-code', 'bad-signature');
  await expect(widget).toHaveAttribute('data-private', 'refused');
  await expect(page.locator(tryBox('securing-connections-refused'))).toBeChecked();
});

test('an auth function survives expiry: the server disconnects, the page reconnects with a fresh token', async ({
  page,
}) => {
  await page.goto(PAGE);
  const widget = await connectWidget(page, '#security-auth');
  await widget.getByRole('spinbutton', { name: 'Token lifetime (s)' }).fill('2');
  await widget.getByRole('radio', { name: /auth: \(cb\)/ }).check();
  await widget.getByRole('button', { name: 'Log in and connect' }).click();
  await expect(widget).toHaveAttribute('data-private', 'connected');
  await expect(widget).toHaveAttribute('data-renewals', '1', { timeout: 8000 });
  await expect(widget).toHaveAttribute('data-expiries', '1');
  await expect(widget).toHaveAttribute('data-private', 'connected');
  await expect(widget).toHaveAttribute('data-tokens', '2');
  await expect(widget.locator('[data-log] li[data-kind="disconnect"]').first()).toContainText('io server disconnect');
  await expect(page.locator(tryBox('securing-connections-renew'))).toBeChecked();
});

test('a deep link sets a panel up, and changing a setting keeps the address bar in step', async ({ page }) => {
  await page.goto(`${PAGE}?security-auth.seconds=3&security-auth.strategy=function`);
  const widget = await connectWidget(page, '#security-auth');
  await expect(widget.getByRole('spinbutton', { name: 'Token lifetime (s)' })).toHaveValue('3');
  await expect(widget.getByRole('radio', { name: /auth: \(cb\)/ })).toBeChecked();
  await widget.getByRole('radio', { name: /auth: \{ token \}/ }).check();
  await expect(page).toHaveURL(/security-auth\.strategy=object/);
  await expect(widget.getByRole('button', { name: 'Copy link to this setup' })).toBeVisible();
});

test('an auth object resends the expired token, and the reconnection is refused', async ({ page }) => {
  await page.goto(PAGE);
  const widget = await connectWidget(page, '#security-auth');
  await widget.getByRole('spinbutton', { name: 'Token lifetime (s)' }).fill('2');
  await widget.getByRole('button', { name: 'Log in and connect' }).click();
  await expect(widget).toHaveAttribute('data-private', 'connected');
  await expect(widget).toHaveAttribute('data-last-code', 'expired-token', { timeout: 8000 });
  await expect(widget).toHaveAttribute('data-private', 'refused');
  await expect(widget).toHaveAttribute('data-tokens', '1');
  await expect(widget).toHaveAttribute('data-renewals', '0');
});

test.describe('limits', () => {
  // Chromium logs the server's real answer to the oversized polling POST: that 413 is the point of the test.
  test.use({ allowedConsoleErrors: [/status of 413 \(Payload Too Large\)/] });

  test('a burst past the bucket is rate-limited; an oversized message closes the connection on both transports', async ({
    page,
  }) => {
    await page.goto(PAGE);
    const widget = await connectWidget(page, '#security-limits');
    await expect(widget).toHaveAttribute('data-private', 'connected');
    await widget.getByRole('button', { name: 'Send the burst' }).click();
    await expect(widget).toHaveAttribute('data-burst-limited', /\d+/);
    const ok = Number(await widget.getAttribute('data-burst-ok'));
    const limited = Number(await widget.getAttribute('data-burst-limited'));
    // The bucket holds 10 and refills 5 a second: the few milliseconds the burst takes may refill one.
    expect(ok).toBeGreaterThanOrEqual(10);
    expect(ok).toBeLessThanOrEqual(11);
    expect(ok + limited).toBe(20);

    await widget.getByRole('button', { name: 'Send one message' }).click();
    await expect(widget).toHaveAttribute('data-size-result', 'closed');
    await expect(widget).toHaveAttribute('data-close-reason', 'transport close');
    await expect(page.locator(tryBox('securing-connections-limits'))).toBeChecked();
    await expect(widget).toHaveAttribute('data-private', 'connected');

    await widget.getByRole('radio', { name: 'HTTP long-polling' }).check();
    await widget.getByRole('button', { name: 'Send one message' }).click();
    await expect(widget).toHaveAttribute('data-transport', 'polling');
    await expect(widget).toHaveAttribute('data-size-result', 'closed');
    await expect(widget).toHaveAttribute('data-close-reason', 'transport error');

    await expect(widget).toHaveAttribute('data-private', 'connected');
    await widget.getByRole('spinbutton', { name: 'Message size (bytes)' }).fill('300');
    await widget.getByRole('button', { name: 'Send one message' }).click();
    await expect(widget).toHaveAttribute('data-size-result', 'echoed');
  });
});

test('the learner’s own packet: readable layer by layer with ws://, sealed above TCP with wss://', async ({ page }) => {
  await page.goto(PAGE);
  const widget = await connectWidget(page, '#security-wire');
  await expect(widget).toHaveAttribute('data-private', 'connected');
  await widget.getByRole('textbox', { name: 'Message' }).fill('meet me at noon');
  await widget.getByRole('button', { name: 'Send' }).click();
  await expect(widget).toHaveAttribute('data-packet-bytes', /\d+/);
  const bytes = Number(await widget.getAttribute('data-packet-bytes'));
  expect(bytes).toBe(Buffer.byteLength('42/private,1["security:echo",{"text":"meet me at noon"}]'));
  await expect(widget.locator('tr[data-layer="socketio"]')).toHaveAttribute('data-visible', 'all');
  await expect(widget.locator('tr[data-layer="socketio"] td.what')).toContainText('meet me at noon');
  await expect(widget.locator('tr[data-layer="engineio"]')).toHaveAttribute('data-bytes', String(bytes));
  await expect(widget.locator('tr[data-layer="tls"]')).toHaveCount(0);
  await expect(widget.locator('[data-log] li[data-kind="connect-packet"]')).toContainText('"token":"sp1.');

  await widget.getByRole('radio', { name: /wss:\/\// }).check();
  await expect(widget).toHaveAttribute('data-scheme', 'wss');
  await expect(widget.locator('tr[data-layer="socketio"]')).toHaveAttribute('data-visible', 'nothing');
  await expect(widget.locator('tr[data-layer="socketio"] td.what')).not.toContainText('meet me at noon');
  await expect(widget.locator('tr[data-layer="tls"]')).toHaveAttribute('data-visible', 'header');
  await expect(widget.locator('tr[data-layer="ip"]')).toHaveAttribute('data-visible', 'header');
  await expect(page.locator(tryBox('securing-connections-wire'))).toBeChecked();
});

test('axe finds no violations, light and dark, with every panel live and filled', async ({ page }) => {
  test.setTimeout(60_000);
  await page.goto(PAGE);
  const origin = await connectWidget(page, '#security-origin');
  await origin.getByRole('button', { name: 'Attack the server as evil.example' }).click();
  await expect(origin).toHaveAttribute('data-probe', 'done');
  const auth = await connectWidget(page, '#security-auth');
  await auth.getByRole('button', { name: 'Connect with a forged token' }).click();
  await expect(auth).toHaveAttribute('data-last-code', 'bad-signature');
  const wire = await connectWidget(page, '#security-wire');
  await expect(wire).toHaveAttribute('data-private', 'connected');
  await wire.getByRole('button', { name: 'Send' }).click();
  await expect(wire).toHaveAttribute('data-packet-bytes', /\d+/);
  const limits = await connectWidget(page, '#security-limits');
  await expect(limits).toHaveAttribute('data-private', 'connected');
  await expectNoAxeViolationsInEitherTheme(page);
});

test('no sideways scroll at 390 px', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(PAGE);
  const wire = await connectWidget(page, '#security-wire');
  await expect(wire).toHaveAttribute('data-private', 'connected');
  await wire.getByRole('button', { name: 'Send' }).click();
  await expect(wire).toHaveAttribute('data-packet-bytes', /\d+/);
  const origin = await connectWidget(page, '#security-origin');
  await origin.getByRole('button', { name: 'Attack the server as evil.example' }).click();
  await expect(origin).toHaveAttribute('data-probe', 'done');
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(390);
});
