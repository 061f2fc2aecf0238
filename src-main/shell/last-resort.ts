/**
 * The desktop app's last resort (issue 11 item 2) for the Electron main process: what still
 * reaches `uncaughtException` or `unhandledRejection` there is a bug in the shell (a menu,
 * tray, notification or window handler). The decision, and why it differs from `hookbay
 * serve`'s exit (../headless/last-resort.ts), is in docs/architecture.md, "Error model":
 *
 * - Always: log it (error), so the desktop log has the stack.
 * - The core thread still serving and no storm: keep running, and tell the user once per
 *   error with a choice to restart Hookbay. Captures, deliveries and the database live on the
 *   core's thread, which the failed handler never touched.
 * - The core has stopped for good, the app had not finished starting, or errors keep coming
 *   (more than `maxPerMinute`): tell the user, shut down in order and exit non-zero.
 *
 * No Electron import: index.ts injects the dialogs and the shutdown; tests run it under Node.
 */
import { FATAL_EXIT_CODE } from '../headless/last-resort';
import type { Logger } from '../core/log/logger';

export { FATAL_EXIT_CODE };

export interface DesktopLastResortOptions {
  log: Pick<Logger, 'error' | 'location'>;
  /** True while the core can serve (running, or restarting after a crash); false before the app started or once it gave up. */
  coreServing(): boolean;
  /** Shows the error and its choices without blocking the event loop; resolves with the user's answer. */
  ask(error: ShownError): Promise<'keep' | 'restart'>;
  /** Shows the error before exiting (may block: nothing else is left to do). */
  tellFatal(error: ShownError): void;
  /** True once Hookbay is quitting: errors are then logged only, the exit is under way. */
  stopping?(): boolean;
  /** Relaunches Hookbay after an orderly quit. */
  restart(): void;
  /** Stops the core and the log in order, then exits the process with `code`. */
  shutdown(code: number): void;
  /** Where the events come from; the real `process` in the app. */
  source?: Pick<NodeJS.EventEmitter, 'on' | 'off'>;
  /** More errors than this within a minute means the shell is broken: exit. Default 3. */
  maxPerMinute?: number;
  now?: () => number;
}

export interface ShownError {
  title: string;
  message: string;
  detail: string;
}

type Kind = 'uncaught exception' | 'unhandled promise rejection';

const describe = (err: unknown): string => (err instanceof Error ? err.message : String(err));

export function installDesktopLastResort(o: DesktopLastResortOptions): () => void {
  const source = o.source ?? process;
  const now = o.now ?? Date.now;
  const limit = o.maxPerMinute ?? 3;
  let recent: number[] = [];
  let asking = false;
  let fatal = false;

  const handle = (kind: Kind) => (err: unknown) => {
    try {
      o.log.error(`${kind} in the main process`, { err });
    } catch {
      /* the log itself may be what failed; the dialog still says it */
    }
    if (fatal || safely(() => o.stopping?.() ?? false, false)) return;
    const t = now();
    recent = [...recent.filter((at) => t - at < 60_000), t];
    const serving = safely(() => o.coreServing(), false);
    if (!serving || recent.length > limit) {
      fatal = true;
      const why = !serving ? 'The core is not running, so Hookbay cannot carry on.' : `It happened ${recent.length} times within a minute.`;
      try {
        o.log.error(`${kind}: exiting`, { exitCode: FATAL_EXIT_CODE, reason: why });
      } catch {
        /* as above */
      }
      safely(() => o.tellFatal({ title: 'Hookbay must close', message: `Hookbay hit an internal error: ${describe(err)}`, detail: `${why}\n\nEverything it acknowledged is saved. The log is at ${o.log.location}.` }), undefined);
      o.shutdown(FATAL_EXIT_CODE);
      return;
    }
    // One dialog at a time: errors meanwhile are logged (and counted towards a storm) only.
    if (asking) return;
    asking = true;
    let answer: Promise<'keep' | 'restart'>;
    try {
      answer = o.ask({
        title: 'Hookbay hit an internal error',
        message: `Hookbay hit an internal error: ${describe(err)}`,
        detail: `Receiving and relaying webhooks carry on. If something in the window or the menus stops working, restart Hookbay. The log is at ${o.log.location}.`,
      });
    } catch (askErr) {
      answer = Promise.reject(askErr as Error);
    }
    answer.then(
      (choice) => {
        asking = false;
        if (choice === 'restart' && !fatal) o.restart();
      },
      () => {
        // No dialog could be shown; the log has the error and the app carries on.
        asking = false;
      },
    );
  };
  const onException = handle('uncaught exception');
  const onRejection = handle('unhandled promise rejection');
  source.on('uncaughtException', onException);
  source.on('unhandledRejection', onRejection);
  return () => {
    source.off('uncaughtException', onException);
    source.off('unhandledRejection', onRejection);
  };
}

function safely<T>(f: () => T, fallback: T): T {
  try {
    return f();
  } catch {
    return fallback;
  }
}
