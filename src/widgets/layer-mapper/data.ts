// What the layer mapper asks about: the two models' layers, and where each protocol, device and program
// belongs in each, with the reason and the explanations for the usual wrong placements.

export type ModelId = 'osi' | 'tcpip';

export interface LayerDef {
  id: string;
  /** OSI number (7..1) or TCP/IP position (4..1). */
  number: number;
  name: string;
  /** What this layer's unit is called. */
  unit: string;
  job: string;
}

export const MODELS: Record<ModelId, { title: string; layers: LayerDef[] }> = {
  osi: {
    title: 'OSI (7 layers)',
    layers: [
      {
        id: 'osi-7',
        number: 7,
        name: 'Application',
        unit: 'data (message)',
        job: 'what the program means: requests, events, names',
      },
      {
        id: 'osi-6',
        number: 6,
        name: 'Presentation',
        unit: 'data',
        job: 'how data is represented: encoding, compression, encryption',
      },
      {
        id: 'osi-5',
        number: 5,
        name: 'Session',
        unit: 'data',
        job: 'opening, keeping and closing a dialogue between programs',
      },
      {
        id: 'osi-4',
        number: 4,
        name: 'Transport',
        unit: 'segment (TCP) / datagram (UDP)',
        job: 'program to program: ports, reliability, order',
      },
      {
        id: 'osi-3',
        number: 3,
        name: 'Network',
        unit: 'packet',
        job: 'host to host across networks: IP addresses, routing',
      },
      {
        id: 'osi-2',
        number: 2,
        name: 'Data link',
        unit: 'frame',
        job: 'one hop on one link: MAC addresses, error detection',
      },
      { id: 'osi-1', number: 1, name: 'Physical', unit: 'bits', job: 'signals on a wire, fibre or radio' },
    ],
  },
  tcpip: {
    title: 'TCP/IP (4 layers)',
    layers: [
      {
        id: 'tcpip-4',
        number: 4,
        name: 'Application',
        unit: 'message (data)',
        job: 'everything the program does: OSI 5, 6 and 7 together',
      },
      {
        id: 'tcpip-3',
        number: 3,
        name: 'Transport',
        unit: 'segment / datagram',
        job: 'program to program: ports; TCP adds reliability and order',
      },
      { id: 'tcpip-2', number: 2, name: 'Internet', unit: 'packet', job: 'host to host across networks: IP' },
      {
        id: 'tcpip-1',
        number: 1,
        name: 'Link',
        unit: 'frame (then bits)',
        job: 'one hop on the local network, hardware included',
      },
    ],
  },
};

export type ItemKind = 'protocol' | 'device' | 'program';

export interface Placement {
  /** Layer ids that count as right. More than one where the honest answer is fuzzy. */
  accept: string[];
  /** Why the accepted placement is right (shown when correct). */
  why: string;
  /** Explanations for specific wrong layers; others fall back to `why`. */
  traps?: Record<string, string>;
}

export interface Item {
  id: string;
  label: string;
  kind: ItemKind;
  /** The honest answer is not one layer; the feedback says so. */
  fuzzy?: boolean;
  osi: Placement;
  tcpip: Placement;
}

const app = (what: string): Placement => ({ accept: ['tcpip-4'], why: what });

export const ITEMS: Item[] = [
  {
    id: 'http',
    label: 'HTTP',
    kind: 'protocol',
    osi: {
      accept: ['osi-7'],
      why: 'HTTP is what a browser and a web server say to each other: requests and responses. That is application data.',
      traps: {
        'osi-4': 'HTTP does not deliver bytes between ports; it asks TCP to do that. HTTP is the text TCP carries.',
      },
    },
    tcpip: app('HTTP is a message format programs use; TCP carries it. Application layer.'),
  },
  {
    id: 'websocket',
    label: 'WebSocket',
    kind: 'protocol',
    fuzzy: true,
    osi: {
      accept: ['osi-7'],
      why: 'WebSocket starts as an HTTP request (the Upgrade handshake), then frames messages on the same TCP connection. Both halves are application protocols; the name “socket” is misleading.',
      traps: {
        'osi-4':
          'Despite the name, WebSocket is not a transport: it runs on top of TCP and uses TCP’s ports. It adds message frames, not delivery.',
        'osi-5':
          'You can argue it keeps a session open, and some books say so. But it is defined and used as an application protocol over TCP, next to HTTP. Application layer.',
      },
    },
    tcpip: {
      accept: ['tcpip-4'],
      why: 'It begins as HTTP and then frames messages over TCP: application layer, like HTTP.',
      traps: {
        'tcpip-3':
          'WebSocket rides on TCP; it does not replace it. The “socket” in the name is the programming idea, not a transport layer.',
      },
    },
  },
  {
    id: 'socketio',
    label: 'Socket.IO',
    kind: 'protocol',
    osi: {
      accept: ['osi-7'],
      why: 'Socket.IO is a library protocol of events (name plus data) carried in Engine.IO packets over WebSocket or HTTP long polling. It is application data all the way.',
      traps: {
        'osi-4':
          'Socket.IO never touches ports or retransmission; it hands text to WebSocket or HTTP, which hand it to TCP.',
        'osi-5':
          'Socket.IO does reconnect and keep sessions, which sounds like “session”. It still runs entirely inside application data, on top of HTTP or WebSocket.',
      },
    },
    tcpip: app('Events on top of Engine.IO on top of WebSocket or HTTP: all application layer.'),
  },
  {
    id: 'tls',
    label: 'TLS',
    kind: 'protocol',
    fuzzy: true,
    osi: {
      accept: ['osi-5', 'osi-6', 'osi-7'],
      why: 'TLS does not fit one OSI layer. It sits between TCP and the application: it encrypts (a presentation job) and keeps a secure session (a session job). Books place it at 5, 6 or 7; any of those is defensible.',
      traps: {
        'osi-4':
          'The name says “Transport Layer Security”, but TLS runs on top of TCP and uses TCP’s connection. It secures the transport; it is not one.',
      },
    },
    tcpip: {
      accept: ['tcpip-4'],
      why: 'TCP/IP has no layer between transport and application, so TLS, which runs above TCP inside the program (or its library), counts as application.',
      traps: {
        'tcpip-3':
          'TLS rides on a TCP connection; TCP still does the delivery. The word “Transport” in its name names what it protects.',
      },
    },
  },
  {
    id: 'dns',
    label: 'DNS',
    kind: 'protocol',
    osi: {
      accept: ['osi-7'],
      why: 'DNS turns names into addresses. Programs send DNS questions as data, usually in UDP datagrams to port 53.',
      traps: {
        'osi-3':
          'DNS finds the IP address, but it does not carry packets: it is a question and an answer sent as data over UDP (or TCP).',
        'osi-4': 'DNS uses UDP (and TCP) port 53; it is carried by the transport, not part of it.',
      },
    },
    tcpip: {
      accept: ['tcpip-4'],
      why: 'DNS messages are application data in UDP or TCP.',
      traps: {
        'tcpip-2': 'DNS helps IP by finding addresses, but its messages travel as application data in UDP datagrams.',
      },
    },
  },
  {
    id: 'tcp',
    label: 'TCP',
    kind: 'protocol',
    osi: {
      accept: ['osi-4'],
      why: 'TCP moves a byte stream between two programs (ports), in order, resending what is lost. Transport layer; its unit is the segment.',
      traps: { 'osi-3': 'TCP does not route; IP does. TCP only works end to end, between the two hosts’ programs.' },
    },
    tcpip: {
      accept: ['tcpip-3'],
      why: 'TCP is the T in TCP/IP: the transport layer, segments.',
      traps: { 'tcpip-2': 'The Internet layer is IP’s. TCP sits above it, end to end.' },
    },
  },
  {
    id: 'udp',
    label: 'UDP',
    kind: 'protocol',
    osi: {
      accept: ['osi-4'],
      why: 'UDP delivers single datagrams between ports, with no order or resending. Still transport: program to program.',
      traps: {
        'osi-3': 'UDP adds ports (and a checksum) to IP; it is the thin transport on top of IP, not IP itself.',
      },
    },
    tcpip: { accept: ['tcpip-3'], why: 'Transport layer, next to TCP; its unit is the datagram.' },
  },
  {
    id: 'ip',
    label: 'IP',
    kind: 'protocol',
    osi: {
      accept: ['osi-3'],
      why: 'IP gives every host an address and moves packets hop by hop, across networks, to the right host.',
      traps: {
        'osi-4': 'IP knows hosts, not programs: it has no ports. Ports are the transport layer’s.',
        'osi-2': 'The data link layer only reaches the next device on the same link. IP crosses many links.',
      },
    },
    tcpip: { accept: ['tcpip-2'], why: 'The Internet layer is IP: packets from host to host.' },
  },
  {
    id: 'ethernet',
    label: 'Ethernet',
    kind: 'protocol',
    fuzzy: true,
    osi: {
      accept: ['osi-2', 'osi-1'],
      why: 'The Ethernet standards cover two OSI layers: the frame format with MAC addresses (data link, 2) and the signals on the cable (physical, 1).',
      traps: { 'osi-3': 'Ethernet only reaches devices on the same local network; crossing networks is IP’s job.' },
    },
    tcpip: { accept: ['tcpip-1'], why: 'Link layer: one hop on the local network, frames and the cable.' },
  },
  {
    id: 'wifi',
    label: 'Wi-Fi (802.11)',
    kind: 'protocol',
    fuzzy: true,
    osi: {
      accept: ['osi-2', 'osi-1'],
      why: 'Like Ethernet, Wi-Fi defines frames with MAC addresses (2) and the radio signals (1). Swap Ethernet for Wi-Fi and nothing above changes.',
      traps: { 'osi-3': 'Wi-Fi reaches your access point, one hop away. Getting past it is IP’s job.' },
    },
    tcpip: { accept: ['tcpip-1'], why: 'Link layer, like Ethernet.' },
  },
  {
    id: 'nic',
    label: 'Network card (NIC)',
    kind: 'device',
    fuzzy: true,
    osi: {
      accept: ['osi-2', 'osi-1'],
      why: 'A network interface card turns frames into signals and back (1) and checks MAC addresses and frame checksums (2).',
      traps: { 'osi-3': 'The card does not know about IP routes; the operating system handles IP above it.' },
    },
    tcpip: { accept: ['tcpip-1'], why: 'The link layer includes the hardware that sends frames.' },
  },
  {
    id: 'hub',
    label: 'Hub / repeater',
    kind: 'device',
    osi: {
      accept: ['osi-1'],
      why: 'A hub or repeater copies electrical signals out of every port. It reads no addresses at all: physical layer.',
      traps: { 'osi-2': 'A switch reads MAC addresses; a hub does not. It repeats bits to everyone.' },
    },
    tcpip: { accept: ['tcpip-1'], why: 'Link layer (which in the four-layer model includes the physical).' },
  },
  {
    id: 'switch',
    label: 'Switch',
    kind: 'device',
    osi: {
      accept: ['osi-2'],
      why: 'A switch reads each frame’s destination MAC address and sends it out of the one port that leads there. Data link layer. (“Layer 3 switches” also route; a plain switch does not.)',
      traps: {
        'osi-3':
          'A plain switch never looks at IP addresses; it forwards by MAC address inside one network. Routers work with IP.',
        'osi-1': 'A hub works with bare signals; a switch reads the frame’s MAC addresses, so it sits one layer up.',
      },
    },
    tcpip: { accept: ['tcpip-1'], why: 'It forwards frames within one local network: link layer.' },
  },
  {
    id: 'router',
    label: 'Router',
    kind: 'device',
    osi: {
      accept: ['osi-3'],
      why: 'A router reads each packet’s destination IP address and forwards it towards the right network. Network layer.',
      traps: {
        'osi-2':
          'A router does unwrap the frame, but it decides by IP address and builds a new frame for the next link. That makes it layer 3.',
        'osi-4':
          'A router does not need ports to forward. (Home routers doing NAT do peek at ports; that is an extra, not routing.)',
      },
    },
    tcpip: { accept: ['tcpip-2'], why: 'Routers forward IP packets: Internet layer.' },
  },
  {
    id: 'browser',
    label: 'Web browser',
    kind: 'program',
    osi: {
      accept: ['osi-7'],
      why: 'The browser is a program: it speaks HTTP, WebSocket and TLS at the top. TCP, IP and Ethernet run in the operating system and the card below it.',
      traps: {
        'osi-4': 'The browser asks the operating system for TCP connections; the kernel does TCP, not the browser.',
      },
    },
    tcpip: { accept: ['tcpip-4'], why: 'A program that uses the network: application layer.' },
  },
];
