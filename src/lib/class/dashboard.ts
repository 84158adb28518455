// The teacher's page: start a class or reopen one (teacher key from this browser, or from a teacher link's
// fragment), then keep the dashboard in step with the class's events. State for tests is on the root:
// data-state (start | running | ended), data-students, data-connected, data-poll-counts, data-poll-revealed.
import type { ClassActivity, ClassSnapshot, PollTally, RosterEntry } from '../../contract/class.ts';
import { readTotals } from '../progress/browser.ts';
import { formatCode } from './code.ts';
import { openClassSocket, request, type ClassSocket } from './client.ts';
import { addActivity, progressCsv } from './dashboard-model.ts';
import { activityItem, drawMatrix, drawPoll, drawProgress, drawRoster } from './dashboard-view.ts';
import {
  clearTeaching,
  loadTeaching,
  saveTeaching,
  teacherLink,
  teachingFromHash,
  type StoredTeaching,
} from './membership.ts';
import { drawQr } from './qr.ts';

interface LessonRef {
  id: string;
  title: string;
  href: string;
}

export function mountDashboard(root: HTMLElement): void {
  const $ = <T extends HTMLElement = HTMLElement>(sel: string) => root.querySelector<T>(sel)!;
  const lessons: LessonRef[] = JSON.parse(document.getElementById('sp-class-lessons')?.textContent ?? '[]');
  const titles = Object.fromEntries(lessons.map((l) => [l.id, l.title]));
  const totals = readTotals();
  let socket: ClassSocket | undefined;
  let teaching: StoredTeaching | null = null;
  let roster: RosterEntry[] = [];
  let tally: PollTally | null = null;
  let stream: ClassActivity[] = [];

  const setState = (state: 'start' | 'running' | 'ended') => {
    root.dataset.state = state;
    $('[data-start]').hidden = state !== 'start';
    $('[data-dashboard]').hidden = state !== 'running';
    $('[data-ended]').hidden = state !== 'ended';
  };
  const startStatus = (text: string, kind: 'error' | '' = '') => {
    const s = $('[data-start-status]');
    s.textContent = text;
    s.dataset.kind = kind;
  };

  const renderRoster = () => {
    root.dataset.students = String(roster.length);
    root.dataset.connected = String(roster.filter((r) => r.connected).length);
    $('[data-roster-empty]').hidden = roster.length > 0;
    $('[data-roster]').hidden = roster.length === 0;
    drawRoster($('[data-roster-body]'), roster, totals, titles);
    drawProgress($('[data-progress-body]'), roster, totals, titles);
    drawMatrix($('[data-matrix-head]'), $('[data-matrix-body]'), roster, totals, titles);
    $('[data-count]').textContent = `${roster.length} student${roster.length === 1 ? '' : 's'}`;
    if (tally) renderPoll();
  };
  const renderPoll = () => {
    if (!tally) return;
    $('[data-poll-empty]').hidden = true;
    $('[data-poll]').hidden = false;
    root.dataset.pollCounts = tally.counts.join(',');
    root.dataset.pollRevealed = String(tally.revealed);
    drawPoll($('[data-poll-panel]'), tally, roster.length);
  };
  const addEvent = (a: ClassActivity) => {
    stream = addActivity(stream, a);
    const list = $('[data-stream]');
    list.prepend(activityItem(a));
    while (list.children.length > stream.length) list.lastElementChild?.remove();
  };

  const showClass = (snap: ClassSnapshot) => {
    teaching = { code: snap.code, teacherKey: teaching!.teacherKey, name: snap.name };
    saveTeaching(teaching);
    root.dataset.code = snap.code;
    $('[data-class-name]').textContent = snap.name;
    $('[data-code]').textContent = formatCode(snap.code);
    $('[data-join-origin]').textContent = `${location.host}/join/`;
    const joinUrl = `${location.origin}/join/?code=${snap.code}`;
    $<HTMLAnchorElement>('[data-join-link]').href = joinUrl;
    $<HTMLInputElement>('[data-teacher-link]').value = teacherLink(location.origin, teaching);
    void drawQr($('[data-qr]'), joinUrl, `QR code for the join link ${joinUrl}`);
    roster = snap.roster;
    tally = snap.poll;
    renderRoster();
    renderPoll();
    setState('running');
  };

  const teach = async (): Promise<void> => {
    if (!socket || !teaching) return;
    const res = await request(socket, 'class:teach', {
      code: teaching.code,
      teacherKey: teaching.teacherKey,
    });
    if (res.ok) return showClass(res.data);
    if (res.code === 'forbidden' || res.code === 'unknown-class') {
      clearTeaching();
      teaching = null;
      setState('start');
      startStatus('That class has ended (or the teacher link is not valid any more). Start a new one.', 'error');
    } else startStatus(res.error, 'error');
  };

  const connect = async (): Promise<ClassSocket> => {
    if (socket) return socket;
    socket = await openClassSocket();
    socket.on('connect', () => void teach()); // every new connection is a new socket: it joins the teacher room again
    socket.on('class:roster', (r) => {
      roster = r.roster;
      renderRoster();
    });
    socket.on('class:tally', (t) => {
      tally = t;
      renderPoll();
    });
    socket.on('class:activity', addEvent);
    socket.on('class:ended', () => {
      clearTeaching();
      teaching = null;
      setState('ended');
      $('#ended-title').focus();
    });
    socket.on('connect_error', () => startStatus('Cannot reach the demo server. Is `npm start` running?', 'error'));
    return socket;
  };

  // A teacher link: take the key from the fragment, then take it out of the address bar at once.
  const fromLink = teachingFromHash(location.hash);
  if (fromLink) history.replaceState(null, '', location.pathname);
  teaching = fromLink ?? loadTeaching();
  if (teaching) void connect();

  $<HTMLFormElement>('[data-start-form]').addEventListener('submit', async (event) => {
    event.preventDefault();
    const name = $<HTMLInputElement>('#class-name').value.trim();
    startStatus('Starting…');
    const s = await connect();
    const res = await request(s, 'class:create', name ? { name } : {});
    if (!res.ok) return startStatus(res.error, 'error');
    teaching = { code: res.data.code, teacherKey: res.data.teacherKey, name: res.data.name };
    saveTeaching(teaching);
    startStatus('');
    await teach();
    $('#class-title').focus();
  });

  const control = async (
    event: 'class:poll' | 'class:reveal' | 'class:cut' | 'class:suggest' | 'class:end',
    extra: object,
  ) => {
    if (!socket || !teaching) return undefined;
    return request(socket, event, { code: teaching.code, teacherKey: teaching.teacherKey, ...extra });
  };

  $('[data-reveal]').addEventListener('click', () => {
    if (tally) void control('class:reveal', { pollId: tally.pollId });
  });
  $('[data-roster-body]').addEventListener('click', async (event) => {
    const button = (event.target as HTMLElement).closest<HTMLButtonElement>('[data-cut]');
    if (!button) return;
    const seconds = Number($<HTMLSelectElement>('[data-cut-seconds]').value);
    button.disabled = true;
    const res = await control('class:cut', { memberId: button.dataset.cut, seconds });
    if (res && !res.ok) addEvent({ at: Date.now(), kind: 'cut', text: `Cut refused: ${res.error}` });
  });
  $<HTMLFormElement>('[data-suggest-form]').addEventListener('submit', async (event) => {
    event.preventDefault();
    const lesson = lessons.find((l) => l.href === $<HTMLSelectElement>('[data-suggest-lesson]').value);
    const section = $<HTMLInputElement>('[data-suggest-section]').value.trim();
    const href = `${lesson?.href ?? '/class/how-it-works/'}${section ? `#${section}` : ''}`;
    const res = await control('class:suggest', { href, title: lesson?.title ?? 'How the class works' });
    const status = $('[data-suggest-status]');
    status.textContent = !res
      ? ''
      : res.ok
        ? `Sent to ${(res.data as { sentTo: number }).sentTo} connected students.`
        : res.error;
  });
  $('[data-csv]').addEventListener('click', () => {
    const blob = new Blob([progressCsv(roster, totals, titles)], { type: 'text/csv;charset=utf-8' });
    const a = Object.assign(document.createElement('a'), {
      href: URL.createObjectURL(blob),
      download: `class-${teaching?.code ?? 'progress'}.csv`,
    });
    a.click();
    setTimeout(() => URL.revokeObjectURL(a.href), 1000);
  });
  $('[data-copy-teacher-link]').addEventListener('click', () => {
    const input = $<HTMLInputElement>('[data-teacher-link]');
    input.select();
    void navigator.clipboard?.writeText(input.value).catch(() => undefined);
  });
  const band = $<HTMLButtonElement>('[data-toggle-band]');
  band.addEventListener('click', () => {
    const hide = band.getAttribute('aria-pressed') !== 'true';
    band.setAttribute('aria-pressed', String(hide));
    band.textContent = hide ? 'Show join code' : 'Hide join code';
    $('[data-dashboard]').dataset.band = hide ? 'hidden' : '';
  });
  const dialog = $<HTMLDialogElement>('[data-end-dialog]');
  $('[data-end]').addEventListener('click', () => dialog.showModal());
  $('[data-end-cancel]').addEventListener('click', () => dialog.close());
  $('[data-end-confirm]').addEventListener('click', async () => {
    dialog.close();
    const res = await control('class:end', {});
    if (res && !res.ok) addEvent({ at: Date.now(), kind: 'leave', text: `Could not end the class: ${res.error}` });
  });
  $('[data-start-again]').addEventListener('click', () => {
    setState('start');
    $<HTMLInputElement>('#class-name').focus();
  });
}
