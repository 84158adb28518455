// The run and its clock: which moment is shown, playing and stepping through time, and a new run when the
// settings change. Everything drawn is a pure function of (settings, t); these functions keep the view, the
// data-* attributes, the log and the URL in step with that pair.
import { announceGoal, type Frame } from '../../lib/widget/widget-frame.ts';
import { prefersReducedMotion } from '../../lib/widget/island.ts';
import type { SetupLink } from '../../lib/widget/setup-link.ts';
import { simulate, toQuery, type Simulation, type SimSettings } from '../../lib/sim/index.ts';
import { toUrlState } from './state.ts';
import { layoutSimulation, PROTOS, type Layout } from './layout.ts';
import { narrateAt, summaryAt, messageStates, IMPORTANT, ms } from './narrate.ts';
import { nextTime, prevTime, timesBetween, slowdown, goalsAt } from './playback.ts';
import type { TimelineView } from './view.ts';
import { renderCounters, renderStrips } from './panels.ts';
import { syncControls, type StepDirection } from './controls.ts';
import type { LogQueue } from './log-queue.ts';

const REDUCED_STEP_MS = 700; // reduced motion: Play jumps event to event at this pace, nothing glides

export interface Player {
  root: HTMLElement;
  box: HTMLElement;
  form: HTMLFormElement;
  scrub: HTMLInputElement;
  playButton: HTMLButtonElement;
  runLink: HTMLAnchorElement;
  scroll: HTMLElement;
  view: TimelineView;
  ui: Frame;
  setup: SetupLink;
  logs: LogQueue;
  announced: Set<string>;
  settings: SimSettings;
  t: number;
  sim: Simulation;
  layout: Layout;
  factor: ReturnType<typeof slowdown>;
  playing: boolean;
  timer: number;
}

export function writeUrl(p: Player): void {
  p.runLink.href = p.setup.save(toUrlState(p.settings, p.t));
}

export function rebuild(p: Player): void {
  p.sim = simulate(p.settings);
  p.layout = layoutSimulation(p.sim, p.settings, p.scroll.clientWidth || 640);
  p.factor = slowdown(p.sim, p.settings);
  p.view.draw(p.layout);
  p.scrub.max = String(p.layout.endMs);
  p.root.dataset.run = toQuery(p.settings);
  p.root.dataset.end = String(p.layout.endMs);
  renderCounters(p.box, p.sim, p.settings, p.factor);
  syncControls(p.form, p.settings);
}

export function show(p: Player, next: number, opts: { follow?: boolean; url?: boolean } = {}): void {
  const { root, sim, settings } = p;
  p.t = Math.min(Math.max(0, next), p.layout.endMs);
  const t = p.t;
  p.view.setTime(t);
  if (opts.follow) p.view.follow(t);
  p.scrub.value = String(t);
  const of = ` of ${ms(p.layout.endMs)}`;
  p.form.querySelector<HTMLOutputElement>('[data-out="t"]')!.textContent = `${ms(t)}${of}`;
  p.scrub.setAttribute('aria-valuetext', `${ms(t)}${of}`);
  const tripMs = settings.latencyMs + settings.jitterMs / 2;
  const states = {
    tcp: messageStates(sim.tcp, 'tcp', t, settings.messages, tripMs),
    udp: messageStates(sim.udp, 'udp', t, settings.messages, tripMs),
  };
  renderStrips(p.box, states, t);
  root.dataset.t = String(t);
  for (const proto of PROTOS) {
    const pick = (s: string) => states[proto].flatMap((x, i) => (x === s ? [i + 1] : [])).join(',');
    root.dataset[`${proto}Delivered`] = String(states[proto].filter((x) => x === 'received' || x === 'late').length);
    root.dataset[`${proto}Held`] = pick('held');
    root.dataset[`${proto}Missing`] = pick('missing');
    root.dataset[`${proto}Late`] = pick('late');
  }
  for (const goal of goalsAt(sim, settings, t, p.factor, states)) {
    if (p.announced.has(goal)) continue;
    p.announced.add(goal);
    announceGoal(goal);
  }
  if (opts.url !== false) writeUrl(p);
}

export function setPlaying(p: Player, on: boolean): void {
  p.playing = on;
  p.root.dataset.playing = String(on);
  p.playButton.setAttribute('aria-pressed', String(on));
  p.playButton.textContent = on ? '❚❚ Pause' : '▶ Play';
  cancelAnimationFrame(p.timer);
  clearTimeout(p.timer);
  if (!on) {
    p.logs.flush(true, p.t);
    writeUrl(p);
    return;
  }
  if (p.t >= p.layout.endMs) show(p, 0, { follow: true, url: false });
  if (prefersReducedMotion()) tick(p);
  else {
    let last = performance.now();
    const frame = (now: number) => {
      advance(p, ((now - last) / 1000) * speed(p));
      last = now;
      if (p.playing) p.timer = requestAnimationFrame(frame);
    };
    p.timer = requestAnimationFrame(frame);
  }
}

const speed = (p: Player) => Number((p.form.elements.namedItem('speed') as HTMLSelectElement).value) || 250;

// Reduced motion: one event per beat, no gliding.
function tick(p: Player) {
  const next = nextTime(p.sim, p.t, p.layout.endMs);
  if (next === null) {
    finish(p);
    return;
  }
  p.logs.log(narrateAt(p.sim, next, p.settings.messages).filter((l) => IMPORTANT.has(l.kind)));
  show(p, next, { follow: true, url: false });
  p.timer = window.setTimeout(() => {
    if (p.playing) tick(p);
  }, REDUCED_STEP_MS);
}

function advance(p: Player, dt: number) {
  const to = Math.min(p.t + dt, p.layout.endMs);
  for (const at of timesBetween(p.sim, p.t, to))
    p.logs.push(narrateAt(p.sim, at, p.settings.messages).filter((l) => IMPORTANT.has(l.kind)));
  show(p, to, { follow: true, url: false });
  p.logs.flush(false, p.t);
  if (to >= p.layout.endMs) finish(p);
}

function finish(p: Player) {
  setPlaying(p, false);
  p.ui.log(`End of the run. ${summaryAt(p.sim, p.t, p.settings.messages)}`, 'info', { kind: 'end' });
}

export function step(p: Player, direction: StepDirection): void {
  const { ui } = p;
  setPlaying(p, false);
  if (direction === 'forward') {
    const next = nextTime(p.sim, p.t, p.layout.endMs);
    if (next === null) {
      ui.log('Already at the end of the run.', 'info', { kind: 'edge' });
      return;
    }
    show(p, next, { follow: true });
    const lines = narrateAt(p.sim, next, p.settings.messages);
    if (lines.length) p.logs.log(lines);
    else ui.log(`t=${ms(next)}: the last lost packet's ✕ is reached; nothing else happens.`, 'info', { kind: 'edge' });
  } else if (direction === 'back') {
    const prev = prevTime(p.sim, p.t);
    if (prev === null) {
      ui.log('Already at the start of the run.', 'info', { kind: 'edge' });
      return;
    }
    show(p, prev, { follow: true });
    ui.log(`Back to ${summaryAt(p.sim, p.t, p.settings.messages)}`, 'info', { kind: 'summary' });
  } else {
    show(p, direction === 'rewind' ? 0 : p.layout.endMs, { follow: true });
    ui.log(
      `${direction === 'rewind' ? 'Rewound' : 'Jumped to the end'}: ${summaryAt(p.sim, p.t, p.settings.messages)}`,
      'info',
      { kind: 'summary' },
    );
    logOpening(p);
  }
}

/** What is already under way at t=0, or a shared link's one moment. */
export function logOpening(p: Player): void {
  if (p.t === 0) p.logs.log(narrateAt(p.sim, 0, p.settings.messages));
  else p.ui.log(`Opened at ${summaryAt(p.sim, p.t, p.settings.messages)}`, 'info', { kind: 'summary' });
}

/** A new run keeps the moment shown, or stays at the end if it was there ("same moment, other luck"). */
export function apply(p: Player, next: SimSettings, url: boolean): void {
  if (toQuery(next) === toQuery(p.settings)) return;
  if (p.playing) setPlaying(p, false); // a new run: stop, so no line from the old one is told about the new
  const atEnd = p.t >= p.layout.endMs;
  p.settings = next;
  rebuild(p);
  show(p, atEnd ? p.layout.endMs : p.t, { follow: true, url });
}

export function changeSettings(p: Player, next: SimSettings, why: string): void {
  apply(p, next, true);
  writeUrl(p);
  const c = p.sim.tcp.counters;
  p.ui.log(
    `${why}: TCP ${c.completionMs === null ? 'did not finish within 60 s' : `finishes in ${ms(c.completionMs)}`}; UDP delivers ${p.sim.udp.counters.delivered} of ${p.settings.messages}.`,
    'info',
    { kind: 'settings' },
  );
}
