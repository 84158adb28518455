// A simplified but honest TCP over the lossy link, one message per segment.
//
// Numbering: sequence numbers count SEGMENTS, not bytes. The client's SYN is
// seq 0, message k is seq k, its FIN is seq n+1 (SYN and FIN consume a number,
// as in real TCP). The server sends no data: its SYN-ACK is seq 0 and its FIN
// seq 1, so the client's handshake ACK says ack=1 and its final ACK ack=2.
// Data ACKs are cumulative: ack=k means "got everything below k, expecting k".

import { createRng } from './rng.ts';
import { createLink } from './link.ts';
import type { PacketFields } from './link.ts';
import { createQueue } from './queue.ts';
import { countRun } from './counters.ts';
import { effectiveRtoMs } from './settings.ts';
import type { SimSettings } from './settings.ts';
import type { AppDelivery, Endpoint, RunResult, TimelineEvent } from './events.ts';
import { DEFAULT_MAX_EVENTS, DEFAULT_MAX_TIME_MS } from './options.ts';
import type { RunOptions } from './options.ts';

/** RFC 6298 lets implementations cap the backed-off RTO at 60 s. */
export const RTO_MAX_MS = 60_000;
/** Duplicate ACKs that trigger fast retransmit (RFC 5681). */
export const DUPACK_THRESHOLD = 3;

type Job = { type: 'arrive'; ev: TimelineEvent } | { type: 'timer'; who: Endpoint; token: number };

type ClientPhase = 'syn-sent' | 'established' | 'fin-wait' | 'time-wait';
type ServerPhase = 'listen' | 'syn-rcvd' | 'established' | 'last-ack' | 'closed';

/** One retransmission timer per endpoint; a token invalidates stale firings. */
type Timer = { rto: number; token: number; armed: boolean };

export function simulateTcp(s: SimSettings, opts: RunOptions = {}): RunResult {
  const maxTime = opts.maxTimeMs ?? DEFAULT_MAX_TIME_MS;
  const maxEvents = opts.maxEvents ?? DEFAULT_MAX_EVENTS;
  const n = s.messages;
  const finSeq = n + 1;
  const rto0 = effectiveRtoMs(s);
  const link = createLink(createRng(s.seed), s);
  const queue = createQueue<Job>();
  const app: AppDelivery[] = [];

  // Client = sender: a sliding window over seqs [base, next).
  const client = { phase: 'syn-sent' as ClientPhase, base: 1, next: 1, dupAcks: 0, fastFor: 0 };
  // Server = receiver: delivers in order, buffers segments that arrive early.
  const server = {
    phase: 'listen' as ServerPhase,
    rcvNext: 1,
    // The SYN-ACK already told the client "expecting 1", so a later ack=1 is a duplicate.
    lastAck: 1,
    buffered: new Map<number, number>(), // seq -> first arrival time
    closedAt: null as number | null,
  };
  const timers: Record<Endpoint, Timer> = {
    client: { rto: rto0, token: 0, armed: false },
    server: { rto: rto0, token: 0, armed: false },
  };

  const send = (from: Endpoint, t: number, fields: PacketFields): TimelineEvent => {
    const ev = link.send(from, t, fields);
    if (ev.arriveT !== null) queue.push(ev.arriveT, { type: 'arrive', ev });
    return ev;
  };
  const arm = (who: Endpoint, t: number): void => {
    const timer = timers[who];
    timer.token++;
    timer.armed = true;
    queue.push(t + timer.rto, { type: 'timer', who, token: timer.token });
  };
  const disarm = (who: Endpoint): void => {
    timers[who].token++;
    timers[who].armed = false;
  };

  // ---- client (sender) ----
  const fillWindow = (t: number): void => {
    while (client.next < client.base + s.window && client.next <= n) {
      const seq = client.next++;
      const ev = send('client', t, { kind: 'data', seq, msg: seq });
      if (!timers.client.armed) arm('client', ev.t);
    }
  };
  const sendFin = (t: number): void => {
    client.phase = 'fin-wait';
    const ev = send('client', t, { kind: 'fin', seq: finSeq });
    arm('client', ev.t);
  };
  const clientTimeout = (t: number): void => {
    const timer = timers.client;
    timer.rto = Math.min(timer.rto * 2, RTO_MAX_MS); // exponential backoff
    let ev: TimelineEvent | null = null;
    const note = 'timeout (RTO)';
    if (client.phase === 'syn-sent') {
      ev = send('client', t, { kind: 'syn', seq: 0, retransmit: true, note });
    } else if (client.phase === 'established' && client.base < client.next) {
      client.dupAcks = 0;
      ev = send('client', t, { kind: 'data', seq: client.base, msg: client.base, retransmit: true, note });
    } else if (client.phase === 'fin-wait') {
      ev = send('client', t, { kind: 'fin', seq: finSeq, retransmit: true, note });
    }
    if (ev) arm('client', ev.t);
  };
  const clientReceive = (ev: TimelineEvent, t: number): void => {
    if (ev.kind === 'synack') {
      if (client.phase === 'syn-sent') {
        client.phase = 'established';
        disarm('client');
        timers.client.rto = rto0;
        send('client', t, { kind: 'ack', ack: 1 });
        fillWindow(t);
      } else {
        // Our handshake ACK was lost or is late: the server asked again.
        send('client', t, { kind: 'ack', ack: 1, retransmit: true, note: 'SYN-ACK seen again' });
      }
      return;
    }
    if (ev.kind === 'finack') {
      if (client.phase === 'fin-wait') {
        client.phase = 'time-wait';
        disarm('client');
        send('client', t, { kind: 'ack', ack: 2 });
      } else if (client.phase === 'time-wait') {
        // TIME_WAIT exists for this: re-ACK a FIN whose ACK was lost.
        send('client', t, { kind: 'ack', ack: 2, retransmit: true, note: 'FIN-ACK seen again' });
      }
      return;
    }
    if ((ev.kind !== 'ack' && ev.kind !== 'dupack') || client.phase !== 'established') return;
    const ack = ev.ack as number;
    if (ack > client.base) {
      client.base = ack;
      client.dupAcks = 0;
      timers.client.rto = rto0; // fresh progress: forget the backoff
      if (client.base > n) {
        disarm('client');
        sendFin(t);
        return;
      }
      if (client.base < client.next) arm('client', t);
      else disarm('client');
      fillWindow(t);
    } else if (ack === client.base && client.base < client.next) {
      client.dupAcks++;
      if (client.dupAcks === DUPACK_THRESHOLD && client.fastFor !== client.base) {
        client.fastFor = client.base; // once per hole, not on every later dup
        const re = send('client', t, {
          kind: 'data',
          seq: client.base,
          msg: client.base,
          retransmit: true,
          note: `fast retransmit after ${DUPACK_THRESHOLD} duplicate ACKs`,
        });
        arm('client', re.t);
      }
    }
    // ack < base: an old ACK overtaken by a newer one; nothing to learn.
  };

  // ---- server (receiver) ----
  const deliver = (msg: number, t: number, arrivedAt: number): void => {
    const d: AppDelivery = { msg, t, inOrder: true };
    if (t > arrivedAt) d.waitedMs = t - arrivedAt;
    app.push(d);
  };
  const serverReceive = (ev: TimelineEvent, t: number): void => {
    if (ev.kind === 'syn') {
      if (server.phase === 'listen') {
        server.phase = 'syn-rcvd';
        send('server', t, { kind: 'synack', seq: 0, ack: 1 });
      } else if (server.phase === 'syn-rcvd') {
        // The client never got our SYN-ACK (or it is slow): answer again.
        send('server', t, { kind: 'synack', seq: 0, ack: 1, retransmit: true, note: 'SYN seen again' });
      }
      return;
    }
    if (ev.kind === 'ack') {
      if (server.phase === 'syn-rcvd') server.phase = 'established';
      else if (server.phase === 'last-ack' && ev.ack === 2) {
        server.phase = 'closed';
        server.closedAt = t;
        disarm('server');
      }
      return;
    }
    if (ev.kind === 'data') {
      // A data segment also proves the handshake ACK was sent (it may be lost).
      if (server.phase === 'syn-rcvd') server.phase = 'established';
      const seq = ev.seq as number;
      if (seq === server.rcvNext) {
        deliver(seq, t, t);
        server.rcvNext++;
        // The hole is filled: release everything queued behind it.
        while (server.buffered.has(server.rcvNext)) {
          deliver(server.rcvNext, t, server.buffered.get(server.rcvNext) as number);
          server.buffered.delete(server.rcvNext);
          server.rcvNext++;
        }
      } else if (seq > server.rcvNext && !server.buffered.has(seq)) {
        server.buffered.set(seq, t); // head-of-line blocked until the gap fills
      }
      // One ACK per segment (no delayed ACKs), always cumulative.
      const ack = server.rcvNext;
      const dup = ack === server.lastAck;
      server.lastAck = ack;
      send('server', t, {
        kind: dup ? 'dupack' : 'ack',
        ack,
        note: dup
          ? seq > ack
            ? `out of order: got ${seq}, still expecting ${ack}`
            : `duplicate of ${seq}`
          : undefined,
      });
      return;
    }
    if (ev.kind === 'fin') {
      // The client only sends FIN once all data is ACKed, so nothing is missing.
      if (server.phase === 'established' || server.phase === 'syn-rcvd') {
        server.phase = 'last-ack';
        const re = send('server', t, { kind: 'finack', seq: 1, ack: finSeq + 1 });
        arm('server', re.t);
      } else if (server.phase === 'last-ack') {
        send('server', t, { kind: 'finack', seq: 1, ack: finSeq + 1, retransmit: true, note: 'FIN seen again' });
      }
    }
  };
  const serverTimeout = (t: number): void => {
    if (server.phase !== 'last-ack') return;
    const timer = timers.server;
    timer.rto = Math.min(timer.rto * 2, RTO_MAX_MS);
    const re = send('server', t, { kind: 'finack', seq: 1, ack: finSeq + 1, retransmit: true, note: 'timeout (RTO)' });
    arm('server', re.t);
  };

  // ---- event loop ----
  const syn = send('client', 0, { kind: 'syn', seq: 0 });
  arm('client', syn.t);
  let processed = 0;
  for (let job = queue.pop(); job; job = queue.pop()) {
    if (job.t > maxTime || ++processed > maxEvents) break;
    const { t, item } = job;
    if (item.type === 'timer') {
      const timer = timers[item.who];
      if (item.token !== timer.token || !timer.armed) continue; // cancelled
      timer.armed = false;
      if (item.who === 'client') clientTimeout(t);
      else serverTimeout(t);
    } else if (item.ev.from === 'client') {
      serverReceive(item.ev, t);
    } else {
      clientReceive(item.ev, t);
    }
  }

  const completed = server.phase === 'closed' && app.length === n;
  // Packets the cap cut off are still on the timeline: they were sent.
  const timeline = [...link.timeline].sort((a, b) => a.t - b.t || a.id - b.id);
  return {
    timeline,
    app,
    counters: countRun(timeline, app, completed ? server.closedAt : null),
    completed,
  };
}
