import { useState } from 'preact/hooks';
import type { Schemas } from './api.js';
import { useStore } from './store.js';
import { looksLikeVerifierKey, pin, pinnedKey, unpin } from './trust.js';

/**
 * The log key the page verifies against, and how it got there. The key the server reports is
 * shown for comparison only; verification uses the key the user pinned.
 */
export function LogKeyPanel({ log }: { log: Schemas['LogInfo'] }) {
  const pinned = useStore(pinnedKey);
  const [pasted, setPasted] = useState('');
  const [pasteError, setPasteError] = useState<string | undefined>();
  const mismatch = pinned !== undefined && pinned !== log.logKey;

  const pinPasted = (e: Event) => {
    e.preventDefault();
    if (!looksLikeVerifierKey(pasted)) {
      setPasteError('not a verifier key string: expected <name>+<8 hex digits>+<base64>');
      return;
    }
    setPasteError(undefined);
    pin(pasted);
    setPasted('');
  };

  return (
    <section class="key-panel" aria-labelledby="key-heading">
      <h3 id="key-heading">Log key</h3>
      {mismatch ? (
        <div class="alarm" role="alert" data-testid="key-mismatch">
          <strong>This server reports a different log key from the one you pinned.</strong> Either the log's key was replaced or
          this is not the log you trust. Nothing from it verifies against your pinned key.
        </div>
      ) : null}
      <dl class="facts">
        <dt>Reported by this server</dt>
        <dd>
          <code class="key" data-testid="server-key">
            {log.logKey}
          </code>
        </dd>
        <dt>Pinned in this browser</dt>
        <dd data-testid="pinned-key">
          {pinned ? <code class="key">{pinned}</code> : <span class="warn">none: verification here is only as good as the server's word</span>}
        </dd>
      </dl>
      <p class="hint">
        Pin a key only after comparing it with the one the log's operator published elsewhere (a letter, a web page you trust). A
        server being checked cannot vouch for its own key.
      </p>
      <div class="row">
        {pinned === log.logKey ? (
          <button type="button" onClick={unpin}>
            Unpin
          </button>
        ) : (
          <button type="button" onClick={() => pin(log.logKey)} data-testid="pin-server-key">
            Pin the key shown above
          </button>
        )}
      </div>
      <form class="row" onSubmit={pinPasted}>
        <label for="paste-key">Or paste the key you were given</label>
        <input
          id="paste-key"
          value={pasted}
          onInput={(e) => setPasted((e.target as HTMLInputElement).value)}
          aria-invalid={pasteError ? 'true' : undefined}
          aria-describedby={pasteError ? 'paste-key-error' : undefined}
          spellcheck={false}
          autocomplete="off"
        />
        <button type="submit">Pin it</button>
        {pasteError ? (
          <p id="paste-key-error" class="field-error">
            {pasteError}
          </p>
        ) : null}
      </form>
    </section>
  );
}
