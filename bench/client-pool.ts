// A pool of benchmark clients in a process of its own, driven by the benchmark over IPC. It speaks to the demo
// server (lab:create / lab:join / emit:send "all"), to the plain Socket.IO server (join / send) and to raw ws.
import { io as connect, type Socket } from 'socket.io-client';
import { WebSocket } from 'ws';
import { serve } from './rpc.ts';
import { percentile } from './stats.ts';

type Kind = 'demo' | 'plain' | 'ws';
type Client = { kind: 'io'; socket: Socket } | { kind: 'ws'; socket: WebSocket };

const clients: Client[] = [];
let target: { kind: Kind; url: string } = { kind: 'plain', url: '' };
let labId = '';
let delivered = 0;
let latencies: number[] = [];

/** Epoch milliseconds with sub-millisecond precision, comparable across processes on one machine. */
const now = () => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function received(text: string): void {
  delivered++;
  latencies.push(now() - Number(text.slice(2)));
}

function open(): Promise<Client> {
  return new Promise((resolve, reject) => {
    if (target.kind === 'ws') {
      const ws = new WebSocket(target.url.replace('http', 'ws'));
      ws.on('open', () => resolve({ kind: 'ws', socket: ws }));
      ws.on('error', reject);
      ws.on('message', (data) => received(String(data)));
      return;
    }
    const socket = connect(target.url, { forceNew: true, transports: ['websocket'], reconnection: false });
    socket.once('connect', () => resolve({ kind: 'io', socket }));
    socket.once('connect_error', reject);
    socket.on(target.kind === 'demo' ? 'emit:message' : 'message', (m: { text: string }) => received(m.text));
  });
}

/** Runs `fn` over items with at most `limit` in flight: the pool never floods its own event loop. */
async function bounded<T>(items: T[], limit: number, fn: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

const ack = (s: Socket, event: string, payload: unknown) =>
  s.timeout(30_000).emitWithAck(event, payload) as Promise<{ ok: boolean; data?: { labId: string }; error?: string }>;

async function joinOne(c: Client, i: number): Promise<void> {
  if (c.kind === 'ws') return;
  if (target.kind === 'plain') {
    await ack(c.socket, 'join', 'bench');
    return;
  }
  const reply = labId
    ? await ack(c.socket, 'lab:join', { labId, name: `L${i}` })
    : await ack(c.socket, 'lab:create', { kind: 'bench', name: 'L0' });
  if (!reply.ok) throw new Error(`lab join refused: ${reply.error}`);
  labId ||= reply.data!.labId;
}

function send(c: Client, text: string): void {
  if (c.kind === 'ws') c.socket.send(text);
  else if (target.kind === 'demo') c.socket.emit('emit:send', { variant: 'all', text }, () => {});
  else c.socket.emit('send', { text }, () => {});
}

function close(c: Client): void {
  if (c.kind === 'ws') c.socket.terminate();
  else c.socket.disconnect();
}

serve({
  target: (t: typeof target) => {
    target = t;
    labId = '';
  },
  /** Opens n more connections, at most `concurrency` handshakes at once; returns the milliseconds it took. */
  connect: async ({ n, concurrency = 100 }: { n: number; concurrency?: number }) => {
    const started = now();
    await bounded(
      Array.from({ length: n }, (_, i) => i),
      concurrency,
      async () => clients.push(await open()),
    );
    return now() - started;
  },
  /** Puts every open client into one lab (demo), one room (plain), or nothing to do (ws broadcasts to all). */
  join: async () => {
    const [first, ...rest] = clients;
    await joinOne(first, 0);
    await bounded(
      rest.map((c, i) => [c, i + 1] as const),
      50,
      ([c, i]) => joinOne(c, i),
    );
    return labId;
  },
  /** Demo only: the first n clients ask for rooms:list, so they watch the lab's rooms (rooms:delta) from then on. */
  watch: async ({ n }: { n: number }) => {
    if (target.kind !== 'demo') return 0;
    const watchers = clients.slice(0, n).flatMap((c) => (c.kind === 'io' ? [c.socket] : []));
    await bounded(watchers, 50, (s) => ack(s, 'rooms:list', {}));
    return watchers.length;
  },
  /** The first client sends `rate` messages a second for `seconds`; everyone (itself included) counts arrivals. */
  broadcast: async ({ rate, seconds }: { rate: number; seconds: number }) => {
    delivered = 0;
    latencies = [];
    let sent = 0;
    const timer = setInterval(() => {
      sent++;
      send(clients[0], `t:${now()}`);
    }, 1000 / rate);
    await sleep(seconds * 1000);
    clearInterval(timer);
    const expected = sent * clients.length;
    const until = now() + 3000;
    while (delivered < expected && now() < until) await sleep(20);
    latencies.sort((a, b) => a - b);
    return { sent, delivered, expected, p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
  },
  /** Closes the last n clients at once. */
  close: ({ n }: { n: number }) => {
    for (const c of clients.splice(Math.max(0, clients.length - n), n)) close(c);
    return clients.length;
  },
  closeAll: async () => {
    for (const c of clients.splice(0)) close(c);
    await sleep(200);
  },
  count: () => clients.length,
});
