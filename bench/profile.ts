/** Reads a V8 `.cpuprofile` and names where the time went (self time, idle excluded). */
import fs from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  startTime: number;
  endTime: number;
}

export interface ProfileSummary {
  /** Busy milliseconds sampled (idle excluded). */
  busyMs: number;
  top: { name: string; share: number }[];
  categories: { name: string; share: number }[];
}

function shortUrl(url: string): string {
  if (!url) return '';
  const nm = url.lastIndexOf('node_modules/');
  if (nm !== -1) return url.slice(nm + 'node_modules/'.length);
  if (url.startsWith('node:')) return url;
  const out = url.indexOf('/out/');
  return out !== -1 ? url.slice(out + 1) : url.split('/').slice(-2).join('/');
}

/** Store functions whose self time is mostly native SQLite work (statement run/get). */
const SQLITE_CALLERS = new Set(['insert', 'indexBatch', 'list', 'facets', 'prune', 'get', 'summary']);

/** Coarse buckets, so the report can say "SQLite 30 %, HTTP parsing 25 %…". */
function category(f: ProfileNode['callFrame']): string {
  const { functionName: fn, url } = f;
  if (fn === '(garbage collector)') return 'garbage collection';
  if (fn === '(program)') return 'V8/native (unattributed)';
  // Native better-sqlite3 calls show up as self time of the JS frame that made them.
  if (url.includes('out/main/') && SQLITE_CALLERS.has(fn)) return 'SQLite (better-sqlite3)';
  if (url.includes('better-sqlite3') || (!url && ['run', 'all', 'get', 'exec', 'prepare'].includes(fn))) return 'SQLite (better-sqlite3)';
  if (/node:_http|node:internal\/http|node:http/.test(url)) return 'Node HTTP (parse, respond)';
  if (/node:net|node:internal\/stream|node:stream|node:internal\/streams|node:internal\/net/.test(url) || fn === 'writev' || fn === 'writeUtf8String' || fn === 'writeBuffer') return 'sockets and streams';
  if (url.includes('out/main/')) return 'Hookbay code';
  if (fn === 'stringify' || fn === 'parse' || fn === 'concat' || fn === 'toString') return 'JSON/Buffer built-ins';
  if (url.startsWith('node:')) return 'other Node internals';
  return 'other';
}

export function summarizeProfile(file: string, topN = 10): ProfileSummary {
  const p = JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile;
  const interval = (p.endTime - p.startTime) / 1000 / Math.max(1, p.samples.length);
  const byName = new Map<string, number>();
  const byCat = new Map<string, number>();
  let busy = 0;
  for (const n of p.nodes) {
    const hits = n.hitCount ?? 0;
    if (hits === 0 || n.callFrame.functionName === '(idle)') continue;
    const t = hits * interval;
    busy += t;
    const where = shortUrl(n.callFrame.url);
    const name = `${n.callFrame.functionName || '(anonymous)'}${where ? ` ${where}:${n.callFrame.lineNumber + 1}` : ''}`;
    byName.set(name, (byName.get(name) ?? 0) + t);
    const cat = category(n.callFrame);
    byCat.set(cat, (byCat.get(cat) ?? 0) + t);
  }
  const share = (m: Map<string, number>, n: number) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([name, t]) => ({ name, share: t / busy }));
  return { busyMs: busy, top: share(byName, topN), categories: share(byCat, 20) };
}
