// Teacher view (a browser that runs a class, not a student's): "Ask the class" puts this widget's "predict who
// receives" to the class, like a <Check>. The widget first runs the emit for real in the teacher's own lab and
// notes who really received it, without showing it; the server keeps that until the teacher reveals it on the
// dashboard, and students predict in their own copy of this widget meanwhile.
import { openClassSocket, request, type ClassSocket } from '../../lib/class/client.ts';
import { loadMembership, loadTeaching } from '../../lib/class/membership.ts';

export interface QuietRun {
  /** The setup in words: the call, the sender, who is in which room. */
  question: string;
  names: string[];
  /** Names of the clients that really received it. */
  received: string[];
}

let socket: Promise<ClassSocket> | undefined;

/** Shows the button in teacher view; `run` fires the form's emit quietly (or says why it cannot). */
export function mountAskClass(root: HTMLElement, run: () => Promise<QuietRun | { error: string }>): void {
  const button = root.querySelector<HTMLButtonElement>('[data-ask-class]');
  const status = root.querySelector<HTMLElement>('[data-ask-status]');
  if (!button || !status || !root.id || !loadTeaching() || loadMembership()) return;
  button.hidden = false;
  button.addEventListener('click', async () => {
    const teaching = loadTeaching();
    if (!teaching) return void (status.textContent = 'No class is running in this browser.');
    if (button.getAttribute('aria-disabled') === 'true') return;
    button.setAttribute('aria-disabled', 'true');
    status.textContent = 'Running it in your lab to find out who really receives it…';
    try {
      const out = await run();
      if ('error' in out) return void (status.textContent = out.error);
      socket ??= openClassSocket();
      const lesson = document.querySelector<HTMLElement>('article[data-lesson]')?.dataset.lesson;
      const res = await request(await socket, 'class:predict', {
        code: teaching.code,
        teacherKey: teaching.teacherKey,
        widgetId: root.id,
        ...(lesson ? { lesson } : {}),
        question: out.question,
        names: out.names,
        received: out.received.map((n) => out.names.indexOf(n)).filter((i) => i >= 0),
      });
      status.textContent = res.ok
        ? 'Asked. Predictions arrive on the dashboard; who really received it stays hidden until you reveal it there.'
        : res.error;
      root.dataset.classPoll = res.ok ? res.data.pollId : '';
    } finally {
      button.removeAttribute('aria-disabled');
    }
  });
}
