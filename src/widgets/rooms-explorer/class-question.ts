// A student's side of "predict who receives" put to the class: the question (the setup in words) shows in this
// widget, the student ticks who they think receives it and sends it once; after the teacher's reveal the widget
// says who really received it and whether the prediction was right. State for tests: data-class-question on
// the section ('open' | 'answered' | 'revealed').
import { maskOf, namesIn, sendPrediction, watchPrediction } from '../../lib/class/asked-prediction.ts';
import type { AskedPredictionState } from '../../lib/class/asked-prediction.ts';

const list = (names: string[]) => (names.length ? names.join(', ') : 'nobody');

export function mountClassQuestion(root: HTMLElement): void {
  const box = root.querySelector<HTMLElement>('[data-class-question]');
  if (!box || !root.id) return;
  const form = box.querySelector<HTMLFormElement>('[data-cq-form]')!;
  const boxes = box.querySelector<HTMLElement>('[data-cq-boxes]')!;
  const send = box.querySelector<HTMLButtonElement>('[data-cq-send]')!;
  const status = box.querySelector<HTMLElement>('[data-cq-status]')!;
  let shown: AskedPredictionState | undefined;

  const draw = (s: AskedPredictionState) => {
    const { poll, received } = s;
    const { names, question } = poll.prediction;
    if (shown?.poll.pollId !== poll.pollId) {
      // A new question: fresh boxes, one per client it names (text, never markup).
      boxes.replaceChildren(
        ...names.map((name) => {
          const label = document.createElement('label');
          const input = Object.assign(document.createElement('input'), { type: 'checkbox', name: 'cq', value: name });
          label.append(input, ` ${name}`);
          return label;
        }),
      );
    }
    shown = s;
    box.hidden = false;
    box.querySelector('[data-cq-text]')!.textContent = question;
    const answered = poll.answered;
    if (answered !== null) {
      for (const input of boxes.querySelectorAll<HTMLInputElement>('input')) {
        input.checked = namesIn(names, answered).includes(input.value);
      }
    }
    const closed = answered !== null || poll.revealed;
    for (const input of boxes.querySelectorAll<HTMLInputElement>('input')) input.disabled = closed;
    send.disabled = closed;
    box.dataset.classQuestion = poll.revealed ? 'revealed' : answered === null ? 'open' : 'answered';
    if (poll.revealed && received) {
      const really = received.map((i) => names[i]!);
      const mine = answered === null ? undefined : namesIn(names, answered);
      const right = mine !== undefined && mine.length === really.length && mine.every((n) => really.includes(n));
      status.textContent =
        `Who really received it: ${list(really)}.` +
        (mine === undefined ? '' : ` You predicted ${list(mine)}: ${right ? 'right.' : 'not quite.'}`);
      box.dataset.result = mine === undefined ? '' : right ? 'right' : 'wrong';
    } else if (answered !== null) {
      status.textContent = `Sent: ${list(namesIn(names, answered))}. Your teacher reveals who really received it.`;
    } else {
      status.textContent = '';
    }
  };

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!shown || send.disabled) return;
    const { names } = shown.poll.prediction;
    const chosen = [...boxes.querySelectorAll<HTMLInputElement>('input:checked')].map((b) => b.value);
    send.disabled = true;
    const res = await sendPrediction(shown.poll.pollId, maskOf(names, chosen));
    if (!res.ok) {
      status.textContent = res.error;
      send.disabled = false;
      return;
    }
    draw({ ...shown, poll: { ...shown.poll, answered: res.data.choice } });
  });

  watchPrediction(root.id, draw);
}
