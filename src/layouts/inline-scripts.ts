// The only inline scripts the pages carry, as strings, so that astro.config.mjs can put their SHA-256 hashes in
// the Content-Security-Policy (Astro hashes the scripts it bundles, not `is:inline` ones). Both must run while the
// page is still being parsed, before first paint, which is why they are inline rather than bundled.

/** The saved (else the system's) theme and teacher mode, so the page never flashes the wrong theme. */
export const THEME_INIT = `(() => {
  let saved = null;
  try { saved = localStorage.getItem('sp-theme'); } catch {}
  const dark = saved ? saved === 'dark' : matchMedia('(prefers-color-scheme: dark)').matches;
  document.documentElement.dataset.theme = dark ? 'dark' : 'light';
  let teacher = null;
  try { teacher = localStorage.getItem('sp-teacher'); } catch {}
  document.documentElement.dataset.teacher = teacher === 'on' ? 'on' : 'off';
})();`;

/**
 * Folds the course list on narrow screens right after its markup is parsed, before the lesson below it is laid
 * out, so folding moves nothing on screen (folding it later made the lesson jump: a layout shift). Without
 * JavaScript the list simply stays open.
 */
export const NAV_FOLD = `(() => {
  const details = document.currentScript.previousElementSibling;
  if (matchMedia('(max-width: 52rem)').matches) details.open = false;
})();`;

export const INLINE_SCRIPTS = [THEME_INIT, NAV_FOLD];
