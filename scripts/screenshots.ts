// Takes Chromium screenshots of pages in light and dark themes, desktop and phone width, so we look at what
// we built. Usage: node scripts/screenshots.ts [base-url] [path ...]   (default: the running `npm start`)
// Widgets are scrolled into view and given a moment to connect first; the PNGs land in screenshots/.
import { chromium } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { chromiumPath } from '../tests/e2e/chromium.ts';

const [base = 'http://127.0.0.1:4321', ...paths] = process.argv.slice(2);
const pages = paths.length ? paths : ['/', '/lessons/emitting-events/'];
mkdirSync('screenshots', { recursive: true });

const browser = await chromium.launch({
  executablePath: chromiumPath(),
  args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu'],
});
for (const path of pages) {
  for (const [label, viewport] of [
    ['desktop', { width: 1280, height: 900 }],
    ['phone', { width: 390, height: 844 }],
  ] as const) {
    for (const scheme of ['light', 'dark'] as const) {
      const context = await browser.newContext({ viewport, colorScheme: scheme, deviceScaleFactor: 1 });
      const page = await context.newPage();
      await page.goto(base + path);
      // Bring every widget into view so it loads, then let it connect (bounded wait: this is a picture, not a test).
      for (const w of await page.locator('[data-widget]').all()) {
        await w.scrollIntoViewIfNeeded();
        await page
          .waitForFunction(
            (el) => el.getAttribute('data-state') !== 'loading' && el.getAttribute('data-state') !== 'idle',
            await w.elementHandle(),
            { timeout: 5000 },
          )
          .catch(() => {});
      }
      await page.evaluate(() => window.scrollTo(0, 0));
      const name = `screenshots/${path.replace(/\W+/g, '_').replace(/^_|_$/g, '') || 'home'}-${label}-${scheme}.png`;
      await page.screenshot({ path: name, fullPage: true });
      console.log(name);
      await context.close();
    }
  }
}
await browser.close();
