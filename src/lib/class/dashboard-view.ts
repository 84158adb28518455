// Draws the dashboard's parts from plain data. Every name and text from the class is set with textContent.
import type { ClassActivity, PollTally, RosterEntry } from '../../contract/class.ts';
import type { LessonTotals } from '../progress/store.ts';
import { aggregate, describeTransport, pollBars, studentLesson } from './dashboard-model.ts';

const el = <K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, attrs: Record<string, string> = {}) => {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  return node;
};

const percent = (share: number | null) => (share === null ? '—' : `${Math.round(share * 100)} %`);

export function drawRoster(
  body: HTMLElement,
  roster: RosterEntry[],
  totals: LessonTotals[],
  titles: Record<string, string>,
): void {
  const rows = roster.map((r) => {
    const tr = el('tr', undefined, { 'data-student': r.name, 'data-connected': String(r.connected) });
    tr.append(el('th', r.name, { scope: 'row' }));
    const conn = el('td');
    conn.append(
      el('span', undefined, { class: 'dot', 'aria-hidden': 'true' }),
      document.createTextNode(r.connected ? 'connected' : 'offline'),
    );
    tr.append(
      conn,
      el('td', r.lesson ? (titles[r.lesson] ?? r.lesson) : '—'),
      el('td', r.connected ? describeTransport(r.transport) : '—'),
    );
    const demo = el('td', undefined, { class: 'demo' });
    demo.append(document.createTextNode(`${r.demoSockets} `));
    const cut = el('button', 'Cut', { type: 'button', class: 'button secondary cut', 'data-cut': r.id });
    cut.setAttribute('aria-label', `Cut ${r.name}’s demo connection`);
    cut.disabled = r.demoSockets === 0;
    demo.append(cut);
    let right = 0;
    let checks = 0;
    let done = 0;
    let tries = 0;
    for (const t of totals) {
      if (!(t.id in r.progress)) continue;
      const s = studentLesson(r, t);
      right += s.checksRight;
      checks += s.checksTotal;
      done += s.triesDone;
      tries += s.triesTotal;
    }
    const cell = el('td', checks + tries ? undefined : '—', { class: 'progress-cell' });
    if (checks + tries)
      cell.append(el('span', `${right}/${checks} checks`), ' ', el('span', `${done}/${tries} exercises`));
    tr.append(demo, cell);
    return tr;
  });
  body.replaceChildren(...rows);
}

export function drawProgress(
  body: HTMLElement,
  roster: RosterEntry[],
  totals: LessonTotals[],
  titles: Record<string, string>,
): void {
  const rows = aggregate(roster, totals)
    .filter((a) => a.active > 0)
    .map((a) => {
      const tr = el('tr', undefined, { 'data-lesson': a.lesson });
      tr.append(el('th', titles[a.lesson] ?? a.lesson, { scope: 'row' }), el('td', String(a.active)));
      tr.append(el('td', percent(a.checksShare)), el('td', percent(a.triesShare)));
      return tr;
    });
  if (!rows.length) {
    const tr = el('tr');
    tr.append(el('td', 'No progress reported yet.', { colspan: '4' }));
    rows.push(tr);
  }
  body.replaceChildren(...rows);
}

export function drawPoll(root: HTMLElement, tally: PollTally, students: number): void {
  root.querySelector('[data-poll-question]')!.textContent = tally.question;
  const bars = pollBars(tally).map((b, i) => {
    const li = el('li', undefined, { 'data-correct': String(b.correct), 'data-count': String(b.count) });
    const label = el('div', undefined, { class: 'bar-label' });
    label.append(
      el('strong', tally.prediction ? b.label : `${String.fromCharCode(65 + i)}. ${b.label}`),
      el('span', `${b.count} (${Math.round(b.share * 100)} %)`),
    );
    const track = el('div', undefined, { class: 'bar-track', 'aria-hidden': 'true' });
    const fill = el('div', undefined, { class: 'bar-fill' });
    fill.style.setProperty('--share', b.share.toFixed(3));
    track.append(fill);
    li.append(label, track);
    return li;
  });
  root.querySelector('[data-poll-bars]')!.replaceChildren(...bars);
  const reached =
    tally.delivered === null ? '' : ` The question reached ${tally.delivered} page${tally.delivered === 1 ? '' : 's'}.`;
  const p = tally.prediction;
  root.dataset.pollKind = p ? 'prediction' : 'check';
  const revealed = !p
    ? ' The answer is revealed: students now see the explanations.'
    : ` Really received: ${p.received?.map((i) => tally.labels[i]).join(', ') || 'nobody'}. ` +
      `${p.exact} predicted exactly that.`;
  root.querySelector('[data-poll-meta]')!.textContent =
    `${tally.answered} of ${students} student${students === 1 ? '' : 's'} answered` +
    `${p ? ' (a bar counts the students who predicted that client receives it)' : ''}.${reached}` +
    (tally.revealed ? revealed : '');
  const reveal = root.querySelector<HTMLButtonElement>('[data-reveal]')!;
  reveal.disabled = tally.revealed;
  reveal.textContent = tally.revealed ? 'Answer revealed' : 'Reveal the answer';
}

export function activityItem(a: ClassActivity): HTMLLIElement {
  const li = el('li', undefined, { 'data-kind': a.kind });
  const at = new Date(a.at);
  li.append(
    el('time', at.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' }), {
      datetime: at.toISOString(),
    }),
  );
  li.append(el('span', a.text));
  return li;
}

/** Rows: students; columns: lessons anyone has touched; cells: "right/checks · done/exercises". */
export function drawMatrix(
  head: HTMLElement,
  body: HTMLElement,
  roster: RosterEntry[],
  totals: LessonTotals[],
  titles: Record<string, string>,
): void {
  const lessons = totals.filter((t) => roster.some((r) => t.id in r.progress || r.lesson === t.id));
  head.replaceChildren(
    el('th', 'Student', { scope: 'col' }),
    ...lessons.map((t) => el('th', titles[t.id] ?? t.id, { scope: 'col' })),
  );
  body.replaceChildren(
    ...roster.map((r) => {
      const tr = el('tr', undefined, { 'data-student': r.name });
      tr.append(el('th', r.name, { scope: 'row' }));
      for (const t of lessons) {
        const s = studentLesson(r, t);
        const touched = t.id in r.progress || r.lesson === t.id;
        tr.append(el('td', touched ? `${s.checksRight}/${s.checksTotal} · ${s.triesDone}/${s.triesTotal}` : '—'));
      }
      return tr;
    }),
  );
}
