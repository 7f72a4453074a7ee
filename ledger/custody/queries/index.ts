/** Read-side of the custody model: async queries over committed state (a StateSource). */
export { getBatchView, toBatchView } from './batch.js';
export { getProvenance, lineageSeqs } from './provenance.js';
export { getLineage } from './lineage.js';
export { verifyClaims } from './claims.js';
export { retentionReport } from './retention.js';
export { concentrationReport, CONCENTRATION_LIMIT } from './concentration.js';
export { canSeeBatch, canSeeEntry } from './visibility.js';
export { dependencyReport, DEPENDENCY_LINES } from './dependency.js';
export { listHoldings } from './holdings.js';
