import type { ReactNode } from 'react';
import { ViewBoundary } from '../components/ViewBoundary';
import { useStores } from '../stores/use-stores';

/**
 * A view inside a `ViewBoundary` that reports its failure through the notices as well as in
 * place, so a failure in a corner of the window is not missed.
 */
export function Contained(props: {
  name: string;
  children: ReactNode;
  resetKey?: unknown;
  className?: string;
  onShowRaw?: () => void;
  onDismiss?: () => void;
  /** Do not raise a notice (the notices view itself). */
  quiet?: boolean;
}) {
  const { notices } = useStores();
  const { quiet, ...boundary } = props;
  return <ViewBoundary {...boundary} onError={quiet ? undefined : (message) => notices.show(message, 'error', 10_000)} />;
}
