import { TallyError } from '../errors.js';

/**
 * Names what stopped the store, from an error of LevelDB (through `level`) or of the file system:
 * another process holding the LevelDB lock, a read-only directory, a full disk. `level` reports all
 * of these as `LEVEL_DATABASE_NOT_OPEN` with the cause underneath, which told an operator nothing.
 * Anything else is returned as it came.
 */
export function classifyStoreError(err: unknown, location: string): unknown {
  const e = err as { code?: string; message?: string; cause?: { code?: string; message?: string } };
  const codes = [e.code, e.cause?.code];
  const text = `${e.message ?? ''} ${e.cause?.message ?? ''}`;
  if (codes.includes('LEVEL_LOCKED') || /\block\b.*(temporarily unavailable|already held)/i.test(text)) {
    return new TallyError('store_locked', `another process holds the store at ${location} (is a second server running on this data directory?); stop it first`);
  }
  if (codes.includes('EROFS') || codes.includes('EACCES') || codes.includes('EPERM') || /read-only file system|permission denied/i.test(text)) {
    return new TallyError('store_read_only', `cannot write to ${location} (${oneLine(text)}); the server needs the data directory writable`);
  }
  if (codes.includes('ENOSPC') || codes.includes('EDQUOT') || /no space left on device|quota exceeded/i.test(text)) {
    return new TallyError('store_disk_full', `no space left for ${location} (${oneLine(text)}); free space on its device, then start again`);
  }
  return err;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
