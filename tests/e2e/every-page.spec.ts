// Checks over every page the build writes (lessons, glossary, syllabus, print, home, 404 and whatever route is
// added later): found by listing dist/, so a new page is covered without touching this file.
import { readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { test, expect } from './fixtures.ts';

const DIST = join(import.meta.dirname, '../../dist');

function routes(dir = DIST): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'pagefind' || entry.name.startsWith('_') ? [] : routes(path);
    if (entry.name !== 'index.html') return [];
    const route = relative(DIST, dir).split(sep).join('/');
    return [route ? `/${route}/` : '/'];
  });
}

const PAGES = routes().sort();
const NOT_FOUND = '/no-such-page/';

test('the page list comes from the build and holds every kind of page', () => {
  for (const page of ['/', '/glossary/', '/syllabus/', '/print/', '/lessons/recovering-missed-events/']) {
    expect(PAGES).toContain(page);
  }
});

test.describe('no page scrolls sideways on a phone', () => {
  test.use({ viewport: { width: 390, height: 844 }, allowedConsoleErrors: [/status of 404/] });
  for (const path of [...PAGES, NOT_FOUND]) {
    test(`${path} at 390 px, widgets in view`, async ({ page }) => {
      await page.goto(path);
      // Widgets draw only once they near the viewport: bring each one in and let it leave "idle" first.
      for (const widget of await page.locator('[data-widget]:visible').all()) {
        await widget.scrollIntoViewIfNeeded();
        if ((await page.locator('html').getAttribute('data-widgets')) !== 'off') {
          await expect(widget).not.toHaveAttribute('data-state', 'idle');
        }
      }
      const width = await page.evaluate(() => ({
        scroll: document.documentElement.scrollWidth,
        inner: window.innerWidth,
        widest: [...document.querySelectorAll('body *')]
          .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 0.5)
          .slice(0, 3)
          .map((el) => `${el.tagName.toLowerCase()}.${[...el.classList].join('.')}`),
      }));
      expect(width.scroll, `too wide: ${width.widest.join(', ')}`).toBeLessThanOrEqual(width.inner);
    });
  }
});
