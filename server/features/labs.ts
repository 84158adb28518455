// lab:create and lab:join put a socket into a lab's room; leaving happens on disconnect.
// Alone, the registry answers at once; on a shared Redis (ctx.labs.shared) the same steps wait for Redis, which
// keeps names unique and maxLabs counted across nodes (server/scale/lab-directory.ts).
import type { LabInfo } from '../../src/contract/index.ts';
import type { DemoSocket, Feature, FeatureContext } from '../feature.ts';
import { labRoom, type LabJoined } from '../labs.ts';
import { UserError } from '../errors.ts';
import { labSchemas } from '../schemas/labs.ts';

function checkOneLab(socket: DemoSocket, labId: string): void {
  if (socket.data.labId && socket.data.labId !== labId) {
    throw new UserError('This connection is already in another lab; open a new connection for a second lab.');
  }
}

/**
 * A join that showed a member's secret took that member's place: its old socket (half-open, its ping not timed
 * out yet, or on a node that died) is the same learner's, and is disconnected wherever it still is, so it cannot
 * act in the lab under the name it no longer holds. Its own disconnect then tells roster watchers it left.
 */
function dropReplaced(ctx: FeatureContext, joined: LabJoined): void {
  if (joined.replaced === undefined) return;
  ctx.logger.info('lab.member.replaced', { labId: joined.lab.id });
  try {
    ctx.io.in(joined.replaced).disconnectSockets(true);
  } catch (err) {
    ctx.logger.warn('lab.member.replace.failed', { labId: joined.lab.id, error: String(err) });
  }
}

function entered(ctx: FeatureContext, socket: DemoSocket, joined: LabJoined): LabInfo {
  dropReplaced(ctx, joined);
  const labId = joined.lab.id;
  socket.data.labId = labId;
  socket.data.name = joined.name;
  void socket.join(labRoom(labId));
  ctx.enteredLab(socket);
  const { kind, members } = joined.lab;
  return { labId, kind, name: joined.name, members: members.size, secret: joined.secret };
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
  /** A member secret from an earlier join reply: back under that member's name if it is still listed. */
  secret?: string,
): LabInfo | Promise<LabInfo> {
  checkOneLab(socket, labId);
  const shared = ctx.labs.shared;
  if (!shared) return entered(ctx, socket, ctx.labs.join(labId, socket.id, name, secret));
  const done = shared.join(labId, socket.id, name, secret).then((joined) => {
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
        async fn(socket, { labId, name, kind, secret }) {
          const shared = ctx.labs.shared;
          if (shared) {
            try {
              return await enterLab(ctx, socket, labId, name, secret);
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
          return enterLab(ctx, socket, labId, name, secret);
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
