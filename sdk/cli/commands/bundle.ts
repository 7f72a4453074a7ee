import { writeFileSync } from 'node:fs';
import { CONNECTION_OPTIONS, clientFor, problemResult, UsageError, type Command } from '../context.js';

export const bundle: Command = {
  name: 'bundle',
  summary: 'Download the audit bundle of a batch (verify it offline with `tally verify`)',
  usage: 'tally bundle <batch> --out <file> [--json]',
  examples: ['tally bundle cable-6242y-2026-w14 --out cable.bundle.json'],
  options: { ...CONNECTION_OPTIONS, out: { type: 'string' } },
  async run(args) {
    const [batch] = args.positionals;
    const out = args.values.out;
    if (!batch || typeof out !== 'string') throw new UsageError(`usage: ${this.usage}`);
    const { data, error } = await clientFor(args).GET('/v1/batches/{id}/bundle', { params: { path: { id: batch } } });
    if (error) return problemResult(error);
    writeFileSync(out, JSON.stringify(data, null, 2) + '\n');
    return { json: { file: out, entries: data.entries.length }, text: `wrote ${out}: ${data.entries.length} entries proven against a checkpoint of the log` };
  },
};
