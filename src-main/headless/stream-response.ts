import type { ServerResponse } from 'node:http';
import { contract, type OperationName } from '../contract';
import { invalidInput, type ApiError } from '../contract/common';
import type { StreamedHandlers } from '../core/service';
import type { Logger } from '../core/log/logger';
import { SLICE_MS, yieldTurn } from '../core/slices';
import { toFailure } from '../core/transport';


function waitDrain(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

function failJson(res: ServerResponse, status: number, error: ApiError): void {
  const body = JSON.stringify({ error });
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(body), 'Cache-Control': 'no-store' });
  res.end(body);
}

/**
 * Serves a streamed operation (the exports): the input is validated with the contract as for
 * any call, then the document is written chunk by chunk with backpressure, so its size is
 * unbounded and memory is not. A failure before the first byte is the usual JSON error; one
 * after it can only abort the response (the client sees an incomplete document), and is logged.
 */
export async function streamOperation<K extends OperationName & keyof StreamedHandlers>(
  res: ServerResponse,
  name: K,
  rawInput: unknown,
  handlers: StreamedHandlers,
  log: Logger,
): Promise<void> {
  const parsed = contract[name].input.safeParse(rawInput ?? {});
  if (!parsed.success) return failJson(res, 400, invalidInput(parsed.error));
  let chunks: Iterator<string>;
  let next: IteratorResult<string>;
  try {
    chunks = (handlers[name] as (input: unknown) => Iterable<string>)(parsed.data)[Symbol.iterator]();
    next = chunks.next();
  } catch (err) {
    const failure = toFailure(err, log, name);
    return failJson(res, failure.status, failure.error);
  }
  res.writeHead(contract[name].http.status ?? 200, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
  try {
    let sliceStart = Date.now();
    for (; !next.done; next = chunks.next()) {
      if (res.destroyed) {
        chunks.return?.();
        return;
      }
      if (!res.write(next.value)) await waitDrain(res);
      if (Date.now() - sliceStart > SLICE_MS) {
        await yieldTurn();
        sliceStart = Date.now();
      }
    }
    res.end();
  } catch (err) {
    log.error('streamed response failed', { operation: name, err });
    res.destroy();
  }
}
