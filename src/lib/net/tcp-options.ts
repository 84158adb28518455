// TCP options (RFC 9293 §3.2, MSS; RFC 7323 window scale and timestamps; RFC 2018 SACK).
import { byteField, readU16, readU32 } from './fields.ts';
import type { Field } from './fields.ts';

export type TcpOption =
  | { kind: 'eol' }
  | { kind: 'nop' }
  | { kind: 'mss'; mss: number }
  | { kind: 'windowScale'; shift: number }
  | { kind: 'sackPermitted' }
  | { kind: 'timestamps'; tsval: number; tsecr: number }
  | { kind: 'sack'; blocks: ReadonlyArray<readonly [number, number]> };

/** Serialises options and pads with zero bytes (end-of-list) to a 32-bit boundary, as §3.1 requires. */
export function encodeTcpOptions(options: readonly TcpOption[]): Uint8Array {
  const out: number[] = [];
  const u16 = (n: number) => out.push((n >>> 8) & 0xff, n & 0xff);
  const u32 = (n: number) => out.push((n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff);
  for (const o of options) {
    switch (o.kind) {
      case 'eol':
        out.push(0);
        break;
      case 'nop':
        out.push(1);
        break;
      case 'mss':
        out.push(2, 4);
        u16(o.mss);
        break;
      case 'windowScale':
        out.push(3, 3, o.shift);
        break;
      case 'sackPermitted':
        out.push(4, 2);
        break;
      case 'sack':
        out.push(5, 2 + 8 * o.blocks.length);
        for (const [l, r] of o.blocks) {
          u32(l);
          u32(r);
        }
        break;
      case 'timestamps':
        out.push(8, 10);
        u32(o.tsval);
        u32(o.tsecr);
        break;
    }
  }
  while (out.length % 4 !== 0) out.push(0);
  if (out.length > 40) throw new Error(`TCP options fit in 40 bytes, these need ${out.length}`);
  return new Uint8Array(out);
}

export type OptionsResult = { fields: Field[]; errors: Array<{ offset: number; message: string }> };

/**
 * Annotates the option bytes of a header. `base` is the byte offset of the
 * first option byte in the array the fields describe.
 */
export function dissectTcpOptions(opts: Uint8Array, base: number, illustrative = false): OptionsResult {
  const fields: Field[] = [];
  const errors: OptionsResult['errors'] = [];
  const extra = { illustrative };
  let i = 0;
  while (i < opts.length) {
    const kind = opts[i];
    if (kind === 0) {
      // Everything after end-of-list is padding (§3.2).
      fields.push(
        byteField(
          'tcp',
          'Option: End of list + padding',
          base + i,
          opts.length - i,
          `${opts.length - i} zero byte(s)`,
          'Marks the end of the options and pads the header to a multiple of 4 bytes.',
        ),
      );
      break;
    }
    if (kind === 1) {
      fields.push(
        byteField(
          'tcp',
          'Option: No-operation (NOP)',
          base + i,
          1,
          '1',
          'A one-byte filler used to align the next option on a 4-byte boundary.',
        ),
      );
      i += 1;
      continue;
    }
    const len = opts[i + 1];
    if (i + 1 >= opts.length || len < 2 || i + len > opts.length) {
      errors.push({
        offset: base + i,
        message: `byte ${base + i}: TCP option kind ${kind} has a bad length ${len ?? 'missing'}`,
      });
      fields.push(
        byteField(
          'tcp',
          'Option bytes (malformed)',
          base + i,
          opts.length - i,
          `${opts.length - i} bytes`,
          'Option bytes that could not be parsed.',
        ),
      );
      break;
    }
    const at = i + 2;
    let name = `Option: kind ${kind}`;
    let value = `${len - 2} data bytes`;
    let description = 'An option this viewer does not decode.';
    if (kind === 2 && len === 4) {
      name = 'Option: Maximum segment size';
      value = `MSS ${readU16(opts, at)}`;
      description = 'The largest segment payload this side wants to receive; 1460 fits a 1500-byte Ethernet MTU.';
    } else if (kind === 3 && len === 3) {
      name = 'Option: Window scale';
      value = `shift ${opts[at]} (×${2 ** opts[at]})`;
      description = 'Multiplies the 16-bit window field by a power of two so windows can exceed 64 KiB (RFC 7323).';
    } else if (kind === 4 && len === 2) {
      name = 'Option: SACK permitted';
      value = 'yes';
      description = 'Says this side understands selective acknowledgements of out-of-order data (RFC 2018).';
    } else if (kind === 5) {
      name = 'Option: SACK';
      value = `${(len - 2) / 8} block(s)`;
      description = 'Lists byte ranges received beyond a gap so only the missing data is resent (RFC 2018).';
    } else if (kind === 8 && len === 10) {
      name = 'Option: Timestamps';
      value = `TSval ${readU32(opts, at)}, TSecr ${readU32(opts, at + 4)}`;
      description =
        "Sender clock value and the echo of the peer's, used to measure round-trip time and reject old duplicates (RFC 7323).";
    }
    fields.push(byteField('tcp', name, base + i, len, value, description, kind === 8 ? extra : {}));
    i += len;
  }
  return { fields, errors };
}
