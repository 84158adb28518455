import { test, expect, expectNoAxeViolationsInEitherTheme } from './fixtures.ts';
import { ITEMS } from '../../src/widgets/layer-mapper/data.ts';
import type { Page } from '@playwright/test';

const MAPPER = '[data-widget="layer-mapper"]';

async function openMapper(page: Page) {
  await page.goto('/lessons/layers/');
  const mapper = page.locator(MAPPER);
  await mapper.scrollIntoViewIfNeeded();
  await expect(mapper).toHaveAttribute('data-state', 'ready');
  return mapper;
}

test('a right placement, made from the keyboard, is confirmed with its reason', async ({ page }) => {
  const mapper = await openMapper(page);
  await mapper.locator('.chip[data-item="tcp"]').focus();
  await page.keyboard.press('Enter');
  await expect(mapper).toHaveAttribute('data-picked', 'tcp');
  await expect(mapper.locator('.chip[data-item="tcp"]')).toHaveAttribute('aria-pressed', 'true');
  await mapper.locator('[data-place="osi-4"]').focus();
  await page.keyboard.press('Enter');
  const feedback = mapper.locator('[data-feedback]');
  await expect(feedback).toHaveAttribute('data-verdict', 'right');
  await expect(feedback).toContainText('Right: TCP in layer 4, Transport.');
  await expect(feedback).toContainText('byte stream between two programs');
  await expect(mapper.locator('[data-layer-id="osi-4"] .chip[data-item="tcp"]')).toHaveAttribute(
    'data-correct',
    'true',
  );
  await expect(mapper).toHaveAttribute('data-correct', '1');
});

test('a wrong placement is marked wrong and explained', async ({ page }) => {
  const mapper = await openMapper(page);
  await mapper.locator('.chip[data-item="websocket"]').click();
  await mapper.locator('[data-place="osi-4"]').click();
  const feedback = mapper.locator('[data-feedback]');
  await expect(feedback).toHaveAttribute('data-verdict', 'wrong');
  await expect(feedback).toContainText('Not quite: WebSocket is not in layer 4, Transport.');
  await expect(feedback).toContainText('runs on top of TCP');
  await expect(feedback).toContainText('belongs in layer 7, Application');
  await expect(mapper.locator('[data-layer-id="osi-4"] .chip[data-item="websocket"]')).toHaveAttribute(
    'data-correct',
    'false',
  );
  // Moving it fixes it.
  await mapper.locator('[data-layer-id="osi-4"] .chip[data-item="websocket"]').click();
  await mapper.locator('[data-place="osi-7"]').click();
  await expect(feedback).toHaveAttribute('data-verdict', 'right');
  await expect(mapper).toHaveAttribute('data-placed', '1');
});

test('the TCP/IP model has its own layers and its own explanations', async ({ page }) => {
  const mapper = await openMapper(page);
  await mapper.getByRole('radio', { name: 'TCP/IP (4 layers)' }).check();
  await expect(mapper).toHaveAttribute('data-model', 'tcpip');
  await expect(mapper.locator('[data-place]')).toHaveCount(4);
  await mapper.locator('.chip[data-item="tls"]').click();
  await mapper.locator('[data-place="tcpip-3"]').click();
  await expect(mapper.locator('[data-feedback]')).toContainText('rides on a TCP connection');
  await mapper.locator('.chip[data-item="tls"]').click();
  await mapper.locator('[data-place="tcpip-4"]').click();
  await expect(mapper.locator('[data-feedback]')).toHaveAttribute('data-verdict', 'right');
});

test('completing the OSI mapping ticks the exercise', async ({ page }) => {
  const mapper = await openMapper(page);
  // Placed by hand: the tick is for what the learner did ("Show answers" must not tick, see below).
  for (const item of ITEMS) {
    await mapper.locator(`[data-items] .chip[data-item="${item.id}"]`).click();
    await mapper.locator(`[data-place="${item.osi.accept[0]}"]`).click();
  }
  await expect(mapper).toHaveAttribute('data-correct', (await mapper.getAttribute('data-items')) ?? '15');
  await expect(page.locator('try-exercise[data-try="layers-mapper"] input[type=checkbox]')).toBeChecked();
});

test('"Show answers" completes the board but does not tick the exercise', async ({ page }) => {
  const mapper = await openMapper(page);
  await mapper.getByRole('button', { name: 'Show answers' }).click();
  await expect(mapper).toHaveAttribute('data-correct', (await mapper.getAttribute('data-items')) ?? '15');
  await expect(mapper).toHaveAttribute('data-revealed', 'osi');
  await expect(page.locator('try-exercise[data-try="layers-mapper"] input[type=checkbox]')).not.toBeChecked();
});

test('axe finds no violations on the layers lesson, light and dark', async ({ page }) => {
  test.setTimeout(90_000); // two full axe runs; the 2-core machine is shared
  const mapper = await openMapper(page);
  await mapper.locator('.chip[data-item="hub"]').click();
  await mapper.locator('[data-place="osi-2"]').click();
  await expect(mapper.locator('[data-feedback]')).toHaveAttribute('data-verdict', 'wrong');
  await expectNoAxeViolationsInEitherTheme(page);
});

test('by keyboard, an item takes a few keys: Enter, arrows between layers, Enter', async ({ page }) => {
  const mapper = await openMapper(page);
  await mapper.locator('[data-items] .chip').first().focus();
  const first = await mapper.locator('[data-items] .chip').first().getAttribute('data-item');
  await page.keyboard.press('Enter');
  await expect(mapper).toHaveAttribute('data-picked', first ?? '');
  await expect(mapper.locator('[data-place="osi-7"]')).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(mapper.locator('[data-place="osi-6"]')).toBeFocused();
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('Enter');
  await expect(mapper).toHaveAttribute('data-placed', '1');
  // The tray and the layers are one Tab stop each.
  await expect(mapper.locator('[data-items] .chip[tabindex="0"]')).toHaveCount(1);
  await expect(mapper.locator('.place[tabindex="0"]')).toHaveCount(1);
});

test.describe('layer mapper on a phone', () => {
  test.use({ viewport: { width: 390, height: 844 } });
  test('the feedback of a placement is on screen', async ({ page }) => {
    const mapper = await openMapper(page);
    await mapper.locator('.chip[data-item="hub"]').click();
    await mapper.locator('[data-place="osi-2"]').click();
    await expect(mapper.locator('[data-feedback]')).toHaveAttribute('data-verdict', 'wrong');
    await expect(mapper.locator('[data-feedback]')).toBeInViewport();
  });
});
