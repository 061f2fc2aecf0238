import { useId, useState } from 'react';
import { SCHEME_LABELS, searchSchemes } from './endpoint-form';

interface SchemePickerProps {
  value: string;
  onChange: (value: string) => void;
}

/**
 * A searchable list of schemes (id and provider name, any case) with `auto` and `custom`.
 * Typing filters; a click or Enter picks; whatever is typed is still saved, canonicalised
 * (`Stripe` → `stripe`), so the server names a truly unknown scheme by field.
 */
export function SchemePicker({ value, onChange }: SchemePickerProps) {
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const listId = useId();
  const options = searchSchemes(value);
  const pick = (id: string) => {
    onChange(id);
    setOpen(false);
  };
  return (
    <div className="combobox">
      <input
        role="combobox"
        aria-expanded={open}
        aria-controls={listId}
        aria-autocomplete="list"
        value={value}
        placeholder="none — type to search providers"
        data-testid="endpoint-scheme"
        autoComplete="off"
        spellCheck={false}
        onFocus={() => setOpen(true)}
        onBlur={() => setOpen(false)}
        onChange={(e) => {
          onChange(e.target.value);
          setActive(0);
          setOpen(true);
        }}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
            e.preventDefault();
            setOpen(true);
            setActive((a) => Math.max(0, Math.min(options.length - 1, a + (e.key === 'ArrowDown' ? 1 : -1))));
          } else if (e.key === 'Enter' && open && options[active]) {
            e.preventDefault();
            pick(options[active]);
          } else if (e.key === 'Escape' && open) {
            e.stopPropagation();
            setOpen(false);
          }
        }}
      />
      {open && options.length > 0 && (
        <ul className="combobox-list" id={listId} role="listbox" aria-label="Signature schemes" data-testid="scheme-options">
          {options.map((id, i) => (
            <li
              key={id}
              role="option"
              aria-selected={i === active}
              className={i === active ? 'active' : ''}
              // Before the input's blur closes the list.
              onMouseDown={(e) => {
                e.preventDefault();
                pick(id);
              }}
            >
              <span>{SCHEME_LABELS[id]}</span> <code className="muted">{id}</code>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
