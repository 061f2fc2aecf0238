const STORAGE_KEY = 'hookbay.apiToken';

export interface TokenEnvironment {
  location: { href: string };
  history: { replaceState(data: unknown, unused: string, url?: string | URL | null): void };
  storage: { getItem(key: string): string | null; setItem(key: string, value: string): void };
}

/**
 * The API token printed by `hookbay serve` arrives once as `?token=`; it is kept for the
 * tab's lifetime in sessionStorage and taken out of the address bar so it is not
 * bookmarked, shared in a screenshot or left in history.
 */
export function takeApiToken(env: TokenEnvironment): string | null {
  const url = new URL(env.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    env.storage.setItem(STORAGE_KEY, fromUrl);
    url.searchParams.delete('token');
    env.history.replaceState(null, '', url.pathname + url.search + url.hash);
    return fromUrl;
  }
  return env.storage.getItem(STORAGE_KEY);
}
