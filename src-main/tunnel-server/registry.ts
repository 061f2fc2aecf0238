import crypto from 'node:crypto';
import { type Access, sameOwner, SUBDOMAIN } from './access';
import { HostedTunnel } from './hosted-tunnel';
import type { TunnelServerConfig } from './config';

/** A refused registration: the HTTP status and the message the localtunnel client shows. */
export class Refusal extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 409 | 429 | 503,
    message: string,
  ) {
    super(message);
  }
}

export interface Grant {
  id: string;
  port: number;
  max_conn_count: number;
  url: string;
}

/** The tunnels by subdomain, and the rules for handing one out. */
export class Registry {
  readonly tunnels = new Map<string, HostedTunnel>();
  /** Registrations between their checks and their listener being up. */
  private readonly opening = new Map<string, HostedTunnel>();

  constructor(
    private readonly config: TunnelServerConfig,
    private readonly access: Access,
    private readonly publicUrl: (id: string) => string,
  ) {}

  /**
   * Opens a tunnel named `requested` (or a random name) for `token`. A taken name is an error,
   * never a silently different name: the sender's URL would otherwise point at someone else. The
   * one exception is the same token asking again (a client reconnecting before the server noticed
   * its old sockets are dead), or a name whose holder has no socket left.
   */
  async open(token: string | null, requested: string | null, clientAddress: string): Promise<Grant> {
    const owner = this.access.identify(token);
    if (!owner) {
      throw new Refusal(401, token === null ? 'This tunnel server needs an access token' : 'The access token is not valid for this tunnel server');
    }
    const id = requested ?? this.randomName();
    if (!SUBDOMAIN.test(id)) {
      throw new Refusal(400, `Invalid subdomain "${id.slice(0, 63)}": use 4-63 lowercase letters or digits; with dashes, at least 6 and not starting or ending with one`);
    }
    const reservedFor = this.access.reservedFor(id);
    if (reservedFor !== undefined && !(owner.kind === 'token' && owner.index === reservedFor)) {
      throw new Refusal(403, `The subdomain "${id}" is reserved for another token`);
    }
    if (this.opening.has(id)) throw new Refusal(409, `The subdomain "${id}" is being opened by another request`);
    const existing = this.tunnels.get(id);
    if (existing && !sameOwner(existing.owner, owner) && existing.connectedSockets > 0) {
      throw new Refusal(409, `The subdomain "${id}" is in use by another client`);
    }
    // Every limit is checked before the existing tunnel is touched: a refused registration must
    // leave a live tunnel alone. The tunnel it would replace does not count against the limits.
    const others = [...this.tunnels.values(), ...this.opening.values()].filter((t) => t !== existing);
    const limit = this.access.maxTunnels(owner, this.config.maxTunnelsPerToken);
    if (owner.kind === 'token') {
      const held = others.filter((t) => sameOwner(t.owner, owner)).length;
      if (held >= limit) throw new Refusal(429, `This token already holds ${held} tunnels (the limit is ${limit}); close one first`);
    } else {
      // Without tokens nobody can be told apart but by address: one address must not take the
      // whole server (every tunnel is a listener and a port).
      const held = others.filter((t) => t.clientAddress === clientAddress).length;
      if (held >= limit) throw new Refusal(429, `This address already holds ${held} tunnels (the limit is ${limit}); close one first`);
    }
    if (others.length >= this.config.maxTunnels) throw new Refusal(503, `This server holds its maximum of ${this.config.maxTunnels} tunnels`);
    const tunnel = new HostedTunnel({
      id,
      owner,
      clientAddress,
      maxSockets: this.config.maxSocketsPerTunnel,
      maxWaiting: this.config.maxWaitingPerTunnel,
      reuseIdleMs: this.config.tunnelSocketReuseMs,
      bindAddress: this.config.tunnelAddress,
      ports: this.config.tunnelPorts,
      graceMs: this.config.graceMs,
      onGone: (t) => {
        if (this.tunnels.get(t.id) === t) this.tunnels.delete(t.id);
      },
    });
    // Listening can fail (the port range is full); the name is held meanwhile, so a concurrent
    // registration neither takes it nor slips past the limits.
    this.opening.set(id, tunnel);
    let port: number;
    try {
      port = await tunnel.listen().catch(async (err: unknown) => {
        // A full port range may be full only of the tunnel this one replaces (a client
        // reconnecting): it has passed every check, so it gives its port up and the new one tries again.
        const replaced = this.tunnels.get(id);
        if (!replaced || this.config.tunnelPorts === null) throw err;
        replaced.close();
        return tunnel.listen();
      });
    } catch (err) {
      tunnel.close();
      throw new Refusal(503, (err as Error).message);
    } finally {
      this.opening.delete(id);
    }
    // Replaced only now that the new one works; the old one may have gone by itself meanwhile.
    const current = this.tunnels.get(id);
    if (current) current.close();
    this.tunnels.set(id, tunnel);
    return { id, port, max_conn_count: this.config.maxSocketsPerTunnel, url: this.publicUrl(id) };
  }

  closeAll(): void {
    for (const t of [...this.tunnels.values(), ...this.opening.values()]) t.close();
  }

  private randomName(): string {
    for (;;) {
      // 10 characters of [a-z0-9]: a valid subdomain, unguessable enough to not be found by chance.
      const name = Array.from(crypto.randomBytes(10), (b) => 'abcdefghijklmnopqrstuvwxyz0123456789'[b % 36]).join('');
      if (!this.tunnels.has(name) && !this.opening.has(name) && this.access.reservedFor(name) === undefined) return name;
    }
  }
}
