// Prints benchmark figures as a Markdown table: min / median / max per server, and the per-repetition ratio of
// the demo server to plain Socket.IO and to raw ws (ratios within one interleaved run are what to compare).
import { spread, type Spread } from './stats.ts';
import type { Kind } from './harness.ts';

export type Samples = Record<Kind, number[]>;

const fmt = (v: number) =>
  !Number.isFinite(v) ? '–' : Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 10 ? v.toFixed(1) : v.toFixed(2);
const range = (s: Spread) => `${fmt(s.min)} / **${fmt(s.median)}** / ${fmt(s.max)}`;

function ratios(a: number[], b: number[]): Spread {
  return spread(a.map((v, i) => v / b[i]));
}

export function table(rows: Array<{ metric: string; samples: Samples }>): string {
  const lines = [
    '| metric (min / **median** / max) | demo | plain Socket.IO | raw ws | demo ÷ plain | demo ÷ ws |',
    '| --- | --- | --- | --- | --- | --- |',
  ];
  for (const { metric, samples } of rows) {
    const cells = (['demo', 'plain', 'ws'] as Kind[]).map((k) => (samples[k].length ? range(spread(samples[k])) : '–'));
    const vsPlain = samples.plain.length ? range(ratios(samples.demo, samples.plain)) : '–';
    const vsWs = samples.ws.length ? range(ratios(samples.demo, samples.ws)) : '–';
    lines.push(`| ${metric} | ${cells.join(' | ')} | ${vsPlain} | ${vsWs} |`);
  }
  return lines.join('\n');
}

export const emptySamples = (): Samples => ({ demo: [], plain: [], ws: [] });
