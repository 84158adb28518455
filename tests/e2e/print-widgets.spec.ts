// Every widget prints as its print sentence, never as a live shell ("Loading…", empty panes, disabled buttons):
// on each lesson under print media, and on /print/, where widgets stay inert.
import { test, expect } from './fixtures.ts';
import type { Page } from '@playwright/test';

async function lessonPaths(page: Page): Promise<string[]> {
  await page.goto('/');
  const slugs = await page
    .locator('#lessons [data-lesson-link]')
    .evaluateAll((as) => as.map((a) => a.getAttribute('data-lesson-link')));
  return slugs.map((s) => `/lessons/${s}/`);
}

/**
 * Every widget on the page shows a print sentence of its own and none of its live parts. One evaluate over all
 * widgets: /print/ holds every lesson, and a locator round trip per widget there takes most of a minute.
 */
async function expectWidgetsPrintAsText(page: Page, where: string) {
  const report = await page.locator('[data-widget]').evaluateAll((widgets) =>
    widgets.map((w) => {
      const printed = w.querySelector('.widget-print');
      const live = w.querySelector('.widget-live');
      const controls = [...w.querySelectorAll('button, select, textarea, input')].filter((c) => c.checkVisibility());
      return {
        id: w.id,
        printed: printed?.checkVisibility() ? (printed.textContent ?? '').trim().slice(0, 40) : '(not shown)',
        liveShown: live === null || live.checkVisibility(),
        controls: controls.length,
      };
    }),
  );
  for (const widget of report) {
    const name = `${where} #${widget.id}`;
    expect(widget.printed, `${name} prints its own sentence`).toMatch(/^In the live page/);
    expect(widget.liveShown, `${name} hides its live shell`).toBe(false);
    expect(widget.controls, `${name} shows no controls`).toBe(0);
  }
  return report.length;
}

test('every widget on every lesson prints as its sentence', async ({ page }) => {
  test.setTimeout(120_000);
  let count = 0;
  for (const path of await lessonPaths(page)) {
    await page.goto(path);
    // Scrolled through first, so widgets that mounted (and drew their live state) must still print as text.
    for (const widget of await page.locator('[data-widget]').all()) await widget.scrollIntoViewIfNeeded();
    await page.emulateMedia({ media: 'print' });
    count += await expectWidgetsPrintAsText(page, path);
    await page.emulateMedia({ media: 'screen' });
  }
  expect(count).toBeGreaterThanOrEqual(15);
});

test('every widget on the whole-course page prints as its sentence', async ({ page }) => {
  await page.goto('/print/');
  expect(await expectWidgetsPrintAsText(page, '/print/ on screen')).toBeGreaterThanOrEqual(15);
  await page.emulateMedia({ media: 'print' });
  await expectWidgetsPrintAsText(page, '/print/ printed');
});
