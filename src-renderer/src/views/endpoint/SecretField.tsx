import { useState } from 'react';
import { FieldErrors } from '../../components/ErrorNote';
import { showWhitespace } from './endpoint-form';

interface SecretFieldProps {
  index: number;
  value: string;
  messages: string[];
  onChange: (value: string) => void;
  onRemove?: () => void;
}

/**
 * A secret, hidden by default. Surrounding whitespace silently breaks HMACs, and a text input
 * cannot even show a line break, so it is drawn (`·`, `⏎`) below the field — masked unless
 * shown — with a Trim button.
 */
export function SecretField({ index, value, messages, onChange, onRemove }: SecretFieldProps) {
  const [shown, setShown] = useState(false);
  const padded = value !== value.trim();
  return (
    <div className="secret-field">
      <input
        type={shown ? 'text' : 'password'}
        value={value}
        autoComplete="off"
        spellCheck={false}
        placeholder={index === 0 ? 'whsec_… or the provider’s signing secret' : 'older secret'}
        aria-label={`Secret ${index + 1}`}
        data-testid={`endpoint-secret-${index}`}
        onChange={(e) => onChange(e.target.value)}
      />
      <button type="button" className="small" onClick={() => setShown((s) => !s)} aria-pressed={shown}>
        {shown ? 'Hide' : 'Show'}
      </button>
      {onRemove && (
        <button type="button" className="small link-button danger" onClick={onRemove}>
          Remove
        </button>
      )}
      {padded && (
        <div className="hint warn-text secret-whitespace" data-testid={`secret-whitespace-${index}`}>
          Starts or ends with whitespace: providers almost never mean that.{' '}
          <code className="whitespace-shown">{showWhitespace(shown ? value : value.replace(/\S/g, '•'))}</code>{' '}
          <button type="button" className="small" data-testid={`secret-trim-${index}`} onClick={() => onChange(value.trim())}>
            Trim
          </button>
        </div>
      )}
      <FieldErrors messages={messages} />
    </div>
  );
}
