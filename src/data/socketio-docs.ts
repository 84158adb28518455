// The Socket.IO documentation pages lessons may link. A lesson that links socket.io/docs/… outside this list fails
// the content test: the docs site moves pages between versions, so every new link is checked by hand once, here.
// Compare without a trailing slash or #fragment (both forms resolve on the site).
export const SOCKET_IO_DOCS = [
  'https://socket.io/docs/v4/tutorial/introduction',
  'https://socket.io/docs/v4/tutorial/step-7',
  'https://socket.io/docs/v4/tutorial/step-8',
  'https://socket.io/docs/v4/rooms',
  'https://socket.io/docs/v4/namespaces',
  'https://socket.io/docs/v4/emit-cheatsheet',
  'https://socket.io/docs/v4/emitting-events',
  'https://socket.io/docs/v4/broadcasting-events',
  'https://socket.io/docs/v4/delivery-guarantees',
  'https://socket.io/docs/v4/connection-state-recovery',
  'https://socket.io/docs/v4/engine-io-protocol',
  'https://socket.io/docs/v4/socket-io-protocol',
  'https://socket.io/docs/v4/how-it-works',
  'https://socket.io/docs/v4/using-multiple-nodes',
  'https://socket.io/docs/v4/adapter',
  'https://socket.io/docs/v4/redis-streams-adapter',
  'https://socket.io/docs/v4/client-options',
  'https://socket.io/docs/v4/server-options',
  'https://socket.io/docs/v4/middlewares',
  'https://socket.io/docs/v4/handling-cors',
  'https://socket.io/docs/v4/client-socket-instance',
] as const;

/** A docs URL in the form the list uses: no fragment, no query, no trailing slash. */
export function normaliseDocsUrl(url: string): string {
  return url.replace(/[#?].*$/, '').replace(/\/+$/, '');
}
