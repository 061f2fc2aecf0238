import crypto from 'node:crypto';
import type { Statement } from 'better-sqlite3';
import {
  ResponseConfig,
  ResponseMode,
  RetryPolicy,
  type ParsedEndpointInput,
  type ForwardTarget,
} from '../../contract/endpoints';
import type { VerifyConfig } from '../../contract/verification';
import type { Db } from './database';

/** Encrypts secrets at rest. The desktop shell passes one backed by `safeStorage`. */
export interface SecretCodec {
  /** Words the UI shows, e.g. "encrypted with the OS keychain". */
  readonly description: string;
  encode(secret: string): string;
  decode(stored: string): string;
}

export const plaintextSecrets: SecretCodec = {
  description: 'stored unencrypted in the data directory (file mode 0600)',
  encode: (s) => s,
  decode: (s) => s,
};

/** An endpoint's stored configuration, with defaults applied. */
export interface EndpointRecord {
  id: string;
  slug: string;
  name: string;
  builtIn: boolean;
  createdAt: number;
  readUpTo: number;
  verify: VerifyConfig | null;
  forward: ForwardTarget[];
  response: ResponseConfig;
  responseMode: ResponseMode;
  retry: RetryPolicy;
}

interface EndpointRowDb {
  id: string;
  slug: string;
  name: string;
  built_in: number;
  config: string;
  created_at: number;
  read_up_to: number;
}

type StoredConfig = Pick<EndpointRecord, 'verify' | 'forward' | 'response' | 'responseMode' | 'retry'>;

export const DEFAULT_ENDPOINT_ID = 'ep_default';
export const DEFAULT_SLUG = 'default';

export class SlugTakenError extends Error {
  constructor(slug: string) {
    super(`The slug "${slug}" is already used by another endpoint.`);
  }
}

/** Endpoints live in SQLite and in a slug-keyed cache the receiver reads on every request. */
export class EndpointStore {
  private readonly bySlug = new Map<string, EndpointRecord>();
  private readonly byId = new Map<string, EndpointRecord>();
  private readonly insertStmt: Statement;
  private readonly updateStmt: Statement;
  private readonly deleteStmt: Statement;
  private readonly readStmt: Statement;
  private readonly countsStmt: Statement;

  constructor(
    private readonly db: Db,
    private readonly secrets: SecretCodec = plaintextSecrets,
  ) {
    this.insertStmt = db.prepare(
      'INSERT INTO endpoints (id, slug, name, built_in, config, created_at) VALUES (@id, @slug, @name, @builtIn, @config, @createdAt)',
    );
    this.updateStmt = db.prepare('UPDATE endpoints SET slug = @slug, name = @name, config = @config WHERE id = @id');
    this.deleteStmt = db.prepare('DELETE FROM endpoints WHERE id = ? AND built_in = 0');
    this.readStmt = db.prepare('UPDATE endpoints SET read_up_to = (SELECT IFNULL(MAX(id), 0) FROM requests) WHERE id = ?');
    // Kept by triggers (migration 003), so this costs the same at a million requests as at ten.
    this.countsStmt = db.prepare('SELECT endpoint_id AS id, total, unread FROM endpoint_counts');
    this.reload();
    if (!this.byId.has(DEFAULT_ENDPOINT_ID)) {
      this.insert({ id: DEFAULT_ENDPOINT_ID, name: 'Default', slug: DEFAULT_SLUG, builtIn: true });
    }
  }

  all(): EndpointRecord[] {
    return [...this.byId.values()].sort((a, b) => Number(b.builtIn) - Number(a.builtIn) || a.createdAt - b.createdAt);
  }

  byIdOrSlug(key: string): EndpointRecord | undefined {
    return this.byId.get(key) ?? this.bySlug.get(key);
  }

  /** The endpoint a request path's first segment names, else the built-in one. */
  forSlug(slug: string): EndpointRecord {
    return this.bySlug.get(slug) ?? this.byId.get(DEFAULT_ENDPOINT_ID)!;
  }

  get defaultEndpoint(): EndpointRecord {
    return this.byId.get(DEFAULT_ENDPOINT_ID)!;
  }

  create(input: ParsedEndpointInput): EndpointRecord {
    if (this.bySlug.has(input.slug)) throw new SlugTakenError(input.slug);
    return this.insert({ ...input, id: `ep_${crypto.randomBytes(6).toString('hex')}`, builtIn: false });
  }

  update(id: string, patch: Partial<StoredConfig> & { name?: string; slug?: string }): EndpointRecord | undefined {
    const current = this.byId.get(id);
    if (!current) return undefined;
    if (current.builtIn && patch.slug !== undefined && patch.slug !== current.slug) {
      throw new Error('The built-in endpoint keeps the slug "default".');
    }
    if (patch.slug !== undefined && patch.slug !== current.slug && this.bySlug.has(patch.slug)) {
      throw new SlugTakenError(patch.slug);
    }
    const next: EndpointRecord = { ...current, ...definedOnly(patch) };
    this.updateStmt.run({ id, slug: next.slug, name: next.name, config: this.encodeConfig(next) });
    this.cache(next, current.slug);
    return next;
  }

  delete(id: string): boolean {
    const current = this.byId.get(id);
    if (!current || current.builtIn) return false;
    this.deleteStmt.run(id);
    this.byId.delete(id);
    this.bySlug.delete(current.slug);
    return true;
  }

  markRead(id: string): void {
    this.readStmt.run(id);
  }

  /** Total and unread request counts per endpoint id. */
  counts(): Map<string, { total: number; unread: number }> {
    const rows = this.countsStmt.all() as { id: string; total: number; unread: number }[];
    return new Map(rows.map((r) => [r.id, { total: r.total, unread: r.unread }]));
  }

  private insert(
    input: Partial<StoredConfig> & { id: string; name: string; slug: string; builtIn: boolean },
  ): EndpointRecord {
    const record: EndpointRecord = {
      id: input.id,
      slug: input.slug,
      name: input.name,
      builtIn: input.builtIn,
      createdAt: Date.now(),
      readUpTo: 0,
      verify: input.verify ?? null,
      forward: input.forward ?? [],
      response: input.response ?? ResponseConfig.parse({}),
      responseMode: input.responseMode ?? ResponseMode.parse({}),
      retry: input.retry ?? RetryPolicy.parse({}),
    };
    this.insertStmt.run({
      id: record.id,
      slug: record.slug,
      name: record.name,
      builtIn: record.builtIn ? 1 : 0,
      config: this.encodeConfig(record),
      createdAt: record.createdAt,
    });
    this.cache(record);
    return record;
  }

  private reload(): void {
    this.byId.clear();
    this.bySlug.clear();
    for (const row of this.db.prepare('SELECT * FROM endpoints').all() as EndpointRowDb[]) {
      const config = JSON.parse(row.config) as Partial<StoredConfig>;
      const verify = config.verify
        ? { ...config.verify, secrets: config.verify.secrets.map((s) => this.secrets.decode(s)) }
        : null;
      this.cache({
        id: row.id,
        slug: row.slug,
        name: row.name,
        builtIn: row.built_in === 1,
        createdAt: row.created_at,
        readUpTo: row.read_up_to,
        verify,
        forward: config.forward ?? [],
        response: ResponseConfig.parse(config.response ?? {}),
        responseMode: ResponseMode.parse(config.responseMode ?? {}),
        retry: RetryPolicy.parse(config.retry ?? {}),
      });
    }
  }

  private encodeConfig(r: EndpointRecord): string {
    const verify = r.verify ? { ...r.verify, secrets: r.verify.secrets.map((s) => this.secrets.encode(s)) } : null;
    const config: StoredConfig = {
      verify,
      forward: r.forward,
      response: r.response,
      responseMode: r.responseMode,
      retry: r.retry,
    };
    return JSON.stringify(config);
  }

  private cache(record: EndpointRecord, previousSlug?: string): void {
    if (previousSlug !== undefined) this.bySlug.delete(previousSlug);
    this.byId.set(record.id, record);
    this.bySlug.set(record.slug, record);
  }
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
