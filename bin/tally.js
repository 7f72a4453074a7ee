#!/usr/bin/env node
// The `tally` command: runs the TypeScript CLI through tsx (a runtime dependency).
import { register } from 'tsx/esm/api';

register();
const [command, ...rest] = process.argv.slice(2);
if (command === 'fsck') {
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
