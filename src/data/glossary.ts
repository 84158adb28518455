// The course glossary: the one source for inline <Term> definitions and the /glossary/ page.
// Definitions are short (one or two sentences) and accurate to the RFCs and the Socket.IO docs.

export interface GlossaryEntry {
  term: string;
  definition: string;
  /** Other entries worth reading next (ids). */
  related?: string[];
}

export const GLOSSARY = {
  socket: {
    term: 'socket',
    definition:
      'One endpoint of a two-way communication link, as the operating system gives it to a program: the program reads from and writes to it, and the OS moves the bytes. A TCP connection is identified by four values: the local address and port, and the remote address and port.',
    related: ['port', 'client', 'server'],
  },
  port: {
    term: 'port',
    definition:
      'A 16-bit number (0–65535) that tells the transport layer which program on a host a segment or datagram is for. Servers listen on well-known ports (443 for HTTPS); clients get a temporary "ephemeral" port from the OS.',
    related: ['socket', 'tcp', 'udp'],
  },
  client: {
    term: 'client',
    definition:
      'The program that starts a connection, for example your browser. It knows the server’s address; the server learns the client’s when it connects.',
    related: ['server', 'socket'],
  },
  server: {
    term: 'server',
    definition:
      'The program that waits on a listening socket for clients to connect, then talks to each of them over a connection of its own.',
    related: ['client', 'socket'],
  },
  websocket: {
    term: 'WebSocket',
    definition:
      'A protocol (RFC 6455) that turns one HTTP request into a long-lived, full-duplex connection: after an "Upgrade" handshake, either side can send framed messages at any time.',
    related: ['frame', 'long-polling', 'socket-io'],
  },
  'socket-io': {
    term: 'Socket.IO',
    definition:
      'A library for event-based, two-way communication between browsers and a server. It adds events, acknowledgements, rooms, namespaces and automatic reconnection on top of Engine.IO, which carries packets over HTTP long polling or WebSocket (or WebTransport, when the server enables it).',
    related: ['websocket', 'transport', 'emit'],
  },
  event: {
    term: 'event',
    definition:
      'In Socket.IO, a named message ("chat", "move") with any number of arguments. The receiver registers a handler for the name with socket.on.',
    related: ['emit', 'acknowledgement'],
  },
  emit: {
    term: 'emit',
    definition:
      'To send an event: socket.emit("name", data). On the server the object you call emit on decides who receives it: one socket, a room, or everyone.',
    related: ['event', 'broadcast', 'room'],
  },
  broadcast: {
    term: 'broadcast',
    definition:
      'Sending one event to many clients at once. In Socket.IO, io.emit sends to every client in the main namespace ("/"); socket.broadcast.emit sends to every client in the socket\'s namespace except that socket. Neither crosses into another namespace.',
    related: ['emit', 'room'],
  },
  room: {
    term: 'room',
    definition:
      'A server-side group of sockets that you can emit to with io.to(room). Sockets join and leave rooms on the server; clients cannot see which rooms exist. Every socket is automatically in a room named by its own id.',
    related: ['namespace', 'broadcast'],
  },
  namespace: {
    term: 'namespace',
    definition:
      'A separate communication channel with its own event handlers, rooms and middleware ("/", "/admin"). Several namespaces can share one underlying connection (multiplexing).',
    related: ['room', 'socket-io'],
  },
  acknowledgement: {
    term: 'acknowledgement',
    definition:
      'A reply to one particular event: the sender passes a callback (or uses emitWithAck) and the receiver calls it, so the sender knows the event arrived and was handled.',
    related: ['emit', 'event'],
  },
  transport: {
    term: 'transport',
    definition:
      'How Engine.IO carries packets between a Socket.IO client and server: HTTP long polling, WebSocket, or WebTransport.',
    related: ['long-polling', 'websocket'],
  },
  'long-polling': {
    term: 'long polling',
    definition:
      'A way to get server push over plain HTTP: the client sends a request that the server holds open until it has something to send; the client then sends the next request straight away.',
    related: ['transport', 'websocket'],
  },
  'osi-model': {
    term: 'OSI model',
    definition:
      'A seven-layer reference model of network communication (physical, data link, network, transport, session, presentation, application). Useful for naming what a layer does; the Internet does not implement it layer for layer.',
    related: ['tcp-ip-model', 'encapsulation'],
  },
  'tcp-ip-model': {
    term: 'TCP/IP model',
    definition:
      'The layering the Internet actually runs: link, internet (IP), transport (TCP, UDP) and application. Some books split link into data link and physical, giving five layers.',
    related: ['osi-model', 'tcp', 'udp'],
  },
  tcp: {
    term: 'TCP',
    definition:
      'Transmission Control Protocol (RFC 9293): a connection-oriented transport that delivers a reliable, ordered stream of bytes, using sequence numbers, acknowledgements and retransmission, with flow and congestion control.',
    related: ['udp', 'segment', 'port'],
  },
  udp: {
    term: 'UDP',
    definition:
      'User Datagram Protocol (RFC 768): a connectionless transport that sends independent datagrams with no set-up, no ordering and no retransmission. Fast and simple; the application handles loss if it cares.',
    related: ['tcp', 'datagram'],
  },
  packet: {
    term: 'packet',
    definition:
      'A unit of data carried across a network: control information (headers) plus a payload. Strictly, the network layer’s unit (an IP packet); loosely, any such unit.',
    related: ['segment', 'datagram', 'frame', 'encapsulation'],
  },
  segment: {
    term: 'segment',
    definition:
      'The unit of data at the transport layer when TCP is used: a TCP header plus a slice of the byte stream. Each segment travels inside an IP packet.',
    related: ['tcp', 'packet'],
  },
  datagram: {
    term: 'datagram',
    definition:
      'A self-contained unit of data sent without a connection: the name for a UDP message (and, in RFC 791, for an IP packet).',
    related: ['udp', 'packet'],
  },
  frame: {
    term: 'frame',
    definition:
      'The unit of data at the link layer (an Ethernet frame: addresses, type, payload). WebSocket also calls its messages’ pieces frames: a small header (opcode, mask, length) plus payload.',
    related: ['packet', 'websocket'],
  },
  encapsulation: {
    term: 'encapsulation',
    definition:
      'Wrapping data on its way down the layers: each layer adds its own header around what the layer above gave it. The receiver removes them in reverse order (decapsulation).',
    related: ['packet', 'osi-model'],
  },
  'message-queue': {
    term: 'message queue',
    definition:
      'A component that stores messages from producers until consumers take them, so the two need not be online at the same time. Consumers acknowledge messages; unacknowledged ones are delivered again.',
    related: ['acknowledgement'],
  },
  'full-duplex': {
    term: 'full duplex',
    definition: 'Both sides can send at the same time over the same connection, without waiting for each other.',
    related: ['websocket'],
  },
  handshake: {
    term: 'handshake',
    definition:
      'The exchange that opens a connection and agrees on its terms: TCP’s SYN, SYN-ACK, ACK; WebSocket’s HTTP Upgrade request and 101 response; Engine.IO’s open packet.',
    related: ['tcp', 'websocket'],
  },
  producer: {
    term: 'producer',
    definition:
      'A program that puts messages into a message queue. It does not know or wait for whoever will process them.',
    related: ['message-queue', 'consumer'],
  },
  consumer: {
    term: 'consumer',
    definition:
      'A program that takes messages from a message queue and processes them, then acknowledges each one so the broker can delete it. Several consumers on one queue compete for its messages.',
    related: ['message-queue', 'producer'],
  },
  'dead-letter-queue': {
    term: 'dead-letter queue',
    definition:
      'A side queue where a broker moves messages that failed too many times (or were rejected), so one bad message stops blocking the others and a person can inspect it.',
    related: ['message-queue'],
  },
  'delivery-guarantee': {
    term: 'delivery guarantee',
    definition:
      'What a messaging system promises about each message: at most once (never twice, maybe never), at least once (never lost, maybe twice), or exactly once (which in practice means at-least-once delivery plus a consumer that ignores duplicates).',
    related: ['message-queue', 'acknowledgement', 'idempotent-consumer'],
  },
  'idempotent-consumer': {
    term: 'idempotent consumer',
    definition:
      'A consumer for which processing the same message twice has the same effect as processing it once, usually by remembering the ids (or keys) of messages it has already handled.',
    related: ['delivery-guarantee', 'consumer'],
  },
  ip: {
    term: 'IP',
    definition:
      'Internet Protocol (IPv4: RFC 791): gives every host an address and carries packets from host to host across networks, hop by hop, with no promise of delivery or order.',
    related: ['packet', 'router', 'tcp-ip-model'],
  },
  header: {
    term: 'header',
    definition:
      'The control information a layer puts in front of its payload: addresses, ports, lengths, flags, checksums. The receiver’s same layer reads it and removes it.',
    related: ['payload', 'encapsulation'],
  },
  payload: {
    term: 'payload',
    definition:
      'The data a unit carries for the layer above, as opposed to its own header. One layer’s whole unit is the payload of the layer below.',
    related: ['header', 'encapsulation'],
  },
  checksum: {
    term: 'checksum',
    definition:
      'A number computed from a unit’s bytes and sent with it, so the receiver can detect corruption. IPv4, TCP and UDP use the 16-bit one’s-complement sum of RFC 1071. UDP’s is optional over IPv4 (0 means none) and required over IPv6.',
    related: ['header'],
  },
  mtu: {
    term: 'MTU',
    definition:
      'Maximum transmission unit: the largest packet a link carries in one frame, headers included. 1500 bytes on Ethernet; IPv4 requires every link to carry at least 68.',
    related: ['mss', 'fragmentation'],
  },
  mss: {
    term: 'MSS',
    definition:
      'Maximum segment size: the most TCP data one segment may carry, announced in the SYN. On Ethernet it is usually 1460 (1500 minus 20 bytes of IPv4 and 20 of TCP header).',
    related: ['mtu', 'segment'],
  },
  fragmentation: {
    term: 'fragmentation',
    definition:
      'Splitting an IPv4 packet that is too big for the next link into fragments that the destination reassembles. Avoided in practice: a lost fragment loses the whole packet.',
    related: ['mtu', 'packet'],
  },
  'packet-switching': {
    term: 'packet switching',
    definition:
      'Sending data as independent packets that share links with everyone else’s and are forwarded one by one, instead of reserving a circuit for the whole conversation.',
    related: ['packet', 'router'],
  },
  router: {
    term: 'router',
    definition:
      'A device that forwards IP packets between networks, choosing the next hop from the destination IP address. It works at the network layer.',
    related: ['ip', 'switch'],
  },
  switch: {
    term: 'switch',
    definition:
      'A device that forwards Ethernet frames inside one local network, to the port where the destination MAC address lives. It works at the data link layer.',
    related: ['router', 'frame'],
  },
  'four-tuple': {
    term: '4-tuple',
    definition:
      'The four numbers that name one TCP connection: client IP address, client port, server IP address, server port. Two connections to the same server port differ in at least one of them, usually the client port.',
    related: ['socket', 'port'],
  },
  'listening-socket': {
    term: 'listening socket',
    definition:
      'A server socket bound to a port that only accepts new connections. Each accepted connection gets a new connected socket of its own; the listening socket keeps waiting for the next one.',
    related: ['socket', 'server', 'four-tuple'],
  },
  'short-polling': {
    term: 'short polling',
    definition:
      'Asking the server for news with a plain HTTP request on a fixed interval. The server answers at once, often with nothing new; every question costs a full request and response.',
    related: ['long-polling', 'websocket'],
  },
  retransmission: {
    term: 'retransmission',
    definition:
      'Sending a segment again because it seems lost: TCP resends when its retransmission timer expires, or sooner after three duplicate ACKs (fast retransmit). UDP never retransmits.',
    related: ['tcp', 'acknowledgement'],
  },
  'head-of-line-blocking': {
    term: 'head-of-line blocking',
    definition:
      'When one missing item holds up everything queued behind it. In TCP, data that arrived after a lost segment waits in the receive buffer until the retransmission fills the gap.',
    related: ['tcp', 'quic'],
  },
  'flow-control': {
    term: 'flow control',
    definition:
      'Keeping a fast sender from overrunning a slow receiver: in TCP the receiver advertises a window, the free space in its receive buffer, and the sender stays within it.',
    related: ['tcp', 'congestion-control'],
  },
  'congestion-control': {
    term: 'congestion control',
    definition:
      'Keeping a sender from overloading the network: TCP keeps a congestion window (cwnd) that grows quickly in slow start, then slowly in congestion avoidance, and shrinks when loss signals congestion: to half with Reno (RFC 5681), to 0.7 with CUBIC (RFC 9438), today’s usual default.',
    related: ['tcp', 'flow-control'],
  },
  quic: {
    term: 'QUIC',
    definition:
      'A transport protocol (RFC 9000) that runs over UDP and adds its own handshake, encryption, retransmission and congestion control, with independent streams so a loss on one stream does not stall the others. HTTP/3 runs on it.',
    related: ['udp', 'tcp', 'head-of-line-blocking'],
  },
  backoff: {
    term: 'exponential backoff',
    definition:
      'Waiting longer after each failed attempt (1 s, 2 s, 4 s… up to a cap) before trying again, usually with random jitter so that many clients do not retry at the same instant.',
    related: ['client'],
  },
  'connection-state-recovery': {
    term: 'connection state recovery',
    definition:
      'A Socket.IO server option (connectionStateRecovery): after an unexpected disconnect the server keeps the socket’s id, rooms, data and the packets it missed for a while, and restores them if the client reconnects in time (socket.recovered is then true).',
    related: ['socket-io', 'room'],
  },
  offset: {
    term: 'offset',
    definition:
      'A position in an ordered log of events. A client that remembers the offset of the last event it handled can ask for everything after it, even after a reload or a long outage.',
    related: ['message-queue'],
  },
  idempotency: {
    term: 'idempotency key',
    definition:
      'A unique id the sender attaches to an operation and reuses on every retry. The receiver remembers the keys it has applied and skips repeats, so retries cannot make the effect happen twice.',
    related: ['delivery-guarantee', 'acknowledgement'],
  },
  tls: {
    term: 'TLS',
    definition:
      'Transport Layer Security (RFC 8446 for version 1.3): it runs over TCP and encrypts and authenticates everything above it. An observer still sees addresses, ports, the sizes and timing of records, and usually the server name (SNI).',
    related: ['wss', 'tcp'],
  },
  wss: {
    term: 'wss://',
    definition:
      'The WebSocket scheme over TLS, as https:// is HTTP over TLS (RFC 6455 §3). The upgrade request, every frame and everything inside them are encrypted; ws:// sends them all in the clear.',
    related: ['tls', 'websocket'],
  },
  origin: {
    term: 'Origin',
    definition:
      'The scheme, host and port of the page that started a request (https://course.example). Browsers send it in an Origin header, and a page cannot change it: it is how a WebSocket server tells its own pages from other sites (RFC 6454, RFC 6455 §10.2).',
    related: ['cors', 'websocket'],
  },
  cors: {
    term: 'CORS',
    definition:
      'Cross-Origin Resource Sharing: the rules by which a browser lets a page read an HTTP response from another origin, only if the response allows it (Access-Control-Allow-Origin). It applies to fetch and XHR, so to Socket.IO’s long-polling, but not to WebSockets.',
    related: ['origin', 'long-polling'],
  },
  'auth-token': {
    term: 'token',
    definition:
      'A string the server issues after a login and checks on later requests, so the client need not send its password again. A signed token carries claims (who, until when) that the server can verify without a lookup; it should expire soon.',
    related: ['handshake', 'middleware'],
  },
  middleware: {
    term: 'middleware',
    definition:
      'A function that runs before the handlers. In Socket.IO, io.use((socket, next) => …) runs once per connection attempt: next() lets it in, next(new Error("…")) refuses it, and the client gets connect_error.',
    related: ['socket-io', 'namespace'],
  },
  'rate-limit': {
    term: 'rate limit',
    definition:
      'A cap on how many requests or events one client may send in a period, often a token bucket (a steady rate plus a burst). Beyond it the server refuses, so one client cannot use up what everyone shares.',
    related: ['event'],
  },
  adapter: {
    term: 'adapter',
    definition:
      'The part of a Socket.IO server that decides which sockets a broadcast goes to. The default keeps rooms in one process’s memory; an adapter on a shared store (Redis Streams, Postgres …) forwards broadcasts, fetchSockets() and serverSideEmit() to the other servers of a cluster.',
    related: ['broadcast', 'room', 'sticky-session'],
  },
  'sticky-session': {
    term: 'sticky session',
    definition:
      'Load-balancer routing that sends every request of one session to the same server (by client address, a cookie or the session id). Socket.IO needs it when HTTP long-polling is enabled, because a server that did not make the session answers 400 "Session ID unknown".',
    related: ['load-balancer', 'long-polling', 'adapter'],
  },
  'load-balancer': {
    term: 'load balancer',
    definition:
      'A proxy in front of several servers that hands each incoming connection or request to one of them (in turn, by address, by load …), so clients see one address.',
    related: ['sticky-session', 'server'],
  },
} satisfies Record<string, GlossaryEntry>;

export type TermId = keyof typeof GLOSSARY;

export function glossaryEntry(id: string): GlossaryEntry {
  const entry = (GLOSSARY as Record<string, GlossaryEntry>)[id];
  if (!entry) throw new Error(`Unknown glossary term "${id}". Add it to src/data/glossary.ts.`);
  return entry;
}
