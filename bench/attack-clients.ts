// Clients for the attack benchmark, in a process of their own: well-behaved learners who time their round
// trips, a flooder, a stream storm and slow readers. Each command is bounded in time and count.
import { io as connect, type Socket } from 'socket.io-client';
import { serve } from './rpc.ts';
import { percentile } from './stats.ts';

type Reply = { ok: boolean; data?: { labId: string }; error?: string };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const held: Socket[] = [];
let url = '';

/** `from`: a loopback source address (127.0.0.x), so an attacker is a different client from the learners. */
function open(from?: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const bind = from ? { localAddress: from } : {};
    const s = connect(url, { forceNew: true, transports: ['websocket'], reconnection: false, ...bind });
    s.once('connect', () => resolve(s));
    s.once('connect_error', reject);
  });
}
const ask = (s: Socket, event: string, payload: unknown) =>
  s.timeout(10_000).emitWithAck(event, payload) as Promise<Reply>;

/** A socket in a lab of its own (or in `labId`); null when the server refused the lab. */
async function inLab(
  kind: string,
  labId?: string,
  name = 'Alice',
  from?: string,
): Promise<{ s: Socket; labId: string } | null> {
  const s = await open(from);
  held.push(s);
  const r = labId ? await ask(s, 'lab:join', { labId, name }) : await ask(s, 'lab:create', { kind, name });
  return r.ok ? { s, labId: r.data!.labId } : null;
}

serve({
  url: (u: string) => {
    url = u;
  },
  /** `n` learners, each in its own lab, send `rate` acknowledged emits a second for `seconds`. */
  learners: async ({ n, rate, seconds }: { n: number; rate: number; seconds: number }) => {
    const labs = (await Promise.all(Array.from({ length: n }, () => inLab('emit-sequence')))).filter((l) => l !== null);
    const rtts: number[] = [];
    let failed = 0;
    const until = performance.now() + seconds * 1000;
    await Promise.all(
      labs.map(async ({ s }) => {
        while (performance.now() < until) {
          const t = performance.now();
          try {
            const r = await ask(s, 'emit:send', { variant: 'reply', text: 'hello' });
            if (r.ok) rtts.push(performance.now() - t);
            else failed++;
          } catch {
            failed++;
          }
          await sleep(Math.max(0, 1000 / rate - (performance.now() - t)));
        }
      }),
    );
    for (const { s } of labs) s.disconnect();
    rtts.sort((a, b) => a - b);
    return { p50: percentile(rtts, 50), p99: percentile(rtts, 99), ok: rtts.length, failed };
  },
  /**
   * One socket sends emit:send as fast as its connection takes them for `seconds` (the client's own write buffer
   * is kept under 1,000 packets, so the flooder measures the server, not its own memory). `acks`: each packet
   * asks for an acknowledgement, as emitWithAck would.
   */
  flood: async ({ seconds, from, acks = false }: { seconds: number; from?: string; acks?: boolean }) => {
    const lab = await inLab('emit-sequence', undefined, 'Mallory', from).catch(() => null);
    if (!lab) return { sent: 0, perSecond: 0, cutAfterMs: null };
    const { s } = lab;
    let cutAfterMs: number | null = null;
    const started = performance.now();
    s.on('disconnect', (reason) => {
      if (reason !== 'io client disconnect') cutAfterMs ??= performance.now() - started;
    });
    let sent = 0;
    const engine = s.io.engine as unknown as { writeBuffer: unknown[] };
    while (performance.now() - started < seconds * 1000 && s.connected) {
      if (engine.writeBuffer.length < 1000) {
        // With acks, every refused packet the server still answers costs it an encode and a write.
        if (acks) for (let i = 0; i < 200; i++) s.emit('emit:send', { variant: 'others', text: 'x' }, () => {});
        else for (let i = 0; i < 200; i++) s.emit('emit:send', { variant: 'others', text: 'x' });
        sent += 200;
      }
      await new Promise((r) => setImmediate(r));
    }
    s.disconnect();
    return { sent, perSecond: sent / seconds, cutAfterMs };
  },
  /** `labs` missed-events labs, each streaming at `rate` (the server clamps it to its top rate) with one live subscriber; returns how many started. */
  storm: async ({ labs, rate }: { labs: number; rate: number }) => {
    let started = 0;
    let refused = '';
    for (let i = 0; i < labs; i++) {
      const lab = await inLab('missed-events').catch(() => null);
      if (!lab) {
        refused ||= 'lab refused';
        continue;
      }
      const c = await ask(lab.s, 'missed:configure', { running: true, rate });
      const sub = await ask(lab.s, 'missed:subscribe', {});
      if (c.ok && sub.ok) started++;
      else refused ||= c.error ?? sub.error ?? '';
    }
    return { started, refused };
  },
  /**
   * `readers` sockets join one lab and then stop reading (their TCP sockets paused), while `churners` in the same
   * lab join and leave rooms, `rate` changes a second each, for `seconds`.
   */
  slowReaders: async ({
    readers,
    churners,
    rate,
    seconds,
  }: {
    readers: number;
    churners: number;
    rate: number;
    seconds: number;
  }) => {
    const first = await inLab('rooms-explorer', undefined, 'R0');
    if (!first) throw new Error('no lab');
    const members: Socket[] = [first.s];
    for (let i = 1; i < readers; i++) members.push((await inLab('rooms-explorer', first.labId, `R${i}`))!.s);
    // Each reader watches the rooms view as an explorer page does, so every change is addressed to it.
    await Promise.all(members.map((s) => ask(s, 'rooms:list', {})));
    for (const s of members) {
      const transport = s.io.engine.transport as unknown as { ws?: { _socket?: { pause(): void } } };
      transport.ws?._socket?.pause();
    }
    const movers: Socket[] = [];
    for (let i = 0; i < churners; i++) movers.push((await inLab('rooms-explorer', first.labId, `C${i}`))!.s);
    const until = performance.now() + seconds * 1000;
    let changes = 0;
    await Promise.all(
      movers.map(async (s, i) => {
        for (let k = 0; performance.now() < until; k++) {
          s.emit(k % 2 ? 'rooms:leave' : 'rooms:join', { room: `room-${i}` }, () => {});
          changes++;
          await sleep(1000 / rate);
        }
      }),
    );
    return { changes, readersStillConnected: members.filter((s) => s.connected).length };
  },
  closeAll: async () => {
    for (const s of held.splice(0)) s.disconnect();
    await sleep(200);
  },
});
