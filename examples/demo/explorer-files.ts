import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeKeyFile } from '../../sdk/node/key-file.js';
import type { Member, MemberId } from './cast.js';

/**
 * Files to try the web explorer with after the story: a real audit bundle and a tampered copy
 * for the claim checker, and key files of two members for the workspace (generated for this run,
 * in the demo's data directory, never in the repository). Returns what it wrote, for the closing
 * lines of the demo.
 */
export async function writeExplorerFiles(dataDir: string, cast: Record<MemberId, Member>, batch: string): Promise<string[]> {
  const dir = join(dataDir, 'explorer');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const { data: bundle, error } = await cast['wessex-cables'].api.GET('/v1/batches/{id}/bundle', { params: { path: { id: batch } } });
  if (error) throw new Error(`bundle of ${batch}: ${error.code}`);
  const bundlePath = join(dir, `${batch}.bundle.json`);
  writeFileSync(bundlePath, JSON.stringify(bundle, null, 2) + '\n');
  // The Chilean cathode relabelled as scrap, as the auditor tried: the page must refuse it.
  const tampered = JSON.parse(JSON.stringify(bundle)) as { entries: Array<{ entry: { event: { type: string; origin?: { kind: string; country: string } } } }> };
  const cathode = tampered.entries.find((e) => e.entry.event.type === 'batch.register' && e.entry.event.origin?.country === 'CL');
  if (cathode) cathode.entry.event.origin!.kind = 'post-consumer';
  const tamperedPath = join(dir, `${batch}.tampered.bundle.json`);
  writeFileSync(tamperedPath, JSON.stringify(tampered, null, 2) + '\n');
  const keys = (['sheffield-recycling', 'severn-remelt'] as const).map((id) => {
    const path = join(dir, `${id}.key.json`);
    writeKeyFile(path, cast[id].key);
    return path;
  });
  return [bundlePath, tamperedPath, ...keys];
}
