// lab:create and lab:join put a socket into a lab's room; leaving happens on disconnect.
import type { LabInfo } from '../../src/contract/index.ts';
import type { DemoSocket, Feature, FeatureContext } from '../feature.ts';
import { labRoom } from '../labs.ts';
import { UserError } from '../errors.ts';
import { labSchemas } from '../schemas/labs.ts';

/** Puts a socket into a lab (its registry entry and its Socket.IO room). Used by lab:join and handshake rejoins. */
export function enterLab(ctx: FeatureContext, socket: DemoSocket, labId: string, name: string): LabInfo {
  if (socket.data.labId && socket.data.labId !== labId) {
    throw new UserError('This connection is already in another lab; open a new connection for a second lab.');
  }
  const joined = ctx.labs.join(labId, socket.id, name);
  socket.data.labId = labId;
  socket.data.name = joined.name;
  void socket.join(labRoom(labId));
  ctx.enteredLab(socket);
  return { labId, kind: joined.lab.kind, name: joined.name, members: joined.lab.members.size };
}

export const labsFeature: Feature = {
  name: 'labs',
  events(ctx) {
    const schemas = labSchemas();
    return {
      'lab:create': {
        schema: schemas.create,
        fn(socket, { kind, name }) {
          if (socket.data.labId) throw new UserError('This connection is already in a lab.');
          ctx.clients.takeLabCreate(socket.handshake.address);
          const lab = ctx.labs.create(kind);
          ctx.logger.info('lab.created', { labId: lab.id, kind });
          return enterLab(ctx, socket, lab.id, name);
        },
      },
      'lab:join': {
        schema: schemas.join,
        fn(socket, { labId, name, kind }) {
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
    ctx.labs.leave(labId, socket.id);
  },
};
