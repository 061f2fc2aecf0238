import { useEffect, useState } from 'react';

/** Whole seconds until `at` (ms epoch), re-rendering twice a second; null without a time. */
export function useCountdownTo(at: number | null | undefined): number | null {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!at) return;
    const t = setInterval(() => setNow(Date.now()), 500);
    return () => clearInterval(t);
  }, [at]);
  return at ? Math.max(0, Math.ceil((at - now) / 1000)) : null;
}
