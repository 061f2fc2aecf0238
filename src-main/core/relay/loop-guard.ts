import net from 'node:net';
import os from 'node:os';
import type { HeaderPairs } from '../../contract/common';

/**
 * Forwarding loops. An endpoint whose target leads back to a Hookbay receiver (its own,
 * through the tunnel, through a proxy, or another Hookbay forwarding back) once turned one
 * webhook into 5,940 in 12 s. Two guards: every forward and replay carries a hop count
 * that a capture's forwards refuse past `MAX_HOPS`, and a target that is this Hookbay's
 * own receiver is refused when it is saved.
 */

/** Added to every forward and replay: the number of Hookbay relays the request has passed. */
export const HOP_HEADER = 'Hookbay-Hops';

/** A capture that already passed this many Hookbays is not forwarded again (a chain of 5 is plenty). */
export const MAX_HOPS = 5;

/** The hop count a stored request arrived with: the largest valid value, 0 when absent or junk. */
export function hopsOf(headers: HeaderPairs): number {
  let hops = 0;
  for (const [k, v] of headers) {
    if (k.toLowerCase() !== HOP_HEADER.toLowerCase()) continue;
    const n = /^\s*(\d{1,6})\s*$/.exec(v);
    if (n) hops = Math.max(hops, Number(n[1]));
  }
  return hops;
}

export function loopMessage(hops: number): string {
  return `Not sent: this request already passed ${hops} Hookbay relays (${HOP_HEADER}), the limit is ${MAX_HOPS}; a forward target probably leads back to a Hookbay receiver.`;
}

export interface ReceiverAddress {
  host: string;
  port: number;
  /** The tunnel's public origin while online: a target there reaches this receiver too. */
  publicBaseUrl: string | null;
}

/**
 * Whether `url` reaches this Hookbay's own receiver: same port on a loopback name or address
 * (`localhost`, `*.localhost`, 127.0.0.0/8, `::1`, `0.0.0.0`, IPv4-mapped forms), on the
 * host it listens on, or on any local interface when it listens on all of them; or the
 * tunnel's public host. Names other than these are not resolved (no DNS at save time).
 */
export function isOwnReceiver(url: string, receiver: ReceiverAddress): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  if (receiver.publicBaseUrl) {
    try {
      const pub = new URL(receiver.publicBaseUrl);
      if (pub.host.toLowerCase() === u.host.toLowerCase()) return true;
    } catch {
      /* not a URL: nothing to compare */
    }
  }
  const port = u.port === '' ? (u.protocol === 'https:' ? 443 : 80) : Number(u.port);
  if (port !== receiver.port) return false;
  const host = u.hostname.replace(/^\[|\]$/g, '').replace(/\.$/, '').toLowerCase();
  if (isLoopback(host)) return true;
  const listen = receiver.host.toLowerCase();
  if (host === listen) return true;
  if (listen === '0.0.0.0' || listen === '::') return localAddresses().has(host);
  return false;
}

function isLoopback(host: string): boolean {
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (host === '0.0.0.0' || host === '::' || host === '::1') return true;
  const v4 = host.startsWith('::ffff:') ? mappedV4(host.slice(7)) : host;
  return net.isIPv4(v4) && v4.startsWith('127.');
}

/** `::ffff:7f00:1` (how URL writes ::ffff:127.0.0.1) back to dotted form. */
function mappedV4(rest: string): string {
  if (net.isIPv4(rest)) return rest;
  const m = /^([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(rest);
  if (!m) return rest;
  const hi = parseInt(m[1]!, 16);
  const lo = parseInt(m[2]!, 16);
  return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
}

function localAddresses(): Set<string> {
  const out = new Set<string>([os.hostname().toLowerCase()]);
  for (const list of Object.values(os.networkInterfaces())) {
    for (const a of list ?? []) out.add(a.address.toLowerCase());
  }
  return out;
}
