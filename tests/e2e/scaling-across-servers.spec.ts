import { test, expect, axeViolations, connectWidget } from './fixtures.ts';
import { startRedisDemoServer } from './redis-demo-server.ts';

const WIDGET = '[data-widget="two-nodes"]';
const PAGE = '/lessons/scaling-across-servers/';
const ticked = (id: string) => `try-exercise[data-try="${id}"] input[type=checkbox]`;

// The browser logs the router's deliberate 400 ("Session ID unknown") as a failed resource load.
test.use({ allowedConsoleErrors: [/status of 400/] });

test('no adapter: a broadcast from node A reaches Ana and Ben, and Cai and Dee on node B miss it', async ({ page }) => {
  await page.goto(PAGE);
  const widget = await connectWidget(page, WIDGET);
  await expect(widget).toHaveAttribute('data-adapter', 'off');
  await widget.getByRole('button', { name: /Ana \(node A\)/ }).click();
  await expect(widget).toHaveAttribute('data-settled', 'true');
  await expect(widget).toHaveAttribute('data-received', 'Ana Ben');
  await expect(widget).toHaveAttribute('data-missed', 'Cai Dee');
  await expect(widget.locator('[data-client="Cai"]')).toHaveAttribute('data-fate', 'missed');
  await expect(widget.locator('[data-summary]')).toHaveText(
    'Broadcast #1 from Ana on node A (without an adapter): received by Ana, Ben; missed by Cai, Dee.',
  );
  await expect(widget.locator('[data-log] li[data-kind="broadcast"]')).toHaveCount(1);
  await expect(page.locator(ticked('scaling-missed'))).toBeChecked();
});

test('with an adapter: a broadcast from node B reaches all four, and the widget names the adapter', async ({
  page,
}) => {
  await page.goto(PAGE);
  const widget = await connectWidget(page, WIDGET);
  await widget.getByRole('radio', { name: /With an adapter/ }).check();
  await expect(widget).toHaveAttribute('data-adapter', 'on');
  await expect(page).toHaveURL(/two-nodes\.adapter=on/);
  // The same spec runs against a server with REDIS_URL: then the lab must say it uses Redis Streams.
  const health = (await (await page.request.get('/healthz')).json()) as { adapter: string };
  const redis = health.adapter === 'redis-streams';
  await expect(widget).toHaveAttribute('data-adapter-kind', redis ? 'redis-streams' : 'in-process');
  await expect(widget.locator('[data-adapter-name]')).toHaveText(
    redis ? 'the Redis Streams adapter' : 'an in-process adapter',
  );
  await widget.getByRole('button', { name: /Cai \(node B\)/ }).click();
  await expect(widget).toHaveAttribute('data-received', 'Ana Ben Cai Dee');
  await expect(widget).toHaveAttribute('data-settled', 'true');
  await expect(widget).toHaveAttribute('data-missed', '');
  await expect(page.locator(ticked('scaling-all'))).toBeChecked();
});

test('fetchSockets on node A counts 2 alone and 4 through the adapter; serverSideEmit gets node B to answer', async ({
  page,
}) => {
  await page.goto(PAGE);
  const widget = await connectWidget(page, WIDGET);
  const count = widget.getByRole('button', { name: /fetchSockets/ });
  await count.click();
  await expect(widget).toHaveAttribute('data-count-total', '2');
  await widget.getByRole('radio', { name: /With an adapter/ }).check();
  await expect(widget).toHaveAttribute('data-adapter', 'on');
  await count.click();
  await expect(widget).toHaveAttribute('data-count-total', '4');
  await expect(widget.locator('[data-answers]')).toContainText('node A 2, node B 2');
  await expect(page.locator(ticked('scaling-count'))).toBeChecked();
  await widget.getByRole('button', { name: /serverSideEmit/ }).click();
  await expect(widget).toHaveAttribute('data-ping-replies', '1');
  await expect(widget.locator('[data-answers]')).toContainText("node B has 2 of the lab's sockets");
});

test('polling: round robin meets 400 Session ID unknown; sticky sessions keep all three requests on one node', async ({
  page,
}) => {
  await page.goto(PAGE);
  const widget = await connectWidget(page, WIDGET);
  const run = widget.getByRole('button', { name: 'Run a polling session' });
  await run.click();
  await expect(widget).toHaveAttribute('data-polls', '200 400');
  const second = widget.locator('[data-polls] li').nth(1);
  await expect(second).toContainText('{"code":1,"message":"Session ID unknown"}');
  await expect(second).toHaveAttribute('data-node', 'b');
  await expect(page.locator(ticked('scaling-sticky'))).toBeChecked();

  await widget.getByRole('radio', { name: /Sticky sessions/ }).check();
  await expect(widget).toHaveAttribute('data-sticky', 'on');
  await run.click();
  await expect(widget).toHaveAttribute('data-polls', '200 200 200');
  const nodes = await widget.locator('[data-polls] li').evaluateAll((lis) => lis.map((li) => li.dataset.node));
  expect(new Set(nodes).size).toBe(1);
});

test("the mode is the lab's: a second learner on the share link sees the adapter switch", async ({ browser }) => {
  const a = await (await browser.newContext()).newPage();
  await a.goto(PAGE);
  const wa = await connectWidget(a, WIDGET);
  const b = await (await browser.newContext()).newPage();
  await b.goto((await wa.locator('[data-share-link]').getAttribute('href'))!);
  const wb = await connectWidget(b, WIDGET);
  await expect(wb).toHaveAttribute('data-lab', (await wa.getAttribute('data-lab'))!);
  await wa.getByRole('radio', { name: /With an adapter/ }).check();
  await expect(wb).toHaveAttribute('data-adapter', 'on');
  await expect(wb.getByRole('radio', { name: /With an adapter/ })).toBeChecked();
  for (const p of [a, b]) await p.context().close();
});

test('a setup link switches the lab to the adapter it names once the clients are in', async ({ page }) => {
  await page.goto(`${PAGE}?two-nodes.adapter=on&two-nodes.sticky=on`);
  const widget = await connectWidget(page, WIDGET);
  await expect(widget).toHaveAttribute('data-adapter', 'on');
  await expect(widget).toHaveAttribute('data-sticky', 'on');
  await expect(widget.getByRole('radio', { name: /Sticky sessions/ })).toBeChecked();
});

test('keyboard: the adapter switch and a broadcast work without a mouse', async ({ page }) => {
  await page.goto(PAGE);
  const widget = await connectWidget(page, WIDGET);
  await widget.getByRole('radio', { name: /No adapter/ }).focus();
  await page.keyboard.press('ArrowDown');
  await expect(widget).toHaveAttribute('data-adapter', 'on');
  await widget.getByRole('button', { name: /Ana \(node A\)/ }).focus();
  await page.keyboard.press('Enter');
  await expect(widget).toHaveAttribute('data-received', 'Ana Ben Cai Dee');
});

test('axe finds no violations, light and dark', async ({ page }) => {
  test.setTimeout(60_000); // two full-page axe runs on a long lesson, on a shared 2-core machine
  await page.goto(PAGE);
  const widget = await connectWidget(page, WIDGET);
  await widget.getByRole('button', { name: /Ana \(node A\)/ }).click();
  await expect(widget).toHaveAttribute('data-settled', 'true');
  await widget.getByRole('button', { name: 'Run a polling session' }).click();
  await expect(widget).toHaveAttribute('data-polls', '200 400');
  expect(await axeViolations(page)).toEqual([]);
  // Tall enough for the whole widget, so the sticky header does not cover part of the screenshot.
  await page.setViewportSize({ width: 1280, height: 2000 });
  await widget.screenshot({ path: 'test-results/scaling-light.png' });
  await page.getByRole('button', { name: 'Dark theme' }).click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  expect(await axeViolations(page), 'dark theme').toEqual([]);
  await widget.screenshot({ path: 'test-results/scaling-dark.png' });
});

test.describe('on a phone', () => {
  test.use({ viewport: { width: 390, height: 844 } });
  test('390 px: no sideways scroll with the widget drawn', async ({ page }) => {
    await page.goto(PAGE);
    const widget = await connectWidget(page, WIDGET);
    await widget.getByRole('button', { name: 'Run a polling session' }).click();
    await expect(widget).toHaveAttribute('data-polls', '200 400');
    const width = await page.evaluate(() => ({
      scroll: document.documentElement.scrollWidth,
      inner: window.innerWidth,
    }));
    expect(width.scroll).toBeLessThanOrEqual(width.inner);
    await widget.screenshot({ path: 'test-results/scaling-390.png' });
  });
});

test.describe('with reduced motion', () => {
  test.use({ reducedMotion: 'reduce' });
  test('the dots appear on the clients at once instead of travelling', async ({ page }) => {
    await page.goto(PAGE);
    const widget = await connectWidget(page, WIDGET);
    // Where each dot is when it is added: a travelling dot starts on its node (y 50), a still one is on the client.
    await widget.evaluate((root) => {
      const seen: string[] = [];
      (window as unknown as { dotYs: string[] }).dotYs = seen;
      new MutationObserver((records) => {
        for (const r of records) {
          for (const n of r.addedNodes) if (n instanceof SVGCircleElement) seen.push(n.getAttribute('cy') ?? '');
        }
      }).observe(root.querySelector('svg')!, { childList: true, subtree: true });
    });
    await widget.getByRole('button', { name: /Ana \(node A\)/ }).click();
    await expect(widget.locator('.dot')).toHaveCount(2);
    expect(await page.evaluate(() => (window as unknown as { dotYs: string[] }).dotYs)).toEqual(['153', '153']);
  });
});

// The lesson's main flows on a demo server started with REDIS_URL: its own redis-server and `node server/index.ts`
// two ports up (message-queues.spec.ts takes the next one), both on 127.0.0.1 and stopped after these tests,
// pass or fail. The two-node lab then uses the real Redis Streams adapter.
test.describe('on Redis', () => {
  test.describe.configure({ mode: 'serial' });
  const port = Number(process.env.E2E_PORT ?? 4399) + 2;
  const base = `http://127.0.0.1:${port}`;
  let stopAll: () => Promise<void> = async () => {};

  test.beforeAll(async () => {
    stopAll = (await startRedisDemoServer(port)).stop;
  });
  test.afterAll(() => stopAll());

  test('on Redis: without an adapter node B misses it; with one the Redis Streams adapter reaches all four', async ({
    page,
  }) => {
    await page.goto(base + PAGE);
    const widget = await connectWidget(page, WIDGET);
    await expect(widget).toHaveAttribute('data-adapter', 'off');
    await widget.getByRole('button', { name: /Ana \(node A\)/ }).click();
    await expect(widget).toHaveAttribute('data-settled', 'true');
    await expect(widget).toHaveAttribute('data-received', 'Ana Ben');
    await expect(widget).toHaveAttribute('data-missed', 'Cai Dee');

    await widget.getByRole('radio', { name: /With an adapter/ }).check();
    await expect(widget).toHaveAttribute('data-adapter', 'on');
    await expect(widget).toHaveAttribute('data-adapter-kind', 'redis-streams');
    await expect(widget.locator('[data-adapter-name]')).toHaveText('the Redis Streams adapter');
    for (const [n, sender] of [
      [2, /Cai \(node B\)/],
      [3, /Ana \(node A\)/],
    ] as const) {
      await widget.getByRole('button', { name: sender }).click();
      await expect(widget.locator('[data-log] li[data-kind="broadcast"]')).toHaveCount(n);
      await expect(widget).toHaveAttribute('data-settled', 'true');
      await expect(widget).toHaveAttribute('data-received', 'Ana Ben Cai Dee');
      await expect(widget).toHaveAttribute('data-missed', '');
    }
    await expect(page.locator(ticked('scaling-all'))).toBeChecked();
  });

  test('on Redis: fetchSockets counts all four through the adapter and serverSideEmit gets node B to answer', async ({
    page,
  }) => {
    await page.goto(base + PAGE);
    const widget = await connectWidget(page, WIDGET);
    await widget.getByRole('radio', { name: /With an adapter/ }).check();
    await expect(widget).toHaveAttribute('data-adapter-kind', 'redis-streams');
    await widget.getByRole('button', { name: /fetchSockets/ }).click();
    await expect(widget).toHaveAttribute('data-count-total', '4');
    await expect(widget.locator('[data-answers]')).toContainText('node A 2, node B 2');
    await widget.getByRole('button', { name: /serverSideEmit/ }).click();
    await expect(widget).toHaveAttribute('data-ping-replies', '1');
  });

  test('on Redis: a second learner on the share link shares the lab and its adapter mode', async ({ browser }) => {
    const a = await (await browser.newContext()).newPage();
    const b = await (await browser.newContext()).newPage();
    try {
      await a.goto(base + PAGE);
      const wa = await connectWidget(a, WIDGET);
      await wa.getByRole('radio', { name: /With an adapter/ }).check();
      await expect(wa).toHaveAttribute('data-adapter', 'on');
      await b.goto(new URL((await wa.locator('[data-share-link]').getAttribute('href'))!, base).href);
      const wb = await connectWidget(b, WIDGET);
      await expect(wb).toHaveAttribute('data-lab', (await wa.getAttribute('data-lab'))!);
      await expect(wb).toHaveAttribute('data-adapter', 'on');
      await expect(wb).toHaveAttribute('data-adapter-kind', 'redis-streams');
    } finally {
      for (const p of [a, b]) await p.context().close();
    }
  });
});
