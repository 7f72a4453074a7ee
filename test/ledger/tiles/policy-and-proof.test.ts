import { describe, expect, it } from 'vitest';
import { generateKeyPair } from '../../../ledger/crypto/keys.js';
import { cosign, cosignerKeyString } from '../../../ledger/witness/cosignature.js';
import { checkPolicy, parsePolicy } from '../../../ledger/witness/policy.js';
import { encodeTlogProof, parseTlogProof } from '../../../ledger/witness/tlog-proof.js';
import { splitNote } from '../../../ledger/log/signed-note.js';
import { FakeLog } from '../../witness/fake-log.js';

function witness(name: string) {
  const key = generateKeyPair();
  return { name, key, vkey: cosignerKeyString(name, key.publicKey) };
}

describe('C2SP tlog-policy', () => {
  const log = new FakeLog();
  log.append(4);
  const [a, b, c] = [witness('w.test/a'), witness('w.test/b'), witness('w.test/c')];
  const policyText = [
    '# two of three',
    `log ${log.vkey}`,
    `witness A ${a.vkey}`,
    `witness B ${b.vkey} https://b.example/`,
    `\twitness C ${c.vkey}`,
    'group two 2 A B C',
    'quorum two',
    '',
  ].join('\n');

  it('accepts a checkpoint cosigned by the quorum and names the missing witnesses otherwise', () => {
    const policy = parsePolicy(policyText);
    const checkpoint = log.checkpoint();
    const body = splitNote(checkpoint).body;
    const ts = 1_760_000_000;
    const two = checkpoint + cosign(body, a.name, a.key, ts) + cosign(body, c.name, c.key, ts);
    expect(checkPolicy(two, policy, { logKey: log.vkey })).toMatchObject({ cosigned: ['A', 'C'], missing: ['B'] });
    const one = checkpoint + cosign(body, a.name, a.key, ts);
    expect(() => checkPolicy(one, policy)).toThrow(expect.objectContaining({ code: 'policy_unsatisfied', message: expect.stringContaining('missing B, C') }));
    // A cosignature of another checkpoint does not count (it signs another body): refused as invalid.
    log.append(1);
    const stale = log.checkpoint() + cosign(body, a.name, a.key, ts) + cosign(body, b.name, b.key, ts);
    expect(() => checkPolicy(stale, policy)).toThrow(expect.objectContaining({ code: 'invalid_cosignature' }));
    // Not signed by the policy's log.
    const other = new FakeLog(log.origin);
    other.append(1);
    expect(() => checkPolicy(other.checkpoint(), policy)).toThrow(expect.objectContaining({ code: 'policy_unsatisfied' }));
    expect(checkPolicy(log.checkpoint(), parsePolicy(`log ${log.vkey}\nquorum none\n`)).cosigned).toEqual([]);
  });

  it('refuses malformed policies, naming the line', () => {
    const bad = [
      'quorum nobody',
      `witness A ${a.vkey}\nwitness A ${b.vkey}\nquorum A`,
      `witness A ${a.vkey}\nwitness B ${a.vkey}\nquorum A`,
      `witness A ${a.vkey}\ngroup g 2 A\nquorum g`,
      `witness A ${a.vkey}\ngroup g any A A\nquorum g`,
      `witness A ${a.vkey}\nquorum A\nquorum A`,
      `witness A ${log.vkey}\nquorum A`,
      `log ${a.vkey}\nquorum none`,
      'frobnicate\nquorum none',
      `witness none ${a.vkey}\nquorum none`,
      'quorum none\r',
    ];
    for (const text of bad) expect(() => parsePolicy(text), text).toThrow(expect.objectContaining({ code: 'invalid_policy' }));
  });
});

describe('C2SP tlog-proof', () => {
  it('round-trips, with and without extra data, and refuses malformed documents', () => {
    const log = new FakeLog();
    log.append(3);
    const proof = { index: 2, proof: [log.leaves[0]!, log.leaves[1]!], checkpoint: log.checkpoint() };
    const text = encodeTlogProof(proof);
    expect(text.startsWith('c2sp.org/tlog-proof@v1\nindex 2\n')).toBe(true);
    expect(parseTlogProof(text)).toEqual(proof);
    const withExtra = { ...proof, extra: new Uint8Array([1, 2, 3]) };
    expect(parseTlogProof(encodeTlogProof(withExtra))).toEqual(withExtra);
    for (const bad of [text.replace('@v1', '@v2'), text.replace('index 2', 'index 02'), text.replace('index 2', 'idx 2'), text.split('\n\n')[0]!]) {
      expect(() => parseTlogProof(bad)).toThrow(expect.objectContaining({ code: 'invalid_tlog_proof' }));
    }
  });
});
