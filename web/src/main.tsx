import { render, type ComponentType } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { need, publicApi, type Schemas } from './api.js';
import { ForkAlarm } from './fork-alarm.js';
import { refreshCheckpoint } from './log-watch.js';
import { useStore } from './store.js';
import { loadPin, pinnedKey } from './trust.js';
import { Dashboard } from './views/dashboard.js';

/** Props every view gets: the log as the server describes it (`GET /v1/log`). */
export interface ViewProps {
  log: Schemas['LogInfo'];
}

type Loader = () => Promise<ComponentType<ViewProps>>;

/**
 * Views by hash route. The dashboard is in the first bundle; the claim checker and the workspace
 * are loaded when first opened (they bring the verifier and the signer).
 */
const ROUTES: Array<{ hash: string; label: string; load: Loader }> = [
  { hash: '#/', label: 'Dashboard', load: async () => Dashboard },
  { hash: '#/check', label: 'Check a claim', load: async () => (await import('./views/checker.js')).Checker },
  { hash: '#/workspace', label: 'Participant workspace', load: async () => (await import('./views/workspace.js')).Workspace },
];

function routeOf(hash: string) {
  const path = hash.split('?')[0] || '#/';
  return ROUTES.find((r) => r.hash === path) ?? ROUTES[0]!;
}

function App() {
  const [hash, setHash] = useState(location.hash || '#/');
  const [log, setLog] = useState<Schemas['LogInfo'] | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [View, setView] = useState<ComponentType<ViewProps> | undefined>();
  const main = useRef<HTMLElement>(null);
  const pinned = useStore(pinnedKey);
  const route = routeOf(hash);

  useEffect(() => {
    const onHash = () => setHash(location.hash || '#/');
    addEventListener('hashchange', onHash);
    need(publicApi.GET('/v1/log'))
      .then((info) => {
        loadPin(info.origin);
        setLog(info);
      })
      .catch((err: Error) => setError(err.message));
    return () => removeEventListener('hashchange', onHash);
  }, []);

  useEffect(() => {
    let live = true;
    setView(undefined);
    route
      .load()
      .then((view) => live && setView(() => view))
      .catch((err: Error) => live && setError(`could not load this view: ${err.message}`));
    document.title = `${route.label} · Tally explorer`;
    return () => {
      live = false;
    };
  }, [route]);

  // The browser's own check of the log, on every visit and whenever the trusted key changes.
  useEffect(() => {
    if (log) void refreshCheckpoint(pinned ?? log.logKey);
  }, [log, pinned]);

  // After navigation (not on the first load, which starts at the top of the page), move focus to
  // the new view's heading so keyboard and screen reader users land there.
  const firstView = useRef(true);
  useEffect(() => {
    if (!View || !log) return;
    if (firstView.current) {
      firstView.current = false;
      performance.mark('tally:interactive'); // bench/explorer-load.ts reads it
    }
    else main.current?.querySelector<HTMLElement>('h2')?.focus();
  }, [View, log]);

  return (
    <>
      <header class="top">
        <div class="brand">
          <span class="logo" aria-hidden="true">
            ▦
          </span>{' '}
          Tally explorer
          {log ? <span class="origin"> · {log.origin}</span> : null}
        </div>
        <nav aria-label="Views">
          <ul>
            {ROUTES.map((r) => (
              <li>
                <a href={r.hash} aria-current={r === route ? 'page' : undefined}>
                  {r.label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      </header>
      <main id="main" ref={main}>
        <ForkAlarm />
        {error ? (
          <p class="alarm" role="alert">
            {error}
          </p>
        ) : !log || !View ? (
          <p class="loading" aria-live="polite">
            Loading…
          </p>
        ) : (
          <View log={log} />
        )}
      </main>
      <footer class="foot">
        Every figure here comes from the Tally server that served this page; every check runs in your browser. API:{' '}
        <a href="/docs">/docs</a>
      </footer>
    </>
  );
}

const root = document.getElementById('app')!;
root.textContent = ''; // the static "Loading…" shown before this script ran
render(<App />, root);
