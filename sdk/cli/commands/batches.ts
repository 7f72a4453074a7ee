import { BATCH_STATUSES } from '../../../schemas/primitives.js';
import { clientFor, connection, CONNECTION_OPTIONS, problemResult, stringOption, UsageError, type Command } from '../context.js';
import { oneOf } from '../flags.js';
import { formatMass } from '../mass.js';

/** Most batches fetched for one listing; beyond it the listing says so and --json has the cursor. */
const MAX_PAGES = 50;

export const batches: Command = {
  name: 'batches',
  summary: 'My holdings: the batches you hold now and those in transit from or to you (or another holder, for auditors)',
  usage: 'tally batches [--status <active|in-transit|exported|retired|consumed>] [--holder <participant>] [--json]',
  examples: ['tally batches', 'tally batches --status retired', 'tally batches --holder midlands-rod --as uk-audit --key audit.json'],
  details: ['--holder defaults to yourself (--as, TALLY_AS or the profile); other holders are for auditors and the registrar.'],
  options: { ...CONNECTION_OPTIONS, holder: { type: 'string' }, status: { type: 'string' } },
  async run(args) {
    const holder = stringOption(args, 'holder') ?? connection(args).participant;
    if (!holder) throw new UsageError('whose batches? sign as the holder (--as, TALLY_AS or tally login) or give --holder');
    const statusText = stringOption(args, 'status');
    const status = statusText === undefined ? undefined : oneOf(statusText, BATCH_STATUSES, '--status');
    const api = clientFor(args);
    const list = [];
    let after: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const { data, error } = await api.GET('/v1/batches', { params: { query: { holder, ...(status ? { status } : {}), ...(after ? { after } : {}), limit: 500 } } });
      if (error) return problemResult(error);
      list.push(...data.batches);
      after = data.next;
      if (!after) break;
    }
    const width = Math.max(5, ...list.map((b) => b.id.length));
    const lines = list.map((b) => {
      const where = b.status === 'in-transit' && b.transit ? `${b.custodian} -> ${b.transit.to} at ${b.transit.toSite}` : `${b.custodian} at ${b.site}`;
      return `${b.id.padEnd(width)}  ${formatMass(b.massG).padStart(12)}  ${`${b.material} ${b.form}`.padEnd(18)} ${b.status.padEnd(10)} ${where}`;
    });
    const header = `${list.length} batch${list.length === 1 ? '' : 'es'} of ${holder}${status ? ` (${status})` : ''}${after ? ` (first ${list.length}; more with --json's next)` : ''}`;
    return { json: { holder, batches: list, ...(after ? { next: after } : {}) }, text: [header, ...lines].join('\n') };
  },
};
