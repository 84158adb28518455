// The Socket.IO server emit cheatsheet (https://socket.io/docs/v4/emit-cheatsheet/) as data,
// plus a pure "who receives it" calculator for one namespace.
// Semantics are a port of socket.io 4.8 + socket.io-adapter 2.5:
//  - every socket is in a room named by its own id (so io.to(socketId) is a private message);
//  - socket.to(...), socket.except(...) and socket.broadcast start with except = {sender id}
//    (Socket#newBroadcastOperator), io.* starts with no exception;
//  - to()/in() add rooms, except() adds excluded rooms (BroadcastOperator#to/#except);
//  - InMemoryAdapter#apply: no rooms = every socket; otherwise the union of the rooms,
//    each socket once; minus every socket in any excluded room (computeExceptSids).

import type { CheatsheetVariantId } from '../../contract/index.ts';

export interface SimSocket {
  id: string;
  name: string;
  /** Rooms joined besides the socket's own id room. */
  rooms: string[];
}

export type EmitParam = 'room' | 'room2' | 'target';

export interface EmitParams {
  room?: string;
  room2?: string;
  /** A socket id, for private messages. */
  target?: string;
  /** Event name shown in the code line; defaults to "hello". */
  event?: string;
}

/** What a variant asks the adapter to do, before any socket is looked at. */
export interface BroadcastPlan {
  /** socket.emit: straight to the sender, no adapter involved. */
  direct: boolean;
  /** Target rooms; empty = the whole namespace. */
  rooms: string[];
  /** Excluded rooms; socket.* variants include the sender's own id room. */
  exceptRooms: string[];
}

export interface EmitVariant {
  /** One of the contract's CHEATSHEET_VARIANT_IDS (the ids the server's rooms:emit accepts). */
  id: CheatsheetVariantId;
  /** The exact line of server code, e.g. socket.to("room1").emit("hello", msg). */
  code: (args: EmitParams) => string;
  explain: string;
  params: EmitParam[];
  /** Whether the call starts from the connected socket or from the server (io). */
  from: 'socket' | 'io';
  plan: (senderId: string, p: Required<Pick<EmitParams, EmitParam>>) => BroadcastPlan;
}

const q = (s: string): string => JSON.stringify(s);
const room = (a: EmitParams): string => q(a.room ?? 'room1');
const room2 = (a: EmitParams): string => q(a.room2 ?? 'room2');
const target = (a: EmitParams): string => (a.target === undefined ? 'socketId' : q(a.target));
const emit = (a: EmitParams): string => `.emit(${q(a.event ?? 'hello')}, msg)`;

const toAll = (rooms: string[], exceptRooms: string[] = []): BroadcastPlan => ({ direct: false, rooms, exceptRooms });

/** The server-side lines of the emit cheatsheet (not the contract's EMIT_SEND_VARIANTS of the emit lesson). */
export const CHEATSHEET_VARIANTS: readonly EmitVariant[] = [
  {
    id: 'socket.emit',
    code: (a) => `socket${emit(a)}`,
    explain: 'Back to the sender only: the reply goes to the client whose socket this is.',
    params: [],
    from: 'socket',
    plan: () => ({ direct: true, rooms: [], exceptRooms: [] }),
  },
  {
    id: 'io.emit',
    code: (a) => `io${emit(a)}`,
    explain: 'To every connected client in the namespace, the sender included.',
    params: [],
    from: 'io',
    plan: () => toAll([]),
  },
  {
    id: 'socket.broadcast.emit',
    code: (a) => `socket.broadcast${emit(a)}`,
    explain: 'To every client in the namespace except the sender.',
    params: [],
    from: 'socket',
    plan: (s) => toAll([], [s]),
  },
  {
    id: 'io.to(room).emit',
    code: (a) => `io.to(${room(a)})${emit(a)}`,
    explain: 'To every client in the room, the sender included if it joined the room.',
    params: ['room'],
    from: 'io',
    plan: (_s, p) => toAll([p.room]),
  },
  {
    id: 'io.in(room).emit',
    code: (a) => `io.in(${room(a)})${emit(a)}`,
    explain: 'Same as io.to(room): in() is an alias of to().',
    params: ['room'],
    from: 'io',
    plan: (_s, p) => toAll([p.room]),
  },
  {
    id: 'socket.to(room).emit',
    code: (a) => `socket.to(${room(a)})${emit(a)}`,
    explain: 'To every client in the room except the sender (the sender does not even need to be in it).',
    params: ['room'],
    from: 'socket',
    plan: (s, p) => toAll([p.room], [s]),
  },
  {
    id: 'io.to([room,room2]).emit',
    code: (a) => `io.to([${room(a)}, ${room2(a)}])${emit(a)}`,
    explain: 'To every client in either room; a client in both rooms receives it once.',
    params: ['room', 'room2'],
    from: 'io',
    plan: (_s, p) => toAll([p.room, p.room2]),
  },
  {
    id: 'socket.to([room,room2]).emit',
    code: (a) => `socket.to([${room(a)}, ${room2(a)}])${emit(a)}`,
    explain: 'To every client in either room except the sender; a client in both receives it once.',
    params: ['room', 'room2'],
    from: 'socket',
    plan: (s, p) => toAll([p.room, p.room2], [s]),
  },
  {
    id: 'io.except(room).emit',
    code: (a) => `io.except(${room(a)})${emit(a)}`,
    explain: 'To every client in the namespace except those in the room.',
    params: ['room'],
    from: 'io',
    plan: (_s, p) => toAll([], [p.room]),
  },
  {
    id: 'io.to(room).except(room2).emit',
    code: (a) => `io.to(${room(a)}).except(${room2(a)})${emit(a)}`,
    explain: 'To every client in the first room that is not also in the second.',
    params: ['room', 'room2'],
    from: 'io',
    plan: (_s, p) => toAll([p.room], [p.room2]),
  },
  {
    id: 'socket.broadcast.except(room).emit',
    code: (a) => `socket.broadcast.except(${room(a)})${emit(a)}`,
    explain: 'To every client except the sender and those in the room.',
    params: ['room'],
    from: 'socket',
    plan: (s, p) => toAll([], [s, p.room]),
  },
  {
    id: 'socket.to(room).except(room2).emit',
    code: (a) => `socket.to(${room(a)}).except(${room2(a)})${emit(a)}`,
    explain: 'To every client in the first room, except the sender and those also in the second room.',
    params: ['room', 'room2'],
    from: 'socket',
    plan: (s, p) => toAll([p.room], [s, p.room2]),
  },
  {
    id: 'io.to(target).emit',
    code: (a) => `io.to(${target(a)})${emit(a)}`,
    explain: 'A private message: every socket is alone in a room named by its own id.',
    params: ['target'],
    from: 'io',
    plan: (_s, p) => toAll([p.target]),
  },
  {
    id: 'socket.to(target).emit',
    code: (a) => `socket.to(${target(a)})${emit(a)}`,
    explain:
      'A private message from the sender to another socket. socket.to(socket.id) reaches nobody: the sender is the only one in its id room and is excluded; use socket.emit.',
    params: ['target'],
    from: 'socket',
    plan: (s, p) => toAll([p.target], [s]),
  },
];

/** The cheatsheet list under its earlier name (rooms-explorer and the protocol tests still import it). */
export const EMIT_VARIANTS = CHEATSHEET_VARIANTS;

export function findVariant(variantId: string): EmitVariant {
  const v = EMIT_VARIANTS.find((x) => x.id === variantId);
  if (!v) throw new RangeError(`unknown emit variant ${q(variantId)}`);
  return v;
}

/** The adapter request a variant makes; throws RangeError on a missing parameter. */
export function planFor(variantId: string, senderId: string, params: EmitParams): BroadcastPlan {
  const v = findVariant(variantId);
  for (const k of v.params) {
    if (typeof params[k] !== 'string' || params[k] === '') {
      throw new RangeError(`${variantId} needs the "${k}" parameter`);
    }
  }
  return v.plan(senderId, {
    room: params.room ?? '',
    room2: params.room2 ?? '',
    target: params.target ?? '',
  });
}

function inRoom(s: SimSocket, r: string): boolean {
  return s.id === r || s.rooms.includes(r);
}

/** InMemoryAdapter#apply on a simulated namespace. */
export function applyPlan(sockets: readonly SimSocket[], senderId: string, plan: BroadcastPlan): Set<string> {
  if (plan.direct) return new Set([senderId]);
  const except = new Set(sockets.filter((s) => plan.exceptRooms.some((r) => inRoom(s, r))).map((s) => s.id));
  const out = new Set<string>();
  if (plan.rooms.length === 0) {
    for (const s of sockets) if (!except.has(s.id)) out.add(s.id);
    return out;
  }
  for (const r of plan.rooms) {
    for (const s of sockets) if (inRoom(s, r) && !except.has(s.id)) out.add(s.id);
  }
  return out;
}

/** Ids of the sockets that receive the emit, exactly as Socket.IO 4.8 would deliver it. */
export function recipients(
  sockets: readonly SimSocket[],
  senderId: string,
  variantId: string,
  params: EmitParams = {},
): Set<string> {
  const plan = planFor(variantId, senderId, params);
  if (findVariant(variantId).from === 'socket' && !sockets.some((s) => s.id === senderId)) {
    throw new RangeError(`sender ${q(senderId)} is not one of the sockets`);
  }
  return applyPlan(sockets, senderId, plan);
}

function names(list: string[]): string {
  if (list.length <= 1) return list.join('');
  return `${list.slice(0, -1).join(', ')} and ${list[list.length - 1]}`;
}

/** One line for the learner: who receives it, and the rule that picked them. */
export function describeRecipients(
  sockets: readonly SimSocket[],
  senderId: string,
  variantId: string,
  params: EmitParams = {},
): string {
  const got = recipients(sockets, senderId, variantId, params);
  const plan = planFor(variantId, senderId, params);
  const nameOf = (id: string): string => sockets.find((s) => s.id === id)?.name ?? id;
  const who = sockets.filter((s) => got.has(s.id)).map((s) => s.name);
  const head = who.length
    ? `${names(who)} receive${who.length === 1 ? 's' : ''} it (${who.length} of ${sockets.length})`
    : `Nobody receives it (0 of ${sockets.length})`;
  if (plan.direct) return `${head}: socket.emit goes back to the sender's own client only.`;

  const label = (r: string): string =>
    sockets.some((s) => s.id === r) ? `${nameOf(r)}'s private room (its socket id)` : `room ${q(r)}`;
  const base =
    plan.rooms.length === 0 ? 'every socket in the namespace' : `members of ${plan.rooms.map(label).join(' or ')}`;
  const excl = plan.exceptRooms.map((r) =>
    r === senderId && findVariant(variantId).from === 'socket' ? `the sender ${nameOf(r)}` : `members of ${label(r)}`,
  );
  let line = `${head}: ${base}${excl.length ? `, except ${names(excl)}` : ''}`;

  const twice = sockets.filter((s) => got.has(s.id) && plan.rooms.filter((r) => inRoom(s, r)).length > 1);
  if (twice.length)
    line += `; ${names(twice.map((s) => s.name))} ${twice.length === 1 ? 'is' : 'are'} in both rooms but get${twice.length === 1 ? 's' : ''} it once`;
  if (variantId.startsWith('socket.to(') && plan.rooms.includes(senderId)) {
    line += '; the sender is the only member of its own id room and is excluded, so use socket.emit instead';
  }
  return `${line}.`;
}
