// Every widget with settings keeps them in the URL and offers "Copy link to this setup" (the README promises it).
import { test, expect } from './fixtures.ts';

const WITH_SETTINGS: Array<[lesson: string, kind: string]> = [
  ['emitting-events', 'emit-sequence'],
  ['broadcasts-and-rooms', 'rooms-explorer'],
  ['acknowledgements', 'ack-lab'],
  ['namespaces', 'namespaces'],
  ['missed-events', 'missed-events'],
  ['message-queues', 'queue-lab'],
  ['socket-io-transports', 'transport-inspector'],
  ['websockets', 'polling-vs-push'],
  ['tcp-vs-udp', 'tcp-udp-sim'],
  ['packets', 'packet-dissector'],
  ['securing-connections', 'security-lab'],
  ['scaling-across-servers', 'two-nodes'],
];

for (const [lesson, kind] of WITH_SETTINGS) {
  test(`${kind} on /lessons/${lesson}/ shows "Copy link to this setup", linking to it`, async ({ page }) => {
    await page.goto(`/lessons/${lesson}/`);
    const widget = page.locator(`[data-widget="${kind}"]`).first();
    await widget.scrollIntoViewIfNeeded();
    await expect(widget.getByRole('button', { name: 'Copy link to this setup' })).toBeVisible();
    const id = await widget.getAttribute('id');
    await expect(widget).toHaveAttribute('data-setup-href', new RegExp(`#${id}$`));
  });
}
