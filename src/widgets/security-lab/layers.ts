// "What is encrypted where": the learner's own last packet, wrapped layer by layer, and what an on-path observer
// can read of each layer with ws:// and with wss://. The Socket.IO and Engine.IO text is the real packet the
// browser sent; the WebSocket header size follows from its real length (RFC 6455 §5.2). The demo server speaks
// plain HTTP, so the TLS record and the TCP/IP headers are computed, not captured: they are marked illustrative.

export type Scheme = 'ws' | 'wss';
export type LayerId = 'socketio' | 'engineio' | 'websocket' | 'tls' | 'tcp' | 'ip';

export interface WireLayer {
  id: LayerId;
  name: string;
  /** Bytes this layer adds in front (and, for TLS, behind) what it carries. */
  overhead: number;
  /** Bytes of the whole layer: overhead plus everything inside. */
  total: number;
  /** What this layer's own part says, in a few words ("FIN, masked, 38-byte payload"). */
  detail: string;
  /** True when the numbers come from the learner's real packet, false when computed for the lesson. */
  real: boolean;
  /** Present only with wss://. */
  onlyWithTls?: boolean;
}

export interface ObserverView {
  layer: LayerId;
  /** What a passive observer on the path reads of this layer. */
  visible: 'all' | 'header' | 'size-only' | 'nothing';
  note: string;
}

/** RFC 6455 §5.2: 2 bytes, plus 2 or 8 for longer payloads, plus the 4-byte mask key every client frame carries. */
export function websocketHeaderBytes(payloadBytes: number, masked = true): number {
  const extended = payloadBytes < 126 ? 0 : payloadBytes <= 0xffff ? 2 : 8;
  return 2 + extended + (masked ? 4 : 0);
}

/** TLS 1.3 with an AEAD cipher: 5-byte record header, then the ciphertext, 1 byte of inner content type, 16-byte tag. */
export const TLS13_RECORD = { header: 5, innerType: 1, tag: 16 };
/** Minimal headers: IPv4 20 bytes; TCP 20 + 12 for the timestamps option that Linux and most stacks send. */
export const IPV4_HEADER = 20;
export const TCP_HEADER = 32;

const utf8 = (s: string) => new TextEncoder().encode(s).length;

/**
 * Wraps the Engine.IO packet text the client put on the wire ("42/private,3[…]") in the layers below it.
 * With wss://, a TLS record sits between the WebSocket frame and TCP.
 */
export function wrapPacket(engineText: string, scheme: Scheme): WireLayer[] {
  const engine = utf8(engineText);
  const socketio = engine - 1; // Engine.IO's own part is the one type character in front
  const wsHeader = websocketHeaderBytes(engine);
  const frame = wsHeader + engine;
  const layers: WireLayer[] = [
    {
      id: 'socketio',
      name: 'Socket.IO packet',
      overhead: socketio,
      total: socketio,
      real: true,
      detail: engineText.slice(1),
    },
    {
      id: 'engineio',
      name: 'Engine.IO packet',
      overhead: 1,
      total: engine,
      real: true,
      detail: `type "${engineText[0]}" (${engineText[0] === '4' ? 'message' : 'other'})`,
    },
    {
      id: 'websocket',
      name: 'WebSocket frame',
      overhead: wsHeader,
      total: frame,
      real: true,
      detail: `FIN, text, masked, ${engine}-byte payload: ${wsHeader}-byte header`,
    },
  ];
  let below = frame;
  if (scheme === 'wss') {
    const extra = TLS13_RECORD.header + TLS13_RECORD.innerType + TLS13_RECORD.tag;
    below = frame + extra;
    layers.push({
      id: 'tls',
      name: 'TLS record',
      overhead: extra,
      total: below,
      real: false,
      onlyWithTls: true,
      detail: `type 23 (application data), length ${below - TLS13_RECORD.header}`,
    });
  }
  layers.push(
    {
      id: 'tcp',
      name: 'TCP segment',
      overhead: TCP_HEADER,
      total: below + TCP_HEADER,
      real: false,
      detail: 'ports, sequence and ack numbers, flags',
    },
    {
      id: 'ip',
      name: 'IP packet',
      overhead: IPV4_HEADER,
      total: below + TCP_HEADER + IPV4_HEADER,
      real: false,
      detail: 'source and destination addresses',
    },
  );
  return layers;
}

/** What an observer on the path (Wi-Fi, ISP, a proxy) reads, layer by layer. */
export function observerView(scheme: Scheme): ObserverView[] {
  const plain = scheme === 'ws';
  const hidden = (note: string): Pick<ObserverView, 'visible' | 'note'> => ({ visible: 'nothing', note });
  return [
    {
      layer: 'socketio',
      ...(plain ? { visible: 'all', note: 'event names, payloads, the auth token in CONNECT' } : hidden('encrypted')),
    },
    { layer: 'engineio', ...(plain ? { visible: 'all', note: 'packet types, pings and pongs' } : hidden('encrypted')) },
    {
      layer: 'websocket',
      ...(plain
        ? { visible: 'all', note: 'frame headers and the masked payload (masking is not encryption)' }
        : hidden('encrypted')),
    },
    ...(plain
      ? []
      : [
          {
            layer: 'tls' as const,
            visible: 'header' as const,
            note: 'record type and length: the size of your message, give or take 22 bytes',
          },
        ]),
    { layer: 'tcp', visible: 'header', note: 'ports, and when each segment passed (timing)' },
    { layer: 'ip', visible: 'header', note: 'both addresses' },
  ];
}

/** What the connection's first request shows: the HTTP upgrade, in the clear with ws://, inside TLS with wss://. */
export function handshakeVisibility(scheme: Scheme): Array<{ item: string; visible: boolean }> {
  const plain = scheme === 'ws';
  return [
    { item: 'server name (DNS query, and SNI in the TLS ClientHello)', visible: true },
    { item: 'addresses and ports', visible: true },
    { item: 'the path /secure.io/?EIO=4&transport=websocket', visible: plain },
    { item: 'Cookie, Origin and other headers of the upgrade request', visible: plain },
    { item: 'the CONNECT packet with your token', visible: plain },
  ];
}
