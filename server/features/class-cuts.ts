// A teacher's cut: every demo (lab) connection of one student closed for real, on every node, and their new
// handshakes refused until it ends; and how a lab connection is known to be a student's (the member cookie).
import type { DemoSocket } from '../feature.ts';
import { demoRoom } from './class-core.ts';
import { ClassPolls } from './class-polls.ts';
import { hashSecret, memberTokenFromCookie, sameHash } from './class-secrets.ts';
import { UserError } from '../errors.ts';
import type { ClassRecord } from '../store/class-store.ts';

export class ClassCuts extends ClassPolls {
  /** A real transport close of every demo connection of one student; their new handshakes wait until `until`. */
  async cut(record: ClassRecord, memberId: string, seconds: number) {
    const max = this.ctx.limits.classMaxCutSeconds;
    if (seconds > max) throw new UserError(`A cut lasts at most ${max} s.`, 'too-large');
    const member = record.members.find((m) => m.id === memberId);
    if (!member) throw new UserError('That student is not in this class.', 'unknown-class');
    const until = this.ctx.clock.now() + seconds * 1000;
    const closed = this.applyCut(memberId, member.tokenHash, until);
    // The student's demo connections may sit on other nodes: each closes its own and refuses their handshakes.
    // (Only with a cluster adapter: the in-memory one warns that it has no other servers to tell.)
    if (this.ctx.scale.adapter !== 'in-memory')
      this.ctx.io.serverSideEmit('class:cut', memberId, member.tokenHash, until);
    for (const socket of this.studentSockets(record.id, memberId)) socket.emit('class:cut', { seconds });
    this.activity(record.id, 'cut', `${member.name}’s demo connections were cut for ${seconds} s (${closed} closed).`);
    return { closed, until };
  }

  // ---- demo (lab) connections ------------------------------------------------------------------------------

  /** A lab connection that carries a student's member cookie joins that student's demo room. */
  async adoptDemo(socket: DemoSocket, memberToken: string): Promise<void> {
    const found = await this.store.memberByToken(hashSecret(memberToken));
    if (!found || !socket.connected) return;
    socket.data.classDemo = { classId: found.classId, memberId: found.member.id };
    await socket.join(demoRoom(found.member.id));
    this.rosterChanged(found.classId);
    socket.on('disconnect', () => {
      if (socket.data.classDemo) this.rosterChanged(socket.data.classDemo.classId);
    });
  }

  /** Closes this node's demo connections of a student and refuses their handshakes until `until`; how many. */
  applyCut(memberId: string, tokenHash: string, until: number): number {
    this.cuts.set(tokenHash, until);
    let closed = 0;
    for (const socket of [...this.localSockets(demoRoom(memberId)), ...this.otherDemoSockets(tokenHash)]) {
      socket.conn.close();
      closed++;
    }
    return closed;
  }

  /** Whether a new handshake carrying this member token falls inside a cut. */
  isCut(memberToken: string): boolean {
    const until = this.cuts.get(hashSecret(memberToken));
    return until !== undefined && until > this.ctx.clock.now();
  }

  /** A student's connections on the other demo servers: a scan, but only on a cut (a rare teacher action). */
  protected otherDemoSockets(tokenHash: string): DemoSocket[] {
    const found: DemoSocket[] = [];
    for (const io of this.otherDemoServers) {
      for (const socket of io.of('/').sockets.values()) {
        const token = memberTokenFromCookie(socket.handshake.headers.cookie);
        if (token && sameHash(hashSecret(token), tokenHash)) found.push(socket);
      }
    }
    return found;
  }
}
