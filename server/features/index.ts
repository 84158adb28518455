// Every feature the demo server runs, in the order they are attached to each socket.
import type { Feature } from '../feature.ts';
import { ackFeature } from './ack.ts';
import { chatFeature } from './chat.ts';
import { classFeature } from './class.ts';
import { connectionFeature } from './connection.ts';
import { emitFeature } from './emit.ts';
import { labsFeature } from './labs.ts';
import { missedEventsFeature } from './missed-events.ts';
import { namespacesFeature } from './namespaces.ts';
import { queueLabFeature } from './queue-lab.ts';
import { roomsFeature } from './rooms.ts';
import { securityFeature } from './security.ts';
import { socketsFeature } from './sockets.ts';
import { stackFeature } from './stack.ts';
import { tickerFeature } from './ticker.ts';
import { transportsFeature } from './transports.ts';
import { twoNodesFeature } from './two-nodes.ts';
import { wsHandshakeFeature } from './ws-handshake.ts';

export const features: Feature[] = [
  labsFeature,
  connectionFeature,
  emitFeature,
  queueLabFeature,
  stackFeature,
  socketsFeature,
  wsHandshakeFeature,
  tickerFeature,
  transportsFeature,
  ackFeature,
  namespacesFeature,
  roomsFeature,
  chatFeature,
  missedEventsFeature,
  classFeature,
  securityFeature,
  twoNodesFeature,
];
