/**
 * `tally`: the command line for participants and auditors. Every command has --help and --json;
 * exit codes: 0 ok, 1 refused / invalid / a claim that fails, 2 usage error, 3 fork detected.
 */
import { batch } from './commands/batch.js';
import { bundle } from './commands/bundle.js';
import { claims } from './commands/claims.js';
import { keygen } from './commands/keygen.js';
import { monitor } from './commands/monitor.js';
import { passport } from './commands/passport.js';
import { replay } from './commands/replay.js';
import { submit } from './commands/submit.js';
import { verify } from './commands/verify.js';
import { parse, UsageError, type Command } from './context.js';

const COMMANDS: Command[] = [keygen, submit, batch, claims, bundle, verify, passport, replay, monitor];

function overview(): string {
  return [
    'tally: a verifiable custody ledger for metals',
    '',
    'usage: tally <command> [options]   (tally <command> --help for its options)',
    '',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(8)} ${c.summary}`),
    '',
    'Connection: --url (or TALLY_URL), --key <keyfile> --as <participant> to sign requests; --log-key (or TALLY_LOG_KEY) pins the log.',
  ].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(overview());
    return name ? 0 : 2;
  }
  const command = COMMANDS.find((c) => c.name === name);
  try {
    if (!command) throw new UsageError(`unknown command "${name}"\n\n${overview()}`);
    const args = parse(command, rest);
    if (args.values.help) {
      console.log(`${command.summary}\n\nusage: ${command.usage}`);
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
    const reason = unreachable ? 'cannot reach the server (is it running? check --url)' : e.message;
    console.error(`tally: ${e.code ? `[${e.code}] ` : ''}${reason}`);
    return 1;
  }
}
