// Seeded PRNG so a whole simulation is a pure function of its settings:
// the same seed always replays the same losses and delays (shareable URLs,
// reproducible exercises). mulberry32: tiny, fast, good enough for teaching.

export type Rng = {
  /** Uniform float in [0, 1). */
  next(): number;
  /** True with probability p (p <= 0 never, p >= 1 always). */
  chance(p: number): boolean;
  /** Uniform float in [a, b). */
  uniform(a: number, b: number): number;
};

export function createRng(seed: number): Rng {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 15), z | 1);
    z ^= z + Math.imul(z ^ (z >>> 7), z | 61);
    return ((z ^ (z >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    // Always consume one draw, even for p = 0 or 1, so changing the loss rate
    // does not shift every later random number onto a different packet.
    chance: (p) => next() < p,
    uniform: (a, b) => a + (b - a) * next(),
  };
}
