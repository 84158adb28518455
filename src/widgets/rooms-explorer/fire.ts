// One emit, start to finish: checks the form, remembers what Socket.IO's rules predict, asks the sender's socket
// to run the variant, waits until every client has answered a round trip (so nothing is still on its way), and
// reports what really arrived against the learner's prediction. One fire at a time, so each result is one emit's.
import { announceGoal } from '../../lib/widget/widget-frame.ts';
import { findVariant } from '../../lib/protocol/emit-semantics.ts';
import type { VirtualClient } from '../../lib/socket/virtual-clients.ts';
import { fired, paramsFor, receivedNames, settled, withSnapshot } from './model.ts';
import { reportFire } from './report.ts';
import { paragraph, readPrediction, showReport, type FireForm } from './controls.ts';
import { fireAndSettle } from './clients.ts';
import type { QuietRun } from './ask-class.ts';
import { clientOf, EVENT, idOf, NAMES, type Explorer } from './explorer.ts';
import { formParams, render } from './render.ts';

/**
 * Quiet: the teacher asks the class. The emit runs for real, but no summary is shown (it would answer the
 * question on the teacher's screen); the names that really received it are returned for the server to keep.
 */
export async function fire(x: Explorer, quiet = false): Promise<QuietRun | { error: string }> {
  if (!x.session || x.fireButton.getAttribute('aria-disabled') === 'true') return { error: 'Wait for the last fire.' };
  const { variant, sender, targetName, all } = formParams(x);
  const client = clientOf(x, sender);
  if (!client?.socket.connected || !client.socket.id) {
    return refuse(x, `${sender} is not connected: reconnect it first, or pick another sender.`);
  }
  const params = paramsFor(variant, all);
  if (findVariant(variant).params.includes('target') && !all.target) {
    return refuse(x, `${targetName} is not connected, so it has no socket id to send to.`);
  }
  const ref = `${x.pageId}-${++x.counter}`;
  const prediction = quiet ? undefined : readPrediction(x.form, x.predictOn);
  const question = quiet ? describeSetup(x, sender, variant, all, targetName) : '';
  try {
    x.state = fired(x.state, { ref, variant, senderId: client.socket.id, params, prediction });
  } catch (err) {
    return refuse(x, String((err as Error).message));
  }
  x.root.dataset.firing = ref;
  const code = findVariant(variant).code({ ...params, event: EVENT });
  const predicted = prediction ? `; you predicted: ${prediction.join(', ') || 'nobody'}` : '';
  x.ui.log(`${sender} asked the server to run ${code}${predicted}.`, 'info', { kind: 'fire', ref });
  x.result.replaceChildren(paragraph('Firing…'));
  render(x);

  // aria-disabled, not disabled: a disabled button drops keyboard focus to <body>, and the learner who pressed
  // Fire should stay on it.
  x.fireButton.setAttribute('aria-disabled', 'true');
  try {
    const error = await carryOut(x, client, ref, variant, params, quiet);
    if (error) return { error };
  } finally {
    x.fireButton.removeAttribute('aria-disabled');
  }
  return { question, names: NAMES, received: receivedNames(x.state) };
}

function refuse(x: Explorer, error: string): { error: string } {
  x.ui.log(error, 'bad');
  return { error };
}

/** The setup a class is asked about, in words: the call, the sender and who is in which room. */
function describeSetup(x: Explorer, sender: string, variant: string, all: FireForm['all'], target: string): string {
  const code = findVariant(variant).code({ ...all, target: `<${target}’s socket id>`, event: EVENT });
  const rooms = NAMES.map((name) => {
    const id = idOf(x, name);
    const member = x.state.members.find((m) => m.id === id);
    return `${name}: ${member?.rooms.length ? member.rooms.join(' and ') : 'no room'}`;
  });
  return `${sender} runs ${code}. ${rooms.join('; ')}.`.slice(0, 300);
}

/** Runs the variant and settles; returns the server's refusal, if it refused. */
async function carryOut(
  x: Explorer,
  client: VirtualClient,
  ref: string,
  variant: string,
  params: ReturnType<typeof paramsFor>,
  quiet: boolean,
): Promise<string | undefined> {
  if (!x.session) return 'Not connected yet.';
  const out = await fireAndSettle(client, x.session.clients, { ref, variant, params }, (scopedCode) => {
    x.ui.log(`The server ran ${scopedCode} (your room names, with your lab in front).`, 'info', { kind: 'ran', ref });
  });
  if (!out.ok) {
    x.state = settled(x.state, ref, out.error);
    x.ui.log(`The server refused it: ${out.error}`, 'bad', { kind: 'refused', ref });
    x.result.replaceChildren(paragraph(`Refused: ${out.error}`, 'bad'));
    render(x);
    return out.error;
  }
  if (out.snapshot) x.state = withSnapshot(x.state, out.snapshot);
  x.state = settled(x.state, ref);
  render(x);
  if (quiet) {
    const kept = 'Run for the class question: the server keeps who received it until you reveal it.';
    x.result.replaceChildren(paragraph(kept));
  } else report(x, ref);
  return undefined;
}

function report(x: Explorer, ref: string): void {
  const r = reportFire(x.state, NAMES.length);
  if (!r) return;
  showReport(x.root, x.result, r, ref);
  for (const l of r.log) x.ui.log(l.text, l.tone, { kind: l.kind, ref });
  for (const goal of r.goals) announceGoal(goal);
}
