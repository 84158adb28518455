// Course material around the lessons: search, glossary links, syllabus, teacher view, deep links, and axe on
// the new pages. Lesson-agnostic where it can be, so the suite keeps passing as lessons are added.
import { test, expect, axeViolations, expectNoAxeViolationsInEitherTheme, setTheme } from './fixtures.ts';

const LESSON = '/lessons/emitting-events/';

test.describe('search', () => {
  test('"/" focuses the search box from the page, but not from inside a text field', async ({ page }) => {
    await page.goto(LESSON);
    const box = page.getByRole('searchbox', { name: 'Search the course' });
    await page.locator('h1').click();
    await page.keyboard.press('/');
    await expect(box).toBeFocused();
    const message = page.locator('#emit-lab input[name="text"]');
    await message.focus();
    await page.keyboard.press('/');
    await expect(message).toBeFocused();
    await expect(message).toHaveValue(/\//);
  });

  test('Pagefind loads only when the search box is first focused', async ({ page }) => {
    const fetched: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes('/pagefind/')) fetched.push(r.url());
    });
    await page.goto('/');
    await expect(page.locator('search-box')).not.toHaveAttribute('data-ready', 'true');
    expect(fetched).toEqual([]);
    await page.getByRole('searchbox', { name: 'Search the course' }).focus();
    await expect(page.locator('search-box')).toHaveAttribute('data-ready', 'true');
    expect(fetched.some((u) => u.endsWith('/pagefind/pagefind.js'))).toBe(true);
  });

  test('finds a lesson by a word in its body, with the match marked in the excerpt', async ({ page }) => {
    await page.goto('/');
    await page.keyboard.press('/');
    await page.keyboard.type('megabyte');
    const results = page.locator('[data-search-result]');
    await expect(results.first()).toBeVisible();
    await expect(results.first()).toHaveAttribute('href', /^\/lessons\/emitting-events\/(#.*)?$/);
    await expect(results.first().locator('mark')).toHaveText(/megabyte/i);
    await expect(page.locator('[data-search-status]')).toContainText('found for “megabyte”');
    // Keyboard: Down into the results, Enter follows the link.
    await page.keyboard.press('ArrowDown');
    await expect(results.first()).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(/\/lessons\/emitting-events\//);
  });

  test('finds a glossary entry and links to it; Escape closes the results', async ({ page }) => {
    await page.goto('/syllabus/');
    const box = page.getByRole('searchbox', { name: 'Search the course' });
    await box.fill('ephemeral');
    const hit = page.locator('[data-search-result][href="/glossary/#port"]');
    await expect(hit).toBeVisible();
    await expect(hit).toContainText('port');
    await page.keyboard.press('Escape');
    await expect(page.locator('[data-search-panel]')).toBeHidden();
    await expect(box).toBeFocused();
    await box.fill('ephemeral port');
    await expect(hit).toBeVisible();
    await hit.click();
    await expect(page).toHaveURL(/\/glossary\/#port$/);
  });

  test('says so when nothing matches', async ({ page }) => {
    await page.goto('/');
    await page.getByRole('searchbox', { name: 'Search the course' }).fill('zzqxjvw');
    await expect(page.locator('[data-search-count]')).toHaveText('No results for “zzqxjvw”.');
  });

  test('axe finds no violations with the results open, light and dark', async ({ page }) => {
    test.setTimeout(60_000); // two full-page axe runs on a long lesson, on a shared 2-core machine
    await page.goto(LESSON);
    const box = page.getByRole('searchbox', { name: 'Search the course' });
    await box.fill('broadcast');
    for (const theme of ['light', 'dark'] as const) {
      await setTheme(page, theme);
      await box.focus(); // the click on the toggle took focus out of the search, which closes its results
      await expect(page.locator('[data-search-result]').first()).toBeVisible();
      expect(await axeViolations(page), theme).toEqual([]);
    }
  });
});

test('a term links to its glossary entry by keyboard, and the entry lists the lessons using it', async ({ page }) => {
  await page.goto(LESSON);
  const term = page.locator('.term[data-term="socket-io"]').first();
  await term.locator('.term-button').focus();
  await page.keyboard.press('Enter');
  await expect(term.locator('.term-button')).toHaveAttribute('aria-expanded', 'true');
  await page.keyboard.press('Tab');
  const link = term.getByRole('link', { name: 'In the glossary' });
  await expect(link).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/glossary\/#socket-io$/);
  const entry = page.locator('[data-glossary-entry="socket-io"]');
  await expect(entry.locator('[data-used-in="emitting-events"]')).toHaveAttribute('href', LESSON);
});

test('every section heading of a lesson has a "#" link to itself', async ({ page }) => {
  await page.goto(LESSON);
  const link = page.getByRole('link', { name: 'Link to section: When the server emits' });
  await expect(link).toHaveAttribute('href', '#when-the-server-emits');
  await link.focus();
  await expect(link).toHaveCSS('opacity', '1');
  await link.click();
  await expect(page).toHaveURL(/#when-the-server-emits$/);
});

test('the syllabus lists every lesson with its minutes and objectives, by part', async ({ page }) => {
  await page.goto('/');
  const slugs = await page
    .locator('#lessons [data-lesson-link]')
    .evaluateAll((as) => as.map((a) => a.getAttribute('data-lesson-link')));
  await page.goto('/syllabus/');
  const items = page.locator('[data-syllabus-lesson]');
  await expect(items).toHaveCount(slugs.length);
  for (const slug of slugs) {
    const item = page.locator(`[data-syllabus-lesson="${slug}"]`);
    await expect(item.locator('[data-minutes]')).toHaveText(/^\d+ min$/);
    expect(await item.locator('.objectives li').count()).toBeGreaterThan(0);
  }
  await expect(page.locator('[data-syllabus-lesson="emitting-events"]')).toContainText('Predict who receives io.emit');
  await expect(page.locator('[data-syllabus-lesson="emitting-events"] [data-minutes]')).toHaveText('20 min');
});

test('teacher view shows the teacher notes, survives a reload, and turns off again', async ({ page }) => {
  await page.goto(LESSON);
  const notes = page.locator('[data-teacher-notes]').first();
  const toggle = page.getByRole('button', { name: 'Teacher view' });
  await expect(notes).toBeHidden();
  await expect(toggle).toHaveAttribute('aria-pressed', 'false');
  await toggle.click();
  await expect(page.locator('html')).toHaveAttribute('data-teacher', 'on');
  await expect(notes).toBeVisible();
  await expect(notes).toContainText('With a class');
  await page.reload();
  await expect(notes).toBeVisible();
  await expect(toggle).toHaveAttribute('aria-pressed', 'true');
  await toggle.click();
  await expect(notes).toBeHidden();
  await page.reload();
  await expect(notes).toBeHidden();
});

test.describe('deep links to a widget setup', () => {
  test('a link restores the emit widget’s sender, variant and message; bad values are ignored', async ({ page }) => {
    await page.goto(
      `${LESSON}?emit-lab.sender=Bob&emit-lab.variant=all&emit-lab.message=ping%20from%20the%20board#emit-lab`,
    );
    const widget = page.locator('#emit-lab');
    await expect(widget.getByRole('radio', { name: 'Bob' })).toBeChecked();
    await expect(widget.locator('input[name="variant"][value="all"]')).toBeChecked();
    await expect(widget.locator('input[name="text"]')).toHaveValue('ping from the board');

    await page.goto(`${LESSON}?emit-lab.sender=Mallory&emit-lab.variant=sideways#emit-lab`);
    await expect(widget.getByRole('radio', { name: 'Alice' })).toBeChecked();
    await expect(widget.locator('input[name="variant"][value="others"]')).toBeChecked();
  });

  test('changing a setting updates the address bar and the "Link to this setup" link, which reopens it', async ({
    page,
  }) => {
    await page.goto(LESSON);
    const widget = page.locator('#emit-lab');
    await widget.scrollIntoViewIfNeeded();
    await widget.getByRole('radio', { name: 'Carol' }).check();
    await widget.locator('input[name="variant"][value="reply"]').check();
    await expect(page).toHaveURL(/emit-lab\.sender=Carol/);
    await expect(page).toHaveURL(/emit-lab\.variant=reply/);
    await widget.getByRole('button', { name: 'Copy link to this setup' }).click();
    await expect(widget.locator('[data-setup-note]')).not.toBeEmpty();
    const link = await widget.getAttribute('data-setup-href');
    expect(link).toMatch(/emit-lab\.sender=Carol/);
    const other = await page.context().newPage();
    await other.goto(link!);
    await expect(other.locator('#emit-lab').getByRole('radio', { name: 'Carol' })).toBeChecked();
    await expect(other.locator('#emit-lab input[name="variant"][value="reply"]')).toBeChecked();
    await other.close();
  });
});

for (const path of ['/syllabus/', '/glossary/', '/print/']) {
  test(`axe finds no violations on ${path}, light and dark`, async ({ page }) => {
    // /print/ is the whole course on one page (~660 KB of HTML): a full axe run on it is the longest of the suite.
    if (path === '/print/') test.setTimeout(180_000);
    await page.goto(path);
    await expectNoAxeViolationsInEitherTheme(page);
  });
}

test('axe finds no violations on a lesson with teacher view on, light and dark', async ({ page }) => {
  await page.addInitScript(() => localStorage.setItem('sp-teacher', 'on'));
  await page.goto(LESSON);
  await expect(page.locator('[data-teacher-notes]').first()).toBeVisible();
  await expectNoAxeViolationsInEitherTheme(page);
});
