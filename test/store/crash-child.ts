/**
 * Child process of the crash test: opens the LevelDB ledger in argv[2] and appends participant
 * registrations under concurrent load until it is killed, printing `ack <seq> <hash> <id>` for
 * each submission the ledger acknowledged. Keys come from the parent in the environment.
 */
import { fromHex } from '../../ledger/encoding/bytes.js';
import { Ledger } from '../../ledger/store/ledger.js';
import { LevelBackend } from '../../ledger/store/level-backend.js';
import { registerParticipant } from '../support/ledger-fixtures.js';

const [dir, round] = process.argv.slice(2) as [string, string];
const env = (name: string) => fromHex(process.env[name] ?? '');
const settings = {
  origin: 'crash.test/log',
  homeCountry: 'GB',
  logKey: { secretKey: env('CRASH_LOG_SECRET'), publicKey: env('CRASH_LOG_PUBLIC') },
  registrar: { publicKey: env('CRASH_REGISTRAR_PUBLIC') },
  registrarKey: { secretKey: env('CRASH_REGISTRAR_SECRET'), publicKey: env('CRASH_REGISTRAR_PUBLIC') },
};
const participantKey = env('CRASH_PARTICIPANT_PUBLIC');

const ledger = await Ledger.open(await LevelBackend.open(dir), settings);
process.stdout.write(`open ${ledger.size}\n`);

const CONCURRENCY = 24;
let next = 0;
async function worker(): Promise<void> {
  for (;;) {
    const id = `r${round}-${next++}`;
    const { seq, hash } = await ledger.submit(registerParticipant(settings, id, participantKey));
    process.stdout.write(`ack ${seq} ${hash} ${id}\n`);
  }
}
await Promise.all(Array.from({ length: CONCURRENCY }, worker));
