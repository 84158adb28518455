// The class banner's inline script, as a string: it must run while the page is parsed, right after the banner's
// markup and before first paint, so the banner never shifts the page. Its SHA-256 is in the CSP
// (src/layouts/inline-scripts.ts). It only reads localStorage and sets text; the class connection comes later.
import { MEMBERSHIP_KEY, TEACHING_KEY } from './code.ts';

export const CLASS_BANNER_INIT = `(() => {
  const banner = document.currentScript.previousElementSibling;
  let member = null;
  let teaching = null;
  try {
    member = JSON.parse(localStorage.getItem('${MEMBERSHIP_KEY}') || 'null');
    teaching = JSON.parse(localStorage.getItem('${TEACHING_KEY}') || 'null');
  } catch {}
  const text = banner.querySelector('[data-class-banner-text]');
  if (member && typeof member.className === 'string' && typeof member.name === 'string') {
    text.textContent = 'In class “' + member.className.slice(0, 60) + '” as ' + member.name.slice(0, 24);
    banner.querySelector('[data-class-leave]').hidden = false;
    banner.dataset.role = 'student';
    banner.hidden = false;
  } else if (teaching && typeof teaching.name === 'string' && location.pathname !== '/class/') {
    text.textContent = 'You are running the class “' + teaching.name.slice(0, 60) + '”';
    banner.querySelector('[data-class-banner-dashboard]').hidden = false;
    banner.dataset.role = 'teacher';
    banner.hidden = false;
  }
})();`;
