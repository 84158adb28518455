// lab:create and lab:join put a socket into a lab's room; leaving happens on disconnect.
import { LabCreateSchema, LabJoinSchema, type LabInfo } from '../contract/labs.ts';
import type { Feature } from '../feature.ts';
import { labRoom } from '../labs.ts';
import { UserError } from '../errors.ts';

export const labsFeature: Feature = {
  name: 'labs',
  connection(socket, ctx) {
    const enter = (labId: string, name: string): LabInfo => {
      if (socket.data.labId && socket.data.labId !== labId) {
        throw new UserError('This connection is already in another lab; open a new connection for a second lab.');
      }
      const joined = ctx.labs.join(labId, socket.id, name);
      socket.data.labId = labId;
      socket.data.name = joined.name;
      void socket.join(labRoom(labId));
      return { labId, kind: joined.lab.kind, name: joined.name, members: joined.lab.members.size };
    };

    ctx.on(socket, 'lab:create', LabCreateSchema, ({ kind, name }) => {
      if (socket.data.labId) throw new UserError('This connection is already in a lab.');
      const lab = ctx.labs.create(kind);
      ctx.logger.info('lab.created', { labId: lab.id, kind });
      return enter(lab.id, name);
    });

    ctx.on(socket, 'lab:join', LabJoinSchema, ({ labId, name }) => enter(labId, name));

    socket.on('disconnect', () => {
      if (socket.data.labId) ctx.labs.leave(socket.data.labId, socket.id);
    });
  },
};
