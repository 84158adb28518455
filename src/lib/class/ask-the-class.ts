// Teacher view on a lesson page, in a browser that runs a class: an "Ask the class" button under every
// self-check. It sends the check's id, wording and choices with the teacher key; answers arrive on the dashboard.
import { openClassSocket, request, type ClassSocket } from './client.ts';
import { loadTeaching } from './membership.ts';

let socket: Promise<ClassSocket> | undefined;

const clean = (text: string | null | undefined) => (text ?? '').replace(/\s+/g, ' ').trim().slice(0, 300);

export function offerChecks(): void {
  const lesson = document.querySelector<HTMLElement>('article[data-lesson]')?.dataset.lesson;
  for (const check of document.querySelectorAll<HTMLElement>('self-check[data-check]')) {
    const checkId = check.dataset.check;
    if (!checkId || check.querySelector('.ask-class')) continue;
    const row = Object.assign(document.createElement('div'), { className: 'ask-class' });
    const button = Object.assign(document.createElement('button'), {
      type: 'button',
      className: 'button secondary',
      textContent: 'Ask the class',
    });
    button.dataset.askClass = checkId;
    const status = Object.assign(document.createElement('span'), { className: 'ask-class-status' });
    status.setAttribute('role', 'status');
    row.append(button, status);
    check.querySelector('form')?.after(row);

    button.addEventListener('click', async () => {
      const teaching = loadTeaching();
      if (!teaching) return void (status.textContent = 'No class is running in this browser.');
      const choices = [...check.querySelectorAll<HTMLElement>('.choice')];
      const legend = check.querySelector('legend')?.cloneNode(true) as HTMLElement | undefined;
      legend?.querySelector('.label')?.remove();
      status.textContent = 'Asking…';
      socket ??= openClassSocket();
      const res = await request(await socket, 'class:poll', {
        code: teaching.code,
        teacherKey: teaching.teacherKey,
        checkId,
        ...(lesson ? { lesson } : {}),
        choices: choices.length,
        question: clean(legend?.textContent) || checkId,
        labels: choices.map((c) => clean(c.textContent) || '—'),
        correct: Math.max(
          0,
          choices.findIndex((c) => c.dataset.correct === 'true'),
        ),
      });
      status.textContent = res.ok ? 'Asked. Answers arrive on the dashboard.' : res.error;
      check.dataset.classPoll = res.ok ? res.data.pollId : '';
    });
  }
}
