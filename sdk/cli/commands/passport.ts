import { readFileSync, writeFileSync } from 'node:fs';
import { isTallyError } from '../../../ledger/errors.js';
import { readKeyFile } from '../../node/key-file.js';
import { nodeVerify, nodeVerifyOnPool } from '../../node-verify.js';
import { nodeHashes } from '../../node-hashes.js';
import { nodeSubgroupCheck } from '../../node-subgroup.js';
import { issuePassport, verifyPassport } from '../../passport.js';
import { CONNECTION_OPTIONS, clientFor, problemResult, readJsonFile, requiredOption, stringOption, UsageError, type Command, type ParsedArgs } from '../context.js';

const USAGE = [
  'tally passport issue <batch> --out <jwt-file> --key <keyfile> --as <custodian> [--size N] [--url <server>] [--json]',
  '       tally passport verify <jwt-file> --log-key <verifier key> [--bundle <bundle.json> | --url <server> --key <keyfile> --as <participant>] [--json]',
].join('\n');

/** Fetches the unsigned passport as the custodian and secures it as VC-JOSE with the same key. */
async function issue(args: ParsedArgs) {
  const [, batch] = args.positionals;
  const out = stringOption(args, 'out');
  if (!batch || out === undefined) throw new UsageError(`usage: ${USAGE}`);
  const key = readKeyFile(requiredOption(args, 'key'));
  const size = stringOption(args, 'size');
  const { data, error } = await clientFor(args).GET('/v1/batches/{id}/passport', {
    params: { path: { id: batch }, query: size === undefined ? {} : { size: Number(size) } },
    parseAs: 'json',
  });
  if (error) return problemResult(error);
  const passport = data as Record<string, unknown>;
  const jws = issuePassport(passport, key.secretKey);
  writeFileSync(out, jws + '\n');
  const evidence = (passport.evidence as Array<{ treeSize: number }>)[0]!;
  return { json: { ok: true, file: out, batch, treeSize: evidence.treeSize }, text: `wrote ${out}: passport of ${batch} pinned at tree size ${evidence.treeSize}, signed as ${(passport.issuer as { id: string }).id}` };
}

/** The bundle the passport pins, from the server (its evidence names the size). */
async function fetchPinnedBundle(args: ParsedArgs, jws: string): Promise<unknown> {
  const payload = JSON.parse(Buffer.from(jws.split('.')[1] ?? '', 'base64url').toString('utf8')) as { evidence?: Array<{ id?: string; treeSize?: number }> };
  const evidence = payload.evidence?.find((e) => typeof e.id === 'string');
  const m = evidence?.id && /\/v1\/batches\/([^/?]+)\/bundle\?size=(\d+)$/.exec(evidence.id);
  if (!m) throw new UsageError('the passport names no bundle to fetch: give --bundle');
  const { data, error } = await clientFor(args).GET('/v1/batches/{id}/bundle', { params: { path: { id: m[1]! }, query: { size: Number(m[2]) } } });
  if (error) throw Object.assign(new Error(`fetching the pinned bundle: ${error.code}: ${error.detail}`), { code: error.code });
  return data;
}

async function verify(args: ParsedArgs) {
  const [, file] = args.positionals;
  if (!file) throw new UsageError(`usage: ${USAGE}`);
  const logKey = requiredOption(args, 'log-key');
  let jws: string;
  try {
    jws = readFileSync(file, 'utf8').trim();
  } catch (err) {
    throw new UsageError(`cannot read ${file}: ${(err as Error).message}`);
  }
  const bundleFile = stringOption(args, 'bundle');
  try {
    const bundle = bundleFile !== undefined ? readJsonFile(bundleFile) : await fetchPinnedBundle(args, jws);
    const v = await verifyPassport(jws, bundle, logKey, { verify: nodeVerify, checkAhead: nodeVerifyOnPool, subgroupCheck: nodeSubgroupCheck, hashes: nodeHashes });
    const materials = (v.passport.credentialSubject as { materialsProvenance: Array<{ name: string; originCountry: string; massFraction: number; recycledMassFraction: number }> }).materialsProvenance;
    const lines = [
      `VALID passport of ${v.bundle.batch.id}, signed by ${v.kid}`,
      `  a key custodian ${v.custodian} held at tree size ${v.bundle.checkpoint.size}; every figure recomputed from the bundle`,
      ...materials.map((m) => `  ${m.name} from ${m.originCountry}: ${(m.massFraction * 100).toFixed(2)}% of the batch, ${(m.recycledMassFraction * 100).toFixed(2)}% recycled`),
    ];
    return { json: { ok: true, batch: v.bundle.batch.id, kid: v.kid, custodian: v.custodian, treeSize: v.bundle.checkpoint.size }, text: lines.join('\n') };
  } catch (err) {
    if (!isTallyError(err)) throw err;
    return { json: { ok: false, code: err.code, message: err.message, path: err.path }, text: `INVALID passport: [${err.code}] ${err.message}`, exitCode: 1 };
  }
}

export const passport: Command = {
  name: 'passport',
  summary: 'Issue (sign as VC-JOSE) or verify a UNTP Digital Product Passport of a batch',
  usage: USAGE,
  examples: [
    'tally passport issue cells-2026-w30 --out cells.passport.jwt',
    'tally passport verify cells.passport.jwt --log-key "$TALLY_LOG_KEY" --bundle cells.bundle.json',
  ],
  details: [
    'issue: the server builds the passport from the batch\'s audit bundle at a signed tree size; you sign it as the custodian.',
    'verify: checks the signature, that the key was the custodian\'s at that size (from the bundle), and every figure against the bundle.',
  ],
  options: {
    ...CONNECTION_OPTIONS,
    out: { type: 'string' },
    size: { type: 'string' },
    bundle: { type: 'string' },
    'log-key': { type: 'string', default: process.env.TALLY_LOG_KEY },
  },
  async run(args) {
    const [action] = args.positionals;
    if (action === 'issue') return issue(args);
    if (action === 'verify') return verify(args);
    throw new UsageError(`usage: ${USAGE}`);
  },
};
