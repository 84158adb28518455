// Turns one socket.emit() into the nested units it becomes on the wire, the
// way a learner would see them in a capture of a Socket.IO client:
// Socket.IO packet → Engine.IO packet → WebSocket frame → TCP → IPv4 → Ethernet II.
// Values a user-space program cannot observe are derived from a seed and
// flagged illustrative.
import type { Field } from './fields.ts';
import { encodeSocketIoEvent } from '../protocol/socketio-fields.ts';
import { encodeEngineIoMessage } from '../protocol/engineio-fields.ts';
import { encodeWsFrame } from './websocket-frame.ts';
import { encodeTcp } from './tcp.ts';
import { encodeIpv4 } from './ipv4.ts';
import { encodeEthernet } from './ethernet.ts';
import { classifyAddress, formatMac } from './address.ts';

export type Endpoint = { address: string; port: number };

export type StackInput = {
  event: string;
  args: unknown[];
  client: Endpoint;
  server: Endpoint;
  namespace?: string;
  ackId?: number;
  /** Seeds the illustrative values below that are not given explicitly. */
  seed?: number;
  illustrative?: {
    seq?: number;
    ack?: number;
    ipId?: number;
    maskKey?: Uint8Array;
    srcMac?: string;
    dstMac?: string;
    ttl?: number;
    window?: number;
  };
};

export type StackStepId = 'socketio' | 'engineio' | 'websocket' | 'tcp' | 'ipv4' | 'ethernet';

export type ByteRange = { byteOffset: number; byteLength: number };

export type StackStep = {
  id: StackStepId;
  title: string;
  /** The whole unit at this layer. */
  bytes: Uint8Array;
  /** This layer's own fields, relative to `bytes`. */
  headerFields: Field[];
  /** Where the next layer in sits inside `bytes` (for Socket.IO: the JSON data). */
  payloadRange: ByteRange;
};

export type StackResult = {
  /** Innermost first, outermost (the Ethernet frame) last. */
  steps: StackStep[];
  frame: Uint8Array;
  /** Every bit of `frame`, annotated. */
  fields: Field[];
  /** True when an endpoint was real IPv6: the frames then illustrate IPv4 with 127.0.0.1 instead. */
  ipv6: boolean;
  addresses: { client: string; server: string };
  notes: string[];
};

/** Small deterministic PRNG (mulberry32) so the same seed always draws the same illustration. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

function resolve(label: string, address: string, notes: string[]): { text: string; ipv6: boolean } {
  const a = classifyAddress(address);
  if (a.kind === 'ipv4') return { text: a.text, ipv6: false };
  if (a.kind === 'ipv4-mapped') {
    notes.push(
      `The ${label} address ${a.original} is an IPv4-mapped IPv6 address; on the wire the packets are plain IPv4 from ${a.text}.`,
    );
    return { text: a.text, ipv6: false };
  }
  if (a.kind === 'ipv6') {
    notes.push(
      `The ${label} address ${a.text} is IPv6, whose header differs; these frames illustrate IPv4 using 127.0.0.1 instead.`,
    );
    return { text: '127.0.0.1', ipv6: true };
  }
  throw new Error(`the ${label} address "${address}" is not an IP address`);
}

function only(fields: readonly Field[], layer: Field['layer']): Field[] {
  return fields.filter((f) => f.layer === layer);
}

export function buildStack(input: StackInput): StackResult {
  const notes: string[] = [];
  const client = resolve('client', input.client.address, notes);
  const server = resolve('server', input.server.address, notes);
  const ill = input.illustrative ?? {};
  const rand = prng(input.seed ?? 1);
  const seq = ill.seq ?? rand();
  const ack = ill.ack ?? rand();
  const ipId = ill.ipId ?? rand() & 0xffff;
  const maskKey = ill.maskKey ?? new Uint8Array([rand() & 0xff, rand() & 0xff, rand() & 0xff, rand() & 0xff]);
  const tsval = rand();
  const tsecr = rand();
  const loopback = client.text.startsWith('127.') && server.text.startsWith('127.');
  const macFromSeed = () =>
    formatMac(new Uint8Array([0x02, rand() & 0xff, rand() & 0xff, rand() & 0xff, rand() & 0xff, rand() & 0xff]));
  // Linux's loopback device uses an Ethernet header with all-zero addresses.
  const srcMac = ill.srcMac ?? (loopback ? '00:00:00:00:00:00' : macFromSeed());
  const dstMac = ill.dstMac ?? (loopback ? '00:00:00:00:00:00' : macFromSeed());
  if (loopback)
    notes.push(
      'Both ends are on this machine, so the frame crosses the loopback device, not a network card. Linux still wraps it in an Ethernet-style header with all-zero MAC addresses, which is what the last layer shows; on a real network a card would send real MAC addresses there.',
    );

  const sio = encodeSocketIoEvent({
    event: input.event,
    args: input.args,
    namespace: input.namespace,
    ackId: input.ackId,
  });
  const eio = encodeEngineIoMessage(sio.bytes, sio.fields);
  const ws = encodeWsFrame({ opcode: 1, payload: eio.bytes, maskKey, illustrativeMask: true });
  const wsHeader = ws.fields.filter((f) => f.name !== 'Payload');
  const wsAll = [...wsHeader, ...eio.fields.map((f) => ({ ...f, bitOffset: f.bitOffset + ws.headerLength * 8 }))];
  if (ws.bytes.length > 1448)
    notes.push(
      'On an Ethernet link (1500-byte MTU) TCP would split this message over several segments; it is shown as one segment for clarity.',
    );
  const tcp = encodeTcp({
    src: client.text,
    dst: server.text,
    srcPort: input.client.port,
    dstPort: input.server.port,
    seq,
    ack,
    flags: { ack: true, psh: true },
    window: ill.window ?? 502,
    options: [{ kind: 'nop' }, { kind: 'nop' }, { kind: 'timestamps', tsval, tsecr }],
    payload: ws.bytes,
    payloadFields: wsAll,
    illustrative: { seq: true, ack: true, window: true, options: true },
  });
  const ip = encodeIpv4({
    src: client.text,
    dst: server.text,
    protocol: 6,
    identification: ipId,
    ttl: ill.ttl ?? 64,
    dontFragment: true,
    payload: tcp.bytes,
    payloadFields: tcp.fields,
    illustrative: { identification: true, ttl: true },
  });
  const eth = encodeEthernet({
    dst: dstMac,
    src: srcMac,
    payload: ip.bytes,
    payloadFields: ip.fields,
    illustrative: true,
  });

  const steps: StackStep[] = [
    {
      id: 'socketio',
      title: 'Socket.IO packet',
      bytes: sio.bytes,
      headerFields: sio.fields,
      payloadRange: sio.dataRange,
    },
    {
      id: 'engineio',
      title: 'Engine.IO message packet',
      bytes: eio.bytes,
      headerFields: only(eio.fields, 'engineio'),
      payloadRange: { byteOffset: 1, byteLength: sio.bytes.length },
    },
    {
      id: 'websocket',
      title: 'WebSocket text frame (client → server, masked)',
      bytes: ws.bytes,
      headerFields: wsHeader,
      payloadRange: { byteOffset: ws.headerLength, byteLength: eio.bytes.length },
    },
    {
      id: 'tcp',
      title: 'TCP segment (PSH+ACK)',
      bytes: tcp.bytes,
      headerFields: only(tcp.fields, 'tcp'),
      payloadRange: { byteOffset: tcp.headerLength, byteLength: ws.bytes.length },
    },
    {
      id: 'ipv4',
      title: 'IPv4 packet',
      bytes: ip.bytes,
      headerFields: only(ip.fields, 'ipv4'),
      payloadRange: { byteOffset: 20, byteLength: tcp.bytes.length },
    },
    {
      id: 'ethernet',
      title: 'Ethernet II frame',
      bytes: eth.bytes,
      headerFields: only(eth.fields, 'ethernet'),
      payloadRange: { byteOffset: 14, byteLength: ip.bytes.length },
    },
  ];
  return {
    steps,
    frame: eth.bytes,
    fields: eth.fields,
    ipv6: client.ipv6 || server.ipv6,
    addresses: { client: client.text, server: server.text },
    notes,
  };
}
