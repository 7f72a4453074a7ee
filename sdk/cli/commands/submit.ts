import type { Envelope } from '../../../schemas/entry.js';
import { readKeyFile } from '../../node/key-file.js';
import { EventSigner } from '../../event-builder.js';
import { isTallyError } from '../../../ledger/errors.js';
import { fromEpcis } from '../../../ledger/interop/epcis/import.js';
import { CONNECTION_OPTIONS, clientFor, problemResult, readJsonFile, requiredOption, stringOption, UsageError, type Command, type CommandResult, type ParsedArgs } from '../context.js';

export const submit: Command = {
  name: 'submit',
  summary: 'Sign an event from a JSON file (or the events of an EPCIS 2.0 document) as a participant and send it',
  usage: 'tally submit <event.json> | --epcis <document.jsonld> --key <keyfile> --as <participant> [--url <server>] [--json]',
  options: { ...CONNECTION_OPTIONS, epcis: { type: 'string' } },
  async run(args) {
    const epcis = stringOption(args, 'epcis');
    if (epcis !== undefined) return submitEpcis(args, epcis);
    const [file] = args.positionals;
    if (!file) throw new UsageError('name the event file: tally submit <event.json>');
    const fields = readJsonFile(file) as Record<string, unknown>;
    if (typeof fields.type !== 'string') throw new UsageError(`${file} must hold an event with a "type"`);
    const api = clientFor(args);
    const { data: log, error: logError } = await api.GET('/v1/log');
    if (logError) return problemResult(logError);
    const { type, ...rest } = fields;
    const signer = new EventSigner({ ledger: log.origin, actor: requiredOption(args, 'as'), secretKey: readKeyFile(requiredOption(args, 'key')).secretKey });
    const envelope: Envelope = signer.sign(type as never, rest as never);
    const { data, error, response } = await api.POST('/v1/events', { body: envelope as never });
    if (error) return problemResult(error);
    const again = response.status === 200 ? ' (identical resubmission: already in the log)' : '';
    return { json: { ok: true, id: envelope.event.id, ...data }, text: `appended ${envelope.event.type} ${envelope.event.id} as entry ${data.seq}${again}\nhash ${data.hash}` };
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
  const actor = requiredOption(args, 'as');
  let events;
  try {
    events = fromEpcis(readJsonFile(file), { origin: log.origin, actor });
  } catch (err) {
    if (!isTallyError(err)) throw err;
    return { json: { ok: false, code: err.code, message: err.message, path: err.path }, text: `refused: [${err.code}] ${err.message}`, exitCode: 1 };
  }
  const signer = new EventSigner({ ledger: log.origin, actor, secretKey: readKeyFile(requiredOption(args, 'key')).secretKey });
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
