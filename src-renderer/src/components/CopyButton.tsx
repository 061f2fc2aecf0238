import { useState } from 'react';
import { copyText } from './clipboard';

interface CopyButtonProps {
  /** The text, or a function producing it when clicked (cURL is fetched on demand). */
  text: string | (() => Promise<string> | string);
  label?: string;
  title?: string;
  className?: string;
}

export function CopyButton({ text, label = 'Copy', title, className }: CopyButtonProps) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const [failure, setFailure] = useState('');
  const onClick = async () => {
    try {
      await copyText(typeof text === 'function' ? await text() : text);
      setState('copied');
    } catch (err) {
      setFailure(err instanceof Error ? err.message : String(err));
      setState('failed');
    }
    setTimeout(() => setState('idle'), 1500);
  };
  return (
    <button
      type="button"
      className={`copy-button ${className ?? ''} ${state}`}
      title={state === 'failed' ? failure : (title ?? label)}
      onClick={() => void onClick()}
    >
      {state === 'copied' ? 'Copied' : state === 'failed' ? 'Copy failed' : label}
    </button>
  );
}
