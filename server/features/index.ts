// Every feature the demo server runs, in the order they are attached to each socket.
import type { Feature } from '../feature.ts';
import { connectionFeature } from './connection.ts';
import { emitFeature } from './emit.ts';
import { labsFeature } from './labs.ts';
import { missedEventsFeature } from './missed-events.ts';

export const features: Feature[] = [labsFeature, connectionFeature, emitFeature, missedEventsFeature];
