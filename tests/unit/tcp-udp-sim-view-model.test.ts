// The TCP vs UDP widget's pure view model: URL state, timeline layout, narration, stepping and goals.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  simulate,
  normalizeSettings,
  eventTimes,
  endTime,
  snapshotAt,
  DEFAULT_SETTINGS,
} from '../../src/lib/sim/index.ts';
import { stateFromUrl, urlWithState } from '../../src/lib/widget/url-state.ts';
import {
  fromUrlState,
  toUrlState,
  withControl,
  newSeed,
  hasSettings,
  droppedMessage,
} from '../../src/widgets/tcp-udp-sim/state.ts';
import { layoutSimulation, lanesFor, yOf, MAX_HEIGHT, LABEL_GAP, TOP } from '../../src/widgets/tcp-udp-sim/layout.ts';
import { narrateAt, summaryAt, messageStates } from '../../src/widgets/tcp-udp-sim/narrate.ts';
import { nextTime, prevTime, timesBetween, goalsAt, slowdown } from '../../src/widgets/tcp-udp-sim/playback.ts';
import { formatCounters, describeStrip } from '../../src/widgets/tcp-udp-sim/format.ts';

// Message 3's first copy is dropped, nothing else is lost: the lesson's exercise.
const DROP3 = normalizeSettings({
  seed: 42,
  loss: 0,
  latencyMs: 50,
  jitterMs: 10,
  window: 4,
  messages: 12,
  dropFirst: [3],
});
const TRIP = DROP3.latencyMs + DROP3.jitterMs / 2;

test('URL state round-trips every setting and t exactly, through a real page URL', () => {
  const settings = normalizeSettings({
    seed: 123456,
    loss: 0.137,
    latencyMs: 75,
    jitterMs: 40,
    window: 7,
    messages: 33,
    dropFirst: [5],
  });
  const t = 335.68475401587784;
  const href = urlWithState('tcp-udp-sim', toUrlState(settings, t), 'http://x/lessons/tcp-vs-udp/?other.k=1');
  const back = fromUrlState(stateFromUrl('tcp-udp-sim', href));
  assert.deepEqual(back.settings, settings);
  assert.equal(back.t, t);
  assert.equal(new URL(href).searchParams.get('other.k'), '1');
});

test('t = 0 stays out of the URL; bad values fall back; the URL beats the lesson defaults', () => {
  assert.equal(toUrlState(DEFAULT_SETTINGS, 0).t, undefined);
  assert.deepEqual(fromUrlState({ t: '-5', loss: 'lots' }).settings, normalizeSettings({}));
  assert.equal(fromUrlState({ t: 'NaN' }).t, 0);
  const defaults = { messages: 12, loss: 0 };
  assert.equal(fromUrlState({}, defaults).settings.messages, 12);
  assert.equal(fromUrlState({ messages: '30' }, defaults).settings.messages, 30);
  assert.equal(
    fromUrlState({ messages: '30' }, defaults).settings.loss,
    0,
    'keys the URL does not name keep the lesson’s value',
  );
  assert.equal(hasSettings({ t: '4' }), false);
  assert.equal(hasSettings({ seed: '4' }), true);
});

test('controls map onto settings: percent loss, drop 0 = none, drop beyond the messages is ignored', () => {
  assert.equal(withControl(DROP3, 'loss', 20).loss, 0.2);
  assert.equal(droppedMessage(withControl(DROP3, 'drop', 0)), 0);
  assert.equal(withControl(DROP3, 'drop', 0).dropFirst, undefined);
  assert.equal(droppedMessage(withControl(DROP3, 'drop', 7)), 7);
  assert.equal(droppedMessage(withControl(withControl(DROP3, 'drop', 12), 'messages', 5)), 0);
  assert.equal(withControl(DROP3, 'window', 999).window, 64, 'clamped to the simulator’s limit');
  assert.equal(withControl(DROP3, 'nonsense', 1), DROP3);
  assert.equal(newSeed(500, 0.005), 501, 'a new seed always differs from the old one');
  assert.equal(newSeed(1, 0.5), 50000);
});

test('layout: lanes sit in their half, time flows down, lost packets stop halfway at an ✕', () => {
  const sim = simulate(DROP3);
  const layout = layoutSimulation(sim, DROP3, 800);
  const tcp = lanesFor('tcp', 800);
  const udp = lanesFor('udp', 800);
  assert.ok(tcp.client < tcp.server && tcp.server < tcp.app && tcp.right <= udp.left && udp.app < 800);
  assert.equal(layout.packets.length, sim.tcp.timeline.length + sim.udp.timeline.length);
  for (const p of layout.packets) {
    assert.ok(p.y2 > p.y1, `packet ${p.proto}#${p.id} goes down the page`);
    const lanes = p.proto === 'tcp' ? tcp : udp;
    assert.equal(p.x1, p.from === 'client' ? lanes.client : lanes.server);
  }
  const lost = layout.packets.filter((p) => p.lost);
  assert.deepEqual(
    lost.map((p) => `${p.proto}:${p.msg}`),
    ['tcp:3', 'udp:3'],
  );
  for (const p of lost) {
    assert.equal(p.x2, (p.x1 + (p.proto === 'tcp' ? tcp : udp).server) / 2);
    assert.ok(Math.abs(p.y2 - p.y1 - (TRIP / 2) * layout.pxPerMs) < 1e-9);
  }
  assert.equal(layout.endMs, Math.max(endTime(sim.tcp), endTime(sim.udp)));
  assert.equal(yOf(layout, 0), TOP);
  assert.ok(layout.height >= yOf(layout, layout.endMs));
});

test('layout: TCP messages that waited in the buffer get a bar from arrival to delivery', () => {
  const layout = layoutSimulation(simulate(DROP3), DROP3, 800);
  const holds = layout.holds.filter((h) => h.proto === 'tcp');
  assert.deepEqual(
    holds.slice(0, 3).map((h) => h.msg),
    [4, 5, 6],
  );
  for (const h of holds) assert.ok(h.y2 > h.y1);
  // Released together: the same end, fanned out side by side.
  assert.equal(new Set(holds.slice(0, 3).map((h) => h.y2)).size, 1);
  assert.equal(new Set(holds.slice(0, 3).map((h) => h.x)).size, 3);
  assert.equal(layout.holds.filter((h) => h.proto === 'udp').length, 0);
});

test('layout scales to 200 messages: height capped, labels culled so none overlap on a side', () => {
  const s = normalizeSettings({ seed: 7, loss: 0.2, messages: 200 });
  const layout = layoutSimulation(simulate(s), s, 700);
  assert.ok(layout.height <= MAX_HEIGHT + 1);
  for (const proto of ['tcp', 'udp'] as const) {
    for (const from of ['client', 'server'] as const) {
      const ys = layout.packets
        .filter((p) => p.proto === proto && p.from === from && p.label !== null)
        .map((p) => p.y1);
      for (let i = 1; i < ys.length; i++)
        assert.ok(ys[i] - ys[i - 1] >= LABEL_GAP / 2 - 1e-9, `${proto} ${from} labels ${i}`);
    }
  }
  assert.ok(layout.packets.filter((p) => p.label === null).length > 0, 'a dense run leaves some labels out');
});

test('narration: the exercise run says loss, duplicate ACKs, fast retransmit, head-of-line and the UDP gap', () => {
  const sim = simulate(DROP3);
  const times = [...new Set([...eventTimes(sim.tcp), ...eventTimes(sim.udp)])].sort((a, b) => a - b);
  const lines = times.flatMap((t) => narrateAt(sim, t, DROP3.messages));
  const text = lines.map((l) => l.text).join('\n');
  assert.match(text, /^t=0 ms: TCP client sends SYN/m);
  assert.match(text, /TCP segment 3 lost on the wire\./);
  assert.match(text, /UDP datagram 3 lost on the wire: UDP will never send it again\./);
  assert.match(text, /t=336 ms: TCP: 3rd duplicate ACK for 3 → fast retransmit of segment 3\./);
  assert.match(
    text,
    /TCP server gets segment 4 early: it waits in the receive buffer until 3 arrives \(head-of-line blocking\)\./,
  );
  assert.match(text, /The gap is filled: TCP app receives messages 3–6 at once \(4, 5 and 6 waited in the buffer\)\./);
  assert.match(text, /UDP done after 73 ms: message 3 never arrived, and the sender never learns\./);
  assert.match(text, /TCP connection closed: all 12 messages delivered, in order, in 824 ms\./);
  assert.match(text, /three-way handshake is complete/);
  // The fast retransmit is told after the duplicate ACK that caused it, at the same moment.
  const i = lines.findIndex((l) => l.kind === 'fast-retransmit');
  assert.equal(lines[i - 1].kind, 'dupack');
  assert.match(lines[i - 1].text, /3rd duplicate ACK for 3/);
  assert.ok(lines.every((l) => /^t=\d+ ms: /.test(l.text)));
});

test('narration: a timeout is named as one, and summaries count what the apps hold', () => {
  const s = normalizeSettings({ seed: 7, loss: 0.2, messages: 20 });
  const sim = simulate(s);
  const lines = eventTimes(sim.tcp).flatMap((t) => narrateAt(sim, t, 20));
  assert.ok(lines.some((l) => l.kind === 'timeout' && /retransmission timer expired → resend/.test(l.text)));
  const sim3 = simulate(DROP3);
  assert.equal(
    summaryAt(sim3, 335.68475401587784, 12),
    't=336 ms: TCP app has 2 of 12 (4, 5 and 6 waiting in the receive buffer); UDP app has 11 of 12.',
  );
});

test('message strips: held for TCP during the gap, missing and late for UDP, all received at the end', () => {
  const sim = simulate(DROP3);
  const tcp = messageStates(sim.tcp, 'tcp', 335.68475401587784, 12, TRIP);
  assert.deepEqual(tcp.slice(0, 7), ['received', 'received', 'pending', 'held', 'held', 'held', 'pending']);
  const udp = messageStates(sim.udp, 'udp', 200, 12, TRIP);
  assert.equal(udp[2], 'missing');
  assert.ok(udp.includes('late'), 'jitter reorders some datagrams');
  assert.ok(messageStates(sim.tcp, 'tcp', 1e9, 12, TRIP).every((x) => x === 'received'));
  assert.ok(messageStates(sim.udp, 'udp', 0, 12, TRIP).every((x) => x === 'pending'));
  assert.equal(describeStrip('tcp', tcp), 'The TCP app has 2 of 12, 3 waiting in the receive buffer behind a gap.');
  assert.match(describeStrip('udp', udp), /^The UDP app has 11 of 12, \d+ out of order, 1 lost for good\.$/);
});

test('the indexed message states agree with the simulator’s snapshotAt at every moment', () => {
  for (const seed of [1, 2, 3, 4, 5]) {
    const s = normalizeSettings({ seed, loss: 0.25, jitterMs: 40, messages: 25 });
    const sim = simulate(s);
    const trip = s.latencyMs + s.jitterMs / 2;
    for (const t of [...eventTimes(sim.tcp), ...eventTimes(sim.udp)]) {
      for (const proto of ['tcp', 'udp'] as const) {
        const snap = snapshotAt(sim[proto], t);
        const expected = Array.from({ length: 25 }, (_, i) => {
          const d = snap.app.find((x) => x.msg === i + 1);
          if (d) return d.inOrder ? 'received' : 'late';
          if (snap.held.includes(i + 1)) return 'held';
          const lost = snap.lost.find((ev) => ev.msg === i + 1 && ev.t + trip / 2 <= t);
          return proto === 'udp' && lost && !sim.udp.app.some((x) => x.msg === i + 1) ? 'missing' : 'pending';
        });
        assert.deepEqual(messageStates(sim[proto], proto, t, 25, trip), expected, `seed ${seed} ${proto} t=${t}`);
      }
    }
  }
});

test('stepping forward visits every event of both runs, then the end; stepping back retraces them', () => {
  const sim = simulate(DROP3);
  const layout = layoutSimulation(sim, DROP3, 800);
  const all = [...new Set([...eventTimes(sim.tcp), ...eventTimes(sim.udp)])].sort((a, b) => a - b).filter((t) => t > 0);
  const forward: number[] = [];
  for (let t: number | null = 0; (t = nextTime(sim, t, layout.endMs)) !== null;) forward.push(t);
  assert.deepEqual(
    forward.filter((t) => t !== layout.endMs || all.includes(t)),
    all,
  );
  const back: number[] = [];
  for (let t: number | null = layout.endMs; (t = prevTime(sim, t)) !== null;) back.push(t);
  assert.deepEqual(
    back,
    [...all]
      .reverse()
      .filter((t) => t < layout.endMs)
      .concat(0),
  );
  assert.deepEqual(
    timesBetween(sim, 0, 20),
    all.filter((t) => t <= 20),
  );
  assert.equal(nextTime(sim, layout.endMs, layout.endMs), null);
  assert.equal(prevTime(sim, 0), null);
  // Forward then back lands on the very same state.
  const t = forward[30];
  const there = prevTime(sim, nextTime(sim, t, layout.endMs) as number);
  assert.equal(there, t);
});

test('goals: head-of-line seen, UDP gap seen, and a slow TCP at 20 % loss', () => {
  const sim = simulate(DROP3);
  assert.deepEqual(goalsAt(sim, DROP3, 50, null), [], 'nothing yet: UDP is still delivering');
  assert.deepEqual(goalsAt(sim, DROP3, 100, null), ['tcpudp:gap'], 'UDP has finished with a hole at 3');
  assert.ok(goalsAt(sim, DROP3, 335.68475401587784, null).includes('tcpudp:hol'));
  assert.ok(goalsAt(sim, DROP3, 335.68475401587784, null).includes('tcpudp:gap'));
  let slowSeed = -1;
  for (let seed = 0; seed < 50 && slowSeed < 0; seed++) {
    const s = normalizeSettings({ seed, loss: 0.2 });
    const run = simulate(s);
    const f = slowdown(run, s);
    if (f !== null && f >= 3) {
      slowSeed = seed;
      assert.ok(goalsAt(run, s, 0, f).includes('tcpudp:slow'));
      assert.ok(!goalsAt(run, { ...s, loss: 0.1 }, 0, f).includes('tcpudp:slow'), 'only at 20 % loss or more');
    }
  }
  assert.ok(slowSeed >= 0, 'some seed is at least 3× slower');
});

test('counters are formatted per protocol from the simulator’s own numbers', () => {
  const sim = simulate(DROP3);
  const cells = formatCounters(sim, DROP3);
  assert.deepEqual(cells.tcp, {
    delivered: '12 of 12',
    inOrder: '12 of 12',
    retransmitted: '1',
    lost: '1',
    completion: '824 ms (closed)',
    goodput: '19.4 msg/s',
  });
  assert.equal(cells.udp.delivered, '11 of 12');
  assert.equal(cells.udp.retransmitted, '0');
  assert.equal(cells.udp.completion, '73 ms (last arrival)');
  const never = normalizeSettings({ loss: 1, messages: 3 });
  assert.equal(formatCounters(simulate(never), never).tcp.completion, 'did not finish (60 s cap)');
});

test('at loss 1, UDP shows no "last arrival" time: 0 of 12 arrived', () => {
  const lost = normalizeSettings({ loss: 1, messages: 12 });
  const cells = formatCounters(simulate(lost), lost);
  assert.equal(cells.udp.delivered, '0 of 12');
  assert.equal(cells.udp.completion, 'nothing arrived');
});
