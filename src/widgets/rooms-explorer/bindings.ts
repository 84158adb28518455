// The explorer's controls: a membership checkbox makes the server call socket.join / socket.leave for that
// client; a connection button disconnects or reconnects one client; the form saves its settings to the URL,
// switches predicting on and off, and fires.
import { formState } from '../../lib/widget/form-state.ts';
import { setRoom } from './clients.ts';
import { clientOf, type Explorer } from './explorer.ts';
import { fire } from './fire.ts';
import { refreshCode, render, setMembers } from './render.ts';
import { isSetting, SETTINGS } from './settings.ts';

const quoted = (rooms: string[]) => rooms.map((r) => `"${r}"`).join(' and ');

export function bindControls(x: Explorer): void {
  const { root, form, predictOn, ui } = x;

  root.querySelector('[data-members]')!.addEventListener('change', async (event) => {
    const box = event.target as HTMLInputElement;
    const name = box.dataset.client;
    const room = box.dataset.room;
    const client = name ? clientOf(x, name) : undefined;
    if (!client || !room) return;
    const join = box.checked;
    box.dataset.busy = '1';
    const res = await setRoom(client, room, join);
    delete box.dataset.busy;
    if (res.ok) {
      ui.log(`The server called socket.${join ? 'join' : 'leave'}("${room}") for ${name}.`, 'info', {
        kind: join ? 'join' : 'leave',
        client: client.name,
      });
      setMembers(x, res.data);
    } else {
      ui.log(res.error, 'bad');
      render(x);
    }
  });

  root.addEventListener('click', (event) => {
    const button = (event.target as HTMLElement).closest<HTMLButtonElement>('[data-toggle-conn]');
    const client = button ? clientOf(x, button.dataset.toggleConn!) : undefined;
    if (!client) return;
    if (client.socket.connected) {
      const member = x.state.members.find((m) => m.id === client.socket.id);
      if (member?.rooms.length) x.leaving.set(member.id, { name: client.name, rooms: member.rooms });
      const where = member?.rooms.length ? ` while in ${quoted(member.rooms)}` : '';
      ui.log(`${client.name} disconnects${where}.`, 'info', { kind: 'disconnect', client: client.name });
      client.socket.disconnect();
    } else {
      ui.log(`${client.name} reconnects: a new connection is a new socket, with a new id and no rooms.`, 'info', {
        kind: 'reconnect',
        client: client.name,
      });
      client.socket.connect();
    }
  });

  form.addEventListener('change', (event) => {
    const t = event.target as HTMLInputElement;
    if (isSetting(t.name)) x.setup.save(formState(form, SETTINGS));
    if (t === predictOn) {
      form.querySelector<HTMLElement>('.predict')!.toggleAttribute('data-off', !predictOn.checked);
      for (const b of form.querySelectorAll<HTMLInputElement>('input[name="predict"]')) b.disabled = !predictOn.checked;
    }
    refreshCode(x);
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void fire(x);
  });
}
