// What each client's socket events do to the widget: socket event → model → view, plus a line in the event
// log that says in words what the lanes show. Hooks of an older generation (before a restart) do nothing.
import type { EffectEvent } from '../../contract/index.ts';
import { announceGoal } from '../../lib/widget/widget-frame.ts';
import { describeConnection } from '../../lib/socket/connection-state.ts';
import type { ClientHooks } from './clients.ts';
import { render, type MissedLab } from './lab-state.ts';
import { cameBack, describeGaps, describeReturn, receive, retried, serverSent, summarize, wentAway } from './model.ts';
import { showConnections, showStatus } from './status.ts';

/** The hooks for the clients of generation `gen`; `restart` opens a new lab when the learner asks for one. */
export function clientHooks(lab: MissedLab, gen: number, restart: (share: string | undefined) => void): ClientHooks {
  const { root, ui } = lab;
  const current = () => gen === lab.generation;
  return {
    onConnection: (c) => {
      if (!current()) return;
      const el = root.querySelector<HTMLElement>(`[data-lane="${c.name}"] [data-conn]`);
      if (el) el.textContent = describeConnection(c.name, c.connection);
      showConnections(lab);
    },
    onLabId: (id) => {
      if (!current()) return;
      lab.labId = id;
      ui.showLab(id, () => restart(undefined));
    },
    onEvent: (name, event, replayed) => {
      if (!current() || lab.strategy === 'acks') return;
      const { model: next, arrival } = receive(lab.model, name, event.seq, { replayed });
      lab.model = next;
      if (arrival === 'duplicate')
        ui.log(`${name} received #${event.seq} a second time: a duplicate.`, 'bad', {
          kind: 'duplicate',
          client: name,
        });
      render(lab);
    },
    onEffect: (effect: EffectEvent) => onEffect(lab, gen, effect),
    onStatus: (s, name) => current() && showStatus(lab, s, name),
    onAway: (name, cause, reason) => {
      if (!current()) return;
      lab.model = wentAway(lab.model, name, { cause, reason, startedAt: performance.now() });
      ui.log(
        cause === 'reload'
          ? `${name}’s page reloads: its Socket is gone.`
          : `${name} lost its connection (“${reason}”). The client will reconnect by itself.`,
        'bad',
        { kind: 'away', client: name },
      );
      render(lab);
      showConnections(lab);
    },
    onBack: (name, recovered) => {
      if (!current()) return;
      lab.model = cameBack(lab.model, name, performance.now(), recovered);
      const lane = lab.model.lanes.find((l) => l.name === name)!;
      const outage = lane.outages[lane.outages.length - 1]!;
      ui.log(describeReturn(name, outage, lab.strategy), recovered ? 'ok' : 'info', {
        kind: 'back',
        client: name,
        recovered: String(recovered),
      });
      if (recovered) announceGoal('missed:recovered');
      render(lab);
      // The lane settles a moment later (recovered packets, replays): report it then.
      setTimeout(() => reportLane(lab, gen, name), 1200);
    },
    onSubscribed: (name, result) => {
      if (!current()) return;
      lab.model = serverSent(lab.model, result.status.sent, name);
      if (result.replayed > 0 || result.truncated) {
        const gone = result.truncated ? ', but some had already been trimmed from the log: those are gone' : '';
        ui.log(
          `${name} asked for what it missed: the server replayed ${result.replayed} event(s) from its log${gone}.`,
          result.truncated ? 'bad' : 'ok',
          { kind: 'replay', client: name },
        );
      }
      render(lab);
    },
    onError: (message) => ui.log(message, 'bad'),
  };
}

/** One line on how a lane ended up after an outage, and the lesson's goals it reached. */
function reportLane(lab: MissedLab, gen: number, name: string): void {
  if (gen !== lab.generation) return;
  const lane = lab.model.lanes.find((l) => l.name === name)!;
  const s = summarize(lane);
  if (lab.strategy === 'acks') return;
  lab.ui.log(
    `${name}’s lane now: ${s.missed} missed (${describeGaps(lane)}), ${s.recovered} recovered, ` +
      `${s.duplicates} duplicates; the server has sent ${s.serverSent}.`,
    s.missed ? 'bad' : 'ok',
    { kind: 'lane', client: name },
  );
  const outage = lane.outages[lane.outages.length - 1];
  if (s.missed > 0 && lab.strategy === 'none') announceGoal('missed:gap');
  if (s.missed === 0 && lab.strategy === 'offset' && outage?.cause === 'reload') announceGoal('missed:replay');
}

/** An effect the server applied (or recognised) for one of this page's orders, in the acks strategy. */
function onEffect(lab: MissedLab, gen: number, effect: EffectEvent): void {
  if (gen !== lab.generation || lab.strategy !== 'acks') return;
  const id = `${effect.key}:${effect.attempt}`;
  // Every client hears each effect: count it once, and only this page's.
  if (lab.seenEffects.has(id) || !effect.key.startsWith(`${lab.pageId}-`)) return;
  lab.seenEffects.add(id);
  const name = effect.key.split('-')[1] ?? '';
  if (effect.attempt > 1) lab.model = retried(lab.model, name);
  if (effect.deduped) {
    lab.ui.log(
      `The server recognised ${name}’s #${effect.seq} (attempt ${effect.attempt}) by its key and did not apply it again.`,
      'ok',
      { kind: 'deduped', client: name },
    );
    announceGoal('missed:dedupe');
  } else {
    lab.model = receive(lab.model, name, effect.seq).model;
    if (effect.applied > 1)
      lab.ui.log(
        `The server applied ${name}’s #${effect.seq} AGAIN (attempt ${effect.attempt}): ` +
          `the effect happened ${effect.applied} times.`,
        'bad',
        { kind: 'effect', client: name },
      );
  }
  render(lab);
}
