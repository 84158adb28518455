import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { PollTally, RosterEntry } from '../../src/contract/class.ts';
import {
  ACTIVITY_CAP,
  addActivity,
  aggregate,
  csvCell,
  pollBars,
  progressCsv,
  studentLesson,
} from '../../src/lib/class/dashboard-model.ts';
import { parseMembership, parseTeaching, teacherLink, teachingFromHash } from '../../src/lib/class/membership.ts';
import { formatCode, isClassCode, normalizeCode } from '../../src/lib/class/code.ts';

const totals = [
  { id: 'sockets', checks: ['s-1', 's-2'], tries: ['s-t'] },
  { id: 'emitting-events', checks: ['e-1'], tries: [] },
];
const entry = (name: string, progress: RosterEntry['progress'], lesson: string | null = null): RosterEntry => ({
  id: name,
  name,
  connected: true,
  lesson,
  transport: 'websocket',
  demoSockets: 0,
  progress,
});

test('dashboard: a student lesson counts only ids the lesson has', () => {
  const r = entry('Ana', { sockets: { checks: ['s-1', 'forged'], tries: ['s-t'] } });
  assert.deepEqual(studentLesson(r, totals[0]!), { checksRight: 1, checksTotal: 2, triesDone: 1, triesTotal: 1 });
  assert.deepEqual(studentLesson(r, totals[1]!), { checksRight: 0, checksTotal: 1, triesDone: 0, triesTotal: 0 });
});

test('dashboard: the aggregate shares right checks over students × checks', () => {
  const roster = [entry('Ana', { sockets: { checks: ['s-1', 's-2'], tries: [] } }), entry('Ben', {}, 'sockets')];
  const [sockets, emitting] = aggregate(roster, totals);
  assert.deepEqual(sockets, { lesson: 'sockets', active: 2, checksShare: 0.5, triesShare: 0 });
  assert.deepEqual(emitting, { lesson: 'emitting-events', active: 0, checksShare: 0, triesShare: null });
  assert.deepEqual(aggregate([], totals)[0]!.checksShare, null);
});

test('dashboard: CSV has a row per student per lesson they touched, and defuses formulas', () => {
  const roster = [
    entry('=HYPERLINK("x")', { sockets: { checks: ['s-1'], tries: ['s-t'] } }),
    entry('Ben, Jr', {}, 'emitting-events'),
  ];
  const csv = progressCsv(roster, totals, { sockets: 'Sockets' });
  assert.equal(
    csv,
    'student,lesson,checks right,checks,exercises done,exercises\r\n' +
      `"'=HYPERLINK(""x"")",Sockets,1,2,1,1\r\n` +
      '"Ben, Jr",emitting-events,0,1,0,0\r\n',
  );
  assert.equal(csvCell('-1'), `"'-1"`);
  assert.equal(csvCell(3), '3');
});

test('dashboard: poll bars show shares and mark the right choice only once revealed', () => {
  const tally: PollTally = {
    pollId: 'p1',
    checkId: 'e-1',
    lesson: null,
    choices: 3,
    question: 'Q',
    labels: ['A', 'B', 'C'],
    correct: null,
    counts: [2, 1, 0],
    answered: 3,
    delivered: 3,
    revealed: false,
  };
  assert.deepEqual(
    pollBars(tally).map((b) => [b.count, b.share.toFixed(2), b.correct]),
    [
      [2, '0.67', false],
      [1, '0.33', false],
      [0, '0.00', false],
    ],
  );
  assert.equal(pollBars({ ...tally, correct: 0, revealed: true })[0]!.correct, true);
  assert.equal(pollBars({ ...tally, answered: 0, counts: [0, 0, 0] })[0]!.share, 0);
});

test('dashboard: the event stream keeps the newest entries only', () => {
  let log: Parameters<typeof addActivity>[0] = [];
  for (let i = 0; i < ACTIVITY_CAP + 5; i++) log = addActivity(log, { at: i, kind: 'join', text: String(i) });
  assert.equal(log.length, ACTIVITY_CAP);
  assert.equal(log[0]!.text, String(ACTIVITY_CAP + 4));
});

test('class codes: typed codes normalise, look-alikes are not in the alphabet', () => {
  assert.equal(normalizeCode(' k7q-m4xp '), 'K7QM4XP');
  assert.equal(isClassCode('K7QM4XP'), true);
  assert.equal(isClassCode('K7QM4X0'), false);
  assert.equal(isClassCode('K7QM4XI'), false);
  assert.equal(formatCode('K7QM4XP'), 'K7Q-M4XP');
});

test('membership: stored JSON is checked; the teacher link carries the key in the fragment only', () => {
  const good = { code: 'K7QM4XP', className: 'C', name: 'Ana', memberId: 'abcdefgh', memberToken: 'A'.repeat(22) };
  assert.deepEqual(parseMembership(JSON.stringify(good)), good);
  for (const bad of [
    null,
    '',
    '{',
    '[]',
    JSON.stringify({ ...good, code: 'nope' }),
    JSON.stringify({ ...good, memberToken: 'x' }),
  ]) {
    assert.equal(parseMembership(bad), null, String(bad));
  }
  const t = { code: 'K7QM4XP', teacherKey: 'B'.repeat(22), name: 'Class' };
  const link = teacherLink('http://127.0.0.1:4321', t);
  const url = new URL(link);
  assert.equal(url.search, '');
  assert.deepEqual(teachingFromHash(url.hash), t);
  assert.equal(teachingFromHash('#code=K7QM4XP'), null);
  assert.equal(parseTeaching('{"code":"K7QM4XP","teacherKey":"short"}'), null);
});

test('the banner’s first-paint script shows a student’s class, a teacher’s link, and nothing for anyone else', async () => {
  const { CLASS_BANNER_INIT } = await import('../../src/lib/class/banner-init.ts');
  const { MEMBERSHIP_KEY, TEACHING_KEY } = await import('../../src/lib/class/code.ts');
  const run = (stored: Record<string, string>, pathname = '/lessons/x/') => {
    const part = () => ({ hidden: true, textContent: '' });
    const parts: Record<string, ReturnType<typeof part>> = {
      '[data-class-banner-text]': part(),
      '[data-class-leave]': part(),
      '[data-class-banner-dashboard]': part(),
    };
    const banner = { hidden: true, dataset: {} as Record<string, string>, querySelector: (sel: string) => parts[sel] };
    const document = { currentScript: { previousElementSibling: banner } };
    const localStorage = { getItem: (k: string) => stored[k] ?? null };
    new Function('document', 'localStorage', 'location', CLASS_BANNER_INIT)(document, localStorage, { pathname });
    return { banner, parts };
  };
  const member = { className: 'Networks', name: 'Ana' };
  const student = run({ [MEMBERSHIP_KEY]: JSON.stringify(member) });
  assert.deepEqual([student.banner.hidden, student.banner.dataset.role], [false, 'student']);
  assert.equal(student.parts['[data-class-banner-text]']!.textContent, 'In class “Networks” as Ana');
  assert.equal(student.parts['[data-class-leave]']!.hidden, false);
  const teacher = run({ [TEACHING_KEY]: JSON.stringify({ name: 'Networks' }) });
  assert.deepEqual([teacher.banner.hidden, teacher.parts['[data-class-banner-dashboard]']!.hidden], [false, false]);
  assert.equal(
    run({ [TEACHING_KEY]: JSON.stringify({ name: 'N' }) }, '/class/').banner.hidden,
    true,
    'not on the dashboard',
  );
  assert.equal(run({}).banner.hidden, true);
  assert.equal(run({ [MEMBERSHIP_KEY]: '{broken' }).banner.hidden, true, 'unreadable storage shows nothing');
});
