/**
 * `npm start`: Tally on the embedded LevelDB store, configured by the environment (SPEC section 8).
 * SIGTERM and SIGINT stop it gracefully: in-flight appends finish and are acknowledged first.
 */
import { readConfig } from './config.js';
import { lowerHelperThreads } from './helper-threads.js';
import { stdoutSink } from './request-log.js';
import { startServer } from './server.js';

/** Printed on stderr when the registrar's secret key was generated on (and so sits on) the server. */
function registrarKeyWarning(path: string): string {
  const rule = '!'.repeat(78);
  return [
    rule,
    `WARNING: the registrar's SECRET key is on this server: ${path}`,
    'Whoever can read it can admit participants and change their keys. For a real ledger, make the',
    'registrar key on the operator\'s own machine (`tally init-registrar --out registrar.json`),',
    'start the server on a fresh data directory with TALLY_REGISTRAR_KEY=<its public key>, and',
    'keep the key file off the server. Set TALLY_REGISTRAR_KEY to silence this warning.',
    rule,
  ].join('\n');
}

async function main(): Promise<void> {
  const config = readConfig(process.env);
  const running = await startServer(config, stdoutSink);
  const stop = (signal: string) => {
    stdoutSink({ t: new Date().toISOString(), msg: 'shutting down', signal });
    running.close().then(
      () => process.exit(0),
      (err) => {
        console.error(err);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
  if (running.registrarKeyPath) console.error(registrarKeyWarning(running.registrarKeyPath));
  const { origin, homeCountry, size } = running.ledger.logInfo();
  // The store is open and the thread pool running: every helper thread there will be exists now.
  const helperThreadsLowered = lowerHelperThreads(config.helperThreadNice);
  stdoutSink({ t: new Date().toISOString(), msg: 'tally listening', url: running.url, origin, homeCountry, size, dataDir: config.dataDir, helperThreadsLowered });
  // The string clients pin to verify checkpoints and bundles offline; also in log-key.pub.
  stdoutSink({ t: new Date().toISOString(), msg: 'log verifier key (give it to clients out of band)', logKey: running.logKey, file: running.logKeyPath });
}

main().catch((err: Error & { code?: string }) => {
  // A refused start (corrupt store, settings that differ from genesis, a busy port) says why and exits non-zero.
  console.error(`tally: cannot start: ${err.code ? `[${err.code}] ` : ''}${err.message}`);
  process.exit(1);
});
