// The sequence diagram's state: what was sent, and each hop as it really happened. Pure: the widget feeds
// it socket events with timestamps; the view draws `hops`; nothing here touches the DOM or a socket.
import type { EmitMessage, EmitReceipt, EmitVariant } from '../../contract/index.ts';

export const SERVER = 'Server';

export type HopKind = 'up' | 'down' | 'ack' | 'refused';

export interface Hop {
  key: string;
  ref: string;
  kind: HopKind;
  from: string;
  to: string;
  /** Who started the exchange: its colour marks every hop of the message. */
  sender: string;
  label: string;
  /** Page clock (ms). */
  at: number;
  /** ms since the sender emitted (when the sender is on this page). */
  sinceSend?: number;
}

export interface Sent {
  ref: string;
  sender: string;
  /**
   * The sender's socket id. Every page numbers its refs m1, m2 …, so in a shared lab only sender socket + ref
   * tells this page's message from another page's with the same ref.
   */
  senderSocket?: string;
  variant: EmitVariant | 'malformed';
  text: string;
  at: number;
  serverId?: string;
  expected?: string[];
  /** The expected recipients that are clients on this page, by lane: the only arrivals this page can see. */
  expectedHere?: string[];
  receiptSeen: boolean;
  deliveredTo: string[];
  rttMs?: number;
  error?: string;
}

export interface DiagramState {
  sent: Sent[];
  hops: Hop[];
}

export const VARIANT_LABEL: Record<EmitVariant, string> = {
  server: 'to the server only',
  reply: 'the server replies to the sender',
  all: 'the server sends to everyone',
  others: 'everyone but the sender',
};

const MAX_SENT = 50;
const MAX_HOPS = 120;

export const emptyDiagram = (): DiagramState => ({ sent: [], hops: [] });

const short = (text: string, n = 16) => (text.length > n ? `${text.slice(0, n - 1)}…` : text);
const ms = (v: number) => `${v < 10 ? v.toFixed(1) : Math.round(v)} ms`;

function push(state: DiagramState, hop: Hop): DiagramState {
  return { ...state, hops: [...state.hops, hop].slice(-MAX_HOPS) };
}

function replaceSent(state: DiagramState, sent: Sent): DiagramState {
  return { ...state, sent: state.sent.map((s) => (s.ref === sent.ref ? sent : s)) };
}

/** A client on this page emitted. Nothing is drawn yet: a hop is drawn only once it has happened. */
export function emitted(
  state: DiagramState,
  s: { ref: string; sender: string; senderSocket?: string; variant: Sent['variant']; text: string; at: number },
): DiagramState {
  const sent: Sent = { ...s, receiptSeen: false, deliveredTo: [] };
  return { ...state, sent: [...state.sent, sent].slice(-MAX_SENT) };
}

/** The server has the event: draw client → server (once, whichever proof came first). */
function arrivedAtServer(state: DiagramState, sent: Sent, at: number): DiagramState {
  if (sent.receiptSeen) return state;
  const next = replaceSent(state, { ...sent, receiptSeen: true });
  return push(next, {
    key: `${sent.ref}:up`,
    ref: sent.ref,
    kind: 'up',
    from: sent.sender,
    to: SERVER,
    sender: sent.sender,
    label: sent.variant === 'malformed' ? 'emit "chat" (malformed payload)' : `emit "chat" “${short(sent.text)}”`,
    at,
  });
}

/**
 * The acknowledgement came back: receipt (if not yet drawn) and the return arrow with the round trip.
 * `laneOf` maps a recipient's lab name to its lane on this page (undefined: another page's client); without it,
 * every recipient is taken to be on this page under its own name.
 */
export function acknowledged(
  state: DiagramState,
  ref: string,
  result: { ok: true; data: EmitReceipt } | { ok: false; error: string },
  at: number,
  laneOf: (labName: string) => string | undefined = (name) => name,
): DiagramState {
  const sent = state.sent.find((s) => s.ref === ref);
  if (!sent) return state;
  const rttMs = at - sent.at;
  if (!result.ok) {
    // The server did receive the attempt (it read it, then refused it): draw it going up, then the refusal back.
    const arrived = arrivedAtServer(state, sent, at);
    const next = replaceSent(arrived, { ...arrived.sent.find((s) => s.ref === ref)!, rttMs, error: result.error });
    return push(next, {
      key: `${ref}:refused`,
      ref,
      kind: 'refused',
      from: SERVER,
      to: sent.sender,
      sender: sent.sender,
      label: `refused: ${short(result.error, 28)}`,
      at,
      sinceSend: rttMs,
    });
  }
  let next = arrivedAtServer(state, sent, at);
  const updated = next.sent.find((s) => s.ref === ref)!;
  const expected = result.data.recipients;
  const expectedHere = expected.map(laneOf).filter((lane): lane is string => lane !== undefined);
  next = replaceSent(next, { ...updated, serverId: result.data.id, expected, expectedHere, rttMs });
  return push(next, {
    key: `${ref}:ack`,
    ref,
    kind: 'ack',
    from: SERVER,
    to: sent.sender,
    sender: sent.sender,
    label: `ack ✓ ${ms(rttMs)}`,
    at,
    sinceSend: rttMs,
  });
}

/** `recipient`'s socket received an emit:message. Messages from another learner's page get a group of their own. */
export function delivered(state: DiagramState, recipient: string, message: EmitMessage, at: number): DiagramState {
  const mine = (s: Sent) =>
    s.ref === message.ref && (s.senderSocket === undefined || s.senderSocket === message.fromSocket);
  let sent = message.ref ? state.sent.find(mine) : undefined;
  let next = state;
  if (!sent) {
    // Not sent from this page: someone else in the shared lab. We only see the hop that reached us.
    const ref = `ext-${message.id}`;
    return push(next, {
      key: `${ref}:down:${recipient}`,
      ref,
      kind: 'down',
      from: SERVER,
      to: recipient,
      sender: message.from,
      label: `"chat" “${short(message.text)}” from ${message.from}`,
      at,
    });
  }
  // The server sent it on, so it had received it, even if the ack is still on its way.
  next = arrivedAtServer(next, sent, at);
  sent = next.sent.find((s) => s.ref === sent!.ref)!;
  if (sent.deliveredTo.includes(recipient)) return next;
  next = replaceSent(next, { ...sent, deliveredTo: [...sent.deliveredTo, recipient] });
  const sinceSend = at - sent.at;
  return push(next, {
    key: `${sent.ref}:down:${recipient}`,
    ref: sent.ref,
    kind: 'down',
    from: SERVER,
    to: recipient,
    sender: sent.sender,
    label: `"chat" “${short(message.text)}” +${ms(sinceSend)}`,
    at,
    sinceSend,
  });
}

/** The learner's one-line account of a hop, for the event log. */
export function describeHop(hop: Hop, state: DiagramState): string {
  const sent = state.sent.find((s) => s.ref === hop.ref);
  const text = sent?.text ?? '';
  switch (hop.kind) {
    case 'up':
      return sent?.variant === 'malformed'
        ? `The server received ${hop.from}’s malformed event and checked it against its schema.`
        : `The server received ${hop.from}’s event “${text}”.`;
    case 'ack': {
      const who = sent?.expected?.length
        ? `it is sending it to ${sent.expected.join(', ')}`
        : 'it sends it to nobody else';
      return `${hop.to} got the acknowledgement after ${ms(hop.sinceSend ?? 0)} (round trip); the server says ${who}.`;
    }
    case 'down':
      return sent
        ? `${hop.to} received “${text}” from ${hop.sender}, ${ms(hop.sinceSend ?? 0)} after it was sent.`
        : `${hop.to} received a message from ${hop.sender} (another page in this lab).`;
    case 'refused':
      return `The server refused ${hop.to}’s event: ${sent?.error ?? ''}`;
  }
}

/**
 * Complete once the server's receipt is in and every expected recipient on this page has it (used to tick
 * exercises). Recipients on other pages of a shared lab cannot be seen from here: the receipt names them.
 */
export function isComplete(state: DiagramState, ref: string): boolean {
  const sent = state.sent.find((s) => s.ref === ref);
  if (!sent || !sent.expected || sent.rttMs === undefined) return false;
  return (sent.expectedHere ?? sent.expected).every((name) => sent.deliveredTo.includes(name));
}
