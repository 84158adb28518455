import { test } from 'node:test';
import assert from 'node:assert/strict';
import { stateFromUrl, urlWithState } from '../../src/lib/widget/url-state.ts';

test('a widget state round-trips through the URL and leaves other widgets alone', () => {
  const base = 'http://x/lessons/tcp-vs-udp/?sim.seed=1&other.k=v#top';
  const link = urlWithState('sim', { seed: '42', loss: '0.1' }, base);
  assert.deepEqual(stateFromUrl('sim', link), { seed: '42', loss: '0.1' });
  assert.deepEqual(stateFromUrl('other', link), { k: 'v' });
  assert.equal(new URL(link).hash, '#sim');
  assert.deepEqual(stateFromUrl('sim', urlWithState('sim', {}, link)), {});
});
