/** Sizes as people read them: 512 B, 1.4 KB, 3.2 MB. */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(n < 10 * 1024 ? 1 : 0)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** `14:03:07.123` today, `Nov 3 14:03` on other days (the list's time column is narrow; the title has it all). */
export function formatTime(ms: number, now = Date.now()): string {
  const d = new Date(ms);
  const today = new Date(now);
  if (d.toDateString() === today.toDateString()) {
    return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
  }
  return `${d.toLocaleString('en', { month: 'short' })} ${d.getDate()} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export function formatDateTime(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

/** "3 s ago", "5 min ago", "2 h ago", "4 d ago". */
export function formatAge(ms: number, now = Date.now()): string {
  const s = Math.max(0, Math.round((now - ms) / 1000));
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86400) return `${Math.floor(s / 3600)} h ago`;
  return `${Math.floor(s / 86400)} d ago`;
}

export function formatDuration(ms: number | null): string {
  if (ms === null) return '–';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

/**
 * Characters that reorder or hide text (bidi overrides and isolates, zero-width marks,
 * C0/C1 controls). A payload could use them to make `/admin` look like `/nimda` or hide
 * a suffix, so where text identifies something they are shown as visible escapes.
 */
// eslint-disable-next-line no-control-regex
const INVISIBLE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u061C\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/g;

export function hasInvisible(text: string): boolean {
  INVISIBLE.lastIndex = 0;
  return INVISIBLE.test(text);
}

/** Splits text into plain runs and escaped invisible characters (`\u202E`), for rendering as text. */
export function splitInvisible(text: string): { text: string; escaped: boolean }[] {
  const out: { text: string; escaped: boolean }[] = [];
  let last = 0;
  INVISIBLE.lastIndex = 0;
  for (let m = INVISIBLE.exec(text); m; m = INVISIBLE.exec(text)) {
    if (m.index > last) out.push({ text: text.slice(last, m.index), escaped: false });
    out.push({ text: `\\u${m[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`, escaped: true });
    last = m.index + 1;
  }
  if (last < text.length) out.push({ text: text.slice(last), escaped: false });
  return out;
}

/** One line for a list cell: invisible characters escaped, newlines shown as ⏎. */
export function visibleText(text: string): string {
  return splitInvisible(text)
    .map((p) => p.text)
    .join('');
}
