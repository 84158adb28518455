// A widget's virtual clients: each one a real socket.io-client connection of its own (forceNew), all in
// one lab. Joining is redone after every reconnect, because a new connection is a new socket on the server; the
// member secret of the last join reply goes with it, so a client back before the server noticed its old socket
// was gone (or after its node died) keeps its name instead of becoming "Ada 2".
import type { Socket } from 'socket.io-client';
import type {
  AckedEvent,
  AckResult,
  ClientToServerEvents,
  LabInfo,
  PayloadOf,
  ReplyOf,
  ServerToClientEvents,
} from '../../contract/index.ts';
import { CLASS_LEFT_EVENT, classLabId } from '../class/class-lab.ts';
import { initialConnection, nextConnection, type ConnectionEvent, type ConnectionState } from './connection-state.ts';

export type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface VirtualClient {
  name: string;
  socket: ClientSocket;
  connection: ConnectionState;
  lab?: LabInfo;
}

export interface LabSessionOptions {
  kind: string;
  names: string[];
  /** Join this lab (from a share link) instead of creating one. */
  labId?: string;
  /** The widget's id, naming its class lab while the page is in a class (default: the kind). */
  widgetId?: string;
  /** Socket.IO client options for every virtual client (transports, etc.). */
  socketOptions?: Record<string, unknown>;
  /** Options for one client on top of socketOptions (the two-node lab puts clients on different paths). */
  socketOptionsFor?: (index: number) => Record<string, unknown>;
  onConnection?: (client: VirtualClient) => void;
  onLab?: (lab: LabInfo) => void;
  onError?: (message: string) => void;
}

export interface LabSession {
  clients: VirtualClient[];
  labId(): string | undefined;
  byName(name: string): VirtualClient | undefined;
  close(): void;
}

const ACK_TIMEOUT_MS = 5000;

/** The one loosely typed emitter both paths below go through. */
type LooseEmitter = { emitWithAck(e: string, p: unknown): Promise<AckResult<unknown>> };

async function emitWithTimeout(socket: ClientSocket, event: string, payload: unknown): Promise<AckResult<unknown>> {
  try {
    return await (socket.timeout(ACK_TIMEOUT_MS) as unknown as LooseEmitter).emitWithAck(event, payload);
  } catch {
    return { ok: false, error: `No answer from the server within ${ACK_TIMEOUT_MS / 1000} s.`, code: 'timeout' };
  }
}

/**
 * emitWithAck with a timeout, folded into the server's { ok, data } | { ok: false, error, code } shape so callers
 * handle one case. Typed by the contract: the event must be one with an acknowledgement, the payload must be
 * that event's, and the reply type follows from the event.
 */
export function request<E extends AckedEvent>(
  socket: ClientSocket,
  event: E,
  payload: PayloadOf<E>,
): Promise<AckResult<ReplyOf<E>>> {
  return emitWithTimeout(socket, event, payload) as Promise<AckResult<ReplyOf<E>>>;
}

/**
 * Deliberately untyped: for the demos that send a malformed event on purpose, to show the server refusing it.
 * Everything else uses request().
 */
export function requestUntyped<R = unknown>(
  socket: ClientSocket,
  event: string,
  payload: unknown,
): Promise<AckResult<R>> {
  return emitWithTimeout(socket, event, payload) as Promise<AckResult<R>>;
}

export async function openLabSession(options: LabSessionOptions): Promise<LabSession> {
  const { io } = await import('socket.io-client');
  let labId = options.labId;
  const explicit = Boolean(options.labId);
  let creating: Promise<string | undefined> | undefined;
  /** Each client's member secret from its last join reply, and the lab it belongs to (kept in memory only). */
  const secrets = new Map<VirtualClient, { labId: string; secret: string }>();
  const entered = (client: VirtualClient, lab: LabInfo) => {
    client.lab = lab;
    secrets.set(client, { labId: lab.labId, secret: lab.secret });
    options.onLab?.(lab);
  };

  const clients: VirtualClient[] = options.names.map((name, i) => ({
    name,
    socket: io({
      forceNew: true,
      reconnectionDelayMax: 4000,
      ...options.socketOptions,
      ...options.socketOptionsFor?.(i),
    }) as ClientSocket,
    connection: initialConnection,
  }));

  const update = (client: VirtualClient, event: ConnectionEvent) => {
    client.connection = nextConnection(client.connection, event);
    options.onConnection?.(client);
  };

  /** The first client to connect makes the lab (unless a link named one); the rest wait for its id. */
  const ensureLab = (client: VirtualClient): Promise<string | undefined> => {
    if (labId) return Promise.resolve(labId);
    creating ??= createOrClassLab(client).then((res) => {
      if (typeof res === 'string') return (labId = res); // the class lab: every client joins it below
      if (!res.ok) {
        options.onError?.(res.error);
        creating = undefined;
        return undefined;
      }
      labId = res.data.labId;
      entered(client, res.data);
      return labId;
    });
    return creating;
  };

  /** In a class (and with no share link), the class's lab for this widget; otherwise a new private lab. */
  const createOrClassLab = async (client: VirtualClient) => {
    const ask = (p: PayloadOf<'class:lab'>) => request(client.socket, 'class:lab', p);
    const shared = explicit ? undefined : await classLabId(ask, options.widgetId ?? options.kind, options.kind);
    return shared ?? request(client.socket, 'lab:create', { kind: options.kind, name: client.name });
  };

  const join = async (client: VirtualClient) => {
    const hadLab = Boolean(labId);
    const id = await ensureLab(client);
    if (!id || (client.lab && client.lab.labId === id && !hadLab)) return; // this client created it
    // The kind lets the server re-create the lab under this id if it restarted: the share link stays whole.
    const kept = secrets.get(client);
    const secret = kept?.labId === id ? kept.secret : undefined;
    const res = await request(client.socket, 'lab:join', { labId: id, name: client.name, kind: options.kind, secret });
    if (res.ok) {
      entered(client, res.data);
    } else if (res.code === 'unknown-lab') {
      // The lab expired (or the server restarted): start a fresh one and bring everyone over.
      labId = undefined;
      creating = undefined;
      for (const c of clients) if (c.socket.connected) void join(c);
    } else {
      options.onError?.(res.error);
    }
  };

  for (const client of clients) {
    const { socket } = client;
    socket.on('connect', () => {
      client.lab = undefined;
      update(client, { type: 'connect', transport: socket.io.engine?.transport.name });
      socket.io.engine?.once('upgrade', (t: { name: string }) =>
        update(client, { type: 'upgrade', transport: t.name }),
      );
      void join(client);
    });
    socket.on('disconnect', (reason) => update(client, { type: 'disconnect', reason }));
    socket.on('connect_error', (err) => update(client, { type: 'connect_error', message: err.message }));
    socket.io.on('reconnect_attempt', (attempt) => update(client, { type: 'reconnect_attempt', attempt }));
    socket.on('lab:error', ({ event, error }) => options.onError?.(`${event}: ${error}`));
  }

  // Leaving the class: reconnect every client, so each lands in a new private lab (a socket stays in one lab).
  const onClassLeft = () => {
    if (explicit) return;
    labId = undefined;
    creating = undefined;
    for (const c of clients) if (c.socket.connected) c.socket.disconnect().connect();
  };
  window.addEventListener(CLASS_LEFT_EVENT, onClassLeft);

  return {
    clients,
    labId: () => labId,
    byName: (name) => clients.find((c) => c.name === name),
    close() {
      window.removeEventListener(CLASS_LEFT_EVENT, onClassLeft);
      for (const c of clients) {
        c.socket.close();
        update(c, { type: 'closed' });
      }
    },
  };
}
