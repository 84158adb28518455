// What a live widget's status line says about its connection, in one place: every widget words the offline and
// waiting states the same way, and decides them by the same rule (the frame's offline sentence shows only when
// no client at all reaches the server).
import type { ConnectionState } from '../socket/connection-state.ts';
import type { Frame, WidgetState } from './widget-frame.ts';

export const STATUS_WORDING = {
  unreachable: 'Demo server unreachable.',
  connecting: 'Connecting…',
} as const;

export interface StatusTexts {
  /** The status line once ready; omit it when the widget writes its own "connected" line elsewhere. */
  live?: string | (() => string);
  /** The status line while not ready (connecting, reconnecting, joining the lab…). */
  waiting?: string;
}

/**
 * Sets the frame's state from the widget's clients: "unreachable" when every client failed to reach the server,
 * "connected" when `ready`, else "partial". Returns the state it chose, so a widget can react (disable a button).
 */
export function showConnectionStatus(
  ui: Pick<Frame, 'setState'>,
  clients: readonly { connection: ConnectionState }[],
  ready: boolean,
  texts: StatusTexts = {},
): WidgetState {
  if (clients.length > 0 && clients.every((c) => c.connection.status === 'unreachable')) {
    ui.setState('unreachable', STATUS_WORDING.unreachable);
    return 'unreachable';
  }
  if (ready) {
    const { live } = texts;
    if (live !== undefined) ui.setState('connected', typeof live === 'function' ? live() : live);
    return 'connected';
  }
  ui.setState('partial', texts.waiting ?? STATUS_WORDING.connecting);
  return 'partial';
}
