// Every feature the demo server runs, in the order they are attached to each socket.
import type { Feature } from '../feature.ts';
import { connectionFeature } from './connection.ts';
import { emitFeature } from './emit.ts';
import { labsFeature } from './labs.ts';
import { roomsFeature } from './rooms.ts';
import { chatFeature } from './chat.ts';

export const features: Feature[] = [labsFeature, connectionFeature, emitFeature, roomsFeature, chatFeature];
