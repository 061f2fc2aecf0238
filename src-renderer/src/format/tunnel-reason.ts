/**
 * A tunnel failure in words a user can act on. Node's resolver errors (`getaddrinfo
 * ENOTFOUND host`, `EAI_AGAIN`) mean the tunnel server's name could not be looked up, which
 * is almost always being offline or a DNS problem; other reasons are already plain.
 */
export function plainTunnelReason(reason: string | undefined): string | null {
  if (!reason) return null;
  if (/\b(ENOTFOUND|EAI_AGAIN|EAI_NONAME)\b/.test(reason)) {
    const host = /(?:ENOTFOUND|EAI_AGAIN|EAI_NONAME)\s+(\S+)/.exec(reason)?.[1];
    return `could not resolve the tunnel server${host ? ` ${host}` : ''} (offline or DNS)`;
  }
  return reason;
}
