// The search index (Pagefind), written inside the build rather than by a second command after it, so the
// post-build step can precompress Pagefind's script and styles like every other asset (they were sent
// uncompressed before), and `astro build` alone leaves a complete site.
import { join } from 'node:path';
import * as pagefind from 'pagefind';

/** Indexes the HTML under `root` (pages opt in with data-pagefind-body) and writes `root/pagefind/`. */
export async function writeSearchIndex(root: string): Promise<{ pages: number }> {
  const { index, errors } = await pagefind.createIndex({});
  if (!index) throw new Error(`Pagefind could not start: ${errors.join('; ')}`);
  try {
    const added = await index.addDirectory({ path: root });
    if (added.errors.length) throw new Error(`Pagefind could not index the site: ${added.errors.join('; ')}`);
    const written = await index.writeFiles({ outputPath: join(root, 'pagefind') });
    if (written.errors.length) throw new Error(`Pagefind could not write its index: ${written.errors.join('; ')}`);
    return { pages: added.page_count };
  } finally {
    await pagefind.close();
  }
}
