import type { LogFields, Logger } from '../../src-main/core/log/logger';

export interface LogEntry {
  level: 'error' | 'warn' | 'info' | 'debug';
  message: string;
  fields: LogFields;
}

/** A Logger that keeps its entries, for tests that check what was logged (or silence it). */
export function recordingLogger(location = '/test/hookbay.log'): Logger & { entries: LogEntry[] } {
  const entries: LogEntry[] = [];
  const make = (bindings: LogFields): Logger => {
    const at = (level: LogEntry['level']) => (message: string, fields: LogFields = {}) =>
      void entries.push({ level, message, fields: { ...bindings, ...fields } });
    return { error: at('error'), warn: at('warn'), info: at('info'), debug: at('debug'), child: (b) => make({ ...bindings, ...b }), location };
  };
  return Object.assign(make({}), { entries });
}
