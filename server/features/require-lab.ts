import { UserError } from '../errors.ts';
import type { DemoSocket } from '../feature.ts';

/** The lab this socket is in; lab traffic before joining one is refused, so nothing leaks between labs. */
export function requireLab(socket: DemoSocket): string {
  const labId = socket.data.labId;
  if (!labId) throw new UserError('Join a lab first (lab:create or lab:join).', 'no-lab');
  return labId;
}
