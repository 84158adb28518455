// "Getting missed events back": connection state recovery, offset replay across a reload, and acks with retries
// (with and without dedupe), each driven through the lab's own controls and read from the state it exposes.
import { test, expect, axeViolations, connectWidget } from './fixtures.ts';
import { lane, num, stopAndSettle } from './missed-lab.ts';

// A drop is the server closing a client's live transport. If the client was writing at that instant (a pong, a
// queued emit), Chromium logs this line for the write: the simulated outage itself, not a fault in our code.
test.use({ allowedConsoleErrors: [/WebSocket is already in CLOSING or CLOSED state/] });

const PAGE = '/lessons/recovering-missed-events/';

test('connection state recovery: Bob dropped for 3 s misses 0 and socket.recovered is true', async ({ page }) => {
  await page.goto(PAGE);
  const widget = await connectWidget(page, '#recovery-lab');
  await expect(widget).toHaveAttribute('data-strategy', 'recovery');
  const bob = lane(widget, 'Bob');
  await expect.poll(async () => num(bob, 'received')).toBeGreaterThan(5);
  await widget.getByLabel('A drop lasts').selectOption('3');
  await bob.getByRole('button', { name: 'Drop Bob' }).click();
  await expect(bob).toHaveAttribute('data-outages', '1');
  await expect(bob).toHaveAttribute('data-recovered-session', 'true', { timeout: 10_000 });
  await expect(widget.locator('[data-log] li[data-kind="back"]').last()).toContainText('session recovered');
  await expect(page.locator('try-exercise[data-try="recovering-csr"] input[type=checkbox]')).toBeChecked();

  const sent = await stopAndSettle(widget);
  await expect(bob).toHaveAttribute('data-missed', '0');
  await expect(bob).toHaveAttribute('data-duplicates', '0');
  await expect(bob).toHaveAttribute('data-matches', 'true');
  const recovered = await num(bob, 'recovered');
  expect(recovered, 'the packets the server kept during about 3 s at 10/s').toBeGreaterThanOrEqual(20);
  expect(recovered).toBeLessThanOrEqual(40);
  expect(await num(bob, 'unique')).toBe(sent - (await num(bob, 'from')) + 1);
  await expect(bob.locator('rect.cell[data-kind="replayed"]')).toHaveCount(recovered);
});

test('offset replay: after a page reload Bob has 0 missed and nothing duplicated', async ({ page }) => {
  await page.goto(`${PAGE}?recovery-lab.strategy=offset`);
  const widget = await connectWidget(page, '#recovery-lab');
  await expect(widget).toHaveAttribute('data-strategy', 'offset');
  const bob = lane(widget, 'Bob');
  await expect.poll(async () => num(bob, 'received')).toBeGreaterThan(5);
  await bob.getByRole('button', { name: 'Reload Bob’s page' }).click();
  await expect(bob).toHaveAttribute('data-outages', '1');
  await expect(bob).toHaveAttribute('data-recovered-session', 'false', { timeout: 10_000 });
  await expect(widget.locator('[data-log] li[data-kind="replay"]').last()).toContainText('replayed');
  await expect(page.locator('try-exercise[data-try="recovering-offset"] input[type=checkbox]')).toBeChecked({
    timeout: 5_000,
  });

  await stopAndSettle(widget);
  await expect(bob).toHaveAttribute('data-missed', '0');
  await expect(bob).toHaveAttribute('data-duplicates', '0');
  await expect(bob).toHaveAttribute('data-matches', 'true');
  expect(await num(bob, 'recovered')).toBeGreaterThan(0);
});

test('acks with retries and a lost first ack: each event has its effect twice without dedupe, once with it', async ({
  page,
}) => {
  await page.goto(PAGE);
  const widget = await connectWidget(page, '#acks-lab');
  await expect(widget).toHaveAttribute('data-strategy', 'acks');
  // Its own intro and legend: effects of the clients' events, not the server's stream.
  await expect(widget.locator('.widget-intro p:visible')).toHaveCount(1);
  await expect(widget.locator('.widget-intro p:visible')).toContainText('the other way');
  await expect(widget.getByRole('list', { name: 'What the colours in a lane mean' })).toContainText('duplicate effect');
  const alice = lane(widget, 'Alice');
  await widget.getByLabel(/Drop the first delivery/).check();
  await expect(widget.getByLabel(/Drop the first delivery/)).toBeChecked();
  await alice.getByRole('button', { name: 'Send 5 events from Alice' }).click();
  await expect(widget.locator('[data-log] li[data-kind="acked"]')).toHaveCount(1, { timeout: 15_000 });
  await expect(alice).toHaveAttribute('data-sent-by-client', '5');
  await expect(alice).toHaveAttribute('data-received', '10'); // every effect twice
  await expect(alice).toHaveAttribute('data-duplicates', '5');
  await expect(alice).toHaveAttribute('data-retries', '5');

  await widget.getByLabel('Dedupe by idempotency key').check();
  await alice.getByRole('button', { name: 'Send 5 events from Alice' }).click();
  await expect(widget.locator('[data-log] li[data-kind="acked"]')).toHaveCount(2, { timeout: 15_000 });
  await expect(alice).toHaveAttribute('data-retries', '10'); // the retries still happen…
  await expect(alice).toHaveAttribute('data-received', '15'); // …but the 5 new events took effect once each
  await expect(alice).toHaveAttribute('data-duplicates', '5');
  await expect(widget.locator('[data-log] li[data-kind="deduped"]')).toHaveCount(5);
  await expect(page.locator('try-exercise[data-try="recovering-dedupe"] input[type=checkbox]')).toBeChecked();
});

test('client buffering: events Bob emits while offline leave in a burst when he is back, each applied once', async ({
  page,
}) => {
  await page.goto(PAGE);
  const widget = await connectWidget(page, '#acks-lab');
  const bob = lane(widget, 'Bob');
  await widget.getByLabel('A drop lasts').selectOption('2');
  await bob.getByRole('button', { name: 'Drop Bob' }).click();
  await expect(bob).toHaveAttribute('data-status', 'offline');
  await bob.getByRole('button', { name: 'Send 5 events from Bob' }).click();
  await expect(widget.locator('[data-log] li[data-kind="order"]').last()).toContainText(
    'while offline: the client buffers them',
  );
  await expect(bob).toHaveAttribute('data-received', '0');
  await expect(bob).toHaveAttribute('data-recovered-session', 'false', { timeout: 10_000 });
  await expect(widget.locator('[data-log] li[data-kind="acked"]')).toHaveCount(1, { timeout: 10_000 });
  await expect(bob).toHaveAttribute('data-received', '5');
  await expect(bob).toHaveAttribute('data-duplicates', '0');
  await expect(bob).toHaveAttribute('data-missed', '0');
});

test('axe finds no violations on the lesson with both labs connected, light and dark', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto(PAGE);
  const recovery = await connectWidget(page, '#recovery-lab');
  await connectWidget(page, '#acks-lab');
  await recovery.getByRole('button', { name: 'Stop the stream' }).click(); // a still page for axe
  await expect(recovery).toHaveAttribute('data-running', 'false');
  expect(await axeViolations(page)).toEqual([]);
  await page.getByRole('button', { name: 'Dark theme' }).click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  expect(await axeViolations(page), 'dark theme').toEqual([]);
});
