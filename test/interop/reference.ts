// Access to the reference material CI places beside the checkout (../shared/reference/, see its
// README): EPCIS 2.0 schema and context, the CBV 2.0 event-hash golden files, the UNTP 0.6.1
// schemas. Nothing of it is copied into the repository; tests that need it skip, saying why, when
// it is absent (a bare clone).

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const REFERENCE_DIR = join(repoRoot, '..', 'shared', 'reference');

/** Why a reference-backed test is skipped, or undefined when the material is there. */
export function referenceMissing(...parts: string[]): string | undefined {
  const path = join(REFERENCE_DIR, ...parts);
  if (existsSync(path)) return undefined;
  const reason = `reference material ../shared/reference/${parts.join('/')} is absent (bare clone): skipped`;
  console.warn(reason);
  return reason;
}

export function readReferenceText(...parts: string[]): string {
  return readFileSync(join(REFERENCE_DIR, ...parts), 'utf8');
}
export function readReferenceJson(...parts: string[]): any {
  return JSON.parse(readReferenceText(...parts));
}
export function listReference(...parts: string[]): string[] {
  return readdirSync(join(REFERENCE_DIR, ...parts)).sort();
}

export const EPCIS_CONTEXT_URL = 'https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld';

/** A JSON-LD document loader that serves the EPCIS 2.0 context from the reference copy, offline. */
export function epcisDocumentLoader(): (url: string) => Promise<any> {
  const context = readReferenceJson('epcis', 'epcis-context-2.0.0.jsonld');
  return async (url: string) => {
    if (url !== EPCIS_CONTEXT_URL) throw new Error(`no offline copy of ${url}`);
    return { contextUrl: null, documentUrl: url, document: context };
  };
}
