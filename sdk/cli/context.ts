import { existsSync, readFileSync } from 'node:fs';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { keyIdOf } from '../../ledger/crypto/keys.js';
import { createTallyClient, type TallyApi } from '../client.js';
import { readKeyFile, type KeyPair } from '../node/key-file.js';
import { DEFAULT_URL, setting } from './profile.js';

/** A command's outcome: what to print (human or JSON) and the exit code. */
export interface CommandResult {
  json: unknown;
  text: string;
  exitCode?: number;
}

export interface Command {
  /** One word, or two for a group (`participant add`, `report retention`). */
  name: string;
  summary: string;
  usage: string;
  /** At least one command line that works, shown by --help. */
  examples: string[];
  /** Extra lines for --help: what the options mean, pitfalls. */
  details?: string[];
  options: NonNullable<ParseArgsConfig['options']>;
  run(args: ParsedArgs): Promise<CommandResult>;
}

export interface ParsedArgs {
  values: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
}

/** Flags every networked command takes; unset ones come from the environment or the profile. */
export const CONNECTION_OPTIONS = {
  url: { type: 'string' },
  key: { type: 'string' },
  as: { type: 'string' },
} as const;

export const COMMON_OPTIONS = {
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

/** A CLI mistake: printed as `tally: <message>` with exit code 2, never a stack trace. */
export class UsageError extends Error {}

export function parse(command: Command, argv: string[]): ParsedArgs {
  try {
    return parseArgs({ args: argv, options: { ...command.options, ...COMMON_OPTIONS }, allowPositionals: true, strict: true }) as ParsedArgs;
  } catch (err) {
    throw new UsageError(`${(err as Error).message}\nusage: ${command.usage}`);
  }
}

export function stringOption(args: ParsedArgs, name: string): string | undefined {
  const value = args.values[name];
  return typeof value === 'string' ? value : undefined;
}

export function listOption(args: ParsedArgs, name: string): string[] {
  const value = args.values[name];
  return Array.isArray(value) ? value : typeof value === 'string' ? [value] : [];
}

export function requiredOption(args: ParsedArgs, name: string, hint = ''): string {
  const value = stringOption(args, name);
  if (value === undefined) throw new UsageError(`--${name} is required${hint ? `: ${hint}` : ''}`);
  return value;
}

/** The first positional argument, or a usage error naming what it should be. */
export function positional(args: ParsedArgs, what: string, command: Command): string {
  const value = args.positionals[0];
  if (!value) throw new UsageError(`name the ${what}\nusage: ${command.usage}`);
  return value;
}

export const SIGNING_HINT = 'give --key <keyfile> --as <participant>, set TALLY_KEY and TALLY_AS, or run `tally login` once';

/** Where the server is, and who the CLI acts as (when it knows). */
export function connection(args: ParsedArgs): { url: string; keyPath?: string; participant?: string } {
  const url = (setting('url', stringOption(args, 'url')) ?? DEFAULT_URL).replace(/\/+$/, '');
  const keyPath = setting('key', stringOption(args, 'key'));
  const participant = setting('as', stringOption(args, 'as'));
  return { url, ...(keyPath ? { keyPath } : {}), ...(participant ? { participant } : {}) };
}

export function loadKey(path: string): KeyPair {
  if (!existsSync(path)) throw new UsageError(`no key file at ${path} (make one with tally keygen --out ${path})`);
  try {
    return readKeyFile(path);
  } catch (err) {
    throw new UsageError(`cannot read the key file ${path}: ${(err as Error).message}`);
  }
}

/** Who signs: the key and participant, or a usage error saying how to give them. */
export function identity(args: ParsedArgs): { participant: string; key: KeyPair } {
  const { keyPath, participant } = connection(args);
  if (!keyPath || !participant) throw new UsageError(`this command signs as a participant: ${SIGNING_HINT}`);
  return { participant, key: loadKey(keyPath) };
}

/** The typed client, signing requests when a key and a participant are known. */
export function clientFor(args: ParsedArgs): TallyApi {
  const { url, keyPath, participant } = connection(args);
  if ((keyPath === undefined) !== (participant === undefined)) {
    throw new UsageError(`${keyPath ? '--as' : '--key'} is missing: the key and the participant go together (${SIGNING_HINT})`);
  }
  if (keyPath === undefined || participant === undefined) return createTallyClient({ baseUrl: url });
  const key = loadKey(keyPath);
  return createTallyClient({ baseUrl: url, signer: { participant, keyId: keyIdOf(key.publicKey), secretKey: key.secretKey } });
}

/** An unsigned client, for public reads: works whatever the profile says about keys. */
export function publicClient(args: ParsedArgs): TallyApi {
  return createTallyClient({ baseUrl: connection(args).url });
}

export function readJsonFile(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new UsageError(`cannot read JSON from ${path}: ${(err as Error).message}`);
  }
}

/** Turns an API problem into a failed command, keeping the problem for --json. */
export function problemResult(error: unknown): CommandResult {
  const p = error as { code?: string; detail?: string; status?: number; path?: unknown[] };
  const lines = [`refused: ${p.status ?? ''} ${p.code ?? 'error'}: ${p.detail ?? JSON.stringify(error)}`];
  if (p.status === 401) lines.push(`  this read is for the parties who may see it and must be signed: ${SIGNING_HINT}`);
  if (p.status === 404 && p.code === 'not_found') lines.push('  (a batch you may not see is reported as not found, so ids do not leak)');
  return { json: { ok: false, problem: error }, text: lines.join('\n'), exitCode: 1 };
}
