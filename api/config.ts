import { resolve } from 'node:path';
import { z } from 'zod';
import { TallyError } from '../ledger/errors.js';
import { isValidKeyName } from '../ledger/log/note-verifier.js';

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
  TALLY_HOME_COUNTRY: z.string().regex(/^[A-Z]{2}$/, 'ISO 3166-1 alpha-2').default('GB'),
  TALLY_REGISTRAR_KEY: z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'base64url Ed25519 public key').optional(),
  TALLY_BACKGROUND_CHECK: z.enum(['0', '1']).default('0'),
});

export type ServerConfig = ReturnType<typeof readConfig>;

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
  };
}
