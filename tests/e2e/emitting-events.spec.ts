import { test, expect, axeViolations, connectWidget } from './fixtures.ts';
import type { Page } from '@playwright/test';

const WIDGET = '[data-widget="emit-sequence"]';

async function send(page: Page, sender: string, variant: string, text: string) {
  const widget = page.locator(WIDGET);
  await widget.getByRole('radio', { name: sender, exact: true }).check();
  await widget.locator(`input[name="variant"][value="${variant}"]`).check();
  await widget.getByRole('textbox', { name: 'Message' }).fill(text);
  await widget.getByRole('button', { name: 'Send', exact: true }).click();
  return widget.getAttribute('data-last-ref');
}

/** Names of the clients that have a server → client arrow for this send, once the exchange is complete. */
async function recipientsOf(page: Page, ref: string) {
  const widget = page.locator(WIDGET);
  await expect(widget).toHaveAttribute('data-last-complete', ref);
  return (
    await widget
      .locator(`g.hop[data-kind="down"][data-ref="${ref}"]`)
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-to')))
  ).sort();
}

test('the widget loads its code only when scrolled into view, then connects three clients', async ({ page }) => {
  const socketRequests: string[] = [];
  page.on('request', (r) => {
    if (r.url().includes('/socket.io/')) socketRequests.push(r.url());
  });
  await page.goto('/lessons/emitting-events/');
  await expect(page.locator(WIDGET)).toHaveAttribute('data-state', 'idle');
  expect(socketRequests).toEqual([]);
  const widget = await connectWidget(page, WIDGET);
  await expect(widget.locator('[data-clients] li[data-status="connected"]')).toHaveCount(3);
  expect(socketRequests.length).toBeGreaterThan(0);
});

test('"everyone but the sender" from Alice reaches Bob and Carol, not Alice', async ({ page }) => {
  await page.goto('/lessons/emitting-events/');
  await connectWidget(page, WIDGET);
  const ref = (await send(page, 'Alice', 'others', 'hi all'))!;
  expect(await recipientsOf(page, ref)).toEqual(['Bob', 'Carol']);
  const widget = page.locator(WIDGET);
  await expect(widget.locator(`g.hop[data-kind="up"][data-ref="${ref}"][data-from="Alice"]`)).toHaveCount(1);
  await expect(widget.locator(`g.hop[data-kind="ack"][data-ref="${ref}"][data-to="Alice"]`)).toHaveCount(1);
  await expect(widget.locator('[data-log] li[data-kind="down"]').last()).toContainText('received “hi all” from Alice');
  // The exercise that waits for this ticks itself.
  await expect(page.locator('try-exercise[data-try="emitting-events-broadcast"] input[type=checkbox]')).toBeChecked();
});

test('each variant reaches exactly who Socket.IO says', async ({ page }) => {
  await page.goto('/lessons/emitting-events/');
  await connectWidget(page, WIDGET);
  const expected: Record<string, string[]> = {
    server: [],
    reply: ['Bob'],
    all: ['Alice', 'Bob', 'Carol'],
    others: ['Alice', 'Carol'],
  };
  for (const [variant, names] of Object.entries(expected)) {
    const ref = (await send(page, 'Bob', variant, `v-${variant}`))!;
    expect(await recipientsOf(page, ref), variant).toEqual(names);
  }
});

test('a malformed payload is refused with an error and the widget stays usable', async ({ page }) => {
  await page.goto('/lessons/emitting-events/');
  const widget = await connectWidget(page, WIDGET);
  await widget.getByRole('button', { name: 'Send a malformed event' }).click();
  await expect(widget.locator('g.hop[data-kind="refused"]')).toHaveCount(1);
  // The refused attempt is drawn too: an arrow up to the server, then the refusal back.
  await expect(widget.locator('g.hop[data-kind="up"][data-from="Alice"]')).toHaveCount(1);
  await expect(widget.locator('g.hop[data-kind="up"] text.label')).toContainText('malformed');
  await expect(widget.locator('[data-log] li[data-tone="bad"]').last()).toContainText('refused');
  await expect(widget.locator('[data-log] li[data-tone="bad"]').last()).toContainText('variant');
  const ref = (await send(page, 'Alice', 'all', 'still fine'))!;
  expect(await recipientsOf(page, ref)).toEqual(['Alice', 'Bob', 'Carol']);
});

test('text from learners is shown as text, never run as HTML', async ({ page }) => {
  let dialogs = 0;
  page.on('dialog', (d) => {
    dialogs++;
    void d.dismiss();
  });
  await page.goto('/lessons/emitting-events/');
  const widget = await connectWidget(page, WIDGET);
  const ref = (await send(page, 'Alice', 'others', '<img src=x onerror=alert(1)>'))!;
  await recipientsOf(page, ref);
  await expect(widget.locator('[data-log] li[data-kind="down"]').last()).toContainText('<img src=x onerror=alert(1)>');
  await expect(widget.locator('[data-log] img')).toHaveCount(0);
  expect(dialogs).toBe(0);
});

test('the widget works from the keyboard alone', async ({ page }) => {
  await page.goto('/lessons/emitting-events/');
  const widget = await connectWidget(page, WIDGET);
  await widget.getByRole('radio', { name: 'Alice', exact: true }).focus();
  await page.keyboard.press('ArrowRight'); // radios: arrow keys move the choice → Bob
  await expect(widget.getByRole('radio', { name: 'Bob', exact: true })).toBeChecked();
  await widget.getByRole('textbox', { name: 'Message' }).focus();
  await page.keyboard.press('End');
  await page.keyboard.type(' by keys');
  await page.keyboard.press('Enter');
  await expect(widget.locator('[data-log] li[data-kind="emit"]').last()).toContainText('Bob emitted “hello by keys”');
});

test('two learners in different labs never see each other; sharing a lab link joins them', async ({ browser }) => {
  const a = await (await browser.newContext()).newPage();
  const b = await (await browser.newContext()).newPage();
  await a.goto('/lessons/emitting-events/');
  await b.goto('/lessons/emitting-events/');
  await connectWidget(a, WIDGET);
  await connectWidget(b, WIDGET);
  const labA = await a.locator(WIDGET).getAttribute('data-lab');
  expect(labA).not.toEqual(await b.locator(WIDGET).getAttribute('data-lab'));

  const ref = (await send(a, 'Alice', 'all', 'only lab A'))!;
  await recipientsOf(a, ref);
  // B's own emit round-trips, so anything from A would have reached B by now.
  const refB = (await send(b, 'Alice', 'server', 'probe'))!;
  await expect(b.locator(WIDGET)).toHaveAttribute('data-last-complete', refB);
  await expect(b.locator(`${WIDGET} [data-log]`)).not.toContainText('only lab A');

  // A third learner opens A's share link and lands in A's lab.
  const c = await (await browser.newContext()).newPage();
  await c.goto((await a.locator(`${WIDGET} [data-share-link]`).getAttribute('href')) ?? '');
  const widgetC = await connectWidget(c, WIDGET);
  await expect(widgetC).toHaveAttribute('data-lab', labA!);
  await send(a, 'Alice', 'all', 'hello lab A');
  await expect(widgetC.locator('[data-log]')).toContainText('received a message from Alice');
  for (const p of [a, b, c]) await p.context().close();
});

test('axe finds no violations on the lesson with its widget connected', async ({ page }) => {
  test.setTimeout(90_000); // two full-page axe runs on a long lesson, on a shared 2-core machine
  await page.goto('/lessons/emitting-events/');
  await connectWidget(page, WIDGET);
  await send(page, 'Alice', 'others', 'for axe');
  await expect(page.locator(WIDGET).locator('g.hop[data-kind="down"]')).toHaveCount(2);
  expect(await axeViolations(page)).toEqual([]);
  await page.getByRole('button', { name: 'Dark theme' }).click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  expect(await axeViolations(page), 'dark theme').toEqual([]);
});

test('a blank message is not sent as a made-up word: the widget says so and keeps focus on the field', async ({
  page,
}) => {
  await page.goto('/lessons/emitting-events/');
  const widget = await connectWidget(page, WIDGET);
  const message = widget.getByRole('textbox', { name: 'Message' });
  await message.fill('   ');
  await widget.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(widget.locator('[data-log] li[data-kind="blank"]')).toContainText('Nothing sent');
  await expect(message).toHaveAttribute('aria-invalid', 'true');
  await expect(message).toBeFocused();
  await expect(widget.locator('g.hop')).toHaveCount(0);
  await expect(widget.locator('[data-log]')).not.toContainText('hello');
});

test.describe('emit sequence on a phone', () => {
  test.use({ viewport: { width: 390, height: 844 } });
  test('every lane’s name box sits inside the diagram, clear of the edges', async ({ page }) => {
    await page.goto('/lessons/emitting-events/');
    const widget = await connectWidget(page, WIDGET);
    const svg = widget.locator('svg').first();
    await expect(svg.locator('g.lane rect').first()).toBeVisible();
    const edges = await svg.evaluate((s) => {
      const box = s.getBoundingClientRect();
      return [...s.querySelectorAll('g.lane rect')].map((r) => {
        const b = r.getBoundingClientRect();
        return { left: b.left - box.left, right: box.right - b.right };
      });
    });
    expect(edges.length).toBeGreaterThanOrEqual(3);
    for (const e of edges) expect(Math.min(e.left, e.right), 'gap to the edge').toBeGreaterThanOrEqual(2);
  });
});
