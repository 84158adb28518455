// "Predict who receives" put to the class, in real Chromium: a teacher and two students in browser contexts of
// their own. The teacher asks from the rooms explorer in teacher view; students predict in their widget; the
// dashboard shows counts per client without names; the reveal shows who really received it, on both sides.
import type { Browser, BrowserContext, Locator, Page } from '@playwright/test';
import { test, expect, connectWidget, expectNoAxeViolationsInEitherTheme, setTheme } from './fixtures.ts';

const LESSON = '/lessons/broadcasts-and-rooms/';
const WIDGET = '[data-widget="rooms-explorer"]';
/** Where screenshots go when asked for (SCREENSHOT_DIR); otherwise they are not taken. */
const SHOTS = process.env.SCREENSHOT_DIR;

async function startClass(browser: Browser) {
  const context = await browser.newContext({ colorScheme: 'light', viewport: { width: 1920, height: 1080 } });
  const dashboard = await context.newPage();
  await dashboard.goto('/class/');
  await dashboard.getByLabel('Class name').fill('Networks 101');
  await dashboard.getByRole('button', { name: 'Start a class' }).click();
  const root = dashboard.locator('[data-class-page]');
  await expect(root).toHaveAttribute('data-state', 'running');
  return { context, dashboard, root, code: (await root.getAttribute('data-code'))! };
}

async function joinAs(browser: Browser, code: string, name: string, width = 1280) {
  const context = await browser.newContext({ colorScheme: 'light', viewport: { width, height: 844 } });
  const page = await context.newPage();
  await page.goto(`/join/?code=${code}`);
  await page.getByLabel('Your name').fill(name);
  await page.getByRole('button', { name: 'Join the class' }).click();
  await expect(page.locator('[data-join-page]')).toHaveAttribute('data-state', 'joined');
  await page.goto(LESSON);
  await expect(page.locator('[data-class-banner]')).toHaveAttribute('data-state', 'in-class');
  await connectWidget(page, WIDGET);
  return { context, page, name };
}

/** Screenshots of `target` on `page` in both themes, when asked for (SCREENSHOT_DIR); the page is left light. */
async function shots(page: Page, name: string, target: Page | Locator = page) {
  if (!SHOTS) return;
  for (const theme of ['light', 'dark'] as const) {
    await setTheme(page, theme);
    await page.evaluate(() => window.scrollTo(0, 0)); // or the dashboard's sticky header lands mid-page
    await target.screenshot({ path: `${SHOTS}/${name}-${theme}.png`, ...(target === page && { fullPage: true }) });
  }
  await setTheme(page, 'light');
}

/** The teacher's own copy of the widget, in teacher view, at the starting layout. */
async function teacherWidget(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  await page.goto(LESSON);
  await page.getByRole('button', { name: 'Teacher view' }).click();
  const widget = await connectWidget(page, WIDGET);
  await expect(widget.getByRole('checkbox', { name: 'Cleo in room2' })).toBeChecked();
  await expect(widget.getByRole('checkbox', { name: 'Ana in room1' })).toBeChecked();
  return page;
}

test('ask the class who receives: predictions arrive as counts, the reveal shows who received', async ({ browser }) => {
  test.setTimeout(180_000); // axe on three pages, in both themes, is most of it
  const { context: teacher, dashboard, root, code } = await startClass(browser);
  const ana = await joinAs(browser, code, 'Amy');
  const bo = await joinAs(browser, code, 'Bo', 390); // on a phone
  await expect(root).toHaveAttribute('data-students', '2');

  // Ana runs socket.to("room1").emit: only Cleo is in room1 besides her.
  const lesson = await teacherWidget(teacher);
  const widget = lesson.locator(WIDGET);
  await widget.getByLabel('Sender').selectOption('Ana');
  await widget.locator('select[name="room"]').selectOption('room1');
  await widget.locator('input[name="variant"][value="socket.to(room).emit"]').check();
  await widget.getByRole('button', { name: 'Ask the class' }).click();
  await expect(widget.locator('[data-ask-status]')).toContainText('Asked.');
  // No summary on the teacher's screen: the server keeps the answer until the reveal.
  await expect(widget.locator('[data-result]')).toHaveText(/until you reveal it/);
  await expectNoAxeViolationsInEitherTheme(lesson, 'teacher view with “Ask the class”');

  for (const [s, picks] of [
    [ana, ['Cleo']],
    [bo, ['Ana', 'Cleo']],
  ] as const) {
    const q = s.page.locator(`${WIDGET} [data-class-question]`);
    await expect(q).toHaveAttribute('data-class-question', 'open');
    await expect(q.locator('[data-cq-text]')).toContainText('Ana runs socket.to("room1")');
    await expect(q.locator('[data-cq-text]')).toContainText('Cleo: room1 and room2');
    if (s === ana) await shots(s.page, 'class-predict-student-asked', q);
    for (const name of picks) await q.getByRole('checkbox', { name }).check();
    await q.getByRole('button', { name: 'Send my prediction' }).click();
    await expect(q).toHaveAttribute('data-class-question', 'answered');
    await expect(q.getByRole('checkbox', { name: 'Cleo' })).toBeDisabled();
  }

  // Counts per client (Ana, Ben, Cleo, Dev), no student names, no right answer yet.
  await expect(root).toHaveAttribute('data-poll-counts', '1,0,2,0');
  await expect(dashboard.locator('[data-poll-meta]')).toContainText('2 of 2 students answered');
  await expect(dashboard.locator('[data-poll-bars] li[data-correct="true"]')).toHaveCount(0);
  for (const s of [ana, bo]) await expect(dashboard.locator('[data-poll-bars]')).not.toContainText(s.name);
  await shots(dashboard, 'class-predict-dashboard-1920');

  await dashboard.getByRole('button', { name: 'Reveal the answer' }).click();
  await expect(root).toHaveAttribute('data-poll-revealed', 'true');
  await expect(dashboard.locator('[data-poll-bars] li[data-correct="true"]')).toHaveCount(1);
  await expect(dashboard.locator('[data-poll-bars] li').nth(2)).toHaveAttribute('data-correct', 'true');
  await expect(dashboard.locator('[data-poll-meta]')).toContainText('Really received: Cleo. 1 predicted exactly');
  for (const [s, result] of [
    [ana, 'right'],
    [bo, 'wrong'],
  ] as const) {
    const q = s.page.locator(`${WIDGET} [data-class-question]`);
    await expect(q).toHaveAttribute('data-class-question', 'revealed');
    await expect(q).toHaveAttribute('data-result', result);
    await expect(q.locator('[data-cq-status]')).toContainText('Who really received it: Cleo.');
    await expectNoAxeViolationsInEitherTheme(s.page, `${s.name}'s page with the question`);
  }
  const overflow = await bo.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, 'no sideways scroll at 390 px with the question open').toBeLessThanOrEqual(0);
  await shots(dashboard, 'class-predict-dashboard-1920-revealed');
  await shots(bo.page, 'class-predict-student-revealed', bo.page.locator(`${WIDGET} [data-class-question]`));
  for (const c of [teacher, ana.context, bo.context]) await c.close();
});
