// A widget whose code cannot be fetched (server down before it scrolls into view) says it is offline, and
// comes back by itself once the code can be fetched again: the lazy island retries the import with a backoff.
import { test, expect, connectWidget } from './fixtures.ts';

// The browser logs each refused chunk as a failed resource load; that is what this test provokes.
test.use({ allowedConsoleErrors: [/Failed to load resource/] });

test('server down when a widget scrolls into view: offline sentence, then it recovers', async ({ page }) => {
  let refused = 0;
  // Every widget's code chunk is named widget.<hash>.js; refuse them all until the "server" comes back.
  const refuse = async (route: import('@playwright/test').Route) => {
    refused++;
    await route.abort('connectionrefused');
  };
  await page.route('**/_astro/widget.*.js', refuse);
  await page.goto('/lessons/emitting-events/');
  const widget = page.locator('#emit-lab');
  await widget.scrollIntoViewIfNeeded();
  await expect(widget).toHaveAttribute('data-state', 'unreachable');
  await expect(widget.locator('[data-unreachable]')).toBeVisible();
  await expect(widget.locator('[data-status]')).toContainText('unreachable');
  await expect.poll(() => refused, { message: 'the island tries again' }).toBeGreaterThanOrEqual(2);

  await page.unroute('**/_astro/widget.*.js', refuse);
  await connectWidget(page, '#emit-lab');
  await expect(widget.locator('[data-unreachable]')).toBeHidden();
});
