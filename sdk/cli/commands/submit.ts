import { appendEvent, EVENT_OPTIONS } from '../append.js';
import { CONNECTION_OPTIONS, connection, positional, readJsonFile, stringOption, UsageError, type Command } from '../context.js';

/** Fields the CLI fills in; a file may carry them only if they agree with the signer. */
const FILLED = ['v', 'ledger', 'actor'] as const;

export const submit: Command = {
  name: 'submit',
  summary: 'Sign an event from a JSON file (any type, e.g. a mass-balance transform) and send it',
  usage: 'tally submit <event.json> [--id <event id>] [--dry-run] [--json]',
  examples: ['tally submit examples/events/batch.register.json --id sheffield:reg:0907'],
  details: [
    'The file holds a partial event: "type" and the fields of that type (masses as integer grams, massG).',
    'The CLI fills in v, ledger, actor, and id and at unless the file (or --id, --at) gives them; examples/events/',
    'has one commented file per type. With --id, a retried submit is answered "already in the log" (200), not 409.',
  ],
  options: { ...CONNECTION_OPTIONS, ...EVENT_OPTIONS },
  async run(args) {
    const file = positional(args, 'event file', this);
    const fields = readJsonFile(file) as Record<string, unknown>;
    if (fields === null || typeof fields !== 'object' || Array.isArray(fields)) throw new UsageError(`${file} must hold a JSON object: an event with a "type"`);
    const { type, $comment: _comment, ...rest } = fields;
    if (typeof type !== 'string') throw new UsageError(`${file} must hold an event with a "type", e.g. "batch.register"`);
    const actor = connection(args).participant;
    if (rest.actor !== undefined && rest.actor !== actor) throw new UsageError(`${file} says "actor": "${String(rest.actor)}" but you sign as ${actor ?? '(nobody)'}: drop the field or sign as that participant`);
    for (const name of FILLED) delete rest[name];
    const flagId = stringOption(args, 'id');
    if (flagId !== undefined && rest.id !== undefined && rest.id !== flagId) throw new UsageError(`${file} has "id": "${String(rest.id)}" and --id ${flagId}: give one`);
    const { id: fileId, at: fileAt, ...typeFields } = rest;
    // The file's own id and at, when it has them, count as if given by flag.
    const withFileOverrides = {
      ...args,
      values: { ...args.values, ...(fileId !== undefined && flagId === undefined ? { id: String(fileId) } : {}), ...(fileAt !== undefined && args.values.at === undefined ? { at: String(fileAt) } : {}) },
    };
    return appendEvent(withFileOverrides, type, typeFields, `from ${file}`);
  },
};
