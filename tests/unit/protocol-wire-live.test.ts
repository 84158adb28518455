// GOLD STANDARD for the decoders: real frames from a real socket.io 4.8 Server (port 0),
// read raw over HTTP long-polling (fetch) and over a raw WebSocket (Node 22 global WebSocket),
// then decoded with our pure functions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { decodeEnginePacket, splitPollingPayload } from '../../src/lib/protocol/engineio.ts';
import { layered } from '../../src/lib/protocol/socketio.ts';

async function startServer(): Promise<{ io: Server; url: string }> {
  const http = createServer();
  const io = new Server(http, { pingInterval: 150, pingTimeout: 2000 });
  io.on('connection', (socket) => {
    socket.emit('bin', Buffer.from([1, 2, 3]));
    socket.on('ask', (_q: unknown, ack: (a: string) => void) => ack('answer'));
  });
  io.of('/admin').use((_s, next) => next(new Error('Not authorized')));
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  return { io, url: `127.0.0.1:${(http.address() as AddressInfo).port}` };
}

test('live long-polling bodies decode, including \\x1e batches and b+base64 binary', async () => {
  const { io, url } = await startServer();
  try {
    const base = `http://${url}/socket.io/?EIO=4&transport=polling`;
    const first = splitPollingPayload(await (await fetch(base)).text());
    assert.equal(first.length, 1);
    const open = first[0];
    assert.equal(open.type, 'open');
    if (open.type !== 'open' || !open.open) return;
    assert.deepEqual(open.open.upgrades, ['websocket']);
    assert.equal(open.open.pingInterval, 150);
    assert.equal(open.open.pingTimeout, 2000);
    assert.equal(open.open.maxPayload, 1e6);
    const sid = open.open.sid;
    assert.equal(await (await fetch(`${base}&sid=${sid}`, { method: 'POST', body: '40' })).text(), 'ok');
    // The server answers CONNECT and emits "bin" at once; collect until the attachment arrives.
    const seen: string[] = [];
    while (!seen.some((s) => s.startsWith('b'))) {
      const body = await (await fetch(`${base}&sid=${sid}`)).text();
      seen.push(...body.split('\x1e'));
      for (const p of splitPollingPayload(body)) assert.notEqual(p.type, 'invalid', body);
    }
    const decoded = seen.map((s) => layered(s));
    // An Engine.IO ping (every 150 ms here) may come first on a busy machine: CONNECT is the first Socket.IO packet.
    assert.equal(decoded.find((d) => d.socket)?.socket?.type, 'CONNECT');
    const ev = decoded.find((d) => d.socket?.type === 'BINARY_EVENT');
    assert.ok(ev?.socket && ev.socket.type === 'BINARY_EVENT');
    assert.equal(ev.socket.event, 'bin');
    assert.equal(ev.socket.attachments, 1);
    const bin = decodeEnginePacket(seen.find((s) => s.startsWith('b'))!);
    assert.ok(bin.type === 'message' && bin.binary);
    assert.deepEqual([...(bin.data as Uint8Array)], [1, 2, 3]);
  } finally {
    await new Promise<void>((r) => io.close(() => r()));
  }
});

test('live raw WebSocket frames decode in both layers', async () => {
  const { io, url } = await startServer();
  const ws = new WebSocket(`ws://${url}/socket.io/?EIO=4&transport=websocket`);
  ws.binaryType = 'arraybuffer';
  const frames: (string | Uint8Array)[] = [];
  let wake: () => void = () => {};
  ws.addEventListener('message', (e: MessageEvent) => {
    frames.push(typeof e.data === 'string' ? e.data : new Uint8Array(e.data as ArrayBuffer));
    wake();
  });
  const waitFor = async (pred: (f: string | Uint8Array) => boolean): Promise<string | Uint8Array> => {
    for (;;) {
      const f = frames.find(pred);
      if (f !== undefined) return f;
      await new Promise<void>((r) => (wake = r));
    }
  };
  const text = (prefix: string) => (f: string | Uint8Array) => typeof f === 'string' && f.startsWith(prefix);
  try {
    const open = decodeEnginePacket(await waitFor(text('0')));
    assert.ok(open.type === 'open' && open.open);
    assert.deepEqual(open.open.upgrades, [], 'already on WebSocket: nothing to upgrade to');

    ws.send('40');
    const conn = layered(await waitFor(text('40')));
    assert.equal(conn.socket?.type, 'CONNECT');
    assert.match(conn.summary, /accepts the client into the namespace and names its socket/);

    const ev = layered(await waitFor(text('451-')));
    assert.ok(ev.socket?.type === 'BINARY_EVENT' && ev.socket.event === 'bin');
    const att = layered(await waitFor((f) => f instanceof Uint8Array));
    assert.deepEqual([...(att.raw as Uint8Array)], [1, 2, 3]);
    assert.match(att.summary, /binary attachment of 3 bytes/);

    ws.send('421["ask","q"]');
    const ack = layered(await waitFor(text('431')));
    assert.deepEqual(ack.socket, { type: 'ACK', typeCode: 3, nsp: '/', id: 1, data: ['answer'], args: ['answer'] });

    ws.send('40/admin,');
    const refused = layered(await waitFor(text('44/admin,')));
    assert.ok(refused.socket?.type === 'CONNECT_ERROR');
    assert.match(refused.summary, /refuses .*Not authorized/);

    const ping = decodeEnginePacket(await waitFor((f) => f === '2'));
    assert.deepEqual(ping, { type: 'ping', typeCode: 2 });
    ws.send('3');
  } finally {
    ws.close();
    await new Promise<void>((r) => io.close(() => r()));
  }
});
