import { test, expect, connectWidget, expectNoAxeViolationsInEitherTheme } from './fixtures.ts';
import type { Page } from '@playwright/test';

const WIDGET = '[data-widget="rooms-explorer"]';

/** Opens the lesson and waits for the starting layout: Ana in room1, Ben in room2, Cleo in both, Dev in none. */
async function open(page: Page) {
  await page.goto('/lessons/broadcasts-and-rooms/');
  const widget = await connectWidget(page, WIDGET);
  await expect(widget.locator('line.member')).toHaveCount(4);
  await expect(widget.getByRole('checkbox', { name: 'Cleo in room2' })).toBeChecked();
  return widget;
}

interface FireOptions {
  sender: string;
  variant: string;
  room?: string;
  room2?: string;
  target?: string;
  predict?: string[];
}

/** Fires a variant and waits until every client has answered its round trip; returns who really received it. */
async function fire(page: Page, o: FireOptions) {
  const widget = page.locator(WIDGET);
  await widget.getByLabel('Sender').selectOption(o.sender);
  if (o.room) await widget.locator('select[name="room"]').selectOption(o.room);
  if (o.room2) await widget.locator('select[name="room2"]').selectOption(o.room2);
  if (o.target) await widget.locator('select[name="target"]').selectOption(o.target);
  await widget.locator(`input[name="variant"][value="${o.variant}"]`).check();
  const predictOn = widget.locator('[data-predict-on]');
  if (o.predict) {
    await predictOn.check();
    for (const name of ['Ana', 'Ben', 'Cleo', 'Dev'])
      await widget.locator(`input[name="predict"][value="${name}"]`).setChecked(o.predict.includes(name));
  } else {
    await predictOn.uncheck();
  }
  await widget.getByRole('button', { name: 'Fire' }).click();
  const ref = await widget.getAttribute('data-firing');
  await expect(widget).toHaveAttribute('data-last-fire', ref!);
  const lit = await widget
    .locator('g.sock[data-received="true"]')
    .evaluateAll((els) => els.map((e) => e.getAttribute('data-client')).sort());
  // The graph, the exposed state and recipients() all agree.
  expect((await widget.getAttribute('data-received'))!.split(',').filter(Boolean).sort()).toEqual(lit);
  await expect(widget).toHaveAttribute('data-matches', 'true');
  return { ref: ref!, lit };
}

test('socket.to(room) reaches the room but not the sender', async ({ page }) => {
  await open(page);
  const { lit, ref } = await fire(page, { sender: 'Ana', variant: 'socket.to(room).emit', room: 'room1' });
  expect(lit).toEqual(['Cleo']);
  await expect(page.locator(`${WIDGET} path.hit[data-ref="${ref}"]`)).toHaveCount(1);
  await expect(page.locator(`${WIDGET} [data-code="socket.to(room).emit"]`)).toHaveText(
    'socket.to("room1").emit("rooms:message", msg)',
  );
  await expect(page.locator(`${WIDGET} [data-log] li[data-kind="ran"]`).last()).toContainText('/room1');
});

test('io.to([room1, room2]) reaches Cleo, who is in both, once', async ({ page }) => {
  await open(page);
  const { lit, ref } = await fire(page, {
    sender: 'Dev',
    variant: 'io.to([room,room2]).emit',
    room: 'room1',
    room2: 'room2',
  });
  expect(lit).toEqual(['Ana', 'Ben', 'Cleo']);
  await expect(page.locator(`${WIDGET} path.hit[data-ref="${ref}"][data-client="Cleo"]`)).toHaveCount(1);
  await expect(
    page.locator(`${WIDGET} [data-log] li[data-kind="received"][data-ref="${ref}"][data-client="Cleo"]`),
  ).toHaveCount(1);
  await expect(page.locator(`${WIDGET} [data-log] li[data-kind="dedup"]`)).toContainText('Cleo is in both rooms');
  await expect(page.locator('try-exercise[data-try="rooms-dedup"] input[type=checkbox]')).toBeChecked();
});

test('except subtracts rooms, and socket.* subtracts the sender', async ({ page }) => {
  await open(page);
  expect(
    (await fire(page, { sender: 'Dev', variant: 'io.to(room).except(room2).emit', room: 'room1', room2: 'room2' })).lit,
  ).toEqual(['Ana']);
  expect(
    (await fire(page, { sender: 'Ben', variant: 'socket.broadcast.except(room).emit', room: 'room1' })).lit,
  ).toEqual(['Dev']);
  expect((await fire(page, { sender: 'Ana', variant: 'io.except(room).emit', room: 'room2' })).lit).toEqual([
    'Ana',
    'Dev',
  ]);
});

test('a private message reaches one socket; socket.to(own id) reaches nobody', async ({ page }) => {
  await open(page);
  const benId = await page.locator(`${WIDGET} g.sock[data-client="Ben"]`).getAttribute('data-socket');
  const { lit } = await fire(page, { sender: 'Ana', variant: 'io.to(target).emit', target: 'Ben' });
  expect(lit).toEqual(['Ben']);
  await expect(page.locator(`${WIDGET} [data-code="io.to(target).emit"]`)).toContainText(benId!);
  await expect(page.locator('try-exercise[data-try="rooms-private"] input[type=checkbox]')).toBeChecked();
  expect((await fire(page, { sender: 'Ana', variant: 'socket.to(target).emit', target: 'Ana' })).lit).toEqual([]);
});

test('prediction mode scores the prediction against what really arrived', async ({ page }) => {
  const widget = await open(page);
  await fire(page, { sender: 'Ana', variant: 'socket.to(room).emit', room: 'room1', predict: ['Ana', 'Cleo'] });
  await expect(widget).toHaveAttribute('data-score', '3/4');
  await expect(widget.locator('[data-result]')).toContainText('you ticked Ana, who did not receive it');
  await expect(page.locator('try-exercise[data-try="rooms-predict"] input[type=checkbox]')).not.toBeChecked();
  await fire(page, { sender: 'Ana', variant: 'socket.to(room).emit', room: 'room1', predict: ['Cleo'] });
  await expect(widget).toHaveAttribute('data-score', '4/4');
  await expect(widget.locator('[data-result]')).toContainText('4 of 4 right');
  await expect(page.locator('try-exercise[data-try="rooms-predict"] input[type=checkbox]')).toBeChecked();
});

test('ticking a box really moves a client; disconnecting leaves every room', async ({ page }) => {
  const widget = await open(page);
  // Keyboard: focus Cleo's room1 box and press Space to leave room1.
  await widget.getByRole('checkbox', { name: 'Cleo in room1' }).focus();
  await page.keyboard.press('Space');
  await expect(widget.locator('line.member[data-client="Cleo"]')).toHaveCount(1);
  expect((await fire(page, { sender: 'Dev', variant: 'io.to(room).emit', room: 'room1' })).lit).toEqual(['Ana']);

  await widget.locator('[data-toggle-conn="Cleo"]').click();
  await expect(widget.locator('[data-log] li[data-kind="auto-leave"]')).toContainText('room2');
  await expect(page.locator('try-exercise[data-try="rooms-auto-leave"] input[type=checkbox]')).toBeChecked();
  await widget.locator('[data-toggle-conn="Cleo"]').click();
  await expect(widget).toHaveAttribute('data-state', 'connected');
  await expect(widget.locator('g.sock[data-client="Cleo"]')).toHaveAttribute('data-connected', 'true');
  await expect(widget.getByRole('checkbox', { name: 'Cleo in room2' })).not.toBeChecked();
  expect((await fire(page, { sender: 'Ana', variant: 'io.to(room).emit', room: 'room2' })).lit).toEqual(['Ben']);
});

test('axe finds no violations, light and dark', async ({ page }) => {
  test.slow(); // two full-page axe runs
  await open(page);
  await fire(page, { sender: 'Ana', variant: 'socket.to(room).emit', room: 'room1', predict: ['Cleo'] });
  await expectNoAxeViolationsInEitherTheme(page);
});

test('the settings live in the URL, so a link restores them', async ({ page }) => {
  const widget = await open(page);
  await widget.getByLabel('Sender').selectOption('Ben');
  await widget.locator('input[name="variant"][value="io.except(room).emit"]').check();
  await expect(page).toHaveURL(/rooms-lab\.variant=io\.except/);
  const fresh = await page.context().newPage();
  await fresh.goto(page.url());
  const again = await connectWidget(fresh, WIDGET);
  await expect(again.getByLabel('Sender')).toHaveValue('Ben');
  await expect(again.locator('input[name="variant"][value="io.except(room).emit"]')).toBeChecked();
});

/** WCAG contrast of a lit node's socket id against the node's fill, from the colours the browser computed. */
function litIdContrasts(page: Page) {
  return page.locator(`${WIDGET} g.sock[data-received="true"]`).evaluateAll((socks) => {
    const rgb = (c: string) => (c.match(/\d+(\.\d+)?/g) ?? []).slice(0, 3).map(Number);
    const lum = (c: string) => {
      const [r, g, b] = rgb(c).map((v) => (v / 255 <= 0.04045 ? v / 255 / 12.92 : ((v / 255 + 0.055) / 1.055) ** 2.4));
      return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
    };
    return socks.map((g) => {
      const text = getComputedStyle(g.querySelector('text.sub')!).fill;
      const fill = getComputedStyle(g.querySelector('circle.body')!).fill;
      const [hi, lo] = [lum(text), lum(fill)].sort((a, b) => b - a);
      return Math.round(((hi! + 0.05) / (lo! + 0.05)) * 100) / 100;
    });
  });
}

test('a lit node’s socket id reads at 4.5:1 or more on its colour, light and dark', async ({ page }) => {
  await open(page);
  await fire(page, { sender: 'Dev', variant: 'io.emit' });
  for (const theme of ['light', 'dark']) {
    if (theme === 'dark') await page.getByRole('button', { name: 'Dark theme' }).click();
    const ratios = await litIdContrasts(page);
    expect(ratios, theme).toHaveLength(4);
    for (const r of ratios) expect(r, `${theme}: ${ratios.join(', ')}`).toBeGreaterThanOrEqual(4.5);
  }
});

test('each Disconnect button names its client, and Fire keeps the keyboard focus', async ({ page }) => {
  const widget = await open(page);
  for (const name of ['Ana', 'Ben', 'Cleo', 'Dev']) {
    await expect(widget.getByRole('button', { name: `Disconnect ${name}`, exact: true })).toHaveCount(1);
  }
  await widget.locator('input[name="variant"][value="io.emit"]').check();
  const fireButton = widget.getByRole('button', { name: 'Fire' });
  await fireButton.focus();
  await page.keyboard.press('Enter');
  await expect(widget).toHaveAttribute('data-last-fire', /./);
  await expect(widget).toHaveAttribute('data-matches', 'true');
  await expect(fireButton).toBeFocused();
  // Disconnecting keeps focus on the same control, which now offers to reconnect.
  await widget.getByRole('button', { name: 'Disconnect Ben' }).click();
  await expect(widget.getByRole('button', { name: 'Reconnect Ben' })).toBeFocused();
});
