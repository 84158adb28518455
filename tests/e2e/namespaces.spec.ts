import { test, expect, connectWidget, expectNoAxeViolationsInEitherTheme } from './fixtures.ts';

const WIDGET = '[data-widget="namespaces"]';
const PAGE = '/lessons/namespaces/';

test('shared: /, /lab-news and /lab-chat ride one Engine.IO connection with one sid', async ({ page }) => {
  await page.goto(PAGE);
  const widget = await connectWidget(page, WIDGET);
  await expect(widget).toHaveAttribute('data-sessions', '1');
  const sid = await widget.getAttribute('data-news-sid');
  expect(sid).toBeTruthy();
  await expect(widget).toHaveAttribute('data-chat-sid', sid!);
  await expect(widget.locator('[data-wires] li')).toHaveCount(1);
  await expect(widget.locator('[data-wires] li').first()).toHaveAttribute('data-nsps', '/ /lab-news /lab-chat');

  await widget.getByRole('textbox', { name: 'Text' }).fill('Ports are 16 bits');
  await widget.getByRole('button', { name: 'Publish on /lab-news' }).click();
  const headline = widget.locator('[data-rows] li[data-dir="in"][data-nsp="/lab-news"][data-socket-type="EVENT"]');
  await expect(headline).toHaveCount(1);
  // The page's own lab name rides in the packet; the log calls it "You".
  await expect(headline.locator('.raw')).toHaveText(
    '42/lab-news,["news:headline",{"headline":"Ports are 16 bits","from":"Learner"}]',
  );
  await widget.getByRole('button', { name: 'Say on /lab-chat' }).click();
  await expect(
    widget.locator('[data-rows] li[data-dir="in"][data-nsp="/lab-chat"][data-socket-type="EVENT"]'),
  ).toHaveCount(1);
  // Every packet of both namespaces is on connection 1.
  await expect(widget.locator('[data-rows] li[data-nsp^="/lab-"]:not([data-wire="1"])')).toHaveCount(0);
  await expect(widget.locator('[data-log] li[data-kind="headline"]')).toContainText('Ports are 16 bits');
  await expect(page.locator('try-exercise[data-try="namespaces-shared"] input[type=checkbox]')).toBeChecked();
});

test('forceNew: two namespaces, two Engine.IO sessions', async ({ page }) => {
  await page.goto(PAGE);
  const widget = await connectWidget(page, WIDGET);
  await widget.getByRole('radio', { name: /forceNew/ }).check();
  await expect(page).toHaveURL(/namespaces\.mode=forceNew/);
  await expect(widget).toHaveAttribute('data-sessions', '2');
  const news = await widget.getAttribute('data-news-sid');
  const chat = await widget.getAttribute('data-chat-sid');
  expect(news).toBeTruthy();
  expect(chat).toBeTruthy();
  expect(news).not.toEqual(chat);
  await expect(widget.locator('[data-wires] li[data-nsps="/lab-news"]')).toHaveCount(1);
  await expect(widget.locator('[data-wires] li[data-nsps="/lab-chat"]')).toHaveCount(1);
  await widget.getByRole('button', { name: 'Publish on /lab-news' }).click();
  await expect(widget.locator('[data-log] li[data-kind="headline"]')).toHaveCount(1);
  await expect(page.locator('try-exercise[data-try="namespaces-forcenew"] input[type=checkbox]')).toBeChecked();
  // And back: shared again gives one session for both.
  await widget.getByRole('radio', { name: /Same server, same options/ }).check();
  await expect(widget).toHaveAttribute('data-sessions', '1');
});

test('a share link puts a second learner in the same lab inside the namespaces too', async ({ browser }) => {
  const a = await (await browser.newContext()).newPage();
  await a.goto(PAGE);
  const wa = await connectWidget(a, WIDGET);
  const b = await (await browser.newContext()).newPage();
  await b.goto((await wa.locator('[data-share-link]').getAttribute('href'))!);
  const wb = await connectWidget(b, WIDGET);
  await expect(wb).toHaveAttribute('data-lab', (await wa.getAttribute('data-lab'))!);
  await wa.getByRole('textbox', { name: 'Text' }).fill('for the class');
  await wa.getByRole('button', { name: 'Publish on /lab-news' }).click();
  await expect(wa.locator('[data-log] li[data-kind="headline"]')).toContainText('for the class');
  await expect(wb.locator('[data-log] li[data-kind="headline"]')).toContainText('for the class');
  await expect(wb.locator('[data-log] li[data-kind="chat-line"]')).toHaveCount(0);
  for (const p of [a, b]) await p.context().close();
});

test('axe finds no violations, light and dark', async ({ page }) => {
  test.setTimeout(60_000); // two full-page axe runs on a long lesson, on a shared 2-core machine
  await page.goto(PAGE);
  const widget = await connectWidget(page, WIDGET);
  await widget.getByRole('button', { name: 'Publish on /lab-news' }).click();
  await expect(widget.locator('[data-log] li[data-kind="headline"]')).toHaveCount(1);
  await expectNoAxeViolationsInEitherTheme(page);
});
