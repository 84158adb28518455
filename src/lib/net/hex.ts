// Reading hex that learners paste (plain, 0x-prefixed, Wireshark or xxd
// dumps) and formatting bytes as hex + ASCII rows.

export type ParseHexResult = { ok: true; bytes: Uint8Array } | { ok: false; error: string; position: number };

const HEX = /^[0-9a-fA-F]$/;

function where(text: string, pos: number): string {
  const before = text.slice(0, pos);
  const line = before.split('\n').length;
  const col = pos - before.lastIndexOf('\n');
  return `character ${pos + 1} (line ${line}, column ${col})`;
}

function describeChar(c: string): string {
  if (c === '\t') return 'a tab';
  return JSON.stringify(c);
}

/**
 * Parses hex text. Lines that begin with an offset equal to the number of
 * bytes read so far (Wireshark "0000  45 00", xxd "00000000: 4500", tcpdump
 * -X "0x0000:  4500") are treated as dump
 * lines: the offset is skipped and a trailing ASCII column is ignored. In such a dump, lines without that
 * offset (tcpdump's summary line, a title) are skipped rather than read as hex.
 */
const OFFSET = /^(\s*)(?:0x)?([0-9a-fA-F]{4,8})(:\s*|\s{2,}|\t)/;

export function parseHex(text: string): ParseHexResult {
  const out: number[] = [];
  let lineStart = 0;
  const lines = text.split('\n');
  // A dump (some line starts at offset 0) may come with lines that are not bytes: tcpdump's summary line
  // ("12:34:56.789 IP 10.0.0.1.5000 > …"), a Wireshark frame title. In a dump, only offset lines are read.
  const isDump = lines.some((l) => {
    const m = OFFSET.exec(l);
    return m !== null && parseInt(m[2], 16) === 0 && /\S/.test(l.slice(m[0].length));
  });
  for (const rawLine of lines) {
    const line = rawLine.replace(/\r$/, '');
    let i = 0;
    let dumpGap = Infinity;
    const offsetMatch = OFFSET.exec(line);
    if (offsetMatch && parseInt(offsetMatch[2], 16) === out.length && /\S/.test(line.slice(offsetMatch[0].length))) {
      i = offsetMatch[0].length;
      // Wireshark separates its ASCII column by 3+ spaces (2 between byte halves); xxd by 2.
      dumpGap = offsetMatch[3].startsWith(':') ? 2 : 3;
    } else if (isDump) {
      lineStart += rawLine.length + 1;
      continue;
    }
    let digits = '';
    let digitsStart = 0;
    const flush = (): ParseHexResult | null => {
      if (digits.length % 2 !== 0) {
        return {
          ok: false,
          position: lineStart + digitsStart,
          error: `${where(text, lineStart + digitsStart)}: "${digits}" has an odd number of hex digits; each byte needs exactly two`,
        };
      }
      for (let k = 0; k < digits.length; k += 2) out.push(parseInt(digits.slice(k, k + 2), 16));
      digits = '';
      return null;
    };
    while (i < line.length) {
      const c = line[i];
      if (c === ' ' || c === '\t' || c === ',' || c === ';') {
        const e = flush();
        if (e) return e;
        let j = i;
        while (j < line.length && (line[j] === ' ' || line[j] === '\t')) j++;
        if (dumpGap !== Infinity && j - i >= dumpGap) break; // ASCII column follows
        i = Math.max(j, i + 1);
        continue;
      }
      if (digits === '' && c === '0' && (line[i + 1] === 'x' || line[i + 1] === 'X')) {
        i += 2;
        continue;
      }
      if (digits === '' && c === '\\' && line[i + 1] === 'x') {
        i += 2;
        continue;
      }
      if (HEX.test(c)) {
        if (digits === '') digitsStart = i;
        digits += c;
        i++;
        continue;
      }
      if (dumpGap !== Infinity && digits === '') break; // non-hex token in a dump line: the ASCII column
      return {
        ok: false,
        position: lineStart + i,
        error: `${where(text, lineStart + i)}: expected a hex digit (0-9, a-f) or a space, found ${describeChar(c)}`,
      };
    }
    const e = flush();
    if (e) return e;
    lineStart += rawLine.length + 1;
  }
  if (out.length === 0) return { ok: false, position: 0, error: 'no hex bytes found; paste bytes like "45 00 00 3c"' };
  return { ok: true, bytes: new Uint8Array(out) };
}

export type HexRow = { offset: number; offsetText: string; hex: string[]; ascii: string };

/** Rows of `width` bytes: offset, two-digit hex cells and an ASCII column with "." for unprintables. */
export function formatHexRows(bytes: Uint8Array, width = 16): HexRow[] {
  const rows: HexRow[] = [];
  for (let at = 0; at < bytes.length; at += width) {
    const chunk = bytes.subarray(at, at + width);
    rows.push({
      offset: at,
      offsetText: at.toString(16).padStart(4, '0'),
      hex: Array.from(chunk, (b) => b.toString(16).padStart(2, '0')),
      ascii: Array.from(chunk, (b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.')).join(''),
    });
  }
  return rows;
}

/** The rows as Wireshark-style text ("0000  45 00 …  E..<"), which parseHex reads back. */
export function formatHexDump(bytes: Uint8Array, width = 16): string {
  return formatHexRows(bytes, width)
    .map((r) => `${r.offsetText}  ${r.hex.join(' ').padEnd(width * 3 - 1)}   ${r.ascii}`)
    .join('\n');
}
