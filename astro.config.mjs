// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import { satteri } from '@astrojs/markdown-satteri';
import { headingLinks } from './src/lib/heading-links.ts';
import { tableWrap } from './src/lib/table-wrap.ts';
import { createHash } from 'node:crypto';
import { postBuild } from './src/integrations/post-build.ts';
import { INLINE_SCRIPTS } from './src/layouts/inline-scripts.ts';

/**
 * CSP source for an inline script: Astro hashes the scripts it bundles, we add the `is:inline` ones.
 * @param {string} text
 * @returns {`sha256-${string}`}
 */
const sha256 = (text) => `sha256-${createHash('sha256').update(text).digest('base64')}`;

/**
 * In `npm run dev`, the demo server rides on Vite's own http.Server, so lesson pages reach it on the same
 * origin as in production. destroyUpgrade: false keeps Engine.IO from closing Vite's HMR WebSocket.
 * @returns {import('astro').AstroIntegration}
 */
function demoServerInDev() {
  return {
    name: 'sockets-and-packets:demo-server',
    hooks: {
      'astro:server:setup': async ({ server }) => {
        if (!server.httpServer) return;
        const { createDemoServer } = await import('./server/app.ts');
        // @ts-expect-error Vite types the server as http.Server | Http2SecureServer; dev is plain HTTP.
        const demo = createDemoServer(server.httpServer, { socketOptions: { destroyUpgrade: false } });
        server.middlewares.use((req, res, next) => {
          // demo.http parses with URL.parse, so a target such as `//[` falls through to Vite instead of throwing.
          if (req.url === '/healthz') {
            res.setHeader('content-type', 'application/json');
            res.end(JSON.stringify(demo.health()));
          } else if (!demo.http(req, res)) next();
        });
      },
    },
  };
}

export default defineConfig({
  integrations: [mdx(), demoServerInDev(), postBuild()],
  server: { host: '127.0.0.1', port: 4321 },
  devToolbar: { enabled: false },
  markdown: {
    // Section headings get their "#" links at build time (src/lib/heading-links.ts); tables get a scroll
    // wrapper, so no table makes a page scroll sideways on a phone (src/lib/table-wrap.ts).
    processor: satteri({ hastPlugins: [headingLinks(), tableWrap()] }),
    // Code samples follow the page theme: Shiki writes both palettes, CSS picks one (see global.css).
    shikiConfig: {
      themes: { light: 'github-light-high-contrast', dark: 'github-dark-high-contrast' },
      defaultColor: false,
    },
  },
  // Inline every stylesheet: the pages' CSS is small, and a <link rel=stylesheet> blocks first paint.
  build: { inlineStylesheets: 'always' },
  // A <meta> CSP on every page allowing only the site's own scripts and styles (Astro hashes what it bundles).
  // frame-ancestors cannot be set from a <meta>: server/guard.ts sends it as a header with the other headers.
  security: {
    csp: {
      directives: [
        "default-src 'self'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
      ],
      // 'wasm-unsafe-eval': Pagefind's search runs its index reader as WebAssembly (our own file, /pagefind/).
      scriptDirective: { resources: ["'self'", "'wasm-unsafe-eval'"], hashes: INLINE_SCRIPTS.map(sha256) },
      // Shiki colours code tokens with style="--shiki-light:…" attributes (Astro cannot hash those). Attributes
      // only: style-src-attr. <style> elements and stylesheets stay limited to 'self' and Astro's hashes.
      styleDirective: { resources: ["'self'", { resource: "'unsafe-inline'", kind: 'attribute' }] },
    },
  },
});
