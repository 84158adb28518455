import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ITEMS, MODELS } from '../../src/widgets/layer-mapper/data.ts';
import {
  initialState,
  itemsIn,
  judge,
  pick,
  place,
  score,
  solved,
  switchModel,
  unplace,
  unplaced,
} from '../../src/widgets/layer-mapper/model.ts';

test('every item has a right answer in both models, naming real layers', () => {
  for (const item of ITEMS) {
    for (const model of ['osi', 'tcpip'] as const) {
      const ids = MODELS[model].layers.map((l) => l.id);
      assert.ok(item[model].accept.length >= 1, `${item.id} ${model}`);
      for (const l of [...item[model].accept, ...Object.keys(item[model].traps ?? {})])
        assert.ok(ids.includes(l), `${item.id} ${model} ${l}`);
      for (const l of Object.keys(item[model].traps ?? {}))
        assert.ok(!item[model].accept.includes(l), `a trap is never an accepted layer: ${item.id} ${l}`);
    }
  }
  assert.deepEqual(
    MODELS.osi.layers.map((l) => l.number),
    [7, 6, 5, 4, 3, 2, 1],
  );
  assert.deepEqual(
    MODELS.tcpip.layers.map((l) => l.name),
    ['Application', 'Transport', 'Internet', 'Link'],
  );
});

test('the facts the lesson teaches: where the core protocols and devices sit', () => {
  const ok = (model: 'osi' | 'tcpip', item: string, layer: string) =>
    assert.equal(judge(model, item, layer).correct, true, `${item} in ${layer}`);
  const no = (model: 'osi' | 'tcpip', item: string, layer: string) =>
    assert.equal(judge(model, item, layer).correct, false, `${item} not in ${layer}`);
  ok('osi', 'tcp', 'osi-4');
  ok('osi', 'udp', 'osi-4');
  ok('osi', 'ip', 'osi-3');
  ok('osi', 'router', 'osi-3');
  ok('osi', 'switch', 'osi-2');
  ok('osi', 'hub', 'osi-1');
  ok('osi', 'http', 'osi-7');
  ok('osi', 'socketio', 'osi-7');
  no('osi', 'websocket', 'osi-4');
  no('osi', 'tls', 'osi-4');
  no('osi', 'switch', 'osi-3');
  no('osi', 'hub', 'osi-2');
  ok('tcpip', 'tls', 'tcpip-4');
  no('tcpip', 'tls', 'tcpip-3');
  ok('tcpip', 'ethernet', 'tcpip-1');
  ok('tcpip', 'ip', 'tcpip-2');
  // Fuzzy ones accept every defensible answer.
  for (const l of ['osi-5', 'osi-6', 'osi-7']) ok('osi', 'tls', l);
  for (const l of ['osi-1', 'osi-2']) ok('osi', 'ethernet', l);
});

test('a wrong placement explains why, and names where it belongs', () => {
  const v = judge('osi', 'websocket', 'osi-4');
  assert.equal(v.correct, false);
  assert.match(v.message, /^Not quite: WebSocket is not in layer 4, Transport\./);
  assert.match(v.message, /runs on top of TCP/);
  assert.match(v.message, /belongs in layer 7, Application/);
  // Without a specific trap, the reason still comes.
  const w = judge('tcpip', 'udp', 'tcpip-1');
  assert.match(w.message, /belongs in Transport layer\. Transport layer, next to TCP/);
  assert.match(judge('osi', 'tcp', 'osi-4').message, /^Right: TCP in layer 4, Transport\./);
});

test('placing, moving, removing and switching models', () => {
  let s = pick(initialState(), 'tcp');
  assert.equal(s.picked, 'tcp');
  let r = place(s, 'tcp', 'osi-3');
  assert.equal(r.verdict.correct, false);
  assert.equal(r.state.picked, undefined);
  r = place(r.state, 'tcp', 'osi-4');
  s = r.state;
  assert.deepEqual(
    itemsIn(s, 'osi-4').map((i) => i.id),
    ['tcp'],
  );
  assert.deepEqual(itemsIn(s, 'osi-3'), []);
  assert.deepEqual(score(s), { placed: 1, correct: 1, total: ITEMS.length });
  s = switchModel(s, 'tcpip');
  assert.equal(score(s).placed, 0, 'each model keeps its own placements');
  assert.equal(unplaced(s).length, ITEMS.length);
  s = switchModel(s, 'osi');
  assert.equal(score(s).placed, 1);
  s = unplace(s, 'tcp');
  assert.equal(score(s).placed, 0);
  for (const model of ['osi', 'tcpip'] as const) {
    const all = solved(switchModel(initialState(), model));
    assert.deepEqual(score(all), { placed: ITEMS.length, correct: ITEMS.length, total: ITEMS.length });
  }
});
