// Registers one class event on a socket: validate the payload, run the handler, answer through the
// acknowledgement as { ok: true, data } or { ok: false, error, code }. Nothing thrown escapes the listener.
// (The shared dispatcher answers without a `code` today; class events need one, so they come through here.)
import type { z } from 'zod';
import type { ClassErrorCode } from '../contract/class.ts';
import type { ClientToServerEvents } from '../events.ts';
import { UserError } from '../errors.ts';
import type { DemoSocket, FeatureContext } from '../feature.ts';
import { describeZodError } from '../handle.ts';
import { ClassError } from '../store/class-store.ts';

type Reply = { ok: true; data: unknown } | { ok: false; error: string; code: ClassErrorCode };

export function onClass<S extends z.ZodType>(
  ctx: FeatureContext,
  socket: DemoSocket,
  event: keyof ClientToServerEvents & `class:${string}`,
  schema: S,
  fn: (payload: z.output<S>) => unknown,
): void {
  socket.on(event, (async (...args: unknown[]) => {
    const ack = typeof args[args.length - 1] === 'function' ? (args.pop() as (r: Reply) => void) : undefined;
    const reply = (r: Reply) => {
      if (ack) ack(r);
      else if (!r.ok) socket.emit('lab:error', { event, error: r.error });
    };
    if (args.length !== 1)
      return reply({ ok: false, error: `"${event}" takes exactly one payload object`, code: 'invalid' });
    const parsed = schema.safeParse(args[0]);
    if (!parsed.success) return reply({ ok: false, error: describeZodError(parsed.error), code: 'invalid' });
    try {
      reply({ ok: true, data: await fn(parsed.data) });
    } catch (err) {
      if (err instanceof ClassError) reply({ ok: false, error: err.message, code: err.code });
      else if (err instanceof UserError) reply({ ok: false, error: err.message, code: 'invalid' });
      else {
        ctx.logger.error('class.handler.failed', { event, error: String(err) });
        reply({ ok: false, error: 'The demo server could not handle that class event.', code: 'internal' });
      }
    }
  }) as never);
}
