// EU Battery Regulation 2023/1542 Article 8: minimum shares of recycled cobalt, lithium, nickel
// and lead in a battery, stated in a passport as UNTP conformity claims, one per constituent the
// batch holds, with the recycled, pre-consumer and post-consumer shares from its composition.

import { constituentGrams, type PassportBatch } from './materials.js';

/** Article 8(2) minimums from 18 August 2031 (lead from 2031 too); 8(3) from 2036 are in the description. */
export const ARTICLE_8_MINIMUMS = { cobalt: 0.16, lithium: 0.06, nickel: 0.06, lead: 0.85 } as const;
const ARTICLE_8_2036 = { cobalt: 0.26, lithium: 0.12, nickel: 0.15, lead: 0.85 } as const;
export type Article8Material = keyof typeof ARTICLE_8_MINIMUMS;

const REGULATION = {
  type: ['Regulation'],
  id: 'https://eur-lex.europa.eu/eli/reg/2023/1542/oj',
  name: 'Regulation (EU) 2023/1542 concerning batteries and waste batteries, Article 8 (recycled content)',
  administeredBy: { id: 'https://commission.europa.eu/', name: 'European Commission' },
  effectiveDate: '2023-08-17',
} as const;

const metric = (metricName: string, value: number) => ({ type: ['Metric'], metricName, metricValue: { type: ['Measure'], value, unit: 'C62' } });

/** One claim per Article 8 constituent of the batch, in the order cobalt, lithium, nickel, lead. */
export function article8ClaimsOf(batchUrl: string, batch: PassportBatch): Record<string, unknown>[] {
  const claims: Record<string, unknown>[] = [];
  for (const material of Object.keys(ARTICLE_8_MINIMUMS) as Article8Material[]) {
    const g = constituentGrams(batch, material);
    if (g.massG === 0) continue;
    const recycled = (g.preConsumerG + g.postConsumerG) / g.massG;
    claims.push({
      type: ['Claim', 'Declaration'],
      id: `${batchUrl}#eu-2023-1542-article-8-${material}`,
      description:
        `Recycled ${material} share of the ${material} in this batch, pre- and post-consumer, from its ledger composition. ` +
        `Article 8 minimum: ${ARTICLE_8_MINIMUMS[material]} from 2031, ${ARTICLE_8_2036[material]} from 2036.`,
      referenceRegulation: REGULATION,
      declaredValue: [
        metric(`recycled ${material} share`, recycled),
        metric(`pre-consumer recycled ${material} share`, g.preConsumerG / g.massG),
        metric(`post-consumer recycled ${material} share`, g.postConsumerG / g.massG),
      ],
      conformance: recycled >= ARTICLE_8_MINIMUMS[material],
      conformityTopic: 'circularity.content',
    });
  }
  return claims;
}
