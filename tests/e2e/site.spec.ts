import { test, expect, axeViolations, connectWidget } from './fixtures.ts';

test('home lists the lessons in order and links to them', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('How messages cross a network');
  const links = page.locator('#lessons [data-lesson-link]');
  await expect(links.first()).toBeVisible();
  await page.locator('#lessons [data-lesson-link="emitting-events"]').click();
  await expect(page).toHaveURL(/\/lessons\/emitting-events\/$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Emitting events');
});

test('a lesson has objectives, the sidebar marks it, and a skip link reaches the content', async ({ page }) => {
  await page.goto('/lessons/emitting-events/');
  await expect(page.getByRole('heading', { name: 'By the end of this lesson you can' })).toBeVisible();
  await expect(page.locator('.lesson-nav a[aria-current="page"]')).toContainText('Emitting events');
  await expect(page.getByRole('navigation', { name: 'On this page' })).toContainText('When the server emits');
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: 'Skip to content' })).toBeFocused();
});

test('the theme toggle switches to dark and the choice survives a reload', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto('/');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  await page.getByRole('button', { name: 'Dark theme' }).click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await expect(page.getByRole('button', { name: 'Dark theme' })).toHaveAttribute('aria-pressed', 'true');
});

test('the system dark preference is the default', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto('/');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
});

test.describe('the 404 page', () => {
  test.use({ allowedConsoleErrors: [/status of 404/] });

  test('an unknown address gets the 404 page with status 404', async ({ page }) => {
    const response = await page.goto('/no/such/page/');
    expect(response?.status()).toBe(404);
    await expect(page.getByRole('heading', { level: 1 })).toContainText('404');
  });

  test('axe finds no violations on the 404 page', async ({ page }) => {
    await page.goto('/no/such/page/');
    expect(await axeViolations(page)).toEqual([]);
  });
});

test('GET /healthz reports the server state as JSON', async ({ request }) => {
  const res = await request.get('/healthz');
  expect(res.ok()).toBe(true);
  const body = await res.json();
  expect(body).toMatchObject({ ok: true });
  expect(typeof body.sockets).toBe('number');
  expect(typeof body.labs).toBe('number');
});

test('a glossary term shows its definition on focus and on tap', async ({ page }) => {
  await page.goto('/lessons/emitting-events/');
  const term = page.locator('.term[data-term="socket-io"]').first();
  const button = term.locator('.term-button');
  const pop = term.locator('.term-pop');
  await expect(pop).toBeHidden();
  await button.focus();
  await expect(pop).toBeVisible();
  await expect(pop).toContainText('event-based, two-way communication');
  await page.locator('h1').click();
  await button.click();
  await expect(button).toHaveAttribute('aria-expanded', 'true');
  await page.keyboard.press('Escape');
  await expect(button).toHaveAttribute('aria-expanded', 'false');
});

test('a self-check explains a wrong answer and confirms a right one', async ({ page }) => {
  await page.goto('/lessons/emitting-events/');
  const check = page.locator('self-check[data-check="emitting-events-1"]');
  await check.getByRole('radio', { name: 'Everyone except Alice' }).check();
  await check.getByRole('button', { name: 'Check my answer' }).click();
  await expect(check.locator('.feedback')).toContainText('Not quite');
  await expect(check.locator('.feedback')).toContainText('socket.broadcast.emit');
  await check.getByRole('radio', { name: 'Alice only' }).check();
  await check.getByRole('button', { name: 'Check my answer' }).click();
  await expect(check.locator('.feedback')).toContainText('Right.');
  await expect(check).toHaveAttribute('data-state', 'correct');
});

for (const path of ['/', '/glossary/']) {
  test(`axe finds no violations on ${path}`, async ({ page }) => {
    await page.goto(path);
    expect(await axeViolations(page)).toEqual([]);
  });
}

test.describe('HTTP: CSP, security headers, cache lifetimes, compression', () => {
  const PAGES = [
    '/',
    '/lessons/emitting-events/',
    '/lessons/packets/',
    '/lessons/tcp-vs-udp/',
    '/lessons/missed-events/',
  ];

  test('each page has a CSP meta that lists the hash of every inline script and style it carries', async ({
    request,
  }) => {
    for (const path of PAGES) {
      const html = await (await request.get(path)).text();
      const csp = /<meta http-equiv="content-security-policy" content="([^"]*)"/.exec(html)?.[1];
      expect(csp, path).toBeTruthy();
      const directive = (name: string) =>
        csp!
          .split(';')
          .map((d) => d.trim())
          .find((d) => d.startsWith(name + ' ')) ?? '';
      expect(directive('default-src'), path).toBe("default-src 'self'");
      expect(directive('script-src'), path).not.toContain("'unsafe-inline'");
      expect(directive('style-src'), path).not.toContain("'unsafe-inline'");
      const digest = async (text: string) => {
        const bytes = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
        return `'sha256-${Buffer.from(bytes).toString('base64')}'`;
      };
      const inline = (tag: string) =>
        [...html.matchAll(new RegExp(`<${tag}(\\s[^>]*)?>([\\s\\S]*?)</${tag}>`, 'g'))]
          .filter(([, attrs = '']) => !/\bsrc=|type="application\/(ld\+)?json"/.test(attrs))
          .map(([, , body]) => body);
      const scripts = inline('script');
      const styles = inline('style');
      expect(scripts.length + styles.length, path).toBeGreaterThan(0);
      for (const body of scripts)
        expect(directive('script-src'), `${path}: ${body.slice(0, 40)}`).toContain(await digest(body));
      for (const body of styles)
        expect(directive('style-src'), `${path}: ${body.slice(0, 40)}`).toContain(await digest(body));
    }
  });

  test('responses carry the security headers, hashed assets are immutable, pages revalidate and are compressed', async ({
    page,
    request,
  }) => {
    const res = await request.get('/lessons/packets/', { headers: { 'accept-encoding': 'br' } });
    const headers = res.headers();
    expect(headers['content-security-policy']).toBe("frame-ancestors 'self'");
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
    expect(headers['cache-control']).toBe('no-cache');
    expect(headers['content-encoding']).toBe('br');
    expect(headers['vary']).toBe('Accept-Encoding');

    const assets: string[] = [];
    page.on('response', (r) => {
      if (new URL(r.url()).pathname.startsWith('/_astro/')) assets.push(`${r.headers()['cache-control']}`);
    });
    await page.goto('/lessons/emitting-events/');
    await connectWidget(page, '[data-widget="emit-sequence"]');
    expect(assets.length).toBeGreaterThan(0);
    for (const value of assets) expect(value).toBe('public, max-age=31536000, immutable');

    expect((await request.post('/lessons/packets/')).status()).toBe(405);
  });
});

test.describe('no layout shift on a lesson page', () => {
  for (const width of [390, 1280]) {
    test(`at ${width} px the lesson does not move while the page loads`, async ({ page }) => {
      await page.setViewportSize({ width, height: 844 });
      // Every layout shift from the start of the load, as the browser reports them (the same entries as CLS).
      await page.addInitScript(() => {
        const w = window as unknown as { __shifts: number[] };
        w.__shifts = [];
        new PerformanceObserver((list) => {
          for (const e of list.getEntries() as unknown as Array<{ value: number; hadRecentInput: boolean }>) {
            if (!e.hadRecentInput) w.__shifts.push(e.value);
          }
        }).observe({ type: 'layout-shift', buffered: true });
      });
      await page.goto('/lessons/emitting-events/');
      await page.waitForLoadState('load');
      // Two animation frames after load: any shift caused by load-time scripts has been laid out and reported.
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      const nav = page.locator('[data-course-nav]');
      if (width < 800) await expect(nav).not.toHaveAttribute('open');
      else await expect(nav).toHaveAttribute('open', '');
      const shifts = await page.evaluate(() => (window as unknown as { __shifts: number[] }).__shifts);
      expect(shifts.reduce((a, b) => a + b, 0)).toBeLessThan(0.01);
    });
  }
});

test('a header painted before the parser reaches its end shows nothing that would move when the rest arrives', async ({
  page,
}) => {
  // Chrome may paint a page mid-header; the right-aligned nav, search and toggles would each move as the next one
  // arrives. Taking the header's last child away puts the page back in that state.
  await page.goto('/lessons/emitting-events/');
  const shown = () =>
    page.evaluate(() =>
      [...document.querySelectorAll('.site-header > :not(.header-end)')].map((el) => getComputedStyle(el).visibility),
    );
  expect(await shown()).toEqual(['visible', 'visible', 'visible', 'visible', 'visible']);
  await page.evaluate(() => document.querySelector('.site-header > .header-end')?.remove());
  expect(await shown()).toEqual(['visible', 'hidden', 'hidden', 'hidden', 'hidden']);
});
