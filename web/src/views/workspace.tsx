import { useEffect, useMemo, useState } from 'preact/hooks';
import type { ViewProps } from '../main.js';
import { need, publicApi, signedApi, type Schemas } from '../api.js';
import { participantWithKey, readKeyFile, session, signerOf, type Session } from '../session.js';
import { useStore } from '../store.js';
import { formatMass } from '../units.js';
import { BatchDetail } from './batch-detail.js';
import { heldBatches, type HeldBatches } from './held-batches.js';
import { ExportForm, ReceiveForm, RegisterForm, RetireForm, TransferForm, TransformForm, type FormProps } from '../forms/event-forms.js';

const FORMS = [
  { key: 'register', label: 'Register', Form: RegisterForm },
  { key: 'transfer', label: 'Transfer', Form: TransferForm },
  { key: 'receive', label: 'Receive', Form: ReceiveForm },
  { key: 'transform', label: 'Transform', Form: TransformForm },
  { key: 'export', label: 'Export', Form: ExportForm },
  { key: 'retire', label: 'Retire', Form: RetireForm },
] as const;

function batchFromHash(): string | undefined {
  const query = location.hash.split('?')[1];
  return query ? (new URLSearchParams(query).get('batch') ?? undefined) : undefined;
}

/**
 * The participant workspace: load a key file into the page, see the batches held, open one
 * (provenance, lineage graph), and do the daily jobs with forms that sign events here.
 */
export function Workspace({ log }: ViewProps) {
  const current = useStore(session);
  return (
    <div class="view workspace">
      <h2 tabIndex={-1}>Participant workspace</h2>
      {current ? <Working log={log} session={current} /> : <KeyLoader />}
    </div>
  );
}

function KeyLoader() {
  const [error, setError] = useState<string | undefined>();
  const load = async (file: File) => {
    setError(undefined);
    try {
      const key = readKeyFile(await file.text());
      const { participants } = await need(publicApi.GET('/v1/participants'));
      const participant = participantWithKey(participants, key.keyId);
      if (!participant) throw new Error(`no participant of this ledger holds key ${key.keyId}: ask the registrar to register it`);
      session.set({ participant, keyId: key.keyId, secretKey: key.secretKey });
    } catch (err) {
      setError((err as Error).message);
    }
  };
  return (
    <section class="card" aria-labelledby="key-load-heading">
      <h3 id="key-load-heading">Load your key</h3>
      <p>
        <strong>Your key stays in this page.</strong> The key file is read into this page's memory only: it is never uploaded and never
        stored, and reloading the page forgets it. Events and requests are signed here; only the signatures leave the browser.
      </p>
      <div class="field">
        <label for="key-file">Key file (from tally keygen)</label>
        <input
          id="key-file"
          type="file"
          accept=".json,application/json"
          aria-describedby={error ? 'key-file-error' : undefined}
          onChange={(e) => {
            const input = e.target as HTMLInputElement;
            const file = input.files?.[0];
            input.value = '';
            if (file) void load(file);
          }}
        />
        {error ? (
          <p id="key-file-error" class="field-error" role="alert">
            {error}
          </p>
        ) : null}
      </div>
    </section>
  );
}

function Working({ log, session: s }: { log: Schemas['LogInfo']; session: Session }) {
  const api = useMemo(() => signedApi(signerOf(s)), [s]);
  const [selected, setSelected] = useState<string | undefined>(batchFromHash());
  const [form, setForm] = useState<(typeof FORMS)[number]['key']>('register');
  const [held, setHeld] = useState<HeldBatches | undefined>();
  const [directory, setDirectory] = useState<Array<Schemas['Participant']>>([]);
  const [version, setVersion] = useState(0);
  const [openId, setOpenId] = useState('');

  useEffect(() => {
    const onHash = () => setSelected(batchFromHash());
    addEventListener('hashchange', onHash);
    need(publicApi.GET('/v1/participants')).then((d) => setDirectory(d.participants), () => setDirectory([]));
    return () => removeEventListener('hashchange', onHash);
  }, []);

  useEffect(() => {
    heldBatches(api, s.participant.id).then(setHeld, (err: Error) => setHeld({ kind: 'error', message: err.message }));
  }, [api, version]);

  const batches = held?.kind === 'ok' ? held.batches : [];
  const formProps: FormProps = {
    session: s,
    ledger: log.origin,
    directory,
    batches,
    onAppended: () => setVersion((v) => v + 1),
  };
  const Active = FORMS.find((f) => f.key === form)!.Form;

  return (
    <>
      <section class="card who" aria-label="Signed in as">
        <p>
          Working as <strong data-testid="working-as">{s.participant.name}</strong> ({s.participant.id}, {s.participant.roles.join(', ')}) with key{' '}
          <code>{s.keyId}</code>, held in this page only.{' '}
          <button type="button" class="secondary" onClick={() => session.set(undefined)}>
            Forget the key
          </button>
        </p>
      </section>
      <div class="grid">
        <section class="card" aria-labelledby="mine-heading">
          <h3 id="mine-heading">My batches</h3>
          <HeldList held={held} me={s.participant.id} />
          <form
            class="row"
            onSubmit={(e) => {
              e.preventDefault();
              if (openId.trim()) location.hash = `#/workspace?batch=${encodeURIComponent(openId.trim())}`;
            }}
          >
            <label for="open-batch">Open a batch by id</label>
            <input id="open-batch" value={openId} onInput={(e) => setOpenId((e.target as HTMLInputElement).value)} autocomplete="off" />
            <button type="submit">Open</button>
          </form>
        </section>
        <section class="card" aria-labelledby="jobs-heading">
          <h3 id="jobs-heading">Record an event</h3>
          <div class="tabs" role="group" aria-label="Event type">
            {FORMS.map((f) => (
              <button type="button" aria-pressed={f.key === form ? 'true' : 'false'} onClick={() => setForm(f.key)} data-testid={`tab-${f.key}`}>
                {f.label}
              </button>
            ))}
          </div>
          <Active key={form} {...formProps} />
        </section>
      </div>
      {selected ? <BatchDetail api={api} id={selected} version={version} /> : null}
    </>
  );
}

function HeldList({ held, me }: { held: HeldBatches | undefined; me: string }) {
  if (!held) return <p class="loading">Loading…</p>;
  if (held.kind === 'error') return <p class="warn">Could not list your batches: {held.message}</p>;
  if (held.batches.length === 0) return <p class="empty">You hold no batches yet.</p>;
  return (
    <div class="scroll">
    <table class="batch-list" data-testid="held-batches">
      <thead>
        <tr>
          <th scope="col">batch</th>
          <th scope="col">what</th>
          <th scope="col" class="num">mass</th>
          <th scope="col">status</th>
        </tr>
      </thead>
      <tbody>
        {held.batches.map((b) => (
          <tr data-testid={`held-${b.id}`}>
            <th scope="row">
              <a href={`#/workspace?batch=${encodeURIComponent(b.id)}`}>{b.id}</a>
            </th>
            <td>
              {b.material} {b.form}
            </td>
            <td class="num">{formatMass(b.massG)}</td>
            <td>{b.status === 'in-transit' ? (b.transit?.to === me ? 'arriving: receive it' : `in transit to ${b.transit?.to}`) : b.status}</td>
          </tr>
        ))}
      </tbody>
    </table>
    </div>
  );
}
