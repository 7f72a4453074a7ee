import { resolve } from 'node:path';
import { z } from 'zod';
import { TallyError } from '../ledger/errors.js';
import { isValidKeyName } from '../ledger/log/note-verifier.js';
import { countrySchema } from '../schemas/primitives.js';
import { parseWitnessList, type ConfiguredWitness } from '../ledger/witness/witness-list.js';
import { DEFAULT_HEAVY_READS, type HeavyReadLimits } from './heavy-reads.js';
import { DEFAULT_PINNED_BUNDLE_CACHE_BYTES } from './pinned-bundles.js';

/**
 * How long a group commit may wait for the clients the one before it answered, by default
 * (TALLY_COMMIT_LINGER_US; ledger/store/commit-linger.ts says why and when it waits).
 */
export const DEFAULT_COMMIT_LINGER_US = 1000;

/** Settings from the environment (SPEC section 8); anything invalid stops the start with a reason. */
const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().min(1).default('127.0.0.1'),
  TALLY_DATA_DIR: z.string().min(1).default('./data'),
  // The origin is the log key's name in every checkpoint's signature line (C2SP signed-note):
  // no spaces and no "+", which separates the fields of a verifier key string.
  TALLY_ORIGIN: z
    .string()
    .regex(/^[\x21-\x7e]+$/, 'printable ASCII without spaces')
    .refine(isValidKeyName, 'not a valid signed-note key name (no spaces, no "+")')
    .default('localhost/tally'),
  TALLY_HOME_COUNTRY: countrySchema.default('GB'),
  TALLY_REGISTRAR_KEY: z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'base64url Ed25519 public key').optional(),
  TALLY_BACKGROUND_CHECK: z.enum(['0', '1']).default('0'),
  TALLY_WITNESSES: z.string().default(''),
  TALLY_HELPER_THREAD_NICE: z.coerce.number().int().min(0).max(19).default(10),
  TALLY_COMMIT_LINGER_US: z.coerce.number().int().min(0).max(100_000).default(DEFAULT_COMMIT_LINGER_US),
  TALLY_HEAVY_READS: z.coerce.number().int().min(0).max(64).default(DEFAULT_HEAVY_READS.running),
  TALLY_HEAVY_READS_QUEUE: z.coerce.number().int().min(0).max(10_000).default(DEFAULT_HEAVY_READS.waiting),
  TALLY_PINNED_BUNDLE_CACHE_MB: z.coerce.number().int().min(0).max(65_536).default(DEFAULT_PINNED_BUNDLE_CACHE_BYTES / 2 ** 20),
});

/**
 * Witnesses, the commit linger, the heavy-read limits and the pinned-bundle budget are optional
 * for callers that build a config in code (tests, the demo; all but the witnesses then have their
 * defaults); thread priorities are the process's business (api/main.ts), not a server's.
 */
export type ServerConfig = Omit<ReturnType<typeof readConfig>, 'witnesses' | 'helperThreadNice' | 'commitLingerMs' | 'heavyReads' | 'pinnedBundleCacheBytes'> & {
  witnesses?: ConfiguredWitness[];
  commitLingerMs?: number;
  heavyReads?: HeavyReadLimits;
  pinnedBundleCacheBytes?: number;
};

/** @throws TallyError `config_invalid`, naming the variable */
export function readConfig(env: NodeJS.ProcessEnv) {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new TallyError('config_invalid', `invalid setting ${issue.path.join('.')}: ${issue.message}`);
  }
  const c = parsed.data;
  return {
    port: c.PORT,
    host: c.HOST,
    dataDir: resolve(c.TALLY_DATA_DIR),
    origin: c.TALLY_ORIGIN,
    homeCountry: c.TALLY_HOME_COUNTRY,
    registrarKey: c.TALLY_REGISTRAR_KEY,
    backgroundCheck: c.TALLY_BACKGROUND_CHECK === '1',
    /** SPEC 5.1: the witnesses every new checkpoint is submitted to. */
    witnesses: parseWitnessList(c.TALLY_WITNESSES),
    /** How many nice levels below the request thread `npm start` puts its other threads (helper-threads.ts). */
    helperThreadNice: c.TALLY_HELPER_THREAD_NICE,
    /** The longest a group commit waits for the clients the one before it answered (ledger/store/commit-linger.ts), in ms. */
    commitLingerMs: c.TALLY_COMMIT_LINGER_US / 1000,
    /** How many bundles, passports, DTEs and EPCIS documents are prepared at once, and how many more wait (api/heavy-reads.ts). */
    heavyReads: { running: c.TALLY_HEAVY_READS, waiting: c.TALLY_HEAVY_READS_QUEUE } satisfies HeavyReadLimits,
    /** Bytes of bundles pinned to a size kept once served (api/pinned-bundles.ts); 0 keeps none. */
    pinnedBundleCacheBytes: c.TALLY_PINNED_BUNDLE_CACHE_MB * 2 ** 20,
  };
}
