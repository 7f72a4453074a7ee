// The CBV 2.0 event hash (GS1 CBV 2.0 section 8.9) of the events of an EPCIS 2.0 JSON-LD
// document, exactly as the reference generator (RalphTro/epcis-event-hash-generator) computes it;
// the differences between that generator and the algorithm's prose are listed in
// docs/protocol-notes.md. Pure: the vocabulary expansion of the document is handed in.

import { sha256 as nobleSha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { correctStructure, jsonToTree, rewriteStrings, type Namespaces, type ValueRewrite } from './hash-tree.js';
import { prehashOfTree } from './prehash.js';

const CBV_PREFIXES = ['https://ref.gs1.org/cbv', 'https://gs1.org/voc'];
// The reference looks for its ignore list under the prefix bound to this namespace.
const IGNORE_FIELDS_NAMESPACE = '{https://repository-x.example.com/}';

/**
 * The CBV and GS1 vocabulary URIs among the string values of a JSON-LD expansion of the document:
 * the set from which bare values (`shipping`, `owning_party`) are given their web URI.
 */
export function vocabularyOfExpansion(expanded: unknown): Set<string> {
  const found = new Set<string>();
  const walk = (v: unknown): void => {
    if (typeof v === 'string') {
      if (CBV_PREFIXES.some((p) => v.startsWith(p))) found.add(v);
    } else if (Array.isArray(v)) v.forEach(walk);
    else if (v !== null && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk(expanded);
  return found;
}

// The reference's heuristic: a string that is the bare form of exactly one vocabulary URI of the
// document (anywhere in it, extensions included) becomes that URI; the bare forms of a URI are
// what follows each '-' or '/' in it. The reference rewrites the whole document first; here the
// rewrite is applied to each string where the hash reads it (jsonToTree, the @context, the ignore
// list), the same strings, without copying a document of ten thousand events, and each string is
// looked up among the bare forms rather than tested against every URI.
function bareValueRewrite(vocabulary: readonly string[]): ValueRewrite {
  const urisByBareForm = new Map<string, Set<string>>();
  for (const uri of vocabulary) {
    for (let i = 0; i < uri.length; i++) {
      if (uri[i] !== '-' && uri[i] !== '/') continue;
      const bare = uri.slice(i + 1);
      urisByBareForm.set(bare, (urisByBareForm.get(bare) ?? new Set()).add(uri));
    }
  }
  return (value) => {
    const uris = urisByBareForm.get(value);
    return uris?.size === 1 ? uris.values().next().value! : value;
  };
}

function namespacesOf(context: unknown): Namespaces {
  const ns: Namespaces = new Map();
  if (!Array.isArray(context)) throw new Error('the reference generator needs @context to be an array');
  for (const c of context) {
    if (typeof c === 'string') ns.set(c, `{${c}}`);
    else if (c !== null && typeof c === 'object') {
      for (const [prefix, url] of Object.entries(c)) {
        if (typeof url !== 'string') throw new Error(`the reference generator cannot read the @context term '${prefix}'`);
        ns.set(prefix, `{${url}}`);
      }
    }
  }
  return ns;
}

type Json = Record<string, unknown>;

function eventsOf(doc: Json, ignoreKey: string): { events: unknown[]; ignore: string[] } {
  const body = doc.epcisBody as Json | undefined;
  if (body === undefined || body === null || typeof body !== 'object') throw new Error('no epcisBody');
  const ignoreOf = (holder: Json): string[] => (Array.isArray(holder[ignoreKey]) ? (holder[ignoreKey] as string[]) : []);
  if ('eventList' in body) return { events: body.eventList as unknown[], ignore: ignoreOf(doc) };
  if ('queryResults' in body) {
    const results = body.queryResults as Json;
    return { events: ((results.resultsBody as Json).eventList as unknown[]) ?? [], ignore: ignoreOf(results) };
  }
  return { events: [body.event], ignore: ignoreOf(doc) };
}

/**
 * The pre-hash strings of every event of an EPCIS 2.0 JSON-LD document, in document order.
 * @param vocabulary the document's expanded CBV/GS1 vocabulary URIs ({@link vocabularyOfExpansion}
 *   of its JSON-LD expansion, or Tally's own table for the documents Tally writes).
 * @throws Error where the reference generator fails too (a non-array @context, a source without type).
 */
export function eventPrehashes(document: unknown, vocabulary: Iterable<string>): string[] {
  // Nothing here changes `document`; the @context is filtered on a copy of the top level.
  const doc = { ...(document as Json) };
  if (Array.isArray(doc['@context'])) {
    doc['@context'] = doc['@context'].filter((c) => typeof c !== 'object' || c === null || Object.keys(c).length > 0);
  }
  const rewrite = bareValueRewrite([...new Set(vocabulary)].filter((u) => CBV_PREFIXES.some((p) => u.startsWith(p))));
  const ns = namespacesOf(rewriteStrings(doc['@context'], rewrite));
  const prefix = [...ns].find(([, url]) => url === IGNORE_FIELDS_NAMESPACE)?.[0] ?? '';
  const { events, ignore } = eventsOf(doc, `${prefix}:ignoreFields`);
  const ignored = rewriteStrings(ignore, rewrite) as string[];
  return events.map((event) => prehashOfTree(correctStructure(jsonToTree(event, ns, ignored, rewrite))));
}

/** SHA-256, injectable so that a server can use node:crypto where a browser keeps noble. */
type Sha256 = (bytes: Uint8Array) => Uint8Array;

/** `ni:///sha-256;<hex>?ver=CBV2.0` of a pre-hash string. */
export function eventHashOfPrehash(prehash: string, sha256: Sha256 = nobleSha256): string {
  return `ni:///sha-256;${bytesToHex(sha256(utf8ToBytes(prehash)))}?ver=CBV2.0`;
}

/** The CBV 2.0 event hash of every event of the document, in document order. */
export function eventHashes(document: unknown, vocabulary: Iterable<string>, sha256: Sha256 = nobleSha256): string[] {
  return eventPrehashes(document, vocabulary).map((prehash) => eventHashOfPrehash(prehash, sha256));
}
