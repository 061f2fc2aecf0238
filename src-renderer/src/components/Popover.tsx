import { useEffect, useRef, useState, type ReactNode } from 'react';

interface PopoverProps {
  label: ReactNode;
  children: (close: () => void) => ReactNode;
  className?: string;
  active?: boolean;
  testId?: string;
  align?: 'left' | 'right';
}

/** A button that opens a panel below it; closes on outside click and Escape. */
export function Popover({ label, children, className, active, testId, align = 'left' }: PopoverProps) {
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const onDown = (e: PointerEvent) => {
      if (root.current && !root.current.contains(e.target as Node)) setOpen(false);
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') setOpen(false);
    };
    document.addEventListener('pointerdown', onDown);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('pointerdown', onDown);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);
  return (
    <div className={`popover ${className ?? ''}`} ref={root}>
      <button
        type="button"
        className={`popover-button ${active ? 'active' : ''}`}
        aria-expanded={open}
        data-testid={testId}
        onClick={() => setOpen((o) => !o)}
      >
        {label} <span className="caret">▾</span>
      </button>
      {open && <div className={`popover-panel align-${align}`}>{children(() => setOpen(false))}</div>}
    </div>
  );
}
