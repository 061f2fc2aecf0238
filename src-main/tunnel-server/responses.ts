import { STATUS_CODES } from 'node:http';

/** A whole response that closes the connection; the header marks it as the tunnel server's, not the receiver's. */
export function errorResponse(status: number, message: string): Buffer {
  return response(status, 'text/plain; charset=utf-8', `${message}\n`);
}

export function jsonResponse(status: number, body: unknown): Buffer {
  return response(status, 'application/json', JSON.stringify(body));
}

function response(status: number, contentType: string, text: string): Buffer {
  const body = Buffer.from(text, 'utf8');
  const head =
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\n` +
    `Content-Type: ${contentType}\r\nContent-Length: ${body.length}\r\nCache-Control: no-store\r\n` +
    'X-Hookbay-Tunnel-Server: 1\r\nConnection: close\r\n\r\n';
  return Buffer.concat([Buffer.from(head, 'latin1'), body]);
}
