import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { register, RegistrationError } from '../../../src-main/core/tunnel/registration';

/** A stand-in tunnel server on loopback whose answer each test chooses. */
let answer: (req: http.IncomingMessage, res: http.ServerResponse) => void;
let server: http.Server;
let host: string;
beforeAll(async () => {
  server = http.createServer((req, res) => answer(req, res));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  host = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const json = (status: number, body: unknown) => (_req: http.IncomingMessage, res: http.ServerResponse) => {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
};
const failure = (p: Promise<unknown>) => p.then(() => null, (e: RegistrationError) => e);

it('asks for the subdomain, or for a new one, under the host path', async () => {
  const paths: string[] = [];
  answer = (req, res) => {
    paths.push(req.url!);
    json(200, { id: 'abcd', url: 'https://abcd.example', port: 1234, max_conn_count: 10 })(req, res);
  };
  expect(await register(host, 'abcd', 1000)).toMatchObject({ id: 'abcd', port: 1234 });
  await register(`${host}/lt/`, null, 1000);
  expect(paths).toEqual(['/abcd', '/lt/?new']);
});

it('a 4xx is final and carries the server message; 429 and 5xx are worth retrying', async () => {
  answer = json(403, { message: 'Invalid subdomain.' });
  const refused = await failure(register(host, 'ab', 1000));
  expect(refused).toMatchObject({ retryable: false });
  expect(refused!.message).toContain('refused the tunnel: Invalid subdomain.');
  for (const status of [429, 502, 503]) {
    answer = (_req, res) => res.writeHead(status).end('<html>busy</html>');
    expect(await failure(register(host, null, 1000))).toMatchObject({ retryable: true });
  }
});

it('an answer that is not a grant, a timeout and an unreachable host are retried', async () => {
  answer = json(200, { hello: 'world' });
  expect((await failure(register(host, null, 1000)))!.message).toContain('not a localtunnel grant');
  answer = () => {}; // never answers
  const slow = await failure(register(host, null, 100));
  expect(slow).toMatchObject({ retryable: true });
  expect(slow!.message).toContain('no answer within');
  expect(await failure(register('http://127.0.0.1:1', null, 1000))).toMatchObject({ retryable: true });
});

it('an invalid host is final; an aborted request rejects at once', async () => {
  expect(await failure(register('not a url', null, 1000))).toMatchObject({ retryable: false });
  answer = () => {};
  const controller = new AbortController();
  const pending = failure(register(host, null, 10_000, controller.signal));
  controller.abort();
  expect(await pending).toBeInstanceOf(RegistrationError);
});
