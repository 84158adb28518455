// The whole site (server/site.ts: pages, routes, every Socket.IO server, the guard) on port 0, serving a small
// built-site fixture in a temporary folder instead of dist/, so HTTP tests need no `npm run build`.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jsonLogger } from '../../server/log.ts';
import { createSite, type SiteOptions } from '../../server/site.ts';
import { precompressDir } from '../../src/integrations/post-build.ts';

/** A bundled script big enough to be precompressed (above the 1 KB floor). */
export const ASSET_PATH = '/_astro/app.Bx3kQ9zA.js';
export const ASSET_BODY = Array.from({ length: 200 }, (_, i) => `export const line${i} = ${i};`).join('\n');

export function makeDist(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sp-dist-'));
  mkdirSync(join(dir, '_astro'));
  mkdirSync(join(dir, 'lessons', 'packets'), { recursive: true });
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Home</title><h1>Home</h1>');
  writeFileSync(join(dir, 'lessons', 'packets', 'index.html'), '<!doctype html><title>Packets</title>');
  writeFileSync(join(dir, '404.html'), '<!doctype html><title>Not found</title><h1>404</h1>');
  writeFileSync(join(dir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  writeFileSync(join(dir, ASSET_PATH), ASSET_BODY);
  precompressDir(dir);
  return dir;
}

export interface ServedSite {
  url: string;
  port: number;
  /** Structured log lines the server wrote (parsed JSON). */
  logs: Array<Record<string, unknown>>;
}

export async function serveSite(
  t: { after(fn: () => Promise<void> | void): void },
  options: Partial<SiteOptions> = {},
): Promise<ServedSite> {
  const distDir = makeDist();
  const logs: Array<Record<string, unknown>> = [];
  const logger = jsonLogger((line) => logs.push(JSON.parse(line)));
  const { httpServer, demo } = createSite({ distDir, logger, ...options });
  await new Promise<void>((r) => httpServer.listen(0, '127.0.0.1', r));
  const port = (httpServer.address() as AddressInfo).port;
  t.after(async () => {
    await demo.close();
    httpServer.closeAllConnections();
    await new Promise<void>((r) => httpServer.close(() => r()));
    rmSync(distDir, { recursive: true, force: true });
  });
  return { url: `http://127.0.0.1:${port}`, port, logs };
}
