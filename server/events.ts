// The one typed event contract between the demo server and the widgets. Each feature defines its part in
// contract/<feature>.ts; this file joins them. Widgets import these with `import type`, so no server code
// (nor zod) reaches the browser.
import type { LabClientEvents, LabServerEvents } from './contract/labs.ts';
import type { EmitClientEvents, EmitServerEvents } from './contract/emit.ts';
import type { ConnectionClientEvents } from './contract/connection.ts';
import type { MissedClientEvents, MissedServerEvents } from './contract/missed-events.ts';

export type { Ack, AckResult } from './contract/common.ts';
export type { LabInfo } from './contract/labs.ts';
export type { EmitMessage, EmitReceipt, EmitVariant } from './contract/emit.ts';
export type { ConnectionInfo, Endpoint } from './contract/connection.ts';
export type { EffectEvent, MissedStatus, OrderReceipt, StreamEvent, SubscribeResult } from './contract/missed-events.ts';

export interface ClientToServerEvents extends LabClientEvents, EmitClientEvents, ConnectionClientEvents, MissedClientEvents {}

export interface ServerToClientEvents extends LabServerEvents, EmitServerEvents, MissedServerEvents {}

export interface InterServerEvents {}

/** What the server remembers about each socket. */
export interface SocketData {
  labId?: string;
  name?: string;
}
