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
