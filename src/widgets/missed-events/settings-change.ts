// One sentence for a change to the lab's stream, attributed to whoever made it: in a shared lab the change may
// come from another page, and its log should say so rather than the stream changing unexplained. Pure.
import type { MissedSettingsChange } from '../../contract/index.ts';

const onOff = (v: boolean) => (v ? 'on' : 'off');

export function describeSettingsChange({ by, patch }: MissedSettingsChange): string | undefined {
  const parts: string[] = [];
  if (patch.running === true) parts.push(`started the stream${patch.rate ? ` at ${patch.rate}/s` : ''}`);
  else if (patch.running === false) parts.push('stopped the stream');
  else if (patch.rate !== undefined) parts.push(`set the rate to ${patch.rate}/s`);
  if (patch.dropFirstAck !== undefined) {
    parts.push(`turned “drop the first acknowledgement” ${onOff(patch.dropFirstAck)}`);
  }
  if (patch.dedupe !== undefined) parts.push(`turned deduplication ${onOff(patch.dedupe)}`);
  return parts.length ? `${by} ${parts.join(' and ')}.` : undefined;
}
