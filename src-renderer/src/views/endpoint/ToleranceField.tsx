interface ToleranceFieldProps {
  /** '' = the scheme's default, 'ignore' = no timestamp check, else seconds as typed. */
  value: string;
  onChange: (value: string) => void;
}

type Mode = 'default' | 'ignore' | 'seconds';

const modeOf = (v: string): Mode => (v.trim() === '' ? 'default' : /^ignore$/i.test(v.trim()) ? 'ignore' : 'seconds');

/**
 * The timestamp tolerance as the verdicts name it: the scheme's default, "ignore" (verify old
 * captures and replays; what an expired verdict advises) or a number of seconds.
 */
export function ToleranceField({ value, onChange }: ToleranceFieldProps) {
  const mode = modeOf(value);
  return (
    <div className="tolerance-field">
      <select
        value={mode}
        aria-label="Tolerance"
        data-testid="endpoint-tolerance-mode"
        onChange={(e) => onChange(e.target.value === 'ignore' ? 'ignore' : e.target.value === 'seconds' ? '300' : '')}
      >
        <option value="default">scheme default</option>
        <option value="seconds">seconds…</option>
        <option value="ignore">ignore (verify old requests)</option>
      </select>
      {mode === 'seconds' && (
        <input value={value} inputMode="numeric" aria-label="Tolerance in seconds" data-testid="endpoint-tolerance" onChange={(e) => onChange(e.target.value)} />
      )}
    </div>
  );
}
