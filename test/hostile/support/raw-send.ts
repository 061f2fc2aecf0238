import net from 'node:net';

export interface RawOutcome {
  /** Status of the first response, 0 when none came back before we gave up. */
  status: number;
  /** The server closed the connection (rather than us giving up). */
  closedByServer: boolean;
}

/**
 * Writes each buffer (a turn apart), then waits up to `waitMs` for the server to answer or
 * close, and destroys the socket. Never rejects: a reset is an outcome like any other.
 */
export function rawSend(port: number, writes: Buffer[], waitMs = 150, endAfter = false): Promise<RawOutcome> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    let first: Buffer | null = null;
    let done = false;
    const finish = (closedByServer: boolean) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      const status = first ? Number(/^HTTP\/1\.[01] (\d{3})/.exec(first.toString('latin1', 0, 16))?.[1] ?? 0) : 0;
      resolve({ status, closedByServer });
    };
    let timer: NodeJS.Timeout = setTimeout(() => finish(false), 10_000);
    socket.on('data', (d: Buffer) => (first ??= d));
    socket.on('close', () => finish(true));
    socket.on('error', () => finish(true));
    socket.once('connect', () => {
      let i = 0;
      const next = () => {
        if (done) return;
        if (i < writes.length) {
          socket.write(writes[i++]!);
          setImmediate(next);
          return;
        }
        if (endAfter) socket.end();
        clearTimeout(timer);
        timer = setTimeout(() => finish(false), waitMs);
      };
      next();
    });
  });
}

/** Runs `tasks` with at most `limit` in flight. */
export async function pool<T>(items: readonly T[], limit: number, run: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        await run(items[i]!, i);
      }
    }),
  );
}
