import type { Schemas } from '../api.js';
import { checkpointState } from '../log-watch.js';
import { LogKeyPanel } from '../key-panel.js';
import { useStore } from '../store.js';
import { pinnedKey } from '../trust.js';
import type { WatchResult } from '../checkpoint-watch.js';

/** A signature line of a C2SP signed note: `— <name> <base64>`. */
function signerNames(note: string): string[] {
  const body = note.split('\n\n').slice(1).join('\n\n');
  return body
    .split('\n')
    .filter((line) => line.startsWith('\u2014 '))
    .map((line) => line.slice(2).split(' ')[0]!);
}

/**
 * The log's status: size, root, the signed checkpoint and who signed it (the log and any witness
 * cosignatures, SPEC 5.1), and the consistency check against the last checkpoint this browser saw.
 */
export function LogStatus({ log }: { log: Schemas['LogInfo'] }) {
  const pinned = useStore(pinnedKey);
  const { checkpoint, watch } = useStore(checkpointState);

  const signers = checkpoint ? signerNames(checkpoint) : [];
  const cosigners = signers.filter((name) => name !== log.origin);

  return (
    <section aria-labelledby="log-heading" class="card log-status">
      <h3 id="log-heading">The log</h3>
      <dl class="facts">
        <dt>Entries</dt>
        <dd data-testid="log-size">{log.size.toLocaleString('en-GB')}</dd>
        <dt>Root hash</dt>
        <dd>
          <code class="hash" data-testid="log-root">
            {log.rootHash}
          </code>
        </dd>
        <dt>Home country</dt>
        <dd>{log.homeCountry}</dd>
        <dt>Signed by</dt>
        <dd data-testid="signers">
          {signers.length === 0 ? '…' : `the log (${log.origin})`}
          {signers.length > 0 ? (
            cosigners.length === 0 ? (
              <span> · no witness cosignatures</span>
            ) : (
              <span data-testid="cosignatures">
                {' '}
                · {cosigners.length} witness cosignature{cosigners.length === 1 ? '' : 's'}: {cosigners.join(', ')}
              </span>
            )
          ) : null}
        </dd>
        <dt>Consistency</dt>
        <dd data-testid="consistency" aria-live="polite">
          <Consistency watch={watch} pinned={pinned !== undefined} />
        </dd>
      </dl>
      {checkpoint ? (
        <details>
          <summary>The signed checkpoint</summary>
          <pre data-testid="checkpoint">{checkpoint}</pre>
        </details>
      ) : null}
      <LogKeyPanel log={log} />
    </section>
  );
}

function Consistency({ watch, pinned }: { watch: WatchResult | { kind: 'error'; message: string } | undefined; pinned: boolean }) {
  const against = pinned ? 'your pinned key' : 'the key this server reports (pin it to make this check yours)';
  if (!watch) return <span>checking…</span>;
  switch (watch.kind) {
    case 'first':
      return <span class="ok">✓ checkpoint of size {watch.current.size} verified against {against}; first visit, remembered for next time</span>;
    case 'same':
      return <span class="ok">✓ same checkpoint as last visit (size {watch.current.size}), verified against {against}</span>;
    case 'advanced':
      return (
        <span class="ok">
          ✓ proven consistent with the checkpoint this browser saw before (size {watch.previous?.size} → {watch.current.size}), verified
          against {against}
        </span>
      );
    case 'invalid':
      return <span class="alarm-text">✗ the checkpoint does not verify against {against}: {watch.message}</span>;
    case 'error':
      return <span class="warn">could not check: {watch.message}</span>;
    default:
      return <span class="alarm-text">✗ {watch.message}</span>;
  }
}
