import type { LogFile } from '../core/log/log-file';

/** EX_SOFTWARE (sysexits.h): an internal error; a supervisor restarts, a person reads the log. */
export const FATAL_EXIT_CODE = 70;

/**
 * The last resort of `hookbay serve`. Every background failure Hookbay knows of is already
 * an outcome (docs/architecture.md, "Error model"); anything that still reaches here is a
 * bug, and the process is in an unknown state. It logs the error and exits non-zero rather
 * than limping on: what was acknowledged is committed (WAL), deliveries in flight are
 * resumed at the next start (and parked if they keep killing it).
 */
export function installLastResort(log: Pick<LogFile, 'error' | 'close' | 'location'>, exit: (code: number) => void = process.exit): () => void {
  let fatal = false;
  const handler = (kind: string) => (err: unknown) => {
    if (fatal) return;
    fatal = true;
    process.exitCode = FATAL_EXIT_CODE;
    try {
      log.error(`${kind}: exiting`, { err });
    } catch {
      /* the log itself may be what failed; stderr below still says it */
    }
    const message = err instanceof Error ? err.message : String(err);
    process.stderr.write(`hookbay: ${kind}: ${message}\nhookbay: exiting with code ${FATAL_EXIT_CODE}; see the log: ${log.location}\n`);
    // Give the log a moment to reach the disk, never longer.
    setTimeout(() => exit(FATAL_EXIT_CODE), 2000).unref();
    log.close().then(
      () => exit(FATAL_EXIT_CODE),
      () => exit(FATAL_EXIT_CODE),
    );
  };
  const onException = handler('uncaught exception');
  const onRejection = handler('unhandled promise rejection');
  process.on('uncaughtException', onException);
  process.on('unhandledRejection', onRejection);
  return () => {
    process.off('uncaughtException', onException);
    process.off('unhandledRejection', onRejection);
  };
}
