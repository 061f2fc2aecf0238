/**
 * A real headless Hookbay (`startHeadless`, as `hookbay serve` runs it) in a child process
 * on loopback, restarted on the same data directory if a fuzz case kills it — a death is
 * recorded as a finding, and the restart checks that nothing acknowledged was lost.
 */
import fs from 'node:fs';
import path from 'node:path';
import { startCoreProcess, type CoreProcess } from '../../hostile/support/core-process';
import { Violation } from './fuzz-config';

export class ServeUnderTest {
  core!: CoreProcess;
  readonly deaths: string[] = [];

  constructor(readonly dataDir: string) {}

  get dbFile(): string {
    return path.join(this.dataDir, 'hookbay.db');
  }

  async start(): Promise<void> {
    this.core = await startCoreProcess({ dataDir: this.dataDir, headersTimeoutMs: 2000, requestTimeoutMs: 4000 });
  }

  get alive(): boolean {
    return this.core.child.exitCode === null && this.core.child.signalCode === null;
  }

  /** Restarts a dead server (at most 5 times); returns why it died, or null if it was up. */
  async ensureUp(): Promise<string | null> {
    if (this.alive) return null;
    const why = `process exited (${this.core.child.exitCode ?? this.core.child.signalCode}): ${this.core.output().slice(-1500)}`;
    this.deaths.push(why);
    if (this.deaths.length > 5) throw new Violation(`the server under test died ${this.deaths.length} times; last: ${why}`);
    await this.start();
    return why;
  }

  /** The last error lines of the server's log (what a 500 or a death left behind). */
  logErrors(n = 3): string {
    try {
      const lines = fs.readFileSync(path.join(this.dataDir, 'logs', 'headless.log'), 'utf8').trim().split('\n');
      return lines
        .filter((l) => /"level":(50|60)|"level":"(error|fatal)"/.test(l))
        .slice(-n)
        .map(summarizeLogLine)
        .join('\n');
    } catch {
      return '';
    }
  }

  stop(): Promise<void> {
    return this.core.stop();
  }
}

/** A log line as `message: error (first frames)`, short enough for a finding. */
function summarizeLogLine(line: string): string {
  try {
    const l = JSON.parse(line) as { msg?: string; err?: { name?: string; message?: string; stack?: string } };
    const frames = (l.err?.stack ?? '').split('\n').slice(1, 4).map((f) => f.trim().replace(/\(\/tmp\/[^)]*\/([^/)]+)\)/, '($1)'));
    return `${l.msg}: ${l.err?.name ?? ''} ${l.err?.message ?? ''} ${frames.join(' | ')}`.slice(0, 600);
  } catch {
    return line.slice(0, 600);
  }
}
