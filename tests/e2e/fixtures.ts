// Shared fixtures: every page test fails on a console error or an uncaught exception, and can run axe.
import { test as base, expect, type Page, type Locator } from '@playwright/test';
import axe from 'axe-core';

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

const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];

/**
 * axe-core with the WCAG A/AA rules, run in the page itself; returns the violations so the assertion message lists
 * them. Only violations are asserted on, so axe is told to build only those (`resultTypes`: it skips computing a
 * selector for each of the ~1,500 passing nodes of a lesson). Its 650 KB source goes into a document once, however
 * many times that document is checked (light, then dark): @axe-core/playwright sent and ran it twice per check, a
 * third of a check's time. The site has no iframes, so the main frame is the whole page.
 */
export async function axeViolations(page: Page) {
  if (!(await page.evaluate(() => typeof (window as { axe?: typeof axe }).axe?.run === 'function'))) {
    await page.evaluate(axe.source); // through the DevTools protocol, which the page's CSP does not apply to
  }
  const violations = await page.evaluate(async (tags) => {
    const inPage = (window as unknown as { axe: typeof axe }).axe;
    const results = await inPage.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return results.violations.map((v) => ({ id: v.id, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')) }));
  }, AXE_TAGS);
  return violations.map((v) => `${v.id}: ${v.help} (${v.targets.join(', ')})`);
}

/**
 * Puts a loaded page in `theme` with the header's toggle, as a learner would (the choice is saved for the
 * context's later pages): a page checked in both themes is loaded, and its widgets connected, only once.
 */
export async function setTheme(page: Page, theme: 'light' | 'dark') {
  const html = page.locator('html');
  if ((await html.getAttribute('data-theme')) !== theme) await page.locator('[data-theme-toggle]').click();
  await expect(html).toHaveAttribute('data-theme', theme);
}

/** axe on a page in the light theme, then in the dark one, each asserted with `what` and the theme. */
export async function expectNoAxeViolationsInEitherTheme(page: Page, what = 'the page') {
  for (const theme of ['light', 'dark'] as const) {
    await setTheme(page, theme);
    expect(await axeViolations(page), `${what} (${theme})`).toEqual([]);
  }
}

/** Scrolls a lazy widget into view and waits until it reports data-state="connected". */
export async function connectWidget(page: Page, selector: string): Promise<Locator> {
  const widget = page.locator(selector);
  await widget.scrollIntoViewIfNeeded();
  await expect(widget).toHaveAttribute('data-state', 'connected');
  return widget;
}
