// Mounts the TCP vs UDP simulator: reads the run from the URL (or the lesson's props), simulates it, draws
// it, and moves through time with Play / Step / Back / Rewind / End and the scrubber. Everything shown is a
// pure function of (settings, t); this file only wires controls, the event log and the URL to it.
import { frame, announceGoal } from '../../lib/widget/widget-frame.ts';
import { prefersReducedMotion } from '../../lib/widget/island.ts';
import { setupLink } from '../../lib/widget/setup-link.ts';
import { simulate, toQuery, type Simulation, type SimSettings } from '../../lib/sim/index.ts';
import { fromUrlState, toUrlState, withControl, newSeed, droppedMessage, lossPercent } from './state.ts';
import { layoutSimulation, PROTOS, type Layout } from './layout.ts';
import { narrateAt, summaryAt, messageStates, IMPORTANT, ms, type Line } from './narrate.ts';
import { nextTime, prevTime, timesBetween, slowdown, goalsAt } from './playback.ts';
import { createTimelineView } from './view.ts';
import { renderCounters, renderStrips } from './panels.ts';

const REDUCED_STEP_MS = 700; // reduced motion: Play jumps event to event at this pace, nothing glides
// While playing, the log gets a few lines at a time: a screen reader cannot keep up with a flood, and each
// log entry costs the page a reflow. Stepping still tells everything.
const FLUSH_MS = 900;
const LINES_PER_FLUSH = 3;
const PRIORITY: Partial<Record<Line['kind'], number>> = {
  done: 0,
  'fast-retransmit': 1,
  timeout: 1,
  released: 2,
  held: 3,
  lost: 3,
  reorder: 4,
  resend: 4,
};

export function mount(root: HTMLElement): void {
  const setup = setupLink(root);
  const ui = frame(root);
  const box = root.querySelector<HTMLElement>('[data-sim]')!;
  const form = box.querySelector<HTMLFormElement>('[data-controls]')!;
  const scrub = form.querySelector<HTMLInputElement>('input[name="t"]')!;
  const playButton = form.querySelector<HTMLButtonElement>('[data-action="play"]')!;
  const runLink = box.querySelector<HTMLAnchorElement>('[data-run-link]')!;
  const scroll = box.querySelector<HTMLElement>('[data-scroll]')!;
  const view = createTimelineView(box.querySelector('[data-head]')!, scroll, box.querySelector('[data-diagram]')!);
  const defaults = JSON.parse(box.dataset.defaults ?? '{}') as Partial<SimSettings>;
  box.querySelector('[data-placeholder]')?.remove();

  const initial = fromUrlState(setup.saved, defaults);
  // A link may ask for more than a control offers (window=999: the simulator allows 64, the slider 16); the run
  // uses what the control can show, so the slider and the run agree.
  let settings = withinControls(initial.settings, form);
  let t = initial.t;
  let sim: Simulation = simulate(settings);
  let layout: Layout = layoutSimulation(sim, settings, scroll.clientWidth || 640);
  let factor = slowdown(sim, settings);
  let playing = false;
  let timer = 0;
  const announced = new Set<string>();

  const log = (lines: Line[]) => {
    for (const l of lines) ui.log(l.text, l.tone, { kind: l.kind, proto: l.proto });
  };
  let queued: Line[] = [];
  let lastFlush = 0;
  /** Logs the most telling of the queued lines (in time order) and counts the rest. */
  function flush(force: boolean) {
    const now = performance.now();
    if (queued.length === 0 || (!force && now - lastFlush < FLUSH_MS)) return;
    lastFlush = now;
    const rank = (l: Line) => PRIORITY[l.kind] ?? 9;
    const keep = new Set([...queued].sort((a, b) => rank(a) - rank(b)).slice(0, LINES_PER_FLUSH));
    log(queued.filter((l) => keep.has(l)));
    const rest = queued.length - keep.size;
    if (rest > 0)
      ui.log(
        `…and ${rest} more event${rest > 1 ? 's' : ''} up to t=${ms(t)}. Pause and step to read each one.`,
        'info',
        { kind: 'more' },
      );
    queued = [];
  }
  const writeUrl = () => {
    runLink.href = setup.save(toUrlState(settings, t));
  };

  /** Every control shows the value the simulator really uses; `force` also rewrites the one being edited. */
  function syncControls(force = false) {
    const values: Record<string, number> = {
      loss: lossPercent(settings),
      latency: settings.latencyMs,
      jitter: settings.jitterMs,
      window: settings.window,
      messages: settings.messages,
      seed: settings.seed,
      drop: droppedMessage(settings),
    };
    for (const [name, value] of Object.entries(values)) {
      const input = form.elements.namedItem(name) as HTMLInputElement | null;
      if (input && (force || document.activeElement !== input)) input.value = String(value);
      const out = form.querySelector<HTMLOutputElement>(`[data-out="${name}"]`);
      const unit = input?.dataset.unit ?? '';
      if (out) out.textContent = unit === '%' ? `${value}%` : unit ? `${value} ${unit}` : String(value);
    }
    (form.elements.namedItem('drop') as HTMLInputElement).max = String(settings.messages);
  }

  function rebuild() {
    sim = simulate(settings);
    layout = layoutSimulation(sim, settings, scroll.clientWidth || 640);
    factor = slowdown(sim, settings);
    view.draw(layout);
    scrub.max = String(layout.endMs);
    root.dataset.run = toQuery(settings);
    root.dataset.end = String(layout.endMs);
    renderCounters(box, sim, settings, factor);
    syncControls();
  }

  function show(next: number, opts: { follow?: boolean; url?: boolean } = {}) {
    t = Math.min(Math.max(0, next), layout.endMs);
    view.setTime(t);
    if (opts.follow) view.follow(t);
    scrub.value = String(t);
    const of = ` of ${ms(layout.endMs)}`;
    form.querySelector<HTMLOutputElement>('[data-out="t"]')!.textContent = `${ms(t)}${of}`;
    scrub.setAttribute('aria-valuetext', `${ms(t)}${of}`);
    const tripMs = settings.latencyMs + settings.jitterMs / 2;
    const states = {
      tcp: messageStates(sim.tcp, 'tcp', t, settings.messages, tripMs),
      udp: messageStates(sim.udp, 'udp', t, settings.messages, tripMs),
    };
    renderStrips(box, states, t);
    root.dataset.t = String(t);
    for (const proto of PROTOS) {
      const pick = (s: string) => states[proto].flatMap((x, i) => (x === s ? [i + 1] : [])).join(',');
      root.dataset[`${proto}Delivered`] = String(states[proto].filter((x) => x === 'received' || x === 'late').length);
      root.dataset[`${proto}Held`] = pick('held');
      root.dataset[`${proto}Missing`] = pick('missing');
      root.dataset[`${proto}Late`] = pick('late');
    }
    for (const goal of goalsAt(sim, settings, t, factor, states)) {
      if (announced.has(goal)) continue;
      announced.add(goal);
      announceGoal(goal);
    }
    if (opts.url !== false) writeUrl();
  }

  function setPlaying(on: boolean) {
    playing = on;
    root.dataset.playing = String(on);
    playButton.setAttribute('aria-pressed', String(on));
    playButton.textContent = on ? '❚❚ Pause' : '▶ Play';
    cancelAnimationFrame(timer);
    clearTimeout(timer);
    if (!on) {
      flush(true);
      writeUrl();
      return;
    }
    if (t >= layout.endMs) show(0, { follow: true, url: false });
    if (prefersReducedMotion()) tick();
    else {
      let last = performance.now();
      const frame = (now: number) => {
        advance(((now - last) / 1000) * speed());
        last = now;
        if (playing) timer = requestAnimationFrame(frame);
      };
      timer = requestAnimationFrame(frame);
    }
  }
  const speed = () => Number((form.elements.namedItem('speed') as HTMLSelectElement).value) || 250;

  // Reduced motion: one event per beat, no gliding.
  function tick() {
    const next = nextTime(sim, t, layout.endMs);
    if (next === null) {
      finish();
      return;
    }
    log(narrateAt(sim, next, settings.messages).filter((l) => IMPORTANT.has(l.kind)));
    show(next, { follow: true, url: false });
    timer = window.setTimeout(() => {
      if (playing) tick();
    }, REDUCED_STEP_MS);
  }

  function advance(dt: number) {
    const to = Math.min(t + dt, layout.endMs);
    for (const at of timesBetween(sim, t, to))
      queued.push(...narrateAt(sim, at, settings.messages).filter((l) => IMPORTANT.has(l.kind)));
    show(to, { follow: true, url: false });
    flush(false);
    if (to >= layout.endMs) finish();
  }

  function finish() {
    setPlaying(false);
    ui.log(`End of the run. ${summaryAt(sim, t, settings.messages)}`, 'info', { kind: 'end' });
  }

  function step(direction: 'forward' | 'back' | 'rewind' | 'end') {
    setPlaying(false);
    if (direction === 'forward') {
      const next = nextTime(sim, t, layout.endMs);
      if (next === null) {
        ui.log('Already at the end of the run.', 'info', { kind: 'edge' });
        return;
      }
      show(next, { follow: true });
      const lines = narrateAt(sim, next, settings.messages);
      if (lines.length) log(lines);
      else
        ui.log(`t=${ms(next)}: the last lost packet's ✕ is reached; nothing else happens.`, 'info', { kind: 'edge' });
    } else if (direction === 'back') {
      const prev = prevTime(sim, t);
      if (prev === null) {
        ui.log('Already at the start of the run.', 'info', { kind: 'edge' });
        return;
      }
      show(prev, { follow: true });
      ui.log(`Back to ${summaryAt(sim, t, settings.messages)}`, 'info', { kind: 'summary' });
    } else {
      show(direction === 'rewind' ? 0 : layout.endMs, { follow: true });
      ui.log(
        `${direction === 'rewind' ? 'Rewound' : 'Jumped to the end'}: ${summaryAt(sim, t, settings.messages)}`,
        'info',
        { kind: 'summary' },
      );
      if (t === 0) log(narrateAt(sim, 0, settings.messages));
      else ui.log(`Opened at ${summaryAt(sim, t, settings.messages)}`, 'info', { kind: 'summary' }); // a shared link to one moment // what is already under way at the start
    }
  }

  /** A new run keeps the moment shown, or stays at the end if it was there ("same moment, other luck"). */
  function apply(next: SimSettings, url: boolean) {
    if (toQuery(next) === toQuery(settings)) return;
    if (playing) setPlaying(false); // a new run: stop, so no line from the old one is told about the new
    const atEnd = t >= layout.endMs;
    settings = next;
    rebuild();
    show(atEnd ? layout.endMs : t, { follow: true, url });
  }

  function changeSettings(next: SimSettings, why: string) {
    apply(next, true);
    writeUrl();
    const c = sim.tcp.counters;
    ui.log(
      `${why}: TCP ${c.completionMs === null ? 'did not finish within 60 s' : `finishes in ${ms(c.completionMs)}`}; UDP delivers ${sim.udp.counters.delivered} of ${settings.messages}.`,
      'info',
      { kind: 'settings' },
    );
  }

  form.addEventListener('input', (event) => {
    const input = event.target as HTMLInputElement;
    if (input.name === 't') {
      setPlaying(false);
      show(Number(input.value), { url: false });
      return;
    }
    if (input.name === 'speed' || input.value === '') return;
    apply(withControl(settings, input.name, Number(input.value)), false);
  });
  form.addEventListener('change', (event) => {
    const input = event.target as HTMLInputElement;
    if (input.name === 't') {
      writeUrl();
      ui.log(`Moved to ${summaryAt(sim, t, settings.messages)}`, 'info', { kind: 'summary' });
      return;
    }
    if (input.name === 'speed') return;
    const label = input.labels?.[0]?.textContent?.trim() ?? input.name;
    changeSettings(withControl(settings, input.name, Number(input.value) || 0), `${label} set`);
    // A clamped or rounded entry (seed 3.7, drop −5) shows what was used, even when the run did not change.
    syncControls(true);
  });
  form.addEventListener('submit', (event) => event.preventDefault());
  form.querySelector('[data-new-seed]')!.addEventListener('click', () => {
    changeSettings(withControl(settings, 'seed', newSeed(settings.seed, Math.random())), 'New seed');
  });
  playButton.addEventListener('click', () => setPlaying(!playing));
  for (const action of ['rewind', 'back', 'forward', 'end'] as const) {
    form.querySelector(`[data-action="${action}"]`)!.addEventListener('click', () => step(action));
  }

  // Optional shortcuts while the timeline has focus (every one is also a button).
  const KEYS: Record<string, () => void> = {
    ArrowRight: () => step('forward'),
    ArrowLeft: () => step('back'),
    Home: () => step('rewind'),
    End: () => step('end'),
    ' ': () => setPlaying(!playing),
    k: () => setPlaying(!playing),
  };
  scroll.addEventListener('keydown', (event) => {
    const action = KEYS[event.key];
    if (!action || event.altKey || event.ctrlKey || event.metaKey) return;
    event.preventDefault();
    action();
  });

  let width = scroll.clientWidth;
  new ResizeObserver(() => {
    if (scroll.clientWidth === width || scroll.clientWidth === 0) return;
    width = scroll.clientWidth;
    layout = layoutSimulation(sim, settings, width);
    view.draw(layout);
    view.setTime(t);
  }).observe(scroll);

  rebuild();
  show(t, { follow: true });
  root.dataset.playing = 'false';
  ui.setState('connected', 'Simulation: seeded and repeatable');
  ui.log(
    `Ready: seed ${settings.seed}, loss ${lossPercent(settings)}%, latency ${settings.latencyMs} ms, jitter ${settings.jitterMs} ms, window ${settings.window}, ${settings.messages} messages${droppedMessage(settings) ? `, message ${droppedMessage(settings)} dropped once` : ''}. Press Play or Step.`,
    'info',
    { kind: 'ready' },
  );
  if (t === 0) log(narrateAt(sim, 0, settings.messages));
  else ui.log(`Opened at ${summaryAt(sim, t, settings.messages)}`, 'info', { kind: 'summary' }); // a shared link to one moment
}

/** Settings with each value a form control cannot show (beyond its min/max) brought inside that control's range. */
function withinControls(settings: SimSettings, form: HTMLFormElement): SimSettings {
  const used: Record<string, number> = {
    window: settings.window,
    latency: settings.latencyMs,
    jitter: settings.jitterMs,
  };
  let out = settings;
  for (const [name, value] of Object.entries(used)) {
    const input = form.elements.namedItem(name) as HTMLInputElement | null;
    if (!input || input.type !== 'range') continue;
    const clamped = Math.min(Math.max(value, Number(input.min)), Number(input.max));
    if (clamped !== value) out = withControl(out, name, clamped);
  }
  return out;
}
