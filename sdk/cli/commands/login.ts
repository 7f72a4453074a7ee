import { resolve } from 'node:path';
import { keyIdOf } from '../../../ledger/crypto/keys.js';
import { CONNECTION_OPTIONS, loadKey, stringOption, UsageError, type Command } from '../context.js';
import { logKeyArg, LOG_KEY_OPTION } from '../log-key.js';
import { readProfile, writeProfile, type Profile } from '../profile.js';

export const login: Command = {
  name: 'login',
  summary: 'Remember who you are (key file, participant), the server and the pinned log key, so later commands need no flags',
  usage: 'tally login --key <keyfile> --as <participant> [--url <server>] [--log-key <key string or log-key.pub>]',
  examples: ['tally login --key sheffield.json --as sheffield-recycling --url https://tally.example.org --log-key log-key.pub'],
  details: [
    'Writes the profile (mode 0600) to $TALLY_PROFILE, else ~/.config/tally/profile.json; flags and TALLY_URL, TALLY_KEY,',
    'TALLY_AS, TALLY_LOG_KEY still win over it. The profile holds the key file\'s path, not the key. Run again to change it.',
  ],
  options: { ...CONNECTION_OPTIONS, ...LOG_KEY_OPTION },
  async run(args) {
    const key = stringOption(args, 'key');
    const as = stringOption(args, 'as');
    if (!key || !as) throw new UsageError(`--key and --as are required\nusage: ${this.usage}`);
    const keyId = keyIdOf(loadKey(key).publicKey);
    const url = stringOption(args, 'url');
    const profile: Profile = { ...readProfile(), key: resolve(key), as, ...(url ? { url } : {}) };
    if (stringOption(args, 'log-key') !== undefined) profile.logKey = logKeyArg(args);
    const path = writeProfile(profile);
    return {
      json: { profile: path, ...profile, keyId },
      text: `wrote ${path} (mode 0600): acting as ${as} with key ${keyId}${profile.url ? ` at ${profile.url}` : ''}${profile.logKey ? '; log key pinned' : ''}`,
    };
  },
};
