import net from 'node:net';

export interface RawResponse {
  status: number;
  head: string;
  body: Buffer;
}

/**
 * Sends bytes exactly as given over a fresh TCP connection and reads until the server
 * closes or the response is complete. Lets tests control header case, duplicates and
 * malformed framing, which Node's own client would normalise or refuse.
 */
export function rawRequest(port: number, payload: Buffer | string, timeoutMs = 5000): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error('raw request timed out'));
    }, timeoutMs);
    const finish = () => {
      clearTimeout(timer);
      const all = Buffer.concat(chunks);
      const split = all.indexOf('\r\n\r\n');
      const head = (split === -1 ? all : all.subarray(0, split)).toString('latin1');
      const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(head)?.[1] ?? 0);
      resolve({ status, head, body: split === -1 ? Buffer.alloc(0) : all.subarray(split + 4) });
    };
    socket.on('data', (d) => {
      chunks.push(d);
      const all = Buffer.concat(chunks);
      const split = all.indexOf('\r\n\r\n');
      if (split === -1) return;
      const length = /content-length: (\d+)/i.exec(all.subarray(0, split).toString('latin1'))?.[1];
      if (length !== undefined && all.length >= split + 4 + Number(length)) {
        socket.end();
        finish();
      }
    });
    socket.on('end', finish);
    socket.on('error', (e) => {
      clearTimeout(timer);
      if (chunks.length > 0) finish();
      else reject(e);
    });
    socket.write(payload);
  });
}
