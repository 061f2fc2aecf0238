/**
 * The core's logging seam: anything under src-main/core (and the shells) logs through this
 * interface, handed in at construction, never through `console` directly. The desktop app and
 * `hookbay serve` pass the log file (./log-file.ts); tests and scripts get `stderrLogger`.
 */
import { LogRedactor } from './redact';

export const LOG_LEVELS = ['silent', 'error', 'warn', 'info', 'debug'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Structured context for a line. Values are redacted before they are written (see redact.ts). */
export type LogFields = Record<string, unknown>;

export interface Logger {
  error(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  debug(message: string, fields?: LogFields): void;
  /** A logger whose lines all carry `bindings` (e.g. `{ component: 'relay' }`). */
  child(bindings: LogFields): Logger;
  /** Where the lines go, for messages that tell the user to look: a file path, or "standard error". */
  readonly location: string;
}

/** "Internal error; see the Hookbay log: /home/me/.config/Hookbay/logs/headless.log." */
export function seeTheLog(logger: Pick<Logger, 'location'>): string {
  return `see the Hookbay log: ${logger.location}`;
}

const RANK: Record<LogLevel, number> = { silent: 0, error: 1, warn: 2, info: 3, debug: 4 };

/**
 * One line per entry on stderr (`[hookbay] warn: message {fields}`), redacted like the file.
 * Used where no log file is open: unit tests, and a shell before its data directory is known.
 */
export function createStderrLogger(level: LogLevel = 'warn', bindings: LogFields = {}, redactor = new LogRedactor()): Logger {
  const line = (lvl: Exclude<LogLevel, 'silent'>) => (message: string, fields?: LogFields) => {
    if (RANK[lvl] > RANK[level]) return;
    const context = redactor.fields({ ...bindings, ...fields });
    const extra = Object.keys(context).length > 0 ? ` ${JSON.stringify(context)}` : '';
    process.stderr.write(`[hookbay] ${lvl}: ${redactor.text(message)}${extra}\n`);
  };
  return {
    error: line('error'),
    warn: line('warn'),
    info: line('info'),
    debug: line('debug'),
    child: (more) => createStderrLogger(level, { ...bindings, ...more }, redactor),
    location: 'standard error',
  };
}

export const stderrLogger: Logger = createStderrLogger();

export const isLogLevel = (value: string): value is LogLevel => (LOG_LEVELS as readonly string[]).includes(value);
