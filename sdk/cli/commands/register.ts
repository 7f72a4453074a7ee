import { ORIGIN_KINDS } from '../../../schemas/primitives.js';
import { appendEvent, EVENT_DETAILS, EVENT_OPTIONS } from '../append.js';
import { CONNECTION_OPTIONS, positional, requiredOption, stringOption, UsageError, type Command } from '../context.js';
import { massFlag, oneOf } from '../flags.js';
import { formatMass } from '../mass.js';

export const register: Command = {
  name: 'register',
  summary: 'Recycler or mine: register a new batch (scrap bought in, metal mined) at one of your sites',
  usage:
    'tally register <batch-id> --material <m> --form <f> --mass <12.5t|800kg|1200g> --site <site> --origin <post-consumer|pre-consumer|primary> --country <CC> [--grade <g>] [--supplier <business-id> | --supplier-commitment <64 hex>]',
  examples: ['tally register cu-birch-0907 --material copper --form scrap --grade "Birch/Cliff" --mass 12.5t --site attercliffe --origin post-consumer --country GB'],
  details: [
    '--origin post-consumer: scrap from products after use; pre-consumer: offcuts from making things; primary: mined or refined ore.',
    '--country is where the material came from (ISO 3166-1 alpha-2: GB, not UK).',
    '--supplier-commitment: for a person who sold the scrap, a salted SHA-256 of their identity kept off the ledger.',
    ...EVENT_DETAILS,
  ],
  options: {
    ...CONNECTION_OPTIONS,
    ...EVENT_OPTIONS,
    material: { type: 'string' },
    form: { type: 'string' },
    grade: { type: 'string' },
    mass: { type: 'string' },
    site: { type: 'string' },
    origin: { type: 'string' },
    country: { type: 'string' },
    supplier: { type: 'string' },
    'supplier-commitment': { type: 'string' },
  },
  async run(args) {
    const id = positional(args, 'new batch', this);
    const massG = massFlag(requiredOption(args, 'mass', 'e.g. --mass 12.5t'));
    const origin = oneOf(requiredOption(args, 'origin'), ORIGIN_KINDS, '--origin');
    const country = requiredOption(args, 'country', 'the origin country, e.g. --country GB');
    const business = stringOption(args, 'supplier');
    const commitment = stringOption(args, 'supplier-commitment');
    if (business && commitment) throw new UsageError('give --supplier (a business) or --supplier-commitment (a person), not both');
    const grade = stringOption(args, 'grade');
    const batch = {
      id,
      material: requiredOption(args, 'material', 'e.g. --material copper'),
      form: requiredOption(args, 'form', 'e.g. --form scrap'),
      ...(grade ? { grade } : {}),
      massG,
      site: requiredOption(args, 'site', 'one of your sites'),
    };
    const supplier = business ? { kind: 'business', ref: business } : commitment ? { kind: 'individual', ref: commitment } : undefined;
    return appendEvent(
      args,
      'batch.register',
      { batch, origin: { kind: origin, country }, ...(supplier ? { supplier } : {}) },
      `${id}: ${formatMass(massG)} of ${batch.material} ${batch.form}, ${origin} from ${country}, at ${batch.site}`,
    );
  },
};
