// Which Chromium Playwright drives: CHROMIUM_PATH, else Debian's headless shell (the build Playwright itself runs
// headless tests in: no browser UI or GPU process, 1.7x less time for the same tests on 2 cores), else the full
// /usr/bin/chromium. Never a download.
import { existsSync } from 'node:fs';

export function chromiumPath(): string {
  const candidates = [
    process.env.CHROMIUM_PATH,
    '/usr/bin/chromium-headless-shell',
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
  ].filter(Boolean) as string[];
  const found = candidates.find((p) => existsSync(p));
  if (!found) {
    throw new Error(
      'No Chromium found: install Debian’s package with `sudo apt-get install -y chromium-headless-shell`, or set CHROMIUM_PATH to a Chromium binary. (The tests never download a browser.)',
    );
  }
  return found;
}
