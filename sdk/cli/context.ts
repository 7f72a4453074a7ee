import { readFileSync } from 'node:fs';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { keyIdOf } from '../../ledger/crypto/keys.js';
import { createTallyClient, type TallyApi } from '../client.js';
import { readKeyFile } from '../node/key-file.js';

/** A command's outcome: what to print (human or JSON) and the exit code. */
export interface CommandResult {
  json: unknown;
  text: string;
  exitCode?: number;
}

export interface Command {
  name: string;
  summary: string;
  usage: string;
  options: NonNullable<ParseArgsConfig['options']>;
  run(args: ParsedArgs): Promise<CommandResult>;
}

export interface ParsedArgs {
  values: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
}

/** Flags every networked command takes. */
export const CONNECTION_OPTIONS = {
  url: { type: 'string', default: process.env.TALLY_URL ?? 'http://127.0.0.1:8080' },
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

export function requiredOption(args: ParsedArgs, name: string): string {
  const value = stringOption(args, name);
  if (value === undefined) throw new UsageError(`--${name} is required`);
  return value;
}

/** The typed client, signing requests as `--as` with `--key` when both are given. */
export function clientFor(args: ParsedArgs): TallyApi {
  const baseUrl = requiredOption(args, 'url').replace(/\/+$/, '');
  const keyPath = stringOption(args, 'key');
  const participant = stringOption(args, 'as');
  if ((keyPath === undefined) !== (participant === undefined)) throw new UsageError('--key and --as go together');
  if (keyPath === undefined || participant === undefined) return createTallyClient({ baseUrl });
  const key = readKeyFile(keyPath);
  return createTallyClient({ baseUrl, signer: { participant, keyId: keyIdOf(key.publicKey), secretKey: key.secretKey } });
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
  const p = error as { code?: string; detail?: string; status?: number };
  return { json: { ok: false, problem: error }, text: `refused: ${p.status ?? ''} ${p.code ?? 'error'}: ${p.detail ?? JSON.stringify(error)}`, exitCode: 1 };
}
