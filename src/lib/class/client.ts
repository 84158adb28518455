// The class connection: one socket.io-client connection per page, marked as the class link (so a cut of the
// student's demo connections leaves it up), loaded only when a page needs it. Events go through the
// contract's typed request(): the event must take an acknowledgement, the payload must fit its type.
import type { ClientSocket } from '../socket/virtual-clients.ts';
import { CLASS_SOCKET_QUERY } from './code.ts';

export { request } from '../socket/virtual-clients.ts';
export type ClassSocket = ClientSocket;

export async function openClassSocket(): Promise<ClassSocket> {
  const { io } = await import('socket.io-client');
  return io({ query: { ...CLASS_SOCKET_QUERY }, reconnectionDelayMax: 4000 }) as ClassSocket;
}
