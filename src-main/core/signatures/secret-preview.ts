/**
 * A secret's masked preview (`whsec_…3f2a`). Short secrets show less of their tail so the
 * preview never gives away a meaningful share of the secret.
 */
export function previewSecret(secret: string): string {
  const prefix = /^[A-Za-z]{2,8}_/.exec(secret)?.[0] ?? '';
  const rest = secret.slice(prefix.length);
  const tail = rest.length >= 16 ? 4 : rest.length >= 8 ? 2 : 0;
  return `${prefix}…${tail ? rest.slice(-tail) : ''}`;
}
