import { exec } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { curlCommand } from '../../../src-main/core/transfer/curl';
import { header, sha256, startTarget, type TargetServer } from '../../support/target-server';

let target: TargetServer | null = null;
afterEach(async () => {
  await target?.close();
  target = null;
});

function run(command: string): Promise<string> {
  return new Promise((resolve, reject) =>
    exec(command, { shell: '/bin/bash' }, (err, stdout, stderr) => (err ? reject(new Error(stderr || err.message)) : resolve(stdout))),
  );
}

const binary = Buffer.from([0x00, 0xff, 0x1f, 0x8b, 0x0a, 0x27, 0x5c, 0x24, 0x40, 0x00, 0x0d]);
const cases: [string, Buffer][] = [
  ['json with quotes, newlines and unicode', Buffer.from(`{"a":"it's","b":"\\n","c":"🎉"}\n\n`)],
  ['binary with NUL and quotes', binary],
  ['text starting with @', Buffer.from('@not-a-file')],
  ['latin-1 bytes', Buffer.from('caf\xe9', 'latin1')],
];

describe('cURL export', () => {
  it.each(cases)('reproduces the body byte-exact: %s', async (_name, body) => {
    target = await startTarget();
    const command = curlCommand({
      method: 'POST',
      url: `${target.url}/hook/../x?q=[1]&b={2}`,
      headers: [
        ['Host', 'example.test'],
        ['Content-Type', 'application/octet-stream'],
        ['X-Signature', "sha256=ab'cd"],
        ['X-Empty', ''],
        ['Content-Length', String(body.length)],
      ],
      body,
    });
    expect(await run(command)).toBe('ok');
    const [got] = await target.waitFor(1);
    expect(sha256(got!.body)).toBe(sha256(body));
    expect(got!.url).toBe('/hook/../x?q=[1]&b={2}');
    expect(header(got!.headers, 'X-Signature')).toBe("sha256=ab'cd");
    expect(header(got!.headers, 'X-Empty')).toBe('');
    expect(header(got!.headers, 'User-Agent')).toBeUndefined();
    expect(header(got!.headers, 'Accept')).toBeUndefined();
  });
});
