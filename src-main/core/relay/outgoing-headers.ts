import type { HeaderPairs } from '../../contract/common';
import { HOP_HEADER, hopsOf } from './loop-guard';

/** RFC 9110 §7.6.1 connection-specific headers: they describe one hop and must not be forwarded. */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

const HOP_LOWER = HOP_HEADER.toLowerCase();

export interface ForwardedFrom {
  /** The sender's address as Hookbay saw it. */
  remoteAddress: string | null;
  /** `https` when the request came through the tunnel (the provider spoke TLS to it). */
  proto: 'http' | 'https';
}

/**
 * Headers as sent to a target: the stored ones in their order, case and duplicates, minus
 * hop-by-hop headers (and any a `Connection` header names); `Host` rewritten in place for
 * the target; `Content-Length` set to the bytes actually sent (the stored body may be
 * truncated or was chunked); `X-Forwarded-*` added the way a reverse proxy does, keeping
 * what an upstream proxy (the tunnel) already set; `Hookbay-Hops` replaced by one more than
 * the request arrived with (./loop-guard.ts). Signature headers pass through untouched.
 */
export function outgoingHeaders(stored: HeaderPairs, targetHost: string, bodyLength: number, from: ForwardedFrom): HeaderPairs {
  const named = new Set<string>();
  for (const [k, v] of stored) {
    if (k.toLowerCase() === 'connection') for (const t of v.split(',')) named.add(t.trim().toLowerCase());
  }
  const out: HeaderPairs = [];
  let originalHost: string | null = null;
  let hostSet = false;
  let lengthSet = false;
  let xffAt = -1;
  let hasXfh = false;
  let hasXfp = false;
  for (const [k, v] of stored) {
    const lower = k.toLowerCase();
    if (HOP_BY_HOP.has(lower) || named.has(lower) || lower === HOP_LOWER) continue;
    if (lower === 'host') {
      if (hostSet) continue;
      originalHost = v;
      out.push([k, targetHost]);
      hostSet = true;
    } else if (lower === 'content-length') {
      if (lengthSet) continue;
      out.push([k, String(bodyLength)]);
      lengthSet = true;
    } else if (lower === 'x-forwarded-for') {
      // Several X-Forwarded-For lines are one list; keep it where the first one stood.
      if (xffAt === -1) {
        xffAt = out.length;
        out.push([k, v]);
      } else {
        out[xffAt]![1] = `${out[xffAt]![1]}, ${v}`;
      }
    } else {
      if (lower === 'x-forwarded-host') hasXfh = true;
      if (lower === 'x-forwarded-proto') hasXfp = true;
      out.push([k, v]);
    }
  }
  if (!hostSet) out.unshift(['Host', targetHost]);
  if (!lengthSet && bodyLength > 0) out.push(['Content-Length', String(bodyLength)]);
  const client = from.remoteAddress?.replace(/^::ffff:/, '') ?? null;
  if (client) {
    if (xffAt === -1) out.push(['X-Forwarded-For', client]);
    else out[xffAt]![1] = `${out[xffAt]![1]}, ${client}`;
  }
  if (!hasXfh && originalHost) out.push(['X-Forwarded-Host', originalHost]);
  if (!hasXfp) out.push(['X-Forwarded-Proto', from.proto]);
  out.push([HOP_HEADER, String(hopsOf(stored) + 1)]);
  return out;
}
