// A class's shared widget labs: while in a class, every widget on a student's page joins the class's lab for
// that widget instead of a private one, so the whole class shares each demo without passing links around. A
// widget is its kind plus its element id: two rooms explorers on one page are two class labs, and a lab is never
// handed to a widget of another kind.
// The class owns these labs: they are counted against the class (classMaxLabs), not against the server's
// per-address budgets, and they are deleted with the class.
import type { ClassLabInfo } from '../../src/contract/index.ts';
import type { FeatureContext } from '../feature.ts';
import { labRoom } from '../labs.ts';
import { UserError } from '../errors.ts';
import { hashSecret } from './class-secrets.ts';
import type { ClassService } from './class-service.ts';

export interface ClassLabOwner {
  classId: string;
  widgetId: string;
  kind: string;
}

/** Kinds and ids are slugs (no '/'), so the key is unambiguous. */
const widgetKey = (kind: string, widgetId: string) => `${kind}/${widgetId}`;

export class ClassLabs {
  private readonly ctx: FeatureContext;
  private readonly service: ClassService;
  /** class id → widget key (kind + element id) → lab id */
  private readonly byClass = new Map<string, Map<string, string>>();
  /** lab id → its class and widget: which class's stream hears of a join. */
  private readonly byLab = new Map<string, ClassLabOwner>();

  constructor(ctx: FeatureContext, service: ClassService) {
    this.ctx = ctx;
    this.service = service;
  }

  /** The lab of this widget in the student's class, created on first use. Only the class's students may ask. */
  async lab(code: string, memberToken: string, widgetId: string, kind: string): Promise<ClassLabInfo> {
    const found = await this.service.store.memberByToken(hashSecret(memberToken));
    const record = found && (await this.service.store.byCode(code));
    if (!found || !record || record.id !== found.classId) {
      throw new UserError('That class has ended, or you are not in it.', 'unknown-class');
    }
    const labs = this.byClass.get(record.id) ?? new Map<string, string>();
    const key = widgetKey(kind, widgetId);
    const existing = labs.get(key);
    const lab = existing === undefined ? undefined : this.ctx.labs.get(existing);
    if (lab) return { labId: lab.id, kind: lab.kind };
    // An expired lab's slot is reused; only a new widget id counts against the class's budget.
    if (existing === undefined && labs.size >= this.ctx.limits.classMaxLabs) {
      throw new UserError(`This class has its ${this.ctx.limits.classMaxLabs} shared labs already.`, 'too-large');
    }
    const created = this.ctx.labs.create(kind);
    labs.set(key, created.id);
    if (existing !== undefined) this.byLab.delete(existing);
    this.byLab.set(created.id, { classId: record.id, widgetId, kind });
    this.byClass.set(record.id, labs);
    this.ctx.logger.info('class.lab.created', { classId: record.id, labId: created.id, kind });
    this.service.activity(record.id, 'lab', `A shared class lab opened for “${widgetId}”.`);
    return { labId: created.id, kind };
  }

  /** The class and widget of a class lab; undefined for any other lab. */
  owner(labId: string): ClassLabOwner | undefined {
    return this.byLab.get(labId);
  }

  /** Lab ids of a class, for the dashboard and tests. */
  labsOf(classId: string): string[] {
    return [...(this.byClass.get(classId)?.values() ?? [])];
  }

  /**
   * The class ended: its labs go too. Their connections get a transport close, so the widgets reconnect, find
   * the lab gone and the class ended, and fall back to private labs on their own.
   */
  endClass(classId: string): void {
    const labs = this.byClass.get(classId);
    if (!labs) return;
    this.byClass.delete(classId);
    const ns = this.ctx.io.of('/');
    for (const labId of labs.values()) {
      this.byLab.delete(labId);
      this.ctx.labs.labs.delete(labId);
      for (const id of ns.adapter.rooms.get(labRoom(labId)) ?? []) ns.sockets.get(id)?.conn.close();
    }
  }
}
