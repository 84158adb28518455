// Mounts the TCP vs UDP simulator: reads the run from the URL (or the lesson's props), simulates it, draws
// it, and moves through time with Play / Step / Back / Rewind / End and the scrubber. Everything shown is a
// pure function of (settings, t); this file only wires controls, the event log and the URL to it (player.ts
// moves through time, controls.ts reads the form, log-queue.ts paces the log).
import { frame } from '../../lib/widget/widget-frame.ts';
import { setupLink } from '../../lib/widget/setup-link.ts';
import { simulate, type SimSettings } from '../../lib/sim/index.ts';
import { fromUrlState, withControl, newSeed, droppedMessage, lossPercent } from './state.ts';
import { layoutSimulation } from './layout.ts';
import { summaryAt } from './narrate.ts';
import { slowdown } from './playback.ts';
import { createTimelineView } from './view.ts';
import { bindControls, syncControls, withinControls } from './controls.ts';
import { createLogQueue } from './log-queue.ts';
import { apply, changeSettings, logOpening, rebuild, setPlaying, show, step, writeUrl, type Player } from './player.ts';

export function mount(root: HTMLElement): void {
  const p = createPlayer(root);
  const { ui, form, scroll, view } = p;

  bindControls(form, scroll, {
    scrub(value) {
      setPlaying(p, false);
      show(p, value, { url: false });
    },
    scrubbed() {
      writeUrl(p);
      ui.log(`Moved to ${summaryAt(p.sim, p.t, p.settings.messages)}`, 'info', { kind: 'summary' });
    },
    edit(input, committed) {
      if (!committed) {
        apply(p, withControl(p.settings, input.name, Number(input.value)), false);
        return;
      }
      const label = input.labels?.[0]?.textContent?.trim() ?? input.name;
      changeSettings(p, withControl(p.settings, input.name, Number(input.value) || 0), `${label} set`);
      // A clamped or rounded entry (seed 3.7, drop −5) shows what was used, even when the run did not change.
      syncControls(form, p.settings, true);
    },
    newSeed: () =>
      changeSettings(p, withControl(p.settings, 'seed', newSeed(p.settings.seed, Math.random())), 'New seed'),
    togglePlay: () => setPlaying(p, !p.playing),
    step: (direction) => step(p, direction),
  });

  let width = scroll.clientWidth;
  new ResizeObserver(() => {
    if (scroll.clientWidth === width || scroll.clientWidth === 0) return;
    width = scroll.clientWidth;
    p.layout = layoutSimulation(p.sim, p.settings, width);
    view.draw(p.layout);
    view.setTime(p.t);
  }).observe(scroll);

  rebuild(p);
  show(p, p.t, { follow: true });
  root.dataset.playing = 'false';
  ui.setState('connected', 'Simulation: seeded and repeatable');
  const s = p.settings;
  ui.log(
    `Ready: seed ${s.seed}, loss ${lossPercent(s)}%, latency ${s.latencyMs} ms, jitter ${s.jitterMs} ms, window ${s.window}, ${s.messages} messages${droppedMessage(s) ? `, message ${droppedMessage(s)} dropped once` : ''}. Press Play or Step.`,
    'info',
    { kind: 'ready' },
  );
  logOpening(p);
}

/** Finds the shell's parts and starts from the run the URL (or the lesson's props) asks for. */
function createPlayer(root: HTMLElement): Player {
  const setup = setupLink(root);
  const ui = frame(root);
  const box = root.querySelector<HTMLElement>('[data-sim]')!;
  const form = box.querySelector<HTMLFormElement>('[data-controls]')!;
  const scroll = box.querySelector<HTMLElement>('[data-scroll]')!;
  const view = createTimelineView(box.querySelector('[data-head]')!, scroll, box.querySelector('[data-diagram]')!);
  const defaults = JSON.parse(box.dataset.defaults ?? '{}') as Partial<SimSettings>;
  box.querySelector('[data-placeholder]')?.remove();

  const initial = fromUrlState(setup.saved, defaults);
  // A link may ask for more than a control offers (window=999: the simulator allows 64, the slider 16); the run
  // uses what the control can show, so the slider and the run agree.
  const settings = withinControls(initial.settings, form);
  const sim = simulate(settings);
  return {
    root,
    box,
    form,
    scrub: form.querySelector<HTMLInputElement>('input[name="t"]')!,
    playButton: form.querySelector<HTMLButtonElement>('[data-action="play"]')!,
    runLink: box.querySelector<HTMLAnchorElement>('[data-run-link]')!,
    scroll,
    view,
    ui,
    setup,
    logs: createLogQueue(ui),
    announced: new Set<string>(),
    settings,
    t: initial.t,
    sim,
    layout: layoutSimulation(sim, settings, scroll.clientWidth || 640),
    factor: slowdown(sim, settings),
    playing: false,
    timer: 0,
  };
}
