// Printing: a lesson becomes a handout (no navigation, widgets as text, terms defined and self-check answers at
// the end, teacher notes only in teacher view); /print/ holds the whole course.
import { test, expect } from './fixtures.ts';

const LESSON = '/lessons/emitting-events/';

test('a printed lesson hides navigation and shows widget text, term definitions and answers', async ({ page }) => {
  await page.goto(LESSON);
  await page.emulateMedia({ media: 'print' });
  for (const selector of [
    '.site-header',
    '.lesson-nav',
    '.lesson-toc',
    '.prev-next',
    '.site-footer',
    '#emit-lab .widget-live',
    '#emit-lab [data-log]',
  ]) {
    await expect(page.locator(selector).first(), selector).toBeHidden();
  }
  await expect(page.locator('#emit-lab .widget-print')).toBeVisible();
  await expect(page.locator('[data-teacher-notes]').first()).toBeHidden();

  const terms = page.locator('[data-print-terms]');
  await expect(terms).toBeVisible();
  await expect(terms.locator('dt', { hasText: 'Socket.IO' })).toBeVisible();
  await expect(terms).toContainText('event-based, two-way communication');

  const answers = page.locator('[data-print-answers]');
  await expect(answers).toBeVisible();
  await expect(answers.locator('li')).toHaveCount(await page.locator('self-check').count());
  await expect(answers.locator('li').first()).toContainText('Alice only');
  await expect(page.locator('self-check .feedback').first()).toBeHidden();

  await page.emulateMedia({ media: 'screen' });
  await expect(answers).toBeHidden();
  await expect(page.locator('.lesson-nav')).toBeVisible();
});

test('in teacher view, the printed lesson keeps the teacher notes', async ({ page }) => {
  await page.addInitScript(() => localStorage.setItem('sp-teacher', 'on'));
  await page.goto(LESSON);
  await page.emulateMedia({ media: 'print' });
  await expect(page.locator('[data-teacher-notes]').first()).toBeVisible();
});

test('the whole-course page renders every lesson in order with inert widgets and its own answers', async ({ page }) => {
  await page.goto('/');
  const slugs = await page
    .locator('#lessons [data-lesson-link]')
    .evaluateAll((as) => as.map((a) => a.getAttribute('data-lesson-link')));
  await page.goto('/print/');
  await expect(page.locator('html')).toHaveAttribute('data-widgets', 'off');
  const lessons = page.locator('article.print-lesson');
  expect(await lessons.evaluateAll((els) => els.map((e) => e.getAttribute('data-lesson')))).toEqual(slugs);
  const first = page.locator('article[data-lesson="emitting-events"]');
  await expect(first.locator('.widget-live').first()).toBeHidden();
  await expect(first.locator('.widget-print').first()).toBeVisible();
  await expect(first.locator('[data-print-answers] li')).toHaveCount(await first.locator('self-check').count());
  await page.emulateMedia({ media: 'print' });
  await expect(page.locator('.site-header')).toBeHidden();
  await expect(first.locator('[data-print-terms]')).toBeVisible();
});
