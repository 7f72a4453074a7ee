import { existsSync, readFileSync } from 'node:fs';
import { toBase64Url } from '../../../ledger/encoding/bytes.js';
import { ROLES } from '../../../schemas/primitives.js';
import { appendEvent, EVENT_DETAILS, EVENT_OPTIONS } from '../append.js';
import { clientFor, CONNECTION_OPTIONS, listOption, loadKey, positional, problemResult, requiredOption, stringOption, UsageError, type Command } from '../context.js';
import { oneOf } from '../flags.js';

/** A public key given as base64url, as the `.pub` file tally keygen writes, or as a key file (its public half). */
function publicKeyArg(given: string): string {
  let text = given;
  if (existsSync(given)) {
    const content = readFileSync(given, 'utf8').trim();
    if (content.startsWith('{')) return toBase64Url(loadKey(given).publicKey);
    text = content;
  }
  if (!/^[A-Za-z0-9_-]{43}$/.test(text)) throw new UsageError(`--public-key "${text}": give the participant's public key (base64url, 43 characters, as tally keygen prints it) or its .pub file`);
  return text;
}

/** `attercliffe=Attercliffe yard@GB` into a site. */
function siteArg(text: string): { id: string; name: string; country: string } {
  const match = /^([^=]+)=(.+)@([A-Z]{2})$/.exec(text);
  if (!match) throw new UsageError(`--site "${text}": write <id>=<name>@<country>, e.g. attercliffe="Attercliffe yard"@GB`);
  return { id: match[1]!, name: match[2]!, country: match[3]! };
}

const SITE_HELP = "--site <id>=<name>@<CC> (repeatable), e.g. --site attercliffe='Attercliffe yard@GB'";

export const participantAdd: Command = {
  name: 'participant add',
  summary: 'Registrar: admit a participant with its roles, sites and public key',
  usage: 'tally participant add <id> --name <name> --role <role> [--role ...] --country <CC> --site <id>=<name>@<CC> [--site ...] --public-key <base64url|file.pub> [--public-key ...]',
  examples: [
    "tally participant add sheffield-recycling --name 'Sheffield Recycling Ltd' --role recycler --country GB --site 'attercliffe=Attercliffe yard@GB' --public-key sheffield.pub --as registrar --key registrar.json",
  ],
  details: [`Roles: ${ROLES.join(', ')}.`, SITE_HELP, 'Signed as the registrar: --as registrar --key <the registrar key file>.', ...EVENT_DETAILS],
  options: {
    ...CONNECTION_OPTIONS,
    ...EVENT_OPTIONS,
    name: { type: 'string' },
    role: { type: 'string', multiple: true },
    country: { type: 'string' },
    site: { type: 'string', multiple: true },
    'public-key': { type: 'string', multiple: true },
  },
  async run(args) {
    const id = positional(args, 'new participant id', this);
    const roles = listOption(args, 'role').map((r) => oneOf(r, ROLES, '--role'));
    const keys = listOption(args, 'public-key').map(publicKeyArg);
    const sites = listOption(args, 'site').map(siteArg);
    if (roles.length === 0) throw new UsageError(`give at least one --role (${ROLES.join(', ')})`);
    if (keys.length === 0) throw new UsageError("give the participant's --public-key (from its tally keygen)");
    const participant = { id, name: requiredOption(args, 'name'), roles, country: requiredOption(args, 'country'), sites, keys };
    return appendEvent(args, 'participant.register', { participant }, `${id} (${participant.name}): ${roles.join(', ')}; sites ${sites.map((s) => `${s.id} (${s.country})`).join(', ') || 'none'}; ${keys.length} key(s)`);
  },
};

export const participantUpdate: Command = {
  name: 'participant update',
  summary: "Registrar: change a participant's name, roles, country or sites (keys change with participant keys)",
  usage: 'tally participant update <id> [--name <name>] [--role <role> ...] [--country <CC>] [--site <id>=<name>@<CC> ...]',
  examples: ["tally participant update sheffield-recycling --site 'tinsley=Tinsley depot@GB' --as registrar --key registrar.json"],
  details: ['Unchanged fields are kept from the directory; --role replaces the roles; --site adds or renames a site; sites are never removed (batches name the site they are at).', SITE_HELP, ...EVENT_DETAILS],
  options: {
    ...CONNECTION_OPTIONS,
    ...EVENT_OPTIONS,
    name: { type: 'string' },
    role: { type: 'string', multiple: true },
    country: { type: 'string' },
    site: { type: 'string', multiple: true },
  },
  async run(args) {
    const id = positional(args, 'participant', this);
    const { data: current, error } = await clientFor(args).GET('/v1/participants/{id}', { params: { path: { id } } });
    if (error) return problemResult(error);
    const roles = listOption(args, 'role').map((r) => oneOf(r, ROLES, '--role'));
    const sites = new Map(current.sites.map((s) => [s.id, { id: s.id, name: s.name, country: s.country }]));
    for (const site of listOption(args, 'site').map(siteArg)) sites.set(site.id, site);
    const participant = {
      id,
      name: stringOption(args, 'name') ?? current.name,
      roles: roles.length > 0 ? roles : current.roles,
      country: stringOption(args, 'country') ?? current.country,
      sites: [...sites.values()],
    };
    return appendEvent(args, 'participant.update', { participant }, `${id} (${participant.name}): ${participant.roles.join(', ')}; sites ${participant.sites.map((s) => s.id).join(', ') || 'none'}`);
  },
};

export const participantKeys: Command = {
  name: 'participant keys',
  summary: "Registrar: add or revoke a participant's keys (rotation; a revoked key signs nothing from here on)",
  usage: 'tally participant keys <id> [--add <base64url|file.pub> ...] [--revoke <keyId> ...]',
  examples: ['tally participant keys sheffield-recycling --add sheffield-2027.pub --revoke 9f86d081884c7d65 --as registrar --key registrar.json'],
  details: EVENT_DETAILS,
  options: { ...CONNECTION_OPTIONS, ...EVENT_OPTIONS, add: { type: 'string', multiple: true }, revoke: { type: 'string', multiple: true } },
  async run(args) {
    const participant = positional(args, 'participant', this);
    const add = listOption(args, 'add').map(publicKeyArg);
    const revoke = listOption(args, 'revoke');
    if (add.length + revoke.length === 0) throw new UsageError('give --add <key> or --revoke <keyId> (or both)');
    return appendEvent(args, 'participant.keys', { participant, add, revoke }, `${participant}: ${add.length} key(s) added, ${revoke.length} revoked`);
  },
};
