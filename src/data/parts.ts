// The course's parts, in order. A lesson names its part in frontmatter.
export const PARTS = [
  { id: 'connections', title: 'Connections', blurb: 'Sockets, WebSockets, and how Socket.IO gets a connection going.' },
  {
    id: 'events',
    title: 'Events',
    blurb: 'Emits, acknowledgements, broadcasts, rooms and namespaces, and a chat built from them.',
  },
  {
    id: 'reliability',
    title: 'When messages go missing',
    blurb: 'Missed events, every way to get them back, and message queues.',
  },
  {
    id: 'network',
    title: 'Down the stack',
    blurb: 'Layers, packets, TCP and UDP, with your own message as the example.',
  },
] as const;

export type PartId = (typeof PARTS)[number]['id'];
export const PART_IDS = PARTS.map((p) => p.id) as [PartId, ...PartId[]];
