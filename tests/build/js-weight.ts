// What JavaScript a built page loads before any widget is visible: its module scripts plus everything they
// import statically (dynamic import() is how widgets load later, so it is not followed). Pure over dist/.
import { readFileSync, existsSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join, dirname, posix } from 'node:path';

const STATIC_IMPORT =
  /(?:^|[;\s}])import\s*(?:[\w*{}\s,$]+from\s*)?["']([^"']+\.js)["']|export\s*[\w*{}\s,$]*from\s*["']([^"']+\.js)["']/g;

export interface PageWeight {
  files: string[];
  inlineBytes: number;
  gzipBytes: number;
  /** Every byte the page runs eagerly, so tests can look for things that must not be there. */
  source: string;
}

export function eagerScripts(distDir: string, htmlPath: string): PageWeight {
  const html = readFileSync(htmlPath, 'utf8');
  const queue: string[] = [];
  let inline = '';
  for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)) {
    const src = /\bsrc="([^"]+)"/.exec(m[1] ?? '')?.[1];
    if (src) queue.push(src);
    else {
      inline += m[2] ?? '';
      for (const im of (m[2] ?? '').matchAll(STATIC_IMPORT)) queue.push((im[1] ?? im[2])!);
    }
  }
  const seen = new Set<string>();
  let source = inline;
  while (queue.length) {
    const url = queue.shift()!;
    if (seen.has(url) || !url.startsWith('/')) continue;
    seen.add(url);
    const file = join(distDir, url);
    if (!existsSync(file)) continue;
    const code = readFileSync(file, 'utf8');
    source += code;
    for (const im of code.matchAll(STATIC_IMPORT)) {
      const spec = (im[1] ?? im[2])!;
      queue.push(spec.startsWith('/') ? spec : posix.join(dirname(url), spec));
    }
  }
  return { files: [...seen], inlineBytes: Buffer.byteLength(inline), gzipBytes: gzipSync(source).length, source };
}
