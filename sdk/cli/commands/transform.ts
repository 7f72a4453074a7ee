import { appendEvent, EVENT_DETAILS, EVENT_OPTIONS } from '../append.js';
import { clientFor, CONNECTION_OPTIONS, listOption, problemResult, requiredOption, stringOption, UsageError, type Command } from '../context.js';
import { massFlag, pair } from '../flags.js';
import { formatMass } from '../mass.js';

interface Output {
  id: string;
  material: string;
  form: string;
  grade?: string;
  massG: number;
}

/** `rod-1=20t[,form=rod][,material=copper][,grade=C101]` into an output. */
function parseOutput(text: string, defaults: { material?: string; form?: string }): Output {
  const [head, ...options] = text.split(',');
  const [id, mass] = pair(head!, '--out', '<new-id>=<mass>, e.g. rod-1=20t');
  if (mass === undefined) throw new UsageError(`--out ${text}: give the mass, e.g. --out ${id}=20t`);
  const extra: Record<string, string> = {};
  for (const option of options) {
    const [name, value] = pair(option, '--out', 'form=rod, material=copper or grade=C101');
    if (!['material', 'form', 'grade'].includes(name) || value === undefined) throw new UsageError(`--out ${text}: "${option}" should be material=, form= or grade=`);
    extra[name] = value;
  }
  const material = extra.material ?? defaults.material;
  const form = extra.form ?? defaults.form;
  if (!material) throw new UsageError(`--out ${id}: name the material (--material, or ${id}=...,material=copper)`);
  if (!form) throw new UsageError(`--out ${id}: name the form (--form, or ${id}=...,form=rod)`);
  return { id, material, form, ...(extra.grade ? { grade: extra.grade } : {}), massG: massFlag(mass, `--out ${id}=`) };
}

export const transform: Command = {
  name: 'transform',
  summary: 'Melt, refine, roll or sort: consume input batches at one of your sites and make new output batches',
  usage: 'tally transform --process <p> --site <site> --in <batch>[=<mass>] [--in ...] --out <new-id>=<mass>[,form=..,material=..,grade=..] [--out ...] [--material <m>] [--form <f>]',
  examples: [
    'tally transform --process "rod rolling" --site walsall --in cu-birch-0907 --in cu-cathode-cl-77=7t --out cu-rod-8mm-1=19.4t --form rod',
  ],
  details: [
    '--in without a mass consumes the whole batch; outputs take shares of the pooled inputs.',
    '--material defaults to the inputs\' material when they share one; --form applies to every output without its own.',
    'Mass-balance allocation (ISO 22095) is not a flag: write the event in a file and use tally submit.',
    ...EVENT_DETAILS,
  ],
  options: {
    ...CONNECTION_OPTIONS,
    ...EVENT_OPTIONS,
    process: { type: 'string' },
    site: { type: 'string' },
    in: { type: 'string', multiple: true },
    out: { type: 'string', multiple: true },
    material: { type: 'string' },
    form: { type: 'string' },
  },
  async run(args) {
    const process = requiredOption(args, 'process', 'e.g. --process remelt');
    const site = requiredOption(args, 'site', 'your site where it happens');
    const inTexts = listOption(args, 'in');
    const outTexts = listOption(args, 'out');
    if (inTexts.length === 0 || outTexts.length === 0) throw new UsageError(`give at least one --in and one --out\nusage: ${this.usage}`);
    const api = clientFor(args);
    const inputs: Array<{ batch: string; massG: number }> = [];
    const materials = new Set<string>();
    for (const text of inTexts) {
      const [batch, mass] = pair(text, '--in', '<batch>[=<mass>], e.g. cu-1=12t');
      const { data, error } = await api.GET('/v1/batches/{id}', { params: { path: { id: batch } } });
      if (error) return problemResult(error);
      materials.add(data.material);
      inputs.push({ batch, massG: mass === undefined ? data.massG : massFlag(mass, `--in ${batch}=`) });
    }
    const material = stringOption(args, 'material') ?? (materials.size === 1 ? [...materials][0] : undefined);
    const form = stringOption(args, 'form');
    const outputs = outTexts.map((text) => parseOutput(text, { ...(material ? { material } : {}), ...(form ? { form } : {}) }));
    const consumed = inputs.reduce((sum, i) => sum + i.massG, 0);
    const made = outputs.reduce((sum, o) => sum + o.massG, 0);
    const summary = [
      `${process} at ${site}: ${inputs.map((i) => `${i.batch} ${formatMass(i.massG)}`).join(' + ')}`,
      `  -> ${outputs.map((o) => `${o.id} ${formatMass(o.massG)} ${o.material} ${o.form}`).join(', ')}${consumed > made ? ` (${formatMass(consumed - made)} process loss)` : ''}`,
    ].join('\n');
    return appendEvent(args, 'batch.transform', { process, site, inputs, outputs }, summary);
  },
};
