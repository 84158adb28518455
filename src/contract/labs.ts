// Labs: every widget instance's traffic lives in a room the server made for it.
import type { Ack } from './common.ts';
import type { ErrorCode } from './errors.ts';

/**
 * Length of a member secret: 16 random bytes in base64url. The server issues one in every join reply (LabInfo);
 * a client that joins the same lab again with it gets its own name back if that member is still on the roster
 * (its old socket has not timed out yet, or its node died), instead of a fresh "Ada 2".
 */
export const MEMBER_SECRET_LENGTH = 22;
export const MEMBER_SECRET_PATTERN = /^[A-Za-z0-9_-]{22}$/;

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
  /**
   * The secret from this learner's last join reply for this lab. With it (and the name it joined with, or the
   * name it was given) the join takes that member's place. A wrong or stale one is ignored: a fresh name.
   */
  secret?: string;
}

export interface LabInfo {
  labId: string;
  kind: string;
  /** The name this socket is known by inside the lab. */
  name: string;
  /** Sockets in the lab now, this one included. */
  members: number;
  /** This member's secret (MEMBER_SECRET_LENGTH characters): only in this socket's own reply, never shown to others. */
  secret: string;
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
