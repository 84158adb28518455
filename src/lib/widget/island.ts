// Widgets are islands: their code (D3, socket.io-client) is fetched only when they come near the viewport.
// A page can switch every widget off (<html data-widgets="off">, as /print/ does): they stay as printed text.
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
        whenVisible(this, () => void load().then((m) => m.mount(root)));
      }
    },
  );
}
