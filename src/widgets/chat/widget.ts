// Mounts the chat: one real client for this page, in a lab that the share link lets others join. Socket events
// feed the model; the view draws it; the event log says which Socket.IO call carried each thing.
import type { ChatMessage, ChatPrivateMessage } from '../../contract/index.ts';
import { announceGoal, frame } from '../../lib/widget/widget-frame.ts';
import { showConnectionStatus } from '../../lib/widget/connection-status.ts';
import { describeConnection } from '../../lib/socket/connection-state.ts';
import { labFromUrl } from '../../lib/socket/lab-link.ts';
import { openLabSession, request, type LabSession } from '../../lib/socket/virtual-clients.ts';
import {
  acknowledged,
  clipText,
  emptyChat,
  joined,
  nextTypingExpiry,
  noticed,
  presence,
  received,
  receivedPrivate,
  sending,
  shouldSendTyping,
  typingSeen,
  type ChatState,
} from './model.ts';
import { createChatView } from './view.ts';
import { startBot, type Bot } from './bot.ts';

export function mount(root: HTMLElement): void {
  const ui = frame(root);
  const view = createChatView(root);
  const nickForm = root.querySelector<HTMLFormElement>('[data-nick-form]')!;
  const nickInput = nickForm.querySelector<HTMLInputElement>('input[name="nick"]')!;
  const nickHint = nickForm.querySelector<HTMLElement>('.hint')!;
  const joinButton = root.querySelector<HTMLButtonElement>('[data-join]')!;
  const chat = root.querySelector<HTMLElement>('[data-chat]')!;
  const sendForm = root.querySelector<HTMLFormElement>('[data-send-form]')!;
  const text = root.querySelector<HTMLInputElement>('[data-text]')!;
  const to = root.querySelector<HTMLSelectElement>('[data-to]')!;
  const botButton = root.querySelector<HTMLButtonElement>('[data-bot]')!;
  const hintText = nickHint.textContent ?? '';

  let state: ChatState = emptyChat();
  let session: LabSession | undefined;
  let bot: Bot | undefined;
  let counter = 0;
  let lastTypingAt: number | undefined;
  let typingTimer: ReturnType<typeof setTimeout> | undefined;

  const socket = () => session?.clients[0]?.socket;
  const update = (next: ChatState) => {
    state = next;
    const now = performance.now();
    view.render(state, now);
    clearTimeout(typingTimer);
    const expiry = nextTypingExpiry(state, now);
    if (expiry !== undefined) typingTimer = setTimeout(() => update(state), expiry - now + 20);
  };

  const showJoined = (isIn: boolean) => {
    nickForm.hidden = isIn;
    chat.hidden = !isIn;
    root.dataset.joined = String(isIn);
    if (state.me) root.dataset.nick = state.me.nick;
  };

  async function join(nick: string) {
    const s = socket();
    if (!s) return;
    const res = await request(s, 'chat:join', { nick });
    if (!res.ok) {
      nickHint.textContent = res.error;
      nickHint.dataset.tone = 'bad';
      ui.log(`The server refused the nickname: ${res.error}`, 'bad', { kind: 'nick-refused' });
      showJoined(false);
      return;
    }
    nickHint.textContent = hintText;
    delete nickHint.dataset.tone;
    update(joined(state, res.data, s.id ?? ''));
    text.maxLength = res.data.limits.maxTextLength;
    showJoined(true);
    ui.log(
      `You joined as ${res.data.nick}: the server called socket.join on your lab's chat room and told the others with socket.to(room).emit.`,
      'ok',
      { kind: 'joined' },
    );
  }

  async function start(labId?: string) {
    bot?.close();
    bot = undefined;
    botButton.textContent = 'Add a bot';
    session?.close();
    state = emptyChat();
    update(state);
    showJoined(false);
    ui.setState('loading', 'Connecting…');
    session = await openLabSession({
      kind: 'chat',
      widgetId: root.id,
      names: ['Guest'],
      labId,
      onConnection: (client) => {
        const c = client.connection;
        const shown = showConnectionStatus(ui, [client], c.status === 'connected', {
          waiting: describeConnection('You', c),
        });
        if (shown === 'partial') joinButton.disabled = true;
        if (c.status === 'reconnecting') ui.log(describeConnection('You', c), 'bad');
      },
      onLab: () => {
        ui.showLab(session?.labId(), () => void start());
        ui.setState('connected', `Live: connected to lab ${session?.labId()}.`);
        joinButton.disabled = false;
        // A reconnect is a new socket, in no room: join the chat again under the same nickname.
        if (state.me) void join(state.me.nick);
      },
      onError: (message) => ui.log(message, 'bad'),
    });
    const s = session.clients[0]!.socket;
    s.on('chat:message', (m: ChatMessage) => {
      update(received(state, m));
      ui.log(`${m.from} says “${clipText(m.text, 80)}” (arrived through the room).`, 'info', {
        kind: 'message',
        from: m.from,
      });
      announceGoal('chat:conversation');
    });
    s.on('chat:private', (m: ChatPrivateMessage) => {
      update(receivedPrivate(state, m));
      ui.log(`${m.from} sent you a private message: it came to your socket's own room.`, 'info', {
        kind: 'private',
        from: m.from,
      });
    });
    s.on('chat:notice', (n) => {
      update(noticed(state, n));
      ui.log(`${n.nick} ${n.kind === 'join' ? 'joined' : 'left'} the chat.`, 'info', { kind: n.kind });
    });
    s.on('chat:presence', ({ users }) => update(presence(state, users)));
    s.on('chat:typing', (t) => update(typingSeen(state, t, performance.now())));
  }

  function stopTyping() {
    const s = socket();
    if (lastTypingAt !== undefined && s) void request(s, 'chat:typing', { typing: false });
    lastTypingAt = undefined;
  }

  nickForm.addEventListener('submit', (event) => {
    event.preventDefault();
    // Joining hides the form and the button that had focus: put the learner where they type next, not on <body>.
    void join(nickInput.value).then(() => {
      if (nickForm.hidden) text.focus();
    });
  });

  text.addEventListener('input', () => {
    const s = socket();
    if (!s || !state.limits) return;
    if (!text.value.trim()) return stopTyping();
    const now = performance.now();
    if (!shouldSendTyping(lastTypingAt, now, state.limits.typingIntervalMs)) return;
    lastTypingAt = now;
    void request(s, 'chat:typing', { typing: true });
  });
  text.addEventListener('blur', stopTyping);

  sendForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    const s = socket();
    const body = text.value.trim();
    if (!s || !body) return;
    const target = to.value;
    const targetNick = state.users.find((u) => u.id === target)?.nick;
    const key = `k${++counter}`;
    text.value = '';
    stopTyping();
    const t0 = performance.now();
    update(sending(state, key, body, target ? targetNick : undefined));
    // A whisper is for one message, as in chat apps: "To" goes back to everyone, so the next one is not
    // silently private too.
    if (target) to.value = '';
    const res = target
      ? await request(s, 'chat:private', { to: target, text: body })
      : await request(s, 'chat:send', { text: body });
    const rtt = performance.now() - t0;
    update(acknowledged(state, key, res, rtt));
    if (!res.ok) {
      ui.log(`Not sent: ${res.error}`, 'bad', { kind: 'refused' });
      return;
    }
    if (target) {
      ui.log(
        `Private message to ${targetNick}: the server ran socket.to(<their socket id>).emit and acknowledged after ${Math.round(rtt)} ms. “To” is back to Everyone.`,
        'ok',
        { kind: 'sent-private' },
      );
      announceGoal('chat:private');
    } else {
      ui.log(
        `Sent: the server acknowledged after ${Math.round(rtt)} ms and passed it on with socket.to(room).emit.`,
        'ok',
        { kind: 'sent' },
      );
    }
  });

  botButton.addEventListener('click', async () => {
    if (bot) {
      bot.close();
      bot = undefined;
      botButton.textContent = 'Add a bot';
      ui.log('The bot disconnected.', 'info', { kind: 'bot' });
      return;
    }
    const labId = session?.labId();
    if (!labId) return;
    botButton.disabled = true;
    bot = await startBot(labId, (line, bad) => ui.log(line, bad ? 'bad' : 'info', { kind: 'bot' }));
    botButton.disabled = false;
    botButton.textContent = 'Remove the bot';
  });

  void start(labFromUrl(root.id));
}
