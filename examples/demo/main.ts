/**
 * `npm run demo`: Tally on the embedded LevelDB store with a UK story told through the SDK: a
 * recycler, a remelter, a rod mill, a cable maker, a steel EAF, a battery maker, a policy maker
 * and an auditor, each shown what they would see. The server keeps running afterwards (open the
 * web explorer at /, the API docs at /docs, or use the `tally` CLI) until Ctrl-C, unless --exit;
 * files to try the explorer with (a bundle, a tampered bundle, two key files) are written to the
 * data directory's `explorer/` folder. The temporary data directory (the store and the log key)
 * is removed on exit unless --keep; a directory given with --data-dir is always kept. The
 * registrar's key lives only in this process, as it would live only on the registrar's own machine.
 *
 *   npm run demo [-- --port 8080] [--data-dir <dir>] [--exit] [--keep]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { readConfig } from '../../api/config.js';
import { startServer } from '../../api/server.js';
import { createTallyClient } from '../../sdk/client.js';
import { EventSigner } from '../../sdk/event-builder.js';
import { generateKeyPair } from '../../ledger/crypto/keys.js';
import { toBase64Url } from '../../ledger/encoding/bytes.js';
import { castOfMembers } from './cast.js';
import { auditorView } from './auditor.js';
import { writeExplorerFiles } from './explorer-files.js';
import { batteryStory, brassStory } from './battery-story.js';
import { aluminiumStory, copperStory, lithiumStory, registerMembers, sender, steelStory } from './story.js';
import { heading, showBatteryContent, showClaims, showConcentration, showConstituents, showRetention } from './views.js';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: process.env.PORT ?? '8080' },
    'data-dir': { type: 'string' },
    exit: { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
  },
});
const temporary = values['data-dir'] === undefined;
const dataDir = resolve(values['data-dir'] ?? mkdtempSync(join(tmpdir(), 'tally-demo-')));

/** Removes the temporary data directory (store and log key) unless asked to keep it; runs however the demo ends. */
process.once('exit', () => {
  if (temporary && !values.keep) rmSync(dataDir, { recursive: true, force: true });
  else console.log(`The data directory is kept: ${dataDir}`);
});

const registrarKey = generateKeyPair();
const config = readConfig({ ...process.env, PORT: values.port, TALLY_DATA_DIR: dataDir, TALLY_REGISTRAR_KEY: toBase64Url(registrarKey.publicKey) });
let running: Awaited<ReturnType<typeof startServer>>;
try {
  running = await startServer(config, () => {});
} catch (err) {
  // A busy port (or a refused store) ends the demo with the reason, as `npm start` does.
  const e = err as Error & { code?: string };
  console.error(`demo: cannot start: ${e.code ? `[${e.code}] ` : ''}${e.message}`);
  process.exit(1);
}
const origin = running.ledger.info.origin;
console.log(`Tally is serving ${origin} at ${running.url} (LevelDB in ${dataDir}); web explorer at ${running.url}/, API docs at ${running.url}/docs`);

const api = createTallyClient({ baseUrl: running.url });
const send = sender(api);
const registrar = new EventSigner({ ledger: origin, actor: 'registrar', secretKey: registrarKey.secretKey });
const cast = castOfMembers(running.url, origin);

heading('Registrar', `admits ${Object.keys(cast).length} organisations to the directory`);
await registerMembers(send, registrar, cast);
console.log(`  ${Object.values(cast).map((m) => m.id).join(', ')}`);

heading('Sheffield Recycling', 'registers scrap (cans bought from the public, with the identity check evidenced by hash) and hands it on');
await aluminiumStory(send, cast);
await copperStory(send, cast);
await steelStory(send, cast);
await lithiumStory(send, cast);
await brassStory(send, cast);
await batteryStory(send, cast);
console.log(`  the log now holds ${running.ledger.size} signed entries`);

heading('Severn Remelt', 'checks its ingot before selling it as recycled aluminium');
await showClaims(cast['severn-remelt'].api, 'al-ingot-2026-118', [{ kind: 'recycled', atLeast: 0.7 }, { kind: 'post-consumer', atLeast: 0.5 }, { kind: 'home-processed' }]);

heading('Midlands Rod Mill', 'the SPEC worked example: 120 t UK + 30 t IE scrap + 70 t CL cathode into 200 t rod');
await showClaims(cast['midlands-rod'].api, 'cu-rod-8mm-3310', [{ kind: 'recycled', atLeast: 0.6 }, { kind: 'home-recycled', atLeast: 0.6 }]);

heading('Wessex Cables', 'verifies the "30% recycled, UK-sourced" claim on its cable, two tiers down');
await showClaims(cast['wessex-cables'].api, 'cable-6242y-2026-w14', [{ kind: 'recycled', atLeast: 0.3 }, { kind: 'home-origin', atLeast: 0.3 }, { kind: 'not-exported' }]);

heading('Black Country Brass', 'brass of UK copper scrap and Peruvian zinc: a claim about one constituent');
await showConstituents(cast['black-country-brass'].api, 'brass-cz121-2026-19');
await showClaims(cast['black-country-brass'].api, 'brass-cz121-2026-19', [{ kind: 'recycled', material: 'copper', atLeast: 1 }, { kind: 'recycled', atLeast: 0.7 }]);

heading('Volt Cells', 'black mass to cathode to cell: the EU Battery Regulation Article 8 recycled-content lines');
await showConstituents(cast['volt-cells'].api, 'cells-2026-w30');
await showBatteryContent(cast['volt-cells'].api, 'cells-2026-w30');

heading('Policy maker', 'how much UK scrap stayed in the country (public aggregates, no signature needed)');
await showRetention(api);

heading('Volt Cells', 'single-country concentration of its lithium supply (the 60% line of the Critical Minerals Strategy)');
await showConcentration(cast['volt-cells'].api, 'volt-cells', 'lithium');

await auditorView(cast['uk-audit'].api, running.ledger.info.logKey, 'cable-6242y-2026-w14');

const [bundleFile, tamperedFile, recyclerKey, remeltKey] = await writeExplorerFiles(dataDir, cast, 'cable-6242y-2026-w14');
heading('Web explorer', `open ${running.url}/ in a browser (npm run demo builds it; everything it loads comes from this server)`);
console.log(`  Dashboard: the retention figures above as charts, the dependency report, and the log checked in your browser`);
console.log(`  Check a claim: pin the log key, then drop ${bundleFile} (and ${tamperedFile}, which must be refused)`);
console.log(`  Participant workspace: load ${recyclerKey} (Sheffield Recycling) or ${remeltKey} (Severn Remelt)`);
console.log(`  pinned log key to compare with: ${running.ledger.info.logKey}`);

if (values.exit) {
  await running.close();
} else {
  console.log(`\nThe server keeps running at ${running.url} (Ctrl-C to stop). Try: curl ${running.url}/v1/checkpoint`);
  console.log(`Pin the log key: ${running.logKey}`);
  const stop = () =>
    void running.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
