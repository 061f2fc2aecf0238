import { useState } from 'react';

/**
 * The one screen shown when the HTTP API refuses the token (none given, or a wrong one): it
 * says what to do instead of letting every view fail and the live stream retry forever.
 */
export function TokenScreen({ hadToken }: { hadToken: boolean }) {
  const [token, setToken] = useState('');
  return (
    <main className="token-screen" data-testid="token-screen">
      <h1>
        <span aria-hidden="true">⚓</span> Hookbay needs its access token
      </h1>
      <p data-testid="token-problem">
        {hadToken ? 'The token this tab has was not accepted (the server was restarted with a new one, or it was mistyped).' : 'This page was opened without the token.'}
      </p>
      <p>
        Open the <strong>Inspector</strong> URL that <code>hookbay serve</code> printed (it ends in <code>?token=…</code>), or paste the
        token here:
      </p>
      <form
        className="token-form"
        onSubmit={(e) => {
          e.preventDefault();
          // The token arrives the usual way: `?token=`, taken into this tab's storage and out of the address bar.
          if (token.trim()) window.location.assign(`${window.location.pathname}?token=${encodeURIComponent(token.trim())}`);
        }}
      >
        <input
          type="password"
          value={token}
          autoComplete="off"
          spellCheck={false}
          aria-label="Access token"
          placeholder="token printed by hookbay serve"
          data-testid="token-input"
          onChange={(e) => setToken(e.target.value)}
        />
        <button type="submit" className="primary" disabled={!token.trim()}>
          Open the inspector
        </button>
      </form>
    </main>
  );
}
