// After the build: completes each page's CSP, then writes a brotli (.br) and a gzip (.gz) copy beside every compressible file the build emits, so the server
// (sirv with brotli/gzip on) sends compressed bytes without compressing on each request.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { AstroIntegration } from 'astro';
import { addStyleHashes } from './csp-style-hashes.ts';
import { writeSearchIndex } from './search-index.ts';

const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.svg', '.json', '.xml', '.txt', '.webmanifest']);
/** Below this, compression saves less than the header it costs. */
const MIN_BYTES = 1024;

function* files(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* files(path);
    else if (entry.isFile()) yield path;
  }
}

/** Compresses what is under `dir`; returns how many files it compressed and their total sizes. */
export function precompressDir(dir: string): { files: number; bytes: number; brotliBytes: number; gzipBytes: number } {
  const total = { files: 0, bytes: 0, brotliBytes: 0, gzipBytes: 0 };
  for (const path of files(dir)) {
    if (!COMPRESSIBLE.has(extname(path)) || statSync(path).size < MIN_BYTES) continue;
    const data = readFileSync(path);
    const br = brotliCompressSync(data, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: data.length },
    });
    const gz = gzipSync(data, { level: 9 });
    writeFileSync(path + '.br', br);
    writeFileSync(path + '.gz', gz);
    total.files += 1;
    total.bytes += data.length;
    total.brotliBytes += br.length;
    total.gzipBytes += gz.length;
  }
  return total;
}

/** After the build: complete each page's CSP (see csp-style-hashes.ts), index it, then write the compressed copies. */
export function postBuild(): AstroIntegration {
  return {
    name: 'sockets-and-packets:post-build',
    hooks: {
      'astro:build:done': async ({ dir, logger }) => {
        const root = fileURLToPath(dir);
        for (const path of files(root)) {
          if (!path.endsWith('.html')) continue;
          const html = readFileSync(path, 'utf8');
          const fixed = addStyleHashes(html);
          if (fixed !== html) writeFileSync(path, fixed);
        }
        const search = await writeSearchIndex(root);
        logger.info(`search index: ${search.pages} pages`);
        const t = precompressDir(root);
        const kb = (n: number) => `${Math.round(n / 1024)} KB`;
        logger.info(`${t.files} files: ${kb(t.bytes)} → brotli ${kb(t.brotliBytes)}, gzip ${kb(t.gzipBytes)}`);
      },
    },
  };
}
