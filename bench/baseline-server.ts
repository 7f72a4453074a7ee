/**
 * The ingest baseline (issue: "an HTTP server that parses the body and verifies the signature and
 * does nothing else"): plain node:http, JSON.parse, JCS of the event, Ed25519 verify with
 * node:crypto's callback form (thread pool), 201. Keys come from BASELINE_KEYS (JSON map of
 * participant id -> base64url public key). Prints `listening <port>` when ready.
 */
import { createPublicKey, verify } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fromBase64Url } from '../ledger/encoding/bytes.js';
import { eventSigningBytes } from '../ledger/log/event-signing.js';
import type { Envelope } from '../schemas/entry.js';

const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');
const keys = new Map(
  Object.entries(JSON.parse(process.env.BASELINE_KEYS ?? '{}') as Record<string, string>).map(([id, pub]) => [
    id,
    createPublicKey({ key: Buffer.concat([SPKI_PREFIX, fromBase64Url(pub)]), format: 'der', type: 'spki' }),
  ]),
);

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    let envelope: Envelope;
    try {
      envelope = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Envelope;
    } catch {
      res.writeHead(400).end();
      return;
    }
    const key = keys.get(envelope.event.actor);
    if (!key) {
      res.writeHead(403).end();
      return;
    }
    verify(null, eventSigningBytes(envelope.event), key, fromBase64Url(envelope.sig), (err, ok) => {
      if (err || !ok) res.writeHead(400).end();
      else res.writeHead(201, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
  });
});
server.listen(0, '127.0.0.1', () => console.log(`listening ${(server.address() as AddressInfo).port}`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
