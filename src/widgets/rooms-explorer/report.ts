// What the explorer says once a fire has settled: who really received it, whether that matches Socket.IO's rules
// (recipients()), how the learner's prediction scored, and which exercise goals it meets. Pure: the widget
// turns it into DOM, log lines and announceGoal calls.
import { describeRecipients, findVariant } from '../../lib/protocol/emit-semantics.ts';
import {
  dedupWitness,
  expectedHere,
  matchesRules,
  receivedNames,
  scorePrediction,
  simSockets,
  type ExplorerState,
} from './model.ts';

export type Tone = 'good' | 'bad' | undefined;

export interface FireReport {
  received: string[];
  expected: string[];
  matches: boolean;
  /** "3/4", when the learner predicted. */
  score?: string;
  /** The result panel, one paragraph each. */
  lines: Array<{ text: string; tone: Tone }>;
  /** Event log lines. */
  log: Array<{ text: string; tone: 'ok' | 'bad'; kind: string }>;
  goals: string[];
}

export function reportFire(state: ExplorerState, clientCount: number): FireReport | undefined {
  const fire = state.fire;
  if (!fire?.settled || fire.error) return undefined;
  const received = receivedNames(state);
  const expected = expectedHere(state)
    .map((id) => state.own[id]!)
    .filter(Boolean);
  const matches = matchesRules(state);
  const who = (names: string[]) => names.join(', ') || 'nobody';
  let rule = '';
  try {
    rule = describeRecipients(simSockets(state.members), fire.senderId, fire.variant, fire.params);
  } catch {
    /* the sender left the lab meanwhile; the comparison still stands */
  }
  const lines: FireReport['lines'] = [
    {
      text: `Really received by: ${who(received)} (${received.length} of your ${clientCount} clients).`,
      tone: undefined,
    },
    matches
      ? { text: `That is exactly what Socket.IO's rules predict. ${rule}`, tone: undefined }
      : {
          text: `That differs from Socket.IO's rules (${who(expected)}): did a client change rooms or disconnect while it was on its way? ${rule}`,
          tone: 'bad',
        },
  ];
  const log: FireReport['log'] = [];
  const goals: string[] = [];

  const score = scorePrediction(state);
  if (score) {
    const wrong = [
      ...score.falseYes.map((n) => `you ticked ${n}, who did not receive it`),
      ...score.falseNo.map((n) => `${n} received it, though you did not tick it`),
    ];
    lines.push({
      text: `Your prediction: ${score.right} of ${score.total} right${wrong.length ? `: ${wrong.join('; ')}.` : '. Well predicted.'}`,
      tone: wrong.length ? 'bad' : 'good',
    });
    log.push({
      text: `Prediction: ${score.right} of ${score.total} right.`,
      tone: wrong.length ? 'bad' : 'ok',
      kind: 'score',
    });
    // The exercise asks for a room emit: io.emit and socket.emit are too easy to count.
    if (!wrong.length && !fire.plan.direct && fire.variant !== 'io.emit') goals.push('rooms:predicted');
  }
  log.push({ text: `Received by ${who(received)}.`, tone: matches ? 'ok' : 'bad', kind: 'settled' });
  const twice = dedupWitness(state);
  if (twice) {
    log.push({ text: `${twice} is in both rooms and received exactly one copy.`, tone: 'ok', kind: 'dedup' });
    goals.push('rooms:dedup');
  }
  if (findVariant(fire.variant).params.includes('target') && matches && received.length === 1)
    goals.push('rooms:private');
  return { received, expected, matches, score: score && `${score.right}/${score.total}`, lines, log, goals };
}
