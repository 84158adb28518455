// WebSocket base framing (RFC 6455 §5.2), masking (§5.3) and control-frame rules (§5.5).
import { bitField, byteField, hexBytes, concatBytes, asciiPreview } from './fields.ts';
import type { Encoded, Field } from './fields.ts';

export const WS_OPCODES: Record<number, string> = {
  0: 'continuation',
  1: 'text',
  2: 'binary',
  8: 'close',
  9: 'ping',
  10: 'pong',
};

export type WsFrameInput = {
  fin?: boolean;
  rsv1?: boolean;
  rsv2?: boolean;
  rsv3?: boolean;
  opcode: number;
  payload: Uint8Array | string;
  /** Four bytes; present means a client-to-server frame (§5.3 requires clients to mask). */
  maskKey?: Uint8Array;
  illustrativeMask?: boolean;
};

export type WsFrame = {
  fin: boolean;
  rsv1: boolean;
  rsv2: boolean;
  rsv3: boolean;
  opcode: number;
  masked: boolean;
  maskKey: Uint8Array | null;
  payloadLength: number;
  headerLength: number;
  /** Unmasked application data. */
  payload: Uint8Array;
};

export type WsDecodeResult =
  | { ok: true; frame: WsFrame; headerFields: Field[]; payloadField: Field }
  | { ok: false; offset: number; error: string };

/** XOR with key[i mod 4] (§5.3); the same operation masks and unmasks. */
export function applyMask(data: Uint8Array, key: Uint8Array): Uint8Array {
  const out = new Uint8Array(data.length);
  for (let i = 0; i < data.length; i++) out[i] = data[i] ^ key[i % 4];
  return out;
}

/** Fields for a frame header, relative to the frame start. */
function headerFieldsFor(b: Uint8Array, frame: WsFrame, illustrativeMask: boolean): Field[] {
  const len7 = b[1] & 0x7f;
  const fields: Field[] = [
    bitField(
      'websocket',
      'FIN',
      0,
      1,
      frame.fin ? '1' : '0',
      frame.fin ? 'This is the final (here: only) frame of the message.' : 'More frames of this message follow.',
    ),
    bitField(
      'websocket',
      'RSV1',
      1,
      1,
      frame.rsv1 ? '1' : '0',
      'Reserved for extensions such as permessage-deflate compression; 0 when none was negotiated.',
    ),
    bitField(
      'websocket',
      'RSV2',
      2,
      1,
      frame.rsv2 ? '1' : '0',
      'Reserved for extensions; 0 unless one was negotiated.',
    ),
    bitField(
      'websocket',
      'RSV3',
      3,
      1,
      frame.rsv3 ? '1' : '0',
      'Reserved for extensions; 0 unless one was negotiated.',
    ),
    bitField(
      'websocket',
      'Opcode',
      4,
      4,
      `${frame.opcode} (${WS_OPCODES[frame.opcode] ?? 'reserved'})`,
      'What the payload is: 1 text, 2 binary, 8 close, 9 ping, 10 pong, 0 a continuation.',
    ),
    bitField(
      'websocket',
      'MASK',
      8,
      1,
      frame.masked ? '1' : '0',
      frame.masked
        ? 'The payload is masked, as every client-to-server frame must be.'
        : 'Not masked, as server-to-client frames are sent.',
    ),
    bitField(
      'websocket',
      'Payload length (7 bits)',
      9,
      7,
      String(len7),
      len7 === 126
        ? '126 means the real length follows in the next 2 bytes.'
        : len7 === 127
          ? '127 means the real length follows in the next 8 bytes.'
          : 'Payload length in bytes; values up to 125 fit here directly.',
    ),
  ];
  let at = 2;
  if (len7 === 126) {
    fields.push(
      byteField(
        'websocket',
        'Extended payload length (16 bits)',
        2,
        2,
        `${frame.payloadLength} bytes`,
        'The payload length, used for 126 to 65535 bytes.',
      ),
    );
    at = 4;
  } else if (len7 === 127) {
    fields.push(
      byteField(
        'websocket',
        'Extended payload length (64 bits)',
        2,
        8,
        `${frame.payloadLength} bytes`,
        'The payload length, used for 65536 bytes or more; the top bit must be 0.',
      ),
    );
    at = 10;
  }
  if (frame.maskKey) {
    fields.push(
      byteField(
        'websocket',
        'Masking key',
        at,
        4,
        hexBytes(frame.maskKey),
        'Random key chosen by the client per frame; the payload is XORed with it so proxies cannot be tricked by predictable bytes.',
        { illustrative: illustrativeMask },
      ),
    );
  }
  return fields;
}

function payloadDescription(frame: WsFrame): { value: string; description: string } {
  const text = frame.opcode === 1 ? new TextDecoder().decode(frame.payload) : asciiPreview(frame.payload);
  const shown = text.length > 80 ? text.slice(0, 80) + '…' : text;
  return {
    value: frame.opcode === 1 ? JSON.stringify(shown) : `${frame.payloadLength} bytes`,
    description: frame.masked
      ? `Application data, masked on the wire (each byte XORed with masking key byte i mod 4); unmasked it reads ${JSON.stringify(shown)}.`
      : 'Application data, sent as is.',
  };
}

/** Encodes one frame using the shortest length form, as §5.2 requires. */
export function encodeWsFrame(input: WsFrameInput): Encoded & { headerLength: number } {
  const payload = typeof input.payload === 'string' ? new TextEncoder().encode(input.payload) : input.payload;
  const fin = input.fin ?? true;
  if (input.opcode >= 8 && (!fin || payload.length > 125))
    throw new Error('control frames must have FIN set and at most 125 payload bytes (RFC 6455 §5.5)');
  if (input.maskKey && input.maskKey.length !== 4) throw new Error('a masking key is exactly 4 bytes');
  const n = payload.length;
  const lenBytes = n <= 125 ? 0 : n <= 0xffff ? 2 : 8;
  const head = new Uint8Array(2 + lenBytes + (input.maskKey ? 4 : 0));
  head[0] =
    (fin ? 0x80 : 0) |
    (input.rsv1 ? 0x40 : 0) |
    (input.rsv2 ? 0x20 : 0) |
    (input.rsv3 ? 0x10 : 0) |
    (input.opcode & 0x0f);
  head[1] = (input.maskKey ? 0x80 : 0) | (lenBytes === 0 ? n : lenBytes === 2 ? 126 : 127);
  if (lenBytes === 2) {
    head[2] = n >>> 8;
    head[3] = n & 0xff;
  } else if (lenBytes === 8) {
    // 64-bit big-endian; JS integers are exact up to 2^53, far beyond any real frame.
    const hi = Math.floor(n / 2 ** 32);
    const lo = n >>> 0;
    head.set(
      [
        hi >>> 24,
        (hi >>> 16) & 0xff,
        (hi >>> 8) & 0xff,
        hi & 0xff,
        lo >>> 24,
        (lo >>> 16) & 0xff,
        (lo >>> 8) & 0xff,
        lo & 0xff,
      ],
      2,
    );
  }
  if (input.maskKey) head.set(input.maskKey, 2 + lenBytes);
  const body = input.maskKey ? applyMask(payload, input.maskKey) : payload;
  const bytes = concatBytes(head, body);
  const decoded = decodeWsFrame(bytes, { illustrativeMask: input.illustrativeMask });
  if (!decoded.ok) throw new Error(decoded.error);
  return { bytes, headerLength: head.length, fields: [...decoded.headerFields, decoded.payloadField] };
}

/** Decodes one frame at the start of `bytes`; trailing bytes are left for the caller. Never throws. */
export function decodeWsFrame(
  bytes: Uint8Array,
  opts: { illustrativeMask?: boolean; base?: number } = {},
): WsDecodeResult {
  const base = opts.base ?? 0;
  const need = (n: number, what: string): WsDecodeResult => ({
    ok: false,
    offset: base + bytes.length,
    error: `byte ${base}: the WebSocket ${what} needs ${n} bytes, only ${bytes.length} remain`,
  });
  if (bytes.length < 2) return need(2, 'frame header');
  const b0 = bytes[0];
  const b1 = bytes[1];
  const opcode = b0 & 0x0f;
  const masked = (b1 & 0x80) !== 0;
  const len7 = b1 & 0x7f;
  let at = 2;
  let payloadLength = len7;
  if (len7 === 126) {
    if (bytes.length < 4) return need(4, 'header with a 16-bit length');
    payloadLength = (bytes[2] << 8) | bytes[3];
    at = 4;
  } else if (len7 === 127) {
    if (bytes.length < 10) return need(10, 'header with a 64-bit length');
    if (bytes[2] & 0x80)
      return {
        ok: false,
        offset: base + 2,
        error: `byte ${base + 2}: the 64-bit WebSocket length must have its top bit clear`,
      };
    const hi = ((bytes[2] << 24) | (bytes[3] << 16) | (bytes[4] << 8) | bytes[5]) >>> 0;
    const lo = ((bytes[6] << 24) | (bytes[7] << 16) | (bytes[8] << 8) | bytes[9]) >>> 0;
    payloadLength = hi * 2 ** 32 + lo;
    at = 10;
  }
  if (!(opcode in WS_OPCODES))
    return { ok: false, offset: base, error: `byte ${base}: WebSocket opcode ${opcode} is reserved` };
  if (opcode >= 8 && (!(b0 & 0x80) || payloadLength > 125))
    return {
      ok: false,
      offset: base,
      error: `byte ${base}: a WebSocket control frame must have FIN set and at most 125 payload bytes`,
    };
  const headerLength = at + (masked ? 4 : 0);
  if (bytes.length < headerLength) return need(headerLength, 'header');
  if (bytes.length < headerLength + payloadLength) {
    return {
      ok: false,
      offset: base + bytes.length,
      error: `byte ${base + headerLength}: the WebSocket payload needs ${payloadLength} bytes, only ${bytes.length - headerLength} remain`,
    };
  }
  const maskKey = masked ? bytes.slice(at, at + 4) : null;
  const raw = bytes.subarray(headerLength, headerLength + payloadLength);
  const frame: WsFrame = {
    fin: (b0 & 0x80) !== 0,
    rsv1: (b0 & 0x40) !== 0,
    rsv2: (b0 & 0x20) !== 0,
    rsv3: (b0 & 0x10) !== 0,
    opcode,
    masked,
    maskKey,
    payloadLength,
    headerLength,
    payload: maskKey ? applyMask(raw, maskKey) : raw.slice(),
  };
  const { value, description } = payloadDescription(frame);
  return {
    ok: true,
    frame,
    headerFields: headerFieldsFor(bytes, frame, opts.illustrativeMask ?? false),
    payloadField: byteField('websocket', 'Payload', headerLength, payloadLength, value, description),
  };
}
