// One virtual client of the missed-events lab, and the ways its network can fail: a drop (the server cuts the
// transport and the client's own backoff holds reconnection off for N seconds), a flaky link (several short
// drops), and a page reload (the Socket is thrown away; a new one starts with only what localStorage kept).
import {
  RECOVERY_PATH,
  type EffectEvent,
  type MissedStatus,
  type OrderReceipt,
  type StreamEvent,
  type SubscribeResult,
} from '../../contract/index.ts';
import {
  openLabSession,
  request,
  type ClientSocket,
  type LabSession,
  type VirtualClient,
} from '../../lib/socket/virtual-clients.ts';
import type { Strategy } from './model.ts';

export interface ClientHooks {
  onConnection(client: VirtualClient): void;
  onLabId(labId: string): void;
  onEvent(name: string, event: StreamEvent, replayed: boolean): void;
  onEffect(effect: EffectEvent): void;
  /** A status the server sent over `name`'s own connection. */
  onStatus(status: MissedStatus, name: string): void;
  onAway(name: string, cause: 'drop' | 'flaky' | 'reload', reason: string): void;
  onBack(name: string, recovered: boolean): void;
  onSubscribed(name: string, result: SubscribeResult): void;
  onError(message: string): void;
}

export interface LabClient {
  readonly name: string;
  socket(): ClientSocket | undefined;
  connected(): boolean;
  drop(seconds: number, cause?: 'drop' | 'flaky'): void;
  flaky(): void;
  reload(): void;
  order(key: string, seq: number): Promise<OrderReceipt | undefined>;
  close(): void;
}

/** How long a reload keeps the client away: the page unloads, loads again, and reconnects. */
const RELOAD_MS = 800;
const FLAKY = { drops: 4, downMs: 400, upMs: 900 };

export { RECOVERY_PATH };

const offsetKey = (labId: string, name: string) => `sp:missed-events:${labId}:${name}:offset`;

function storedOffset(labId: string, name: string): string | null {
  try {
    return localStorage.getItem(offsetKey(labId, name));
  } catch {
    return null; // storage can be blocked; then the client simply has no offset
  }
}

function storeOffset(labId: string, name: string, offset: string): void {
  try {
    localStorage.setItem(offsetKey(labId, name), offset);
  } catch {
    /* see storedOffset */
  }
}

export async function openClient(
  name: string,
  strategy: Strategy,
  labId: string | undefined,
  hooks: ClientHooks,
  /** The widget's element id: in a class, each widget on a page has a class lab of its own. */
  widgetId?: string,
): Promise<LabClient> {
  let session: LabSession | undefined;
  let away: 'drop' | 'flaky' | 'reload' | undefined;
  let closed = false;
  let lastSeq = 0;
  const timers = new Set<ReturnType<typeof setTimeout>>();
  const later = (ms: number, fn: () => void) => {
    const t = setTimeout(() => {
      timers.delete(t);
      fn();
    }, ms);
    timers.add(t);
  };

  const socketOptions =
    strategy === 'recovery' ? { path: RECOVERY_PATH } : strategy === 'acks' ? { retries: 3, ackTimeout: 800 } : {};

  async function open(): Promise<void> {
    const s = await openLabSession({
      kind: 'missed-events',
      widgetId,
      names: [name],
      labId,
      socketOptions,
      onConnection: (c) => hooks.onConnection(c),
      onLab: (lab) => {
        labId = lab.labId;
        // In the handshake from now on, so the server puts a reconnecting client back in its lab before it handles
        // the emits the client buffered while offline (they are flushed before our own 'connect' code runs).
        const socket = session?.clients[0]?.socket;
        // With the member secret: a socket back before the server noticed the old one keeps its name.
        if (socket) socket.auth = { labId: lab.labId, name, secret: lab.secret };
        hooks.onLabId(lab.labId);
        void joined();
      },
      onError: hooks.onError,
    });
    session = s;
    const socket = s.clients[0]!.socket;
    socket.on('disconnect', (reason) => {
      if (closed || away === 'reload') return;
      away ??= 'drop';
      hooks.onAway(name, away, reason);
    });
    socket.on('connect', () => {
      if (away && away !== 'reload') hooks.onBack(name, socket.recovered === true);
      if (away !== 'reload') away = undefined;
    });
    socket.on('missed:event', (event) => {
      // Restored packets reach the app while socket.recovered is already true but before 'connect' fires.
      const restored = away !== undefined && socket.recovered === true;
      hooks.onEvent(name, event, event.replayed === true || restored);
      if (event.seq > lastSeq && labId) {
        lastSeq = event.seq;
        if (strategy === 'offset') storeOffset(labId, name, event.offset);
      }
    });
    socket.on('missed:effect', hooks.onEffect);
    socket.on('missed:status', (status) => hooks.onStatus(status, name));
  }

  /** After every (re)join of the lab: subscribe to the stream, unless recovery already restored the room. */
  async function joined(): Promise<void> {
    const socket = session?.clients[0]?.socket;
    if (!socket || !labId) return;
    if (away === 'reload') {
      away = undefined;
      hooks.onBack(name, false);
    }
    if (strategy === 'acks' || (strategy === 'recovery' && socket.recovered === true)) return;
    const afterOffset = strategy === 'offset' ? storedOffset(labId, name) : null;
    const res = await request(socket, 'missed:subscribe', afterOffset ? { afterOffset } : {});
    if (res.ok) hooks.onSubscribed(name, res.data);
    else hooks.onError(`${name}: ${res.error}`);
  }

  await open();

  const client: LabClient = {
    name,
    socket: () => session?.clients[0]?.socket,
    connected: () => Boolean(session?.clients[0]?.socket.connected),
    drop(seconds, cause = 'drop') {
      const socket = client.socket();
      if (!socket?.connected) return;
      const m = socket.io;
      const saved = { delay: m.reconnectionDelay(), max: m.reconnectionDelayMax(), jitter: m.randomizationFactor() };
      // The client's own backoff decides when it comes back: pin it to exactly N seconds, no jitter, for this drop.
      m.reconnectionDelay(seconds * 1000)
        .reconnectionDelayMax(seconds * 1000)
        .randomizationFactor(0);
      socket.once('connect', () =>
        m.reconnectionDelay(saved.delay).reconnectionDelayMax(saved.max).randomizationFactor(saved.jitter),
      );
      away = cause;
      void request(socket, 'missed:cut', {});
    },
    flaky() {
      let left = FLAKY.drops;
      const next = () => {
        if (closed || left-- <= 0) return;
        client.drop(FLAKY.downMs / 1000, 'flaky');
        client.socket()?.once('connect', () => later(FLAKY.upMs, next));
      };
      next();
    },
    reload() {
      if (!session) return;
      away = 'reload';
      hooks.onAway(name, 'reload', 'page reload: the old socket closed (io client disconnect)');
      session.close();
      session = undefined;
      later(RELOAD_MS, () => void open());
    },
    async order(key, seq) {
      const socket = client.socket();
      if (!socket) return undefined;
      try {
        // retries + ackTimeout are socket options here: Socket.IO resends until acknowledged, with the same payload.
        const res = await (
          socket as unknown as {
            emitWithAck(
              e: string,
              p: unknown,
            ): Promise<{ ok: true; data: OrderReceipt } | { ok: false; error: string }>;
          }
        ).emitWithAck('missed:order', { key, seq });
        return res.ok ? res.data : undefined;
      } catch {
        return undefined; // gave up after its retries
      }
    },
    close() {
      closed = true;
      for (const t of timers) clearTimeout(t);
      session?.close();
    },
  };
  return client;
}
