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

/** What a request waiting for a socket gets: one, or why not (`share`: its address streamed on its share of the sockets all the wait). */
export type Taken = { socket: Socket } | { refused: 'busy' | 'timeout' | 'share' | 'closed' };

/** Who takes a socket: the sender's address, and whether its request is still arriving while the socket is held. */
export interface Taker {
  address: string;
  /** The body streams down the socket as it arrives (or an upgrade): the socket may be held for as long as the sender takes. */
  streaming: boolean;
}

interface Waiter {
  taker: Taker;
  resolve: (t: Taken) => void;
  timer: NodeJS.Timeout;
}

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
  private waiters: Waiter[] = [];
  /** Who holds each socket handed out. */
  private readonly holders = new Map<Socket, Taker>();
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
   *
   * Each address gets a fair share of the sockets (`share`): one that holds its share waits
   * behind the other addresses' requests, so a sender with many connections cannot take every
   * socket while others wait; with nobody else waiting, its burst still uses every socket. A
   * streaming request is held to the share even then: it may hold its socket for as long as its
   * sender takes, so it must leave sockets for senders that come later.
   */
  take(timeoutMs: number, taker: Taker, signal?: AbortSignal): Promise<Taken> {
    if (this.mayTake(taker)) {
      const socket = this.nextIdle();
      if (socket) return Promise.resolve({ socket: this.handOut(socket, taker) });
    }
    if (this.closed) return Promise.resolve({ refused: 'closed' });
    if (signal?.aborted) return Promise.resolve({ refused: 'closed' });
    if (this.waiters.length >= this.options.maxWaiting && !this.makeRoomFor(taker.address)) return Promise.resolve({ refused: 'busy' });
    return new Promise((resolve) => {
      const leave = (why: 'timeout' | 'closed') => {
        clearTimeout(waiter.timer);
        signal?.removeEventListener('abort', onAbort);
        this.waiters = this.waiters.filter((w) => w !== waiter);
        resolve({ refused: why === 'timeout' && !this.mayTake(taker) ? 'share' : why });
      };
      const onAbort = () => leave('closed');
      const waiter: Waiter = {
        taker,
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
   * A full queue makes room for an address with fewer places in it than another has (by more
   * than one): that address's newest waiting request is refused as busy, as it would have been
   * had it come last. So one sender cannot fill the queue against everyone else either.
   */
  private makeRoomFor(address: string): boolean {
    const places = new Map<string, number>();
    for (const w of this.waiters) places.set(w.taker.address, (places.get(w.taker.address) ?? 0) + 1);
    let most: [string, number] | null = null;
    for (const entry of places) if (!most || entry[1] > most[1]) most = entry;
    if (!most || most[1] <= (places.get(address) ?? 0) + 1) return false;
    const top = most[0];
    const newest = this.waiters.findLast((w) => w.taker.address === top)!;
    this.waiters = this.waiters.filter((w) => w !== newest);
    clearTimeout(newest.timer);
    newest.resolve({ refused: 'busy' });
    return true;
  }

  /** Sockets one address may hold while others wait, and may stream on at all: half the connected ones, at least one. */
  get share(): number {
    return Math.max(1, Math.floor(this.all.size / 2));
  }

  /** The exchange on `socket` has its whole request now: it holds the socket only until it is answered. */
  requestComplete(socket: Socket): void {
    const holder = this.holders.get(socket);
    if (!holder?.streaming) return;
    holder.streaming = false;
    this.dispatch();
  }

  /**
   * Returns a socket: one taken but not used (the sender went away while waiting), or one whose
   * exchange completed on a connection both sides keep alive. The caller has removed its listeners.
   */
  giveBack(socket: Socket, used = false): void {
    this.holders.delete(socket);
    if (!socket.destroyed && !socket.readableEnded && this.all.has(socket)) {
      this.idle.push(socket);
      if (used) {
        // The receiver behind the client closes an idle keep-alive connection on its own clock
        // (Node: 5 s); closing ours first keeps a request from being sent into that close.
        socket.setTimeout(this.options.reuseIdleMs);
      }
    }
    this.dispatch();
  }

  /** Hands idle sockets to waiting requests, as long as some waiting request may take one. */
  private dispatch(): void {
    while (this.waiters.length > 0) {
      const waiter = this.nextWaiter();
      if (!waiter) return;
      const socket = this.nextIdle();
      if (!socket) return;
      this.waiters = this.waiters.filter((w) => w !== waiter);
      clearTimeout(waiter.timer);
      waiter.resolve({ socket: this.handOut(socket, waiter.taker) });
    }
  }

  /** The first waiting request whose address holds less than its share; else the first that may take a socket at all. */
  private nextWaiter(): Waiter | undefined {
    const share = this.share;
    const eligible = this.waiters.filter((w) => this.mayTake(w.taker));
    return eligible.find((w) => this.held(w.taker.address, false) < share) ?? eligible[0];
  }

  /** A streaming request may not take a socket while its address streams on its share already. */
  private mayTake(taker: Taker): boolean {
    return !taker.streaming || this.held(taker.address, true) < this.share;
  }

  /** Sockets `address` holds (only those its requests stream on, with `streaming`). */
  private held(address: string, streaming: boolean): number {
    let n = 0;
    for (const h of this.holders.values()) if (h.address === address && (!streaming || h.streaming)) n++;
    return n;
  }

  /** The idle socket to hand out next, skipping any whose client side already ended (its local connection closed): the client is replacing it. */
  private nextIdle(): Socket | undefined {
    let socket: Socket | undefined;
    while ((socket = this.idle.shift()) && (socket.destroyed || socket.readableEnded));
    return socket;
  }

  private handOut(socket: Socket, taker: Taker): Socket {
    socket.setTimeout(0);
    this.holders.set(socket, { ...taker });
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
      // A socket closed under an exchange (not reusable, or cut) no longer counts to its holder's share.
      if (this.holders.delete(socket)) this.dispatch();
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
