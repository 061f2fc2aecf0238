/**
 * The invariants every fuzz case must keep, whatever it sent:
 *  - no 5xx, except the documented storage 503 (`storage_unavailable`);
 *  - the process stays up and a concurrent health check answers within a second;
 *  - every capture the receiver acknowledged is still there, byte-exact;
 *  - `PRAGMA integrity_check` says `ok`.
 */
import crypto from 'node:crypto';
import http from 'node:http';
import Database from 'better-sqlite3';

export const HEALTH_BUDGET_MS = Number(process.env.HOOKBAY_FUZZ_HEALTH_MS ?? 1000);

/** Why an API answer breaks the rules, or null when it keeps them. */
export function apiStatusProblem(status: number, body: string): string | null {
  if (status === 0) return `no answer: ${body}`;
  if (status < 500) return null;
  let code = '';
  try {
    code = (JSON.parse(body) as { error?: { code?: string } }).error?.code ?? '';
  } catch {
    /* not JSON: a problem in itself */
  }
  if (status === 503 && code === 'storage_unavailable') return null;
  return `${status} ${body.slice(0, 300)}`;
}

/** Why a receiver answer breaks the rules: only a storage failure may be a 5xx. */
export function receiverStatusProblem(status: number, body: string): string | null {
  if (status < 500) return null;
  if (status === 503 && /could not store this request \(SQLITE_(FULL|IOERR|READONLY)/.test(body)) return null;
  return `${status} ${body.slice(0, 300)}`;
}

/** Time to an answer from GET /api/health, started now; never rejects. */
export async function healthMs(apiUrl: string, token: string, giveUpMs = 10_000): Promise<{ ms: number; status: number }> {
  const started = performance.now();
  try {
    const res = await fetch(`${apiUrl}/api/health`, { headers: { Authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(giveUpMs) });
    await res.arrayBuffer();
    return { ms: performance.now() - started, status: res.status };
  } catch {
    return { ms: performance.now() - started, status: 0 };
  }
}

/**
 * Waits until health answers within budget again (work a previous case queued, such as
 * deliveries, may still be running), so its cost is not blamed on the next case.
 * Returns why it did not settle, or null.
 */
export async function settle(probe: () => Promise<{ ms: number; status: number }>, maxMs = 60_000): Promise<string | null> {
  const until = performance.now() + maxMs;
  let last = { ms: 0, status: 0 };
  while (performance.now() < until) {
    last = await probe();
    if (last.status === 200 && last.ms <= HEALTH_BUDGET_MS) return null;
    await new Promise((r) => setTimeout(r, 200));
  }
  return `the server did not settle in ${maxMs} ms after the previous case (health ${last.status} in ${Math.round(last.ms)} ms)`;
}

/**
 * Runs `work` with a health check sent while it is in flight (and one more right after, in
 * case the work returned before it blocked the loop). Returns the work's result and why
 * health failed, if it did.
 */
export async function withHealthProbe<T>(probe: () => Promise<{ ms: number; status: number }>, work: () => Promise<T>): Promise<{ result: T; healthProblem: string | null }> {
  const during = probe();
  const result = await work();
  const checks = [await during, await probe()];
  const bad = checks.find((c) => c.status !== 200 || c.ms > HEALTH_BUDGET_MS);
  return { result, healthProblem: bad ? `health answered ${bad.status} after ${Math.round(bad.ms)} ms (budget ${HEALTH_BUDGET_MS} ms)` : null };
}

export interface Ack {
  id: number;
  body: Buffer;
  path: string;
}

/**
 * Well-formed webhooks sent between fuzz cases to an endpoint the fuzzer never touches;
 * each acknowledged one must read back byte-exact at the end.
 */
export class Sentinels {
  readonly acks: Ack[] = [];
  readonly failures: string[] = [];
  private n = 0;

  constructor(private readonly receiverUrl: string, private readonly slug: string) {}

  async send(): Promise<void> {
    const n = this.n++;
    const body = crypto.randomBytes(n % 7 === 0 ? 70_000 : 1 + (n % 300));
    const path = `/${this.slug}/s${n}`;
    try {
      const res = await postFresh(`${this.receiverUrl}${path}`, body, 'application/octet-stream');
      const id = res.headers['x-hookbay-request-id'];
      if (typeof id === 'string') this.acks.push({ id: Number(id), body, path });
      const problem = receiverStatusProblem(res.status, res.body);
      if (problem) this.failures.push(`sentinel ${path}: ${problem}`);
    } catch (err) {
      this.failures.push(`sentinel ${path}: ${String(err)}`);
    }
  }

  /** Reads every acknowledged capture back; returns what is missing or changed. */
  async verify(read: (id: number) => Promise<{ status: number; bodyBase64?: string; path?: string }>): Promise<string[]> {
    const lost: string[] = [];
    for (const a of this.acks) {
      const got = await read(a.id);
      if (got.status !== 200) lost.push(`capture ${a.id} (${a.path}): read back ${got.status}`);
      else if (got.bodyBase64 !== a.body.toString('base64') || got.path !== a.path) lost.push(`capture ${a.id} (${a.path}): body or path changed`);
    }
    return lost;
  }
}

export function integrityCheck(dbFile: string): string {
  const db = new Database(dbFile, { readonly: true, fileMustExist: true });
  try {
    const rows = db.pragma('integrity_check') as { integrity_check: string }[];
    return rows.map((r) => r.integrity_check).join('; ');
  } finally {
    db.close();
  }
}

/**
 * POSTs over a fresh connection (no keep-alive pool), so one endpoint's broken answer
 * cannot surface as a failure of the next, unrelated request on a reused socket.
 */
export function postFresh(url: string, body: Buffer | string, contentType: string, timeoutMs = 10_000): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', agent: false, headers: { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(body) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`no answer in ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * A webhook to an endpoint the fuzzer may have reconfigured: whatever status and headers
 * it was given, Hookbay itself must not fail (no "could not" 5xx, no reset, no broken HTTP).
 */
export async function probeCapture(receiverUrl: string, slug: string): Promise<string | null> {
  try {
    // Longer than the default 10 s a `wait` endpoint may legitimately hold a sender (relay paused).
    const res = await postFresh(`${receiverUrl}/${slug}/probe`, JSON.stringify({ type: 'fuzz.probe' }), 'application/json', 15_000);
    if (res.status >= 500 && /Hookbay could not/.test(res.body)) return `capture to /${slug}: ${res.status} ${res.body.slice(0, 200)}`;
    return null;
  } catch (err) {
    return `capture to /${slug}: no valid HTTP answer (${String(err)})`;
  }
}
