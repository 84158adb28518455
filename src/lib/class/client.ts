// The class connection: one socket.io-client connection per page, marked as the class link (so a cut of the
// student's demo connections leaves it up), loaded only when a page needs it.
import type { Socket } from 'socket.io-client';
import type { ClassClientEvents, ClassErrorCode, ClassServerEvents } from '../../contract/class.ts';
import { CLASS_SOCKET_QUERY } from './code.ts';

/** The class connection speaks only the class events. */
export type ClassSocket = Socket<ClassServerEvents, ClassClientEvents>;
export type ClassReply<T> = { ok: true; data: T } | { ok: false; error: string; code: ClassErrorCode | 'timeout' };

const ACK_TIMEOUT_MS = 6000;

export async function openClassSocket(): Promise<ClassSocket> {
  const { io } = await import('socket.io-client');
  return io({ query: { ...CLASS_SOCKET_QUERY }, reconnectionDelayMax: 4000 }) as ClassSocket;
}

/** emitWithAck with a timeout, folded into the server's reply shape so callers handle one case. */
export async function call<T>(
  socket: ClassSocket,
  event: keyof ClassClientEvents,
  payload: unknown,
): Promise<ClassReply<T>> {
  try {
    const emitter = socket.timeout(ACK_TIMEOUT_MS) as unknown as {
      emitWithAck(e: string, p: unknown): Promise<ClassReply<T>>;
    };
    return await emitter.emitWithAck(event, payload);
  } catch {
    return { ok: false, error: `No answer from the demo server within ${ACK_TIMEOUT_MS / 1000} s.`, code: 'timeout' };
  }
}
