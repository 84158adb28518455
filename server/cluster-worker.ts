// The entry of each `npm run start:cluster` worker. The primary may hand a connection over as soon as the worker
// is forked, seconds before the site and @socket.io/sticky's listener are loaded, and an IPC message that arrives
// with no 'message' listener is gone (and its connection with it). So this file, which loads nothing, holds those
// messages first, and replays them once cluster-node.ts has set everything up.
import type { SendHandle } from 'node:child_process';

const held: Array<[unknown, SendHandle]> = [];
const hold = (message: unknown, handle: SendHandle) => held.push([message, handle]);
process.on('message', hold);

await import('./cluster-node.ts');

process.off('message', hold);
for (const [message, handle] of held) process.emit('message', message, handle);
