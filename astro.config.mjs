// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import { satteri } from '@astrojs/markdown-satteri';
import { headingLinks } from './src/lib/heading-links.ts';

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
  integrations: [mdx(), demoServerInDev()],
  server: { host: '127.0.0.1', port: 4321 },
  devToolbar: { enabled: false },
  markdown: {
    // Section headings get their "#" links at build time (src/lib/heading-links.ts).
    processor: satteri({ hastPlugins: [headingLinks()] }),
    // Code samples follow the page theme: Shiki writes both palettes, CSS picks one (see global.css).
    shikiConfig: { themes: { light: 'github-light-high-contrast', dark: 'github-dark-high-contrast' }, defaultColor: false },
  },
  build: { inlineStylesheets: 'auto' },
});
