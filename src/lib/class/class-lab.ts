// While this browser is in a class, a widget's lab is its class's lab for that widget (asked of the server with
// the student's member token), so the whole class shares each demo. Leaving the class tells open lab sessions
// (CLASS_LEFT_EVENT) to move back to private labs.
import type { AckResult, ClassLabInfo, ClassLabPayload } from '../../contract/index.ts';
import { loadMembership } from './membership.ts';

/** Dispatched on window when this page leaves its class (or the class ends). */
export const CLASS_LEFT_EVENT = 'sp:class-left';

/** Lab ids this page got as class labs: the lab bar says so. */
const classLabIds = new Set<string>();

export const isClassLab = (labId: string | undefined): boolean => labId !== undefined && classLabIds.has(labId);

/**
 * The class lab for this widget, or undefined when the page is in no class or the server refuses (the class
 * ended, say): the caller then makes a private lab, as outside a class.
 */
export async function classLabId(
  ask: (payload: ClassLabPayload) => Promise<AckResult<ClassLabInfo>>,
  widgetId: string,
  kind: string,
): Promise<string | undefined> {
  const membership = loadMembership();
  if (!membership) return undefined;
  const res = await ask({ code: membership.code, memberToken: membership.memberToken, widgetId, kind });
  if (!res.ok) return undefined;
  classLabIds.add(res.data.labId);
  return res.data.labId;
}

export function classLeft(): void {
  classLabIds.clear();
  window.dispatchEvent(new Event(CLASS_LEFT_EVENT));
}
