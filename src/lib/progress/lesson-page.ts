// On a lesson page: remember the visit, record right answers and ticked exercises, and put back what the
// learner did last time (ticks, and right answers shown as answered) once Check and Try are ready.
import { applyProgress, loadProgress } from './browser.ts';

export async function trackLesson(lesson: string): Promise<void> {
  applyProgress({ type: 'visit', lesson });
  document.addEventListener('sp:check', (event) => {
    const { id, correct, choice } = (event as CustomEvent<{ id: string; correct: boolean; choice?: number }>).detail;
    applyProgress({ type: 'check', lesson, id, correct, choice });
  });
  document.addEventListener('sp:try', (event) => {
    const { id, done } = (event as CustomEvent<{ id: string; done: boolean }>).detail;
    applyProgress({ type: 'try', lesson, id, done });
  });

  const saved = loadProgress().lessons[lesson];
  if (!saved) return;
  if (Object.keys(saved.tries).length) {
    await customElements.whenDefined('try-exercise');
    for (const id of Object.keys(saved.tries)) {
      const box = document.querySelector<HTMLInputElement>(
        `try-exercise[data-try="${CSS.escape(id)}"] [data-try-done]`,
      );
      if (!box || box.checked) continue;
      box.checked = true;
      box.dispatchEvent(new Event('change'));
    }
  }
  if (Object.keys(saved.checks).length) {
    await customElements.whenDefined('self-check');
    for (const [id, choice] of Object.entries(saved.checks)) {
      const check = document.querySelector<HTMLElement>(`self-check[data-check="${CSS.escape(id)}"]`);
      const radio = check?.querySelector<HTMLInputElement>(`input[type="radio"][value="${choice}"]`);
      if (!check || !radio || check.dataset.state) continue;
      radio.checked = true;
      check.dataset.restored = 'true';
      // Check's own handler shows the feedback, exactly as before; quietly, so a screen reader is not read every
      // old answer on arrival.
      const feedback = check.querySelector<HTMLElement>('.feedback');
      feedback?.setAttribute('aria-live', 'off');
      check.querySelector('form')?.requestSubmit();
      setTimeout(() => feedback?.setAttribute('aria-live', 'polite'), 0);
    }
  }
}
