// HTTP/1.1 message text (RFC 9112 §2.1): start line, header lines, empty line, body.
import { byteField } from './fields.ts';
import type { Field } from './fields.ts';

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', 'PATCH'];

const HEADER_NOTES: Record<string, string> = {
  host: 'Names the site, so one server address can host many sites.',
  'user-agent': 'Identifies the client software.',
  accept: 'Media types the client is willing to receive.',
  connection: 'Hop-by-hop options; "Upgrade" asks to switch protocols.',
  upgrade: 'The protocol to switch to, e.g. websocket (RFC 6455 §4.1).',
  'sec-websocket-key': 'Random nonce the server must hash into Sec-WebSocket-Accept to prove it speaks WebSocket.',
  'sec-websocket-version': 'The WebSocket protocol version; 13 is RFC 6455.',
  'sec-websocket-accept': "The server's proof that it read Sec-WebSocket-Key.",
  'content-length': 'Length of the body in bytes.',
  'content-type': 'Media type of the body.',
};

/** True if the bytes start like an HTTP request or response. */
export function looksLikeHttp(b: Uint8Array): boolean {
  const head = new TextDecoder().decode(b.subarray(0, 9));
  return head.startsWith('HTTP/1.') || METHODS.some((m) => head.startsWith(m + ' '));
}

export type HttpResult = { fields: Field[]; errors: Array<{ offset: number; message: string }>; summary: string };

/** Annotates line by line; `base` is where the message starts in the annotated array. Never throws. */
export function dissectHttp(b: Uint8Array, base: number): HttpResult {
  const fields: Field[] = [];
  const errors: HttpResult['errors'] = [];
  let i = 0;
  let line = 0;
  let summary = '';
  let contentLength: number | null = null;
  for (;;) {
    let end = -1;
    for (let j = i; j + 1 < b.length; j++)
      if (b[j] === 0x0d && b[j + 1] === 0x0a) {
        end = j;
        break;
      }
    if (end === -1) {
      if (i < b.length)
        fields.push(
          byteField(
            'http',
            'Incomplete header data',
            base + i,
            b.length - i,
            `${b.length - i} bytes`,
            'Header text without its closing CRLF.',
          ),
        );
      errors.push({
        offset: base + b.length,
        message: `byte ${base + b.length}: the HTTP header block has no empty line yet; the rest may be in a later TCP segment`,
      });
      return { fields, errors, summary };
    }
    const text = new TextDecoder().decode(b.subarray(i, end));
    const len = end + 2 - i;
    if (end === i) {
      fields.push(
        byteField(
          'http',
          'End of headers',
          base + i,
          2,
          '\\r\\n',
          'An empty line ends the header block; any body follows.',
        ),
      );
      i = end + 2;
      break;
    }
    if (line === 0) {
      summary = text;
      const isResponse = text.startsWith('HTTP/');
      fields.push(
        byteField(
          'http',
          isResponse ? 'Status line' : 'Request line',
          base + i,
          len,
          text,
          isResponse
            ? 'Protocol version, status code and reason, ended by CR LF.'
            : 'Method, target and protocol version, ended by CR LF.',
        ),
      );
    } else {
      const colon = text.indexOf(':');
      const name = colon > 0 ? text.slice(0, colon) : text;
      if (name.toLowerCase() === 'content-length') contentLength = Number(text.slice(colon + 1).trim());
      fields.push(
        byteField(
          'http',
          `Header: ${name}`,
          base + i,
          len,
          text.slice(colon + 1).trim(),
          HEADER_NOTES[name.toLowerCase()] ?? 'A header line: a name, a colon and a value, ended by CR LF.',
        ),
      );
    }
    i = end + 2;
    line++;
  }
  if (i < b.length) {
    fields.push(byteField('http', 'Body', base + i, b.length - i, `${b.length - i} bytes`, 'The message body.'));
  }
  if (contentLength !== null && b.length - i < contentLength) {
    errors.push({
      offset: base + b.length,
      message: `byte ${base + b.length}: Content-Length says ${contentLength} body bytes, only ${b.length - i} are here`,
    });
  }
  return { fields, errors, summary };
}
