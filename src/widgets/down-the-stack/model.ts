// Pure view model for "Your message, down the stack": turns buildStack's steps into the unit shown at each
// layer (its bytes, every byte annotated, which bytes this layer added) plus the words the widget says.
import type { Field } from '../../lib/net/fields.ts';
import { shiftFields } from '../../lib/net/fields.ts';
import { decodeSocketPacket } from '../../lib/protocol/socketio.ts';
import { illustrativeSentence } from '../../lib/net/marks.ts';
import type { StackResult, StackStepId } from '../../lib/net/down-the-stack.ts';
import { count } from '../../lib/plural.ts';

export interface StepView {
  index: number;
  id: StackStepId;
  title: string;
  bytes: Uint8Array;
  /** Every bit of `bytes`, annotated: this layer's own fields plus the inner units' fields. */
  fields: Field[];
  /** The bytes this layer added around the unit from the layer above: [start, end) ranges. */
  added: Array<{ start: number; end: number }>;
  /** Where the unit from the layer above sits inside this one. */
  inner: { start: number; end: number };
  /** Names of this layer's fields whose values are illustrative (not observable from user space). */
  illustrative: string[];
  /** `fields[0 .. own)` are this layer's own fields; the rest belong to the units inside. */
  own: number;
}

/** The name each layer gives its unit (protocol data unit), for the wrap diagram. */
export const UNIT_NAME: Record<StackStepId, string> = {
  socketio: 'Socket.IO packet',
  engineio: 'Engine.IO packet',
  websocket: 'WebSocket frame',
  tcp: 'TCP segment',
  ipv4: 'IPv4 packet',
  ethernet: 'Ethernet frame',
};

export const SHORT_NAME: Record<StackStepId, string> = {
  socketio: 'Socket.IO',
  engineio: 'Engine.IO',
  websocket: 'WebSocket',
  tcp: 'TCP',
  ipv4: 'IPv4',
  ethernet: 'Ethernet',
};

// The course's one plural helper, under the name this file has always used.
const plural = (n: number, word: string) => count(n, word);

export function stepViews(stack: StackResult): StepView[] {
  const views: StepView[] = [];
  let innerFields: Field[] = [];
  stack.steps.forEach((step, index) => {
    const { byteOffset, byteLength } = step.payloadRange;
    // The Socket.IO packet's own fields already cover all of it; from Engine.IO outwards, the unit is this
    // layer's header fields plus everything the inner unit explained, moved to where it now sits.
    const fields =
      index === 0 ? [...step.headerFields] : [...step.headerFields, ...shiftFields(innerFields, byteOffset)];
    const added =
      index === 0
        ? [{ start: 0, end: step.bytes.length }]
        : [
            { start: 0, end: byteOffset },
            { start: byteOffset + byteLength, end: step.bytes.length },
          ].filter((r) => r.end > r.start);
    views.push({
      index,
      id: step.id,
      title: step.title,
      bytes: step.bytes,
      fields,
      added,
      inner: index === 0 ? { start: 0, end: 0 } : { start: byteOffset, end: byteOffset + byteLength },
      illustrative: [...new Set(step.headerFields.filter((f) => f.illustrative).map((f) => f.name))],
      own: step.headerFields.length,
    });
    innerFields = fields;
  });
  return views;
}

/** One sentence for the event log and the step caption: what this layer did to the unit. */
export function describeStep(view: StepView, previous: StepView | undefined, direction: 'down' | 'up'): string {
  const addedBytes = view.added.reduce((n, r) => n + r.end - r.start, 0);
  if (!previous) return `${UNIT_NAME[view.id]}: ${view.bytes.length} bytes of text, your event and its data.`;
  const where = view.added.length === 2 ? 'around' : 'in front of';
  const verb =
    direction === 'down'
      ? `${SHORT_NAME[view.id]} puts ${plural(addedBytes, 'byte')} of header ${where} the ${UNIT_NAME[previous.id]}`
      : `The receiver's ${SHORT_NAME[view.id]} reads and removes ${plural(addedBytes, 'byte')} of header, handing the ${UNIT_NAME[previous.id]} up`;
  const ill = view.illustrative.length ? ` ${illustrativeSentence(view.illustrative)}` : '';
  return `${verb}: ${UNIT_NAME[view.id]}, ${view.bytes.length} bytes.${ill}`;
}

export type EchoCheck =
  { ok: true; event: string; args: unknown[]; ackId?: number; namespace: string } | { ok: false; error: string };

/** Reads the raw Socket.IO packet text the server echoed back: the event name, arguments and ack id to build from. */
export function readEchoedPacket(packet: string | undefined): EchoCheck {
  if (!packet) return { ok: false, error: 'the server did not see the raw packet' };
  const decoded = decodeSocketPacket(packet);
  if (decoded.type === 'invalid') return { ok: false, error: decoded.error };
  const data = decoded.data;
  if (decoded.type !== 'EVENT' || !Array.isArray(data) || typeof data[0] !== 'string')
    return { ok: false, error: 'not an EVENT packet' };
  return { ok: true, event: data[0], args: data.slice(1), ackId: decoded.id, namespace: decoded.nsp };
}

/** Total header overhead from Socket.IO text to Ethernet frame, for the summary line. */
export function overhead(views: readonly StepView[]): { message: number; frame: number } {
  return { message: views[0]?.bytes.length ?? 0, frame: views[views.length - 1]?.bytes.length ?? 0 };
}

/** The walk through the stack: the sender wraps (stages 0–5), then the receiver unwraps (stages 6–10). */
export const STAGES = 11;

export function stageInfo(stage: number, layers = 6): { layer: number; direction: 'down' | 'up' } {
  const s = Math.max(0, Math.min(STAGES - 1, stage));
  return s < layers ? { layer: s, direction: 'down' } : { layer: 2 * (layers - 1) - s, direction: 'up' };
}

/** Both ends on this machine (127.0.0.0/8 or ::1): the bytes never meet a network card or a cable. */
export function isLoopback(addresses: { client: string; server: string }, ipv6: boolean): boolean {
  const local = (a: string) => a.startsWith('127.') || a === '::1';
  return !ipv6 && local(addresses.client) && local(addresses.server);
}
