// Driving the missed-events lab from a spec: its lanes, counters and controls, as both lessons use it.
import { expect } from './fixtures.ts';
import type { Locator } from '@playwright/test';

export const lane = (widget: Locator, name: string) => widget.locator(`[data-lane="${name}"]`);
export const num = async (l: Locator, key: string) => Number(await l.getAttribute(`data-${key}`));

/** Stops the stream and waits until every lane has caught up with the server's own count; returns that count. */
export async function stopAndSettle(widget: Locator): Promise<number> {
  await widget.getByRole('button', { name: 'Stop the stream' }).click();
  await expect(widget).toHaveAttribute('data-running', 'false');
  // Every lane has heard the server's final count over its own connection, and they all agree.
  let sent = 0;
  await expect
    .poll(async () => {
      const all = await widget.getAttribute('data-server-sent');
      const lanes = await Promise.all(
        ['Alice', 'Bob', 'Carol'].map((n) => lane(widget, n).getAttribute('data-server-sent')),
      );
      sent = Number(all);
      return lanes.every((v) => v === all) && sent > 0;
    })
    .toBe(true);
  return sent;
}
