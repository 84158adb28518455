// Mounts the ack lab: a plain client (socket.timeout(ms).emitWithAck) and, when asked, a client created with
// { retries, ackTimeout }. Every EVENT and ACK packet is read off the wire (engine 'packetCreate' / 'packet'),
// so late ACKs the library drops are still seen; ack:handled reports each run of the server's handler.
import type { AckHandled, AckJobResult, AckResult } from '../../contract/index.ts';
import { decodeSocketPacket } from '../../lib/protocol/socketio.ts';
import { frame, announceGoal } from '../../lib/widget/widget-frame.ts';
import { showConnectionStatus } from '../../lib/widget/connection-status.ts';
import { labFromUrl } from '../../lib/socket/lab-link.ts';
import {
  openLabSession,
  type ClientSocket,
  type LabSession,
  type VirtualClient,
} from '../../lib/socket/virtual-clients.ts';
import { setupLink } from '../../lib/widget/setup-link.ts';
import {
  ackArrived,
  attemptSent,
  describeJob,
  emptyLab,
  handlerRan,
  jobSettled,
  jobStarted,
  type AckLabState,
  type AckMode,
} from './model.ts';
import { createAckView } from './view.ts';

interface Settings {
  delay: number;
  timeout: number;
  mode: AckMode;
  retries: number;
  slow: 'first' | 'all';
}
const DEFAULTS: Settings = { delay: 1500, timeout: 1000, mode: 'timeout', retries: 2, slow: 'all' };
const clamp = (v: unknown, lo: number, hi: number, d: number) => {
  const n = Math.round(Number(v));
  return Number.isFinite(n) ? Math.min(hi, Math.max(lo, n)) : d;
};

export function mount(root: HTMLElement): void {
  const setup = setupLink(root);
  const ui = frame(root);
  const form = root.querySelector<HTMLFormElement>('form[data-ack-form]')!;
  const sendButton = root.querySelector<HTMLButtonElement>('[data-send]')!;
  const view = createAckView(
    root.querySelector<HTMLElement>('[data-chart]')!,
    root.querySelector<HTMLTableSectionElement>('[data-jobs]')!,
  );
  const t0 = performance.now();
  const now = () => performance.now() - t0;

  let state: AckLabState = emptyLab();
  let main: LabSession | undefined;
  let retry: { session: LabSession; key: string; name: string; ready: Promise<VirtualClient | undefined> } | undefined;
  let jobCounter = 0;
  let retryCounter = 0;

  const read = (): Settings => {
    const d = new FormData(form);
    return {
      delay: clamp(d.get('delay'), 0, 10_000, DEFAULTS.delay),
      timeout: clamp(d.get('timeout'), 100, 10_000, DEFAULTS.timeout),
      mode: d.get('mode') === 'retries' ? 'retries' : 'timeout',
      retries: clamp(d.get('retries'), 0, 5, DEFAULTS.retries),
      slow: d.get('slow') === 'on' ? 'first' : 'all',
    };
  };
  /** A value out of range (timeout 50, retries 9) is clamped: the box shows, and the log says, what is used. */
  const LIMITS = { delay: '0–10000 ms', timeout: '100–10000 ms', retries: '0–5' } as const;
  const showUsed = (s: Settings) => {
    for (const name of ['delay', 'timeout', 'retries'] as const) {
      const input = form.querySelector<HTMLInputElement>(`[name="${name}"]`)!;
      if (input.value === String(s[name])) continue;
      input.value = String(s[name]);
      ui.log(
        `${input.labels?.[0]?.textContent?.trim() ?? name}: using ${s[name]} (the lab allows ${LIMITS[name]}).`,
        'info',
        { kind: 'clamped', field: name },
      );
    }
  };
  const saved = setup.saved;
  const initial: Settings = {
    delay: clamp(saved.delay, 0, 10_000, DEFAULTS.delay),
    timeout: clamp(saved.timeout, 100, 10_000, DEFAULTS.timeout),
    mode: saved.mode === 'retries' ? 'retries' : 'timeout',
    retries: clamp(saved.retries, 0, 5, DEFAULTS.retries),
    slow: saved.slow === 'first' ? 'first' : 'all',
  };
  form.querySelector<HTMLInputElement>('[name="delay"]')!.value = String(initial.delay);
  form.querySelector<HTMLInputElement>('[name="timeout"]')!.value = String(initial.timeout);
  form.querySelector<HTMLInputElement>('[name="retries"]')!.value = String(initial.retries);
  form.querySelector<HTMLInputElement>(`[name="mode"][value="${initial.mode}"]`)!.checked = true;
  form.querySelector<HTMLInputElement>('[name="slow"]')!.checked = initial.slow === 'first';

  const render = () => {
    const s = read();
    root.dataset.mode = s.mode;
    form.dataset.mode = s.mode;
    view.render(state, s.timeout);
  };
  const update = (next: AckLabState) => {
    state = next;
    render();
  };

  /** Reads this client's EVENT "ack:job" and ACK packets off its Engine.IO connection, whichever engine is current. */
  function tapWire(name: string, socket: ClientSocket) {
    const watched = new WeakSet<object>();
    const attach = () => {
      const engine = socket.io.engine;
      if (!engine || watched.has(engine)) return;
      watched.add(engine);
      engine.on('packetCreate', (p: { type: string; data?: unknown }) => {
        if (p.type !== 'message' || typeof p.data !== 'string') return;
        const sp = decodeSocketPacket(p.data);
        if (sp.type !== 'EVENT' || sp.event !== 'ack:job' || sp.id === undefined) return;
        const ref = (sp.args?.[0] as { ref?: string } | undefined)?.ref;
        if (ref) update(attemptSent(state, ref, name, sp.id, now()));
      });
      engine.on('packet', (p: { type: string; data?: unknown }) => {
        if (p.type !== 'message' || typeof p.data !== 'string') return;
        const sp = decodeSocketPacket(p.data);
        if (sp.type !== 'ACK' || sp.id === undefined) return;
        const answer = sp.args?.[0] as AckResult<AckJobResult> | undefined;
        const at = now();
        update(ackArrived(state, name, sp.id, answer?.ok ? answer.data.run : undefined, at));
        const job = state.jobs.find((j) => j.attempts.some((a) => a.key === `${name}:${sp.id}`));
        const attempt = job?.attempts.find((a) => a.key === `${name}:${sp.id}`);
        if (job && attempt && (job.outcome !== 'pending' || at - attempt.sentAt >= job.timeoutMs)) {
          ui.log(
            `A late ACK ${sp.id} for job ${job.index} arrived ${Math.round(at - attempt.sentAt)} ms after that attempt was sent. The client had already given up on it, so Socket.IO dropped it; the server did the work anyway.`,
            'bad',
            { kind: 'late', ref: job.ref },
          );
          announceGoal('ack:late');
        }
      });
    };
    attach();
    socket.io.on('open', attach);
  }

  async function start(labId?: string) {
    main?.close();
    retry?.session.close();
    retry = undefined;
    ui.setState('loading', 'Connecting…');
    sendButton.disabled = true;
    main = await openLabSession({
      kind: 'ack-lab',
      widgetId: root.id,
      names: ['You'],
      labId,
      onConnection: (c) => {
        const ok = Boolean(c.lab) && c.connection.status === 'connected';
        sendButton.disabled = !ok;
        showConnectionStatus(ui, [c], ok);
      },
      onLab: () => {
        ui.showLab(main?.labId(), () => void start());
        sendButton.disabled = false;
        ui.setState('connected', `Live: a real client in lab ${main?.labId()}.`);
      },
      onError: (m) => ui.log(m, 'bad'),
    });
    const you = main.clients[0]!;
    tapWire('You', you.socket);
    you.socket.on('ack:handled', (h: AckHandled) => {
      update(handlerRan(state, h.ref, h.run));
      const job = state.jobs.find((j) => j.ref === h.ref);
      if (!job) return;
      ui.log(
        `Server: handler for job ${job.index} started (run ${h.run}); it will answer in ${h.delayMs} ms.`,
        h.run > 1 ? 'bad' : 'info',
        { kind: 'handled', ref: h.ref, run: String(h.run) },
      );
      if (h.run > 1) announceGoal('ack:duplicate');
    });
  }

  /** The client created with { retries, ackTimeout }: rebuilt when those options change (they are fixed per client). */
  async function retryClient(s: Settings): Promise<VirtualClient | undefined> {
    const key = `${s.retries}:${s.timeout}`;
    if (retry && retry.key === key) return retry.ready;
    retry?.session.close();
    const name = `Retrying-${++retryCounter}`;
    let resolveReady: (c: VirtualClient | undefined) => void = () => {};
    const ready = new Promise<VirtualClient | undefined>((r) => {
      resolveReady = r;
      setTimeout(() => r(undefined), 6000);
    });
    const session = await openLabSession({
      kind: 'ack-lab',
      widgetId: root.id,
      names: ['Retrying'],
      labId: main?.labId(),
      socketOptions: { retries: s.retries, ackTimeout: s.timeout },
      onLab: () => resolveReady(session.clients[0]),
      onError: (m) => ui.log(m, 'bad'),
    });
    tapWire(name, session.clients[0]!.socket);
    retry = { session, key, name, ready };
    ui.log(`Made a client with { retries: ${s.retries}, ackTimeout: ${s.timeout} }.`, 'info', { kind: 'retry-client' });
    return ready;
  }

  async function send() {
    const s = read();
    const ref = `j${Date.now().toString(36)}${++jobCounter}`;
    const payload = { ref, delayMs: s.delay, slow: s.mode === 'retries' ? s.slow : 'all' };
    let socket: ClientSocket | undefined = main?.clients[0]?.socket;
    if (s.mode === 'retries') socket = (await retryClient(s))?.socket;
    if (!socket) {
      ui.log('The retrying client could not connect.', 'bad');
      return;
    }
    update(
      jobStarted(state, {
        ref,
        mode: s.mode,
        delayMs: s.delay,
        timeoutMs: s.timeout,
        retries: s.retries,
        slow: payload.slow as 'first' | 'all',
        sentAt: now(),
      }),
    );
    const job = () => state.jobs.find((j) => j.ref === ref)!;
    root.dataset.lastRef = ref;
    ui.log(
      s.mode === 'retries'
        ? `Job ${job().index}: emitWithAck on the { retries: ${s.retries}, ackTimeout: ${s.timeout} } client; the server will wait ${s.delay} ms${payload.slow === 'first' ? ' on its first run' : ''}.`
        : `Job ${job().index}: socket.timeout(${s.timeout}).emitWithAck; the server will wait ${s.delay} ms.`,
      'info',
      { kind: 'sent', ref },
    );
    try {
      const emitter = (s.mode === 'retries' ? socket : socket.timeout(s.timeout)) as unknown as {
        emitWithAck(e: string, p: unknown): Promise<AckResult<AckJobResult>>;
      };
      const res = await emitter.emitWithAck('ack:job', payload);
      update(jobSettled(state, ref, res.ok ? { ok: true, run: res.data.run } : { ok: false, error: res.error }, now()));
      ui.log(describeJob(job()), res.ok ? 'ok' : 'bad', { kind: 'settled', ref, outcome: job().outcome });
      if (res.ok) announceGoal('ack:ok');
    } catch (err) {
      update(jobSettled(state, ref, { ok: false, error: (err as Error).message }, now()));
      ui.log(describeJob(job()), 'bad', { kind: 'settled', ref, outcome: 'timeout' });
      announceGoal('ack:timeout');
    }
  }

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    void send();
  });
  form.addEventListener('change', () => {
    const s = read();
    showUsed(s);
    setup.save({
      delay: String(s.delay),
      timeout: String(s.timeout),
      mode: s.mode,
      retries: String(s.retries),
      slow: s.slow,
    });
    render();
  });
  root.querySelector('[data-clear]')!.addEventListener('click', () => {
    update(emptyLab());
    ui.clearLog();
  });
  new ResizeObserver(() => render()).observe(root.querySelector<HTMLElement>('[data-chart]')!);

  void start(labFromUrl(root.id));
}
