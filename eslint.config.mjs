// @ts-check
// Lint rules that encode the architecture (README "Write a widget", CONTRIBUTING.md): data flows socket → model
// → view, pure modules stay pure, and the browser never pulls in server code or zod.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import astro from 'eslint-plugin-astro';
import globals from 'globals';

/** Imports no browser file may make: server code and the validation library live on the server only. */
const serverOnly = [
  {
    group: ['**/server/**', '../server', '../../server'],
    message: 'src/ may not import server code: use src/contract/.',
  },
  { group: ['/zod', '/zod/*'], message: 'zod is server-only: validate on the server (server/schemas/).' },
];
/** The umbrella d3 package doubles a widget's JavaScript: import the submodule (d3-selection, d3-scale …). */
const noUmbrellaD3 = { name: 'd3', message: 'Import a d3 submodule such as d3-selection, never the umbrella d3.' };
const DOM_GLOBALS = ['document', 'window', 'navigator', 'localStorage', 'location'].map((name) => ({
  name,
  message: 'Pure modules (model.ts, src/lib/{net,protocol,sim,sequence,course}) may not touch the DOM.',
}));

export default tseslint.config(
  { ignores: ['dist/', '.astro/', 'node_modules/', 'test-results/', 'playwright-report/', 'screenshots/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...astro.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': ['error', { paths: [noUmbrellaD3] }],
      // Socket.IO's typed events declare `interface InterServerEvents {}` and merge interfaces by extension.
      '@typescript-eslint/no-empty-object-type': ['error', { allowInterfaces: 'always' }],
      // `try { localStorage… } catch {}`: storage can be blocked, and there is nothing to do about it.
      'no-empty': ['error', { allowEmptyCatch: true }],
      // A `let` assigned after the closures that read it is declared early on purpose.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
    },
  },
  {
    // Astro template expressions that build markup have no handy element type.
    files: ['**/*.astro'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['src/**/*.{ts,astro,mjs}'],
    rules: { 'no-restricted-imports': ['error', { paths: [noUmbrellaD3], patterns: serverOnly }] },
  },
  {
    // Views draw the model's state; only the widget's glue talks to the socket.
    files: ['src/**/view.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            noUmbrellaD3,
            { name: 'socket.io-client', message: 'A view never talks to the socket: use widget.ts.' },
          ],
          patterns: [
            ...serverOnly,
            {
              group: ['**/lib/socket/**'],
              message: 'A view never talks to the socket: feed it the model from widget.ts.',
            },
          ],
        },
      ],
    },
  },
  {
    // Pure logic, unit-tested in Node: no DOM.
    files: [
      'src/**/model.ts',
      'src/lib/{net,protocol,sim,sequence,course}/**/*.ts',
      'src/lib/{inline-code,lessons}.ts',
    ],
    rules: { 'no-restricted-globals': ['error', ...DOM_GLOBALS] },
  },
  {
    // The one event contract, shared by server and browser: types and constants only.
    files: ['src/contract/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [noUmbrellaD3], patterns: serverOnly }] },
  },
);
