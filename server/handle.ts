// Wraps a client→server event handler: validate the payload against its schema, run the handler, and answer
// through the acknowledgement as { ok: true, data } or { ok: false, error }. A bad payload changes nothing.
import type { z } from 'zod';
import { UserError } from './errors.ts';
import type { Logger } from './log.ts';
import type { AckResult } from './events.ts';

export interface HandlerContext {
  /** Runs after the acknowledgement has been sent: "acknowledge receipt, then fan out". */
  afterAck(fn: () => void): void;
}

type Respond = (result: AckResult<unknown>) => void;

/** A zod error as one sentence a learner can read: "text: the message is empty". */
export function describeZodError(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => (issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message))
    .join('; ');
}

export function handle<S extends z.ZodType, R>(
  event: string,
  schema: S,
  fn: (payload: z.output<S>, ctx: HandlerContext) => R | Promise<R>,
  options: { logger: Logger; onNoAck: (event: string, error: string) => void },
): (...args: unknown[]) => Promise<void> {
  return async (...args: unknown[]) => {
    const last = args[args.length - 1];
    const ack = typeof last === 'function' ? (args.pop() as Respond) : undefined;
    const respond: Respond = (result) => {
      if (ack) ack(result);
      else if (!result.ok) options.onNoAck(event, result.error);
    };
    if (args.length !== 1) {
      respond({ ok: false, error: `"${event}" takes exactly one payload object, got ${args.length}` });
      return;
    }
    const parsed = schema.safeParse(args[0]);
    if (!parsed.success) {
      respond({ ok: false, error: describeZodError(parsed.error) });
      return;
    }
    const after: Array<() => void> = [];
    try {
      const data = await fn(parsed.data, { afterAck: (f) => after.push(f) });
      respond({ ok: true, data });
    } catch (err) {
      if (err instanceof UserError) {
        respond({ ok: false, error: err.message });
      } else {
        options.logger.error('handler.failed', { event, error: String(err) });
        respond({ ok: false, error: 'The demo server could not handle that event.' });
      }
      return;
    }
    for (const f of after) {
      try {
        f();
      } catch (err) {
        options.logger.error('handler.after-ack.failed', { event, error: String(err) });
      }
    }
  };
}
