import { CONNECTION_OPTIONS, problemResult, publicClient, type Command } from '../context.js';

export const participants: Command = {
  name: 'participants',
  summary: 'The public directory: every participant with its roles, sites (country) and current key ids',
  usage: 'tally participants [--role <role>] [--json]',
  examples: ['tally participants', 'tally participants --role recycler'],
  options: { url: CONNECTION_OPTIONS.url, role: { type: 'string' } },
  async run(args) {
    const { data, error } = await publicClient(args).GET('/v1/participants');
    if (error) return problemResult(error);
    const role = typeof args.values.role === 'string' ? args.values.role : undefined;
    const list = data.participants.filter((p) => !role || (p.roles as string[]).includes(role));
    const lines = list.map((p) => {
      const keys = p.keys.filter((k) => k.revokedSeq === undefined).map((k) => k.keyId);
      return [`${p.id}  ${p.name} (${p.country}) ${p.roles.join(', ')}`, `  sites: ${p.sites.map((s) => `${s.id} (${s.country})`).join(', ') || 'none'}`, `  keys: ${keys.join(', ') || 'none valid'}`].join('\n');
    });
    return { json: { participants: list }, text: lines.join('\n') || 'no participants' };
  },
};
