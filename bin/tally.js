#!/usr/bin/env node
// The `tally` command: runs the TypeScript CLI through tsx (a runtime dependency).
import { spawn } from 'node:child_process';
import { register } from 'tsx/esm/api';

register();
const [command, ...rest] = process.argv.slice(2);

const { WHOLE_LOG_COMMANDS, wholeLogNodeFlags } = await import('../sdk/cli/whole-log-flags.ts');
const flags = WHOLE_LOG_COMMANDS.has(command) && process.env.TALLY_WHOLE_LOG_CHILD === undefined ? wholeLogNodeFlags() : [];
if (flags.length > 0) {
  // replay holds the whole log's state in memory, and node sizes its heap only at start: run it
  // in a child node with the heap it needs (sdk/cli/whole-log-flags.ts).
  const child = spawn(process.execPath, [...flags, ...process.execArgv, ...process.argv.slice(1)], {
    stdio: 'inherit',
    env: { ...process.env, TALLY_WHOLE_LOG_CHILD: flags.join(' ') },
  });
  const forward = (signal) => child.kill(signal);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, forward);
  child.on('exit', (code, signal) => {
    if (signal) {
      process.removeAllListeners(signal);
      process.kill(process.pid, signal);
    } else process.exit(code ?? 1);
  });
} else if (command === 'fsck') {
  // The operator's offline check opens the store itself, so it lives beside the server, not in the SDK.
  const { fsckMain } = await import('../api/fsck-command.ts');
  process.exitCode = await fsckMain(rest);
} else {
  // Operator commands that write a store take their server-side code from here (sdk/cli/operator-hooks.ts).
  const { operatorHooks } = await import('../sdk/cli/operator-hooks.ts');
  operatorHooks.recoverFromTiles = (await import('../api/recover.ts')).recoverFromTiles;
  const { main } = await import('../sdk/cli/main.ts');
  process.exitCode = await main(process.argv.slice(2));
}
