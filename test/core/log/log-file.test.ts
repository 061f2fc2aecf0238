import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { openLogFile, type LogFile } from '../../../src-main/core/log/log-file';
import { tempDir } from '../../support/temp';

const tmp = tempDir();
afterAll(() => tmp.remove());
let n = 0;
const freshDir = () => path.join(tmp.dir, `data-${n++}`);

async function linesOf(log: LogFile): Promise<Record<string, unknown>[]> {
  await log.close();
  return fs
    .readFileSync(log.file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

const modeOf = (file: string) => fs.statSync(file).mode & 0o777;

describe('log file', () => {
  it('writes one JSON line per entry at or above the level, with time, level and fields', async () => {
    const log = openLogFile({ dataDir: freshDir(), name: 'headless', level: 'info' });
    log.debug('not written at info');
    log.info('started', { port: 8787 });
    log.child({ component: 'relay' }).warn('slow target', { ms: 1200 });
    log.error('failed', { err: Object.assign(new Error('disk full'), { code: 'SQLITE_FULL' }) });
    const lines = await linesOf(log);
    expect(lines.map((l) => [l.level, l.msg])).toEqual([
      ['info', 'started'],
      ['warn', 'slow target'],
      ['error', 'failed'],
    ]);
    expect(lines[0]).toMatchObject({ port: 8787, pid: process.pid });
    expect(Date.parse(lines[0]!.time as string)).not.toBeNaN();
    expect(lines[1]).toMatchObject({ component: 'relay', ms: 1200 });
    expect(lines[2]!.err).toMatchObject({ name: 'Error', message: 'disk full', code: 'SQLITE_FULL' });
    expect(log.file).toBe(path.join(path.dirname(log.file), 'headless.log'));
  });

  it('silent writes nothing; debug writes everything', async () => {
    const silent = openLogFile({ dataDir: freshDir(), name: 'headless', level: 'silent' });
    silent.error('nothing');
    expect(await linesOf(silent)).toEqual([]);
    const debug = openLogFile({ dataDir: freshDir(), name: 'desktop', level: 'debug' });
    debug.debug('everything');
    expect((await linesOf(debug)).map((l) => l.msg)).toEqual(['everything']);
  });

  it('keeps every file 0600 and the directory 0700, whatever the umask and what was there before', async () => {
    const dataDir = freshDir();
    const logs = path.join(dataDir, 'logs');
    fs.mkdirSync(logs, { recursive: true, mode: 0o755 });
    fs.writeFileSync(path.join(logs, 'headless.log'), '', { mode: 0o644 });
    fs.writeFileSync(path.join(logs, 'headless.log.1'), '', { mode: 0o644 });
    const old = process.umask(0);
    try {
      const log = openLogFile({ dataDir, name: 'headless', level: 'info', maxSize: '1K', keep: 2 });
      for (let i = 0; i < 40; i++) log.info(`line ${i}`, { filler: 'x'.repeat(100) });
      await log.close();
    } finally {
      process.umask(old);
    }
    expect(modeOf(logs)).toBe(0o700);
    for (const f of fs.readdirSync(logs)) expect([f, modeOf(path.join(logs, f)).toString(8)]).toEqual([f, '600']);
  });

  it('rotates by size and keeps only the newest files', async () => {
    const dataDir = freshDir();
    const log = openLogFile({ dataDir, name: 'desktop', level: 'info', maxSize: '1K', keep: 2 });
    for (let i = 0; i < 200; i++) log.info(`line ${i}`, { filler: 'x'.repeat(100) });
    await log.close();
    const files = fs.readdirSync(path.join(dataDir, 'logs')).sort();
    expect(files).toEqual(['desktop.log', 'desktop.log.1', 'desktop.log.2']);
    const total = files.reduce((sum, f) => sum + fs.statSync(path.join(dataDir, 'logs', f)).size, 0);
    // 200 lines of ~180 bytes were written; at most three files of about 1 KiB remain.
    expect(total).toBeLessThan(3 * 4096);
    const kept = files.map((f) => fs.readFileSync(path.join(dataDir, 'logs', f), 'utf8')).join('');
    expect(kept).toContain('"msg":"line 199"');
    expect(kept).not.toContain('"msg":"line 0"');
  });

  it('never writes a registered secret, however it is embedded (property)', async () => {
    // Secret-shaped values (what providers and `hookbay serve` generate): long enough that they
    // cannot occur by chance in the JSON structure, timestamps or pid.
    const secretArb = fc.stringMatching(/^[A-Za-z0-9_+/=-]{12,48}$/);
    const wrapArb = fc.string({ maxLength: 20 });
    await fc.assert(
      fc.asyncProperty(secretArb, secretArb, wrapArb, wrapArb, async (token, signingSecret, before, after) => {
        const log = openLogFile({ dataDir: freshDir(), name: 'headless', level: 'debug', secretValues: () => [token, signingSecret] });
        log.error(`${before}${token}${after}`);
        log.warn('failed', {
          detail: `${before}${signingSecret}${after}`,
          nested: { list: [signingSecret, { deeper: token }] },
          err: new Error(`refused ${token}`, { cause: new Error(signingSecret) }),
          url: `https://example.test/x?a=${encodeURIComponent(token)}`,
        });
        log.child({ note: signingSecret }).info(encodeURIComponent(signingSecret));
        await log.close();
        const text = fs.readFileSync(log.file, 'utf8');
        expect(text.split('\n').filter(Boolean)).toHaveLength(3);
        expect(text).not.toContain(token);
        expect(text).not.toContain(signingSecret);
      }),
      { numRuns: 60 },
    );
  });
});
