// Browser-side helpers for WidgetFrame: status line, state attribute, event log, lab bar.
// Every live widget uses these, so they look and behave the same.
import { isClassLab } from '../class/class-lab.ts';
import { labFromUrl, shareUrl, withLab } from '../socket/lab-link.ts';

export type WidgetState = 'idle' | 'loading' | 'connected' | 'partial' | 'unreachable';
export type LogTone = 'info' | 'ok' | 'bad';

const MAX_LOG = 200;

export interface Frame {
  root: HTMLElement;
  setState(state: WidgetState, status: string): void;
  log(text: string, tone?: LogTone, data?: Record<string, string>): void;
  clearLog(): void;
  showLab(labId: string | undefined, onNewLab?: () => void): void;
}

export function frame(root: HTMLElement): Frame {
  const status = root.querySelector<HTMLElement>('[data-status]')!;
  const unreachable = root.querySelector<HTMLElement>('[data-unreachable]')!;
  const list = root.querySelector<HTMLOListElement>('[data-log-list]')!;
  const logBox = root.querySelector<HTMLElement>('[data-log]')!;
  const labBar = root.querySelector<HTMLElement>('[data-lab-bar]')!;
  const started = performance.now();

  let newLabHandler: (() => void) | undefined;
  root.querySelector('[data-new-lab]')?.addEventListener('click', () => {
    // A new lab is a private one: drop the old id from the address, or a reload would rejoin the old lab.
    if (labFromUrl(root.id)) history.replaceState(history.state, '', withLab(root.id, undefined));
    newLabHandler?.();
  });
  root.querySelector('[data-copy-link]')?.addEventListener('click', async () => {
    const link = root.querySelector<HTMLAnchorElement>('[data-share-link]')!.href;
    const note = root.querySelector<HTMLElement>('[data-copied]')!;
    try {
      await navigator.clipboard.writeText(link);
      note.textContent = 'Link copied. Whoever opens it joins this lab.';
    } catch {
      note.textContent = 'Copy the “Share link” instead.';
    }
  });

  return {
    root,
    setState(state, text) {
      root.dataset.state = state;
      status.textContent = text;
      unreachable.hidden = state !== 'unreachable';
    },
    log(text, tone = 'info', data = {}) {
      const li = document.createElement('li');
      const t = document.createElement('span');
      t.className = 't';
      t.textContent = `${((performance.now() - started) / 1000).toFixed(2)} s`;
      li.append(t, document.createTextNode(text)); // text, never HTML: messages come from learners
      li.dataset.tone = tone;
      for (const [k, v] of Object.entries(data)) li.dataset[k] = v;
      list.append(li);
      while (list.children.length > MAX_LOG) list.firstElementChild?.remove();
      logBox.scrollTop = logBox.scrollHeight;
    },
    clearLog() {
      list.replaceChildren();
    },
    showLab(labId, onNewLab) {
      newLabHandler = onNewLab;
      labBar.hidden = !labId;
      if (!labId) return;
      root.dataset.lab = labId;
      // The address names a lab for this widget but the widget is in another: say the one it is really in.
      const named = labFromUrl(root.id);
      if (named && named !== labId) history.replaceState(history.state, '', withLab(root.id, labId));
      // A class lab is the class's, not this page's: say so, so nobody wonders why others' messages arrive.
      const inClass = isClassLab(labId);
      root.dataset.classLab = String(inClass);
      const label = root.querySelector<HTMLElement>('[data-lab-label]');
      if (label) label.textContent = inClass ? 'Class lab — shared with your class:' : 'Lab';
      root.querySelector<HTMLElement>('[data-lab-id]')!.textContent = labId;
      root.querySelector<HTMLAnchorElement>('[data-share-link]')!.href = shareUrl(root.id, labId);
    },
  };
}

/** Tells <Try goal="…"> exercises on the page that the learner just did something. */
export function announceGoal(goal: string): void {
  document.dispatchEvent(new CustomEvent('sp:goal', { detail: { goal } }));
}
