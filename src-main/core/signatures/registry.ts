import { auto } from './auto';
import { custom } from './custom';
import { PROVIDER_SCHEMES, type ProviderSchemeId } from './providers';
import type { Scheme } from './types';

export type SchemeId = ProviderSchemeId | 'custom' | 'auto';

/** Every scheme by id: a missing entry is a compile error. */
export const SCHEMES = { ...PROVIDER_SCHEMES, custom, auto } satisfies Record<SchemeId, Scheme>;

export const SCHEME_IDS = Object.keys(SCHEMES) as SchemeId[];

export function schemeById(id: string): Scheme | undefined {
  return Object.hasOwn(SCHEMES, id) ? SCHEMES[id as SchemeId] : undefined;
}
