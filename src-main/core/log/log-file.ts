import fs from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import { createStream, type RotatingFileStream } from 'rotating-file-stream';
import { type LogFields, type Logger, type LogLevel } from './logger';
import { LogRedactor } from './redact';
import { chmodPrivate, makePrivateDir } from '../store/private-files';

export interface LogFileOptions {
  dataDir: string;
  /** One file per kind of process: the desktop app and `hookbay serve` may share a data dir. */
  name: 'desktop' | 'headless';
  level: LogLevel;
  /** Values that must never be written (API token, endpoint secrets); asked at each line. */
  secretValues?: () => Iterable<string>;
  /** Rotate when the file reaches this size (rotating-file-stream syntax); default 5M. */
  maxSize?: `${number}${'B' | 'K' | 'M'}`;
  /** Rotated files kept beside the current one; default 3 (so at most 4 × maxSize on disk). */
  keep?: number;
}

export interface LogFile extends Logger {
  /** The current file: `<dataDir>/logs/<name>.log`; rotated copies are `<name>.log.1` … `.N`. */
  readonly file: string;
  /** Flushes and closes the file (wait for it before exiting, or the last lines are lost). */
  close(): Promise<void>;
}

/**
 * The log file of the desktop app and `hookbay serve`: JSON lines (pino), rotated by size and
 * capped in count (rotating-file-stream), every file 0600 in a 0700 directory (a stream, so
 * opened 0600 rather than through `writePrivateFile`; see store/private-files.ts), every line
 * redacted (./redact.ts). A failing disk never takes the process down: the first write error
 * is reported once on stderr and logging carries on when the disk recovers.
 */
export function openLogFile(o: LogFileOptions): LogFile {
  const dir = path.join(o.dataDir, 'logs');
  makePrivateDir(dir);
  const fileName = `${o.name}.log`;
  const file = path.join(dir, fileName);
  // A file left by an older version (or created under another umask) is tightened too.
  for (const existing of fs.readdirSync(dir)) {
    if (existing.startsWith(fileName)) chmodPrivate(path.join(dir, existing));
  }
  const stream: RotatingFileStream = createStream(fileName, {
    path: dir,
    size: o.maxSize ?? '5M',
    rotate: o.keep ?? 3,
    mode: 0o600,
  });
  let reported = false;
  stream.on('error', (err) => {
    if (reported) return;
    reported = true;
    process.stderr.write(`[hookbay] cannot write the log file ${file}: ${err.message}\n`);
  });
  const base = pino(
    {
      level: o.level,
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    stream,
  );
  const redactor = new LogRedactor(o.secretValues);
  const closed = new Promise<void>((resolve) => stream.once('close', resolve));
  const wrap = (p: pino.Logger): Logger => {
    const at = (level: 'error' | 'warn' | 'info' | 'debug') => (message: string, fields?: LogFields) => {
      if (!p.isLevelEnabled(level)) return;
      p[level](redactor.fields(fields ?? {}), redactor.text(message));
    };
    return {
      error: at('error'),
      warn: at('warn'),
      info: at('info'),
      debug: at('debug'),
      child: (bindings) => wrap(p.child(redactor.fields(bindings))),
      location: file,
    };
  };
  return {
    ...wrap(base),
    file,
    close: async () => {
      if (!stream.writableEnded) stream.end();
      await closed;
    },
  };
}
