// The security lab's real sockets, on the lab's own Server (SECURE_PATH): the lobby ("/", no token needed) and
// "/private" (a token in the handshake `auth`). socket.io-client is loaded only when a panel mounts.
import { PRIVATE_NAMESPACE, SECURE_PATH } from '../../contract/index.ts';
import { request, type ClientSocket } from '../../lib/socket/virtual-clients.ts';

export type SecureSocket = ClientSocket;
export type AuthOption = Record<string, unknown> | ((cb: (data: object) => void) => void);

export async function openLobby(): Promise<SecureSocket> {
  const { io } = await import('socket.io-client');
  return io({ path: SECURE_PATH, forceNew: true, reconnectionDelayMax: 4000 }) as SecureSocket;
}

/** A "/private" socket on a connection of its own, so closing it (an oversized packet) leaves the lobby alone. */
export async function openPrivate(auth: AuthOption, options: Record<string, unknown> = {}): Promise<SecureSocket> {
  const { io } = await import('socket.io-client');
  return io(PRIVATE_NAMESPACE, {
    path: SECURE_PATH,
    forceNew: true,
    autoConnect: false,
    auth,
    ...options,
  }) as SecureSocket;
}

export const login = (lobby: SecureSocket, name: string, seconds: number) =>
  request(lobby, 'security:token', { name, seconds });

/** Calls `onPacket` with every Engine.IO packet this socket's connection writes, whichever transport is current. */
export function tapOutgoing(socket: SecureSocket, onPacket: (engineText: string) => void): void {
  const watched = new WeakSet<object>();
  const attach = () => {
    const engine = socket.io.engine;
    if (!engine || watched.has(engine)) return;
    watched.add(engine);
    engine.on('packetCreate', (p: { type: string; data?: unknown }) => {
      if (p.type === 'message' && typeof p.data === 'string') onPacket(`4${p.data}`);
    });
  };
  socket.io.on('open', attach);
  attach();
}
