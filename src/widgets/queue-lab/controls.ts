// The queue lab's HTML controls: the settings form (read and written, never rebuilt, so focus stays put) and the
// consumer cards, whose buttons exist once in the markup and are only enabled, hidden or relabelled here.
import type { QueueDelivery } from '../../contract/index.ts';
import type { Consumer } from './consumers.ts';
import { settingsFromRecord, type LabSettings } from './settings.ts';

export function readForm(form: HTMLFormElement): LabSettings {
  // Read the controls themselves, not FormData: a disabled select (prefetch with acks off) must keep its value.
  const el = (name: string) => form.elements.namedItem(name);
  const field = (name: string) => (el(name) as HTMLSelectElement | null)?.value ?? '';
  const checked = (name: string) => ((el(name) as HTMLInputElement | null)?.checked ? 'on' : 'off');
  return settingsFromRecord({
    mode: form.querySelector<HTMLInputElement>('input[name="mode"]:checked')?.value ?? '',
    ack: checked('ack'),
    dedupe: checked('dedupe'),
    prefetch: field('prefetch'),
    vis: field('vis'),
    dlq: field('dlq'),
    work: field('work'),
  });
}

export function writeForm(form: HTMLFormElement, s: LabSettings): void {
  const el = (name: string) => form.elements.namedItem(name);
  for (const radio of form.querySelectorAll<HTMLInputElement>('input[name="mode"]'))
    radio.checked = radio.value === s.mode;
  (el('ack') as HTMLInputElement).checked = s.ack;
  (el('dedupe') as HTMLInputElement).checked = s.dedupe;
  (el('prefetch') as HTMLSelectElement).value = String(s.prefetch);
  (el('vis') as HTMLSelectElement).value = String(s.visibilityMs);
  (el('dlq') as HTMLSelectElement).value = s.maxDeliveries === null ? 'never' : String(s.maxDeliveries);
  (el('work') as HTMLSelectElement).value = String(s.processingMs);
  // Prefetch and the visibility timeout only mean something when consumers ack.
  (el('prefetch') as HTMLSelectElement).disabled = !s.ack;
  (el('vis') as HTMLSelectElement).disabled = !s.ack;
}

const STATUS_TEXT: Record<Consumer['status'], string> = {
  connecting: 'connecting…',
  up: 'consuming',
  frozen: 'frozen: not acking',
  crashed: 'crashed: disconnected',
};

export function bindConsumerCards(
  root: HTMLElement,
  actions: { crash(name: string): void; freeze(name: string): void; restart(name: string): void },
) {
  const cards = new Map<string, HTMLLIElement>();
  for (const li of root.querySelectorAll<HTMLLIElement>('[data-consumers] li[data-consumer]')) {
    const name = li.dataset.consumer!;
    cards.set(name, li);
    // One button crashes and restarts, so keyboard focus stays on it; aria-disabled (not disabled) keeps it focusable.
    const crash = li.querySelector<HTMLButtonElement>('[data-crash]')!;
    crash.addEventListener('click', () => {
      if (crash.getAttribute('aria-disabled') === 'true') return;
      if (li.dataset.status === 'crashed') actions.restart(name);
      else actions.crash(name);
    });
    const freeze = li.querySelector<HTMLButtonElement>('[data-freeze]')!;
    freeze.addEventListener('click', () => {
      if (freeze.getAttribute('aria-disabled') !== 'true') actions.freeze(name);
    });
  }

  return {
    render(consumers: Consumer[], held: (c: Consumer) => QueueDelivery[]) {
      for (const c of consumers) {
        const li = cards.get(c.name);
        if (!li) continue;
        const holding = held(c);
        li.dataset.status = c.status;
        li.dataset.holding = holding.map((d) => d.text).join('|');
        li.dataset.processed = String(c.processed);
        li.querySelector('[data-c-status]')!.textContent = STATUS_TEXT[c.status];
        li.querySelector('[data-c-holding]')!.textContent =
          holding.length === 0
            ? `Holding nothing. Done: ${c.processed}.`
            : `Working on “${holding[0]!.text}”${holding[0]!.redelivered ? ' (redelivered)' : ''}` +
              (holding.length > 1
                ? `; waiting: ${holding
                    .slice(1)
                    .map((d) => `“${d.text}”`)
                    .join(', ')}`
                : '') +
              `. Done: ${c.processed}.`;
        const crash = li.querySelector<HTMLButtonElement>('[data-crash]')!;
        const freeze = li.querySelector<HTMLButtonElement>('[data-freeze]')!;
        const alive = c.status === 'up' || c.status === 'frozen';
        crash.setAttribute('aria-disabled', String(c.status === 'connecting'));
        crash.textContent = c.status === 'crashed' ? `Restart ${c.name}` : `Crash ${c.name}`;
        freeze.setAttribute('aria-disabled', String(!alive));
        freeze.setAttribute('aria-pressed', String(c.status === 'frozen'));
      }
    },
  };
}
