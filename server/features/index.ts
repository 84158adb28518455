// Every feature the demo server runs, in the order they are attached to each socket.
import type { Feature } from '../feature.ts';
import { connectionFeature } from './connection.ts';
import { emitFeature } from './emit.ts';
import { labsFeature } from './labs.ts';
import { transportsFeature } from './transports.ts';
import { ackFeature } from './ack.ts';
import { namespacesFeature } from './namespaces.ts';

export const features: Feature[] = [labsFeature, connectionFeature, emitFeature, transportsFeature, ackFeature, namespacesFeature];
