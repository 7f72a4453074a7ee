/**
 * `tally fsck DATA_DIR`: the operator's offline check of a data directory (a stopped server's, or
 * a copy). Exit codes: 0 sound, 1 something is wrong (the first bad key or entry is named), 2 usage.
 * Lives beside the server rather than in the SDK's CLI because it opens the store itself.
 */
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { parseArgs } from 'node:util';
import { fsck, type FsckReport } from '../ledger/store/fsck.js';
import { LevelBackend } from '../ledger/store/level-backend.js';
import { NodeVerifier } from '../ledger/store/node-verifier.js';
import { nodeHashes } from '../ledger/crypto/node-hashes.js';
import { nodeSubgroupCheck } from '../ledger/crypto/node-subgroup.js';
import { SignaturesAhead } from '../sdk/signatures-ahead.js';
import { VerifyPool } from '../sdk/node/verify-pool.js';
import { dataDirLayout, holdsStore } from './data-dir.js';
import { makeScratchDir, sweepStaleScratch } from './fsck-scratch.js';

const USAGE = 'usage: tally fsck DATA_DIR [--log-key <verifier key string>] [--scratch <directory>] [--json]';
const SUMMARY =
  'Operator: replay a stopped server\'s store offline through every rule, and compare every state, index and tree key with the replay';

export async function fsckMain(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseArgs({ args: argv, options: { 'log-key': { type: 'string' }, scratch: { type: 'string' }, json: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h', default: false } }, allowPositionals: true, strict: true });
  } catch (err) {
    console.error(`tally: ${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  if (args.values.help) {
    console.log(`${SUMMARY}\n\n${USAGE}`);
    return 0;
  }
  const [dataDir] = args.positionals;
  if (dataDir === undefined || args.positionals.length > 1) {
    console.error(`tally: fsck takes one data directory\n${USAGE}`);
    return 2;
  }
  // The server's TALLY_DATA_DIR (with store/ inside) or the store directory itself.
  const storeDir = holdsStore(dataDirLayout(dataDir).store) ? dataDirLayout(dataDir).store : dataDir;
  if (!holdsStore(storeDir)) {
    console.error(`tally: [store_corrupt] no store in ${dataDir}`);
    return 1;
  }
  let backend: LevelBackend;
  try {
    backend = await LevelBackend.open(storeDir);
  } catch (err) {
    const e = err as Error & { code?: string };
    console.error(`tally: ${e.code ? `[${e.code}] ` : ''}${e.message}`);
    return 1;
  }
  // A signal stops the check at the next entry or key, so the scratch store is closed before it
  // is removed: LevelDB writes tables on a thread of its own, and a directory removed under it
  // was left holding them. A second signal exits at once. Listened for before the scratch
  // directory exists, so no signal can end the process between making it and removing it.
  const stop = new AbortController();
  const interrupted = () => {
    if (stop.signal.aborted) process.exit(130);
    stop.abort(new Error('interrupted'));
  };
  process.on('SIGINT', interrupted).on('SIGTERM', interrupted);
  // The replay's derived keys go to a store of their own, about the size of the store's state and
  // indexes, removed afterwards: the memory fsck needs no longer grows with the log.
  const scratchParent = args.values.scratch ?? tmpdir();
  for (const stale of sweepStaleScratch(scratchParent)) console.error(`tally: removed ${stale}, the scratch store of an fsck that was killed`);
  let scratchDir: string;
  try {
    scratchDir = makeScratchDir(scratchParent);
  } catch (err) {
    process.off('SIGINT', interrupted).off('SIGTERM', interrupted);
    await backend.close();
    console.error(`tally: cannot make a scratch directory: ${(err as Error).message}`);
    return 1;
  }
  const removeScratch = () => rmSync(scratchDir, { recursive: true, force: true });
  const pool = new VerifyPool();
  try {
    const scratch = await LevelBackend.open(scratchDir, { durable: false, inlineReadKeys: Infinity });
    const verify = new NodeVerifier().verify;
    const started = performance.now();
    const report = await fsck(backend, {
      verify,
      scratch,
      ahead: new SignaturesAhead(pool.verifyBatch, verify),
      subgroupCheck: nodeSubgroupCheck,
      hashes: nodeHashes,
      ...(args.values['log-key'] ? { logKey: args.values['log-key'] } : {}),
      onProgress: (n) => process.stderr.isTTY && !args.values.json && process.stderr.write(`\r  ${n} entries replayed`),
      signal: stop.signal,
    }).finally(() => scratch.close());
    if (process.stderr.isTTY && !args.values.json) process.stderr.write('\n');
    const seconds = (performance.now() - started) / 1000;
    console.log(args.values.json ? JSON.stringify({ ...report, seconds }, null, 2) : describe(report, seconds));
    return report.ok ? 0 : 1;
  } catch (err) {
    if (stop.signal.aborted) {
      console.error('tally: fsck interrupted, without a verdict; its scratch store is removed');
      return 130;
    }
    // The store or the scratch store failed (a full disk, say): no verdict either way.
    const e = err as Error & { code?: string };
    console.error(`tally: fsck stopped without a verdict: ${e.code ? `[${e.code}] ` : ''}${e.message}`);
    return 1;
  } finally {
    process.off('SIGINT', interrupted).off('SIGTERM', interrupted);
    await pool.close();
    await backend.close();
    removeScratch();
  }
}

function describe(report: FsckReport, seconds: number): string {
  if (report.ok) {
    return [
      `OK: replayed ${report.entries} entries in ${seconds.toFixed(1)} s; every hash link, signature and rule holds, the tree matches the last checkpoint,`,
      `  and all ${report.keysCompared} state, index and tree keys match the replay${report.unchecked ? ` (${report.unchecked} log keys of other features not checked)` : ''}`,
    ].join('\n');
  }
  const [first, ...rest] = report.problems;
  return [
    `BAD: ${first!.kind} ${first!.key}: ${first!.detail}`,
    ...rest.map((p) => `  and ${p.kind} ${p.key}: ${p.detail}`),
    `${report.problemCount} problem${report.problemCount === 1 ? '' : 's'} in all; restore a backup that passes fsck (see README, Operating Tally)`,
  ].join('\n');
}
