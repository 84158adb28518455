// Widgets are islands: their code (D3, socket.io-client) is fetched only when they come near the viewport.
// A page can switch every widget off (<html data-widgets="off">, as /print/ does): they stay as printed text.
import { STATUS_WORDING } from './connection-status.ts';

export function whenVisible(element: Element, load: () => void, rootMargin = '300px'): void {
  if (document.documentElement.dataset.widgets === 'off') return;
  if (!('IntersectionObserver' in window)) {
    load();
    return;
  }
  const observer = new IntersectionObserver(
    (entries) => {
      if (entries.some((e) => e.isIntersecting)) {
        observer.disconnect();
        load();
      }
    },
    { rootMargin },
  );
  observer.observe(element);
}

/** Waits between attempts to fetch a widget's code: quick at first, then every 15 s while the server stays away. */
export const RETRY_DELAYS_MS = [1000, 2000, 4000, 8000, 15000] as const;
export const retryDelay = (attempt: number): number => RETRY_DELAYS_MS[Math.min(attempt, RETRY_DELAYS_MS.length - 1)]!;

/**
 * Fetches a widget's code, and when that fails (the server is down, the network dropped: "Failed to fetch
 * dynamically imported module") tells `onFail` and tries again after a backoff, until it arrives. Chromium does
 * not cache a failed dynamic import, so calling `load` again fetches again.
 */
export async function loadWithRetry<T>(
  load: () => Promise<T>,
  onFail: (error: unknown, attempt: number) => void,
  wait: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await load();
    } catch (error) {
      onFail(error, attempt);
      await wait(retryDelay(attempt));
    }
  }
}

/** While the code cannot be fetched, the widget says so in its frame's own words (offline sentence, status). */
function showOffline(root: HTMLElement): void {
  root.dataset.state = 'unreachable';
  const status = root.querySelector<HTMLElement>('[data-status]');
  if (status) status.textContent = `${STATUS_WORDING.unreachable} Trying again…`;
  const offline = root.querySelector<HTMLElement>('[data-unreachable]');
  if (offline) offline.hidden = false;
}

function clearOffline(root: HTMLElement): void {
  if (root.dataset.state === 'unreachable') root.dataset.state = 'loading';
  const offline = root.querySelector<HTMLElement>('[data-unreachable]');
  if (offline) offline.hidden = true;
}

export const prefersReducedMotion = () => matchMedia('(prefers-reduced-motion: reduce)').matches;

/**
 * Defines a widget's custom element: it finds the WidgetFrame root inside itself and mounts the widget's code,
 * fetched by `load` (a literal `() => import('./widget.ts')`, so Vite splits it out) once it nears the viewport.
 * `prepare` runs at once, before anything heavy loads: a shell uses it for what must work early (a deep link
 * restoring form settings, a prop handed over from the markup).
 */
export function defineLazyWidget(
  tag: string,
  load: () => Promise<{ mount(root: HTMLElement): void }>,
  prepare?: (root: HTMLElement) => void,
): void {
  if (customElements.get(tag)) return;
  customElements.define(
    tag,
    class extends HTMLElement {
      connectedCallback() {
        const root = this.querySelector<HTMLElement>('[data-widget]') ?? this;
        prepare?.(root);
        whenVisible(this, () => {
          void loadWithRetry(load, () => showOffline(root)).then((m) => {
            clearOffline(root);
            m.mount(root);
          });
        });
      }
    },
  );
}
