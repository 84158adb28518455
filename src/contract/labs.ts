// Labs: every widget instance's traffic lives in a room the server made for it.
import type { Ack } from './common.ts';
import type { ErrorCode } from './errors.ts';

export interface LabCreatePayload {
  /** The widget kind, a lowercase slug ("emit-sequence"). */
  kind: string;
  name: string;
}

export interface LabJoinPayload {
  labId: string;
  name: string;
  /**
   * The widget kind. With it, an unknown but well-formed id is re-created under that id (the server restarted
   * under a share link), within the same limits as lab:create; without it, an unknown id is refused.
   */
  kind?: string;
}

export interface LabInfo {
  labId: string;
  kind: string;
  /** The name this socket is known by inside the lab. */
  name: string;
  /** Sockets in the lab now, this one included. */
  members: number;
}

export interface LabError {
  event: string;
  error: string;
  code: ErrorCode;
}

export interface LabClientEvents {
  /** Create a lab for this widget instance and join it. */
  'lab:create': (payload: LabCreatePayload, ack: Ack<LabInfo>) => void;
  /** Join an existing lab by id (a shared link, or a widget's second and third virtual clients). */
  'lab:join': (payload: LabJoinPayload, ack: Ack<LabInfo>) => void;
}

export interface LabServerEvents {
  /** Sent when a client→server event without an acknowledgement callback was refused. */
  'lab:error': (payload: LabError) => void;
}
