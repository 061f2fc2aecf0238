import type { ManagedBy } from '../../contract/endpoints';

/**
 * Which endpoints a config file manages, as told by the process that applies it. Kept in
 * memory on purpose: the claim is only true while this process applies the file, so the
 * desktop app opening the same data directory without it sees no claim. Keyed by slug,
 * because the file declares slugs: an endpoint renamed in the inspector is no longer the
 * file's (its next apply creates the declared slug again).
 */
export class ManagedEndpoints {
  private bySlug = new Map<string, ManagedBy>();

  /** The file now declares exactly these slugs (replacing what it declared before). */
  declare(file: string, slugs: readonly string[]): void {
    const next = new Map([...this.bySlug].filter(([, m]) => m.file !== file));
    for (const slug of slugs) next.set(slug, { kind: 'config', file });
    this.bySlug = next;
  }

  of(slug: string): ManagedBy | null {
    return this.bySlug.get(slug) ?? null;
  }
}
