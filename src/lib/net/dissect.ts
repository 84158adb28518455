// Walks a captured frame layer by layer (Ethernet II → IPv4 → TCP/UDP →
// HTTP, DNS or WebSocket → Engine.IO → Socket.IO), verifying checksums and
// annotating every byte. It never throws: bad input becomes an error entry
// and the undecodable rest becomes a payload field.
import { byteField, readU16, shiftFields } from './fields.ts';
import type { Field, Layer, LayerId } from './fields.ts';
import { ethernetHeaderFields, paddingField, ETHERTYPES } from './ethernet.ts';
import { ipv4HeaderFields, IP_PROTOCOLS } from './ipv4.ts';
import { tcpHeaderFields } from './tcp.ts';
import { udpHeaderFields } from './udp.ts';
import { tcpChecksum, udpChecksum } from './checksum.ts';
import { decodeWsFrame } from './websocket-frame.ts';
import { ENGINE_PACKET_TYPES, engineIoPacketType } from '../protocol/engineio.ts';
import { engineIoTypeField } from '../protocol/engineio-fields.ts';
import { dissectSocketPacket } from '../protocol/socketio-fields.ts';
import { dissectDns } from './dns.ts';
import { dissectHttp, looksLikeHttp } from './http.ts';
import { formatIpv4 } from './address.ts';
import { asciiPreview } from './fields.ts';
import { count } from '../plural.ts';

export type DissectStart = 'ethernet' | 'ipv4' | 'websocket' | 'auto';
export type DissectOptions = {
  start?: DissectStart;
  /** How to read a TCP payload; 'auto' tries HTTP, then WebSocket frames. */
  application?: 'auto' | 'websocket' | 'http' | 'none';
};
export type DissectError = { offset: number; message: string };
export type Dissection = { layers: Layer[]; errors: DissectError[] };

type Ctx = { b: Uint8Array; layers: Layer[]; errors: DissectError[]; app: NonNullable<DissectOptions['application']> };

const UNVERIFIABLE_FRAGMENT = 'cannot be checked from one fragment because it covers the whole reassembled datagram';

function addLayer(ctx: Ctx, id: LayerId, title: string, byteOffset: number, byteLength: number, fields: Field[]): void {
  ctx.layers.push({ id, title, byteOffset, byteLength, fields });
}

function rest(ctx: Ctx, from: number, to: number, name: string, description: string): void {
  if (to <= from) return;
  const slice = ctx.b.subarray(from, to);
  addLayer(ctx, 'payload', 'Payload', from, to - from, [
    byteField('payload', name, from, to - from, `${count(to - from, 'byte')}: ${asciiPreview(slice, 40)}`, description),
  ]);
}

function fail(ctx: Ctx, offset: number, message: string, from: number, to: number): void {
  ctx.errors.push({ offset, message: `byte ${offset}: ${message}` });
  rest(ctx, from, to, 'Undecoded bytes', 'Bytes left undecoded because of the error above.');
}

function looksLikeIpv4(b: Uint8Array, at: number): boolean {
  if (b.length - at < 20 || b[at] >> 4 !== 4 || (b[at] & 15) < 5) return false;
  const total = readU16(b, at + 2);
  return total >= 20 && total <= b.length - at;
}

function wsFramesFit(b: Uint8Array): boolean {
  let at = 0;
  while (at < b.length) {
    const r = decodeWsFrame(b.subarray(at));
    if (!r.ok || r.frame.rsv1 || r.frame.rsv2 || r.frame.rsv3) return false;
    at += r.frame.headerLength + r.frame.payloadLength;
  }
  return b.length > 0;
}

export function dissect(bytes: Uint8Array, options: DissectOptions = {}): Dissection {
  const ctx: Ctx = { b: bytes, layers: [], errors: [], app: options.application ?? 'auto' };
  try {
    let start = options.start ?? 'auto';
    if (start === 'auto') {
      if (bytes.length >= 14 && readU16(bytes, 12) === 0x0800) start = 'ethernet';
      else if (looksLikeIpv4(bytes, 0)) start = 'ipv4';
      else if (wsFramesFit(bytes)) start = 'websocket';
      else start = 'ethernet';
    }
    if (start === 'ethernet') ethernet(ctx);
    else if (start === 'ipv4') ipv4(ctx, 0, bytes.length, false);
    else websocket(ctx, 0, bytes.length);
  } catch (e) {
    // Defensive: a bug here must not take down the page showing the bytes.
    ctx.errors.push({ offset: 0, message: `internal dissector error: ${e instanceof Error ? e.message : String(e)}` });
  }
  return { layers: ctx.layers, errors: ctx.errors };
}

/** Every field of every layer, in layer order. */
export function allFields(d: Dissection): Field[] {
  return d.layers.flatMap((l) => l.fields);
}

function ethernet(ctx: Ctx): void {
  const b = ctx.b;
  if (b.length < 14) return fail(ctx, 0, `the Ethernet header needs 14 bytes, only ${b.length} remain`, 0, b.length);
  const et = readU16(b, 12);
  addLayer(ctx, 'ethernet', 'Ethernet II frame', 0, b.length, ethernetHeaderFields(b));
  if (et !== 0x0800)
    return fail(
      ctx,
      12,
      `EtherType 0x${et.toString(16).padStart(4, '0')} (${ETHERTYPES[et] ?? 'unknown'}) is not decoded here; only IPv4 (0x0800) is`,
      14,
      b.length,
    );
  ipv4(ctx, 14, b.length, true);
}

function ipv4(ctx: Ctx, off: number, end: number, inEthernet: boolean): void {
  const b = ctx.b;
  const avail = end - off;
  if (avail < 20) return fail(ctx, off, `the IPv4 header needs 20 bytes, only ${avail} remain`, off, end);
  const version = b[off] >> 4;
  if (version !== 4) return fail(ctx, off, `expected IPv4 version 4, found ${version}`, off, end);
  const ihl = b[off] & 15;
  if (ihl < 5) return fail(ctx, off, `IPv4 header length ${ihl} words is below the minimum of 5`, off, end);
  if (ihl * 4 > avail) return fail(ctx, off, `the IPv4 header says ${ihl * 4} bytes, only ${avail} remain`, off, end);
  const total = readU16(b, off + 2);
  if (total < ihl * 4)
    return fail(ctx, off + 2, `IPv4 total length ${total} is shorter than its ${ihl * 4}-byte header`, off, end);
  let pend = off + total;
  if (total > avail) {
    ctx.errors.push({
      offset: off + 2,
      message: `byte ${off + 2}: IPv4 total length says ${total} bytes, only ${avail} are present`,
    });
    pend = end;
  }
  const header = b.subarray(off, off + ihl * 4);
  const flagsFrag = readU16(b, off + 6);
  const mf = (flagsFrag & 0x2000) !== 0;
  const fragOffset = (flagsFrag & 0x1fff) * 8;
  const fragment = mf || fragOffset > 0;
  const proto = b[off + 9];
  const title = fragment
    ? `IPv4 fragment (data bytes ${fragOffset}–${fragOffset + pend - off - ihl * 4 - 1}${mf ? ', more follow' : ', last'})`
    : `IPv4 packet ${formatIpv4(b, off + 12)} → ${formatIpv4(b, off + 16)}`;
  addLayer(ctx, 'ipv4', title, off, pend - off, shiftFields(ipv4HeaderFields(header), off));
  const src = b.subarray(off + 12, off + 16);
  const dst = b.subarray(off + 16, off + 20);
  const data = off + ihl * 4;
  if (fragOffset > 0) {
    rest(
      ctx,
      data,
      pend,
      'Fragment data',
      `Bytes ${fragOffset}–${fragOffset + pend - data - 1} of the original datagram's data; the ${IP_PROTOCOLS[proto] ?? 'transport'} header is only in the first fragment, so this waits for reassembly.`,
    );
  } else if (proto === 6) tcp(ctx, data, pend, src, dst, fragment, total > avail);
  else if (proto === 17) udp(ctx, data, pend, src, dst, fragment);
  else
    rest(ctx, data, pend, 'IP payload', `Protocol ${proto} (${IP_PROTOCOLS[proto] ?? 'unknown'}) is not decoded here.`);
  if (pend < end) {
    if (inEthernet) ctx.layers[0].fields.push(paddingField(pend, end - pend));
    else rest(ctx, pend, end, 'Trailing bytes', 'Bytes after the end of the IPv4 packet.');
  }
}

function tcp(
  ctx: Ctx,
  off: number,
  end: number,
  src: Uint8Array,
  dst: Uint8Array,
  fragment: boolean,
  truncated: boolean,
): void {
  const b = ctx.b;
  const avail = end - off;
  if (avail < 20) return fail(ctx, off, `the TCP header needs 20 bytes, only ${avail} remain`, off, end);
  const hl = (b[off + 12] >> 4) * 4;
  if (hl < 20) return fail(ctx, off + 12, `TCP data offset ${hl / 4} is below the minimum of 5`, off, end);
  if (hl > avail) return fail(ctx, off + 12, `the TCP header says ${hl} bytes, only ${avail} remain`, off, end);
  const seg = b.subarray(off, end);
  const check = fragment
    ? { unverifiable: UNVERIFIABLE_FRAGMENT }
    : truncated
      ? { unverifiable: 'cannot be checked because the capture is missing part of the segment' }
      : { computed: tcpChecksum(src, dst, seg) };
  const h = tcpHeaderFields(seg, check);
  const sp = readU16(b, off);
  const dp = readU16(b, off + 2);
  addLayer(ctx, 'tcp', `TCP segment ${sp} → ${dp}`, off, avail, shiftFields(h.fields, off));
  ctx.errors.push(
    ...h.errors.map((e) => ({
      offset: e.offset + off,
      message: e.message.replace(/^byte (\d+)/, (_, n: string) => `byte ${Number(n) + off}`),
    })),
  );
  const data = off + hl;
  if (data >= end) return;
  if (fragment)
    return rest(
      ctx,
      data,
      end,
      'Fragment data',
      "The first part of the segment's data; the rest arrives in later IPv4 fragments.",
    );
  application(ctx, data, end, sp, dp);
}

function application(ctx: Ctx, off: number, end: number, sp: number, dp: number): void {
  const p = ctx.b.subarray(off, end);
  const mode = ctx.app;
  if (mode === 'http' || (mode === 'auto' && looksLikeHttp(p))) return http(ctx, off, end);
  if (mode === 'websocket' || (mode === 'auto' && wsFramesFit(p))) return websocket(ctx, off, end);
  rest(ctx, off, end, 'Application data', `Data for port ${Math.min(sp, dp)}; its protocol is not decoded here.`);
}

function http(ctx: Ctx, off: number, end: number): void {
  const r = dissectHttp(ctx.b.subarray(off, end), off);
  addLayer(ctx, 'http', r.summary ? `HTTP: ${r.summary}` : 'HTTP', off, end - off, r.fields);
  ctx.errors.push(...r.errors);
}

function websocket(ctx: Ctx, off: number, end: number): void {
  let at = off;
  while (at < end) {
    const r = decodeWsFrame(ctx.b.subarray(at, end), { base: at });
    if (!r.ok) {
      ctx.errors.push({ offset: r.offset, message: r.error });
      return rest(ctx, at, end, 'Undecoded bytes', 'Bytes left undecoded because of the error above.');
    }
    const f = r.frame;
    const frameLen = f.headerLength + f.payloadLength;
    const fields = shiftFields(r.headerFields, at);
    addLayer(
      ctx,
      'websocket',
      `WebSocket ${f.opcode === 1 ? 'text' : f.opcode === 2 ? 'binary' : 'control'} frame${f.masked ? ' (masked, client → server)' : ''}`,
      at,
      frameLen,
      fields,
    );
    const pStart = at + f.headerLength;
    const eioType = f.opcode === 1 ? engineIoPacketType(f.payload) : null;
    if (eioType === null) {
      if (f.payloadLength > 0) fields.push(...shiftFields([r.payloadField], at));
    } else {
      engineIo(ctx, pStart, f.payload, eioType, f.masked);
    }
    at += frameLen;
  }
}

function engineIo(ctx: Ctx, off: number, payload: Uint8Array, type: number, masked: boolean): void {
  const note = masked ? ' (unmasked view)' : '';
  const fields = [engineIoTypeField(type)];
  addLayer(
    ctx,
    'engineio',
    `Engine.IO ${ENGINE_PACKET_TYPES[type]} packet${note}`,
    off,
    payload.length,
    shiftFields(fields, off),
  );
  if (payload.length === 1) return;
  const rest = payload.subarray(1);
  if (type === 4) {
    const sio = dissectSocketPacket(rest);
    if (sio.ok) {
      addLayer(
        ctx,
        'socketio',
        `Socket.IO ${sio.packet.type} packet${note}`,
        off + 1,
        rest.length,
        shiftFields(sio.fields, off + 1),
      );
      return;
    }
  }
  ctx.layers[ctx.layers.length - 1].fields.push(
    byteField('engineio', 'Data', off + 1, rest.length, asciiPreview(rest), 'The Engine.IO packet data.'),
  );
}

function udp(ctx: Ctx, off: number, end: number, src: Uint8Array, dst: Uint8Array, fragment: boolean): void {
  const b = ctx.b;
  const avail = end - off;
  if (avail < 8) return fail(ctx, off, `the UDP header needs 8 bytes, only ${avail} remain`, off, end);
  const length = readU16(b, off + 4);
  if (length < 8) return fail(ctx, off + 4, `UDP length ${length} is shorter than its 8-byte header`, off, end);
  let uend = off + length;
  let check: { computed: number } | { unverifiable: string };
  if (fragment) {
    uend = end;
    check = { unverifiable: UNVERIFIABLE_FRAGMENT };
  } else if (length > avail) {
    ctx.errors.push({
      offset: off + 4,
      message: `byte ${off + 4}: UDP length says ${length} bytes, only ${avail} are present`,
    });
    uend = end;
    check = { unverifiable: 'cannot be checked because the datagram is incomplete' };
  } else {
    check = { computed: udpChecksum(src, dst, b.subarray(off, uend)) };
  }
  const sp = readU16(b, off);
  const dp = readU16(b, off + 2);
  addLayer(
    ctx,
    'udp',
    `UDP datagram ${sp} → ${dp}`,
    off,
    uend - off,
    shiftFields(udpHeaderFields(b.subarray(off, uend), check), off),
  );
  const data = off + 8;
  if (fragment)
    rest(
      ctx,
      data,
      uend,
      'Fragment data',
      "The first part of the datagram's data; the rest arrives in later IPv4 fragments.",
    );
  else if (data < uend && (sp === 53 || dp === 53)) {
    const r = dissectDns(b.subarray(data, uend), data);
    addLayer(ctx, 'dns', `DNS ${r.summary}`, data, uend - data, r.fields);
    ctx.errors.push(...r.errors);
  } else
    rest(ctx, data, uend, 'Application data', `Data for port ${Math.min(sp, dp)}; its protocol is not decoded here.`);
  if (uend < end)
    rest(ctx, uend, end, 'Trailing bytes', 'Bytes inside the IPv4 packet after the end given by the UDP length.');
}
