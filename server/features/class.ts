// class:* — classroom mode. Registration only: which event runs which ClassService method, who may send it
// (teacher events check the teacher key first), and the connection-level hooks: a student's demo (lab)
// connections are recognised by their member cookie, and during a cut their new handshakes are refused.
import {
  ClassAnswerSchema,
  ClassCreateSchema,
  ClassCutSchema,
  ClassEndSchema,
  ClassJoinSchema,
  ClassLeaveSchema,
  ClassPollSchema,
  ClassProgressSchema,
  ClassResumeSchema,
  ClassRevealSchema,
  ClassSuggestSchema,
  ClassTeachSchema,
  ClassWhereSchema,
} from '../contract/class.ts';
import { CLASS_SOCKET_QUERY } from '../../src/lib/class/code.ts';
import type { DemoSocket, Feature, FeatureContext } from '../feature.ts';
import { InMemoryClassStore } from '../store/class-memory-store.ts';
import type { ClassStore } from '../store/class-store.ts';
import { onClass } from './class-handle.ts';
import { memberTokenFromCookie } from './class-secrets.ts';
import { ClassService } from './class-service.ts';

const services = new WeakMap<FeatureContext, ClassService>();

const isClassSocket = (query: Record<string, unknown> | undefined) => query?.sp === CLASS_SOCKET_QUERY.sp;

export function classFeatureWith(store: () => ClassStore): Feature {
  return {
    name: 'class',
    setup(ctx) {
      const service = new ClassService(ctx, store());
      services.set(ctx, service);
      // Engine.IO middleware runs for every HTTP request and upgrade; only new handshakes of a cut student's demo
      // connections are refused (400), so their clients keep retrying and get back in once the cut is over.
      ctx.io.engine.use(
        (
          req: { headers: { cookie?: string }; _query?: Record<string, string> },
          _res: unknown,
          next: (e?: Error) => void,
        ) => {
          if (service.cuts.size === 0 || req._query?.sid || isClassSocket(req._query)) return next();
          const token = memberTokenFromCookie(req.headers.cookie);
          next(token && service.isCut(token) ? new Error('cut by the teacher') : undefined);
        },
      );
      const sweep = setInterval(() => {
        service.sweep().catch((err: unknown) => ctx.logger.error('class.sweep.failed', { error: String(err) }));
      }, ctx.limits.sweepIntervalMs);
      sweep.unref();
      ctx.onClose(() => clearInterval(sweep));
    },
    connection(socket: DemoSocket, ctx) {
      const service = services.get(ctx)!;
      const address = socket.handshake.address;

      if (!isClassSocket(socket.handshake.query)) {
        const token = memberTokenFromCookie(socket.handshake.headers.cookie);
        if (token) {
          service
            .adoptDemo(socket, token)
            .catch((err: unknown) => ctx.logger.error('class.demo.failed', { error: String(err) }));
          socket.on('disconnect', () => {
            if (socket.data.classDemo) service.rosterChanged(socket.data.classDemo.classId);
          });
        }
      }

      onClass(ctx, socket, 'class:create', ClassCreateSchema, ({ name }) => service.create(address, name));
      onClass(ctx, socket, 'class:teach', ClassTeachSchema, async ({ code, teacherKey }) =>
        service.teach(socket, await service.teacher(code, teacherKey)),
      );
      onClass(ctx, socket, 'class:poll', ClassPollSchema, async ({ code, teacherKey, lesson, ...question }) =>
        service.poll(await service.teacher(code, teacherKey), { ...question, lesson: lesson ?? null }),
      );
      onClass(ctx, socket, 'class:reveal', ClassRevealSchema, async ({ code, teacherKey, pollId }) =>
        service.reveal(await service.teacher(code, teacherKey), pollId),
      );
      onClass(ctx, socket, 'class:cut', ClassCutSchema, async ({ code, teacherKey, memberId, seconds }) =>
        service.cut(await service.teacher(code, teacherKey), memberId, seconds),
      );
      onClass(ctx, socket, 'class:suggest', ClassSuggestSchema, async ({ code, teacherKey, href, title }) =>
        service.suggest(await service.teacher(code, teacherKey), href, title),
      );
      onClass(ctx, socket, 'class:end', ClassEndSchema, async ({ code, teacherKey }) => {
        await service.end((await service.teacher(code, teacherKey)).id, 'ended');
        return { ended: true };
      });

      onClass(ctx, socket, 'class:join', ClassJoinSchema, ({ code, name }) =>
        service.join(socket, address, code, name),
      );
      onClass(ctx, socket, 'class:resume', ClassResumeSchema, ({ code, memberToken }) =>
        service.resume(socket, code, memberToken),
      );
      onClass(ctx, socket, 'class:leave', ClassLeaveSchema, () => service.leave(socket));
      onClass(ctx, socket, 'class:where', ClassWhereSchema, ({ lesson }) => service.where(socket, lesson));
      onClass(ctx, socket, 'class:progress', ClassProgressSchema, ({ lesson, checks, tries }) =>
        service.progress(socket, lesson, checks, tries),
      );
      onClass(ctx, socket, 'class:answer', ClassAnswerSchema, ({ pollId, choice }) =>
        service.answer(socket, pollId, choice),
      );

      socket.conn.on('upgrade', () => {
        const classId = socket.data.classStudent?.classId;
        if (classId) service.rosterChanged(classId);
      });
      socket.on('disconnect', () => {
        const seat = socket.data.classStudent;
        if (!seat) return;
        if (service.studentSockets(seat.classId, seat.memberId).length > 0) return service.rosterChanged(seat.classId);
        void service.seat(socket).then(
          ({ name }) => service.classSocketGone(seat.classId, seat.memberId, name),
          () => undefined,
        );
      });
    },
  };
}

/** Classroom mode with the in-memory store (the default; a shared store comes with scale-out). */
export const classFeature: Feature = classFeatureWith(() => new InMemoryClassStore());
