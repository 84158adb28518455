// Shared fixtures: every page test fails on a console error or an uncaught exception, and can run axe.
import { test as base, expect, type Page, type Locator } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';

export const test = base.extend<{ pageErrors: string[]; allowedConsoleErrors: RegExp[] }>({
  /** Console errors a test expects (the browser logs a 404 document load as an error, for instance). */
  allowedConsoleErrors: [[], { option: true }],
  pageErrors: [
    async ({ page, allowedConsoleErrors }, use) => {
      const errors: string[] = [];
      page.on('console', (msg) => {
        if (msg.type() === 'error' && !allowedConsoleErrors.some((re) => re.test(msg.text()))) errors.push(msg.text());
      });
      page.on('pageerror', (err) => errors.push(err.message));
      await use(errors);
      expect(errors, 'console errors on the page').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };

/**
 * axe with the WCAG A/AA rules; returns the violations so the assertion message lists them.
 * Only violations are asserted on, so axe is told to build only those (`resultTypes`: it skips computing a selector
 * for each of the ~1,500 passing nodes of a lesson), and it runs in the page itself (legacy mode) instead of in
 * each frame and then again in a fresh page: the site has no iframes. Same violations found, 2.5–4× faster.
 */
export async function axeViolations(page: Page) {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
    .options({ resultTypes: ['violations'] })
    .setLegacyMode(true)
    .analyze();
  return results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

/** Scrolls a lazy widget into view and waits until it reports data-state="connected". */
export async function connectWidget(page: Page, selector: string): Promise<Locator> {
  const widget = page.locator(selector);
  await widget.scrollIntoViewIfNeeded();
  await expect(widget).toHaveAttribute('data-state', 'connected');
  return widget;
}
