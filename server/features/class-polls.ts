// What a teacher asks the class and sends it: polls on a self-check, predictions from a widget, the reveal, the
// students' answers, and invitations to a page.
import type { AskedPoll, PollTally } from '../../src/contract/index.ts';
import type { DemoSocket } from '../feature.ts';
import { studentsRoom, teachersRoom } from './class-core.ts';
import { ClassSessions } from './class-sessions.ts';
import { indicesOf, maskOf } from './class-tally.ts';
import type { ClassRecord, PollRecord } from '../store/class-store.ts';

/** How long a poll's broadcast waits for each page's acknowledgement ("I have the question"). */
const ASK_ACK_TIMEOUT_MS = 5000;

export class ClassPolls extends ClassSessions {
  async poll(
    record: ClassRecord,
    question: Omit<PollRecord, 'id' | 'answers' | 'revealed' | 'openedAt'>,
  ): Promise<PollTally> {
    const { checkId, lesson, choices } = question;
    const poll = await this.store.openPoll(record.id, { ...question, openedAt: this.ctx.clock.now() });
    this.delivered.delete(record.id);
    const asked: AskedPoll = { pollId: poll.id, checkId, lesson, choices, answered: null, revealed: false };
    if (poll.prediction) asked.prediction = { ...poll.prediction, question: poll.question };
    // A broadcast with acknowledgements: every student's page answers "received"; the count goes to the teacher.
    this.ctx.io
      .to(studentsRoom(record.id))
      .timeout(ASK_ACK_TIMEOUT_MS)
      .emit('class:asked', asked, (_err: Error | null, received: boolean[]) => {
        void this.afterDelivery(record.id, poll.id, received.length);
      });
    this.activity(
      record.id,
      'poll',
      poll.prediction
        ? `The class was asked to predict who receives, in widget “${checkId}”.`
        : `The class was asked self-check “${checkId}”.`,
    );
    const tally = this.tally(record.id, poll);
    this.ctx.io.to(teachersRoom(record.id)).emit('class:tally', tally);
    return tally;
  }

  /**
   * A widget's prediction, as a poll: the choices are bit masks over the widget's client names, and the right
   * one is the mask of the clients that really received it (held here, like a check's answer, until the reveal).
   */
  predict(
    record: ClassRecord,
    p: { widgetId: string; lesson: string | null; question: string; names: string[]; received: number[] },
  ): Promise<PollTally> {
    return this.poll(record, {
      checkId: p.widgetId,
      lesson: p.lesson,
      question: p.question,
      labels: p.names,
      choices: 1 << p.names.length,
      correct: maskOf(p.received),
      prediction: { widgetId: p.widgetId, names: p.names },
    });
  }

  async reveal(record: ClassRecord, pollId: string): Promise<PollTally> {
    const poll = await this.store.reveal(record.id, pollId);
    const received = poll.prediction ? { received: indicesOf(poll.correct, poll.prediction.names.length) } : {};
    this.ctx.io.to(studentsRoom(record.id)).emit('class:revealed', { pollId, checkId: poll.checkId, ...received });
    this.activity(record.id, 'reveal', `The answer to “${poll.checkId}” was revealed.`);
    const tally = this.tally(record.id, poll);
    this.ctx.io.to(teachersRoom(record.id)).emit('class:tally', tally);
    return tally;
  }

  suggest(record: ClassRecord, href: string, title: string) {
    const room = studentsRoom(record.id);
    this.ctx.io.to(room).emit('class:suggested', { href, title });
    this.activity(record.id, 'suggest', `Everyone was invited to “${title}”.`);
    return { sentTo: this.ctx.io.of('/').adapter.rooms.get(room)?.size ?? 0 };
  }

  async answer(socket: DemoSocket, pollId: string, choice: number) {
    const { classId, memberId, name } = await this.seat(socket);
    const poll = await this.store.answer(classId, pollId, memberId, choice);
    this.ctx.io.to(teachersRoom(classId)).emit('class:tally', this.tally(classId, poll));
    this.activity(classId, 'answer', `${name} answered the question.`);
    return { choice };
  }

  protected async afterDelivery(classId: string, pollId: string, received: number): Promise<void> {
    const record = await this.store.get(classId);
    if (!record?.poll || record.poll.id !== pollId) return;
    this.delivered.set(classId, { pollId, received });
    this.ctx.io.to(teachersRoom(classId)).emit('class:tally', this.tally(classId, record.poll));
    this.activity(classId, 'poll', `The question reached ${received} student page${received === 1 ? '' : 's'}.`);
  }
}
