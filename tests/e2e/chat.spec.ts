import { test, expect, axeViolations, connectWidget } from './fixtures.ts';
import type { Browser, Page } from '@playwright/test';

const WIDGET = '[data-widget="chat"]';

async function joinAs(page: Page, nick: string) {
  const widget = await connectWidget(page, WIDGET);
  await widget.getByLabel('Nickname').fill(nick);
  await widget.getByRole('button', { name: 'Join the chat' }).click();
  await expect(widget).toHaveAttribute('data-joined', 'true');
  return widget;
}

/** A second (third…) learner in their own browser context, opening the first one's share link. */
async function guest(browser: Browser, host: Page, nick: string) {
  const page = await (await browser.newContext()).newPage();
  const link = await host.locator(`${WIDGET} [data-share-link]`).getAttribute('href');
  await page.goto(link!);
  const widget = await joinAs(page, nick);
  await expect(widget).toHaveAttribute('data-lab', (await host.locator(WIDGET).getAttribute('data-lab'))!);
  return { page, widget };
}

async function say(page: Page, text: string, to?: string) {
  const widget = page.locator(WIDGET);
  await widget.locator('[data-to]').selectOption(to ? { label: `${to} (private)` } : { label: 'Everyone' });
  await widget.getByRole('textbox', { name: 'Message' }).fill(text);
  await widget.getByRole('button', { name: 'Send', exact: true }).click();
  // Acknowledged by the server: the pending mark is gone.
  await expect(widget.locator('[data-messages] li[data-pending="true"]')).toHaveCount(0);
}

test('two people sharing a lab chat, see each other online, and see each other typing', async ({ page, browser }) => {
  await page.goto('/lessons/chat/');
  const ana = await joinAs(page, 'Ana');
  const { page: benPage, widget: ben } = await guest(browser, page, 'Ben');
  await expect(ana).toHaveAttribute('data-users', 'Ana,Ben');
  await expect(ben).toHaveAttribute('data-users', 'Ana,Ben');
  await expect(ana.locator('[data-messages] li[data-kind="notice"]').last()).toHaveText('Ben joined the chat.');

  await say(page, 'hello Ben');
  await expect(ben.locator('[data-messages] li[data-kind="message"][data-from="Ana"]')).toContainText('hello Ben');
  await expect(ana.locator('[data-messages] li[data-kind="mine"]')).toContainText('✓');
  await expect(page.locator('try-exercise[data-try="chat-two"] input[type=checkbox]')).not.toBeChecked();
  await say(benPage, 'hi Ana');
  await expect(ana.locator('[data-messages] li[data-kind="message"][data-from="Ben"]')).toContainText('hi Ana');
  await expect(page.locator('try-exercise[data-try="chat-two"] input[type=checkbox]')).toBeChecked();

  // Typing shows on the other side, and goes away when the message is sent.
  await ben.getByRole('textbox', { name: 'Message' }).pressSequentially('still typ');
  await expect(ana).toHaveAttribute('data-typing', 'Ben');
  await expect(ana.locator('[data-typing]')).toHaveText('Ben is typing…');
  await ben.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(ana).toHaveAttribute('data-typing', '');

  await benPage.context().close();
  await expect(ana).toHaveAttribute('data-users', 'Ana');
  await expect(ana.locator('[data-messages] li[data-kind="notice"]').last()).toHaveText('Ben left the chat.');
});

test('a nickname already taken in the lab is refused', async ({ page, browser }) => {
  await page.goto('/lessons/chat/');
  await joinAs(page, 'Ana');
  const other = await (await browser.newContext()).newPage();
  await other.goto((await page.locator(`${WIDGET} [data-share-link]`).getAttribute('href'))!);
  const widget = await connectWidget(other, WIDGET);
  await widget.getByLabel('Nickname').fill('ana');
  await widget.getByRole('button', { name: 'Join the chat' }).click();
  await expect(widget.locator('[data-nick-form] .hint')).toContainText('taken');
  await expect(widget).toHaveAttribute('data-joined', 'false');
  await other.context().close();
});

test('a private message reaches only its target', async ({ page, browser }) => {
  await page.goto('/lessons/chat/');
  await joinAs(page, 'Ana');
  const ben = await guest(browser, page, 'Ben');
  const cleo = await guest(browser, page, 'Cleo');
  await expect(page.locator(WIDGET)).toHaveAttribute('data-users', 'Ana,Ben,Cleo');
  await say(page, 'only for Ben', 'Ben');
  await expect(ben.widget.locator('[data-messages] li[data-kind="private-in"][data-from="Ana"]')).toContainText(
    'only for Ben',
  );
  await expect(page.locator(`${WIDGET} [data-messages] li[data-kind="private-out"]`)).toContainText('privately to Ben');
  await expect(page.locator('try-exercise[data-try="chat-private"] input[type=checkbox]')).toBeChecked();
  // A whisper is for one message: "To" is back to everyone, so the next message is not silently private.
  await expect(page.locator(`${WIDGET} [data-to]`)).toHaveValue('');
  await page.locator(WIDGET).getByRole('textbox', { name: 'Message' }).fill('hello all');
  await page.locator(WIDGET).getByRole('button', { name: 'Send', exact: true }).click();
  await expect(cleo.widget.locator('[data-messages] li[data-kind="message"][data-from="Ana"]')).toContainText(
    'hello all',
  );
  // Cleo sends after the server handled Ana's whisper; her acknowledged send proves anything meant for her has arrived.
  await say(cleo.page, 'did I miss anything?');
  await expect(page.locator(`${WIDGET} [data-messages] li[data-kind="message"][data-from="Cleo"]`)).toContainText(
    'did I miss anything?',
  );
  await expect(cleo.widget.locator('[data-messages]')).not.toContainText('only for Ben');
  await expect(cleo.widget.locator('[data-messages] li[data-kind^="private"]')).toHaveCount(0);
  for (const p of [ben.page, cleo.page]) await p.context().close();
});

test('messages are shown as text, never run as HTML', async ({ page, browser }) => {
  let dialogs = 0;
  page.on('dialog', (d) => {
    dialogs++;
    void d.dismiss();
  });
  await page.goto('/lessons/chat/');
  await joinAs(page, 'Ana');
  const ben = await guest(browser, page, 'Ben');
  ben.page.on('dialog', (d) => {
    dialogs++;
    void d.dismiss();
  });
  const evil = '<img src=x onerror=alert(1)>';
  await say(page, evil);
  const got = ben.widget.locator('[data-messages] li[data-kind="message"][data-from="Ana"] .text');
  await expect(got).toHaveText(evil);
  await expect(ben.widget.locator('img')).toHaveCount(0);
  await expect(page.locator(`${WIDGET} img`)).toHaveCount(0);
  await expect(ben.widget.locator('[data-log]')).toContainText(evil);
  expect(dialogs).toBe(0);
  await ben.page.context().close();
});

test('the bot is a second real client that answers', async ({ page }) => {
  await page.goto('/lessons/chat/');
  const widget = await joinAs(page, 'Ana');
  await widget.getByRole('button', { name: 'Add a bot' }).click();
  await expect(widget).toHaveAttribute('data-users', 'Ana,Echo bot');
  await say(page, 'ping');
  await expect(widget.locator('[data-messages] li[data-kind="message"][data-from="Echo bot"]')).toContainText(
    'Ana said “ping”',
  );
});

test('axe finds no violations, light and dark', async ({ page }) => {
  test.slow(); // two full-page axe runs
  await page.goto('/lessons/chat/');
  await joinAs(page, 'Ana');
  await say(page, 'for axe');
  expect(await axeViolations(page)).toEqual([]);
  await page.getByRole('button', { name: 'Dark theme' }).click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  expect(await axeViolations(page), 'dark theme').toEqual([]);
});

test('joining puts focus in the message box; a 500-character message shows its start and expands', async ({
  page,
  browser,
}) => {
  await page.goto('/lessons/chat/');
  const widget = await connectWidget(page, WIDGET);
  await widget.getByLabel('Nickname').fill('Ana');
  await widget.getByRole('button', { name: 'Join the chat' }).press('Enter');
  await expect(widget).toHaveAttribute('data-joined', 'true');
  await expect(widget.getByRole('textbox', { name: 'Message' })).toBeFocused();
  const ben = await guest(browser, page, 'Ben');
  const long = 'long words here '.repeat(32).slice(0, 500);
  await say(page, long);
  const got = ben.widget.locator('[data-messages] li[data-kind="message"][data-from="Ana"]');
  await expect(got).toHaveAttribute('data-clipped', 'true');
  expect((await got.locator('.text').textContent())!.length).toBeLessThanOrEqual(201);
  const more = got.getByRole('button', { name: 'Show all 500 characters' });
  await expect(more).toHaveAttribute('aria-expanded', 'false');
  await more.click();
  await expect(got.locator('.text')).toHaveText(long);
  await expect(got.getByRole('button', { name: 'Show less' })).toHaveAttribute('aria-expanded', 'true');
  // The event log says who spoke and how it arrived, with the start of the text, not all of it.
  expect((await ben.widget.locator('[data-log] li[data-kind="message"]').last().textContent())!.length).toBeLessThan(
    200,
  );
  await ben.page.context().close();
});
