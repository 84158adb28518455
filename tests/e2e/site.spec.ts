import { test, expect, axeViolations } from './fixtures.ts';

test('home lists the lessons in order and links to them', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('How messages cross a network');
  const links = page.locator('#lessons [data-lesson-link]');
  await expect(links.first()).toBeVisible();
  await page.locator('#lessons [data-lesson-link="emitting-events"]').click();
  await expect(page).toHaveURL(/\/lessons\/emitting-events\/$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Emitting events');
});

test('a lesson has objectives, the sidebar marks it, and a skip link reaches the content', async ({ page }) => {
  await page.goto('/lessons/emitting-events/');
  await expect(page.getByRole('heading', { name: 'By the end of this lesson you can' })).toBeVisible();
  await expect(page.locator('.lesson-nav a[aria-current="page"]')).toContainText('Emitting events');
  await expect(page.getByRole('navigation', { name: 'On this page' })).toContainText('When the server emits');
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: 'Skip to content' })).toBeFocused();
});

test('the theme toggle switches to dark and the choice survives a reload', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto('/');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  await page.getByRole('button', { name: 'Dark theme' }).click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await expect(page.getByRole('button', { name: 'Dark theme' })).toHaveAttribute('aria-pressed', 'true');
});

test('the system dark preference is the default', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto('/');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
});

test.describe('the 404 page', () => {
  test.use({ allowedConsoleErrors: [/status of 404/] });

  test('an unknown address gets the 404 page with status 404', async ({ page }) => {
    const response = await page.goto('/no/such/page/');
    expect(response?.status()).toBe(404);
    await expect(page.getByRole('heading', { level: 1 })).toContainText('404');
  });

  test('axe finds no violations on the 404 page', async ({ page }) => {
    await page.goto('/no/such/page/');
    expect(await axeViolations(page)).toEqual([]);
  });
});

test('GET /healthz reports the server state as JSON', async ({ request }) => {
  const res = await request.get('/healthz');
  expect(res.ok()).toBe(true);
  const body = await res.json();
  expect(body).toMatchObject({ ok: true });
  expect(typeof body.sockets).toBe('number');
  expect(typeof body.labs).toBe('number');
});

test('a glossary term shows its definition on focus and on tap', async ({ page }) => {
  await page.goto('/lessons/emitting-events/');
  const term = page.locator('.term[data-term="socket-io"]').first();
  const button = term.locator('.term-button');
  const pop = term.locator('.term-pop');
  await expect(pop).toBeHidden();
  await button.focus();
  await expect(pop).toBeVisible();
  await expect(pop).toContainText('event-based, two-way communication');
  await page.locator('h1').click();
  await button.click();
  await expect(button).toHaveAttribute('aria-expanded', 'true');
  await page.keyboard.press('Escape');
  await expect(button).toHaveAttribute('aria-expanded', 'false');
});

test('a self-check explains a wrong answer and confirms a right one', async ({ page }) => {
  await page.goto('/lessons/emitting-events/');
  const check = page.locator('self-check[data-check="emitting-events-1"]');
  await check.getByRole('radio', { name: 'Everyone except Alice' }).check();
  await check.getByRole('button', { name: 'Check my answer' }).click();
  await expect(check.locator('.feedback')).toContainText('Not quite');
  await expect(check.locator('.feedback')).toContainText('socket.broadcast.emit');
  await check.getByRole('radio', { name: 'Alice only' }).check();
  await check.getByRole('button', { name: 'Check my answer' }).click();
  await expect(check.locator('.feedback')).toContainText('Right.');
  await expect(check).toHaveAttribute('data-state', 'correct');
});

for (const path of ['/', '/glossary/']) {
  test(`axe finds no violations on ${path}`, async ({ page }) => {
    await page.goto(path);
    expect(await axeViolations(page)).toEqual([]);
  });
}
