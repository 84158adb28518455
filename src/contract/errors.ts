// Stable codes for refusals. Every `{ ok: false }` acknowledgement and every `lab:error` carries one beside the
// human sentence, so clients branch on the code and the sentence can be reworded freely.
export const ERROR_CODES = [
  /** The payload failed the event's schema (or the event took the wrong number of arguments). */
  'invalid-payload',
  /** The socket sent more events than its token bucket allows. */
  'rate-limited',
  /** The event needs a lab and this socket has not joined one. */
  'no-lab',
  /** The lab asked for does not exist (expired, or the server restarted). */
  'unknown-lab',
  /** The lab has as many sockets as it may hold. */
  'lab-full',
  /** The server holds as many labs as it may. */
  'server-full',
  /** A nickname (or similar name) is already used in this lab. */
  'name-taken',
  /** The request is well formed but not allowed now (wrong state, another lab's socket, a stale tag …). */
  'not-allowed',
  /** A value is over one of the server's limits (text length, delay …). */
  'too-large',
  /** No answer arrived in time (set by the client, never by the server). */
  'timeout',
  /** Something went wrong inside the server; details are in its log, not in the answer. */
  'internal',
  /** Classroom mode: a control event without the class's teacher key (a student's forged one, say). */
  'forbidden',
  /** Classroom mode: no class with that code (it ended, expired, or never existed), or not a member of it. */
  'unknown-class',
  /** Classroom mode: the class has as many students as it may. */
  'class-full',
  /** A socket rejoining its lab from its handshake waited too long (the shared store did not answer): its
   * held events were not handled; join the lab again. */
  'rejoin-timeout',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];
