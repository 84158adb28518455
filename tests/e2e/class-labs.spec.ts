// Class labs in real Chromium: two students of one class open the same lesson and their widgets land in one
// shared lab with nothing passed between them but the join code; one's broadcast reaches the other's page;
// after Leave the widget moves to a private lab again.
import type { Browser, Page } from '@playwright/test';
import { test, expect, connectWidget } from './fixtures.ts';

const WIDGET = '[data-widget="emit-sequence"]';

async function startClass(browser: Browser): Promise<string> {
  const dashboard = await (await browser.newContext()).newPage();
  await dashboard.goto('/class/');
  await dashboard.getByRole('button', { name: 'Start a class' }).click();
  const root = dashboard.locator('[data-class-page]');
  await expect(root).toHaveAttribute('data-state', 'running');
  return (await root.getAttribute('data-code'))!;
}

async function studentOnLesson(browser: Browser, code: string, name: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await page.goto(`/join/?code=${code}`);
  await page.getByLabel('Your name').fill(name);
  await page.getByRole('button', { name: 'Join the class' }).click();
  await expect(page.locator('[data-join-page]')).toHaveAttribute('data-state', 'joined');
  await page.goto('/lessons/emitting-events/');
  await expect(page.locator('[data-class-banner]')).toHaveAttribute('data-state', 'in-class');
  return page;
}

test('two students of a class share the emit widget’s class lab; after Leave it is private again', async ({
  browser,
}) => {
  test.setTimeout(60_000);
  const code = await startClass(browser);
  const ana = await studentOnLesson(browser, code, 'Ana');
  const ben = await studentOnLesson(browser, code, 'Ben');
  const widgetA = await connectWidget(ana, WIDGET);
  const widgetB = await connectWidget(ben, WIDGET);
  await expect(widgetA).toHaveAttribute('data-class-lab', 'true');
  await expect(widgetB).toHaveAttribute('data-class-lab', 'true');
  const lab = await widgetA.getAttribute('data-lab');
  expect(lab).toBeTruthy();
  await expect(widgetB).toHaveAttribute('data-lab', lab!);
  await expect(widgetA.locator('[data-lab-label]')).toHaveText('Class lab — shared with your class:');

  // Ana's Alice broadcasts; Ben's page draws it (he never opened a share link).
  await expect(widgetA.locator('[data-clients] li[data-status="connected"]')).toHaveCount(3);
  await expect(widgetB.locator('[data-clients] li[data-status="connected"]')).toHaveCount(3);
  await widgetA.getByRole('radio', { name: 'Alice', exact: true }).check();
  await widgetA.locator('input[name="variant"][value="all"]').check();
  await widgetA.getByRole('textbox', { name: 'Message' }).fill('hello class');
  await widgetA.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(widgetB.locator('[data-log]')).toContainText('received a message from Alice');

  // Ben leaves the class: his widget reconnects into a lab of its own.
  await ben.locator('[data-class-leave]').click();
  await expect(ben.locator('[data-class-banner]')).toHaveAttribute('data-state', 'left');
  await expect(widgetB).toHaveAttribute('data-class-lab', 'false');
  await expect(widgetB).not.toHaveAttribute('data-lab', lab!);
  await expect(widgetB.locator('[data-lab-label]')).toHaveText('Lab');
  await expect(widgetA).toHaveAttribute('data-lab', lab!);
  for (const p of [ana, ben]) await p.context().close();
});
