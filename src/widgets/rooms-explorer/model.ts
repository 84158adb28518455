// The rooms explorer's state: the lab's sockets and their rooms (as the server reports them), and the last
// emit fired: who recipients() says should get it, who really got it, and how the learner's prediction scored.
// Pure: the widget feeds it server snapshots, versioned deltas and arrivals; the view draws it.
import {
  findVariant,
  planFor,
  recipients,
  type BroadcastPlan,
  type EmitParams,
  type SimSocket,
} from '../../lib/protocol/emit-semantics.ts';
import type { RoomMember, RoomsChange, RoomsDelta, RoomsSnapshot } from '../../contract/index.ts';

export const ROOMS = ['room1', 'room2'] as const;

export interface Fire {
  ref: string;
  variant: string;
  senderId: string;
  params: EmitParams;
  plan: BroadcastPlan;
  /** Socket ids recipients() names, over the whole lab as it was when the learner fired. */
  expected: string[];
  /** Socket ids on this page whose socket really received it. */
  received: string[];
  /** Names the learner ticked, when predicting. */
  prediction?: string[];
  /** True once every client on this page has answered a round trip after the emit: nothing more can arrive. */
  settled: boolean;
  error?: string;
}

export interface ExplorerState {
  /** Every socket in the lab, with its rooms: the latest server snapshot with the deltas since applied. */
  members: RoomMember[];
  /** The lab's rooms version `members` is at; undefined before the first snapshot. */
  version?: number;
  /** Socket id → the name this page uses for it (only this page's clients). */
  own: Record<string, string>;
  fire?: Fire;
}

export const emptyExplorer = (): ExplorerState => ({ members: [], own: {} });

export const simSockets = (members: readonly RoomMember[]): SimSocket[] =>
  members.map((m) => ({ id: m.id, name: m.name, rooms: m.rooms }));

/** Only the parameters a variant takes, so the code line and the request carry nothing extra. */
export function paramsFor(variantId: string, all: Required<Pick<EmitParams, 'room' | 'room2' | 'target'>>): EmitParams {
  const out: EmitParams = {};
  for (const k of findVariant(variantId).params) out[k] = all[k];
  return out;
}

export function withMembers(state: ExplorerState, members: RoomMember[]): ExplorerState {
  return { ...state, members };
}

/**
 * A snapshot replaces the members unless it is older than what the page already has (snapshots and deltas come
 * over several connections, so one may overtake another). A snapshot at the page's own version may hold changes
 * the next delta repeats; applying them again changes nothing.
 */
export function withSnapshot(state: ExplorerState, snap: RoomsSnapshot): ExplorerState {
  if (state.version !== undefined && snap.version < state.version) return state;
  return { ...state, members: snap.members, version: snap.version };
}

const sortedRooms = (rooms: Iterable<string>) => [...new Set(rooms)].sort();

/** One change, as a state to set (not a toggle), so applying it twice is the same as once. */
export function applyChange(members: readonly RoomMember[], change: RoomsChange): RoomMember[] {
  const at = members.findIndex((m) => m.id === change.id);
  const member = members[at];
  const replace = (m: RoomMember) => members.map((x, i) => (i === at ? m : x));
  switch (change.kind) {
    case 'joined':
      if (member) return replace({ ...member, name: change.name });
      return [...members, { id: change.id, name: change.name, rooms: [] }];
    case 'left':
      return member ? members.filter((m) => m.id !== change.id) : [...members];
    case 'entered':
      return member ? replace({ ...member, rooms: sortedRooms([...member.rooms, change.room]) }) : [...members];
    case 'exited':
      return member ? replace({ ...member, rooms: member.rooms.filter((r) => r !== change.room) }) : [...members];
  }
}

/**
 * Applies a delta that continues from the page's version. A copy already applied (every client on the page
 * watches, so each delta comes once per client) is ignored; a gap, a `resync` delta, or a delta before any
 * snapshot leaves the state as it is and says to ask for a snapshot.
 */
export function applyDelta(state: ExplorerState, delta: RoomsDelta): { state: ExplorerState; resync: boolean } {
  if (state.version !== undefined && delta.version <= state.version) return { state, resync: false };
  if (state.version === undefined || delta.from !== state.version || delta.resync) return { state, resync: true };
  const members = delta.changes.reduce(applyChange, state.members);
  return { state: { ...state, members, version: delta.version }, resync: false };
}

export function withOwn(state: ExplorerState, own: Record<string, string>): ExplorerState {
  return { ...state, own };
}

/** The learner fired: remember what Socket.IO's rules say will happen, before anything arrives. */
export function fired(
  state: ExplorerState,
  f: { ref: string; variant: string; senderId: string; params: EmitParams; prediction?: string[] },
): ExplorerState {
  const sockets = simSockets(state.members);
  const expected = [...recipients(sockets, f.senderId, f.variant, f.params)];
  const plan = planFor(f.variant, f.senderId, f.params);
  return { ...state, fire: { ...f, plan, expected, received: [], settled: false } };
}

export function arrived(state: ExplorerState, ref: string, socketId: string): ExplorerState {
  const fire = state.fire;
  if (!fire || fire.ref !== ref || fire.received.includes(socketId)) return state;
  return { ...state, fire: { ...fire, received: [...fire.received, socketId] } };
}

export function settled(state: ExplorerState, ref: string, error?: string): ExplorerState {
  const fire = state.fire;
  if (!fire || fire.ref !== ref) return state;
  return { ...state, fire: { ...fire, settled: true, error } };
}

const nameOf = (state: ExplorerState, id: string) =>
  state.own[id] ?? state.members.find((m) => m.id === id)?.name ?? id;

/** This page's clients that were expected (recipients() over the lab, narrowed to what this page can observe). */
export function expectedHere(state: ExplorerState): string[] {
  return (state.fire?.expected ?? []).filter((id) => id in state.own);
}

/** Did what really arrived match recipients()? Only meaningful once settled. */
export function matchesRules(state: ExplorerState): boolean {
  const f = state.fire;
  if (!f?.settled) return false;
  const want = expectedHere(state).sort();
  const got = [...f.received].sort();
  return want.length === got.length && want.every((id, i) => id === got[i]);
}

export interface Score {
  right: number;
  total: number;
  /** Names predicted to receive it that did not. */
  falseYes: string[];
  /** Names that received it though not predicted. */
  falseNo: string[];
}

/** Scores the learner's prediction against what really arrived at this page's clients. */
export function scorePrediction(state: ExplorerState): Score | undefined {
  const f = state.fire;
  if (!f?.settled || !f.prediction) return undefined;
  const ids = Object.keys(state.own);
  const predicted = new Set(f.prediction);
  const falseYes: string[] = [];
  const falseNo: string[] = [];
  for (const id of ids) {
    const name = state.own[id]!;
    const got = f.received.includes(id);
    if (predicted.has(name) && !got) falseYes.push(name);
    if (!predicted.has(name) && got) falseNo.push(name);
  }
  return { right: ids.length - falseYes.length - falseNo.length, total: ids.length, falseYes, falseNo };
}

/** Names of the sockets that really received the last fire, in the order of this page's clients. */
export function receivedNames(state: ExplorerState): string[] {
  const got = new Set(state.fire?.received ?? []);
  return Object.keys(state.own)
    .filter((id) => got.has(id))
    .map((id) => nameOf(state, id));
}

/** A client on this page in more than one target room that still got exactly one copy (the union rule). */
export function dedupWitness(state: ExplorerState): string | undefined {
  const f = state.fire;
  if (!f?.settled || f.plan.rooms.length < 2) return undefined;
  const m = state.members.find(
    (s) => s.id in state.own && f.received.includes(s.id) && f.plan.rooms.filter((r) => s.rooms.includes(r)).length > 1,
  );
  return m ? nameOf(state, m.id) : undefined;
}
