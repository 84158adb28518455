// The unit tests start about fifty server processes (demo nodes, `node server/index.ts`). Each start used to cost
// a second of CPU, half of it Node stripping the types of ~150 project files (amaro, in WebAssembly) and resolving
// ~300 modules one by one. `scripts/test-unit.ts` bundles those programs once per run with esbuild (half a second),
// names the directory in SP_CHILD_BUNDLES, and spawnNode (child-node.ts) runs the bundle instead: 0.4 s per start.
// The bundle is made from the same sources in the same run, so it is the same program. A test file run on its own
// (`node --test tests/unit/x.test.ts`) has no SP_CHILD_BUNDLES and starts the TypeScript itself, as do the browser
// tests' server (playwright.config.ts) and http-startup.test.ts, so that path stays tested too.
import { existsSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/** The programs worth bundling, relative to the project: the ones the unit tests start many times. */
export const BUNDLED_PROGRAMS = ['server/index.ts', 'tests/helpers/demo-node-main.ts'];

const ENV = 'SP_CHILD_BUNDLES';

function bundleName(program: string): string {
  return basename(program).replace(/\.ts$/, '.mjs');
}

/** Bundles every program of BUNDLED_PROGRAMS into `outDir`; returns the environment that makes spawnNode use them. */
export async function bundleChildren(root: string, outDir: string): Promise<Record<string, string>> {
  const { build } = await import('esbuild');
  await Promise.all(
    BUNDLED_PROGRAMS.map((program) =>
      build({
        entryPoints: [join(root, program)],
        outfile: join(outDir, bundleName(program)),
        bundle: true,
        platform: 'node',
        format: 'esm',
        target: 'node22',
        logLevel: 'warning',
        // CommonJS dependencies bundled into ES modules still call require() for Node's built-ins.
        banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
        // The server finds dist/ beside its own file (server/index.ts): the bundle lives elsewhere, so import.meta.url
        // is the source's URL. Only the entry and its neighbours in server/ read it, so one URL is right for all.
        define: { 'import.meta.url': JSON.stringify(pathToFileURL(join(root, program)).href) },
      }),
    ),
  );
  return { [ENV]: outDir };
}

/** The bundle to run for `script` (absolute), when this run made one; otherwise the script itself. */
export function runnableScript(root: string, script: string): string {
  const dir = process.env[ENV];
  if (!dir || !BUNDLED_PROGRAMS.some((program) => resolve(root, program) === script)) return script;
  const bundle = join(dir, bundleName(script));
  return existsSync(bundle) ? bundle : script;
}
