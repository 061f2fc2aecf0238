/**
 * Endpoints as code: `hookbay.config.json` (or --config / HOOKBAY_CONFIG) declares endpoints
 * with the contract's own schemas, so the file accepts exactly what the API accepts. Secrets
 * may be written `"env:NAME"` so the file can be committed. Every error names the file, the
 * JSON path and the field.
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { Handlers } from '../contract';
import { EndpointInput, ResponseConfig, ResponseMode, RetryPolicy, type Endpoint, type ParsedEndpointInput } from '../contract/endpoints';
import { verifyConfigIssues } from '../core/signatures';
import { call } from './call';

export const DEFAULT_CONFIG_FILE = 'hookbay.config.json';

export const ConfigFile = z
  .object({
    /** Editors' JSON schema hint; ignored. */
    $schema: z.string().optional(),
    endpoints: z.array(EndpointInput),
  })
  .strict();

/** A config file problem, already worded as `file: path: message`. */
export class ConfigError extends Error {}

/** `endpoints.0.verify.secrets.1` → `endpoints[0].verify.secrets[1]`, the way JSON paths are read. */
export function jsonPath(segments: readonly PropertyKey[]): string {
  return segments.map((s, i) => (typeof s === 'number' ? `[${s}]` : `${i === 0 ? '' : '.'}${String(s)}`)).join('') || '(root)';
}

/** The file to use: the flag/env value, else ./hookbay.config.json when it exists, else none. */
export function configFileOf(flag: string | undefined, cwd = process.cwd()): string | null {
  if (flag) return path.resolve(cwd, flag);
  const local = path.join(cwd, DEFAULT_CONFIG_FILE);
  return fs.existsSync(local) ? local : null;
}

function lineAndColumn(text: string, message: string): string {
  const at = /position (\d+)/.exec(message);
  if (!at) return '';
  const before = text.slice(0, Number(at[1]));
  const line = before.split('\n').length;
  return ` (line ${line}, column ${before.length - before.lastIndexOf('\n')})`;
}

const ENV_PREFIX = 'env:';

/** Replaces `env:NAME` secrets (and private keys) by the variable's value; a missing one is an error naming where it was asked for. */
function resolveSecrets(endpoints: ParsedEndpointInput[], env: NodeJS.ProcessEnv, where: (p: PropertyKey[]) => string): void {
  const resolve = (value: string, at: PropertyKey[]): string => {
    if (!value.startsWith(ENV_PREFIX)) return value;
    const name = value.slice(ENV_PREFIX.length);
    const found = env[name];
    if (found === undefined || found === '') throw new ConfigError(`${where(at)}: environment variable ${name} is not set`);
    return found;
  };
  endpoints.forEach((e, i) => {
    if (!e.verify) return;
    e.verify.secrets = e.verify.secrets.map((s, j) => resolve(s, ['endpoints', i, 'verify', 'secrets', j]));
    const key = e.verify.options?.privateKey;
    if (typeof key === 'string') e.verify.options!.privateKey = resolve(key, ['endpoints', i, 'verify', 'options', 'privateKey']);
  });
}

/** Reads and checks the file; throws `ConfigError` naming file, JSON path and field. */
export function loadConfig(file: string, env: NodeJS.ProcessEnv = process.env): ParsedEndpointInput[] {
  const shown = path.relative(process.cwd(), file) || file;
  const where = (p: PropertyKey[]) => `${shown}: ${jsonPath(p)}`;
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError(`${shown}: cannot read the config file (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`, { cause: err });
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new ConfigError(`${shown}: not valid JSON${lineAndColumn(text, (err as Error).message)}: ${(err as Error).message}`, { cause: err });
  }
  const parsed = ConfigFile.safeParse(raw);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${where(i.path)}: ${i.message}`).join('\n'));
  }
  const endpoints = parsed.data.endpoints;
  const seen = new Map<string, number>();
  endpoints.forEach((e, i) => {
    const first = seen.get(e.slug);
    if (first !== undefined) throw new ConfigError(`${where(['endpoints', i, 'slug'])}: "${e.slug}" is already declared by endpoints[${first}]`);
    seen.set(e.slug, i);
    const issue = verifyConfigIssues(e.verify)[0];
    if (issue) throw new ConfigError(`${where(['endpoints', i, ...issue.path.split('.')])}: ${issue.message}`);
  });
  resolveSecrets(endpoints, env, where);
  return endpoints;
}

/** What the endpoint should be: the file's fields, with the defaults for any it leaves out. */
function desired(e: ParsedEndpointInput) {
  return {
    name: e.name,
    verify: e.verify ?? null,
    forward: e.forward ?? [],
    response: e.response ?? ResponseConfig.parse({}),
    responseMode: e.responseMode ?? ResponseMode.parse({}),
    retry: e.retry ?? RetryPolicy.parse({}),
  };
}

const canonical = (v: unknown): string =>
  JSON.stringify(v, (_k, value: unknown) =>
    value && typeof value === 'object' && !Array.isArray(value)
      ? Object.fromEntries(Object.entries(value as Record<string, unknown>).filter(([, x]) => x !== undefined).sort(([a], [b]) => a.localeCompare(b)))
      : value,
  );

/**
 * Creates or updates the declared endpoints, changing only the fields that differ (a changed
 * `verify` recomputes stored verdicts, so an unchanged one is not sent). Endpoints the file
 * does not declare are left alone: they belong to the inspector, and deleting one deletes its captures.
 */
export async function applyConfig(handlers: Handlers, endpoints: ParsedEndpointInput[]): Promise<{ created: string[]; updated: string[] }> {
  const existing = new Map<string, Endpoint>((await call(handlers, 'listEndpoints', {})).map((e) => [e.slug, e]));
  const created: string[] = [];
  const updated: string[] = [];
  for (const e of endpoints) {
    const want = desired(e);
    const current = existing.get(e.slug);
    if (!current) {
      await call(handlers, 'createEndpoint', { slug: e.slug, ...want });
      created.push(e.slug);
      continue;
    }
    const patch = Object.fromEntries(Object.entries(want).filter(([k, v]) => canonical(v) !== canonical(current[k as keyof typeof want])));
    if (Object.keys(patch).length === 0) continue;
    await call(handlers, 'updateEndpoint', { id: current.id, ...patch });
    updated.push(e.slug);
  }
  return { created, updated };
}

/**
 * Calls `onChange` when the file changes. Watches its directory, because editors save by
 * writing a new file and renaming it over the old one; changes within 150 ms are one change.
 */
export function watchConfig(file: string, onChange: () => void): () => void {
  let timer: NodeJS.Timeout | null = null;
  let last = '';
  const stamp = () => {
    try {
      const s = fs.statSync(file);
      return `${s.mtimeMs} ${s.size} ${s.ino}`;
    } catch {
      return 'missing';
    }
  };
  last = stamp();
  const watcher = fs.watch(path.dirname(file), (_event, name) => {
    if (name !== null && name !== path.basename(file)) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      const now = stamp();
      if (now === last || now === 'missing') return;
      last = now;
      onChange();
    }, 150);
  });
  return () => {
    if (timer) clearTimeout(timer);
    watcher.close();
  };
}
