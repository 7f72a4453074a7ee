import { isTallyError } from '../../ledger/errors.js';
import type { Envelope } from '../../schemas/entry.js';
import { parseEnvelope } from '../../schemas/events.js';
import { EventSigner } from '../event-builder.js';
import { clientFor, identity, listOption, problemResult, stringOption, UsageError, type CommandResult, type ParsedArgs } from './context.js';
import { earlierEnvelope, remember } from './journal.js';

/** Flags every command that appends an event takes. */
export const EVENT_OPTIONS = {
  id: { type: 'string' },
  at: { type: 'string' },
  note: { type: 'string' },
  evidence: { type: 'string', multiple: true },
  'dry-run': { type: 'boolean', default: false },
} as const;

export const EVENT_DETAILS = [
  'Every appending command also takes:',
  '  --id <event id>          your own id; run the same command again (a retry) and it is answered',
  '                           "already in the log" instead of appending twice or conflicting',
  '  --at <time>              when it happened (RFC 3339, e.g. 2026-03-01T09:30:00Z; default now)',
  '  --note <text>            free text, at most 1000 characters, no personal data',
  '  --evidence <kind>:<sha256>  a document referenced by hash (repeatable)',
  '  --dry-run                print the signed event instead of sending it',
];

/** `weighbridge-ticket:<64 hex>` into an evidence reference. */
function parseEvidence(text: string): { kind: string; sha256: string } {
  const match = /^([a-z0-9-]+):([0-9a-f]{64})$/.exec(text);
  if (!match) throw new UsageError(`--evidence "${text}": write <kind>:<sha256 in 64 lowercase hex>, e.g. weighbridge-ticket:$(sha256sum ticket.pdf | cut -c1-64)`);
  return { kind: match[1]!, sha256: match[2]! };
}

/** The shared optional fields the flags give (id and at are the signer's overrides). */
function commonFields(args: ParsedArgs): Record<string, unknown> {
  const evidence = listOption(args, 'evidence').map(parseEvidence);
  const note = stringOption(args, 'note');
  const id = stringOption(args, 'id');
  const at = stringOption(args, 'at');
  return { ...(id ? { id } : {}), ...(at ? { at } : {}), ...(note ? { note } : {}), ...(evidence.length ? { evidence } : {}) };
}

/** Placeholders in the right format: parseEnvelope checks the shape of keyId and sig, nothing more. */
const UNSIGNED = { keyId: '0000000000000000', sig: 'A'.repeat(86) };

/** Why the event would be refused for its shape, as a failed command; undefined if it is well formed. */
function invalidEvent(event: Record<string, unknown>): CommandResult | undefined {
  try {
    parseEnvelope({ event, ...UNSIGNED });
    return undefined;
  } catch (err) {
    if (!isTallyError(err)) throw err;
    return { json: { ok: false, code: err.code, message: err.message, path: err.path }, text: `not sent, the event is invalid: ${err.message}`, exitCode: 1 };
  }
}

/**
 * Signs an event as the CLI's participant and appends it; the result says what was appended
 * (`summary`), at which entry, or why it was refused. `fields` are the type's own fields; the
 * shared ones (`v`, `ledger`, `actor`, and `id`, `at` unless given) are filled in.
 */
export async function appendEvent(args: ParsedArgs, type: string, fields: Record<string, unknown>, summary: string): Promise<CommandResult> {
  const { participant, key } = identity(args);
  const api = clientFor(args);
  const { data: log, error: logError } = await api.GET('/v1/log');
  if (logError) return problemResult(logError);
  const signer = new EventSigner({ ledger: log.origin, actor: participant, secretKey: key.secretKey });
  const all = { ...fields, ...commonFields(args) };
  // Checked as the server will check it before signing: signing canonicalises the event, which
  // cannot take what the schema refuses (a decimal mass), and the message should be the schema's.
  const refusal = invalidEvent({ v: 1, ledger: log.origin, id: 'unsigned', type, actor: participant, at: new Date().toISOString(), ...all });
  if (refusal) return refusal;
  let envelope = signer.sign(type as never, all as never) as Envelope;
  // A retry of an event signed earlier with the same --id resends the same bytes.
  if (all.id !== undefined && all.at === undefined) envelope = earlierEnvelope(envelope) ?? envelope;
  if (args.values['dry-run'] === true) return { json: envelope, text: JSON.stringify(envelope, null, 2) };
  if (all.id !== undefined) remember(envelope);

  const { data, error, response } = await api.POST('/v1/events', { body: envelope as never });
  if (error) {
    const refused = problemResult(error);
    if ((error as { code?: string }).code === 'event_conflict') {
      refused.text += `\n  the id ${envelope.event.id} is taken by an event with other content: choose another --id`;
    }
    return refused;
  }
  const again = response.status === 200 ? ' (already in the log: an identical resubmission, nothing appended)' : '';
  return {
    json: { ok: true, created: response.status === 201, id: envelope.event.id, type, seq: data.seq, hash: data.hash, event: envelope.event },
    text: `${response.status === 201 ? 'appended' : 'found'} ${type} ${envelope.event.id} as entry ${data.seq}${again}\n  ${summary}`,
  };
}
