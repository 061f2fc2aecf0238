import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';

const ROOT = path.resolve(__dirname, '../..');
let bundled: Promise<string> | null = null;

/**
 * Bundles the child entry once per test run into `.tmp/` inside the repo (gitignored), so
 * the bundle resolves `better-sqlite3`'s native module from the repo's node_modules.
 */
function bundle(): Promise<string> {
  bundled ??= (async () => {
    const outdir = path.join(ROOT, '.tmp');
    fs.mkdirSync(outdir, { recursive: true });
    const outfile = path.join(outdir, `relay-child-${process.pid}.cjs`);
    await build({
      entryPoints: [path.join(ROOT, 'test/support/relay-child.ts')],
      outfile,
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      external: ['better-sqlite3'],
      define: { __HOOKBAY_VERSION__: '"0.0.0-test"' },
      logLevel: 'silent',
    });
    process.once('exit', () => fs.rmSync(outfile, { force: true }));
    return outfile;
  })();
  return bundled;
}

export interface RelayChild {
  process: ChildProcess;
  receiverUrl: string;
}

export async function spawnRelayChild(dataDir: string, targetUrl: string, intervalMs: number): Promise<RelayChild> {
  const file = await bundle();
  const child = spawn(process.execPath, [file, dataDir, targetUrl, String(intervalMs)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const receiverUrl = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split('\n').find((l) => l.includes('"ready"'));
      if (line) resolve((JSON.parse(line) as { receiverUrl: string }).receiverUrl);
    });
    child.once('exit', (code) => reject(new Error(`relay child exited early (${code})`)));
  });
  return { process: child, receiverUrl };
}

export function kill(child: RelayChild): Promise<void> {
  return new Promise((resolve) => {
    if (child.process.exitCode !== null || child.process.signalCode !== null) return resolve();
    child.process.once('exit', () => resolve());
    child.process.kill('SIGKILL');
  });
}
