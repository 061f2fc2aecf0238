import type { Handlers, InputOf, OperationName, OutputOf } from '../contract';
import { callOperation } from '../core/transport';

/** A contract call whose failure (message + field issues) throws, for commands to report. */
export class CallFailed extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly issues: { path: string; message: string }[] = [],
  ) {
    super(issues.length > 0 ? `${message} ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}` : message);
  }
}

/** Calls an operation in-process, through the same validation the transports use. */
export async function call<K extends OperationName>(handlers: Handlers, name: K, input: InputOf<K>): Promise<OutputOf<K>> {
  const result = await callOperation(handlers, name, input);
  if (!result.ok) throw new CallFailed(result.error.code, result.error.message, result.error.issues ?? []);
  return result.value as OutputOf<K>;
}
