import { appendEvent, EVENT_DETAILS, EVENT_OPTIONS } from '../append.js';
import { CONNECTION_OPTIONS, positional, requiredOption, stringOption, UsageError, type Command } from '../context.js';
import { oneOf } from '../flags.js';
import { formatMass } from '../mass.js';
import { splitFlags } from './transfer.js';

const WASTE_SCHEMES = ['basel', 'ewc', 'oecd'] as const;

export const exportBatch: Command = {
  name: 'export',
  summary: 'Ship a batch (or a split of it) out of the home country; counted in the retention report',
  usage: 'tally export <batch> --to-country <CC> --consignee <name> [--facility <name>] [--recovery-code R4] [--waste-code basel:B1010] [--reference <text>] [--split <new-id> --mass <m>]',
  examples: ['tally export fe-hms-2026-031 --to-country TR --consignee "Aliaga Steel" --recovery-code R4 --waste-code basel:B1010 --reference "Annex VII 2026/118"'],
  details: ['--waste-code <scheme>:<code>, scheme basel, ewc or oecd.', ...EVENT_DETAILS],
  options: {
    ...CONNECTION_OPTIONS,
    ...EVENT_OPTIONS,
    'to-country': { type: 'string' },
    consignee: { type: 'string' },
    facility: { type: 'string' },
    'recovery-code': { type: 'string' },
    'waste-code': { type: 'string' },
    reference: { type: 'string' },
    split: { type: 'string' },
    mass: { type: 'string' },
  },
  async run(args) {
    const batch = positional(args, 'batch to export', this);
    const country = requiredOption(args, 'to-country', 'the destination country, e.g. --to-country TR');
    const consignee = requiredOption(args, 'consignee', 'the receiving organisation');
    const facility = stringOption(args, 'facility');
    const recoveryCode = stringOption(args, 'recovery-code');
    const reference = stringOption(args, 'reference');
    const wasteText = stringOption(args, 'waste-code');
    let wasteCode: { scheme: string; code: string } | undefined;
    if (wasteText !== undefined) {
      const [scheme, code] = wasteText.split(':');
      if (!scheme || !code) throw new UsageError(`--waste-code "${wasteText}": write <scheme>:<code>, e.g. basel:B1010`);
      wasteCode = { scheme: oneOf(scheme, WASTE_SCHEMES, '--waste-code scheme'), code };
    }
    const split = splitFlags(stringOption(args, 'split'), stringOption(args, 'mass'));
    const destination = { country, consignee, ...(facility ? { facility } : {}), ...(recoveryCode ? { recoveryCode } : {}) };
    const what = split ? `${split.id} (${formatMass(split.massG)} split off ${batch})` : batch;
    return appendEvent(
      args,
      'batch.export',
      { batch, destination, ...(split ? { split } : {}), ...(wasteCode ? { wasteCode } : {}), ...(reference ? { reference } : {}) },
      `${what} exported to ${consignee}, ${country}${wasteCode ? ` (${wasteCode.scheme} ${wasteCode.code})` : ''}`,
    );
  },
};
