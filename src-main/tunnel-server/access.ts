import crypto from 'node:crypto';

/** One access token and what it may hold. */
export interface TokenGrant {
  token: string;
  /** Subdomains only this token may open (and that random names never take). */
  subdomains?: string[];
  /** Tunnels this token may hold at once; the server's default when absent. */
  maxTunnels?: number;
}

/** Who asked: the token's index in the configuration, or `open` on a server without tokens. */
export type Owner = { kind: 'open' } | { kind: 'token'; index: number };

/** Same rule as the localtunnel reference server (and Hookbay's contract), so clients agree. */
export const SUBDOMAIN = /^(?:[a-z0-9][a-z0-9-]{4,61}[a-z0-9]|[a-z0-9]{4,63})$/;

/**
 * Tokens, compared in constant time over their hashes so the comparison says nothing about how
 * much of a guess was right. No tokens configured: anyone may open tunnels (a test or a LAN).
 */
export class Access {
  private readonly hashes: Buffer[];
  private readonly reservedBy = new Map<string, number>();

  constructor(readonly grants: readonly TokenGrant[]) {
    this.hashes = grants.map((g) => sha256(g.token));
    grants.forEach((g, index) => {
      for (const name of g.subdomains ?? []) {
        if (!SUBDOMAIN.test(name)) throw new Error(`Reserved subdomain "${name}" is not a valid subdomain (4-63 lowercase letters, digits, dashes).`);
        const other = this.reservedBy.get(name);
        if (other !== undefined && other !== index) throw new Error(`Subdomain "${name}" is reserved for two tokens.`);
        this.reservedBy.set(name, index);
      }
    });
  }

  get open(): boolean {
    return this.grants.length === 0;
  }

  /** The owner for a presented token; null when tokens are required and this one is wrong or absent. */
  identify(presented: string | null): Owner | null {
    if (this.open) return { kind: 'open' };
    if (presented === null) return null;
    const hash = sha256(presented);
    let found = -1;
    // Every hash is compared, so timing does not tell which token (or how many) exist.
    this.hashes.forEach((h, i) => {
      if (crypto.timingSafeEqual(h, hash) && found === -1) found = i;
    });
    return found === -1 ? null : { kind: 'token', index: found };
  }

  /** The token index a subdomain is reserved for, if any. */
  reservedFor(subdomain: string): number | undefined {
    return this.reservedBy.get(subdomain);
  }

  maxTunnels(owner: Owner, fallback: number): number {
    return owner.kind === 'token' ? (this.grants[owner.index]!.maxTunnels ?? fallback) : fallback;
  }
}

export function sameOwner(a: Owner, b: Owner): boolean {
  return a.kind === 'token' && b.kind === 'token' && a.index === b.index;
}

function sha256(s: string): Buffer {
  return crypto.createHash('sha256').update(s).digest();
}
