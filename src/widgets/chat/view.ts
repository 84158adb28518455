// Draws the chat's state with d3-selection data joins: the online list, the messages, the typing line.
// Every piece of user text goes through .text(), never HTML. It only reads the model's state.
import { select } from 'd3-selection';
import {
  clipText,
  CLIP_AT,
  describeTyping,
  privateTargets,
  typingNow,
  type ChatEntry,
  type ChatState,
} from './model.ts';
import type { ChatUser } from '../../contract/index.ts';

export interface ChatView {
  render(state: ChatState, now: number): void;
}

export function createChatView(root: HTMLElement): ChatView {
  const users = select(root.querySelector<HTMLElement>('[data-users]')!);
  const count = root.querySelector<HTMLElement>('[data-online-count]')!;
  const list = root.querySelector<HTMLOListElement>('[data-messages]')!;
  const typingLine = root.querySelector<HTMLElement>('[data-typing]')!;
  const to = root.querySelector<HTMLSelectElement>('[data-to]')!;
  // Long messages the learner chose to read in full (a view choice, not chat state).
  const expanded = new Set<string>();
  let last: ChatState | undefined;

  list.addEventListener('click', (event) => {
    const button = (event.target as Element).closest<HTMLButtonElement>('button.more');
    const key = button?.closest<HTMLLIElement>('li')?.dataset.key;
    if (!key || !last) return;
    if (expanded.has(key)) expanded.delete(key);
    else expanded.add(key);
    render(last, performance.now());
  });

  function render(state: ChatState, now: number) {
    last = state;
    users
      .selectAll<HTMLLIElement, ChatUser>('li')
      .data(state.users, (u) => u.id)
      .join('li')
      .attr('data-id', (u) => u.id)
      .attr('data-me', (u) => String(u.id === state.me?.id))
      .text((u) => (u.id === state.me?.id ? `${u.nick} (you)` : u.nick));
    count.textContent = `(${state.users.length})`;
    root.dataset.users = state.users.map((u) => u.nick).join(',');

    const stick = list.scrollTop + list.clientHeight >= list.scrollHeight - 8;
    const items = select(list)
      .selectAll<HTMLLIElement, ChatEntry>('li')
      .data(state.entries, (e) => e.key)
      .join((enter) => {
        const li = enter.append('li');
        li.append('span').attr('class', 'from');
        li.append('span').attr('class', 'text');
        li.append('span').attr('class', 'meta');
        li.append('button').attr('type', 'button').attr('class', 'more');
        return li;
      });
    const long = (e: ChatEntry) => e.text.length > CLIP_AT;
    items.attr('data-key', (e) => e.key).attr('data-clipped', (e) => String(long(e) && !expanded.has(e.key)));
    items
      .attr('data-kind', (e) => e.kind)
      .attr('data-from', (e) => e.from || null)
      .attr('data-pending', (e) => String(Boolean(e.pending)));
    items.select('.from').text((e) => heading(e));
    items.select('.text').text((e) => (expanded.has(e.key) ? e.text : clipText(e.text)));
    items
      .select<HTMLButtonElement>('button.more')
      .property('hidden', (e) => !long(e))
      .attr('aria-expanded', (e) => (long(e) ? String(expanded.has(e.key)) : null))
      .text((e) => (!long(e) ? '' : expanded.has(e.key) ? 'Show less' : `Show all ${e.text.length} characters`));
    items
      .select('.meta')
      .text((e) => (e.pending ? 'sending…' : e.rttMs !== undefined ? `✓ ${Math.round(e.rttMs)} ms` : ''));
    if (stick) list.scrollTop = list.scrollHeight;

    const typing = typingNow(state, now);
    typingLine.textContent = describeTyping(typing);
    root.dataset.typing = typing.join(',');

    // Private-message targets: keep the learner's choice while the person is still online.
    const chosen = to.value;
    const targets = privateTargets(state);
    select(to)
      .selectAll<HTMLOptionElement, ChatUser>('option.user')
      .data(targets, (u) => u.id)
      .join('option')
      .attr('class', 'user')
      .attr('value', (u) => u.id)
      .text((u) => `${u.nick} (private)`);
    to.value = targets.some((u) => u.id === chosen) ? chosen : '';
  }

  return { render };
}

function heading(e: ChatEntry): string {
  switch (e.kind) {
    case 'message':
    case 'mine':
      return `${e.from}:`;
    case 'private-in':
      return `${e.from} (privately to you):`;
    case 'private-out':
      return `You (privately to ${e.to}):`;
    default:
      return '';
  }
}
