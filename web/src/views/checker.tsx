import { useState } from 'preact/hooks';
import type { ViewProps } from '../main.js';
import { CompositionChart } from '../charts/composition.js';
import { LogKeyPanel } from '../key-panel.js';
import { useStore } from '../store.js';
import { pinnedKey } from '../trust.js';
import { formatMass, formatShare } from '../units.js';
import type { CheckOutcome, Claim } from '../verifier.js';
import type { VerifiedBundle } from '../../../sdk/verify/bundle.js';

/** Share claims the checker asks about, with the threshold each starts at (the user changes them). */
const SHARE_CLAIMS: Array<{ kind: Claim['kind']; label: string; start: number }> = [
  { kind: 'recycled', label: 'recycled content', start: 0.3 },
  { kind: 'pre-consumer', label: 'pre-consumer recycled', start: 0 },
  { kind: 'post-consumer', label: 'post-consumer recycled', start: 0 },
  { kind: 'home-origin', label: 'home-origin', start: 0.3 },
  { kind: 'home-recycled', label: 'home-recycled', start: 0 },
];
const BOOLEAN_CLAIMS: Array<{ kind: Claim['kind']; label: string }> = [
  { kind: 'home-processed', label: 'processed only at home' },
  { kind: 'not-exported', label: 'never exported' },
];

/** Constituents (protocol 1.1) the composition names, `other` left out; none for a 1.0 batch. */
function constituentsOf(verified: VerifiedBundle): string[] {
  const materials = new Set(verified.batch.composition.map((p) => (p as { material?: string }).material).filter((m): m is string => !!m && m !== 'other'));
  return materials.size > 1 ? [...materials].sort() : [];
}

function claimsFor(thresholds: Record<string, number>) {
  return (verified: VerifiedBundle): Claim[] => [
    ...SHARE_CLAIMS.map((c) => ({ kind: c.kind, atLeast: thresholds[c.kind] ?? c.start })),
    ...BOOLEAN_CLAIMS.map((c) => ({ kind: c.kind })),
    ...constituentsOf(verified).map((material) => ({ kind: 'recycled', material, atLeast: thresholds.recycled ?? 0.3 }) as unknown as Claim),
  ];
}

/**
 * The claim checker: a bundle file (dropped or chosen) is read in the page and verified with the
 * SDK against the pinned log key. The file never leaves the browser.
 */
export function Checker({ log }: ViewProps) {
  const pinned = useStore(pinnedKey);
  const [fileName, setFileName] = useState<string | undefined>();
  const [outcome, setOutcome] = useState<CheckOutcome | undefined>();
  const [busy, setBusy] = useState(false);
  const [dragging, setDragging] = useState(false);
  const [thresholds, setThresholds] = useState<Record<string, number>>(Object.fromEntries(SHARE_CLAIMS.map((c) => [c.kind, c.start])));

  const check = async (file: File) => {
    setFileName(file.name);
    setOutcome(undefined);
    if (!pinned) {
      setOutcome({ ok: false, code: 'no_pinned_key', message: 'Pin the log key first (below): a bundle is only as trustworthy as the key it is checked against.' });
      return;
    }
    setBusy(true);
    try {
      const text = await file.text();
      const { checkBundle } = await import('../verifier.js');
      setOutcome(await checkBundle(text, pinned, claimsFor(thresholds)));
    } catch (err) {
      setOutcome({ ok: false, code: 'internal', message: (err as Error).message });
    } finally {
      setBusy(false);
    }
  };

  const changeThreshold = async (kind: string, value: number) => {
    const next = { ...thresholds, [kind]: value };
    setThresholds(next);
    if (outcome?.ok) {
      const { recheckClaims } = await import('../verifier.js');
      setOutcome({ ...outcome, claims: await recheckClaims(outcome.verified, claimsFor(next)(outcome.verified)) });
    }
  };

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    const file = e.dataTransfer?.files[0];
    if (file) void check(file);
  };

  return (
    <div class="view checker">
      <h2 tabIndex={-1}>Check a claim</h2>
      <p class="lede">
        Drop an audit bundle (<code>tally-bundle/v1</code>, from <code>tally bundle</code> or a supplier) to see whether its batch's
        figures hold. It is verified here, in your browser, with the Tally SDK against the log key you pinned.{' '}
        <strong>Nothing of the file is sent to the server.</strong>
      </p>
      <div
        class={`drop ${dragging ? 'dragging' : ''}`}
        data-testid="drop-zone"
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
      >
        <label for="bundle-file">Choose a bundle file, or drop it here</label>
        <input
          id="bundle-file"
          type="file"
          accept=".json,application/json"
          onChange={(e) => {
            const input = e.target as HTMLInputElement;
            const file = input.files?.[0];
            // Cleared, so choosing the same file again (after pinning a key, say) checks it again.
            input.value = '';
            if (file) void check(file);
          }}
        />
        <p class="hint">
          Passports (UNTP Digital Product Passports, protocol 1.1 section 6.3) will be checked here too: extension point, not built in
          this version.
        </p>
      </div>
      <div aria-live="polite" data-testid="check-result">
        {busy ? <p class="loading">Verifying {fileName}…</p> : null}
        {outcome && !outcome.ok ? <Refusal outcome={outcome} fileName={fileName} /> : null}
        {outcome?.ok ? <Verified outcome={outcome} fileName={fileName} thresholds={thresholds} onThreshold={changeThreshold} /> : null}
      </div>
      <LogKeyPanel log={log} />
    </div>
  );
}

function Refusal({ outcome, fileName }: { outcome: Extract<CheckOutcome, { ok: false }>; fileName: string | undefined }) {
  return (
    <div class="alarm verdict refused" role="alert" data-testid="refused">
      <h3>✗ Refused{outcome.seq !== undefined ? `: entry ${outcome.seq}` : ''}</h3>
      <p>
        {fileName ? <>The file {fileName} does not verify. </> : null}
        {outcome.message}
      </p>
      <p class="note">
        code <code data-testid="refusal-code">{outcome.code}</code>
        {outcome.path ? (
          <>
            {' '}
            at <code>{outcome.path.join('.')}</code>
          </>
        ) : null}
      </p>
      <p>No figure from this file can be relied on.</p>
    </div>
  );
}

function Verified({
  outcome,
  fileName,
  thresholds,
  onThreshold,
}: {
  outcome: Extract<CheckOutcome, { ok: true }>;
  fileName: string | undefined;
  thresholds: Record<string, number>;
  onThreshold: (kind: string, value: number) => void;
}) {
  const { verified, claims } = outcome;
  const { batch, provenance, checkpoint } = verified;
  const labels = new Map<string, string>([...SHARE_CLAIMS, ...BOOLEAN_CLAIMS].map((c) => [c.kind, c.label]));
  return (
    <div class="verdict verified" data-testid="verified">
      <h3 class="ok">✓ Verified: batch {batch.id}</h3>
      <p>
        {fileName ? <>{fileName}: </> : null}
        {verified.seqs.length} entries, each proven in the log of {checkpoint.size.toLocaleString('en-GB')} entries signed by your pinned
        key.
      </p>
      <dl class="facts">
        <dt>Batch</dt>
        <dd data-testid="verified-batch">{batch.id}</dd>
        <dt>What it is</dt>
        <dd>
          {batch.material} {batch.form}
          {batch.grade ? `, ${batch.grade}` : ''}
        </dd>
        <dt>Mass</dt>
        <dd data-grams={batch.massG}>{formatMass(batch.massG)}</dd>
        <dt>Status</dt>
        <dd>
          {batch.status}, held by {batch.custodian} at {batch.site}
        </dd>
        <dt>Custody countries</dt>
        <dd>{batch.custodyCountries.join(', ') || 'none'}</dd>
        <dt>Recycled</dt>
        <dd data-testid="verified-recycled">
          {formatMass(provenance.recycledG)} ({formatShare(provenance.shares.recycled)}), model {provenance.model}
        </dd>
      </dl>
      <CompositionChart parts={batch.composition} caption={`Composition of ${batch.id}, by origin`} />
      <div class="scroll">
      <table class="claims" data-testid="claims">
        <caption>Claims, as of the checkpoint of size {claims.asOf.size}</caption>
        <thead>
          <tr>
            <th scope="col">claim</th>
            <th scope="col">at least</th>
            <th scope="col" class="num">figure</th>
            <th scope="col">model</th>
            <th scope="col">verdict</th>
          </tr>
        </thead>
        <tbody>
          {claims.results.map((r) => {
            const material = (r as { material?: string }).material;
            const id = `threshold-${r.kind}${material ? '-' + material : ''}`;
            return (
              <tr data-testid={`claim-${r.kind}${material ? '-' + material : ''}`}>
                <th scope="row">
                  {labels.get(r.kind) ?? r.kind}
                  {material ? ` (${material})` : ''}
                </th>
                <td>
                  {r.atLeast !== undefined && !material ? (
                    <>
                      <label class="sr-only" for={id}>
                        threshold for {labels.get(r.kind)} in percent
                      </label>
                      <input
                        id={id}
                        class="pct"
                        type="number"
                        min={0}
                        max={100}
                        step={1}
                        value={Math.round((thresholds[r.kind] ?? 0) * 100)}
                        onChange={(e) => onThreshold(r.kind, Math.min(100, Math.max(0, Number((e.target as HTMLInputElement).value))) / 100)}
                      />
                      %
                    </>
                  ) : r.atLeast !== undefined ? (
                    formatShare(r.atLeast)
                  ) : (
                    '—'
                  )}
                </td>
                <td class="num">{r.share !== undefined ? formatShare(r.share) : '—'}</td>
                <td>{r.model}</td>
                <td class={r.holds ? (r.conclusive ? 'ok' : 'warn') : 'alarm-text'}>
                  {r.holds ? (r.conclusive ? '✓ holds' : '✓ holds, inconclusive') : '✗ does not hold'}
                  {r.note ? <span class="note"> {r.note}</span> : null}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      </div>
      <div class="grid">
        <section>
          <h4>What this bundle proves</h4>
          <ul>
            <li>
              The checkpoint of size {checkpoint.size} (root <code class="hash">{checkpoint.rootHash}</code>) is signed by the log key you
              pinned.
            </li>
            <li>Each of its {verified.seqs.length} entries is in that tree (RFC 9162 inclusion proofs) and chains to its predecessor where both are present.</li>
            <li>Every event is signed by a key its participant held at that position in the log.</li>
            <li>Replaying the custody rules over these entries alone gives exactly the batch and figures shown above.</li>
          </ul>
        </section>
        <section>
          <h4>What it does not prove</h4>
          <ul>
            {verified.limits.map((limit) => (
              <li>{limit}</li>
            ))}
            <li>That the events are true: a signature makes a weighbridge reading attributable, not correct.</li>
          </ul>
        </section>
      </div>
    </div>
  );
}
