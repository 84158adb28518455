// Mounts "Polling vs push": starts the lab's ticker, then receives its updates three ways at once — short polls
// on the learner's interval, back-to-back long polls, and Socket.IO pushes over a WebSocket — and counts real
// requests and the header bytes the server measured for each.
import type { TickerPollResponse, TickerUpdate } from '../../contract/index.ts';
import { announceGoal, frame } from '../../lib/widget/widget-frame.ts';
import { showConnectionStatus } from '../../lib/widget/connection-status.ts';
import { prefersReducedMotion } from '../../lib/widget/island.ts';
import { describeConnection } from '../../lib/socket/connection-state.ts';
import { labFromUrl } from '../../lib/socket/lab-link.ts';
import { openLabSession, request, type LabSession } from '../../lib/socket/virtual-clients.ts';
import { setupLink } from '../../lib/widget/setup-link.ts';
import {
  answered,
  describeAnswer,
  emptyState,
  failed,
  fastPollingObserved,
  lagBehindPush,
  METHODS,
  opened,
  pushed,
  pushFrameBytes,
  requested,
  type Method,
  type PvpState,
} from './model.ts';
import { createTimelineView } from './view.ts';
import { count } from '../../lib/plural.ts';

export const INTERVALS = [250, 500, 1000, 2000, 5000];
const DEFAULT_INTERVAL = 1000;
const RETRY_MS = 2000;

export function mount(root: HTMLElement): void {
  const setup = setupLink(root);
  const ui = frame(root);
  // The log scrolls once it fills up; a scrollable region must be reachable from the keyboard (WidgetFrame leaves it out).
  root.querySelector<HTMLElement>('[data-log]')!.tabIndex = 0;
  const intervalSelect = root.querySelector<HTMLSelectElement>('[data-interval]')!;
  const pauseButton = root.querySelector<HTMLButtonElement>('[data-pause]')!;
  const resetButton = root.querySelector<HTMLButtonElement>('[data-reset]')!;
  const frameNote = root.querySelector<HTMLElement>('[data-frame-bytes]')!;
  const view = createTimelineView(root.querySelector<HTMLElement>('[data-timeline]')!);

  const saved = Number(setup.saved.interval);
  let intervalMs = INTERVALS.includes(saved) ? saved : DEFAULT_INTERVAL;
  // Short polling's counts when the fast interval was chosen: "Poll harder" ticks on what it shows after that.
  const FAST = 250;
  let fastFrom: { seen: number; empty: number } | undefined = intervalMs === FAST ? { seen: 0, empty: 0 } : undefined;
  intervalSelect.value = String(intervalMs);

  let state: PvpState = emptyState();
  let session: LabSession | undefined;
  let labId: string | undefined;
  let wanted = true; // the learner's choice (Pause/Resume)
  let generation = 0; // bumps on every stop, so old loops end themselves
  let after: Record<Exclude<Method, 'push'>, number> = { short: 0, long: 0 };
  let handshakeBytes = 0;
  let quietShort = 0;
  let longAbort: AbortController | undefined;
  let drawQueued = false;

  const draw = () => {
    if (drawQueued) return;
    drawQueued = true;
    requestAnimationFrame(() => {
      drawQueued = false;
      view.render(state, performance.now());
      table();
    });
  };
  setInterval(draw, prefersReducedMotion() ? 2000 : 500); // slide the time window

  function table() {
    for (const m of METHODS) {
      const s = state.stats[m];
      const lag = lagBehindPush(state, m);
      const cells: Record<string, string> = {
        requests: String(s.requests),
        empty: m === 'push' ? '—' : String(s.empty),
        bytes: s.headerBytes.toLocaleString('en'),
        seen: String(s.seen),
        lag: m === 'push' ? '0 ms' : lag ? `${Math.round(lag.mean)} ms` : '—',
      };
      for (const [key, text] of Object.entries(cells)) {
        const td = root.querySelector<HTMLElement>(`[data-cell="${m}-${key}"]`);
        if (td) td.textContent = text;
      }
      if (lag && m !== 'push') {
        const max = document.createElement('span');
        max.className = 'max';
        max.textContent = `max ${Math.round(lag.max)} ms`;
        root.querySelector(`[data-cell="${m}-lag"]`)?.append(max);
      }
      root.dataset[`requests${m[0]!.toUpperCase()}${m.slice(1)}`] = String(s.requests);
      root.dataset[`seen${m[0]!.toUpperCase()}${m.slice(1)}`] = String(s.seen);
    }
  }

  const update = (next: PvpState) => {
    state = next;
    draw();
    if (fastFrom && intervalMs === FAST && fastPollingObserved(fastFrom, state.stats.short)) announceGoal('pvp:fast');
  };

  async function poll(method: 'short' | 'long', gen: number): Promise<'ok' | 'retry'> {
    const path = method === 'short' ? '/api/ticker/poll' : '/api/ticker/long';
    update(requested(state, method, performance.now()));
    longAbort = method === 'long' ? new AbortController() : longAbort;
    try {
      const res = await fetch(`${path}?lab=${labId}&after=${after[method]}`, {
        cache: 'no-store',
        signal: method === 'long' ? longAbort!.signal : undefined,
      });
      const body = (await res.json()) as TickerPollResponse | { ok: false; error: string };
      if (gen !== generation) return 'retry';
      if (!body.ok) {
        update(failed(state, method, performance.now()));
        ui.log(`${method === 'short' ? 'Short' : 'Long'} poll refused (${res.status}): ${body.error}`, 'bad');
        return 'retry';
      }
      // The server restarted and counts from 0 again: follow it.
      after[method] =
        body.latest < after[method] ? body.latest : Math.max(after[method], ...body.updates.map((u) => u.seq));
      update(answered(state, method, body, performance.now()));
      if (method === 'short' && !body.updates.length) quietShort++;
      else {
        if (method === 'short' && quietShort)
          ui.log(`Short polling: ${count(quietShort, 'empty answer')} before this one.`, 'info', {
            kind: 'empty',
            method,
          });
        if (method === 'short') quietShort = 0;
        ui.log(describeAnswer(method, body), body.updates.length ? 'ok' : 'info', { kind: 'answer', method });
      }
      return 'ok';
    } catch {
      if (gen === generation) update(failed(state, method, performance.now()));
      return 'retry';
    }
  }

  async function shortLoop(gen: number) {
    while (gen === generation) {
      const outcome = await poll('short', gen);
      await new Promise((r) => setTimeout(r, outcome === 'ok' ? intervalMs : Math.max(intervalMs, RETRY_MS)));
    }
  }

  async function longLoop(gen: number) {
    while (gen === generation) {
      // Long polling asks again the moment an answer arrives: there is always one request waiting at the server.
      if ((await poll('long', gen)) === 'retry') await new Promise((r) => setTimeout(r, RETRY_MS));
    }
  }

  function stopLoops() {
    generation++;
    longAbort?.abort();
    if (state.exchanges.some((e) => e.answeredAt === undefined)) {
      for (const m of ['short', 'long'] as const)
        if (state.exchanges.some((e) => e.method === m && e.answeredAt === undefined))
          update(failed(state, m, performance.now()));
    }
  }

  function startLoops() {
    stopLoops();
    if (!labId || !wanted || document.hidden) return;
    const gen = generation;
    void shortLoop(gen);
    void longLoop(gen);
  }

  function setRunning(on: boolean) {
    wanted = on;
    pauseButton.textContent = on ? 'Pause polling' : 'Resume polling';
    pauseButton.setAttribute('aria-pressed', String(!on));
    root.dataset.running = String(on);
    if (on) startLoops();
    else stopLoops();
  }

  async function begin() {
    const you = session?.clients[0];
    if (!you) return;
    labId = session?.labId();
    const [started, hs] = await Promise.all([
      request(you.socket, 'ticker:start', {}),
      request(you.socket, 'ws:handshake', {}),
    ]);
    if (!started.ok) return ui.log(started.error, 'bad');
    after = { short: started.data.latest, long: started.data.latest };
    if (hs.ok) {
      handshakeBytes = hs.data.request.bytes + hs.data.response.bytes;
      update(opened(state, handshakeBytes));
    }
    ui.log(
      `The server makes an update every ${started.data.minMs / 1000}–${started.data.maxMs / 1000} s at random. Short polls every ${intervalMs} ms, long polls held up to ${started.data.longPollTimeoutMs / 1000} s, and pushes over the WebSocket are all running.`,
      'info',
      { kind: 'start' },
    );
    startLoops();
  }

  async function start(lab?: string) {
    stopLoops();
    session?.close();
    state = emptyState();
    draw();
    ui.setState('loading', 'Connecting…');
    session = await openLabSession({
      kind: 'polling-vs-push',
      widgetId: root.id,
      names: ['You'],
      labId: lab,
      socketOptions: { transports: ['websocket'] },
      onConnection: (client) => {
        const waiting = describeConnection('You', client.connection);
        if (showConnectionStatus(ui, [client], client.connection.status === 'connected', { waiting }) === 'partial') {
          stopLoops();
        }
      },
      onLab: () => {
        ui.showLab(session?.labId(), () => void start());
        ui.setState('connected', `Live: updates for lab ${session?.labId()}, three ways.`);
        void begin();
      },
      onError: (message) => ui.log(message, 'bad'),
    });
    session.clients[0]!.socket.on('ticker:update', (u: TickerUpdate) => {
      update(pushed(state, u, performance.now()));
      frameNote.textContent = `Each pushed update is one WebSocket frame of ${pushFrameBytes(u)} bytes (2 bytes of frame header plus the Socket.IO packet), with no HTTP headers at all.`;
      ui.log(`WebSocket push: update #${u.seq} arrived without being asked for.`, 'ok', {
        kind: 'push',
        seq: String(u.seq),
      });
      if (state.stats.push.seen >= 5 && state.stats.short.requests > 0) announceGoal('pvp:compare');
    });
  }

  intervalSelect.addEventListener('change', () => {
    intervalMs = Number(intervalSelect.value);
    setup.save({ interval: String(intervalMs) });
    ui.log(`Short polling now asks every ${intervalMs} ms.`, 'info', { kind: 'interval' });
    const { seen, empty } = state.stats.short;
    fastFrom = intervalMs === FAST ? { seen, empty } : undefined;
  });
  pauseButton.addEventListener('click', () => setRunning(!wanted));
  resetButton.addEventListener('click', () => {
    state = opened(emptyState(), handshakeBytes);
    quietShort = 0;
    if (fastFrom) fastFrom = { seen: 0, empty: 0 };
    draw();
    ui.log('Counts reset. The WebSocket stays open, so its one opening request stays in its count.', 'info', {
      kind: 'reset',
    });
  });
  // A hidden tab stops polling (browsers throttle its timers anyway); pushes keep arriving.
  document.addEventListener('visibilitychange', () => (document.hidden ? stopLoops() : startLoops()));
  addEventListener('resize', draw);
  setRunning(true);
  void start(labFromUrl(root.id));
}
