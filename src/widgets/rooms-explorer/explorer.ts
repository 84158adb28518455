// The explorer's one state object: the shell's parts, the lab session and the model's state, shared by the
// files that act on it (render.ts draws it, lab.ts talks to the lab, fire.ts runs one emit, bindings.ts wires
// the controls). widget.ts only creates it and starts them.
import { frame } from '../../lib/widget/widget-frame.ts';
import { prefersReducedMotion } from '../../lib/widget/island.ts';
import { formState } from '../../lib/widget/form-state.ts';
import { setupLink } from '../../lib/widget/setup-link.ts';
import type { RoomsDelta } from '../../contract/index.ts';
import type { LabSession, VirtualClient } from '../../lib/socket/virtual-clients.ts';
import { emptyExplorer, type ExplorerState } from './model.ts';
import { SETTINGS } from './settings.ts';
import { createExplorerView, type ExplorerView } from './view.ts';

export const NAMES = ['Ana', 'Ben', 'Cleo', 'Dev'];
/** The starting layout the lesson refers to: two rooms, Cleo in both, Dev in none. */
export const PRESET: Record<string, string[]> = { Ana: ['room1'], Ben: ['room2'], Cleo: ['room1', 'room2'], Dev: [] };
export const EVENT = 'rooms:message';

export interface Explorer {
  root: HTMLElement;
  ui: ReturnType<typeof frame>;
  form: HTMLFormElement;
  fireButton: HTMLButtonElement;
  result: HTMLElement;
  explain: HTMLElement;
  predictOn: HTMLInputElement;
  setup: ReturnType<typeof setupLink>;
  view: ExplorerView;
  /** Names this page's refs, so another page's fire in a shared lab is never taken for ours. */
  pageId: string;
  state: ExplorerState;
  session: LabSession | undefined;
  counter: number;
  /** Clients already put into their starting rooms. */
  preset: Set<string>;
  /** Clients the learner disconnected while in rooms: old socket id → rooms it was in. */
  leaving: Map<string, { name: string; rooms: string[] }>;
  /** Sockets on this page that watch the lab's rooms (each asked for a snapshot once, when it joined the lab). */
  watching: Set<string>;
  resyncing: boolean;
  /** Deltas waiting briefly for a predecessor still on its way (delta-order.ts), and the end of that wait. */
  heldDeltas: RoomsDelta[];
  holdTimer: ReturnType<typeof setTimeout> | undefined;
}

export function createExplorer(root: HTMLElement): Explorer {
  const form = root.querySelector<HTMLFormElement>('[data-fire-form]')!;
  return {
    root,
    ui: frame(root),
    form,
    fireButton: root.querySelector<HTMLButtonElement>('[data-fire]')!,
    result: root.querySelector<HTMLElement>('[data-result]')!,
    explain: root.querySelector<HTMLElement>('[data-explain]')!,
    predictOn: root.querySelector<HTMLInputElement>('[data-predict-on]')!,
    setup: setupLink(root, () => formState(form, SETTINGS)),
    view: createExplorerView(root.querySelector<HTMLElement>('[data-graph]')!, {
      reducedMotion: prefersReducedMotion,
    }),
    pageId: Math.random().toString(36).slice(2, 8),
    state: emptyExplorer(),
    session: undefined,
    counter: 0,
    preset: new Set(),
    leaving: new Map(),
    watching: new Set(),
    resyncing: false,
    heldDeltas: [],
    holdTimer: undefined,
  };
}

/** Which of the four clients are connected and in the lab. */
export const connected = (x: Explorer): Record<string, boolean> =>
  Object.fromEntries(
    (x.session?.clients ?? []).map((c) => [c.name, c.connection.status === 'connected' && Boolean(c.lab)]),
  );

export const clientOf = (x: Explorer, name: string): VirtualClient | undefined => x.session?.byName(name);

/** The socket id of a connected client (what io.to(socketId) needs). */
export function idOf(x: Explorer, name: string): string | undefined {
  const c = clientOf(x, name);
  return c?.socket.connected ? c.socket.id : undefined;
}
