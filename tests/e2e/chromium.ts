// Which Chromium Playwright drives: CHROMIUM_PATH, else Debian's /usr/bin/chromium. Never a download.
import { existsSync } from 'node:fs';

export function chromiumPath(): string {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(
    Boolean,
  ) as string[];
  const found = candidates.find((p) => existsSync(p));
  if (!found) {
    throw new Error(
      'No Chromium found: install Debian’s package with `sudo apt-get install -y chromium`, or set CHROMIUM_PATH to a Chromium binary. (The tests never download a browser.)',
    );
  }
  return found;
}
