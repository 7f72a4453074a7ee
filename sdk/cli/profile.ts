import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';

/**
 * Who the CLI acts as and where, so a recycler types neither `--key` nor `--as` on every
 * command. Each setting comes from the first of: the flag, the environment (`TALLY_URL`,
 * `TALLY_KEY`, `TALLY_AS`, `TALLY_LOG_KEY`), the profile file `tally login` wrote, the default.
 */
export interface Profile {
  url?: string;
  /** Absolute path of the key file. */
  key?: string;
  as?: string;
  /** The log's verifier key string, pinned. */
  logKey?: string;
}

export const DEFAULT_URL = 'http://127.0.0.1:8080';

/** `TALLY_PROFILE`, or `tally/profile.json` under the XDG config directory. */
export function profilePath(env: NodeJS.ProcessEnv = process.env): string {
  return env.TALLY_PROFILE || join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'tally', 'profile.json');
}

export function readProfile(env: NodeJS.ProcessEnv = process.env): Profile {
  const path = profilePath(env);
  if (!existsSync(path)) return {};
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Profile;
  } catch (err) {
    throw new Error(`cannot read the profile ${path} (written by tally login): ${(err as Error).message}`);
  }
}

/** Writes the profile readable by its owner only (mode 0600), replacing any earlier one. */
export function writeProfile(profile: Profile, env: NodeJS.ProcessEnv = process.env): string {
  const path = profilePath(env);
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  writeFileSync(path, JSON.stringify(profile, null, 2) + '\n', { mode: 0o600 });
  chmodSync(path, 0o600); // an existing file keeps its mode on write
  return path;
}

const ENV_NAMES = { url: 'TALLY_URL', key: 'TALLY_KEY', as: 'TALLY_AS', logKey: 'TALLY_LOG_KEY' } as const;

/** One setting: the flag's value, else the environment's, else the profile's. */
export function setting(name: keyof Profile, flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string | undefined {
  return flag ?? (env[ENV_NAMES[name]] || undefined) ?? readProfile(env)[name];
}
