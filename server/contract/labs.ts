// Labs: every widget instance's traffic lives in a room the server made for it.
import { z } from 'zod';
import { ClientNameSchema, LabIdSchema, LabKindSchema, type Ack } from './common.ts';

export const LabCreateSchema = z.object({ kind: LabKindSchema, name: ClientNameSchema }).strict();
export const LabJoinSchema = z.object({ labId: LabIdSchema, name: ClientNameSchema }).strict();

export interface LabInfo {
  labId: string;
  kind: string;
  /** The name this socket is known by inside the lab. */
  name: string;
  /** Sockets in the lab now, this one included. */
  members: number;
}

export interface LabClientEvents {
  /** Create a lab for this widget instance and join it. */
  'lab:create': (payload: z.input<typeof LabCreateSchema>, ack: Ack<LabInfo>) => void;
  /** Join an existing lab by id (a shared link, or a widget's second and third virtual clients). */
  'lab:join': (payload: z.input<typeof LabJoinSchema>, ack: Ack<LabInfo>) => void;
}

export interface LabServerEvents {
  /** Sent when a client→server event without an acknowledgement callback was refused. */
  'lab:error': (payload: { event: string; error: string }) => void;
}
