// How a <Check> looks while the teacher has put it to the class: marked as asked; once answered, the
// explanation waits for the teacher's reveal (so the room's answers are its own), then comes back.
import type { AskedPoll } from '../../contract/class.ts';

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
  check.querySelectorAll('.choice').forEach((c) => c.removeAttribute('data-result'));
  feedback.dataset.result = '';
  feedback.textContent = `Answer ${String.fromCharCode(65 + choice)} sent to your teacher. The explanation appears when they reveal the answer.`;
  check.dataset.classAsked = 'answered';
}

/** After the reveal: the right choice marked, and the explanation of the answer this student sent (as Check words it). */
export function revealAsked(poll: AskedPoll): void {
  const check = find(poll.checkId);
  if (!check) return;
  check.dataset.classAsked = 'revealed';
  const choices = [...check.querySelectorAll<HTMLElement>('.choice')];
  const right = choices.find((c) => c.dataset.correct === 'true');
  const sent = poll.answered === null ? undefined : choices[poll.answered];
  choices.forEach((c) => c.removeAttribute('data-result'));
  right?.setAttribute('data-result', 'right');
  if (sent && sent !== right) sent.setAttribute('data-result', 'wrong');
  const feedback = check.querySelector<HTMLElement>('.feedback');
  if (feedback) {
    const correct = sent !== undefined && sent === right;
    feedback.dataset.result = sent ? (correct ? 'right' : 'wrong') : '';
    feedback.textContent = sent
      ? `${correct ? 'Right.' : 'Not quite.'} ${sent.dataset.why ?? ''}`
      : `The answer: ${right?.textContent?.trim() ?? ''}. ${right?.dataset.why ?? ''}`;
  }
  const label = check.querySelector('.class-asked');
  if (label) label.textContent = 'Your teacher revealed the answer.';
}
