// DNS messages (RFC 1035 §4.1): 12-byte header, then questions; resource
// records after the questions are annotated but not decoded.
import { bitField, byteField, hexValue, readU16, writeU16, concatBytes } from './fields.ts';
import type { Encoded, Field } from './fields.ts';

export const DNS_TYPES: Record<number, string> = {
  1: 'A',
  2: 'NS',
  5: 'CNAME',
  6: 'SOA',
  12: 'PTR',
  15: 'MX',
  16: 'TXT',
  28: 'AAAA',
  33: 'SRV',
  41: 'OPT',
  65: 'HTTPS',
  255: 'ANY',
};
export const DNS_CLASSES: Record<number, string> = { 1: 'IN', 3: 'CH', 255: 'ANY' };

export type DnsQueryInput = { id: number; name: string; qtype?: number; qclass?: number; recursionDesired?: boolean };

/** Encodes a name as length-prefixed labels ending in the zero-length root label (§3.1). */
export function encodeDnsName(name: string): Uint8Array {
  const labels = name
    .replace(/\.$/, '')
    .split('.')
    .filter((l) => l.length > 0);
  const parts: number[] = [];
  for (const l of labels) {
    const b = new TextEncoder().encode(l);
    if (b.length > 63) throw new Error(`DNS label "${l}" is longer than 63 bytes`);
    parts.push(b.length, ...b);
  }
  parts.push(0);
  if (parts.length > 255) throw new Error('DNS names are at most 255 bytes');
  return new Uint8Array(parts);
}

/** Builds a standard query with one question. */
export function encodeDnsQuery(input: DnsQueryInput): Encoded {
  const h = new Uint8Array(12);
  writeU16(h, 0, input.id);
  writeU16(h, 2, (input.recursionDesired ?? true) ? 0x0100 : 0);
  writeU16(h, 4, 1);
  const tail = new Uint8Array(4);
  writeU16(tail, 0, input.qtype ?? 1);
  writeU16(tail, 2, input.qclass ?? 1);
  const bytes = concatBytes(h, encodeDnsName(input.name), tail);
  const d = dissectDns(bytes, 0);
  return { bytes, fields: d.fields };
}

export type DnsResult = { fields: Field[]; errors: Array<{ offset: number; message: string }>; summary: string };

/** Annotates a DNS message that starts at `base` within the array the fields describe. Never throws. */
export function dissectDns(m: Uint8Array, base: number): DnsResult {
  const fields: Field[] = [];
  const errors: DnsResult['errors'] = [];
  if (m.length < 12) {
    errors.push({ offset: base, message: `byte ${base}: the DNS header needs 12 bytes, only ${m.length} remain` });
    if (m.length)
      fields.push(
        byteField('dns', 'Truncated DNS header', base, m.length, `${m.length} bytes`, 'Too short to be a DNS header.'),
      );
    return { fields, errors, summary: 'truncated' };
  }
  const flags = readU16(m, 2);
  const qr = flags >> 15;
  const counts = [readU16(m, 4), readU16(m, 6), readU16(m, 8), readU16(m, 10)];
  const b = base * 8;
  fields.push(
    byteField(
      'dns',
      'Transaction ID',
      base,
      2,
      hexValue(readU16(m, 0), 4),
      'Chosen by the client so it can match the reply to this query.',
    ),
    bitField('dns', 'QR', b + 16, 1, `${qr} (${qr ? 'response' : 'query'})`, '0 for a query, 1 for a response.'),
    bitField('dns', 'Opcode', b + 17, 4, String((flags >> 11) & 15), '0 is a standard query.'),
    bitField(
      'dns',
      'AA',
      b + 21,
      1,
      String((flags >> 10) & 1),
      'Authoritative answer: set by a server that owns the zone.',
    ),
    bitField(
      'dns',
      'TC',
      b + 22,
      1,
      String((flags >> 9) & 1),
      'Truncated: the reply did not fit and should be retried over TCP.',
    ),
    bitField(
      'dns',
      'RD',
      b + 23,
      1,
      String((flags >> 8) & 1),
      "Recursion desired: asks the resolver to chase the answer on the client's behalf.",
    ),
    bitField(
      'dns',
      'RA',
      b + 24,
      1,
      String((flags >> 7) & 1),
      'Recursion available: set by a server that offers recursion.',
    ),
    bitField('dns', 'Z', b + 25, 1, String((flags >> 6) & 1), 'Reserved; must be zero.'),
    bitField(
      'dns',
      'AD',
      b + 26,
      1,
      String((flags >> 5) & 1),
      "Authentic data: DNSSEC validation flag (RFC 4035; part of RFC 1035's Z bits).",
    ),
    bitField(
      'dns',
      'CD',
      b + 27,
      1,
      String((flags >> 4) & 1),
      "Checking disabled: DNSSEC flag (RFC 4035; part of RFC 1035's Z bits).",
    ),
    bitField('dns', 'RCODE', b + 28, 4, String(flags & 15), 'Response code: 0 no error, 3 name does not exist.'),
    byteField('dns', 'Question count', base + 4, 2, String(counts[0]), 'Number of entries in the question section.'),
    byteField('dns', 'Answer count', base + 6, 2, String(counts[1]), 'Number of answer records.'),
    byteField('dns', 'Authority count', base + 8, 2, String(counts[2]), 'Number of name-server records.'),
    byteField('dns', 'Additional count', base + 10, 2, String(counts[3]), 'Number of additional records.'),
  );
  let i = 12;
  const names: string[] = [];
  for (let q = 0; q < counts[0]; q++) {
    const labels: string[] = [];
    for (;;) {
      if (i >= m.length) {
        errors.push({
          offset: base + i,
          message: `byte ${base + i}: the DNS question name runs past the end of the message`,
        });
        return { fields, errors, summary: 'truncated' };
      }
      const len = m[i];
      if ((len & 0xc0) === 0xc0) {
        if (i + 2 > m.length) {
          errors.push({
            offset: base + i,
            message: `byte ${base + i}: a DNS compression pointer needs 2 bytes, only 1 remains`,
          });
          fields.push(
            byteField('dns', 'Truncated pointer', base + i, 1, hexValue(len, 2), 'Incomplete compression pointer.'),
          );
          return { fields, errors, summary: 'truncated' };
        }
        const ptr = readU16(m, i) & 0x3fff;
        fields.push(
          byteField(
            'dns',
            'Name pointer',
            base + i,
            2,
            `→ offset ${ptr}`,
            'Compression (RFC 1035 §4.1.4): the rest of the name is copied from earlier in the message.',
          ),
        );
        labels.push(`(@${ptr})`);
        i += 2;
        break;
      }
      if (len > 63) {
        errors.push({ offset: base + i, message: `byte ${base + i}: DNS label length ${len} is over 63` });
        fields.push(
          byteField(
            'dns',
            'Unparsed',
            base + i,
            m.length - i,
            `${m.length - i} bytes`,
            'Bytes after a malformed label.',
          ),
        );
        return { fields, errors, summary: 'malformed' };
      }
      if (len === 0) {
        fields.push(
          byteField('dns', 'Root label', base + i, 1, '0', 'A zero length ends the name (the root of the DNS tree).'),
        );
        i += 1;
        break;
      }
      if (i + 1 + len > m.length) {
        errors.push({
          offset: base + i,
          message: `byte ${base + i}: DNS label needs ${len} bytes, only ${m.length - i - 1} remain`,
        });
        fields.push(
          byteField(
            'dns',
            'Truncated label',
            base + i,
            m.length - i,
            `${m.length - i} bytes`,
            'The label runs past the end.',
          ),
        );
        return { fields, errors, summary: 'truncated' };
      }
      const label = new TextDecoder().decode(m.subarray(i + 1, i + 1 + len));
      labels.push(label);
      fields.push(
        byteField(
          'dns',
          'Label length',
          base + i,
          1,
          String(len),
          'How many bytes the next label has; names are sent label by label, not with dots.',
        ),
      );
      fields.push(
        byteField('dns', 'Label', base + i + 1, len, JSON.stringify(label), 'One dot-separated part of the name.'),
      );
      i += 1 + len;
    }
    if (i + 4 > m.length) {
      errors.push({
        offset: base + i,
        message: `byte ${base + i}: the DNS QTYPE and QCLASS need 4 bytes, only ${m.length - i} remain`,
      });
      if (i < m.length)
        fields.push(
          byteField(
            'dns',
            'Truncated question',
            base + i,
            m.length - i,
            `${m.length - i} bytes`,
            'Incomplete type/class.',
          ),
        );
      return { fields, errors, summary: 'truncated' };
    }
    const qt = readU16(m, i);
    const qc = readU16(m, i + 2);
    fields.push(
      byteField(
        'dns',
        'QTYPE',
        base + i,
        2,
        `${qt} (${DNS_TYPES[qt] ?? 'other'})`,
        'Which record type is wanted: 1 is an IPv4 address (A).',
      ),
      byteField(
        'dns',
        'QCLASS',
        base + i + 2,
        2,
        `${qc} (${DNS_CLASSES[qc] ?? 'other'})`,
        '1 is the Internet class, used for almost everything.',
      ),
    );
    names.push(`${labels.join('.')} ${DNS_TYPES[qt] ?? qt}`);
    i += 4;
  }
  if (i < m.length) {
    fields.push(
      byteField(
        'dns',
        'Resource records',
        base + i,
        m.length - i,
        `${m.length - i} bytes`,
        'Answer, authority and additional records; not decoded by this viewer.',
      ),
    );
  }
  return { fields, errors, summary: `${qr ? 'response' : 'query'} ${names.join(', ')}` };
}
