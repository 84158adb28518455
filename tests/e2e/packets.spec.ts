import { test, expect, connectWidget, expectNoAxeViolationsInEitherTheme } from './fixtures.ts';
import type { Page } from '@playwright/test';

const STACK = '[data-widget="down-the-stack"]';
const DISSECTOR = '[data-widget="packet-dissector"]';

async function emit(page: Page, text: string) {
  const widget = await connectWidget(page, STACK);
  await expect(widget).toHaveAttribute('data-sends', '1'); // the first "hello" goes out by itself
  await widget.getByRole('textbox', { name: 'Message' }).fill(text);
  await widget.getByRole('button', { name: 'Emit it' }).click();
  await expect(widget).toHaveAttribute('data-sends', '2');
  return widget;
}

test('down the stack: your own text in the Socket.IO layer, your real port and a correct TCP checksum', async ({
  page,
}) => {
  await page.goto('/lessons/packets/');
  const widget = await emit(page, 'my own words 42');
  await expect(widget).toHaveAttribute('data-verified', 'true');
  await expect(widget).toHaveAttribute('data-layer', 'socketio');
  await expect(widget.locator('[data-unit-text]')).toContainText('"stack:echo",{"text":"my own words 42"}');
  await expect(widget.locator('[data-log] li[data-kind="received"]').last()).toContainText('my own words 42');

  for (let i = 0; i < 3; i++) await widget.getByRole('button', { name: 'Next →' }).click();
  await expect(widget).toHaveAttribute('data-layer', 'tcp');
  const checksum = widget.locator('[data-fields] li[data-layer="tcp"][data-field="Checksum"]');
  await expect(checksum).toHaveAttribute('data-status', 'ok');
  await expect(checksum).toContainText('correct');
  // The source port in the bytes is the port the server saw for this very connection.
  const port = await widget.getAttribute('data-client-port');
  await expect(widget.locator('[data-fields] li[data-field="Source port"] code')).toHaveText(new RegExp(`^${port}\\b`));
  // What user space cannot see is marked illustrative, in the list and on the wrap diagram.
  await expect(
    widget.locator('[data-fields] li[data-field="Sequence number"][data-illustrative="true"]'),
  ).toContainText('illustrative');
  await expect(widget.locator('[data-box="tcp"] > .hdr .tag-ill')).toContainText('Sequence number');
  await expect(widget.locator('[data-notes]')).toContainText('illustrative');
  // The test server is on this machine: the widget says plainly that loopback has no Ethernet.
  await expect(widget).toHaveAttribute('data-loopback', 'true');
  await expect(widget.locator('[data-notes]')).toContainText('no Ethernet here at all');
  await expect(widget.locator('[data-box="ethernet"] > .hdr')).toContainText('none over loopback');
});

test('down the stack: fields and bytes highlight each other, by pointer and by keyboard', async ({ page }) => {
  await page.goto('/lessons/packets/');
  const widget = await emit(page, 'hi');
  for (let i = 0; i < 4; i++) await widget.getByRole('button', { name: 'Next →' }).click();
  await expect(widget).toHaveAttribute('data-layer', 'ipv4');
  await widget.locator('[data-fields] li[data-field="Header checksum"] button').hover();
  await expect(widget.locator('[data-hex] .hex-byte.hl')).toHaveCount(2);
  await expect(widget.locator('[data-hex] .hex-byte[data-byte="10"]')).toHaveClass(/hl/);
  // Focus the first byte, move right with the keyboard: the Version/IHL byte, then the DSCP/ECN byte.
  await page.mouse.move(0, 0); // the keyboard alone from here: no pointer resting on a field
  await widget.locator('[data-hex] .hex-byte[data-byte="0"]').focus();
  await expect(widget.locator('[data-fields] li[data-field="Version"] button')).toHaveClass(/hl/);
  await page.keyboard.press('ArrowRight');
  await expect(widget.locator('[data-hex] .hex-byte[data-byte="1"]')).toBeFocused();
  await expect(widget.locator('[data-fields] li[data-field="DSCP"] button')).toHaveClass(/hl/);
  await expect(widget.locator('[data-point]')).toContainText('byte 1');
  // Focusing a field (Tab order) lights its bytes too.
  await widget.locator('[data-fields] li[data-field="Source address"] button').focus();
  await expect(widget.locator('[data-hex] .hex-byte.hl')).toHaveCount(4);
});

test('down the stack: walk down and back up with Next; the exercise ticks', async ({ page }) => {
  await page.goto('/lessons/packets/');
  const widget = await emit(page, 'walk');
  const next = widget.getByRole('button', { name: 'Next →' });
  for (let i = 0; i < 10; i++) await next.click();
  await expect(widget).toHaveAttribute('data-stage', '10');
  await expect(widget).toHaveAttribute('data-direction', 'up');
  await expect(next).toBeDisabled();
  await expect(widget.locator('[data-log] li[data-kind="step"]').last()).toContainText(
    'handing the Socket.IO packet up',
  );
  await expect(page.locator('try-exercise[data-try="packets-down"] input[type=checkbox]')).toBeChecked();
});

test('dissector: every sample decodes with its checksums correct', async ({ page }) => {
  await page.goto('/lessons/packets/');
  const d = page.locator(DISSECTOR);
  await d.scrollIntoViewIfNeeded();
  await expect(d).toHaveAttribute('data-ready', 'true');
  for (const id of ['tcp-syn', 'dns-query', 'http-get', 'websocket-emit', 'ipv4-fragment']) {
    await d.getByLabel('Sample').selectOption(id);
    await expect(d).toHaveAttribute('data-source', id);
    await expect(d).toHaveAttribute('data-state', 'ok');
    await expect(d.locator('[data-errors]')).toHaveAttribute('data-count', '0');
    const ok = d.locator('[data-checksums] li[data-verdict="ok"]');
    await expect(ok.first()).toContainText('correct');
    await expect(d.locator('[data-checksums] li[data-verdict="bad"]')).toHaveCount(0);
    // Only the fragment's UDP checksum cannot be checked from one fragment.
    await expect(d.locator('[data-checksums] li[data-verdict="unverifiable"]')).toHaveCount(
      id === 'ipv4-fragment' ? 1 : 0,
    );
  }
});

test('dissector: flipping a TCP byte makes the TCP checksum wrong, and the URL keeps it', async ({ page }) => {
  await page.goto('/lessons/packets/');
  const d = page.locator(DISSECTOR);
  await d.scrollIntoViewIfNeeded();
  await expect(d).toHaveAttribute('data-ready', 'true');
  await d.locator('[role=treeitem][data-layer-index="2"] > .tree-head').click(); // open TCP
  await d.locator('[role=treeitem][data-field]', { hasText: 'Source port' }).click();
  await expect(d.getByRole('button', { name: 'Flip the last bit of byte 34' })).toBeVisible();
  await d.getByRole('button', { name: 'Flip the last bit of byte 34' }).click();
  await expect(d).toHaveAttribute('data-flips', '34');
  await expect(d.locator('[data-checksums] li[data-checksum="tcp"]')).toHaveAttribute('data-verdict', 'bad');
  await expect(d.locator('[data-checksums] li[data-checksum="tcp"]')).toContainText('wrong');
  await expect(d.locator('[data-checksums] li[data-checksum="ipv4"]')).toHaveAttribute('data-verdict', 'ok');
  await expect(page.locator('try-exercise[data-try="packets-flip"] input[type=checkbox]')).toBeChecked();
  expect(page.url()).toContain('dissector.flip=34');
  await page.reload();
  await d.scrollIntoViewIfNeeded();
  await expect(d.locator('[data-checksums] li[data-checksum="tcp"]')).toHaveAttribute('data-verdict', 'bad');
  await d.getByRole('button', { name: 'Undo flips' }).click();
  await expect(d.locator('[data-checksums] li[data-checksum="tcp"]')).toHaveAttribute('data-verdict', 'ok');
});

test('dissector: truncated and garbage input get precise messages, and the page keeps working', async ({ page }) => {
  await page.goto('/lessons/packets/');
  const d = page.locator(DISSECTOR);
  await d.scrollIntoViewIfNeeded();
  await expect(d).toHaveAttribute('data-ready', 'true');
  await d.getByText('Paste your own bytes').click();
  const box = d.getByRole('textbox', { name: 'Hex bytes' });
  await box.fill('02 00 00 00 00 01 02 00 00 00 00 0a 08 00 45 00 00 3c 1c 46');
  await d.getByRole('button', { name: 'Dissect' }).click();
  await expect(d).toHaveAttribute('data-state', 'partial');
  await expect(d.locator('[data-errors]')).toContainText('byte 14: the IPv4 header needs 20 bytes, only 6 remain');
  expect(page.url()).toContain('dissector.hex=');
  await box.fill('45 00 zz');
  await d.getByRole('button', { name: 'Dissect' }).click();
  await expect(d).toHaveAttribute('data-state', 'error');
  await expect(d.locator('[data-errors]')).toContainText(
    'character 7 (line 1, column 7): expected a hex digit (0-9, a-f) or a space, found "z"',
  );
  await d.getByLabel('Sample').selectOption('dns-query');
  await expect(d).toHaveAttribute('data-state', 'ok');
});

test('dissector: tree and hex highlight each other, by pointer and by keyboard', async ({ page }) => {
  await page.goto('/lessons/packets/?dissector.sample=dns-query');
  const d = page.locator(DISSECTOR);
  await d.scrollIntoViewIfNeeded();
  await expect(d).toHaveAttribute('data-source', 'dns-query');
  // Keyboard in the tree: first layer, open it, step into its fields.
  await d.locator('[role=treeitem][data-layer-index="0"]').focus();
  await page.keyboard.press('ArrowRight');
  await expect(d.locator('[role=treeitem][data-layer-index="0"]')).toHaveAttribute('aria-expanded', 'true');
  await page.keyboard.press('ArrowRight');
  await expect(d.locator('[role=treeitem][data-field="0"]')).toBeFocused();
  await expect(d.locator('[data-details]')).toContainText('Destination MAC');
  await expect(d.locator('[data-hex] .hex-byte.hl')).toHaveCount(6);
  // Pointer on a byte of the UDP header lights its field in the tree.
  await d.locator('[role=treeitem][data-layer-index="2"] > .tree-head').click();
  await d.locator('[data-hex] .hex-byte[data-byte="36"]').hover();
  await expect(d.locator('[role=treeitem].hl')).toContainText('Destination port');
  await expect(d.locator('[data-hex] .hex-byte.hl')).toHaveCount(2);
  // Focus on a byte does the same, and Enter selects its field.
  await d.locator('[data-hex] .hex-byte[data-byte="36"]').focus();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await expect(d.locator('[data-details]')).toContainText('Length');
  await page.keyboard.press('Enter');
  await expect(d.locator('[role=treeitem][aria-selected="true"]')).toContainText('Length');
});

test('axe finds no violations on the packets lesson with both widgets, light and dark', async ({ page }) => {
  test.setTimeout(180_000); // two full axe runs over a long page with hundreds of byte cells
  await page.goto('/lessons/packets/');
  const widget = await connectWidget(page, STACK);
  await expect(widget).toHaveAttribute('data-sends', '1');
  const d = page.locator(DISSECTOR);
  await d.scrollIntoViewIfNeeded();
  await expect(d).toHaveAttribute('data-ready', 'true');
  await d.locator('[role=treeitem][data-layer-index="1"] > .tree-head').click();
  await expectNoAxeViolationsInEitherTheme(page);
});

test('down the stack under reduced motion: no autoplay, a static step-through with Next and Previous', async ({
  page,
}) => {
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await page.goto('/lessons/packets/');
  const widget = await connectWidget(page, STACK);
  await expect(widget).toHaveAttribute('data-sends', '1');
  await expect(widget.getByRole('button', { name: 'Play' })).toBeDisabled();
  await widget.getByRole('button', { name: 'Next →' }).focus();
  await page.keyboard.press('Enter');
  await page.keyboard.press('Enter');
  await expect(widget).toHaveAttribute('data-layer', 'websocket');
  await expect(widget.locator('[data-box="websocket"]')).toHaveAttribute('data-entering', 'false');
  await widget.getByRole('button', { name: '← Previous' }).click();
  await expect(widget).toHaveAttribute('data-layer', 'engineio');
  await expect(widget.locator('[data-box="websocket"]')).toHaveAttribute('data-on', 'false');
});

test('dissector: a click on a byte targets that byte, not its field’s first byte', async ({ page }) => {
  await page.goto('/lessons/packets/');
  const d = page.locator(DISSECTOR);
  await d.scrollIntoViewIfNeeded();
  await expect(d).toHaveAttribute('data-ready', 'true');
  await d.locator('[data-hex] .hex-byte[data-byte="19"]').click();
  await expect(d.getByRole('button', { name: 'Flip the last bit of byte 19' })).toBeVisible();
  await d.getByRole('button', { name: 'Flip the last bit of byte 19' }).click();
  await expect(d).toHaveAttribute('data-flips', '19');
});

test('dissector: pasted tcpdump -X output with its summary line parses', async ({ page }) => {
  await page.goto('/lessons/packets/');
  const d = page.locator(DISSECTOR);
  await d.scrollIntoViewIfNeeded();
  await expect(d).toHaveAttribute('data-ready', 'true');
  await d.getByText('Paste your own bytes').click();
  const dump = [
    '12:34:56.789012 IP 10.0.0.1.50000 > 10.0.0.2.80: Flags [SU], seq 1, win 64240, urg 3, length 0',
    '\t0x0000:  4500 0028 0001 0000 4006 66cd 0a00 0001  E..(....@.f.....',
    '\t0x0010:  0a00 0002 c350 0050 0000 0001 0000 0000  .....P.P........',
    '\t0x0020:  5022 faf0 0000 0003                      P"......',
  ].join('\n');
  await d.getByRole('textbox', { name: 'Hex bytes' }).fill(dump);
  await d.getByRole('button', { name: 'Dissect' }).click();
  await expect(d.locator('[data-errors]')).not.toContainText('found');
  await expect(d.locator('[data-hex] .hex-byte')).toHaveCount(40);
});

test.describe('dissector on a phone', () => {
  test.use({ viewport: { width: 390, height: 844 } });
  test('the ASCII column of the hex pane is not cut off', async ({ page }) => {
    await page.goto('/lessons/packets/');
    const d = page.locator(DISSECTOR);
    await d.scrollIntoViewIfNeeded();
    await expect(d).toHaveAttribute('data-ready', 'true');
    const fits = await d.locator('[data-hex] .hex-grid').evaluate((g) => g.scrollWidth <= g.clientWidth);
    expect(fits, 'hex and ASCII fit the pane without scrolling').toBe(true);
  });
});
