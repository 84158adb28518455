// Address parsing shared by the encoders and the stack builder.

/** Parses dotted-quad IPv4 ("192.0.2.1"); null if not exactly four decimal octets 0-255. */
export function parseIpv4(text: string): Uint8Array | null {
  const parts = text.trim().split('.');
  if (parts.length !== 4) return null;
  const out = new Uint8Array(4);
  for (let i = 0; i < 4; i++) {
    if (!/^\d{1,3}$/.test(parts[i])) return null;
    const n = Number(parts[i]);
    if (n > 255) return null;
    out[i] = n;
  }
  return out;
}

export function formatIpv4(bytes: Uint8Array, offset = 0): string {
  return `${bytes[offset]}.${bytes[offset + 1]}.${bytes[offset + 2]}.${bytes[offset + 3]}`;
}

export type ParsedAddress =
  | { kind: 'ipv4'; bytes: Uint8Array; text: string }
  | { kind: 'ipv4-mapped'; bytes: Uint8Array; text: string; original: string }
  | { kind: 'ipv6'; text: string }
  | { kind: 'invalid'; text: string };

/**
 * Classifies an address as a Node socket reports it. A dual-stack server
 * reports IPv4 clients as IPv4-mapped IPv6 ("::ffff:127.0.0.1", RFC 4291 §2.5.5.2);
 * those packets are really IPv4 on the wire.
 */
export function classifyAddress(text: string): ParsedAddress {
  const t = text.trim().replace(/^\[|\]$/g, '');
  const v4 = parseIpv4(t);
  if (v4) return { kind: 'ipv4', bytes: v4, text: t };
  const dotted = /^(?:0{0,4}:){0,5}:?(?:0{0,4}:)*ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(t);
  if (dotted) {
    const b = parseIpv4(dotted[1]);
    if (b) return { kind: 'ipv4-mapped', bytes: b, text: formatIpv4(b), original: t };
  }
  const hexForm = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(t);
  if (hexForm) {
    const hi = parseInt(hexForm[1], 16);
    const lo = parseInt(hexForm[2], 16);
    const b = new Uint8Array([hi >> 8, hi & 0xff, lo >> 8, lo & 0xff]);
    return { kind: 'ipv4-mapped', bytes: b, text: formatIpv4(b), original: t };
  }
  if (t.includes(':') && /^[0-9a-f:.%a-z]+$/i.test(t)) return { kind: 'ipv6', text: t };
  return { kind: 'invalid', text: t };
}

/** Parses "02:00:00:00:00:01" or "02-00-…"; null if malformed. */
export function parseMac(text: string): Uint8Array | null {
  const parts = text.trim().split(/[:-]/);
  if (parts.length !== 6 || !parts.every((p) => /^[0-9a-f]{2}$/i.test(p))) return null;
  return new Uint8Array(parts.map((p) => parseInt(p, 16)));
}

export function formatMac(bytes: Uint8Array, offset = 0): string {
  return Array.from(bytes.subarray(offset, offset + 6), (b) => b.toString(16).padStart(2, '0')).join(':');
}
