// The missed-events widget's whole live state in one object: the shell's parts, the strategy and settings read
// from the URL (or the lesson's props), the lanes' model and the three clients of the current generation.
// Every other file of the widget takes this object; only createLabState reads the shell.
import { frame, type Frame } from '../../lib/widget/widget-frame.ts';
import { labFromUrl } from '../../lib/socket/lab-link.ts';
import { setupLink, type SetupLink } from '../../lib/widget/setup-link.ts';
import type { LabClient } from './clients.ts';
import { clampRate as clampRateTo, emptyModel, STRATEGIES, type LabModel, type Strategy } from './model.ts';
import { createLaneView, type LaneView } from './view.ts';

export const NAMES = ['Alice', 'Bob', 'Carol'];
export const DROPS = [1, 2, 3, 5, 10, 15];
export const ORDERS_PER_CLICK = 5;

export interface MissedLab {
  root: HTMLElement;
  ui: Frame;
  view: LaneView;
  setup: SetupLink;
  form: HTMLFormElement;
  rateInput: HTMLInputElement;
  dropSelect: HTMLSelectElement;
  runButton: HTMLButtonElement;
  dropFirst: HTMLInputElement;
  dedupe: HTMLInputElement;
  /** Tags this page's idempotency keys, so each page counts only its own effects. */
  pageId: string;
  strategy: Strategy;
  model: LabModel;
  clients: LabClient[];
  labId: string | undefined;
  running: boolean;
  /** Bumped by every restart: hooks and timers of an older generation ignore what reaches them. */
  generation: number;
  seenEffects: Set<string>;
  orderSeq: Map<string, number>;
  /** Settings changes already logged (each of the page's clients hears the same broadcast). */
  loggedChanges: Set<string>;
  frameRequested: boolean;
}

/** Finds the shell's parts and starts from the strategy, rate and drop the URL (or the lesson) asks for. */
export function createLabState(root: HTMLElement): MissedLab {
  const setup = setupLink(root);
  const q = <T extends Element>(sel: string) => root.querySelector<T>(sel)!;
  const form = q<HTMLFormElement>('form[data-controls]');
  const rateInput = q<HTMLInputElement>('input[name="rate"]');
  const dropSelect = q<HTMLSelectElement>('select[name="drop"]');
  const lab: MissedLab = {
    root,
    ui: frame(root),
    view: createLaneView(root),
    setup,
    form,
    rateInput,
    dropSelect,
    runButton: q<HTMLButtonElement>('[data-run]'),
    dropFirst: q<HTMLInputElement>('input[name="dropFirstAck"]'),
    dedupe: q<HTMLInputElement>('input[name="dedupe"]'),
    pageId: Math.random().toString(36).slice(2, 8),
    strategy: 'none',
    model: emptyModel(NAMES),
    clients: [],
    labId: labFromUrl(root.id),
    running: false,
    generation: 0,
    seenEffects: new Set(),
    orderSeq: new Map(),
    loggedChanges: new Set(),
    frameRequested: false,
  };

  const saved = setup.saved;
  let strategy: Strategy = (STRATEGIES as readonly string[]).includes(saved.strategy ?? '')
    ? (saved.strategy as Strategy)
    : ((root.dataset.initialStrategy as Strategy) ?? 'none');
  rateInput.value = String(clampRate(lab, saved.rate ?? rateInput.value));
  if (saved.drop && DROPS.includes(Number(saved.drop))) dropSelect.value = saved.drop;
  const strategyInput = form.querySelector<HTMLInputElement>(`input[name="strategy"][value="${strategy}"]`);
  if (strategyInput) strategyInput.checked = true;
  else strategy = 'none';
  lab.strategy = strategy;
  for (const v of DROPS)
    if (!dropSelect.querySelector(`option[value="${v}"]`)) dropSelect.add(new Option(`${v} s`, String(v)));
  return lab;
}

/** A rate typed or linked, within what the shell's input allows. */
export const clampRate = (lab: MissedLab, raw: string): number => clampRateTo(raw, Number(lab.rateInput.max) || 20);

/** Draws the model on the next animation frame (many events in one frame draw once). */
export function render(lab: MissedLab): void {
  if (lab.frameRequested) return;
  lab.frameRequested = true;
  requestAnimationFrame(() => {
    lab.frameRequested = false;
    lab.view.render(lab.model, lab.strategy);
    lab.root.dataset.serverSent = String(lab.model.serverSent);
  });
}

export function saveUrl(lab: MissedLab): void {
  lab.setup.save({ strategy: lab.strategy, rate: lab.rateInput.value, drop: lab.dropSelect.value });
}

/** Empty lanes that keep the server's count (the Reset button: the stream goes on). */
export const emptyModelKeepingCount = (lab: MissedLab): LabModel => ({
  ...emptyModel(NAMES),
  serverSent: lab.model.serverSent,
});
