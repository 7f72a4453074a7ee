/**
 * `npm start`: Tally on the embedded LevelDB store, configured by the environment (SPEC section 8).
 * SIGTERM and SIGINT stop it gracefully: in-flight appends finish and are acknowledged first.
 */
import { readConfig } from './config.js';
import { stdoutSink } from './request-log.js';
import { startServer } from './server.js';

async function main(): Promise<void> {
  const config = readConfig(process.env);
  const running = await startServer(config, stdoutSink);
  const { origin, homeCountry, size } = running.ledger.logInfo();
  stdoutSink({ t: new Date().toISOString(), msg: 'tally listening', url: running.url, origin, homeCountry, size, dataDir: config.dataDir });
  if (running.registrarKeyPath) stdoutSink({ t: new Date().toISOString(), msg: 'registrar key pair (keep it safe)', path: running.registrarKeyPath });

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
}

main().catch((err: Error & { code?: string }) => {
  // A refused start (corrupt store, settings that differ from genesis) says why and exits non-zero.
  console.error(`tally: cannot start: ${err.code ? `[${err.code}] ` : ''}${err.message}`);
  process.exit(1);
});
