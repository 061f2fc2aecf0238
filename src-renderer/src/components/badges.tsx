import type { DeliveryState, ManagedBy, VerificationStatus } from '@contract';

type Tone = 'good' | 'bad' | 'warn' | 'muted' | 'info';

interface BadgeSpec {
  label: string;
  tone: Tone;
  title: string;
}

export const SIGNATURE_BADGES = {
  valid: { label: 'valid', tone: 'good', title: 'Signature verified' },
  invalid: { label: 'invalid', tone: 'bad', title: 'Signature does not match' },
  expired: { label: 'expired', tone: 'warn', title: 'Signature matches but the timestamp is outside the tolerance' },
  missing: { label: 'missing', tone: 'bad', title: 'No signature header was sent' },
  malformed: { label: 'malformed', tone: 'bad', title: 'The signature header could not be parsed' },
  unverified: { label: 'unverified', tone: 'muted', title: 'No signature scheme is configured for this endpoint' },
} as const satisfies Record<VerificationStatus, BadgeSpec>;

export const DELIVERY_BADGES = {
  none: { label: '', tone: 'muted', title: 'Not forwarded' },
  pending: { label: 'pending', tone: 'info', title: 'Delivery in progress' },
  delivered: { label: 'delivered', tone: 'good', title: 'Delivered to every target' },
  retrying: { label: 'retrying', tone: 'warn', title: 'A delivery failed and will be retried' },
  failed: { label: 'failed', tone: 'bad', title: 'A delivery failed for good' },
} as const satisfies Record<DeliveryState, BadgeSpec>;

export function Badge({ spec, testId }: { spec: BadgeSpec; testId?: string }) {
  if (!spec.label) return null;
  return (
    <span className={`badge tone-${spec.tone}`} title={spec.title} data-testid={testId}>
      {spec.label}
    </span>
  );
}

export function SignatureBadge({ status }: { status: VerificationStatus }) {
  return <Badge spec={SIGNATURE_BADGES[status]} testId="signature-badge" />;
}

export function DeliveryBadge({ state }: { state: DeliveryState }) {
  return <Badge spec={DELIVERY_BADGES[state]} testId="delivery-badge" />;
}

export function MethodLabel({ method }: { method: string }) {
  const known = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'].includes(method) ? method : 'OTHER';
  return <span className={`method method-${known.toLowerCase()}`}>{method}</span>;
}

/** `hookbay.config.json` from its path, whichever separator the server's OS uses. */
export const managedFileName = (m: ManagedBy): string => m.file.split(/[\\/]/).pop() || m.file;

/** "from hookbay.config.json": the endpoint is declared in a config file its running Hookbay applies. */
export function ManagedBadge({ managedBy }: { managedBy: ManagedBy | null | undefined }) {
  if (!managedBy) return null;
  const spec = {
    label: `from ${managedFileName(managedBy)}`,
    tone: 'info',
    title: `Declared in ${managedBy.file}: Hookbay applies the file again whenever it changes, overwriting edits made here.`,
  } as const;
  return <Badge spec={spec} testId="managed-badge" />;
}
