import { useState } from 'react';
import { Popover } from '../components/Popover';
import { addChip, chipValues, removeChip, type RequestFilterState } from '@contract';

const PRESETS: { label: string; ms: number }[] = [
  { label: 'Last 5 minutes', ms: 5 * 60_000 },
  { label: 'Last hour', ms: 3_600_000 },
  { label: 'Last 24 hours', ms: 86_400_000 },
  { label: 'Last 7 days', ms: 7 * 86_400_000 },
];

const toLocalInput = (ms: number) => {
  const d = new Date(ms - new Date(ms).getTimezoneOffset() * 60_000);
  return d.toISOString().slice(0, 16);
};

export function TimeMenu({ filter, onChange }: { filter: RequestFilterState; onChange: (f: RequestFilterState) => void }) {
  const from = chipValues(filter, 'from')[0];
  const to = chipValues(filter, 'to')[0];
  const [fromText, setFromText] = useState(from ? toLocalInput(Number(from)) : '');
  const [toText, setToText] = useState(to ? toLocalInput(Number(to)) : '');
  const clearTime = (f: RequestFilterState) =>
    f.chips.filter((c) => c.kind === 'from' || c.kind === 'to').reduce((acc, c) => removeChip(acc, c), f);
  return (
    <Popover label="Time" active={Boolean(from || to)} testId="filter-menu-time">
      {(close) => (
        <div className="time-menu">
          {PRESETS.map((p) => (
            <button
              key={p.label}
              type="button"
              className="menu-button"
              onClick={() => {
                onChange(addChip(clearTime(filter), 'from', String(Date.now() - p.ms)));
                close();
              }}
            >
              {p.label}
            </button>
          ))}
          <form
            className="time-custom"
            onSubmit={(e) => {
              e.preventDefault();
              let next = clearTime(filter);
              if (fromText) next = addChip(next, 'from', String(new Date(fromText).getTime()));
              if (toText) next = addChip(next, 'to', String(new Date(toText).getTime()));
              onChange(next);
              close();
            }}
          >
            <label>
              From <input type="datetime-local" value={fromText} onChange={(e) => setFromText(e.target.value)} />
            </label>
            <label>
              To <input type="datetime-local" value={toText} onChange={(e) => setToText(e.target.value)} />
            </label>
            <button type="submit">Apply</button>
          </form>
        </div>
      )}
    </Popover>
  );
}
