// Waiting for a state instead of for a time: a fixed wait long enough on an idle machine is too short on a busy
// one (the unit tests share two cores with the browser tests), and needlessly long everywhere else.

/**
 * Resolves with how many ms it took once `check()` returns true (polled every 20 ms); rejects, naming `what`,
 * once `ms` have passed without. The default is a safety net for a machine the browser tests keep busy; a test
 * that needs a bound on the time asserts on the returned ms instead.
 */
export async function eventually(check: () => boolean | Promise<boolean>, what: string, ms = 30_000): Promise<number> {
  const start = Date.now();
  for (;;) {
    if (await check()) return Date.now() - start;
    if (Date.now() - start > ms) throw new Error(`not within ${ms} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
