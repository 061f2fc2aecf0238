import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { CLIENT_CPU } from './proc';

export interface WrkResult {
  requests: number;
  seconds: number;
  perSec: number;
  p50Ms: number;
  p99Ms: number;
  non2xx: number;
  errors: number;
}

/** A Lua script that POSTs `bodyFile` and prints a JSON summary (latencies in µs). */
function script(dir: string, bodyFile: string, headers: Record<string, string>): string {
  const file = path.join(dir, `post-${path.basename(bodyFile)}.lua`);
  const lines = [
    'wrk.method = "POST"',
    ...Object.entries(headers).map(([k, v]) => `wrk.headers[${JSON.stringify(k)}] = ${JSON.stringify(v)}`),
    `local f = assert(io.open(${JSON.stringify(bodyFile)}, "rb"))`,
    'wrk.body = f:read("*a")',
    'f:close()',
    'done = function(summary, latency, requests)',
    '  local e = summary.errors',
    '  io.write(string.format("WRKJSON {\\"requests\\":%d,\\"us\\":%d,\\"p50\\":%d,\\"p99\\":%d,\\"non2xx\\":%d,\\"errors\\":%d}\\n",',
    '    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99), e.status,',
    '    e.connect + e.read + e.write + e.timeout))',
    'end',
  ];
  fs.writeFileSync(file, lines.join('\n'));
  return file;
}

export interface WrkOptions {
  url: string;
  bodyFile: string;
  seconds: number;
  connections: number;
  scratchDir: string;
  headers?: Record<string, string>;
}

/** Runs wrk (one thread, pinned to the client CPU) and parses its summary. */
export function runWrk(o: WrkOptions): Promise<WrkResult> {
  const lua = script(o.scratchDir, o.bodyFile, { 'Content-Type': 'application/json', ...(o.headers ?? {}) });
  const args = ['-c', CLIENT_CPU, 'wrk', '-t1', `-c${o.connections}`, `-d${o.seconds}s`, '--timeout', '10s', '-s', lua, o.url];
  return new Promise((resolve, reject) => {
    execFile('taskset', args, { maxBuffer: 1 << 20 }, (err, stdout, stderr) => {
      if (err) return reject(new Error(`wrk failed: ${err.message}\n${stderr}`));
      const line = /WRKJSON (\{.*\})/.exec(stdout);
      if (!line) return reject(new Error(`wrk printed no summary:\n${stdout}\n${stderr}`));
      const j = JSON.parse(line[1]!) as { requests: number; us: number; p50: number; p99: number; non2xx: number; errors: number };
      const seconds = j.us / 1e6;
      resolve({
        requests: j.requests,
        seconds,
        perSec: j.requests / seconds,
        p50Ms: j.p50 / 1000,
        p99Ms: j.p99 / 1000,
        non2xx: j.non2xx,
        errors: j.errors,
      });
    });
  });
}
