import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { generateKeyPair } from '../../ledger/crypto/keys.js';
import { toBase64Url } from '../../ledger/encoding/bytes.js';
import { parseEnvelope } from '../../schemas/events.js';
import { EventSigner } from '../../sdk/event-builder.js';

const DIR = fileURLToPath(new URL('../../examples/events/', import.meta.url));
const SUBMITTABLE = [
  'participant.register',
  'participant.update',
  'participant.keys',
  'batch.register',
  'batch.transfer',
  'batch.receive',
  'batch.reject',
  'batch.transform',
  'batch.export',
  'batch.retire',
  'batch.adjust',
  'batch.attest',
];

it('examples/events has one commented file per event type a participant submits, each a valid event once signed', () => {
  const files = readdirSync(DIR).filter((f) => f.endsWith('.json'));
  expect(files.map((f) => f.replace(/\.json$/, '')).sort()).toEqual([...SUBMITTABLE].sort());
  const signer = new EventSigner({ ledger: 'example.org/tally', actor: 'sheffield-recycling', secretKey: generateKeyPair().secretKey });
  for (const file of files) {
    const text = readFileSync(join(DIR, file), 'utf8').replace(/REPLACE-WITH-[A-Za-z0-9-]+/g, () => toBase64Url(generateKeyPair().publicKey));
    const { $comment, type, ...fields } = JSON.parse(text) as Record<string, unknown>;
    expect(typeof $comment, file).toBe('string');
    expect(($comment as string).length, file).toBeGreaterThan(40);
    expect(`${String(type)}.json`).toBe(file);
    // What `tally submit` does with the file: fill the shared fields, sign, parse as the server will.
    expect(() => parseEnvelope(signer.sign(type as never, fields as never)), file).not.toThrow();
  }
});
