import type { Envelope } from '../../../schemas/entry.js';
import { readKeyFile } from '../../node/key-file.js';
import { EventSigner } from '../../event-builder.js';
import { isTallyError } from '../../../ledger/errors.js';
import { fromEpcis } from '../../../ledger/interop/epcis/import.js';
import { appendEvent, EVENT_OPTIONS } from '../append.js';
import { CONNECTION_OPTIONS, clientFor, connection, positional, problemResult, readJsonFile, stringOption, UsageError, SIGNING_HINT, type Command, type CommandResult, type ParsedArgs } from '../context.js';

/** Fields the CLI fills in; a file may carry them only if they agree with the signer. */
const FILLED = ['v', 'ledger', 'actor'] as const;

export const submit: Command = {
  name: 'submit',
  summary: 'Sign an event from a JSON file (any type, e.g. a mass-balance transform), or the events of an EPCIS 2.0 document, and send it',
  usage: 'tally submit <event.json> [--id <event id>] [--dry-run] [--json]  |  tally submit --epcis <document.jsonld> [--json]',
  examples: ['tally submit examples/events/batch.register.json --id sheffield:reg:0907', 'tally submit --epcis shipment.jsonld --as sheffield-recycling --key sheffield.json'],
  details: [
    'The file holds a partial event: "type" and the fields of that type (masses as integer grams, massG).',
    'The CLI fills in v, ledger, actor, and id and at unless the file (or --id, --at) gives them; examples/events/',
    'has one commented file per type. With --id, a retried submit is answered "already in the log" (200), not 409.',
    'With --epcis, each EPCIS event is mapped to a Tally event (SPEC 6.2), signed as you and sent in order; the first',
    'the mapping or the server refuses stops the run, naming its path. Event ids derive from the EPCIS eventIDs, so a rerun is idempotent.',
  ],
  options: { ...CONNECTION_OPTIONS, ...EVENT_OPTIONS, epcis: { type: 'string' } },
  async run(args) {
    const epcis = stringOption(args, 'epcis');
    if (epcis !== undefined) return submitEpcis(args, epcis);
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

/**
 * Maps an EPCIS document's events to Tally events (fromEpcis), signs each as `--as` and submits
 * them in order, stopping at the first the mapping or the server refuses.
 */
async function submitEpcis(args: ParsedArgs, file: string): Promise<CommandResult> {
  const api = clientFor(args);
  const { data: log, error: logError } = await api.GET('/v1/log');
  if (logError) return problemResult(logError);
  const { participant: actor, keyPath } = connection(args);
  if (actor === undefined || keyPath === undefined) throw new UsageError(`--epcis signs each event: ${SIGNING_HINT}`);
  let events;
  try {
    events = fromEpcis(readJsonFile(file), { origin: log.origin, actor });
  } catch (err) {
    if (!isTallyError(err)) throw err;
    return { json: { ok: false, code: err.code, message: err.message, path: err.path }, text: `refused: [${err.code}] ${err.message}`, exitCode: 1 };
  }
  const signer = new EventSigner({ ledger: log.origin, actor, secretKey: readKeyFile(keyPath).secretKey });
  const appended: Array<{ id: string; type: string; seq: number }> = [];
  for (const { type, fields } of events) {
    const envelope: Envelope = signer.sign(type as never, fields as never);
    const { data, error } = await api.POST('/v1/events', { body: envelope as never });
    if (error) {
      const refused = problemResult(error);
      return { ...refused, json: { ok: false, appended, problem: error }, text: `${appended.length} of ${events.length} appended; ${envelope.event.type} ${envelope.event.id} ${refused.text}` };
    }
    appended.push({ id: envelope.event.id, type, seq: data.seq });
  }
  return { json: { ok: true, appended }, text: appended.map((a) => `appended ${a.type} ${a.id} as entry ${a.seq}`).join('\n') || 'the document holds no events' };
}
