// The header search box: loads Pagefind (script + index, written by the build) on first focus, shows
// results grouped by page with the matching sentence, and keeps everything reachable by keyboard.
import { excerptSegments } from './excerpt.ts';
import { phraseFirst } from './phrase.ts';

interface SubResult {
  title: string;
  url: string;
  excerpt: string;
  weighted_locations?: Array<{ balanced_score?: number }>;
}
interface ResultData {
  url: string;
  excerpt: string;
  content?: string;
  meta: { title?: string };
  sub_results?: SubResult[];
}
interface Pagefind {
  options(o: Record<string, unknown>): Promise<void>;
  init?(): Promise<void>;
  debouncedSearch(
    q: string,
    o?: object,
    ms?: number,
  ): Promise<{ results: Array<{ data(): Promise<ResultData> }> } | null>;
}

const MAX_PAGES = 8;
/** Pages read before ranking exact phrases first (phrase.ts), so a phrase page ranked low by Pagefind is seen. */
const PHRASE_POOL = 20;
const MAX_SECTIONS = 3;

/** How well one section of a page matches: Pagefind scores each matched word. Long pages (the glossary) have
 * many matching sections; the best ones come first, ties keep page order (sort is stable). */
const sectionScore = (s: SubResult) =>
  (s.weighted_locations ?? []).reduce((sum, l) => sum + (l.balanced_score ?? 1), 0);
// A variable, so the bundler leaves this import to the browser: the file only exists after `pagefind` runs.
const PAGEFIND_URL = '/pagefind/pagefind.js';

export function mountSearch(box: HTMLElement): void {
  const input = box.querySelector<HTMLInputElement>('[data-search-input]')!;
  const panel = box.querySelector<HTMLElement>('[data-search-panel]')!;
  const list = box.querySelector<HTMLOListElement>('[data-search-results]')!;
  const count = box.querySelector<HTMLElement>('[data-search-count]')!;
  const status = box.querySelector<HTMLElement>('[data-search-status]')!;
  let pagefind: Promise<Pagefind | null> | undefined;

  const load = () =>
    (pagefind ??= import(/* @vite-ignore */ PAGEFIND_URL)
      .then(async (pf: Pagefind) => {
        await pf.options({ excerptLength: 22 });
        await pf.init?.();
        box.dataset.ready = 'true';
        return pf;
      })
      .catch(() => null));

  const open = (yes: boolean) => {
    panel.hidden = !yes;
    box.dataset.open = String(yes);
  };
  const say = (text: string) => {
    count.textContent = text;
    status.textContent = text;
  };

  const link = (href: string, title: string, excerpt: string) => {
    const a = document.createElement('a');
    a.href = href;
    a.dataset.searchResult = '';
    const t = Object.assign(document.createElement('span'), { className: 'r-title', textContent: title });
    const e = Object.assign(document.createElement('span'), { className: 'r-excerpt' });
    for (const s of excerptSegments(excerpt))
      e.append(s.mark ? Object.assign(document.createElement('mark'), { textContent: s.text }) : s.text);
    a.append(t, e);
    return a;
  };

  async function run() {
    const query = input.value.trim();
    if (!query) {
      list.replaceChildren();
      status.textContent = '';
      open(false);
      return;
    }
    const pf = await load();
    if (!pf) {
      open(true);
      say('Search needs the built site: run npm start (or npm run build), then reload.');
      return;
    }
    const search = await pf.debouncedSearch(query, {}, 150);
    if (!search || input.value.trim() !== query) return; // a newer query is on its way
    const read = await Promise.all(search.results.slice(0, PHRASE_POOL).map((r) => r.data()));
    const pages = phraseFirst(query, read).slice(0, MAX_PAGES);
    list.replaceChildren(
      ...pages.map((page) => {
        const li = document.createElement('li');
        const title = page.meta.title ?? page.url;
        const sections = (page.sub_results ?? [])
          .filter((s) => s.title && s.title !== title)
          .sort((a, b) => sectionScore(b) - sectionScore(a))
          .slice(0, MAX_SECTIONS);
        li.append(Object.assign(document.createElement('p'), { className: 'r-page', textContent: title }));
        const ul = document.createElement('ul');
        const items = sections.length
          ? sections.map((s) => link(s.url, s.title, s.excerpt))
          : [link(page.url, title, page.excerpt)];
        for (const a of items) {
          const item = document.createElement('li');
          item.append(a);
          ul.append(item);
        }
        li.append(ul);
        return li;
      }),
    );
    const n = search.results.length;
    say(
      n === 0
        ? `No results for “${query}”.`
        : `${n} ${n === 1 ? 'page' : 'pages'} found for “${query}”${n > MAX_PAGES ? `, the first ${MAX_PAGES} shown` : ''}.`,
    );
    box.dataset.results = String(n);
    open(true);
  }

  const results = () => [...list.querySelectorAll<HTMLAnchorElement>('a[data-search-result]')];

  input.addEventListener('focus', () => void load(), { once: true });
  input.addEventListener('input', () => void run());
  input.addEventListener('focus', () => {
    if (input.value.trim() && list.childElementCount) open(true);
  });
  box.querySelector('form')!.addEventListener('submit', (event) => {
    event.preventDefault();
    results()[0]?.focus();
  });

  box.addEventListener('keydown', (event) => {
    const links = results();
    const at = links.indexOf(document.activeElement as HTMLAnchorElement);
    if (event.key === 'Escape') {
      if (!panel.hidden) open(false);
      else input.value = '';
      input.focus();
      event.preventDefault();
    } else if (event.key === 'ArrowDown' && links.length) {
      links[Math.min(at + 1, links.length - 1)].focus();
      open(true);
      event.preventDefault();
    } else if (event.key === 'ArrowUp' && at >= 0) {
      (at === 0 ? input : links[at - 1]).focus();
      event.preventDefault();
    }
  });
  // Close when focus or a click goes elsewhere.
  box.addEventListener('focusout', (event) => {
    if (!box.contains(event.relatedTarget as Node | null)) open(false);
  });

  // "/" from anywhere that is not already a text field.
  document.addEventListener('keydown', (event) => {
    if (event.key !== '/' || event.ctrlKey || event.metaKey || event.altKey) return;
    const target = event.target as HTMLElement;
    if (target.closest('input, textarea, select, [contenteditable=""], [contenteditable="true"]')) return;
    event.preventDefault();
    input.focus();
    input.select();
  });
}
