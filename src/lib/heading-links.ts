// A "#" link beside every section heading of the lesson prose, so any section can be linked to. Added at build
// time by a Sätteri hast plugin (Astro 7's Markdown processor; it takes no rehype plugins, but has its own).
// Markup, as the browser script that did this before produced it:
//   <div class="heading-wrap level-h2"><h2 id="slug">…</h2><a class="heading-link" href="#slug">
//     <span aria-hidden="true">#</span><span class="visually-hidden">Link to section: …</span></a></div>
// The link is its own focusable element after the heading (not inside it), so the heading's name stays clean.
// Ids are slugged here exactly as Astro's own heading-ids plugin would (github-slugger over every heading, in
// order); Astro then keeps them, so the table of contents and the links agree.
import GithubSlugger from 'github-slugger';

/** The headings that get a link: sections of the prose, not headings nested inside a component or quote. */
const LINKED = new Set(['h2', 'h3', 'h4']);

type Node = { type: string; tagName?: string; properties?: Record<string, unknown>; children?: Node[] };
type Ctx = {
  parent(node: Node): Node | undefined;
  textContent(node: Node): string;
  setProperty(node: Node, key: string, value: unknown): void;
  replaceNode(node: Node, replacement: Node): void;
};

const el = (tagName: string, properties: Record<string, unknown>, children: Node[]): Node => ({
  type: 'element',
  tagName,
  properties,
  children,
});
const text = (value: string) => ({ type: 'text', value });

/** The wrapper that replaces one heading: the heading itself, then its "#" link. */
export function headingWithLink(heading: Node, id: string, name: string): Node {
  const link = el('a', { className: ['heading-link'], href: `#${id}` }, [
    el('span', { ariaHidden: 'true' }, [text('#')]),
    el('span', { className: ['visually-hidden'] }, [text(`Link to section: ${name}`)]),
  ]);
  const withId = { ...heading, properties: { ...heading.properties, id } };
  return el('div', { className: ['heading-wrap', `level-${heading.tagName}`] }, [withId, link]);
}

/** The Sätteri hast plugin (a factory, so each document gets its own slugger). */
export function headingLinks() {
  return () => {
    const slugger = new GithubSlugger();
    return {
      name: 'heading-links',
      element: {
        filter: ['h1', 'h2', 'h3', 'h4', 'h5', 'h6'],
        visit(node: Node, ctx: Ctx) {
          const name = ctx.textContent(node).trim();
          const existing = node.properties?.id;
          const id = typeof existing === 'string' ? existing : slugger.slug(ctx.textContent(node));
          if (LINKED.has(node.tagName ?? '') && ctx.parent(node)?.type === 'root') {
            ctx.replaceNode(node, headingWithLink(node, id, name));
          } else if (typeof existing !== 'string') {
            ctx.setProperty(node, 'id', id);
          }
        },
      },
    };
  };
}
