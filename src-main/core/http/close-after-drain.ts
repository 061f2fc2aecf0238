import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * Closes a connection only after the rest of the request body has been read and dropped
 * (a "lingering close", as nginx and Apache do). Closing while the client is still
 * sending makes the kernel answer with a reset, and the client then loses the 413 that
 * said why. `graceMs` bounds how long an endless sender is drained before it is cut.
 *
 * Call it instead of sending `Connection: close`: with that header Node destroys the
 * socket as soon as the response is written, before the unread body is drained.
 */
export function closeAfterDrain(req: IncomingMessage, res: ServerResponse, graceMs = 5000): void {
  const socket = req.socket;
  const cut = setTimeout(() => socket.destroy(), graceMs);
  cut.unref();
  const close = () => {
    clearTimeout(cut);
    // Half-close: the client reads our answer, then sees the end of the stream.
    if (res.writableFinished) socket.end();
    else res.once('finish', () => socket.end());
  };
  req.resume();
  if (req.complete) close();
  else {
    req.once('end', close);
    req.once('close', () => clearTimeout(cut));
  }
}
