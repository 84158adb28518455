// A student's side of the class, on every page: the class connection (rejoined after every reconnect), which
// lesson is open, progress as it changes, the checks the teacher asks, reveals, suggestions, cuts and the end.
// Loaded only when this browser holds a class membership. State for tests: data-state on the banner.
import type { AskedPoll, ClassMembership } from '../../contract/class.ts';
import { loadProgress, watchProgress } from '../progress/browser.ts';
import type { Progress } from '../progress/store.ts';
import { openClassSocket, request, type ClassSocket } from './client.ts';
import { clearMembership, loadMembership, saveMembership } from './membership.ts';
import { classLeft } from './class-lab.ts';
import { answerAsked, markAsked, revealAsked } from './asked-check.ts';
import { predictionAsked, predictionRevealed } from './asked-prediction.ts';

/** `joined`: the join page hands over its connection and the membership it just got. */
export async function startBanner(joined?: { socket: ClassSocket; membership: ClassMembership }): Promise<void> {
  const banner = document.querySelector<HTMLElement>('[data-class-banner]');
  const stored = loadMembership();
  if (!banner || !stored) return;
  const notice = banner.querySelector<HTMLElement>('[data-class-notice]')!;
  const leave = banner.querySelector<HTMLButtonElement>('[data-class-leave]')!;
  banner.querySelector('[data-class-banner-text]')!.textContent = `In class “${stored.className}” as ${stored.name}`;
  leave.hidden = false;
  banner.querySelector<HTMLElement>('[data-class-banner-dashboard]')!.hidden = true;
  banner.hidden = false;
  banner.dataset.state = 'connecting';

  const lesson = document.querySelector<HTMLElement>('article[data-lesson]')?.dataset.lesson ?? null;
  const socket = joined?.socket ?? (await openClassSocket());
  let poll: AskedPoll | null = null;
  const sent = new Map<string, string>();

  const say = (text: string, link?: { href: string; label: string }) => {
    notice.replaceChildren(document.createTextNode(text));
    if (link) {
      notice.append(' ', Object.assign(document.createElement('a'), { href: link.href, textContent: link.label }));
      const dismiss = Object.assign(document.createElement('button'), { type: 'button', textContent: 'Dismiss' });
      dismiss.addEventListener('click', () => notice.replaceChildren());
      notice.append(dismiss);
    }
  };
  const finish = (state: 'ended' | 'left', text: string) => {
    clearMembership();
    classLeft();
    banner.dataset.state = state;
    leave.hidden = true;
    banner.querySelector('[data-class-banner-text]')!.textContent = text;
    say('');
    socket.close();
  };

  /** Reports each lesson's right checks and done exercises, only when they changed since the last report. */
  const report = (progress: Progress) => {
    if (banner.dataset.state !== 'in-class') return;
    for (const [id, p] of Object.entries(progress.lessons)) {
      const body = { lesson: id, checks: Object.keys(p.checks).slice(0, 50), tries: Object.keys(p.tries).slice(0, 50) };
      const key = JSON.stringify(body);
      if (sent.get(id) === key || (!body.checks.length && !body.tries.length && id !== lesson)) continue;
      sent.set(id, key);
      void request(socket, 'class:progress', body);
    }
  };

  const entered = async (m: ClassMembership) => {
    saveMembership({
      code: m.code,
      className: m.className,
      name: m.name,
      memberId: m.memberId,
      memberToken: m.memberToken,
    });
    banner.dataset.state = 'in-class';
    await request(socket, 'class:where', { lesson });
    sent.clear();
    report(loadProgress());
    if (m.poll) {
      poll = m.poll;
      if (m.poll.prediction) predictionAsked(m.poll, answer);
      else markAsked(m.poll);
    }
  };
  const answer = (pollId: string, choice: number) => request(socket, 'class:answer', { pollId, choice });

  socket.on('connect', async () => {
    const m = loadMembership();
    if (!m) return;
    const res = await request(socket, 'class:resume', { code: m.code, memberToken: m.memberToken });
    if (res.ok) await entered(res.data);
    else if (res.code === 'unknown-class') finish('ended', 'The class has ended. Your progress stays in this browser.');
    else say(res.error);
  });
  if (joined) await entered(joined.membership);
  socket.on('class:asked', (asked, ack) => {
    poll = asked;
    if (asked.prediction) predictionAsked(asked, answer);
    else markAsked(asked);
    ack(true);
    // A widget prediction names the widget's element id; a check its self-check.
    const where = asked.prediction
      ? `#${CSS.escape(asked.prediction.widgetId)}`
      : `self-check[data-check="${CSS.escape(asked.checkId)}"]`;
    if (!document.querySelector(where) && asked.lesson) {
      say('Your teacher asked the class a question.', { href: `/lessons/${asked.lesson}/`, label: 'Go to the lesson' });
    }
  });
  socket.on('class:revealed', ({ pollId, received }) => {
    if (poll?.pollId !== pollId) return;
    if (poll.prediction) predictionRevealed(pollId, received ?? []);
    else revealAsked(poll);
  });
  socket.on('class:suggested', ({ href, title }) => say('Your teacher suggests:', { href, label: title }));
  socket.on('class:cut', ({ seconds }) =>
    say(
      `Your teacher cut your demo connections for ${seconds} s. Watch your widgets lose their connection and come back.`,
    ),
  );
  socket.on('class:ended', ({ reason }) =>
    finish(
      reason === 'left' ? 'left' : 'ended',
      reason === 'left' ? 'You left the class.' : 'The class has ended. Your progress stays in this browser.',
    ),
  );
  socket.on('disconnect', () => {
    if (banner.dataset.state === 'in-class') banner.dataset.state = 'connecting';
  });

  // Check dispatches sp:check after showing its feedback; for the asked check, hold it back and send the answer.
  // (A restored answer at page load counts too: it is the answer this student gave.) One answer per student:
  // a second submit keeps the first answer on screen.
  document.addEventListener('sp:check', (event) => {
    const { id, choice } = (event as CustomEvent<{ id: string; choice?: number }>).detail;
    if (!poll || poll.checkId !== id || poll.revealed || choice === undefined) return;
    const asked = poll;
    if (asked.answered !== null) return answerAsked(asked, asked.answered);
    answerAsked(asked, choice);
    asked.answered = choice;
    void request(socket, 'class:answer', { pollId: asked.pollId, choice }).then((res) => {
      if (!res.ok) say(res.error);
    });
  });
  watchProgress(report);

  leave.addEventListener('click', async () => {
    await request(socket, 'class:leave', {});
    finish('left', 'You left the class.');
  });
}
