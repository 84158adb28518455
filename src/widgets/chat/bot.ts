// The chat's bot: a second real Socket.IO connection from this page, for learners alone. It joins the same lab's
// chat with a nickname of its own, "types" before answering, and answers private messages privately.
import { openLabSession, request, type LabSession } from '../../lib/socket/virtual-clients.ts';

const BOT = /^Echo bot/;
const REPLY_DELAY_MS = 700;

export interface Bot {
  close(): void;
}

export async function startBot(labId: string, log: (text: string, bad?: boolean) => void): Promise<Bot> {
  let session: LabSession | undefined;
  let timers: ReturnType<typeof setTimeout>[] = [];
  const joinChat = async () => {
    const socket = session!.clients[0]!.socket;
    for (const nick of ['Echo bot', 'Echo bot 2', 'Echo bot 3']) {
      const res = await request(socket, 'chat:join', { nick });
      if (res.ok) return log(`${nick} joined: a second real connection from this page.`);
      if (res.code !== 'name-taken') return log(`The bot could not join: ${res.error}`, true);
    }
  };
  session = await openLabSession({
    kind: 'chat',
    names: ['Bot'],
    labId,
    onLab: () => void joinChat(),
    onError: (m) => log(m, true),
  });
  const socket = session.clients[0]!.socket;

  const reply = (send: () => void) => {
    void request(socket, 'chat:typing', { typing: true });
    timers.push(setTimeout(send, REPLY_DELAY_MS));
  };
  socket.on('chat:message', (m) => {
    if (BOT.test(m.from)) return; // two bots in one lab would answer each other forever
    reply(
      () =>
        void request(socket, 'chat:send', {
          text: `${m.from} said “${m.text.slice(0, 200)}” (${m.text.length} characters).`,
        }),
    );
  });
  socket.on('chat:private', (m) => {
    reply(
      () =>
        void request(socket, 'chat:private', {
          to: m.fromId,
          text: `Only I got your private message “${m.text.slice(0, 200)}”.`,
        }),
    );
  });

  return {
    close() {
      for (const t of timers) clearTimeout(t);
      timers = [];
      session?.close();
    },
  };
}
