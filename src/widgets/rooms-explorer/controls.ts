// The explorer's HTML controls: the membership table (room boxes, Disconnect/Reconnect, socket ids), the fire
// form (sender, rooms, target, the line of code), and the result panel. DOM only, never a socket: widget.ts says
// what each client's connection is, and reads back what the learner chose.
import { findVariant, EMIT_VARIANTS } from '../../lib/protocol/emit-semantics.ts';
import type { FireReport, Tone } from './report.ts';

/** What the table needs to know about one client. */
export interface ClientRow {
  name: string;
  /** Its connection status, when the client exists. */
  status?: string;
  /** Connected and in the lab: its room boxes are usable. */
  live: boolean;
  /** The socket id while connected. */
  socketId?: string;
  rooms: readonly string[];
}

export function syncTable(root: HTMLElement, rows: readonly ClientRow[]): void {
  for (const { name, status, live, socketId, rooms } of rows) {
    for (const box of root.querySelectorAll<HTMLInputElement>(`input[data-client="${name}"][data-room]`)) {
      box.disabled = !live || box.dataset.busy === '1';
      if (box.dataset.busy !== '1') box.checked = live && rooms.includes(box.dataset.room!);
    }
    const button = root.querySelector<HTMLButtonElement>(`[data-toggle-conn="${name}"]`)!;
    button.disabled = status === undefined || (status !== 'connected' && status !== 'offline');
    button.textContent = status === 'offline' ? 'Reconnect' : 'Disconnect';
    // Four buttons in one table: each says whose connection it is (the visible word starts the name).
    button.setAttribute('aria-label', `${button.textContent} ${name}`);
    const conn = root.querySelector<HTMLElement>(`[data-conn="${name}"]`)!;
    conn.textContent = socketId ? `id ${socketId.slice(0, 6)}…` : (status ?? '');
    conn.dataset.status = status ?? '';
  }
}

export interface FireForm {
  variant: string;
  sender: string;
  targetName: string;
  all: { room: string; room2: string; target: string };
}

/** The params as the form holds them, the target resolved (by `idOf`) to the real socket id of the chosen client. */
export function readFireForm(form: HTMLFormElement, idOf: (name: string) => string | undefined): FireForm {
  const data = new FormData(form);
  const targetName = String(data.get('target'));
  return {
    variant: String(data.get('variant')),
    sender: String(data.get('sender')),
    targetName,
    all: { room: String(data.get('room')), room2: String(data.get('room2')), target: idOf(targetName) ?? '' },
  };
}

/** The learner's prediction, when "Predict first" is on. */
export function readPrediction(form: HTMLFormElement, predictOn: HTMLInputElement): string[] | undefined {
  if (!predictOn.checked) return undefined;
  return [...form.querySelectorAll<HTMLInputElement>('input[name="predict"]:checked')].map((b) => b.value);
}

/** Writes each variant's line of code with the chosen rooms and target, and explains the chosen one. */
export function showCode(root: HTMLElement, explain: HTMLElement, { variant, all }: FireForm, event: string): void {
  for (const v of EMIT_VARIANTS) {
    const el = root.querySelector<HTMLElement>(`[data-code="${CSS.escape(v.id)}"]`);
    if (el) el.textContent = v.code({ ...all, target: all.target || undefined, event });
  }
  explain.textContent = findVariant(variant).explain;
}

export function paragraph(text: string, tone?: Tone): HTMLElement {
  const p = document.createElement('p');
  p.textContent = text;
  if (tone) p.className = tone;
  return p;
}

/** The settled fire on the page: the result panel, and the data-* attributes tests read. */
export function showReport(root: HTMLElement, result: HTMLElement, r: FireReport, ref: string): void {
  root.dataset.received = r.received.join(',');
  root.dataset.expected = r.expected.join(',');
  root.dataset.matches = String(r.matches);
  if (r.score) root.dataset.score = r.score;
  else delete root.dataset.score;
  root.dataset.lastFire = ref;
  result.replaceChildren(...r.lines.map((l) => paragraph(l.text, l.tone)));
}
