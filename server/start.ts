// `npm start`: build the site (and its search index) when dist/ is missing or older than its sources, then serve it.
import { buildSiteIfStale } from './build-site.ts';

buildSiteIfStale();
await import('./index.ts');
