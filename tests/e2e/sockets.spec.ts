import { test, expect, connectWidget, expectNoAxeViolationsInEitherTheme } from './fixtures.ts';

const WIDGET = '[data-widget="your-socket"]';
const PAGE = '/lessons/sockets/';

test('your connection shows the real 4-tuple the server reports, on the server’s listening port', async ({
  page,
  baseURL,
}) => {
  await page.goto(PAGE);
  const widget = await connectWidget(page, WIDGET);
  const port = new URL(baseURL!).port;
  await expect(widget).toHaveAttribute('data-listening-port', port);
  await expect(widget.locator('[data-mine-tuple]')).toContainText(`:${port}`);
  const myPort = await widget.getAttribute('data-my-port');
  expect(Number(myPort)).toBeGreaterThan(1023);
  await expect(widget.locator(`g.conn[data-name="You"][data-port="${myPort}"]`)).toHaveCount(1);
  await expect(widget.locator('g.listen-node')).toHaveCount(1);
});

test('two clients from one page get distinct ephemeral ports; removing one removes its connected socket', async ({
  page,
}) => {
  await page.goto(PAGE);
  const widget = await connectWidget(page, WIDGET);
  await widget.getByRole('button', { name: 'Add a client' }).click();
  await expect(widget.locator('g.conn[data-mine="true"]')).toHaveCount(2);
  const ports = await widget
    .locator('g.conn[data-mine="true"]')
    .evaluateAll((els) => els.map((e) => e.getAttribute('data-port')));
  expect(new Set(ports).size).toBe(2);
  // Still one listening socket for both.
  await expect(widget.locator('g.listen-node')).toHaveCount(1);
  await expect(widget.locator('[data-log] li[data-kind="joined"]').last()).toContainText(
    'Client 2 connected from this page',
  );
  await expect(page.locator('try-exercise[data-try="sockets-ports"] input[type=checkbox]')).toBeChecked();
  await widget.getByRole('button', { name: 'Remove a client' }).click();
  await expect(widget.locator('g.conn')).toHaveCount(1);
  await expect(widget.locator('[data-log] li[data-kind="left"]').last()).toContainText('Client 2 disconnected');
  // The last extra client gone, its button is disabled: focus moves to "Add a client", not to <body>.
  await expect(widget.getByRole('button', { name: 'Add a client' })).toBeFocused();
});

test('a second browser context opening the share link appears in the graph with its own port', async ({
  page,
  browser,
}) => {
  await page.goto(PAGE);
  const widget = await connectWidget(page, WIDGET);
  const myPort = await widget.getAttribute('data-my-port');
  const other = await (await browser.newContext()).newPage();
  await other.goto((await widget.locator('[data-share-link]').getAttribute('href'))!);
  const otherWidget = await connectWidget(other, WIDGET);
  await expect(otherWidget).toHaveAttribute('data-lab', (await widget.getAttribute('data-lab'))!);
  const guest = widget.locator('g.conn[data-mine="false"]');
  await expect(guest).toHaveCount(1);
  await expect(guest).toHaveAttribute('data-name', 'You 2');
  expect(await guest.getAttribute('data-port')).not.toBe(myPort);
  await expect(widget.locator('tbody tr[data-mine="false"]')).toContainText('other tab');
  // Privacy: another page's address is not shown here; this page's own rows keep theirs.
  await expect(widget.locator('tbody tr[data-mine="false"]')).toContainText('address hidden');
  await expect(widget.locator('tbody tr[data-mine="true"]')).not.toContainText('address hidden');
  await expect(otherWidget.locator('tbody tr[data-mine="false"]')).toContainText('address hidden');
  await expect(page.locator('try-exercise[data-try="sockets-shared"] input[type=checkbox]')).toBeChecked();
  // The other tab sees this page's connection too, as "other tab".
  await expect(otherWidget.locator(`g.conn[data-mine="false"][data-port="${myPort}"]`)).toHaveCount(1);
  await other.context().close();
  await expect(widget.locator('g.conn')).toHaveCount(1);
});

test('another learner in a different lab never appears', async ({ page, browser }) => {
  await page.goto(PAGE);
  const widget = await connectWidget(page, WIDGET);
  const other = await (await browser.newContext()).newPage();
  await other.goto(PAGE);
  const otherWidget = await connectWidget(other, WIDGET);
  await otherWidget.getByRole('button', { name: 'Add a client' }).click();
  await expect(otherWidget.locator('g.conn')).toHaveCount(2);
  // Our own add round-trips through the server after theirs, so a leak would show by now.
  await widget.getByRole('button', { name: 'Add a client' }).click();
  await expect(widget.locator('g.conn[data-mine="true"]')).toHaveCount(2);
  await expect(widget.locator('g.conn')).toHaveCount(2);
  await other.context().close();
});

test('axe finds no violations on the sockets lesson, light and dark', async ({ page }) => {
  test.slow(); // two full axe runs on a long lesson page; slow when the machine is busy
  await page.goto(PAGE);
  const widget = await connectWidget(page, WIDGET);
  await widget.getByRole('button', { name: 'Add a client' }).click();
  await expect(widget.locator('g.conn')).toHaveCount(2);
  await expectNoAxeViolationsInEitherTheme(page);
});
