import type { BundleFrame } from './build.js';

// The JSON of an audit bundle as a response carries it, in UTF-8 bytes. A bundle of a deep batch
// holds thousands of entries (15 MB for 10,019 of them), and `JSON.stringify` of the whole object
// took 98 ms on the 2-core bench machine; writing each entry as the leaf text the log stores
// (the JCS it was parsed from) and each proof as its hex strings took 39 ms, for the very same
// text (a scratch measurement; bench/deep-lineage.ts times the whole served path and checks that
// both are equal). Writing those pieces straight into one buffer of the exact length, rather than
// joining them into a string that the response then encodes again, took 21 to 23 against 50 to
// 54 ms for that bundle (scratch, two runs of 30, medians: the string, then `Buffer.from` of it,
// as Express sends a string that long).
//
// The result is the same JSON value as `JSON.stringify` of the bundle: a leaf is the JCS of its
// entry, and JCS writes strings and numbers as JSON.stringify does. Only the order of keys that
// look like array indexes could differ (JavaScript objects put them first), which changes no value.

const COMMA = 0x2c;
const QUOTE = 0x22;
const CLOSE_ARRAY = 0x5d;
const CLOSE_OBJECT = 0x7d;
/** What stands between an entry's seq and its leaf, and between its leaf and its proof. */
const BEFORE_ENTRY = ',"entry":';
const BEFORE_PROOF = ',"proof":[';
const OPEN_ENTRY = '{"seq":';

/**
 * The served bytes of a bundle's frame (build.ts). Requires `leafText(seq)` to be the stored leaf
 * text of each entry of the frame, parsed at least once (so that it is JSON, of the entry at that
 * seq), and every proof hash lowercase hex (the store's proof readers check each hash they read,
 * batch-proofs.ts), which is written byte for character.
 *
 * Each distinct proof node is written once. A proof that reaches a node written before copies
 * the bytes from there to the end of the proof that node was written in: that node and the rest
 * of the way to the root, the same for every proof it is in (ProofSet). The deep batch's 10,019
 * proofs hold 140,263 hashes, 23,106 of them distinct; written this way the lineage's proofs took
 * 8.2 to 9.6 ms against 16.8 to 16.9 ms with every hash written (scratch, two runs of 40).
 */
export function bundleFrameJsonBytes(frame: BundleFrame, leafText: (seq: number) => string): Buffer {
  // `entries` is the bundle's last field (buildBundle), so the rest keep their order before it.
  const head = `${JSON.stringify(frame.head).slice(0, -1)},"entries":[`;
  const { seqs } = frame;
  const { nodes, proofs } = frame.proofs;
  const leaves = seqs.map((seq) => leafText(seq));

  let length = Buffer.byteLength(head) + 2 + Math.max(0, seqs.length - 1);
  for (let i = 0; i < seqs.length; i++) {
    const proof = proofs[i]!;
    let proofLength = Math.max(0, proof.length - 1);
    for (const node of proof) proofLength += nodes[node]!.length + 2;
    length += OPEN_ENTRY.length + String(seqs[i]).length + BEFORE_ENTRY.length + Buffer.byteLength(leaves[i]!) + BEFORE_PROOF.length + proofLength + 2;
  }

  const out = Buffer.allocUnsafe(length);
  // Where each node was first written (its opening quote; -1 before), and where the proof it was
  // written in ends (before its closing bracket). Offsets past 2^31 fit a Float64Array.
  const writtenAt = new Float64Array(nodes.length).fill(-1);
  const restEnd = new Float64Array(nodes.length);
  let at = out.write(head, 0, 'utf8');
  for (let i = 0; i < seqs.length; i++) {
    if (i > 0) out[at++] = COMMA;
    at += out.write(`${OPEN_ENTRY}${seqs[i]}${BEFORE_ENTRY}`, at, 'latin1');
    at += out.write(leaves[i]!, at, 'utf8');
    at += out.write(BEFORE_PROOF, at, 'latin1');
    const proof = proofs[i]!;
    // The nodes this proof writes are a prefix of it: from the first one written before, it copies.
    let fresh = 0;
    for (; fresh < proof.length; fresh++) {
      const node = proof[fresh]!;
      if (fresh > 0) out[at++] = COMMA;
      const from = writtenAt[node]!;
      if (from >= 0) {
        const end = restEnd[node]!;
        out.copyWithin(at, from, end);
        at += end - from;
        break;
      }
      writtenAt[node] = at;
      out[at++] = QUOTE;
      // Lowercase hex is ASCII, one byte a character, as the length above counted it.
      at += out.write(nodes[node]!, at, 'latin1');
      out[at++] = QUOTE;
    }
    for (let k = 0; k < fresh; k++) restEnd[proof[k]!] = at;
    out[at++] = CLOSE_ARRAY;
    out[at++] = CLOSE_OBJECT;
  }
  out[at++] = CLOSE_ARRAY;
  out[at++] = CLOSE_OBJECT;
  if (at !== length) throw new Error(`bundle JSON: wrote ${at} bytes of the ${length} counted`);
  return out;
}
