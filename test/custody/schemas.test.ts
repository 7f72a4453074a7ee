import { describe, expect, it } from 'vitest';
import { parseEnvelope } from '../../schemas/events.js';
import { claimsRequestSchema, retentionQuerySchema } from '../../schemas/state.js';
import { isTallyError } from '../../ledger/errors.js';

const SIG = 'A'.repeat(86);
const transfer = { v: 1, ledger: 'example.org/tally', id: 'ev-1', type: 'batch.transfer', actor: 'recycler', at: '2026-03-01T09:30:00Z', batch: 'b-1', to: 'mill', toSite: 'works' };
const envelope = (event: Record<string, unknown>) => ({ event, keyId: '9f86d081884c7d65', sig: SIG });

/** The path of the invalid_event refusal for `input`, or 'accepted'. */
function pathOf(input: unknown): unknown {
  try {
    parseEnvelope(input);
    return 'accepted';
  } catch (err) {
    if (!isTallyError(err)) throw err;
    expect(err.code).toBe('invalid_event');
    return err.path;
  }
}

describe('parseEnvelope: strict schemas whose refusals name the bad field', () => {
  it('accepts a well-formed envelope and returns the same values', () => {
    const input = envelope({ ...transfer, split: { id: 'b-1a', massG: 1000 }, note: 'ñ 🚚', evidence: [{ kind: 'weighbridge-ticket', sha256: 'a'.repeat(64), uri: 'https://example.org/t/1' }] });
    expect(parseEnvelope(input)).toEqual(input);
  });

  it('counts a note in characters, not UTF-16 units: 1000 characters outside the BMP are accepted', () => {
    const input = envelope({ ...transfer, note: '🚚'.repeat(1000) });
    expect(parseEnvelope(input)).toEqual(input);
  });

  it.each([
    ['an unknown field', { ...transfer, colour: 'red' }, ['event', 'colour']],
    ['an unknown nested field', { ...transfer, split: { id: 'x', massG: 1, extra: 1 } }, ['event', 'split', 'extra']],
    ['a float mass', { ...transfer, split: { id: 'x', massG: 1.5 } }, ['event', 'split', 'massG']],
    ['an unsafe integer', { ...transfer, split: { id: 'x', massG: 2 ** 53 } }, ['event', 'split', 'massG']],
    ['a zero mass', { ...transfer, split: { id: 'x', massG: 0 } }, ['event', 'split', 'massG']],
    ['a mass as a string', { ...transfer, split: { id: 'x', massG: '10' } }, ['event', 'split', 'massG']],
    ['an id with a slash', { ...transfer, batch: 'a/b' }, ['event', 'batch']],
    ['an id of 129 characters', { ...transfer, batch: 'x'.repeat(129) }, ['event', 'batch']],
    ['a lone surrogate', { ...transfer, note: 'bad \ud800' }, ['event', 'note']],
    ['a note of 1001 characters', { ...transfer, note: 'n'.repeat(1001) }, ['event', 'note']],
    ['a note of 1001 characters outside the BMP (2002 UTF-16 units)', { ...transfer, note: '🚚'.repeat(1001) }, ['event', 'note']],
    ['a time without Z', { ...transfer, at: '2026-03-01T09:30:00+01:00' }, ['event', 'at']],
    ['a day that does not exist', { ...transfer, at: '2026-02-30T09:30:00Z' }, ['event', 'at']],
    ['microseconds', { ...transfer, at: '2026-03-01T09:30:00.000001Z' }, ['event', 'at']],
    ['an unknown type', { ...transfer, type: 'batch.teleport' }, ['event', 'type']],
    ['protocol version 2', { ...transfer, v: 2 }, ['event', 'v']],
    ['a missing field', { ...transfer, toSite: undefined }, ['event', 'toSite']],
    ['the reserved actor "log"', { ...transfer, actor: 'log' }, ['event', 'actor']],
    ['a lowercase country', { ...transfer, type: 'batch.export', to: undefined, toSite: undefined, destination: { country: 'tr', consignee: 'X' } }, ['event', 'destination', 'country']],
    ['uppercase hex', { ...transfer, evidence: [{ kind: 'ticket', sha256: 'A'.repeat(64) }] }, ['event', 'evidence', 0, 'sha256']],
  ])('refuses %s', (_, event, path) => {
    expect(pathOf(envelope(JSON.parse(JSON.stringify(event)) as Record<string, unknown>))).toEqual(path);
  });

  it('refuses a bad envelope, and any non-object, with the invalid_event code', () => {
    expect(pathOf({ ...envelope(transfer), sig: 'short' })).toEqual(['sig']);
    expect(pathOf({ ...envelope(transfer), keyId: 'ABCDEF0123456789' })).toEqual(['keyId']);
    expect(pathOf(null)).toEqual([]);
    expect(pathOf('{"event":{}}')).toEqual([]);
  });

  it('checks uniqueness inside one event and personal data of individual suppliers', () => {
    const transform = { ...transfer, type: 'batch.transform', batch: undefined, to: undefined, toSite: undefined, process: 'melt', site: 's', inputs: [{ batch: 'a', massG: 1 }, { batch: 'a', massG: 2 }], outputs: [{ id: 'o', material: 'copper', form: 'ingot', massG: 1 }] };
    expect(pathOf(envelope(JSON.parse(JSON.stringify(transform))))).toEqual(['event', 'inputs', 1]);
    const register = { ...transfer, type: 'batch.register', to: undefined, toSite: undefined, batch: { id: 'b', material: 'copper', form: 'scrap', massG: 1, site: 's' }, origin: { kind: 'post-consumer', country: 'GB' }, supplier: { kind: 'individual', ref: 'Jane Smith' } };
    expect(pathOf(envelope(JSON.parse(JSON.stringify(register))))).toEqual(['event', 'supplier', 'ref']);
    const keys = { ...transfer, type: 'participant.keys', batch: undefined, to: undefined, toSite: undefined, participant: 'p', add: [], revoke: [] };
    expect(pathOf(envelope(JSON.parse(JSON.stringify(keys))))).toEqual(['event', 'add']);
  });
});

describe('API request schemas', () => {
  it('requires atLeast for share claims and refuses it for the others', () => {
    expect(claimsRequestSchema.safeParse({ batch: 'b', claims: [{ kind: 'recycled', atLeast: 0.5 }, { kind: 'not-exported' }] }).success).toBe(true);
    expect(claimsRequestSchema.safeParse({ batch: 'b', claims: [{ kind: 'recycled' }] }).error?.issues[0]?.path).toEqual(['claims', 0, 'atLeast']);
    expect(claimsRequestSchema.safeParse({ batch: 'b', claims: [{ kind: 'home-processed', atLeast: 1 }] }).success).toBe(false);
    expect(claimsRequestSchema.safeParse({ batch: 'b', claims: [{ kind: 'recycled', atLeast: 1.1 }] }).success).toBe(false);
  });

  it('takes retention days as YYYY-MM-DD', () => {
    expect(retentionQuerySchema.safeParse({ material: 'steel', from: '2026-02-01', to: '2026-02-28' }).success).toBe(true);
    expect(retentionQuerySchema.safeParse({ from: '2026-02-30' }).success).toBe(false);
    expect(retentionQuerySchema.safeParse({ from: '2026-02-01T00:00:00Z' }).success).toBe(false);
  });
});
