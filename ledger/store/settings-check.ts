import type { Entry } from '../../schemas/entry.js';
import { TallyError } from '../errors.js';
import { toBase64Url } from '../encoding/bytes.js';

interface GenesisFields {
  ledger: string;
  homeCountry: string;
  logKey: string;
  registrar: { keys: string[] };
}

/**
 * Genesis fixes the origin, the home country, the log key and the registrar's first key. A
 * restart with other settings would silently fork the ledger's meaning, so it is refused.
 * @throws TallyError `store_config_mismatch`, naming each setting that differs
 */
export function checkGenesisSettings(
  genesis: Entry,
  settings: { origin: string; homeCountry: string; registrar: { publicKey: Uint8Array } },
  logKey: string,
): void {
  const fixed = genesis.event as unknown as GenesisFields;
  const differences: string[] = [];
  if (fixed.ledger !== settings.origin) differences.push(`origin is ${fixed.ledger}, not ${settings.origin} (TALLY_ORIGIN)`);
  if (fixed.homeCountry !== settings.homeCountry) {
    differences.push(`home country is ${fixed.homeCountry}, not ${settings.homeCountry} (TALLY_HOME_COUNTRY)`);
  }
  if (fixed.logKey !== logKey) differences.push('the log key in the data directory is not the one genesis names');
  if (fixed.registrar.keys[0] !== toBase64Url(settings.registrar.publicKey)) {
    differences.push('the registrar key is not the one genesis names (TALLY_REGISTRAR_KEY)');
  }
  if (differences.length > 0) {
    throw new TallyError('store_config_mismatch', `settings fixed at genesis differ: ${differences.join('; ')}`);
  }
}
