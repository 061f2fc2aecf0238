import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { migrations } from '../../src-main/core/store/migrations';
import { startServe } from '../support/serve-process';
import { tempDir } from '../support/temp';
import { CHILD_ENV, bundleChild } from './support/core-process';

const tmp = tempDir();
afterAll(() => tmp.remove());
const dbFile = () => path.join(tmp.dir, 'hookbay.db');
const OLD_VERSION = migrations.at(-1)!.version;

/** Runs the slow migration in a child; kills it with SIGKILL `killAfterMs` after it starts (or lets it finish). */
async function migrate(killAfterMs: number | null): Promise<{ output: string; code: number | null; signal: string | null }> {
  const script = await bundleChild('migrate-child.ts');
  const child = spawn(process.execPath, [script, dbFile()], { env: CHILD_ENV, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d: Buffer) => {
    output += d.toString();
    if (killAfterMs !== null && output.includes('MIGRATING')) setTimeout(() => child.kill('SIGKILL'), killAfterMs);
  });
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ output, code, signal })));
}

function inspect(): { version: number; integrity: unknown; columns: string[]; ids: number[]; endpoints: string[] } {
  const db = new Database(dbFile(), { readonly: true });
  try {
    return {
      version: db.pragma('user_version', { simple: true }) as number,
      integrity: db.pragma('integrity_check', { simple: true }),
      columns: (db.prepare('PRAGMA table_info(requests)').all() as { name: string }[]).map((c) => c.name),
      ids: (db.prepare('SELECT id FROM requests ORDER BY id').all() as { id: number }[]).map((r) => r.id),
      endpoints: (db.prepare('SELECT slug FROM endpoints ORDER BY slug').all() as { slug: string }[]).map((r) => r.slug),
    };
  } finally {
    db.close();
  }
}

describe('SIGKILL during a migration', () => {
  it('leaves the database at the old version with every request, and the next start completes it', async () => {
    // A real server captures requests (acknowledged = committed), then dies without warning.
    const serve = await startServe(tmp.dir);
    const auth = { Authorization: `Bearer ${serve.token}`, 'Content-Type': 'application/json' };
    expect((await fetch(`${serve.apiUrl}/api/endpoints`, { method: 'POST', headers: auth, body: JSON.stringify({ name: 'Kept', slug: 'kept' }) })).status).toBe(201);
    const acked: number[] = [];
    for (let i = 0; i < 300; i++) {
      const res = await fetch(`${serve.receiverUrl}/kept/${i}`, { method: 'POST', body: JSON.stringify({ i, pad: 'p'.repeat(2000) }) });
      expect(res.status).toBe(200);
      acked.push(Number(res.headers.get('x-hookbay-request-id')));
    }
    serve.child.kill('SIGKILL');
    await serve.exited;

    const killed = await migrate(400);
    expect(killed.signal, killed.output).toBe('SIGKILL');
    expect(killed.output, 'the migration finished before the kill: make it slower').not.toContain('MIGRATED');

    const afterKill = inspect();
    expect(afterKill.integrity).toBe('ok');
    expect(afterKill.version).toBe(OLD_VERSION);
    expect(afterKill.columns).not.toContain('body_length');
    expect(afterKill.ids).toEqual(expect.arrayContaining(acked));
    expect(afterKill.endpoints).toContain('kept');

    const finished = await migrate(null);
    expect(finished.code, finished.output).toBe(0);
    expect(finished.output).toContain('MIGRATED');
    const done = inspect();
    expect(done.integrity).toBe('ok');
    expect(done.version).toBe(OLD_VERSION + 1);
    expect(done.columns).toContain('body_length');
    expect(done.ids).toEqual(expect.arrayContaining(acked));
    const db = new Database(dbFile(), { readonly: true });
    expect((db.prepare('SELECT COUNT(*) AS n FROM requests WHERE body_length IS NULL').get() as { n: number }).n).toBe(0);
    db.close();

    // An older Hookbay refuses the newer schema with a clear message instead of corrupting it.
    await expect(startServe(tmp.dir)).rejects.toThrow(/newer Hookbay/);
  }, 180_000);
});
