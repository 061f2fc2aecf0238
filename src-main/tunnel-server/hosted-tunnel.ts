import net, { type Socket } from 'node:net';
import type { Owner } from './access';

export interface HostedTunnelOptions {
  id: string;
  owner: Owner;
  /** Address the client registered from: only it may connect tunnel sockets. */
  clientAddress: string;
  maxSockets: number;
  /** Requests that may wait for a socket at once. */
  maxWaiting: number;
  /** A socket returned after an exchange is closed when unused this long (before the receiver's keep-alive timeout can close it under a request). */
  reuseIdleMs: number;
  /** Where tunnel sockets connect (the client opens `maxSockets` of them to this port). */
  bindAddress: string;
  ports: { from: number; to: number } | null;
  /** How long a tunnel without any socket lives (first connection, or after all dropped). */
  graceMs: number;
  onGone: (tunnel: HostedTunnel) => void;
}

/** What a request waiting for a socket gets: one, or why not. */
export type Taken = { socket: Socket } | { refused: 'busy' | 'timeout' | 'closed' };

/**
 * One registered tunnel: its own TCP listener, where the localtunnel client opens its pool of
 * sockets (the client protocol identifies a tunnel by port; it sends nothing on connect). Each
 * request/response exchange takes one idle socket and gives it back when the response is
 * complete (or closes it when it cannot be reused; the client then opens a fresh one), so a
 * public connection holds a socket only while a request of its own is under way.
 */
export class HostedTunnel {
  readonly id: string;
  readonly owner: Owner;
  /** The address that registered it (normalized). */
  readonly clientAddress: string;
  port = 0;
  private readonly listener: net.Server;
  private readonly idle: Socket[] = [];
  private readonly all = new Set<Socket>();
  private waiters: { resolve: (t: Taken) => void; timer: NodeJS.Timeout }[] = [];
  private graceTimer: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(private readonly options: HostedTunnelOptions) {
    this.id = options.id;
    this.owner = options.owner;
    this.clientAddress = normalizeAddress(options.clientAddress);
    this.listener = net.createServer({ pauseOnConnect: false }, (socket) => this.accept(socket));
  }

  /** Listens on a free port (from the configured range, else one the OS picks). */
  async listen(): Promise<number> {
    const { ports, bindAddress } = this.options;
    const candidates = ports ? shuffledRange(ports.from, ports.to) : [0];
    for (const port of candidates) {
      const ok = await new Promise<boolean>((resolve) => {
        const onError = () => {
          this.listener.off('listening', onListening);
          resolve(false);
        };
        const onListening = () => {
          this.listener.off('error', onError);
          resolve(true);
        };
        this.listener.once('error', onError);
        this.listener.once('listening', onListening);
        this.listener.listen(port, bindAddress);
      });
      if (this.closed) {
        if (ok) this.listener.close();
        break;
      }
      if (ok) {
        // Only now: an error while trying the range (a busy port) must not close the tunnel.
        this.listener.on('error', () => this.close());
        this.port = (this.listener.address() as net.AddressInfo).port;
        this.armGrace();
        return this.port;
      }
    }
    throw new Error(ports ? `No free tunnel port in ${ports.from}-${ports.to}.` : 'Could not listen for tunnel sockets.');
  }

  get connectedSockets(): number {
    return this.all.size;
  }

  /** Requests waiting for a socket now. */
  get waiting(): number {
    return this.waiters.length;
  }

  /**
   * An idle socket for one request/response exchange; refused when `maxWaiting` requests already
   * wait (`busy`), when none frees up within `timeoutMs`, or when the tunnel closes. A sender
   * that leaves aborts `signal`, and its place in the queue is freed at once.
   */
  take(timeoutMs: number, signal?: AbortSignal): Promise<Taken> {
    // A socket whose client side already ended (its local connection closed) would take the
    // request down with it; the client is replacing it anyway.
    let socket: Socket | undefined;
    while ((socket = this.idle.shift()) && (socket.destroyed || socket.readableEnded));
    if (socket) return Promise.resolve({ socket: this.handOut(socket) });
    if (this.closed) return Promise.resolve({ refused: 'closed' });
    if (this.waiters.length >= this.options.maxWaiting) return Promise.resolve({ refused: 'busy' });
    if (signal?.aborted) return Promise.resolve({ refused: 'closed' });
    return new Promise((resolve) => {
      const leave = (why: 'timeout' | 'closed') => {
        clearTimeout(waiter.timer);
        signal?.removeEventListener('abort', onAbort);
        this.waiters = this.waiters.filter((w) => w !== waiter);
        resolve({ refused: why });
      };
      const onAbort = () => leave('closed');
      const waiter = {
        resolve: (t: Taken) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(t);
        },
        timer: setTimeout(() => leave('timeout'), timeoutMs),
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiters.push(waiter);
    });
  }

  /**
   * Returns a socket: one taken but not used (the sender went away while waiting), or one whose
   * exchange completed on a connection both sides keep alive. The caller has removed its listeners.
   */
  giveBack(socket: Socket, used = false): void {
    if (socket.destroyed || socket.readableEnded || !this.all.has(socket)) return;
    const waiter = this.waiters.shift();
    if (waiter) {
      clearTimeout(waiter.timer);
      waiter.resolve({ socket: this.handOut(socket) });
      return;
    }
    this.idle.push(socket);
    if (used) {
      // The receiver behind the client closes an idle keep-alive connection on its own clock
      // (Node: 5 s); closing ours first keeps a request from being sent into that close.
      socket.setTimeout(this.options.reuseIdleMs);
    }
  }

  private handOut(socket: Socket): Socket {
    socket.setTimeout(0);
    return socket;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.graceTimer) clearTimeout(this.graceTimer);
    for (const w of this.waiters.splice(0)) {
      clearTimeout(w.timer);
      w.resolve({ refused: 'closed' });
    }
    this.listener.close();
    for (const s of this.all) s.destroy();
    this.options.onGone(this);
  }

  private accept(socket: Socket): void {
    const from = normalizeAddress(socket.remoteAddress);
    // Anyone who can reach the port could otherwise take requests meant for this tunnel.
    if (this.closed || from !== this.clientAddress || this.all.size >= this.options.maxSockets) {
      socket.destroy();
      return;
    }
    socket.setKeepAlive(true, 15_000);
    socket.setNoDelay(true);
    this.all.add(socket);
    if (this.graceTimer) clearTimeout(this.graceTimer);
    this.graceTimer = null;
    socket.on('error', () => socket.destroy());
    // Armed only while the socket waits in the pool after an exchange (see giveBack).
    socket.on('timeout', () => {
      if (this.idle.includes(socket)) socket.destroy();
    });
    socket.once('end', () => {
      const i = this.idle.indexOf(socket);
      if (i !== -1) this.idle.splice(i, 1);
    });
    socket.once('close', () => {
      this.all.delete(socket);
      const i = this.idle.indexOf(socket);
      if (i !== -1) this.idle.splice(i, 1);
      if (this.all.size === 0) this.armGrace();
    });
    this.giveBack(socket);
  }

  /** A tunnel nobody is connected to frees its name after a grace period (a client reconnecting keeps it). */
  private armGrace(): void {
    if (this.closed || this.graceTimer) return;
    this.graceTimer = setTimeout(() => this.close(), this.options.graceMs);
    this.graceTimer.unref();
  }
}

export function normalizeAddress(address: string | undefined): string {
  return (address ?? '').replace(/^::ffff:/, '');
}

function shuffledRange(from: number, to: number): number[] {
  const ports = Array.from({ length: to - from + 1 }, (_, i) => from + i);
  for (let i = ports.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [ports[i], ports[j]] = [ports[j]!, ports[i]!];
  }
  return ports;
}
