// A virtual client's connection state, from the socket's own lifecycle events. Pure: no socket here.
export type ConnectionStatus = 'connecting' | 'connected' | 'reconnecting' | 'offline' | 'unreachable';

export interface ConnectionState {
  status: ConnectionStatus;
  /** Why it is offline or reconnecting (Socket.IO's disconnect reason or the connect error). */
  reason?: string;
  attempt?: number;
  transport?: string;
  /** True once this client has connected at least once. */
  everConnected: boolean;
}

export type ConnectionEvent =
  | { type: 'connect'; transport?: string }
  | { type: 'disconnect'; reason: string }
  | { type: 'connect_error'; message: string }
  | { type: 'reconnect_attempt'; attempt: number }
  | { type: 'upgrade'; transport: string }
  | { type: 'closed' };

export const initialConnection: ConnectionState = { status: 'connecting', everConnected: false };

/** Disconnect reasons after which Socket.IO does not reconnect by itself (see the client docs). */
const FINAL_REASONS = new Set(['io server disconnect', 'io client disconnect']);

export function nextConnection(state: ConnectionState, event: ConnectionEvent): ConnectionState {
  switch (event.type) {
    case 'connect':
      return { status: 'connected', transport: event.transport, everConnected: true };
    case 'upgrade':
      return { ...state, transport: event.transport };
    case 'disconnect':
      return FINAL_REASONS.has(event.reason)
        ? { status: 'offline', reason: event.reason, everConnected: state.everConnected }
        : { status: 'reconnecting', reason: event.reason, attempt: 0, everConnected: state.everConnected };
    case 'connect_error':
      // Never connected and the first try failed: the server is not there (or the page is static files).
      if (!state.everConnected) return { status: 'unreachable', reason: event.message, everConnected: false };
      return { ...state, status: 'reconnecting', reason: event.message };
    case 'reconnect_attempt':
      return { ...state, status: state.everConnected ? 'reconnecting' : state.status, attempt: event.attempt };
    case 'closed':
      return { status: 'offline', reason: 'closed by the page', everConnected: state.everConnected };
  }
}

export function describeConnection(name: string, s: ConnectionState): string {
  switch (s.status) {
    case 'connecting':
      return `${name}: connecting…`;
    case 'connected':
      return `${name}: connected${s.transport ? ` over ${s.transport === 'websocket' ? 'WebSocket' : 'HTTP long polling'}` : ''}`;
    case 'reconnecting':
      return `${name}: reconnecting${s.attempt ? ` (attempt ${s.attempt})` : ''}${s.reason ? `, after “${s.reason}”` : ''}`;
    case 'offline':
      return `${name}: offline${s.reason ? ` (${s.reason})` : ''}`;
    case 'unreachable':
      return `${name}: cannot reach the demo server`;
  }
}
