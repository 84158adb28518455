// class:* — classroom mode. Registration only: which event runs which ClassService method, who may send it
// (teacher events check the teacher key first), and the connection-level hooks: a student's demo (lab)
// connections are recognised by their member cookie, and during a cut their new handshakes are refused.
import { CLASS_SOCKET_QUERY } from '../../src/lib/class/code.ts';
import type { DemoSocket, EventSpecs, Feature, FeatureContext } from '../feature.ts';
import { classSchemas } from '../schemas/class.ts';
import { classStoreFor } from '../store/class-redis-store.ts';
import type { ClassStore } from '../store/class-store.ts';
import { memberTokenFromCookie } from './class-secrets.ts';
import { ClassLabPresence } from './class-lab-presence.ts';
import { ClassLabs } from './class-labs.ts';
import { ClassService } from './class-service.ts';
import { recoveryServers } from './missed-events.ts';

const services = new WeakMap<FeatureContext, ClassService>();
const classLabs = new WeakMap<FeatureContext, ClassLabs>();
const presences = new WeakMap<FeatureContext, ClassLabPresence>();

/** The class labs of a server (for tests and benchmarks). */
export const classLabsOf = (ctx: FeatureContext): ClassLabs | undefined => classLabs.get(ctx);

const isClassSocket = (query: Record<string, unknown> | undefined) => query?.sp === CLASS_SOCKET_QUERY.sp;

type EngineRequest = { headers: { cookie?: string }; _query?: Record<string, string> };

export function classFeatureWith(store: (ctx: FeatureContext) => ClassStore): Feature {
  return {
    name: 'class',
    setup(ctx) {
      const service = new ClassService(ctx, store(ctx));
      services.set(ctx, service);
      const labs = new ClassLabs(ctx, service);
      classLabs.set(ctx, labs);
      const presence = new ClassLabPresence({
        store: service.store,
        clock: ctx.clock,
        perMinute: ctx.limits.classLabActivityPerMinute,
        owner: (labId) => labs.owner(labId),
        say: (classId, kind, text) => service.activity(classId, kind, text),
      });
      presences.set(ctx, presence);
      service.onEnd.push((classId) => {
        presence.endClass(classId, labs.labsOf(classId));
        labs.endClass(classId);
      });
      // Engine.IO middleware runs for every HTTP request and upgrade; only new handshakes of a cut student's demo
      // connections are refused (400), so their clients keep retrying and get back in once the cut is over.
      // The missed-events lab's recovery server (/recovery.io) is a demo connection too: a cut reaches it.
      const refuseCut = (req: EngineRequest, _res: unknown, next: (e?: Error) => void) => {
        if (service.cuts.size === 0 || req._query?.sid || isClassSocket(req._query)) return next();
        const token = memberTokenFromCookie(req.headers.cookie);
        next(token && service.isCut(token) ? new Error('cut by the teacher') : undefined);
      };
      ctx.io.engine.use(refuseCut);
      // A cut made on another node (told by serverSideEmit, with a cluster adapter only).
      ctx.io.on('class:cut', (memberId, tokenHash, until) => void service.applyCut(memberId, tokenHash, until));
      const recovery = recoveryServers.get(ctx.io);
      if (recovery) {
        recovery.engine.use(refuseCut);
        service.otherDemoServers.push(recovery);
      }
      const sweep = setInterval(() => {
        service.sweep().catch((err: unknown) => ctx.logger.error('class.sweep.failed', { error: String(err) }));
      }, ctx.limits.sweepIntervalMs);
      sweep.unref();
      ctx.onClose(() => clearInterval(sweep));
    },

    events(ctx): EventSpecs {
      const service = services.get(ctx)!;
      const s = classSchemas(ctx.limits);
      const address = (socket: DemoSocket) => socket.handshake.address;
      return {
        'class:create': { schema: s.create, fn: (socket, { name }) => service.create(address(socket), name) },
        'class:teach': {
          schema: s.teach,
          fn: async (socket, { code, teacherKey }) => service.teach(socket, await service.teacher(code, teacherKey)),
        },
        'class:poll': {
          schema: s.poll,
          fn: async (_socket, { code, teacherKey, lesson, ...question }) =>
            service.poll(await service.teacher(code, teacherKey), { ...question, lesson: lesson ?? null }),
        },
        'class:predict': {
          schema: s.predict,
          fn: async (_socket, { code, teacherKey, lesson, ...prediction }) =>
            service.predict(await service.teacher(code, teacherKey), { ...prediction, lesson: lesson ?? null }),
        },
        'class:reveal': {
          schema: s.reveal,
          fn: async (_socket, { code, teacherKey, pollId }) =>
            service.reveal(await service.teacher(code, teacherKey), pollId),
        },
        'class:cut': {
          schema: s.cut,
          fn: async (_socket, { code, teacherKey, memberId, seconds }) =>
            service.cut(await service.teacher(code, teacherKey), memberId, seconds),
        },
        'class:suggest': {
          schema: s.suggest,
          fn: async (_socket, { code, teacherKey, href, title }) =>
            service.suggest(await service.teacher(code, teacherKey), href, title),
        },
        'class:end': {
          schema: s.end,
          fn: async (_socket, { code, teacherKey }) => {
            await service.end((await service.teacher(code, teacherKey)).id, 'ended');
            return { ended: true as const };
          },
        },
        'class:join': {
          schema: s.join,
          fn: (socket, { code, name }) => service.join(socket, address(socket), code, name),
        },
        'class:resume': {
          schema: s.resume,
          fn: (socket, { code, memberToken }) => service.resume(socket, code, memberToken),
        },
        'class:leave': { schema: s.leave, fn: (socket) => service.leave(socket) },
        'class:lab': {
          schema: s.lab,
          fn: (_socket, { code, memberToken, widgetId, kind }) =>
            classLabs.get(ctx)!.lab(code, memberToken, widgetId, kind),
        },
        'class:where': { schema: s.where, fn: (socket, { lesson }) => service.where(socket, lesson) },
        'class:progress': {
          schema: s.progress,
          fn: (socket, { lesson, checks, tries }) => service.progress(socket, lesson, checks, tries),
        },
        'class:answer': {
          schema: s.answer,
          fn: (socket, { pollId, choice }) => service.answer(socket, pollId, choice),
        },
      };
    },

    /** A student's connection entered a lab: if it is a class lab, the teacher's stream hears of it. */
    entered(socket, ctx) {
      const labId = socket.data.labId;
      if (!labId || !socket.handshake.headers.cookie) return;
      presences
        .get(ctx)
        ?.entered(socket, labId)
        .catch((err: unknown) => ctx.logger.error('class.lab.presence.failed', { error: String(err) }));
    },

    left(socket, ctx, labId) {
      presences.get(ctx)?.left(socket, labId);
    },

    /** Only a socket carrying a member cookie (a student's demo connection) costs anything here. */
    connection(socket, ctx) {
      if (isClassSocket(socket.handshake.query)) return;
      const token = memberTokenFromCookie(socket.handshake.headers.cookie);
      if (!token) return;
      const service = services.get(ctx)!;
      service
        .adoptDemo(socket, token)
        .catch((err: unknown) => ctx.logger.error('class.demo.failed', { error: String(err) }));
    },
  };
}

/** Classroom mode with the in-memory store alone, or the shared Redis store when the node is one of many. */
export const classFeature: Feature = classFeatureWith(classStoreFor);
