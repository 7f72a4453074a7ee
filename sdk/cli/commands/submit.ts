import type { Envelope } from '../../../schemas/entry.js';
import { readKeyFile } from '../../node/key-file.js';
import { EventSigner } from '../../event-builder.js';
import { CONNECTION_OPTIONS, clientFor, problemResult, readJsonFile, requiredOption, UsageError, type Command } from '../context.js';

export const submit: Command = {
  name: 'submit',
  summary: 'Sign an event from a JSON file as a participant and send it',
  usage: 'tally submit <event.json> --key <keyfile> --as <participant> [--url <server>] [--json]',
  options: { ...CONNECTION_OPTIONS },
  async run(args) {
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
