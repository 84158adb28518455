// Every limit the demo server enforces, in one place. A classroom of ~40 learners, each with a few widgets
// open and 3–4 virtual clients per widget, sits well inside these numbers; a runaway script does not.
import { trustedProxyList } from './client-address.ts';

export interface Limits {
  /** Engine.IO's maxHttpBufferSize: a bigger packet closes that one connection (Engine.IO's own rule). */
  maxPayloadBytes: number;
  /** Longest text a learner may put in one message; longer is refused with an error, politely. */
  maxTextLength: number;
  /** Token bucket per socket: sustained events per second, and the burst allowed above that. */
  eventsPerSecond: number;
  eventBurst: number;
  /** Labs alive at once across the whole server. */
  maxLabs: number;
  /** Sockets in one lab (a shared classroom lab needs room for a whole class's virtual clients). */
  maxSocketsPerLab: number;
  /** A lab with no sockets for this long is removed. */
  labIdleMs: number;
  /** How often idle labs are swept. */
  sweepIntervalMs: number;
  /** Entries kept per lab where a feature keeps history (event logs, replay). */
  historyPerLab: number;
  /** Queue lab: messages one queue (or one fan-out subscriber) holds, ready + in flight; beyond it publish is refused. */
  queueMaxDepth: number;
  /** Queue lab: how often each lab's broker checks visibility timeouts (ms). */
  queueTickMs: number;
  /** "Polling vs push": a held long-poll is answered empty after this long. */
  longPollTimeoutMs: number;
  /** Long-polls one lab may hold open at once; more are refused with 429. */
  maxHeldPollsPerLab: number;
  /** HTTP polls (short and long together) one lab may make per second, and the burst above that. */
  pollsPerSecondPerLab: number;
  pollBurstPerLab: number;
  /** The lab ticker's pace: the next update comes a random time between these after the last. */
  tickerMinMs: number;
  tickerMaxMs: number;
  /** Longest delay a learner may ask the ack lab's server to wait before acknowledging. */
  maxAckDelayMs: number;
  /** Chat: longest message, in characters (longer is refused). */
  chatMaxTextLength: number;
  /** Chat: the server relays at most one "is typing" from a socket per this many ms (clients throttle to the same). */
  chatTypingIntervalMs: number;
  /** Chat: "is typing" disappears after this long without a fresh one. */
  chatTypingTimeoutMs: number;
  /** Missed-events lab: fastest numbered stream a learner may ask for (events a second). */
  missedMaxRate: number;
  /** Missed-events lab: how long the recovery server keeps a disconnected socket's session and packets. */
  missedRecoveryWindowMs: number;
  /** Classroom mode: classes running at once on the server. */
  maxClasses: number;
  /** Classroom mode: students in one class. */
  classMaxStudents: number;
  /** Classroom mode: a class nobody has touched for this long ends and its data is deleted. */
  classIdleMs: number;
  /** Classroom mode: wrong join codes one address may try per minute (right ones are free: a school shares a NAT). */
  classJoinFailuresPerMinute: number;
  /** Classroom mode: classes one address may start per hour. */
  classCreatesPerHour: number;
  /** Classroom mode: longest a teacher may cut a student's demo connection, in seconds. */
  classMaxCutSeconds: number;
  /** Classroom mode: lessons whose progress is kept per student. */
  classMaxLessons: number;
  /** Classroom mode: check and exercise ids kept per student across lessons (bounds a class's memory). */
  classMaxProgressIds: number;
  /** Security lab: its own Server's maxHttpBufferSize, small on purpose so one oversized packet closes a socket. */
  securityMaxPayloadBytes: number;
  /** Security lab: token bucket per socket (events a second, and the burst above that) on the lab's own Server. */
  securityEventsPerSecond: number;
  securityEventBurst: number;
  /** Security lab: longest lifetime of a token the lab issues, in seconds (the learner picks up to this). */
  securityMaxTokenSeconds: number;
  /** Security lab: Engine.IO connections its Server holds at once, in all, and from one address. */
  securityMaxConnections: number;
  securityMaxConnectionsPerAddress: number;
  /** Security lab: Origin probes (the server connecting to itself) running at once across the whole server. */
  securityMaxProbes: number;
  /** Socket.IO connections open at once from one address (generous: a school shares one NAT address). */
  maxConnectionsPerAddress: number;
  /** Labs one address may create per labCreateWindowMs (a class of 40 opening every widget stays under it). */
  labsPerAddressPerWindow: number;
  labCreateWindowMs: number;
  /** A lab only its creator ever joined is removed this long after it empties (labIdleMs is for shared labs). */
  unsharedLabIdleMs: number;
  /** Missed-events streams and tickers running at once: across the server, and started from one address. */
  maxRunningStreams: number;
  maxRunningStreamsPerAddress: number;
  /** Missed-events replay: most events one subscribe replays, and replays a socket may ask for per second. */
  maxReplayEvents: number;
  replaysPerSecond: number;
  /** Refused events a socket may collect within refusalWindowMs before it is disconnected. */
  maxRefusals: number;
  refusalWindowMs: number;
  /** How long an address that was disconnected for abuse has its new connections refused. */
  coolOffMs: number;
  /** A socket gets at most one lab:error per this many ms; the rest are dropped (it is over its budget anyway). */
  labErrorIntervalMs: number;
  /** Deliveries (messages × recipients) one lab may cause per second. */
  labDeliveriesPerSecond: number;
  // Many nodes (cross-node budgets): the delivery budget above is one per lab across nodes; each node reserves
  // it from Redis in slices this large, and may overshoot by at most one slice per node in a second.
  labDeliveryChunk: number;
  /** Bytes queued for a socket that it has not read yet; past this it is disconnected (a slow reader). */
  maxUnsentBytes: number;
  /** Idempotency keys one lab may hold (each lab has its own store, so no lab evicts another's keys). */
  idempotencyKeysPerLab: number;
  /** Classroom mode: shared widget labs one class may own (one per widget id; bounds what a student can create). */
  classMaxLabs: number;
  /** Many nodes: a timer-driven lab (stream, ticker) is run by the node holding its lease, for this long unrenewed. */
  leaseTtlMs: number;
  /** Many nodes: how often the holder renews its leases and the others look for expired ones to take over. */
  leaseRenewMs: number;
  /** Classroom mode: lines a class's stream gets per minute about students joining and leaving its labs. */
  classLabActivityPerMinute: number;
  /** A connection over its address's quota stays open this long to be told why, then is closed. */
  refusedConnectionGraceMs: number;
  /** Refused connections one address may have waiting to be told at once; past that, handshakes get a 403. */
  refusedConnectionsHeldPerAddress: number;
  // Events held while a socket rejoins its lab from its handshake (dispatch.ts holdEventsUntil), bounded so a
  // shared store that does not answer holds nothing for long.
  /** Longest a held event waits for the rejoin (from the first held one); then they are refused rejoin-timeout. */
  rejoinHoldMs: number;
  /** Events one socket may have held at once; more are refused (above eventBurst, which would refuse them too). */
  maxHeldEvents: number;
  /** Many nodes: leaves that failed while Redis was away, kept per node to send again when it is back (the
   * oldest are dropped past this; those members stay on their roster until the lab expires). */
  maxPendingLeaves: number;
}

export const DEFAULT_LIMITS: Limits = {
  maxPayloadBytes: 16 * 1024,
  maxTextLength: 280,
  eventsPerSecond: 20,
  eventBurst: 40,
  maxLabs: 2000,
  maxSocketsPerLab: 200,
  labIdleMs: 10 * 60 * 1000,
  sweepIntervalMs: 30 * 1000,
  historyPerLab: 500,
  queueMaxDepth: 40,
  queueTickMs: 250,
  longPollTimeoutMs: 20_000,
  maxHeldPollsPerLab: 40,
  pollsPerSecondPerLab: 60,
  pollBurstPerLab: 120,
  tickerMinMs: 600,
  tickerMaxMs: 2500,
  maxAckDelayMs: 10_000,
  chatMaxTextLength: 500,
  chatTypingIntervalMs: 1000,
  chatTypingTimeoutMs: 3000,
  missedMaxRate: 20,
  missedRecoveryWindowMs: 10 * 1000,
  maxClasses: 50,
  classMaxStudents: 60,
  classIdleMs: 90 * 60 * 1000,
  classJoinFailuresPerMinute: 10,
  classCreatesPerHour: 10,
  classMaxCutSeconds: 60,
  classMaxLessons: 40,
  classMaxProgressIds: 400,
  securityMaxPayloadBytes: 1024,
  securityEventsPerSecond: 5,
  securityEventBurst: 10,
  securityMaxTokenSeconds: 60,
  securityMaxConnections: 2000,
  securityMaxConnectionsPerAddress: 300,
  securityMaxProbes: 4,
  maxConnectionsPerAddress: 300,
  labsPerAddressPerWindow: 120,
  labCreateWindowMs: 60 * 1000,
  unsharedLabIdleMs: 30 * 1000,
  maxRunningStreams: 200,
  maxRunningStreamsPerAddress: 40,
  maxReplayEvents: 200,
  replaysPerSecond: 2,
  maxRefusals: 60,
  refusalWindowMs: 10 * 1000,
  coolOffMs: 30 * 1000,
  labErrorIntervalMs: 1000,
  labDeliveriesPerSecond: 5000,
  labDeliveryChunk: 250,
  maxUnsentBytes: 1024 * 1024,
  idempotencyKeysPerLab: 1000,
  classMaxLabs: 40,
  leaseTtlMs: 3000,
  leaseRenewMs: 1000,
  classLabActivityPerMinute: 60,
  refusedConnectionGraceMs: 2000,
  refusedConnectionsHeldPerAddress: 5,
  rejoinHoldMs: 5000,
  maxHeldEvents: 50,
  maxPendingLeaves: 5000,
};

const ENV_KEYS: Record<keyof Limits, string> = {
  maxPayloadBytes: 'SP_MAX_PAYLOAD_BYTES',
  maxTextLength: 'SP_MAX_TEXT_LENGTH',
  eventsPerSecond: 'SP_EVENTS_PER_SECOND',
  eventBurst: 'SP_EVENT_BURST',
  maxLabs: 'SP_MAX_LABS',
  maxSocketsPerLab: 'SP_MAX_SOCKETS_PER_LAB',
  labIdleMs: 'SP_LAB_IDLE_MS',
  sweepIntervalMs: 'SP_SWEEP_INTERVAL_MS',
  historyPerLab: 'SP_HISTORY_PER_LAB',
  queueMaxDepth: 'SP_QUEUE_MAX_DEPTH',
  queueTickMs: 'SP_QUEUE_TICK_MS',
  longPollTimeoutMs: 'SP_LONG_POLL_TIMEOUT_MS',
  maxHeldPollsPerLab: 'SP_MAX_HELD_POLLS_PER_LAB',
  pollsPerSecondPerLab: 'SP_POLLS_PER_SECOND_PER_LAB',
  pollBurstPerLab: 'SP_POLL_BURST_PER_LAB',
  tickerMinMs: 'SP_TICKER_MIN_MS',
  tickerMaxMs: 'SP_TICKER_MAX_MS',
  maxAckDelayMs: 'SP_MAX_ACK_DELAY_MS',
  chatMaxTextLength: 'SP_CHAT_MAX_TEXT_LENGTH',
  chatTypingIntervalMs: 'SP_CHAT_TYPING_INTERVAL_MS',
  chatTypingTimeoutMs: 'SP_CHAT_TYPING_TIMEOUT_MS',
  missedMaxRate: 'SP_MISSED_MAX_RATE',
  missedRecoveryWindowMs: 'SP_MISSED_RECOVERY_WINDOW_MS',
  maxClasses: 'SP_MAX_CLASSES',
  classMaxStudents: 'SP_CLASS_MAX_STUDENTS',
  classIdleMs: 'SP_CLASS_IDLE_MS',
  classJoinFailuresPerMinute: 'SP_CLASS_JOIN_FAILURES_PER_MINUTE',
  classCreatesPerHour: 'SP_CLASS_CREATES_PER_HOUR',
  classMaxCutSeconds: 'SP_CLASS_MAX_CUT_SECONDS',
  classMaxLessons: 'SP_CLASS_MAX_LESSONS',
  classMaxProgressIds: 'SP_CLASS_MAX_PROGRESS_IDS',
  securityMaxPayloadBytes: 'SP_SECURITY_MAX_PAYLOAD_BYTES',
  securityEventsPerSecond: 'SP_SECURITY_EVENTS_PER_SECOND',
  securityEventBurst: 'SP_SECURITY_EVENT_BURST',
  securityMaxTokenSeconds: 'SP_SECURITY_MAX_TOKEN_SECONDS',
  securityMaxConnections: 'SP_SECURITY_MAX_CONNECTIONS',
  securityMaxConnectionsPerAddress: 'SP_SECURITY_MAX_CONNECTIONS_PER_ADDRESS',
  securityMaxProbes: 'SP_SECURITY_MAX_PROBES',
  maxConnectionsPerAddress: 'SP_MAX_CONNECTIONS_PER_ADDRESS',
  labsPerAddressPerWindow: 'SP_LABS_PER_ADDRESS_PER_WINDOW',
  labCreateWindowMs: 'SP_LAB_CREATE_WINDOW_MS',
  unsharedLabIdleMs: 'SP_UNSHARED_LAB_IDLE_MS',
  maxRunningStreams: 'SP_MAX_RUNNING_STREAMS',
  maxRunningStreamsPerAddress: 'SP_MAX_RUNNING_STREAMS_PER_ADDRESS',
  maxReplayEvents: 'SP_MAX_REPLAY_EVENTS',
  replaysPerSecond: 'SP_REPLAYS_PER_SECOND',
  maxRefusals: 'SP_MAX_REFUSALS',
  refusalWindowMs: 'SP_REFUSAL_WINDOW_MS',
  coolOffMs: 'SP_COOL_OFF_MS',
  labErrorIntervalMs: 'SP_LAB_ERROR_INTERVAL_MS',
  labDeliveriesPerSecond: 'SP_LAB_DELIVERIES_PER_SECOND',
  labDeliveryChunk: 'SP_LAB_DELIVERY_CHUNK',
  maxUnsentBytes: 'SP_MAX_UNSENT_BYTES',
  idempotencyKeysPerLab: 'SP_IDEMPOTENCY_KEYS_PER_LAB',
  classMaxLabs: 'SP_CLASS_MAX_LABS',
  leaseTtlMs: 'SP_LEASE_TTL_MS',
  leaseRenewMs: 'SP_LEASE_RENEW_MS',
  classLabActivityPerMinute: 'SP_CLASS_LAB_ACTIVITY_PER_MINUTE',
  refusedConnectionGraceMs: 'SP_REFUSED_CONNECTION_GRACE_MS',
  refusedConnectionsHeldPerAddress: 'SP_REFUSED_CONNECTIONS_HELD_PER_ADDRESS',
  rejoinHoldMs: 'SP_REJOIN_HOLD_MS',
  maxHeldEvents: 'SP_MAX_HELD_EVENTS',
  maxPendingLeaves: 'SP_MAX_PENDING_LEAVES',
};

/** Limits from the environment (SP_*), so an operator can raise them for a large class without a code change. */
export function limitsFromEnv(env: Record<string, string | undefined> = process.env): Limits {
  const limits: Limits = { ...DEFAULT_LIMITS };
  for (const key of Object.keys(ENV_KEYS) as Array<keyof Limits>) {
    const raw = env[ENV_KEYS[key]];
    if (raw === undefined || raw === '') continue;
    const value = Number(raw);
    if (!Number.isInteger(value) || value <= 0) {
      throw new Error(`${ENV_KEYS[key]} must be a positive whole number, got "${raw}"`);
    }
    limits[key] = value;
  }
  return limits;
}

// Trusted proxies (not a Limit: a list of addresses, not a number). SP_TRUSTED_PROXIES="10.0.0.0/8, ::1" names
// the proxies whose X-Forwarded-For the server believes (server/client-address.ts); empty trusts nobody, and
// every per-address limit counts the TCP peer.
export function trustedProxiesFromEnv(env: Record<string, string | undefined> = process.env): string[] {
  const entries = (env.SP_TRUSTED_PROXIES ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  trustedProxyList(entries); // throws one sentence naming a bad entry, so a typo stops the start
  return entries;
}
