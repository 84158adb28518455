// lab:create and lab:join put a socket into a lab's room; leaving happens on disconnect.
// Alone, the registry answers at once; on a shared Redis (ctx.labs.shared) the same steps wait for Redis, which
// keeps names unique and maxLabs counted across nodes (server/scale/lab-directory.ts).
import type { LabInfo } from '../../src/contract/index.ts';
import type { DemoSocket, Feature, FeatureContext } from '../feature.ts';
import { labRoom, type Lab } from '../labs.ts';
import { UserError } from '../errors.ts';
import { labSchemas } from '../schemas/labs.ts';

function checkOneLab(socket: DemoSocket, labId: string): void {
  if (socket.data.labId && socket.data.labId !== labId) {
    throw new UserError('This connection is already in another lab; open a new connection for a second lab.');
  }
}

function entered(ctx: FeatureContext, socket: DemoSocket, joined: { lab: Lab; name: string }): LabInfo {
  const labId = joined.lab.id;
  socket.data.labId = labId;
  socket.data.name = joined.name;
  void socket.join(labRoom(labId));
  ctx.enteredLab(socket);
  return { labId, kind: joined.lab.kind, name: joined.name, members: joined.lab.members.size };
}

/**
 * Puts a socket into a lab (its registry entry and its Socket.IO room). Used by lab:join and handshake rejoins.
 * Synchronous alone; a promise on a shared Redis (marked handled, so a caller that ignores it cannot crash us).
 */
export function enterLab(
  ctx: FeatureContext,
  socket: DemoSocket,
  labId: string,
  name: string,
): LabInfo | Promise<LabInfo> {
  checkOneLab(socket, labId);
  const shared = ctx.labs.shared;
  if (!shared) return entered(ctx, socket, ctx.labs.join(labId, socket.id, name));
  const done = shared.join(labId, socket.id, name).then((joined) => {
    // The socket may have gone while Redis answered: take it back off the roster.
    if (socket.disconnected) {
      void shared.leave(labId, socket.id).catch(() => undefined);
      throw new UserError('The connection closed.');
    }
    checkOneLab(socket, labId);
    return entered(ctx, socket, joined);
  });
  done.catch(() => undefined);
  return done;
}

export const labsFeature: Feature = {
  name: 'labs',
  events(ctx) {
    const schemas = labSchemas();
    return {
      'lab:create': {
        schema: schemas.create,
        async fn(socket, { kind, name }) {
          if (socket.data.labId) throw new UserError('This connection is already in a lab.');
          await ctx.clients.takeLabCreateAcrossNodes(socket.handshake.address);
          const lab = ctx.labs.shared ? await ctx.labs.shared.create(kind) : ctx.labs.create(kind);
          ctx.logger.info('lab.created', { labId: lab.id, kind });
          return enterLab(ctx, socket, lab.id, name);
        },
      },
      'lab:join': {
        schema: schemas.join,
        async fn(socket, { labId, name, kind }) {
          const shared = ctx.labs.shared;
          if (shared) {
            try {
              return await enterLab(ctx, socket, labId, name);
            } catch (err) {
              if (!(err instanceof UserError) || err.code !== 'unknown-lab' || !kind || socket.data.labId) throw err;
            }
            await ctx.clients.takeLabCreateAcrossNodes(socket.handshake.address);
            await shared.create(kind, labId).catch(() => undefined); // another node may have re-created it first
            ctx.logger.info('lab.recreated', { labId, kind });
            return enterLab(ctx, socket, labId, name);
          }
          // A well-formed id the server does not know, from a client that says which widget it is: the server
          // restarted (or the lab expired) under a share link. Re-create it under that id, within lab:create's
          // limits, so every page of the link lands in the same lab again instead of each in a new one.
          if (kind && !socket.data.labId && !ctx.labs.get(labId)) {
            ctx.clients.takeLabCreate(socket.handshake.address);
            ctx.labs.create(kind, labId);
            ctx.logger.info('lab.recreated', { labId, kind });
          }
          return enterLab(ctx, socket, labId, name);
        },
      },
    };
  },
  left(socket, ctx, labId) {
    if (!ctx.labs.shared) return ctx.labs.leave(labId, socket.id);
    ctx.labs.shared.leave(labId, socket.id).catch((err) => {
      ctx.logger.warn('lab.leave.failed', { labId, error: String(err) });
    });
  },
};
