// Sticky routing for every Socket.IO server a worker runs, not only the main one. @socket.io/sticky's primary
// routes a request carrying `sid=` to the worker that reported that Engine.IO session; its setupWorker() reports
// the sessions of one server. The demo runs several (main, recovery, secure …) on their own paths, each created
// with `scale.serverOptions(name)`, so this wraps that adapter factory to report the others' sessions as well.
import type { Namespace, ServerOptions } from 'socket.io';
import type { ScaleContext } from './scale/context.ts';

type EngineLike = { on(event: 'connection', fn: (socket: EngineSocket) => void): void };
type EngineSocket = { id: string; once(event: 'close', fn: () => void): void };
type AdapterFactory = (nsp: Namespace) => unknown;

const ignore = () => {}; // a lost primary fails the next request anyway

/** The two messages @socket.io/sticky's primary understands (same shapes as its setupWorker sends). */
export function reportSessions(
  engine: EngineLike,
  send: (m: object) => unknown = (m) => process.send?.(m, undefined, {}, ignore),
) {
  engine.on('connection', (socket) => {
    send({ type: 'sticky:connection', data: socket.id });
    socket.once('close', () => send({ type: 'sticky:disconnection', data: socket.id }));
  });
}

/** `scale` with every server but `main` (which setupWorker covers) reporting its sessions to the primary. */
export function withStickySessions(scale: ScaleContext, report = reportSessions): ScaleContext {
  return {
    ...scale,
    serverOptions(name) {
      const options = scale.serverOptions(name);
      const inner = options.adapter as unknown as AdapterFactory | undefined;
      if (name === 'main' || typeof inner !== 'function') return options;
      const seen = new WeakSet<object>();
      // A plain function, not an arrow: Socket.IO calls the adapter option with `new`.
      const adapter = function (nsp: Namespace) {
        if (!seen.has(nsp.server)) {
          seen.add(nsp.server);
          // The "/" namespace (and its adapter) is made before the Server attaches its engine: report once attached.
          queueMicrotask(() => report(nsp.server.engine as unknown as EngineLike));
        }
        return inner(nsp);
      };
      return { ...options, adapter: adapter as unknown as ServerOptions['adapter'] };
    },
  };
}
