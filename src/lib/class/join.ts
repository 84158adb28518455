// The join page: checks the code and name in the browser first (the server checks again), joins, stores the
// membership, and hands the connection to the banner. data-state on the root: form | joining | joined.
import { isClassCode, normalizeCode } from './code.ts';
import { openClassSocket, request, type ClassSocket } from './client.ts';
import { loadMembership, saveMembership } from './membership.ts';

export function mountJoin(root: HTMLElement): void {
  const form = root.querySelector<HTMLFormElement>('[data-join-form]')!;
  const code = form.querySelector<HTMLInputElement>('#join-code')!;
  const name = form.querySelector<HTMLInputElement>('#join-name')!;
  const status = form.querySelector<HTMLElement>('[data-join-status]')!;
  let socket: ClassSocket | undefined;

  const fromUrl = new URL(location.href).searchParams.get('code');
  if (fromUrl && isClassCode(normalizeCode(fromUrl))) {
    code.value = normalizeCode(fromUrl);
    name.focus();
  }

  const joined = (title: string) => {
    root.dataset.state = 'joined';
    form.hidden = true;
    const section = root.querySelector<HTMLElement>('[data-joined]')!;
    section.hidden = false;
    const heading = section.querySelector<HTMLElement>('[data-joined-title]')!;
    heading.textContent = title;
    heading.focus();
  };
  const already = loadMembership();
  if (already) joined(`You are in “${already.className}” as ${already.name}`);

  const fail = (text: string, field?: HTMLInputElement) => {
    root.dataset.state = 'form';
    status.textContent = text;
    status.dataset.kind = 'error';
    if (field) {
      field.setAttribute('aria-invalid', 'true');
      field.focus();
    }
  };

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    code.removeAttribute('aria-invalid');
    name.removeAttribute('aria-invalid');
    const typed = normalizeCode(code.value);
    if (!isClassCode(typed))
      return fail('That is not a class code: it has 7 letters and digits (no 0, O, 1, I, L or U).', code);
    if (!name.value.trim()) return fail('Type the name your teacher should see.', name);
    status.textContent = 'Joining…';
    status.dataset.kind = '';
    root.dataset.state = 'joining';
    socket ??= await openClassSocket();
    const res = await request(socket, 'class:join', { code: typed, name: name.value.trim() });
    if (!res.ok) return fail(res.error, res.code === 'name-taken' || /name/.test(res.error) ? name : code);
    saveMembership({
      code: res.data.code,
      className: res.data.className,
      name: res.data.name,
      memberId: res.data.memberId,
      memberToken: res.data.memberToken,
    });
    status.textContent = '';
    joined(`You are in “${res.data.className}” as ${res.data.name}`);
    const { startBanner } = await import('./banner.ts');
    await startBanner({ socket, membership: res.data });
  });
}
