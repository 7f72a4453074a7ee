/**
 * `tally`: the command line for participants, operators and auditors. Every command has --help
 * (with an example) and --json; exit codes: 0 ok, 1 refused / invalid / a claim that fails,
 * 2 usage error, 3 fork detected.
 */
import { adjust } from './commands/adjust.js';
import { attest } from './commands/attest.js';
import { batch } from './commands/batch.js';
import { batches } from './commands/batches.js';
import { bundle } from './commands/bundle.js';
import { claims } from './commands/claims.js';
import { exportBatch } from './commands/export.js';
import { initRegistrar } from './commands/init-registrar.js';
import { keygen } from './commands/keygen.js';
import { lineage } from './commands/lineage.js';
import { login } from './commands/login.js';
import { logKey } from './commands/log-key.js';
import { monitor } from './commands/monitor.js';
import { passport } from './commands/passport.js';
import { participantAdd, participantKeys, participantUpdate } from './commands/participant.js';
import { participants } from './commands/participants.js';
import { provenance } from './commands/provenance.js';
import { receive } from './commands/receive.js';
import { register } from './commands/register.js';
import { reject } from './commands/reject.js';
import { replay } from './commands/replay.js';
import { reportConcentration, reportDependency, reportRetention } from './commands/report.js';
import { retire } from './commands/retire.js';
import { submit } from './commands/submit.js';
import { transfer } from './commands/transfer.js';
import { transform } from './commands/transform.js';
import { verify } from './commands/verify.js';
import { witness } from './commands/witness.js';
import { mirror } from './commands/mirror.js';
import { recover } from './commands/recover.js';
import { proof } from './commands/proof.js';
import { parse, UsageError, type Command } from './context.js';

/** Every command, one per line, in the order the overview lists them (grouped by who uses it). */
const COMMANDS: Command[] = [
  // getting started
  keygen,
  login,
  logKey,
  // daily jobs: appending events
  register,
  transfer,
  receive,
  reject,
  transform,
  exportBatch,
  retire,
  adjust,
  attest,
  submit,
  // reading
  batches,
  batch,
  provenance,
  lineage,
  claims,
  participants,
  reportRetention,
  reportConcentration,
  reportDependency,
  // verifying
  bundle,
  verify,
  replay,
  monitor,
  proof,
  passport,
  // tiles and witnesses
  mirror,
  witness,
  recover,
  // registrar and operator
  initRegistrar,
  participantAdd,
  participantUpdate,
  participantKeys,
];

export const COMMAND_TABLE: readonly Command[] = COMMANDS;

function overview(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'tally: a verifiable custody ledger for metals',
    '',
    'usage: tally <command> [options]   (tally <command> --help for its options and an example)',
    '',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    `  ${'fsck'.padEnd(width)}  Operator: check a stopped server's data directory offline (tally fsck DATA_DIR; see --help)`,
    '',
    'Connection: --url (or TALLY_URL); sign as a participant with --key <keyfile> --as <participant> (or TALLY_KEY,',
    'TALLY_AS, or once for all: tally login). --log-key (or TALLY_LOG_KEY) pins the log. Masses: 12.5t, 800kg, 1200g.',
  ].join('\n');
}

function help(command: Command): string {
  return [
    command.summary,
    '',
    `usage: ${command.usage}`,
    ...(command.details?.length ? ['', ...command.details] : []),
    '',
    command.examples.length > 1 ? 'examples:' : 'example:',
    ...command.examples.map((e) => `  ${e}`),
  ].join('\n');
}

/** The command named by the first one or two words (`report retention`), and the rest. */
function lookup(argv: string[]): { command?: Command; rest: string[]; group?: string } {
  const [first = '', second = ''] = argv;
  const two = COMMANDS.find((c) => c.name === `${first} ${second}`);
  if (two) return { command: two, rest: argv.slice(2) };
  const one = COMMANDS.find((c) => c.name === first);
  if (one) return { command: one, rest: argv.slice(1) };
  return COMMANDS.some((c) => c.name.startsWith(`${first} `)) ? { rest: argv.slice(1), group: first } : { rest: argv.slice(1) };
}

export async function main(argv: string[]): Promise<number> {
  const [name] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(overview());
    return name ? 0 : 2;
  }
  const { command, rest, group } = lookup(argv);
  try {
    if (!command && group) {
      const members = COMMANDS.filter((c) => c.name.startsWith(`${group} `));
      const asked = rest[0] === '--help' || rest[0] === '-h';
      const list = members.map((c) => `  ${c.name}  ${c.summary}`).join('\n');
      if (asked) {
        console.log(`tally ${group} <${members.map((c) => c.name.split(' ')[1]).join('|')}>\n\n${list}`);
        return 0;
      }
      throw new UsageError(`${rest[0] ? `unknown command "${group} ${rest[0]}"` : `tally ${group} needs a subcommand`}:\n${list}`);
    }
    if (!command) throw new UsageError(`unknown command "${name}"\n\n${overview()}`);
    const args = parse(command, rest);
    if (args.values.help) {
      console.log(help(command));
      return 0;
    }
    const result = await command.run(args);
    if (args.values.json) console.log(JSON.stringify(result.json, null, 2));
    else if (result.text) console.log(result.text);
    return result.exitCode ?? 0;
  } catch (err) {
    if (err instanceof UsageError) {
      console.error(`tally: ${err.message}`);
      return 2;
    }
    const e = err as Error & { code?: string; cause?: { code?: string } };
    const unreachable = e.cause?.code === 'ECONNREFUSED' || e.message === 'fetch failed';
    const reason = unreachable ? 'cannot reach the server (is it running? check --url or TALLY_URL)' : e.message;
    console.error(`tally: ${e.code ? `[${e.code}] ` : ''}${reason}`);
    return 1;
  }
}
