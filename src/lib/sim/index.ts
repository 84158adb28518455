// Public surface of the simulator, for the widget and the lessons.

export { createRng } from './rng.ts';
export type { Rng } from './rng.ts';
export { DEFAULT_SETTINGS, normalizeSettings, effectiveRtoMs, toQuery, fromQuery } from './settings.ts';
export type { SimSettings } from './settings.ts';
export { createQueue } from './queue.ts';
export type { Queue } from './queue.ts';
export type { AppDelivery, Counters, Endpoint, PacketKind, RunResult, TimelineEvent } from './events.ts';
export { SERIALIZATION_MS } from './link.ts';
export { DEFAULT_MAX_EVENTS, DEFAULT_MAX_TIME_MS } from './options.ts';
export type { RunOptions } from './options.ts';
export { simulateTcp, RTO_MAX_MS, DUPACK_THRESHOLD } from './tcp.ts';
export { simulateUdp } from './udp.ts';
export { simulate } from './run.ts';
export type { Simulation } from './run.ts';
export { snapshotAt, eventTimes, endTime, nextEventTime, prevEventTime } from './stepper.ts';
export type { Snapshot } from './stepper.ts';
