// One import point for pages and widgets; each module stays small and single-purpose.
export * from './fields.ts';
export * from './checksum.ts';
export * from './address.ts';
export * from './hex.ts';
export * from './ethernet.ts';
export * from './ipv4.ts';
export * from './tcp.ts';
export * from './tcp-options.ts';
export * from './udp.ts';
export * from './dns.ts';
export * from './http.ts';
export * from './websocket-frame.ts';
export * from './engineio.ts';
export * from './socketio.ts';
export * from './dissect.ts';
export * from './samples.ts';
export * from './down-the-stack.ts';
