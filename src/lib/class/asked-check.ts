// How a <Check> looks while the teacher has put it to the class: marked as asked; once answered, the
// explanation waits for the teacher's reveal (so the room's answers are its own), then comes back.
import type { AskedPoll } from '../../contract/class.ts';

const held = new WeakMap<HTMLElement, { text: string; result: string }>();

const find = (checkId: string) =>
  document.querySelector<HTMLElement>(`self-check[data-check="${CSS.escape(checkId)}"]`);

export function markAsked(poll: AskedPoll): void {
  const check = find(poll.checkId);
  if (!check) return;
  check.dataset.classAsked = poll.revealed ? 'revealed' : poll.answered === null ? 'open' : 'answered';
  if (!check.querySelector('.class-asked')) {
    const label = Object.assign(document.createElement('p'), {
      className: 'class-asked',
      textContent: 'Your teacher asked the class this question.',
    });
    check.querySelector('form')?.prepend(label);
  }
  if (poll.revealed) revealAsked(poll);
}

/** Called right after Check has shown its feedback: hold the explanation back until the reveal. */
export function answerAsked(poll: AskedPoll, choice: number): void {
  const check = find(poll.checkId);
  const feedback = check?.querySelector<HTMLElement>('.feedback');
  if (!check || !feedback) return;
  held.set(check, { text: feedback.textContent ?? '', result: feedback.dataset.result ?? '' });
  check.querySelectorAll('.choice').forEach((c) => c.removeAttribute('data-result'));
  feedback.dataset.result = '';
  feedback.textContent = `Answer ${String.fromCharCode(65 + choice)} sent to your teacher. The explanation appears when they reveal the answer.`;
  check.dataset.classAsked = 'answered';
}

export function revealAsked(poll: AskedPoll): void {
  const check = find(poll.checkId);
  if (!check) return;
  check.dataset.classAsked = 'revealed';
  const feedback = check.querySelector<HTMLElement>('.feedback');
  const kept = held.get(check);
  const right = check.querySelector<HTMLElement>('.choice[data-correct="true"]');
  right?.setAttribute('data-result', 'right');
  if (feedback) {
    feedback.dataset.result = kept?.result ?? 'right';
    feedback.textContent = kept?.text || `The answer: ${right?.textContent?.trim() ?? ''}. ${right?.dataset.why ?? ''}`;
  }
  check.querySelector('.class-asked')!.textContent = 'Your teacher revealed the answer.';
}
