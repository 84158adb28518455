import { test } from 'node:test';
import assert from 'node:assert/strict';
import { encodeEthernet } from '../../src/lib/net/ethernet.ts';
import { encodeIpv4 } from '../../src/lib/net/ipv4.ts';
import { encodeTcp, tcpHeaderFields } from '../../src/lib/net/tcp.ts';
import { encodeUdp } from '../../src/lib/net/udp.ts';
import { encodeDnsQuery } from '../../src/lib/net/dns.ts';
import { encodeWsFrame } from '../../src/lib/net/websocket-frame.ts';
import { encodeTcpOptions } from '../../src/lib/net/tcp-options.ts';
import { SAMPLES } from '../../src/lib/net/samples.ts';
import { uncoveredBits, overlappingFields, hexBytes, byteField } from '../../src/lib/net/fields.ts';
import type { Encoded } from '../../src/lib/net/fields.ts';

const C = '192.0.2.10';
const S = '203.0.113.80';
const mac = { dst: '02:00:00:00:00:01', src: '02:00:00:00:00:0a' };
const sample = (id: string) => SAMPLES.find((s) => s.id === id)?.bytes;

function covered(e: Encoded): void {
  assert.deepEqual(uncoveredBits(e.bytes.length, e.fields), []);
  assert.deepEqual(overlappingFields(e.fields), []);
}

test('encoders rebuild the TCP SYN sample byte for byte', () => {
  const tcp = encodeTcp({
    src: C,
    dst: S,
    srcPort: 51514,
    dstPort: 80,
    seq: 1580080896,
    ack: 0,
    flags: { syn: true },
    window: 64240,
    options: [
      { kind: 'mss', mss: 1460 },
      { kind: 'sackPermitted' },
      { kind: 'timestamps', tsval: 2290083512, tsecr: 0 },
      { kind: 'nop' },
      { kind: 'windowScale', shift: 7 },
    ],
  });
  assert.equal(tcp.headerLength, 40);
  const ip = encodeIpv4({
    src: C,
    dst: S,
    protocol: 6,
    identification: 0x1c46,
    payload: tcp.bytes,
    payloadFields: tcp.fields,
  });
  const eth = encodeEthernet({ ...mac, payload: ip.bytes, payloadFields: ip.fields });
  assert.deepEqual(eth.bytes, sample('tcp-syn'));
  covered(tcp);
  covered(ip);
  covered(eth);
});

test('encoders rebuild the DNS query sample byte for byte', () => {
  const dns = encodeDnsQuery({ id: 0x1a2b, name: 'example.com' });
  assert.equal(
    hexBytes(dns.bytes),
    '1a 2b 01 00 00 01 00 00 00 00 00 00 07 65 78 61 6d 70 6c 65 03 63 6f 6d 00 00 01 00 01',
  );
  const udp = encodeUdp({
    src: C,
    dst: '198.51.100.53',
    srcPort: 53211,
    dstPort: 53,
    payload: dns.bytes,
    payloadFields: dns.fields,
  });
  const ip = encodeIpv4({
    src: C,
    dst: '198.51.100.53',
    protocol: 17,
    identification: 0x5d2e,
    dontFragment: false,
    payload: udp.bytes,
    payloadFields: udp.fields,
  });
  const eth = encodeEthernet({ ...mac, payload: ip.bytes, payloadFields: ip.fields });
  assert.deepEqual(eth.bytes, sample('dns-query'));
  covered(eth);
});

test('encoders rebuild the WebSocket sample byte for byte', () => {
  const ws = encodeWsFrame({
    opcode: 1,
    payload: '42["chat","hi"]',
    maskKey: new Uint8Array([0x37, 0xfa, 0x21, 0x3d]),
  });
  const tcp = encodeTcp({
    src: C,
    dst: S,
    srcPort: 51520,
    dstPort: 3000,
    seq: 2719123457,
    ack: 884512001,
    flags: { ack: true, psh: true },
    window: 502,
    options: [{ kind: 'nop' }, { kind: 'nop' }, { kind: 'timestamps', tsval: 2290090011, tsecr: 1046810410 }],
    payload: ws.bytes,
    payloadFields: ws.fields,
  });
  const ip = encodeIpv4({
    src: C,
    dst: S,
    protocol: 6,
    identification: 0x8a13,
    payload: tcp.bytes,
    payloadFields: tcp.fields,
  });
  const eth = encodeEthernet({ ...mac, payload: ip.bytes, payloadFields: ip.fields });
  assert.deepEqual(eth.bytes, sample('websocket-emit'));
  covered(eth);
});

test('IPv4 flags and fragment offset land in the right bits (RFC 791 §3.1)', () => {
  const ip = encodeIpv4({
    src: C,
    dst: S,
    protocol: 17,
    identification: 0x4d3c,
    dontFragment: false,
    moreFragments: true,
    fragmentOffset: 185,
    payload: new Uint8Array(8),
  });
  assert.equal(hexBytes(ip.bytes.subarray(6, 8)), '20 b9');
  const df = encodeIpv4({ src: C, dst: S, protocol: 6, payload: new Uint8Array(0) });
  assert.equal(hexBytes(df.bytes.subarray(0, 10)), '45 00 00 14 00 00 40 00 40 06');
  assert.throws(
    () => encodeIpv4({ src: '1.2.3', dst: S, protocol: 6, payload: new Uint8Array(0) }),
    /not an IPv4 address/,
  );
});

test('TCP options are padded to 32 bits with end-of-list bytes', () => {
  assert.equal(
    hexBytes(
      encodeTcpOptions([
        { kind: 'mss', mss: 1460 },
        { kind: 'windowScale', shift: 7 },
      ]),
    ),
    '02 04 05 b4 03 03 07 00',
  );
  assert.equal(hexBytes(encodeTcpOptions([{ kind: 'sackPermitted' }])), '04 02 00 00');
  const tcp = encodeTcp({
    src: C,
    dst: S,
    srcPort: 1,
    dstPort: 2,
    seq: 0,
    ack: 0,
    flags: { syn: true },
    window: 1,
    options: [{ kind: 'windowScale', shift: 7 }],
  });
  assert.equal(tcp.bytes[12] >> 4, 6);
  covered(tcp);
});

test('Ethernet pads short frames to 60 bytes and annotates the padding', () => {
  const e = encodeEthernet({
    ...mac,
    payload: new Uint8Array(20),
    payloadFields: [byteField('payload', 'data', 0, 20, '', '')],
  });
  assert.equal(e.bytes.length, 60);
  assert.equal(e.fields.at(-1)?.name, 'Padding');
  covered(e);
});

test('the urgent pointer description follows the URG flag and the pointer, not a fixed "zero here"', () => {
  const segment = (flags: number, pointer: number) => {
    const s = new Uint8Array(20);
    s[12] = 5 << 4;
    s[13] = flags;
    s[18] = pointer >> 8;
    s[19] = pointer & 0xff;
    const urgent = tcpHeaderFields(s, { unverifiable: 'test' }).fields.find((f) => f.name === 'Urgent pointer');
    return urgent!.description;
  };
  assert.match(segment(0x10, 0), /zero here/);
  assert.match(segment(0x20 | 0x10, 3), /URG is set/);
  assert.doesNotMatch(segment(0x20 | 0x10, 3), /zero here/);
  assert.match(segment(0x10, 3), /ignores this 3/);
});
