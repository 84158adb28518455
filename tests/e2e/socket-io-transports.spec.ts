import { test, expect, connectWidget, expectNoAxeViolationsInEitherTheme } from './fixtures.ts';
import type { Page } from '@playwright/test';

const WIDGET = '[data-widget="transport-inspector"]';
const PAGE = '/lessons/socket-io-transports/';

async function ackOver(page: Page, transport: string) {
  const widget = page.locator(WIDGET);
  const acks = widget.locator('[data-log] li[data-kind="ack"]');
  const before = await acks.count();
  await widget.getByRole('button', { name: 'Emit with ack' }).click();
  await expect(acks).toHaveCount(before + 1);
  await expect(acks.last()).toHaveAttribute('data-transport', transport);
}

test('with both transports the client handshakes over polling, probes, upgrades, then uses WebSocket frames', async ({
  page,
}) => {
  await page.goto(PAGE);
  const widget = await connectWidget(page, WIDGET);
  const rows = widget.locator('[data-rows] li');
  // The open packet came in a polling response.
  await expect(rows.filter({ has: page.locator('xpath=self::*[@data-engine-type="open"]') }).first()).toHaveAttribute(
    'data-carrier',
    'polling-get',
  );
  await expect(widget).toHaveAttribute('data-upgraded', 'true');
  await expect(
    widget.locator(
      '[data-rows] li[data-engine-type="ping"][data-probe="true"][data-dir="out"][data-carrier="websocket"]',
    ),
  ).toHaveCount(1);
  await expect(
    widget.locator(
      '[data-rows] li[data-engine-type="pong"][data-probe="true"][data-dir="in"][data-carrier="websocket"]',
    ),
  ).toHaveCount(1);
  const upgrade = widget.locator(
    '[data-rows] li[data-engine-type="upgrade"][data-dir="out"][data-carrier="websocket"]',
  );
  await expect(upgrade).toHaveCount(1);
  await expect(widget).toHaveAttribute('data-transport', 'websocket');
  await ackOver(page, 'websocket');
  // The EVENT and its ACK came after the upgrade row, in WebSocket frames.
  const upgradeSeq = Number(await upgrade.getAttribute('data-seq'));
  const event = widget.locator('[data-rows] li[data-socket-type="EVENT"][data-dir="out"]').last();
  const ack = widget.locator('[data-rows] li[data-socket-type="ACK"][data-dir="in"]').last();
  await expect(event).toHaveAttribute('data-carrier', 'websocket');
  await expect(ack).toHaveAttribute('data-carrier', 'websocket');
  expect(Number(await event.getAttribute('data-seq'))).toBeGreaterThan(upgradeSeq);
  await expect(event.locator('.raw')).toContainText('["transport:ask"');
  await expect(page.locator('try-exercise[data-try="transports-upgrade"] input[type=checkbox]')).toBeChecked();
});

test('polling only never upgrades; events and acks ride polling requests and responses', async ({ page }) => {
  await page.goto(`${PAGE}?transport-inspector.mode=polling&transport-inspector.block=0`);
  const widget = await connectWidget(page, WIDGET);
  await expect(widget).toHaveAttribute('data-mode', 'polling');
  await ackOver(page, 'polling');
  await widget.getByRole('button', { name: 'Send an event' }).click();
  await expect(widget.locator('[data-log] li[data-kind="echo"][data-transport="polling"]')).toHaveCount(1);
  await expect(widget.locator('[data-rows] li[data-socket-type="EVENT"][data-dir="out"]').last()).toHaveAttribute(
    'data-carrier',
    'polling-post',
  );
  await expect(widget.locator('[data-rows] li[data-socket-type="ACK"][data-dir="in"]').last()).toHaveAttribute(
    'data-carrier',
    'polling-get',
  );
  await expect(widget.locator('[data-rows] li[data-engine-type="upgrade"]')).toHaveCount(0);
  await expect(widget.locator('[data-rows] li[data-carrier="websocket"]')).toHaveCount(0);
  await expect(widget).toHaveAttribute('data-upgraded', 'false');
  await expect(widget).toHaveAttribute('data-transport', 'polling');
});

test.describe('with WebSocket blocked', () => {
  // Chromium logs the refused WebSocket handshake (HTTP 400) as a console error: that is the block working.
  test.use({ allowedConsoleErrors: [/WebSocket connection to .* failed/] });

  test('the probe fails, the client stays on polling and still delivers events', async ({ page }) => {
    await page.goto(PAGE);
    const widget = await connectWidget(page, WIDGET);
    await expect(widget).toHaveAttribute('data-upgraded', 'true');
    await widget.getByRole('checkbox', { name: /Block WebSocket/ }).check();
    await expect(page).toHaveURL(/transport-inspector\.block=1/);
    await expect(widget).toHaveAttribute('data-block', 'true');
    await expect(widget).toHaveAttribute('data-state', 'connected');
    await expect(widget).toHaveAttribute('data-upgrade-error', /probe error/);
    await expect(widget.locator('[data-rows] li[data-note="upgrade-error"]')).toHaveCount(1);
    await expect(widget.locator('[data-rows] li[data-engine-type="upgrade"]')).toHaveCount(0);
    await ackOver(page, 'polling');
    await widget.getByRole('button', { name: 'Send an event' }).click();
    await expect(widget.locator('[data-log] li[data-kind="echo"][data-transport="polling"]')).toHaveCount(1);
    await expect(widget).toHaveAttribute('data-transport', 'polling');
    await expect(page.locator('try-exercise[data-try="transports-fallback"] input[type=checkbox]')).toBeChecked();
  });

  test('WebSocket only cannot connect; WebSocket first with tryAllTransports falls back to polling', async ({
    page,
  }) => {
    await page.goto(`${PAGE}?transport-inspector.mode=websocket&transport-inspector.block=1`);
    const widget = page.locator(WIDGET);
    await widget.scrollIntoViewIfNeeded();
    await expect(widget).toHaveAttribute('data-state', 'partial');
    await expect(widget.locator('[data-status]')).toContainText('cannot connect');
    await widget.locator('input[name="mode"][value="websocket-first"]').check();
    await expect(widget).toHaveAttribute('data-state', 'connected');
    await expect(widget).toHaveAttribute('data-transport', 'polling');
    await ackOver(page, 'polling');
  });
});

test('axe finds no violations, light and dark', async ({ page }) => {
  test.setTimeout(60_000); // two full-page axe runs on a long lesson, on a shared 2-core machine
  await page.goto(PAGE);
  const widget = await connectWidget(page, WIDGET);
  await expect(widget).toHaveAttribute('data-upgraded', 'true');
  await expectNoAxeViolationsInEitherTheme(page);
});
