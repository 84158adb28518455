// Every SP_* variable reaches its own limit, in both directions, and garbage is refused rather than ignored.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { DEFAULT_LIMITS, limitsFromEnv, type Limits } from '../../server/config.ts';

// ENV_KEYS is private to config.ts; its names follow one rule (camelCase → SP_SCREAMING_SNAKE), so the test
// derives each name independently: a key renamed on one side only fails here.
const envName = (key: string): string => 'SP_' + key.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();
const keys = Object.keys(DEFAULT_LIMITS) as Array<keyof Limits>;

test('an empty environment gives the defaults', () => {
  assert.deepEqual(limitsFromEnv({}), DEFAULT_LIMITS);
  assert.deepEqual(limitsFromEnv({ SP_MAX_LABS: '' }), DEFAULT_LIMITS);
});

for (const key of keys) {
  const name = envName(key);
  test(`${name} lowers and raises ${key}, and only ${key}`, () => {
    const base = DEFAULT_LIMITS[key];
    const lowered = Math.max(1, Math.floor(base / 2));
    const raised = base * 3;
    assert.ok(lowered < base || base === 1, 'the lowered value is below the default');
    for (const value of [lowered, raised]) {
      const limits = limitsFromEnv({ [name]: String(value) });
      assert.equal(limits[key], value);
      for (const other of keys) if (other !== key) assert.equal(limits[other], DEFAULT_LIMITS[other], other);
    }
  });

  test(`${name} refuses garbage with a message naming the variable`, () => {
    for (const raw of ['abc', '-5', '0', '1.5', '12px', 'NaN', 'Infinity']) {
      assert.throws(
        () => limitsFromEnv({ [name]: raw }),
        (error: Error) => {
          assert.match(error.message, new RegExp(`^${name} must be a positive whole number, got "${raw}"`));
          return true;
        },
      );
    }
  });
}

test('a variable that names no limit changes nothing', () => {
  assert.deepEqual(limitsFromEnv({ SP_NOT_A_LIMIT: '5', SP_MAX_LABS_X: '7' }), DEFAULT_LIMITS);
});

test('every SP_* variable the README names is one of the limits', () => {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const named = new Set(readme.match(/\bSP_[A-Z0-9_]*[A-Z0-9]\b/g) ?? []);
  const known = new Set(keys.map(envName));
  // Settings, not limits: where the site is, who may connect, which proxies to believe, and a node's name, count
  // and Redis key prefix.
  const nonLimits = new Set([
    'SP_DIST_DIR',
    'SP_ALLOWED_ORIGINS',
    'SP_TRUSTED_PROXIES',
    'SP_NODE_ID',
    'SP_CLUSTER_NODES',
    'SP_REDIS_PREFIX',
  ]);
  for (const n of named) if (!nonLimits.has(n)) assert.ok(known.has(n), `${n} in README is not a limit`);
});
