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

/** axe with the WCAG A/AA rules; returns the violations so the assertion message lists them. */
export async function axeViolations(page: Page) {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
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
