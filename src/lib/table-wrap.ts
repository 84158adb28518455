// Every table in the lesson prose sits in a scroll wrapper, so a wide table scrolls inside itself on a phone
// instead of making the whole page scroll sideways. Added at build time by a Sätteri hast plugin, beside
// heading-links.ts. The wrapper is a focusable, named region so keyboard users can scroll it too:
//   <div class="table-wrap" tabindex="0" role="region" aria-label="Table: Strategy, Needs …"><table>…</table></div>
// A table an author already wrapped (a JSX <div class="table-wrap"> in the MDX) is left alone.

type Node = { type: string; tagName?: string; name?: string; properties?: Record<string, unknown>; children?: Node[] };
type Ctx = {
  parent(node: Node): Node | undefined;
  textContent(node: Node): string;
  replaceNode(n: Node, r: Node): void;
};

const MAX_LABEL = 80;

function isWrapper(node: Node | undefined): boolean {
  if (!node) return false;
  // Authors' own wrappers arrive as MDX JSX elements; ours as plain hast elements with the class.
  if (node.type.startsWith('mdxJsx')) return true;
  const cls = node.properties?.className;
  return Array.isArray(cls) && cls.includes('table-wrap');
}

function headerCells(node: Node): Node[] {
  if (node.tagName === 'th') return [node];
  if (node.tagName === 'tbody') return [];
  return (node.children ?? []).flatMap(headerCells);
}

/** The region's name: the table's column headings, so two tables on one page get different names. */
export function tableLabel(headings: string[]): string {
  const list = headings
    .map((h) => h.trim())
    .filter(Boolean)
    .join(', ');
  const label = list ? `Table: ${list}` : 'Table';
  return label.length > MAX_LABEL ? `${label.slice(0, MAX_LABEL - 1).trimEnd()}…` : label;
}

export function wrapTable(table: Node, label: string): Node {
  return {
    type: 'element',
    tagName: 'div',
    properties: { className: ['table-wrap'], tabIndex: 0, role: 'region', ariaLabel: label },
    children: [table],
  };
}

/** The Sätteri hast plugin. */
export function tableWrap() {
  return () => ({
    name: 'table-wrap',
    element: {
      filter: ['table'],
      visit(node: Node, ctx: Ctx) {
        if (isWrapper(ctx.parent(node))) return;
        const label = tableLabel(headerCells(node).map((th) => ctx.textContent(th)));
        ctx.replaceNode(node, wrapTable(node, label));
      },
    },
  });
}
