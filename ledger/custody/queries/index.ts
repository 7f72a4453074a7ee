/** Read-side of the custody model: async queries over committed state (a StateSource). */
export { getBatchView, toBatchView } from './batch.js';
export { getProvenance } from './provenance.js';
export { lineageSeqs, walkAncestry } from './ancestry.js';
export { getLineage } from './lineage.js';
export { verifyClaims } from './claims.js';
export { batteryRecycledContent } from './battery.js';
export { retentionReport } from './retention.js';
export { concentrationReport, CONCENTRATION_LIMIT } from './concentration.js';
export { dependencyReport, DEPENDENCY_LINES } from './dependency.js';
export { listHoldings } from './holdings.js';
export { canSeeBatch, canSeeEntry, visibleBatches } from './visibility.js';
