// A tiny site for a node in a child process to serve (SP_DIST_DIR): the tests that use it are about routing,
// not pages.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function tinySite(): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'sp-site-'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Sockets &amp; Packets</title><p>tiny site</p>\n');
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
