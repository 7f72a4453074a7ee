import { TallyError } from '../errors.js';
import { parseCosignerKey, type CosignerKey } from './cosignature.js';

/** A witness the log submits its checkpoints to. */
export interface ConfiguredWitness {
  /** Its cosignature/v1 verifier key string. */
  vkey: string;
  key: CosignerKey;
  /** Its submission prefix, without a trailing slash (`<url>/add-checkpoint`). */
  url: string;
}

/**
 * Reads `TALLY_WITNESSES`: entries separated by newlines or commas, each
 * `<witness verifier key string> <witness base URL>`. Blank entries are ignored.
 * @throws TallyError `invalid_cosignature` naming the entry: a bad key, a URL that is not
 *   http(s), or a witness listed twice.
 */
export function parseWitnessList(text: string): ConfiguredWitness[] {
  const witnesses: ConfiguredWitness[] = [];
  text.split(/[\n,]/).forEach((raw, i) => {
    const entry = raw.trim();
    if (entry === '') return;
    const parts = entry.split(/\s+/);
    if (parts.length !== 2) throw new TallyError('invalid_cosignature', `TALLY_WITNESSES entry ${i + 1}: expected "<verifier key> <url>"`);
    const [vkey, url] = parts as [string, string];
    let key: CosignerKey;
    try {
      key = parseCosignerKey(vkey);
    } catch (err) {
      throw new TallyError('invalid_cosignature', `TALLY_WITNESSES entry ${i + 1}: ${(err as Error).message}`);
    }
    if (!/^https?:\/\/[^\s]+$/.test(url)) throw new TallyError('invalid_cosignature', `TALLY_WITNESSES entry ${i + 1}: ${url} is not an http(s) URL`);
    if (witnesses.some((w) => w.vkey === vkey)) throw new TallyError('invalid_cosignature', `TALLY_WITNESSES entry ${i + 1}: witness listed twice`);
    witnesses.push({ vkey, key, url: url.replace(/\/+$/, '') });
  });
  return witnesses;
}
