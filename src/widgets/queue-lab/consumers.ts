// This page's consumers: each a real socket that receives deliveries as emits, works on one message at a time
// (the rest wait in its prefetch buffer), then acks with a real emit, or nacks a poison message. It can crash
// (its socket really disconnects) or freeze (stays connected, stops acking: the visibility timeout's case).
import type { QueueDelivery } from '../../contract/index.ts';
import { request, type VirtualClient } from '../../lib/socket/virtual-clients.ts';
import { messageLabel, pauseJob, resumeJob, startJob, type JobClock } from './job-clock.ts';

export type ConsumerStatus = 'connecting' | 'up' | 'frozen' | 'crashed';

export interface Consumer {
  name: string;
  client: VirtualClient;
  status: ConsumerStatus;
  /** Received, not started yet (its prefetch buffer). */
  buffer: QueueDelivery[];
  current?: QueueDelivery;
  /** The current job's clock: a freeze pauses it, a thaw runs what was left. */
  job?: JobClock;
  /** Messages it really finished: acked (or auto-acked) successes, never a failed poison attempt. */
  processed: number;
  /** Socket id it subscribed with; a reconnect is a new socket and must subscribe again. */
  subscribedAs?: string;
  timer?: ReturnType<typeof setTimeout>;
}

export interface ConsumerHooks {
  processingMs(): number;
  ackMode(): boolean;
  log(text: string, tone?: 'info' | 'ok' | 'bad', data?: Record<string, string>): void;
  changed(): void;
  /** A crash with auto-ack lost messages (at-most-once). */
  lost(consumer: Consumer, texts: string[]): void;
}

const q = (d: QueueDelivery) => `“${d.text}”`;

export function createConsumers(clients: VirtualClient[], hooks: ConsumerHooks) {
  const consumers: Consumer[] = clients.map((client) => ({
    name: client.name,
    client,
    status: 'connecting',
    buffer: [],
    processed: 0,
  }));

  const held = (c: Consumer) => [...(c.current ? [c.current] : []), ...c.buffer];

  function pump(c: Consumer) {
    if (c.current || c.status !== 'up' || c.buffer.length === 0) return;
    const d = c.buffer.shift()!;
    c.current = d;
    c.job = startJob(hooks.processingMs(), performance.now());
    hooks.changed();
    c.timer = setTimeout(() => void finish(c, d), c.job.remainingMs);
  }

  async function finish(c: Consumer, d: QueueDelivery) {
    c.timer = undefined;
    if (c.status === 'frozen' || c.current !== d) return;
    const name = c.name;
    let succeeded = false;
    if (d.poison) {
      if (hooks.ackMode()) {
        const res = await request(c.client.socket, 'queue:nack', { tag: d.tag, version: d.version });
        hooks.log(
          res.ok
            ? `${name} failed on ${q(d)} and nacked it.`
            : `${name} failed on ${q(d)}; its nack was refused: ${res.error}`,
          'bad',
          { consumer: name, kind: 'nack' },
        );
      } else {
        hooks.log(
          `${name} failed on ${q(d)}, but with auto-ack there is no one to tell: nobody will retry it.`,
          'bad',
          { consumer: name, kind: 'fail' },
        );
      }
    } else if (hooks.ackMode()) {
      const res = await request(c.client.socket, 'queue:ack', { tag: d.tag, version: d.version });
      succeeded = res.ok;
      // The server's refusal names the socket and delivery tag; a learner knows the consumer and the message.
      if (!res.ok) {
        hooks.log(
          `${name} finished ${q(d)} too late (${messageLabel(d.messageId)}): the broker had already taken it ` +
            'back, so it refused the ack. Someone else may process it too.',
          'bad',
          { consumer: name, kind: 'late-ack' },
        );
      }
    } else {
      succeeded = true;
      hooks.log(`${name} finished ${q(d)} (auto-ack: nothing to send back).`, 'ok', { consumer: name, kind: 'done' });
    }
    if (c.current === d) {
      c.current = undefined;
      c.job = undefined;
    }
    if (succeeded) c.processed++;
    hooks.changed();
    pump(c);
  }

  function reset(c: Consumer, status: ConsumerStatus) {
    if (c.timer) clearTimeout(c.timer);
    c.timer = undefined;
    c.current = undefined;
    c.job = undefined;
    c.buffer = [];
    c.subscribedAs = undefined;
    c.status = status;
  }

  for (const c of consumers) {
    c.client.socket.on('queue:deliver', (d) => {
      c.buffer.push(d);
      pump(c);
      hooks.changed();
    });
    // An unplanned disconnect: the server drops this consumer; what it held is the broker's business now.
    c.client.socket.on('disconnect', () => {
      if (c.status !== 'crashed') reset(c, 'connecting');
      hooks.changed();
    });
  }

  return {
    consumers,
    held,
    /** Subscribes every consumer that is connected, in the lab, and not yet a consumer on this socket. */
    async subscribeReady(onError: (message: string) => void) {
      for (const c of consumers) {
        const { socket } = c.client;
        if (c.status === 'crashed' || !socket.connected || !c.client.lab || c.subscribedAs === socket.id) continue;
        c.subscribedAs = socket.id;
        const res = await request(socket, 'queue:subscribe', {});
        if (!res.ok) {
          c.subscribedAs = undefined;
          onError(`${c.name} could not subscribe: ${res.error}`);
          continue;
        }
        if (c.status === 'connecting') c.status = 'up';
        hooks.changed();
      }
    },
    crash(c: Consumer) {
      if (c.status === 'crashed') return;
      const lostTexts = held(c).map((d) => d.text);
      const ack = hooks.ackMode();
      reset(c, 'crashed');
      c.client.socket.disconnect(); // the real thing: the server sees this socket leave
      hooks.log(
        lostTexts.length === 0
          ? `${c.name} crashed holding nothing. Its connection closed.`
          : `${c.name} crashed holding ${lostTexts.map((t) => `“${t}”`).join(', ')}. Its connection closed.` +
              (ack ? '' : ' With auto-ack the broker already counted those as done: they are lost (at-most-once).'),
        'bad',
        { consumer: c.name, kind: 'crash' },
      );
      if (!ack && lostTexts.length > 0) hooks.lost(c, lostTexts);
      hooks.changed();
    },
    restart(c: Consumer) {
      if (c.status !== 'crashed') return;
      c.status = 'connecting';
      c.client.socket.connect(); // a new socket: it joins the lab again, then subscribes again
      hooks.log(`${c.name} restarts: a new connection, a new consumer.`, 'info', { consumer: c.name, kind: 'restart' });
      hooks.changed();
    },
    toggleFreeze(c: Consumer) {
      if (c.status === 'up') {
        c.status = 'frozen';
        if (c.timer) clearTimeout(c.timer);
        c.timer = undefined;
        if (c.job) c.job = pauseJob(c.job, performance.now());
        hooks.log(`${c.name} froze: still connected, but it stops working and stops acking.`, 'bad', {
          consumer: c.name,
          kind: 'freeze',
        });
      } else if (c.status === 'frozen') {
        c.status = 'up';
        const d = c.current;
        const left = d && c.job ? ` (${q(d)}: ${(c.job.remainingMs / 1000).toFixed(1)} s of work left)` : '';
        hooks.log(`${c.name} woke up and carries on where it stopped${left}.`, 'info', {
          consumer: c.name,
          kind: 'thaw',
        });
        if (d && c.job) {
          c.job = resumeJob(c.job, performance.now());
          c.timer = setTimeout(() => void finish(c, d), c.job.remainingMs);
        } else pump(c);
      }
      hooks.changed();
    },
    /** The queue was rebuilt (settings changed): whatever a consumer held belongs to the old queue. */
    dropAll() {
      for (const c of consumers) {
        if (c.timer) clearTimeout(c.timer);
        c.timer = undefined;
        c.current = undefined;
        c.job = undefined;
        c.buffer = [];
      }
      hooks.changed();
    },
    close() {
      for (const c of consumers) if (c.timer) clearTimeout(c.timer);
    },
  };
}

export type Consumers = ReturnType<typeof createConsumers>;
