// The pre-hash string of the CBV 2.0 event hash, as the reference generator builds it
// (hash_generator.py of RalphTro/epcis-event-hash-generator, MIT licence): the fields of the
// canonical property order first, each list of values sorted, then every other field rendered
// generically and sorted. Node lists are consumed as they are rendered, so that what the ordered
// pass took is not rendered again by the generic pass.

import { normaliseDigitalLink } from './digital-link.js';
import { type HashChild, type HashNode, isPair } from './hash-tree.js';
import { comparePython, pythonNumericForm } from './python-values.js';
import { normaliseTimestamp } from './timestamp.js';

/** A property order: each name with the order of its children; SKIP marks the pair lists. */
type Order = readonly (readonly [string, Order | null | typeof SKIP])[];
const SKIP = 'skip' as const;

const QUANTITY: Order = [['quantityElement', [['epcClass', null], ['quantity', null], ['uom', null]]]];
const EPC: Order = [['epc', null]];

/** The reference's PROP_ORDER. */
const PROPERTY_ORDER: Order = [
  ['eventTime', null],
  ['eventTimeZoneOffset', null],
  ['certificationInfo', null],
  ['parentID', null],
  ['epcList', EPC],
  ['inputEPCList', EPC],
  ['childEPCs', EPC],
  ['quantityList', QUANTITY],
  ['childQuantityList', QUANTITY],
  ['inputQuantityList', QUANTITY],
  ['outputEPCList', EPC],
  ['outputQuantityList', QUANTITY],
  ['action', null],
  ['transformationID', null],
  ['bizStep', null],
  ['disposition', null],
  ['persistentDisposition', [['set', null], ['unset', null]]],
  ['readPoint', [['id', null]]],
  ['bizLocation', [['id', null]]],
  ['bizTransactionList', SKIP],
  ['sourceList', SKIP],
  ['destinationList', SKIP],
  [
    'sensorElementList',
    [
      [
        'sensorElement',
        [
          [
            'sensorMetadata',
            ['time', 'startTime', 'endTime', 'deviceID', 'deviceMetadata', 'rawData', 'dataProcessingMethod', 'bizRules'].map(
              (n) => [n, null] as const,
            ),
          ],
          [
            'sensorReport',
            [
              'type', 'exception', 'deviceID', 'deviceMetadata', 'rawData', 'dataProcessingMethod', 'time',
              'microorganism', 'chemicalSubstance', 'value', 'component', 'stringValue', 'booleanValue',
              'hexBinaryValue', 'uriValue', 'minValue', 'maxValue', 'meanValue', 'sDev', 'percRank', 'percValue',
              'uom', 'coordinateReferenceSystem',
            ].map((n) => [n, null] as const),
          ],
        ],
      ],
    ],
  ],
];

const NOT_HASHED = ['recordTime', 'eventID', 'type', 'errorDeclaration'];
const WEB_VOCABULARY: [string, string][] = [
  ['urn:epcglobal:cbv:bizstep:', 'https://ref.gs1.org/cbv/BizStep-'],
  ['urn:epcglobal:cbv:disp:', 'https://ref.gs1.org/cbv/Disp-'],
  ['urn:epcglobal:cbv:btt:', 'https://ref.gs1.org/cbv/BTT-'],
  ['urn:epcglobal:cbv:sdt:', 'https://ref.gs1.org/cbv/SDT-'],
  ['urn:epcglobal:cbv:er:', 'https://ref.gs1.org/cbv/ER-'],
];

/** The reference's `_canonize_value`: CBV URNs to web URIs, numbers, then Digital Link. */
export function canonicalValue(text: string): string {
  const known = canonicalValues.get(text);
  if (known !== undefined) return known;
  let t = text;
  for (const [urn, web] of WEB_VOCABULARY) t = t.replaceAll(urn, web);
  t = pythonNumericForm(t);
  const value = normaliseDigitalLink(t) ?? t;
  // A value that cannot be hashed threw above and is not remembered.
  if (canonicalValues.size >= CANONICAL_VALUES_KEPT) canonicalValues.clear();
  canonicalValues.set(text, value);
  return value;
}

/**
 * canonicalValue's answers, kept because a batch's events repeat the same few hundred values
 * (its batches, parties, sites, steps) and each is parsed as a Digital Link; a pure function of
 * its text, so remembering cannot change an answer. Bounded, and emptied when full.
 */
const canonicalValues = new Map<string, string>();
const CANONICAL_VALUES_KEPT = 4096;

const sortPython = (values: string[]): string[] => values.sort(comparePython);

function remove(list: HashChild[], item: HashChild): void {
  const at = list.indexOf(item);
  if (at >= 0) list.splice(at, 1);
}

// User extensions inside a nested element go at the end of that element's string.
function takeUserExtensions(list: HashChild[]): HashNode[] {
  if (list.length <= 1) return [];
  const nodes = list.filter((c): c is HashNode => !isPair(c));
  if (nodes.some((c) => c.name.includes('eventTime') || c.name.includes('action'))) return [];
  const extensions = nodes.filter((c) => c.name.includes('{') && c.name.includes('/}'));
  for (const e of extensions) remove(list, e);
  return extensions;
}

function orderedChild(child: HashNode, sub: Order | null | typeof SKIP): string {
  const grandChildren = sub !== null && sub !== SKIP ? inOrder(child.children, sub) : '';
  let text = '';
  if (child.text) {
    text = child.text.trim();
    const lower = child.name.toLowerCase();
    text = lower.includes('time') && !lower.includes('offset') ? normaliseTimestamp(text) : canonicalValue(text);
    if (text) text = '=' + text;
  }
  return text || grandChildren ? child.name + text + grandChildren : '';
}

function inOrder(list: HashChild[], order: Order): string {
  let out = '';
  const extensions = takeUserExtensions(list);
  for (const [name, sub] of order) {
    const values: string[] = [];
    for (const child of list.filter((c): c is HashNode => !isPair(c) && c.name === name)) {
      const s = orderedChild(child, sub);
      if (s) values.push(s);
      if (child.children.length === 0) remove(list, child);
    }
    out += sortPython(values).join('');
  }
  if (extensions.length > 0) out += generic(extensions);
  return out;
}

function generic(children: readonly HashChild[]): string {
  const values = children.map((child) => {
    if (isPair(child)) return generic(child.pair);
    let text = child.text.trim();
    if (text) text = '=' + canonicalValue(text);
    return child.name + text + generic(child.children);
  });
  const keepOrder = children.some((c) => !isPair(c) && ['bizTransaction', 'source', 'destination'].includes(c.name));
  if (values.length > 1 && !keepOrder) sortPython(values);
  return values.join('');
}

/** The pre-hash string of one event, given as its corrected tree (see hash-tree.ts). */
export function prehashOfTree(event: HashNode): string {
  const children = [...event.children];
  const ordered = inOrder(children, PROPERTY_ORDER);
  const rest = children.filter((c) => isPair(c) || !NOT_HASHED.includes(c.name));
  return 'eventType=' + event.name + ordered + (rest.length > 0 ? generic(rest) : '');
}
