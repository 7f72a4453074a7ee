// The intermediate tree of the CBV 2.0 event hash reference generator (json_to_py.py and
// json_xml_model_mismatch_correction.py of RalphTro/epcis-event-hash-generator, MIT licence):
// an event becomes nodes (name, text, children) shaped like its XML binding, so that JSON and XML
// hash alike. Ported step for step; the order of children matters only where the reference keeps it.

import { comparePython, pythonStr } from './python-values.js';

export interface HashNode {
  name: string;
  text: string;
  children: HashChild[];
}
/** A source, destination or bizTransaction: its first two members, in the order the JSON gives. */
export interface HashPair {
  pair: [HashNode, HashNode];
}
export type HashChild = HashNode | HashPair;

export const isPair = (c: HashChild): c is HashPair => 'pair' in c;

/** Prefix -> "{namespace}", from the document's @context (and any @xmlns keys met). */
export type Namespaces = Map<string, string>;

const ALWAYS_IGNORED = ['#text', 'rdfs:comment', 'comment'];
const UNSORTED_KEYS = ['bizTransaction', 'source', 'destination'];

function namespaced(text: string, ns: Namespaces, isValue: boolean): string {
  const colon = text.indexOf(':');
  if (colon < 0) return text;
  const url = ns.get(text.slice(0, colon));
  if (url === undefined) return text;
  return (isValue ? url.replaceAll('{', '').replaceAll('}', '') : url) + text.slice(colon + 1);
}

/** A document's rewriting of the string values it holds (the reference's bare-value heuristic). */
export type ValueRewrite = (value: string) => string;
const unchanged: ValueRewrite = (value) => value;

/**
 * `value` with `rewrite` applied to every string in it (not to keys), as a copy. Module-level rather than a closure in jsonToTree: tsx (esbuild, keepNames) names every
 * closure it creates, which cost more than the rest of jsonToTree for a ten-thousand-event document.
 */
export function rewriteStrings(value: unknown, rewrite: ValueRewrite): unknown {
  if (typeof value === 'string') return rewrite(value);
  if (Array.isArray(value)) return value.map((v) => rewriteStrings(v, rewrite));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, rewriteStrings(v, rewrite)]));
  }
  return value;
}

/**
 * The reference's `_json_to_py`, of `value` with `rewrite` applied to every string value in it
 * (not to keys), as if it had been applied to the document first.
 */
export function jsonToTree(value: unknown, ns: Namespaces, ignore: readonly string[] = [], rewrite: ValueRewrite = unchanged): HashNode {
  if (Array.isArray(value)) {
    return { name: '', text: '', children: value.map((v) => jsonToTree(v, ns, [], rewrite)) };
  }
  if (value === null || typeof value !== 'object') {
    return { name: '', text: pythonStr(typeof value === 'string' ? namespaced(rewrite(value), ns, true) : value), children: [] };
  }
  const obj = value as Record<string, unknown>;
  const node: HashNode = {
    name: 'type' in obj ? pythonStr(rewriteStrings(obj.type, rewrite)) : '',
    text: '#text' in obj ? pythonStr(rewriteStrings(obj['#text'], rewrite)) : '',
    children: [],
  };
  const skip = ignore.length === 0 ? ALWAYS_IGNORED : [...ALWAYS_IGNORED, ...ignore];
  for (const [key, val] of Object.entries(obj)) {
    if (skip.includes(key)) continue;
    if (key.startsWith('@xmlns')) {
      ns.set(key.slice(7), `{${pythonStr(rewriteStrings(val, rewrite))}}`);
      node.name = namespaced(node.name, ns, false);
      continue;
    }
    const child = jsonToTree(val, ns, [], rewrite);
    const name = namespaced(key, ns, false);
    if (Array.isArray(val)) {
      for (const el of child.children as HashNode[]) node.children.push({ name, text: el.text, children: el.children });
    } else {
      node.children.push({ name, text: child.text, children: child.children });
    }
  }
  if (!UNSORTED_KEYS.some((k) => k in obj)) (node.children as HashNode[]).sort(compareNodes);
  return node;
}

// Python's ordering of (name, text, children) tuples.
function compareNodes(a: HashNode, b: HashNode): number {
  const byName = comparePython(a.name, b.name);
  if (byName !== 0) return byName;
  const byText = comparePython(a.text, b.text);
  if (byText !== 0) return byText;
  const n = Math.min(a.children.length, b.children.length);
  for (let i = 0; i < n; i++) {
    const c = compareNodes(a.children[i] as HashNode, b.children[i] as HashNode);
    if (c !== 0) return c;
  }
  return a.children.length - b.children.length;
}

const PAIR_LISTS = ['sourceList', 'destinationList', 'bizTransactionList'];

/** The reference's `deep_structure_correction`: JSON lists to XML-like list elements. */
export function correctStructure(node: HashNode): HashNode {
  let level: HashChild[] = [...node.children];
  const lists = new Map<string, HashNode[]>();
  for (const el of level.filter((e): e is HashNode => !isPair(e) && e.name.endsWith('List'))) {
    const items = lists.get(el.name) ?? [];
    items.push({ name: el.name.slice(0, -4), text: el.text, children: el.children });
    lists.set(el.name, items);
  }
  level = level.filter((e) => isPair(e) || !e.name.endsWith('List'));
  const rebuilt: HashChild[] = [...level];
  for (const [listName, items] of lists) {
    if (PAIR_LISTS.includes(listName)) {
      const pairs = items.map((item) => {
        const [first, second] = item.children as HashNode[];
        if (first === undefined || second === undefined) {
          throw new Error(`the reference generator cannot hash a ${listName} entry without two members`);
        }
        return { pair: [first, second] as [HashNode, HashNode] };
      });
      rebuilt.push({ name: listName, text: '', children: pairs });
    } else {
      rebuilt.push({ name: listName, text: '', children: items });
    }
  }
  const childEpcs = rebuilt.filter((e): e is HashNode => !isPair(e) && e.name === 'childEPCs');
  const withoutChildEpcs = rebuilt.filter((e) => isPair(e) || e.name !== 'childEPCs');
  if (childEpcs.length > 0) {
    withoutChildEpcs.push({ name: 'childEPCs', text: '', children: childEpcs.map((e) => ({ name: 'epc', text: e.text, children: [] })) });
  }
  const corrected = withoutChildEpcs.map((e) => (isPair(e) || PAIR_LISTS.includes(e.name) ? e : correctStructure(e)));
  return renameForXml({ name: node.name, text: node.text, children: corrected });
}

function renameForXml(node: HashNode): HashNode {
  if (node.name === 'inputEPC' || node.name === 'outputEPC') return { ...node, name: 'epc' };
  const quantityElement =
    ['inputQuantity', 'outputQuantity', 'childQuantity'].includes(node.name) ||
    (node.name === 'quantity' && node.children.length > 0);
  return quantityElement ? { ...node, name: 'quantityElement' } : node;
}
