// The one place the server decides which address a connection comes from. Every per-address limit counts what
// this returns. Without trusted proxies (the default) it is the TCP peer, whatever the request says. Behind a
// proxy the peer is the proxy, and each trusted hop appends the address it saw to X-Forwarded-For. The client is
// then the right-most address in that header that is not a trusted proxy: the entries to its left were written
// by the client itself, so a learner who sends "X-Forwarded-For: 1.2.3.4" only adds a value nobody reads.
import type { IncomingMessage } from 'node:http';
import { BlockList, isIP } from 'node:net';

/** What the server needs of a request: its TCP peer and its headers (an IncomingMessage has both). */
export type AddressedRequest = Pick<IncomingMessage, 'headers'> & { socket: { remoteAddress?: string } };

/** Returns the client's address for a request; never throws. */
export type ClientAddressOf = (req: AddressedRequest) => string;

/** What an unknown peer is counted as (a socket already closed has no remoteAddress). */
const UNKNOWN = '?';

/**
 * Parses `SP_TRUSTED_PROXIES`-style entries (addresses or CIDR blocks, IPv4 or IPv6) into a BlockList.
 * Throws one sentence naming the first bad entry: a typo must not silently trust nobody (or everybody).
 */
export function trustedProxyList(entries: readonly string[]): BlockList {
  const list = new BlockList();
  for (const entry of entries) {
    const [address, prefix, extra] = entry.split('/');
    const family = isIP(address);
    const bits = family === 6 ? 128 : 32;
    const length = prefix === undefined ? bits : Number(prefix);
    if (!family || extra !== undefined || !/^\d{1,3}$/.test(prefix ?? String(bits)) || length > bits) {
      throw new Error(`SP_TRUSTED_PROXIES has "${entry}", which is not an address or an address/prefix block`);
    }
    list.addSubnet(address, length, family === 6 ? 'ipv6' : 'ipv4');
  }
  return list;
}

function trusted(list: BlockList, address: string): boolean {
  const family = isIP(address);
  // BlockList matches IPv4 rules against IPv4-mapped IPv6 addresses (::ffff:10.0.0.1) too.
  return family !== 0 && list.check(address, family === 6 ? 'ipv6' : 'ipv4');
}

/**
 * The client address of one request: the peer unless it is trusted; then the right-most untrusted entry of
 * X-Forwarded-For (or the left-most, when every hop is trusted). A hop that is not an address, met before the
 * client's, makes the header unusable and the peer is used: a garbled header must not pick an address.
 */
export function clientAddress(
  peer: string | undefined,
  forwardedFor: string | string[] | undefined,
  proxies: BlockList,
): string {
  const self = peer || UNKNOWN;
  if (!peer || forwardedFor === undefined || !trusted(proxies, peer)) return self;
  // Node joins repeated X-Forwarded-For headers with ", "; an array comes from callers that did not.
  const hops = (Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor).split(',').map((h) => h.trim());
  // Walk from the right: what lies left of the first untrusted hop is the client's own writing and never read,
  // so garbage there changes nothing; garbage reached before it (a broken proxy) falls back to the peer.
  for (let i = hops.length - 1; i >= 0; i--) {
    if (isIP(hops[i]) === 0) return self;
    if (!trusted(proxies, hops[i])) return hops[i];
  }
  return hops[0];
}

/** A ClientAddressOf over a fixed list of trusted proxies (an empty list: always the TCP peer). */
export function clientAddressOf(trustedProxies: readonly string[] = []): ClientAddressOf {
  const proxies = trustedProxyList(trustedProxies);
  if (trustedProxies.length === 0) return (req) => req.socket.remoteAddress || UNKNOWN;
  return (req) => clientAddress(req.socket.remoteAddress, req.headers['x-forwarded-for'], proxies);
}
