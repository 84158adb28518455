import { test, expect, axeViolations, connectWidget } from './fixtures.ts';
import type { Locator, Page } from '@playwright/test';
import { startRedisDemoServer } from './redis-demo-server.ts';

const WIDGET = '[data-widget="queue-lab"]';
const LESSON = '/lessons/message-queues/';

/** Opens the lesson with the widget's settings in the URL and waits for all three consumers to be consuming. */
async function open(page: Page, settings: Record<string, string> = {}, base = ''): Promise<Locator> {
  const query = new URLSearchParams(Object.entries(settings).map(([k, v]) => [`queue-lab.${k}`, v])).toString();
  await page.goto(`${base}${LESSON}${query ? `?${query}` : ''}`);
  const widget = await connectWidget(page, WIDGET);
  await expect(widget.locator('[data-consumers] li[data-consumer][data-status="up"]')).toHaveCount(3);
  return widget;
}

/** The consumer whose card says it holds `text`. */
async function holderOf(widget: Locator, text: string): Promise<string> {
  const card = widget.locator(`[data-consumers] li[data-consumer][data-holding*="${text}"]`);
  await expect(card).toHaveCount(1);
  return (await card.getAttribute('data-consumer'))!;
}

test('a crashed consumer’s message is redelivered at once to another consumer', async ({ page }) => {
  const widget = await open(page, { work: '8000' }); // long enough that the first consumer is still working on it
  await widget.getByRole('button', { name: 'Publish a job' }).click();
  const holder = await holderOf(widget, 'job 1');
  await widget.getByRole('button', { name: `Crash ${holder}` }).click();
  await expect(widget.locator(`[data-consumers] li[data-consumer="${holder}"]`)).toHaveAttribute(
    'data-status',
    'crashed',
  );

  const row = widget.locator('g.msg[data-text="job 1"]');
  await expect(row.locator('path.mark[data-type="redelivered"]')).toHaveCount(1);
  const deliveredTo = (await row.getAttribute('data-delivered-to'))!.split(',');
  expect(deliveredTo[0]).toBe(holder);
  expect(deliveredTo).toHaveLength(2);
  expect(deliveredTo[1]).not.toBe(holder);
  await expect(widget.locator(`[data-consumers] li[data-consumer="${deliveredTo[1]}"]`)).toHaveAttribute(
    'data-holding',
    /job 1/,
  );
  // The broker handed it back because the consumer left, not because a timeout passed: the log says which.
  await expect(widget.locator('[data-log] li[data-type="requeued"]')).toHaveAttribute(
    'data-reason',
    'consumer-removed',
  );
  await expect(widget.locator('[data-log] li[data-type="requeued"]')).toContainText('at once');
  await expect(page.locator('try-exercise[data-try="message-queues-crash"] input[type=checkbox]')).toBeChecked();

  // Restarting brings the consumer back as a new socket, subscribed again.
  await widget.getByRole('button', { name: `Restart ${holder}` }).click();
  await expect(widget.locator(`[data-consumers] li[data-consumer="${holder}"]`)).toHaveAttribute('data-status', 'up');
});

test('a poison message lands in the dead-letter queue after N failed deliveries', async ({ page }) => {
  const widget = await open(page, { work: '300', dlq: '2' });
  await widget.getByRole('button', { name: 'Publish a poison message' }).click();
  await expect(widget.locator('[data-dlq] li')).toHaveCount(1);
  await expect(widget.locator('[data-dlq] li')).toContainText('poison 1');
  await expect(widget.locator('[data-dlq] li')).toContainText('after 2 deliveries');
  await expect(widget).toHaveAttribute('data-dead-letters', '1');
  const row = widget.locator('g.msg[data-poison="true"]');
  await expect(row).toHaveAttribute('data-state', 'dead');
  await expect(row.locator('path.mark[data-type="delivered"], path.mark[data-type="redelivered"]')).toHaveCount(2);
  await expect(row.locator('path.mark[data-type="dead-lettered"]')).toHaveCount(1);
  await expect(widget.locator('[data-log] li[data-kind="nack"]')).toHaveCount(2);
  await expect(page.locator('try-exercise[data-try="message-queues-poison"] input[type=checkbox]')).toBeChecked();
  // A failed attempt is not a job done: every consumer's count stays at 0.
  await expect(widget.locator('[data-consumers] li[data-consumer][data-processed="0"]')).toHaveCount(3);
  await expect(widget.locator('[data-consumers]')).not.toContainText('Done: 1');
});

test('a consumer frozen mid-job carries on for the time it had left when it wakes, then acks', async ({ page }) => {
  // The visibility timeout (60 s) never runs out here: only the freeze pauses the 3 s of work.
  const widget = await open(page, { vis: '60000', work: '3000' });
  await widget.getByRole('button', { name: 'Publish a job' }).click();
  const holder = await holderOf(widget, 'job 1');
  await widget.getByRole('button', { name: `Freeze ${holder}` }).click();
  await widget.getByRole('button', { name: `Freeze ${holder}` }).click();
  const thaw = widget.locator('[data-log] li[data-kind="thaw"]');
  await expect(thaw).toContainText(/“job 1”: [0-3]\.\d s of work left/);
  // Still working on it right after waking (the log line comes before any ack), then done once, by the holder.
  await expect(widget.locator('[data-log] li[data-type="acked"]')).toHaveCount(0);
  await expect(widget.locator('g.msg[data-text="job 1"]')).toHaveAttribute('data-state', 'done');
  await expect(widget.locator(`[data-consumers] li[data-consumer="${holder}"]`)).toHaveAttribute('data-processed', '1');
});

test('with acknowledgements off, a crash loses the message (at-most-once)', async ({ page }) => {
  const widget = await open(page, { ack: 'off', work: '8000', prefetch: '3' });
  await expect(widget).toHaveAttribute('data-ack', 'off');
  await widget.getByRole('button', { name: 'Publish a job' }).click();
  const holder = await holderOf(widget, 'job 1');
  await widget.getByRole('button', { name: `Crash ${holder}` }).click();
  await expect(widget.locator('[data-log] li[data-kind="crash"]')).toContainText('lost (at-most-once)');
  // Publish another job and wait until it is delivered: had job 1 come back, it would have been delivered first.
  await widget.getByRole('button', { name: 'Publish a job' }).click();
  await expect(widget.locator('g.msg[data-text="job 2"]')).toHaveAttribute('data-state', 'done');
  await expect(widget.locator('g.msg[data-text="job 1"] path.mark[data-type="redelivered"]')).toHaveCount(0);
  await expect(widget.locator('g.msg[data-text="job 1"]')).toHaveAttribute('data-delivered-to', holder);
  await expect(page.locator('try-exercise[data-try="message-queues-auto-ack"] input[type=checkbox]')).toBeChecked();
  // Prefetch means nothing without acks, so its control is off, but it keeps its value when another setting changes.
  await expect(widget.getByRole('combobox', { name: 'Prefetch' })).toBeDisabled();
  await widget.getByRole('checkbox', { name: 'Dedupe by key' }).check();
  await expect(widget.locator('[data-log] li[data-kind="settings"]').last()).toContainText('dedupe on');
  expect(page.url()).toContain('queue-lab.prefetch=3');
  expect(page.url()).toContain('queue-lab.ack=off');
});

test('a frozen consumer keeps its socket; the visibility timeout hands its message to another, and its late ack is refused', async ({
  page,
}) => {
  // The work (3 s) is shorter than the visibility timeout (5 s): only freezing makes the consumer miss it.
  const widget = await open(page, { vis: '5000', work: '3000' });
  await widget.getByRole('button', { name: 'Publish a job' }).click();
  const holder = await holderOf(widget, 'job 1');
  await widget.getByRole('button', { name: `Freeze ${holder}` }).click();
  await expect(widget.locator('[data-log] li[data-kind="freeze"]')).toHaveCount(1);
  await expect(widget.locator('[data-log] li[data-type="acked"]')).toHaveCount(0);
  await expect(widget.getByRole('button', { name: `Freeze ${holder}` })).toHaveAttribute('aria-pressed', 'true');
  await expect(widget.locator('[data-log] li[data-type="requeued"]')).toHaveAttribute('data-reason', 'timeout');
  const row = widget.locator('g.msg[data-text="job 1"]');
  await expect(row.locator('path.mark[data-type="redelivered"]')).toHaveCount(1);
  expect((await row.getAttribute('data-delivered-to'))!.split(',')[1]).not.toBe(holder);
  await expect(widget.locator(`[data-consumers] li[data-consumer="${holder}"]`)).toHaveAttribute(
    'data-status',
    'frozen',
  );
  // Wake it: it finishes the job it still thinks it has, and the broker refuses the stale ack.
  await widget.getByRole('button', { name: `Freeze ${holder}` }).click();
  await expect(widget.locator('[data-log] li[data-kind="late-ack"]')).toContainText(
    `${holder} finished “job 1” too late`,
  );
  // In the learner's words: the consumer and the message number, no socket id or delivery tag.
  await expect(widget.locator('[data-log] li[data-kind="late-ack"]')).toContainText('(message #1)');
  await expect(widget.locator('[data-log] li[data-kind="late-ack"]')).not.toContainText(/tag|socket/i);
});

test('fan-out from the URL gives every consumer its own copy; a work queue gives one', async ({ page }) => {
  const widget = await open(page, { mode: 'fanout', work: '300' });
  await expect(widget.getByRole('radio', { name: /Fan-out/ })).toBeChecked();
  await widget.getByRole('button', { name: 'Publish a job' }).click();
  const row = widget.locator('g.msg[data-text="job 1"]');
  await expect(row.locator('path.mark[data-type="acked"]')).toHaveCount(3);
  expect((await row.getAttribute('data-delivered-to'))!.split(',').sort()).toEqual(['Ada', 'Ben', 'Cleo']);
  await expect(page.locator('try-exercise[data-try="message-queues-modes"] input[type=checkbox]')).toBeChecked();

  // Switch to a work queue from the keyboard: the URL follows, and the queue is rebuilt.
  await widget.getByRole('radio', { name: /Fan-out/ }).focus();
  await page.keyboard.press('ArrowLeft');
  await expect(widget).toHaveAttribute('data-mode', 'work');
  expect(page.url()).toContain('queue-lab.mode=work');
  await widget.getByRole('button', { name: 'Publish a job' }).focus();
  await page.keyboard.press('Enter');
  const next = widget.locator('g.msg[data-text="job 2"]');
  await expect(next).toHaveAttribute('data-state', 'done');
  expect((await next.getAttribute('data-delivered-to'))!.split(',')).toHaveLength(1);
});

test('dedupe drops the second publish with the same key', async ({ page }) => {
  const widget = await open(page, { dedupe: 'on', work: '300' });
  await widget.getByRole('button', { name: 'Publish a payment twice (same key)' }).click();
  await expect(widget.locator('g.msg[data-state="deduped"]')).toHaveCount(1);
  await expect(widget.locator('g.msg[data-state="done"]')).toHaveCount(1);
  await expect(page.locator('try-exercise[data-try="message-queues-dedupe"] input[type=checkbox]')).toBeChecked();
});

test('axe finds no violations with the lab in use, light and dark', async ({ page }) => {
  test.slow(); // axe over a long lesson, twice, on a shared 2-core machine
  const widget = await open(page, { work: '300', dlq: '2' });
  await widget.getByRole('button', { name: 'Publish a poison message' }).click();
  await expect(widget.locator('[data-dlq] li')).toHaveCount(1);
  expect(await axeViolations(page)).toEqual([]);
  await page.getByRole('button', { name: 'Dark theme' }).click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  expect(await axeViolations(page), 'dark theme').toEqual([]);
});

test('labs are separate; a share link adds the second page’s consumers to the same queue', async ({ browser }) => {
  test.slow(); // three browser contexts, twelve sockets
  const a = await (await browser.newContext()).newPage();
  const b = await (await browser.newContext()).newPage();
  const widgetA = await open(a, { work: '300' });
  const widgetB = await open(b, { work: '300' });
  expect(await widgetA.getAttribute('data-lab')).not.toEqual(await widgetB.getAttribute('data-lab'));
  await widgetA.getByRole('button', { name: 'Publish a job' }).click();
  await expect(widgetA.locator('g.msg[data-text="job 1"]')).toHaveAttribute('data-state', 'done');
  await widgetB.getByRole('button', { name: 'Publish a poison message' }).click();
  await expect(widgetB.locator('g.msg[data-poison="true"]')).toHaveCount(1);
  await expect(widgetB.locator('g.msg[data-text="job 1"]')).toHaveCount(0); // A's job never reached B's lab

  // C opens A's share link: six consumers compete for A's queue, and C sees A's messages.
  const c = await (await browser.newContext()).newPage();
  await c.goto((await widgetA.locator('[data-share-link]').getAttribute('href'))!);
  const widgetC = await connectWidget(c, WIDGET);
  await expect(widgetC).toHaveAttribute('data-lab', (await widgetA.getAttribute('data-lab'))!);
  await expect(widgetA).toHaveAttribute('data-lab-consumers', '6');
  await widgetA.getByRole('button', { name: 'Publish a job' }).click();
  await expect(widgetC.locator('g.msg[data-text="job 2"]')).toHaveAttribute('data-state', 'done');
  for (const p of [a, b, c]) await p.context().close();
});

test('alone, the lab says its broker is in memory and shows no Redis commands', async ({ page }) => {
  const widget = await open(page, { work: '300' });
  await expect(widget).toHaveAttribute('data-broker', 'in-memory');
  await expect(widget.locator('[data-broker]')).toContainText('in-memory broker');
  await expect(widget.locator('[data-commands-note]')).toContainText('REDIS_URL');
  await widget.getByRole('button', { name: 'Publish a job' }).click();
  await expect(widget.locator('g.msg[data-text="job 1"]')).toHaveAttribute('data-state', 'done');
  await expect(widget.locator('[data-commands] li')).toHaveCount(0);
});

// The same lesson on a demo server started with REDIS_URL: its own redis-server and `node server/index.ts` on the
// next port, both bound to 127.0.0.1 and stopped after these tests, pass or fail.
test.describe('on Redis Streams', () => {
  test.describe.configure({ mode: 'serial' });
  const port = Number(process.env.E2E_PORT ?? 4399) + 1;
  const base = `http://127.0.0.1:${port}`;
  let stopAll: () => Promise<void> = async () => {};

  test.beforeAll(async () => {
    stopAll = (await startRedisDemoServer(port)).stop;
  });
  test.afterAll(() => stopAll());

  test('the lab runs on Redis Streams and lists the commands it sends as it sends them', async ({ page }) => {
    const widget = await open(page, { work: '300' }, base);
    await expect(widget).toHaveAttribute('data-broker', 'redis-streams');
    await expect(widget.locator('[data-broker]')).toContainText('Redis Streams');
    const commands = widget.locator('[data-commands] li');
    await expect(commands.filter({ hasText: /^XGROUP CREATECONSUMER/ })).toHaveCount(3);
    await widget.getByRole('button', { name: 'Publish a job' }).click();
    await expect(widget.locator('g.msg[data-text="job 1"]')).toHaveAttribute('data-state', 'done');
    await expect(commands.filter({ hasText: /^XADD …:stream MAXLEN ~ \d+ \* id m1 body/ })).toHaveCount(1);
    await expect(commands.filter({ hasText: /^XADD/ })).toContainText('job 1'); // the body, as text
    const read = /^XREADGROUP GROUP work \S+ COUNT 1 STREAMS …:stream >/; // COUNT: room in the prefetch window
    await expect(commands.filter({ hasText: read })).toHaveCount(1);
    await expect(commands.filter({ hasText: /^XACK …:stream work \d+-\d+ → \(integer\) 1/ })).toHaveCount(1);
    // role="log" is an implicit aria-live="polite": new lines are read out, politely.
    await expect(widget.locator('[data-commands-log]')).toHaveAttribute('role', 'log');
  });

  test('on Redis, a crashed consumer’s message is handed to another at once', async ({ page }) => {
    const widget = await open(page, { work: '8000' }, base);
    await widget.getByRole('button', { name: 'Publish a job' }).click();
    const holder = await holderOf(widget, 'job 1');
    await widget.getByRole('button', { name: `Crash ${holder}` }).click();
    const row = widget.locator('g.msg[data-text="job 1"]');
    await expect(row.locator('path.mark[data-type="redelivered"]')).toHaveCount(1);
    expect((await row.getAttribute('data-delivered-to'))!.split(',')[1]).not.toBe(holder);
    await expect(widget.locator('[data-log] li[data-type="requeued"]')).toHaveAttribute(
      'data-reason',
      'consumer-removed',
    );
    // Handed back with XCLAIM (marked idle), then claimed by a consumer with room with XAUTOCLAIM.
    await expect(widget.locator('[data-commands] li').filter({ hasText: /^XCLAIM/ })).toHaveCount(1);
    await expect(widget.locator('[data-commands] li').filter({ hasText: /^XAUTOCLAIM.*1 entry claimed/ })).toHaveCount(
      1,
    );
  });

  test('on Redis, a poison message reaches the dead-letter stream; axe clean, light and dark', async ({ page }) => {
    test.slow();
    const widget = await open(page, { work: '300', dlq: '2' }, base);
    await widget.getByRole('button', { name: 'Publish a poison message' }).click();
    await expect(widget.locator('[data-dlq] li')).toContainText('after 2 deliveries');
    await expect(widget.locator('[data-commands] li').filter({ hasText: /^XADD …:dead/ })).toHaveCount(1);
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Dark theme' }).click();
    expect(await axeViolations(page), 'dark theme').toEqual([]);
  });

  test('on Redis, the lab fits a 390 px phone without sideways scroll', async ({ page }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    const widget = await open(page, { work: '300' }, base);
    await widget.getByRole('button', { name: 'Publish a job' }).click();
    await expect(widget.locator('[data-commands] li').filter({ hasText: /^XACK/ })).toHaveCount(1);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  });
});
