// Astro's CSP hashes the styles it knows a page uses, but misses the styles of components rendered inside MDX
// content (the lesson widgets), which it inlines all the same, so the browser blocks them. After the build, this
// adds the hash of every inline <style> of a page to that page's own style-src, and nothing else.
import { createHash } from 'node:crypto';

const STYLE = /<style[^>]*>([\s\S]*?)<\/style>/g;
const META = /(<meta http-equiv="content-security-policy" content=")([^"]*)(")/;

export const cspHash = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

/** The page with its missing inline-style hashes added to its CSP meta (unchanged if it has no CSP meta). */
export function addStyleHashes(html: string): string {
  const meta = META.exec(html);
  if (!meta) return html;
  const directives = meta[2].split(';').map((d) => d.trim());
  const i = directives.findIndex((d) => d.startsWith('style-src '));
  if (i < 0) return html;
  const sources = new Set(directives[i].split(/\s+/));
  for (const [, css] of html.matchAll(STYLE)) sources.add(cspHash(css));
  directives[i] = [...sources].join(' ');
  return html.replace(META, (_m, open: string, _old: string, close: string) => open + directives.join(';') + close);
}
