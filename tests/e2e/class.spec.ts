// Classroom mode in real Chromium: one teacher and three students, each in a browser context of their own,
// with nothing but the join code between them; axe on the class pages in both themes; /join/ on a phone.
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { test, expect, expectNoAxeViolationsInEitherTheme } from './fixtures.ts';

const LESSON = '/lessons/emitting-events/';
const CHECK = 'self-check[data-check="emitting-events-1"]';

async function startClass(
  browser: Browser,
  name = 'Networks 101',
): Promise<{ context: BrowserContext; dashboard: Page; code: string }> {
  const context = await browser.newContext();
  const dashboard = await context.newPage();
  await dashboard.goto('/class/');
  await dashboard.getByLabel('Class name').fill(name);
  await dashboard.getByRole('button', { name: 'Start a class' }).click();
  const root = dashboard.locator('[data-class-page]');
  await expect(root).toHaveAttribute('data-state', 'running');
  await expect(dashboard.locator('[data-qr] svg')).toBeVisible();
  const code = (await root.getAttribute('data-code'))!;
  expect(code).toMatch(/^[2-9A-HJKMNP-TV-Z]{7}$/);
  return { context, dashboard, code };
}

async function joinAs(browser: Browser, code: string, name: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`/join/?code=${code}`);
  await expect(page.getByLabel('Class code')).toHaveValue(code);
  await page.getByLabel('Your name').fill(name);
  await page.getByRole('button', { name: 'Join the class' }).click();
  await expect(page.locator('[data-join-page]')).toHaveAttribute('data-state', 'joined');
  await expect(page.locator('[data-class-banner]')).toHaveAttribute('data-state', 'in-class');
  return { context, page };
}

test('a teacher and three students: join by code, roster of three, a poll answered 2–1, the reveal, the end', async ({
  browser,
}) => {
  test.setTimeout(60_000);
  const { context: teacher, dashboard, code } = await startClass(browser);
  const root = dashboard.locator('[data-class-page]');
  // The teacher key never reaches a student's screen: it is not in the join link or on the projected band.
  const key = await dashboard.evaluate(
    () => JSON.parse(localStorage.getItem('sp-class-teaching') ?? '{}').teacherKey as string,
  );
  expect(key).toMatch(/^[A-Za-z0-9_-]{22}$/);
  expect(await dashboard.locator('[data-join-link]').getAttribute('href')).not.toContain(key);
  expect(await dashboard.locator('.join-band').innerText()).not.toContain(key);

  const students = [];
  for (const name of ['Ana', 'Ben', 'Cat']) students.push({ name, ...(await joinAs(browser, code, name)) });
  await expect(root).toHaveAttribute('data-students', '3');
  await expect(root).toHaveAttribute('data-connected', '3');
  await expect(dashboard.locator('[data-roster-body] tr')).toHaveCount(3);
  await expect(dashboard.locator('[data-roster-body] tr[data-student="Ben"] th')).toHaveText('Ben');

  for (const s of students) {
    await s.page.goto(LESSON);
    await expect(s.page.locator('[data-class-banner]')).toHaveAttribute('data-state', 'in-class');
    await expect(s.page.locator('[data-class-banner-text]')).toHaveText(`In class “Networks 101” as ${s.name}`);
  }
  await expect(dashboard.locator('[data-roster-body] tr[data-student="Cat"] td').nth(1)).toHaveText('Emitting events');

  // From teacher view on the lesson, put the first self-check to the class.
  const lessonAsTeacher = await teacher.newPage();
  await lessonAsTeacher.goto(LESSON);
  await lessonAsTeacher.getByRole('button', { name: 'Teacher view' }).click();
  const ask = lessonAsTeacher.locator(`${CHECK} [data-ask-class]`);
  await ask.click();
  await expect(lessonAsTeacher.locator(`${CHECK} .ask-class-status`)).toHaveText(
    'Asked. Answers arrive on the dashboard.',
  );

  const answers = ['Alice only', 'Alice only', 'Everyone except Alice'];
  for (const [i, s] of students.entries()) {
    const check = s.page.locator(CHECK);
    await expect(check).toHaveAttribute('data-class-asked', 'open');
    await check.getByRole('radio', { name: answers[i] }).check();
    await check.getByRole('button', { name: 'Check my answer' }).click();
    await expect(check).toHaveAttribute('data-class-asked', 'answered');
    await expect(check.locator('.feedback')).toContainText('sent to your teacher');
    await expect(check.locator('.feedback')).not.toContainText('`socket`');
  }
  await expect(root).toHaveAttribute('data-poll-counts', '2,1,0');
  await expect(dashboard.locator('[data-poll-bars] li').first()).toHaveAttribute('data-count', '2');
  await expect(dashboard.locator('[data-poll-meta]')).toContainText('3 of 3 students answered');
  // Names are hidden on the chart.
  for (const s of students) await expect(dashboard.locator('[data-poll-bars]')).not.toContainText(s.name);

  // Answering again changes nothing: one answer per student, and the first stays on screen.
  const cat = students[2]!.page.locator(CHECK);
  await cat.getByRole('radio', { name: 'Alice only' }).check();
  await cat.getByRole('button', { name: 'Check my answer' }).click();
  await expect(cat.locator('.feedback')).toContainText('Answer B sent to your teacher');

  await dashboard.getByRole('button', { name: 'Reveal the answer' }).click();
  await expect(root).toHaveAttribute('data-poll-revealed', 'true');
  await expect(root).toHaveAttribute('data-poll-counts', '2,1,0');
  await expect(dashboard.locator('[data-poll-bars] li').first()).toHaveAttribute('data-correct', 'true');
  for (const [i, s] of students.entries()) {
    const check = s.page.locator(CHECK);
    await expect(check).toHaveAttribute('data-class-asked', 'revealed');
    await expect(check.locator('.feedback')).toContainText(i < 2 ? 'Right.' : 'Not quite.');
  }

  // A student's progress reaches the dashboard, aggregated per lesson.
  await expect(dashboard.locator('[data-progress-body] tr[data-lesson="emitting-events"] td').first()).toHaveText('3');
  await dashboard.getByText('Per student and lesson').click();
  await expect(dashboard.locator('[data-matrix-body] tr[data-student="Ana"] td').first()).toHaveText(
    /^1\/\d+ · 0\/\d+$/,
  );
  // Cat's poll answer stays B, but her second try was right: progress counts right answers whenever given.
  await expect(dashboard.locator('[data-matrix-body] tr[data-student="Cat"] td').first()).toHaveText(
    /^1\/\d+ · 0\/\d+$/,
  );

  await dashboard.getByRole('button', { name: 'End class…' }).click();
  await dashboard.getByRole('dialog', { name: 'End the class?' }).getByRole('button', { name: 'End class' }).click();
  await expect(root).toHaveAttribute('data-state', 'ended');
  for (const s of students) {
    await expect(s.page.locator('[data-class-banner]')).toHaveAttribute('data-state', 'ended');
    await expect(s.page.locator('[data-class-banner-text]')).toContainText('The class has ended');
    expect(await s.page.evaluate(() => localStorage.getItem('sp-class-member'))).toBeNull();
  }
  for (const c of [teacher, ...students.map((s) => s.context)]) await c.close();
});

test('a student who leaves drops off the roster and the banner goes on the next page', async ({ browser }) => {
  const { context: teacher, dashboard, code } = await startClass(browser, 'Period 4');
  const ana = await joinAs(browser, code, 'Ana');
  await expect(dashboard.locator('[data-class-page]')).toHaveAttribute('data-students', '1');
  await ana.page.goto('/glossary/');
  await ana.page.getByRole('button', { name: 'Leave' }).click();
  await expect(ana.page.locator('[data-class-banner]')).toHaveAttribute('data-state', 'left');
  await expect(dashboard.locator('[data-class-page]')).toHaveAttribute('data-students', '0');
  await ana.page.goto('/glossary/');
  await expect(ana.page.locator('[data-class-banner]')).toBeHidden();
  await teacher.close();
  await ana.context.close();
});

test('axe, light and dark: /class/ (start and dashboard), /join/ and a page with the class banner', async ({
  browser,
}) => {
  test.setTimeout(90_000);
  const teacher = await browser.newContext();
  const start = await teacher.newPage();
  await start.goto('/class/');
  await expectNoAxeViolationsInEitherTheme(start, '/class/ start');
  await start.close();
  await teacher.close();

  const { context, dashboard, code } = await startClass(browser, 'Axe');
  const student = await browser.newContext();
  const join = await student.newPage();
  await join.goto('/join/');
  await expectNoAxeViolationsInEitherTheme(join, '/join/');
  await join.getByLabel('Class code').fill(code);
  await join.getByLabel('Your name').fill('Ana');
  await join.getByRole('button', { name: 'Join the class' }).click();
  await expect(join.locator('[data-join-page]')).toHaveAttribute('data-state', 'joined');
  await join.goto(LESSON);
  await expect(join.locator('[data-class-banner]')).toHaveAttribute('data-state', 'in-class');
  await expectNoAxeViolationsInEitherTheme(join, 'lesson with the class banner');
  await expect(dashboard.locator('[data-class-page]')).toHaveAttribute('data-students', '1');
  await expectNoAxeViolationsInEitherTheme(dashboard, '/class/ dashboard');
  await context.close();
  await student.close();
});

test('/join/ at phone width: no sideways scroll, the form fits', async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  await page.goto('/join/?code=K7QM4XP');
  await expect(page.getByLabel('Class code')).toHaveValue('K7QM4XP');
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  const box = await page.getByRole('button', { name: 'Join the class' }).boundingBox();
  expect(box && box.x + box.width).toBeLessThanOrEqual(390);
  await page.getByLabel('Your name').fill('Ana');
  await page.getByRole('button', { name: 'Join the class' }).click();
  await expect(page.locator('[data-join-status]')).toContainText('no class with that code');
  await context.close();
});

test('a cut closes a student’s demo transports for N seconds: the missed-events lab shows the gap', async ({
  browser,
}) => {
  test.setTimeout(60_000);
  const { context: teacher, dashboard, code } = await startClass(browser, 'Cut demo');
  const ana = await joinAs(browser, code, 'Ana');
  await ana.page.goto('/lessons/missed-events/');
  const widget = ana.page.locator('#missed-lab');
  await widget.scrollIntoViewIfNeeded();
  await expect(widget).toHaveAttribute('data-state', 'connected');
  await expect(widget).toHaveAttribute('data-running', 'true');
  // A classmate on the same lesson shares the class lab, as in a real class: the lab is not empty while Ana's
  // connections are cut, so its stream goes on (a stream in a lab nobody is in stops at once) and Ana misses events.
  const ben = await joinAs(browser, code, 'Ben');
  await ben.page.goto('/lessons/missed-events/');
  const benWidget = ben.page.locator('#missed-lab');
  await benWidget.scrollIntoViewIfNeeded();
  await expect(benWidget).toHaveAttribute('data-state', 'connected');
  await expect(benWidget).toHaveAttribute('data-lab', (await widget.getAttribute('data-lab'))!);
  const row = dashboard.locator('[data-roster-body] tr[data-student="Ana"]');
  await expect(row.locator('td.demo')).toContainText(/^[3-9]/); // her lab's three connections, seen by the server
  await dashboard.getByLabel('Cut a student’s demo connection for').selectOption('5');
  await row.getByRole('button', { name: 'Cut Ana’s demo connection' }).click();

  await expect(ana.page.locator('[data-class-notice]')).toContainText('cut your demo connections for 5 s');
  const bob = widget.locator('[data-lane="Bob"]');
  await expect(bob).toHaveAttribute('data-outages', '1');
  await expect(widget.locator('[data-log] li[data-kind="away"]').first()).toContainText('transport close');
  await expect(dashboard.locator('[data-stream]')).toContainText('Ana’s demo connections were cut for 5 s');
  // Back after the cut, with the events sent meanwhile counted as missed.
  await expect(bob).toHaveAttribute('data-status', 'connected', { timeout: 20_000 });
  await expect.poll(async () => Number(await bob.getAttribute('data-missed')), { timeout: 10_000 }).toBeGreaterThan(0);
  await expect(ana.page.locator('[data-class-banner]')).toHaveAttribute('data-state', 'in-class');
  await teacher.close();
  await ana.context.close();
  await ben.context.close();
});

test('the class banner is there from the first paint: no layout shift, and it says when the class is gone', async ({
  page,
}) => {
  await page.addInitScript(() => {
    if (sessionStorage.getItem('seeded')) return;
    sessionStorage.setItem('seeded', '1');
    const member = {
      code: 'K7QM4XP',
      className: 'Gone class',
      name: 'Ana',
      memberId: 'abcdefgh',
      memberToken: 'A'.repeat(22),
    };
    localStorage.setItem('sp-class-member', JSON.stringify(member));
  });
  await page.goto('/glossary/');
  const banner = page.locator('[data-class-banner]');
  await expect(banner).toBeVisible();
  // The stored class does not exist on this server: the banner says so and forgets it.
  await expect(banner).toHaveAttribute('data-state', 'ended');
  await expect(page.locator('[data-class-banner-text]')).toContainText('The class has ended');
  const shift = await page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        let total = 0;
        new PerformanceObserver((list) => {
          for (const e of list.getEntries() as Array<PerformanceEntry & { value: number }>) total += e.value;
        }).observe({ type: 'layout-shift', buffered: true });
        requestAnimationFrame(() => requestAnimationFrame(() => resolve(total)));
      }),
  );
  expect(shift).toBe(0);
  expect(await page.evaluate(() => localStorage.getItem('sp-class-member'))).toBeNull();
});
