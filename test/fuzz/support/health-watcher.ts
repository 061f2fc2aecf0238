/**
 * Times `GET /api/health` from a process of its own. The test process blocks itself at times:
 * sending a 6 MB URL (a huge path parameter) stalled it 0.25-0.8 s per call here, building the
 * text and then fetch parsing it, while a poller in another process never waited over 90 ms.
 * An answer timed from the test process includes that stall, which is not the server's; the
 * watcher's loop does nothing else, so its time is the server's.
 */
import { spawn, type ChildProcess } from 'node:child_process';

const SCRIPT = `
process.on('message', async ({ id, url, token, giveUpMs }) => {
  const started = performance.now();
  let status = 0;
  try {
    const res = await fetch(url, { headers: { Authorization: 'Bearer ' + token }, signal: AbortSignal.timeout(giveUpMs) });
    await res.arrayBuffer();
    status = res.status;
  } catch {}
  process.send({ id, ms: performance.now() - started, status });
});
process.on('disconnect', () => process.exit(0));
`;

export interface HealthTime {
  ms: number;
  status: number;
}

export class HealthWatcher {
  private readonly child: ChildProcess;
  private readonly waiting = new Map<number, (t: HealthTime) => void>();
  private next = 0;

  constructor() {
    this.child = spawn(process.execPath, ['-e', SCRIPT], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.child.on('message', (m: HealthTime & { id: number }) => {
      this.waiting.get(m.id)?.({ ms: m.ms, status: m.status });
      this.waiting.delete(m.id);
    });
    this.child.on('exit', () => {
      for (const answer of this.waiting.values()) answer({ ms: 0, status: 0 });
      this.waiting.clear();
    });
  }

  /** Time to an answer from `${apiUrl}/api/health`, as the watcher saw it; never rejects (status 0: no answer). */
  probe(apiUrl: string, token: string, giveUpMs = 10_000): Promise<HealthTime> {
    const id = this.next++;
    return new Promise((resolve) => {
      this.waiting.set(id, resolve);
      if (this.child.connected) this.child.send({ id, url: `${apiUrl}/api/health`, token, giveUpMs });
      else {
        this.waiting.delete(id);
        resolve({ ms: 0, status: 0 });
      }
    });
  }

  close(): void {
    if (this.child.connected) this.child.disconnect();
  }
}
