// The annotation model shared by every byte view: each field names a run of
// bits in a byte array, so a viewer can highlight it and a test can prove that
// every bit of a sample is explained exactly once.

export type LayerId =
  'ethernet' | 'ipv4' | 'tcp' | 'udp' | 'websocket' | 'engineio' | 'socketio' | 'http' | 'dns' | 'payload';

export type FieldStatus = 'ok' | 'bad';

export type Field = {
  layer: LayerId;
  name: string;
  /** Offset from the start of the byte array the field list describes. */
  bitOffset: number;
  bitLength: number;
  /** Human display, e.g. "0x4500" or "6 (TCP)". */
  value: string;
  /** One plain sentence for a learner. */
  description: string;
  /** The value was chosen for illustration, not observed. */
  illustrative?: boolean;
  /** Result of a verification such as a checksum. */
  status?: FieldStatus;
};

/** One protocol layer; byteOffset/byteLength span the whole unit (header + payload) at that layer. */
export type Layer = {
  id: LayerId;
  title: string;
  byteOffset: number;
  byteLength: number;
  fields: Field[];
};

export type BitRange = { bitOffset: number; bitLength: number };

/** What every encoder returns: exact bytes plus fields relative to those bytes. */
export type Encoded = { bytes: Uint8Array; fields: Field[] };

export type FieldExtra = { illustrative?: boolean; status?: FieldStatus };

function withExtra(field: Field, extra: FieldExtra): Field {
  if (extra.illustrative) field.illustrative = true;
  if (extra.status) field.status = extra.status;
  return field;
}

/** A field made of whole bytes. */
export function byteField(
  layer: LayerId,
  name: string,
  byteOffset: number,
  byteLength: number,
  value: string,
  description: string,
  extra: FieldExtra = {},
): Field {
  return withExtra({ layer, name, bitOffset: byteOffset * 8, bitLength: byteLength * 8, value, description }, extra);
}

/** A field that may start or end inside a byte (flags, nibbles). */
export function bitField(
  layer: LayerId,
  name: string,
  bitOffset: number,
  bitLength: number,
  value: string,
  description: string,
  extra: FieldExtra = {},
): Field {
  return withExtra({ layer, name, bitOffset, bitLength, value, description }, extra);
}

/** Moves fields computed for an inner unit to their place inside an outer one. */
export function shiftFields(fields: readonly Field[], byteOffset: number): Field[] {
  return fields.map((f) => ({ ...f, bitOffset: f.bitOffset + byteOffset * 8 }));
}

/** Bit ranges inside [0, totalBytes*8) that no field covers. */
export function uncoveredBits(totalBytes: number, fields: readonly Field[]): BitRange[] {
  const total = totalBytes * 8;
  const sorted = [...fields].filter((f) => f.bitLength > 0).sort((a, b) => a.bitOffset - b.bitOffset);
  const gaps: BitRange[] = [];
  let cursor = 0;
  for (const f of sorted) {
    const start = Math.max(0, f.bitOffset);
    if (start > cursor) gaps.push({ bitOffset: cursor, bitLength: Math.min(start, total) - cursor });
    cursor = Math.max(cursor, f.bitOffset + f.bitLength);
    if (cursor >= total) break;
  }
  if (cursor < total) gaps.push({ bitOffset: cursor, bitLength: total - cursor });
  return gaps.filter((g) => g.bitLength > 0);
}

/** Pairs of fields that claim the same bit; an honest annotation has none. */
export function overlappingFields(fields: readonly Field[]): Array<[Field, Field]> {
  const sorted = [...fields].sort((a, b) => a.bitOffset - b.bitOffset);
  const pairs: Array<[Field, Field]> = [];
  for (let i = 0; i < sorted.length; i++) {
    const a = sorted[i];
    for (let j = i + 1; j < sorted.length; j++) {
      const b = sorted[j];
      if (b.bitOffset >= a.bitOffset + a.bitLength) break;
      if (b.bitLength > 0 && a.bitLength > 0) pairs.push([a, b]);
    }
  }
  return pairs;
}

/** Fields that reach outside the byte array they claim to describe. */
export function fieldsOutOfRange(totalBytes: number, fields: readonly Field[]): Field[] {
  return fields.filter((f) => f.bitOffset < 0 || f.bitOffset + f.bitLength > totalBytes * 8);
}

/** "0x" plus a zero-padded lowercase hex number. */
export function hexValue(n: number, digits: number): string {
  return '0x' + n.toString(16).padStart(digits, '0');
}

/** "45 00 00 3c" style rendering of a byte run. */
export function hexBytes(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(' ');
}

/** Big-endian ("network byte order", RFC 791 Appendix B) unsigned reads. */
export function readU16(bytes: Uint8Array, offset: number): number {
  return (bytes[offset] << 8) | bytes[offset + 1];
}

export function readU32(bytes: Uint8Array, offset: number): number {
  return ((bytes[offset] << 24) | (bytes[offset + 1] << 16) | (bytes[offset + 2] << 8) | bytes[offset + 3]) >>> 0;
}

export function writeU16(bytes: Uint8Array, offset: number, value: number): void {
  bytes[offset] = (value >>> 8) & 0xff;
  bytes[offset + 1] = value & 0xff;
}

export function writeU32(bytes: Uint8Array, offset: number, value: number): void {
  bytes[offset] = (value >>> 24) & 0xff;
  bytes[offset + 1] = (value >>> 16) & 0xff;
  bytes[offset + 2] = (value >>> 8) & 0xff;
  bytes[offset + 3] = value & 0xff;
}

/** Joins byte arrays into one. */
export function concatBytes(...parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Printable-ASCII rendering with escapes, for showing text-ish payloads. */
export function asciiPreview(bytes: Uint8Array, max = 60): string {
  let s = '';
  for (const b of bytes.subarray(0, max)) {
    if (b === 0x0d) s += '\\r';
    else if (b === 0x0a) s += '\\n';
    else if (b >= 0x20 && b < 0x7f) s += String.fromCharCode(b);
    else s += '\\x' + b.toString(16).padStart(2, '0');
  }
  return bytes.length > max ? s + '…' : s;
}
