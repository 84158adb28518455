import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeSettingsChange } from '../../src/widgets/missed-events/settings-change.ts';

const say = (patch: object) => describeSettingsChange({ id: 'x', by: 'Bob 2', patch });

test('each change to the stream is one sentence naming who made it', () => {
  assert.equal(say({ rate: 5 }), 'Bob 2 set the rate to 5/s.');
  assert.equal(say({ running: true, rate: 10 }), 'Bob 2 started the stream at 10/s.');
  assert.equal(say({ running: false, rate: 10 }), 'Bob 2 stopped the stream.');
  assert.equal(say({ dropFirstAck: true }), 'Bob 2 turned “drop the first acknowledgement” on.');
  assert.equal(say({ dedupe: false }), 'Bob 2 turned deduplication off.');
  assert.equal(say({}), undefined);
});
