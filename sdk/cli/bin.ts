/** The `tally` executable of the SDK package (bin/tally.js runs the same through tsx in the repository). */
import { main } from './main.js';

process.exitCode = await main(process.argv.slice(2));
