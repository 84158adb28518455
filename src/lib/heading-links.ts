// A "#" link beside every section heading of the lesson prose, so any section can be linked to. Added in the
// browser because the Markdown processor (Sätteri) takes no rehype plugins; ids come from Astro at build time.
// The link is its own focusable element after the heading (not inside it), named "Link to section: …" (the "#" itself is hidden from screen readers).
export function addHeadingLinks(root: ParentNode): void {
  for (const heading of root.querySelectorAll<HTMLElement>('[data-heading-links] > :is(h2, h3, h4)[id]')) {
    if (heading.parentElement?.classList.contains('heading-wrap')) continue;
    const wrap = document.createElement('div');
    wrap.className = `heading-wrap level-${heading.tagName.toLowerCase()}`;
    const link = document.createElement('a');
    link.className = 'heading-link';
    link.href = `#${heading.id}`;
    const mark = Object.assign(document.createElement('span'), { textContent: '#' });
    mark.setAttribute('aria-hidden', 'true');
    const name = Object.assign(document.createElement('span'), { className: 'visually-hidden', textContent: `Link to section: ${heading.textContent?.trim() ?? ''}` });
    link.append(mark, name);
    heading.replaceWith(wrap);
    wrap.append(heading, link);
  }
}
