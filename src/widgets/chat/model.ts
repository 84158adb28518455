// The chat's state on one page: who I am, who is online, what was said since I joined, and who is typing.
// Pure: the widget feeds it socket events and the time; view.ts draws it. Nothing here touches the DOM.
import type {
  ChatJoined,
  ChatLimits,
  ChatMessage,
  ChatNotice,
  ChatPrivateMessage,
  ChatTyping,
  ChatUser,
} from '../../contract/index.ts';

export type EntryKind = 'message' | 'mine' | 'private-in' | 'private-out' | 'notice' | 'error';

export interface ChatEntry {
  key: string;
  kind: EntryKind;
  from: string;
  to?: string;
  text: string;
  /** Mine, not yet acknowledged by the server. */
  pending?: boolean;
  /** Round trip of my message to the server and back (ms). */
  rttMs?: number;
}

export interface ChatState {
  me?: ChatUser;
  limits?: ChatLimits;
  users: ChatUser[];
  entries: ChatEntry[];
  /** socket id → who is typing and until when (page clock, ms). */
  typing: Record<string, { nick: string; until: number }>;
}

const MAX_ENTRIES = 200;

export const emptyChat = (): ChatState => ({ users: [], entries: [], typing: {} });

function add(state: ChatState, entry: ChatEntry): ChatState {
  return { ...state, entries: [...state.entries, entry].slice(-MAX_ENTRIES) };
}

export function joined(state: ChatState, data: ChatJoined, myId: string): ChatState {
  return add(
    { ...state, me: { id: myId, nick: data.nick }, limits: data.limits, users: data.users },
    {
      key: `joined-${myId}`,
      kind: 'notice',
      from: '',
      text: `You joined as ${data.nick}. You see messages sent from now on: this chat keeps no history.`,
    },
  );
}

export function presence(state: ChatState, users: ChatUser[]): ChatState {
  return { ...state, users };
}

export function noticed(state: ChatState, n: ChatNotice): ChatState {
  const typing = { ...state.typing };
  if (n.kind === 'leave') delete typing[n.id];
  return add(
    { ...state, typing },
    {
      key: `notice-${n.kind}-${n.id}-${n.at}`,
      kind: 'notice',
      from: n.nick,
      text: `${n.nick} ${n.kind === 'join' ? 'joined' : 'left'} the chat.`,
    },
  );
}

/** A message from someone else: they stop typing the moment it arrives. */
export function received(state: ChatState, m: ChatMessage): ChatState {
  const typing = { ...state.typing };
  delete typing[m.fromId];
  return add({ ...state, typing }, { key: `m-${m.id}`, kind: 'message', from: m.from, text: m.text });
}

export function receivedPrivate(state: ChatState, m: ChatPrivateMessage): ChatState {
  const typing = { ...state.typing };
  delete typing[m.fromId];
  return add({ ...state, typing }, { key: `p-${m.id}`, kind: 'private-in', from: m.from, to: m.to, text: m.text });
}

/** I pressed Send: show it at once, marked pending until the server acknowledges it. */
export function sending(state: ChatState, key: string, text: string, to?: string): ChatState {
  return add(state, { key, kind: to ? 'private-out' : 'mine', from: state.me?.nick ?? 'me', to, text, pending: true });
}

export function acknowledged(
  state: ChatState,
  key: string,
  result: { ok: true } | { ok: false; error: string },
  rttMs: number,
): ChatState {
  const entries = state.entries.map((e) => (e.key === key ? { ...e, pending: false, rttMs } : e));
  const next = { ...state, entries };
  if (result.ok) return next;
  return add(
    { ...next, entries: entries.filter((e) => e.key !== key) },
    { key: `${key}-error`, kind: 'error', from: '', text: `Not sent: ${result.error}` },
  );
}

export function typingSeen(state: ChatState, t: ChatTyping, now: number): ChatState {
  const typing = { ...state.typing };
  if (t.typing && state.limits) typing[t.id] = { nick: t.nick, until: now + state.limits.typingTimeoutMs };
  else delete typing[t.id];
  return { ...state, typing };
}

/** Nicknames typing at `now` (expired entries are ignored: a lost "stopped typing" cannot stick). */
export function typingNow(state: ChatState, now: number): string[] {
  return Object.values(state.typing)
    .filter((t) => t.until > now)
    .map((t) => t.nick)
    .sort();
}

/** The earliest time the typing line changes by itself, to schedule one redraw. */
export function nextTypingExpiry(state: ChatState, now: number): number | undefined {
  const times = Object.values(state.typing)
    .map((t) => t.until)
    .filter((u) => u > now);
  return times.length ? Math.min(...times) : undefined;
}

export function describeTyping(nicks: string[]): string {
  if (nicks.length === 0) return '';
  if (nicks.length === 1) return `${nicks[0]} is typing…`;
  if (nicks.length <= 3) return `${nicks.slice(0, -1).join(', ')} and ${nicks[nicks.length - 1]} are typing…`;
  return 'Several people are typing…';
}

/** Client-side throttle: send "typing" at most once per interval while the learner keeps typing. */
export function shouldSendTyping(lastSentAt: number | undefined, now: number, intervalMs: number): boolean {
  return lastSentAt === undefined || now - lastSentAt >= intervalMs;
}

/** People I can send a private message to: everyone online but me. */
export function privateTargets(state: ChatState): ChatUser[] {
  return state.users.filter((u) => u.id !== state.me?.id);
}

/** Messages longer than this show their start and an expand control, so one long message cannot fill the pane. */
export const CLIP_AT = 200;

/** The start of a long text for display, cut at a space near `max` when there is one, with an ellipsis. */
export function clipText(text: string, max = CLIP_AT): string {
  if (text.length <= max) return text;
  const space = text.lastIndexOf(' ', max);
  return `${text.slice(0, space > max * 0.7 ? space : max).trimEnd()}…`;
}
