// The widget's hex model for every step of the stack must explain every byte it shows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildStack } from '../../src/lib/net/down-the-stack.ts';
import { overlappingFields } from '../../src/lib/net/fields.ts';
import { hexModel, unexplainedBytes } from '../../src/lib/panes/hex-view/model.ts';
import { describeStep, readEchoedPacket, stepViews } from '../../src/widgets/down-the-stack/model.ts';

const echoed = '21["stack:echo",{"text":"héllo <b>"}]';

function build(packet = echoed, client = '::ffff:127.0.0.1') {
  const read = readEchoedPacket(packet);
  assert.ok(read.ok);
  if (!read.ok) throw new Error();
  return buildStack({
    event: read.event,
    args: read.args,
    ackId: read.ackId,
    client: { address: client, port: 51234 },
    server: { address: '::ffff:127.0.0.1', port: 4406 },
  });
}

test('the echoed packet rebuilds byte for byte as the Socket.IO step', () => {
  const stack = build();
  assert.equal(new TextDecoder().decode(stack.steps[0].bytes), echoed);
  assert.ok(!readEchoedPacket(undefined).ok);
  assert.ok(!readEchoedPacket('0/admin,').ok);
  assert.ok(!readEchoedPacket('2[oops').ok);
});

test('every byte of every step, as the widget shows it, belongs to exactly one field chain', () => {
  for (const stack of [
    build(),
    build('20["stack:echo",{"text":"x"}]', '192.0.2.7'),
    build(`25["stack:echo",{"text":"${'é'.repeat(280)}"}]`),
  ]) {
    const views = stepViews(stack);
    assert.deepEqual(
      views.map((v) => v.id),
      ['socketio', 'engineio', 'websocket', 'tcp', 'ipv4', 'ethernet'],
    );
    for (const v of views) {
      const m = hexModel(v.bytes, v.fields);
      assert.deepEqual(unexplainedBytes(m), [], v.id);
      assert.deepEqual(
        overlappingFields(v.fields).map(([a, b]) => `${a.name}/${b.name}`),
        [],
        v.id,
      );
    }
    // The outermost view is exactly the builder's annotated frame.
    assert.deepEqual(views[5].bytes, stack.frame);
    assert.equal(views[5].fields.length, stack.fields.length);
  }
});

test('each step adds its header in front of the previous unit and names what is illustrative', () => {
  const views = stepViews(build());
  for (let i = 1; i < views.length; i++) {
    const { start, end } = views[i].inner;
    assert.equal(end - start, views[i - 1].bytes.length);
    if (views[i].id !== 'websocket') assert.deepEqual(views[i].bytes.subarray(start, end), views[i - 1].bytes);
  }
  assert.deepEqual(views.map((v) => v.added.reduce((n, r) => n + r.end - r.start, 0)).slice(1), [1, 6, 32, 20, 14]);
  assert.deepEqual(views[2].illustrative, ['Masking key']);
  assert.ok(views[3].illustrative.includes('Sequence number'));
  assert.ok(views[5].illustrative.includes('Source MAC'));
  assert.equal(
    describeStep(views[1], views[0], 'down'),
    'Engine.IO puts 1 byte of header in front of the Socket.IO packet: Engine.IO packet, 39 bytes.',
  );
  assert.match(
    describeStep(views[4], views[3], 'up'),
    /^The receiver's IPv4 reads and removes 20 bytes of header, handing the TCP segment up/,
  );
});

test('TCP and IPv4 checksums in the built frame are correct', () => {
  const stack = build();
  const status = (layer: string) => stack.fields.find((f) => f.layer === layer && /checksum/i.test(f.name))?.status;
  assert.equal(status('tcp'), 'ok');
  assert.equal(status('ipv4'), 'ok');
});

test('the walk wraps on the way down and unwraps on the way up', async () => {
  const { stageInfo, STAGES } = await import('../../src/widgets/down-the-stack/model.ts');
  assert.deepEqual(
    Array.from({ length: STAGES }, (_, s) => stageInfo(s).layer),
    [0, 1, 2, 3, 4, 5, 4, 3, 2, 1, 0],
  );
  assert.equal(stageInfo(5).direction, 'down');
  assert.equal(stageInfo(6).direction, 'up');
  assert.equal(stageInfo(99).layer, 0);
  assert.equal(stepViews(build())[3].own > 0, true);
});

test('loopback is recognised so the widget can say there is no Ethernet', async () => {
  const { isLoopback } = await import('../../src/widgets/down-the-stack/model.ts');
  assert.equal(isLoopback(build().addresses, false), true, 'IPv4-mapped 127.0.0.1 on both ends');
  assert.equal(isLoopback(build(echoed, '192.0.2.7').addresses, false), false);
  assert.equal(
    isLoopback({ client: '127.0.0.1', server: '127.0.0.1' }, true),
    false,
    'IPv6 illustrations say their own thing',
  );
});
