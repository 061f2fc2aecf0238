import { execFileSync, spawnSync } from 'node:child_process';
import os from 'node:os';

export interface Machine {
  date: string;
  nproc: number;
  cpu: string;
  node: string;
  memory: string;
  os: string;
  wrk: string;
  sqlite: string;
}

function safe(f: () => string): string {
  try {
    return f().trim();
  } catch {
    return 'unknown';
  }
}

export function describeMachine(sqlite: string): Machine {
  return {
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    nproc: Number(safe(() => execFileSync('nproc', { encoding: 'utf8' }))) || os.cpus().length,
    cpu: os.cpus()[0]?.model ?? 'unknown',
    node: process.version,
    memory: `${Math.round(os.totalmem() / 1024 ** 3)} GiB`,
    os: `${os.type()} ${os.release()}`,
    wrk: safe(() => {
      const r = spawnSync('wrk', ['-v'], { encoding: 'utf8' });
      return /wrk\s+(\S+)/.exec(`${r.stdout}${r.stderr}`)?.[1] ?? 'unknown';
    }),
    sqlite,
  };
}
