// Five complete frames for the packet viewer. The bytes are literal so the
// course shows fixed, reviewable data; every checksum was verified by hand
// with an independent one's-complement sum (and tests re-verify them).
// Addresses are RFC 5737 documentation ranges; MACs are locally administered
// (02:…): 02:00:00:00:00:0a is the client, 02:00:00:00:00:01 its router.
import { parseHex } from './hex.ts';
import type { DissectStart } from './dissect.ts';

export type Sample = {
  id: 'tcp-syn' | 'dns-query' | 'http-get' | 'websocket-emit' | 'ipv4-fragment';
  title: string;
  description: string;
  start: DissectStart;
  bytes: Uint8Array;
  /** For a fragment: the whole transport datagram, so its checksum can still be verified. */
  reassembledTransport?: Uint8Array;
};

function hex(rows: readonly string[]): Uint8Array {
  const r = parseHex(rows.join('\n'));
  if (!r.ok) throw new Error(r.error);
  return r.bytes;
}

export const SAMPLES: readonly Sample[] = [
  {
    id: 'tcp-syn',
    title: 'TCP SYN: opening a connection',
    description:
      'The first packet of a connection from 192.0.2.10:51514 to a web server at 203.0.113.80:80, with Linux-style MSS, SACK-permitted, timestamp and window-scale options.',
    start: 'ethernet',
    bytes: hex([
      '02 00 00 00 00 01 02 00 00 00 00 0a 08 00 45 00',
      '00 3c 1c 46 40 00 40 06 20 1b c0 00 02 0a cb 00',
      '71 50 c9 3a 00 50 5e 2e 1f 00 00 00 00 00 a0 02',
      'fa f0 98 c2 00 00 02 04 05 b4 04 02 08 0a 88 7f',
      'e6 b8 00 00 00 00 01 03 03 07',
    ]),
  },
  {
    id: 'dns-query',
    title: 'DNS query over UDP',
    description:
      'A resolver question "what is the IPv4 address (A record) of example.com?" sent to 198.51.100.53 port 53.',
    start: 'ethernet',
    bytes: hex([
      '02 00 00 00 00 01 02 00 00 00 00 0a 08 00 45 00',
      '00 39 5d 2e 00 00 40 11 31 13 c0 00 02 0a c6 33',
      '64 35 cf db 00 35 00 25 59 87 1a 2b 01 00 00 01',
      '00 00 00 00 00 00 07 65 78 61 6d 70 6c 65 03 63',
      '6f 6d 00 00 01 00 01',
    ]),
  },
  {
    id: 'http-get',
    title: 'HTTP GET request',
    description:
      'A curl-style "GET /" for example.com, carried as plain text in one TCP segment with the PSH and ACK flags.',
    start: 'ethernet',
    bytes: hex([
      '02 00 00 00 00 01 02 00 00 00 00 0a 08 00 45 00',
      '00 7e 1c 47 40 00 40 06 1f d8 c0 00 02 0a cb 00',
      '71 50 c9 3a 00 50 5e 2e 1f 01 b8 46 5f 81 80 18',
      '01 f6 e4 58 00 00 01 01 08 0a 88 7f e6 d3 3e 64',
      'f5 d0 47 45 54 20 2f 20 48 54 54 50 2f 31 2e 31',
      '0d 0a 48 6f 73 74 3a 20 65 78 61 6d 70 6c 65 2e',
      '63 6f 6d 0d 0a 55 73 65 72 2d 41 67 65 6e 74 3a',
      '20 63 75 72 6c 2f 38 2e 35 2e 30 0d 0a 41 63 63',
      '65 70 74 3a 20 2a 2f 2a 0d 0a 0d 0a',
    ]),
  },
  {
    id: 'websocket-emit',
    title: 'Socket.IO emit in a masked WebSocket frame',
    description:
      'socket.emit("chat", "hi") from a browser: the text 42["chat","hi"] in a client-to-server WebSocket frame, masked with key 37 fa 21 3d.',
    start: 'ethernet',
    bytes: hex([
      '02 00 00 00 00 01 02 00 00 00 00 0a 08 00 45 00',
      '00 49 8a 13 40 00 40 06 b2 40 c0 00 02 0a cb 00',
      '71 50 c9 40 0b b8 a2 12 88 01 34 b8 95 01 80 18',
      '01 f6 f5 cf 00 00 01 01 08 0a 88 80 00 1b 3e 65',
      '0f 2a 81 8f 37 fa 21 3d 03 c8 7a 1f 54 92 40 49',
      '15 d6 03 55 5e d8 7c',
    ]),
  },
  {
    id: 'ipv4-fragment',
    title: 'IPv4 first fragment',
    description:
      'The first 48 data bytes of an 84-byte UDP datagram crossing a link with the 68-byte minimum IPv4 MTU (RFC 791): More Fragments is set and only this fragment holds the UDP header.',
    start: 'ethernet',
    bytes: hex([
      '02 00 00 00 00 01 02 00 00 00 00 0a 08 00 45 00',
      '00 44 4d 3c 20 00 40 11 0f 12 c0 00 02 0a cb 00',
      '71 50 9c 40 27 0f 00 54 b9 1c 54 68 69 73 20 64',
      '61 74 61 67 72 61 6d 20 69 73 20 6c 6f 6e 67 65',
      '72 20 74 68 61 6e 20 74 68 65 20 6c 69 6e 6b 20',
      '4d 54',
    ]),
    reassembledTransport: hex([
      '9c 40 27 0f 00 54 b9 1c 54 68 69 73 20 64 61 74',
      '61 67 72 61 6d 20 69 73 20 6c 6f 6e 67 65 72 20',
      '74 68 61 6e 20 74 68 65 20 6c 69 6e 6b 20 4d 54',
      '55 2c 20 73 6f 20 49 50 76 34 20 73 70 6c 69 74',
      '73 20 69 74 20 69 6e 74 6f 20 66 72 61 67 6d 65',
      '6e 74 73 2e',
    ]),
  },
];
