import { test } from 'node:test';
import assert from 'node:assert/strict';
import { showConnectionStatus, STATUS_WORDING } from '../../src/lib/widget/connection-status.ts';
import type { ConnectionState } from '../../src/lib/socket/connection-state.ts';

const client = (status: ConnectionState['status']) => ({ connection: { status, everConnected: false } });
function recorder() {
  const calls: [string, string][] = [];
  return { calls, ui: { setState: (state: string, text: string) => void calls.push([state, text]) } };
}

test('every client unreachable: the one offline wording, whatever ready says', () => {
  const { calls, ui } = recorder();
  const clients = [client('unreachable'), client('unreachable')];
  assert.equal(showConnectionStatus(ui, clients, true, { live: 'x' }), 'unreachable');
  assert.deepEqual(calls, [['unreachable', STATUS_WORDING.unreachable]]);
});

test('one client still trying: partial, with the waiting text or the default', () => {
  const { calls, ui } = recorder();
  const clients = [client('unreachable'), client('connecting')];
  assert.equal(showConnectionStatus(ui, clients, false, { waiting: 'w' }), 'partial');
  assert.equal(showConnectionStatus(ui, [], false), 'partial');
  assert.deepEqual(calls, [
    ['partial', 'w'],
    ['partial', STATUS_WORDING.connecting],
  ]);
});

test('ready: the live text (evaluated only then), or nothing when the widget writes its own line', () => {
  const { calls, ui } = recorder();
  let evaluated = 0;
  const live = () => `live ${++evaluated}`;
  assert.equal(showConnectionStatus(ui, [client('connecting')], false, { live }), 'partial');
  assert.equal(evaluated, 0);
  assert.equal(showConnectionStatus(ui, [client('connected')], true, { live }), 'connected');
  assert.equal(showConnectionStatus(ui, [client('connected')], true), 'connected');
  assert.deepEqual(calls, [
    ['partial', STATUS_WORDING.connecting],
    ['connected', 'live 1'],
  ]);
});
