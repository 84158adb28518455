// engine.io-client transports that report every body and frame they carry, raw, before decoding.
// Why not the socket's 'packet'/'packetCreate' events: engine.io-client's probe (2probe/3probe) and the
// upgrade packet go straight through the probe transport (Socket#_probe calls transport.send and
// transport.once('packet')), so the socket never emits them. At the transport, nothing is missed.
// Verified against node_modules/engine.io-client/build/esm/{socket.js,transports/polling.js,transports/websocket.js}.
import type { XHR, WebSocket } from 'socket.io-client';
import type { Carrier, Direction } from './model.ts';

export interface Captured {
  dir: Direction;
  carrier: Carrier;
  transportId: number;
  raw: string | ArrayBuffer | Uint8Array;
}

type Ctor<T> = new (...args: never[]) => T;

/** Subclasses of the library's own XHR polling and WebSocket transports; pass them as `transports`. */
export function recordingTransports(Polling: typeof XHR, Ws: typeof WebSocket, record: (c: Captured) => void) {
  let ids = 0;
  class RecordingPolling extends Polling {
    readonly recId = ++ids;
    // POST: the client's packets, joined with the record separator.
    override doWrite(data: string, fn: () => void): void {
      record({ dir: 'out', carrier: 'polling-post', transportId: this.recId, raw: data });
      super.doWrite(data, fn);
    }
    // A GET response body: the server's packets.
    override onData(data: string): void {
      record({ dir: 'in', carrier: 'polling-get', transportId: this.recId, raw: data });
      super.onData(data);
    }
  }
  class RecordingWebSocket extends Ws {
    readonly recId = ++ids;
    override doWrite(packet: Parameters<WebSocket['doWrite']>[0], data: Parameters<WebSocket['doWrite']>[1]): void {
      record({ dir: 'out', carrier: 'websocket', transportId: this.recId, raw: data as string | ArrayBuffer });
      super.doWrite(packet, data);
    }
    override onData(data: string | ArrayBuffer): void {
      record({ dir: 'in', carrier: 'websocket', transportId: this.recId, raw: data });
      super.onData(data);
    }
  }
  return { Polling: RecordingPolling as Ctor<XHR>, WebSocket: RecordingWebSocket as Ctor<WebSocket> };
}
