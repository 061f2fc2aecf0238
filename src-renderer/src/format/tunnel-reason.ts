/**
 * A tunnel failure in words a user can act on, shaped to sit inside a sentence ("The tunnel is
 * on but not connected: <reason>. …"). Node's resolver errors (`getaddrinfo ENOTFOUND host`,
 * `EAI_AGAIN`) mean the tunnel server's name could not be looked up, which is almost always
 * being offline or a DNS problem. The core's providers already write whole sentences ("Could not
 * resolve the tunnel server x (offline or DNS)."), so a reason loses its own final period and a
 * leading capital that only starts a sentence (not an acronym such as "DNS").
 */
export function plainTunnelReason(reason: string | undefined): string | null {
  if (!reason) return null;
  if (/\b(ENOTFOUND|EAI_AGAIN|EAI_NONAME)\b/.test(reason)) {
    const host = /(?:ENOTFOUND|EAI_AGAIN|EAI_NONAME)\s+(\S+)/.exec(reason)?.[1];
    return `could not resolve the tunnel server${host ? ` ${host}` : ''} (offline or DNS)`;
  }
  const trimmed = reason.trim().replace(/\.+$/, '');
  return /^[A-Z][a-z]/.test(trimmed) ? trimmed[0]!.toLowerCase() + trimmed.slice(1) : trimmed;
}
