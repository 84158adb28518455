// Shared labs, tried as a class would: two (or more) pages in separate browser contexts on one share link.
import { test, expect, connectWidget } from './fixtures.ts';
import type { Browser, Page } from '@playwright/test';

const EMIT = '[data-widget="emit-sequence"]';
const NS = '[data-widget="namespaces"]';
const MISSED = '#missed-lab';

async function newPage(browser: Browser): Promise<Page> {
  return (await browser.newContext()).newPage();
}

/** Page a opens the lesson; page b opens a's share link; both connected to the same lab. */
async function sharedPair(browser: Browser, path: string, widget: string) {
  const a = await newPage(browser);
  await a.goto(path);
  const wa = await connectWidget(a, widget);
  const labId = (await wa.getAttribute('data-lab'))!;
  const b = await newPage(browser);
  await b.goto((await wa.locator('[data-share-link]').getAttribute('href'))!);
  const wb = await connectWidget(b, widget);
  await expect(wb).toHaveAttribute('data-lab', labId);
  return {
    a,
    b,
    wa,
    wb,
    labId,
    close: async () => {
      for (const p of [a, b]) await p.context().close();
    },
  };
}

async function send(page: Page, sender: string, variant: string, text: string) {
  const widget = page.locator(EMIT);
  await widget.getByRole('radio', { name: sender, exact: true }).check();
  await widget.locator(`input[name="variant"][value="${variant}"]`).check();
  await widget.getByRole('textbox', { name: 'Message' }).fill(text);
  await widget.getByRole('button', { name: 'Send', exact: true }).click();
  return (await widget.getAttribute('data-last-ref'))!;
}

test('a page on a share link completes its broadcast, ticking "Predict, then broadcast"', async ({ browser }) => {
  const { b, wa, wb, close } = await sharedPair(browser, '/lessons/emitting-events/', EMIT);
  const ref = await send(b, 'Alice', 'others', 'from the joiner');
  // The other page's clients get it too; this page completes on its own Bob and Carol plus the receipt.
  await expect(wa.locator('[data-log]')).toContainText('received a message from Alice 2');
  await expect(wb).toHaveAttribute('data-last-complete', ref);
  await expect(wb.locator(`g.hop[data-kind="down"][data-ref="${ref}"]`)).toHaveCount(2);
  await expect(b.locator('try-exercise[data-try="emitting-events-broadcast"] input[type=checkbox]')).toBeChecked();
  await close();
});

test('another page’s message with the same ref as one of this page’s is still drawn', async ({ browser }) => {
  const { b, wa, close } = await sharedPair(browser, '/lessons/emitting-events/', EMIT);
  const mine = await send(wa.page(), 'Alice', 'all', 'first from a');
  await expect(wa).toHaveAttribute('data-last-complete', mine);
  // b's first send is numbered like a's first one.
  expect(await send(b, 'Bob', 'others', 'first from b')).toBe(mine);
  // It reaches a's Alice, Bob and Carol, drawn as arrivals from b's Bob ("Bob 2").
  const theirs = wa.locator('g.hop[data-kind="down"][data-ref^="ext-"]');
  await expect(theirs).toHaveCount(3);
  await expect(wa.locator('[data-log] li[data-kind="down"]').last()).toContainText('from Bob 2');
  await close();
});

test('"New lab" takes the old lab id out of the address, so a reload stays in the new lab', async ({ browser }) => {
  const { b, wb, labId, close } = await sharedPair(browser, '/lessons/emitting-events/', EMIT);
  expect(b.url()).toContain(labId);
  await wb.locator('[data-new-lab]').click();
  await expect(wb).not.toHaveAttribute('data-lab', labId);
  await expect(wb).toHaveAttribute('data-state', 'connected');
  expect(b.url()).not.toContain(labId);
  await b.reload();
  const again = await connectWidget(b, EMIT);
  expect(await again.getAttribute('data-lab')).not.toBe(labId);
  await close();
});

test('in a shared namespaces lab each page has its own name, and only its own is "You"', async ({ browser }) => {
  const { wa, wb, close } = await sharedPair(browser, '/lessons/namespaces/', NS);
  await expect(wa).toHaveAttribute('data-lab-name', 'Learner');
  await expect(wb).toHaveAttribute('data-lab-name', 'Learner 2');
  await expect(wb.getByRole('button', { name: 'Publish on /lab-news' })).toBeEnabled();
  await wb.getByRole('textbox', { name: 'Text' }).fill('from b');
  await wb.getByRole('button', { name: 'Publish on /lab-news' }).click();
  await expect(wb.locator('[data-log] li[data-kind="headline"]')).toContainText('“from b” from You.');
  await expect(wa.locator('[data-log] li[data-kind="headline"]')).toContainText('“from b” from Learner 2.');
  await close();
});

test('a rate changed on one page of a shared missed-events lab is logged on the other, by who', async ({ browser }) => {
  const { wa, wb, close } = await sharedPair(browser, '/lessons/missed-events/', MISSED);
  await expect(wa).toHaveAttribute('data-running', 'true');
  const rate = wb.locator('input[name="rate"]');
  await rate.fill('5');
  await rate.dispatchEvent('change');
  await expect(wa).toHaveAttribute('data-rate', '5');
  await expect(wa.locator('[data-log] li[data-kind="settings"]').last()).toHaveText(/Alice 2 set the rate to 5\/s\./);
  await expect(wa.locator('[data-log] li[data-kind="settings"]', { hasText: 'set the rate to 5/s' })).toHaveCount(1);
  await close();
});
