import { closeSync, fsyncSync, mkdirSync, openSync, readdirSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

let counter = 0;
/** Tells apart the temporary files of threads of one process: the batch's workers set it (worker.ts). */
let threadTag = 0;
export function setWriterThread(id: number): void {
  threadTag = id;
}

/**
 * Writes a file so that a crash at any moment leaves the old file or the new one, never a part:
 * a temporary file in the same directory, flushed, then renamed over the target.
 */
export function writeFileAtomic(file: string, data: Buffer | string): void {
  // A temporary file left by a process killed mid-write starts with a dot and ends .tmp-…;
  // removeStaleTemporaries() clears them on the next run.
  const dir = dirname(file);
  mkdirSync(dir, { recursive: true });
  const tmp = join(dir, `.${basename(file)}.tmp-${process.pid}-${threadTag}-${Date.now()}-${++counter}`);
  // 'wx': created fresh, never through a link left at that name.
  const fd = openSync(tmp, 'wx');
  try {
    try {
      writeFileSync(fd, data);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, file);
  } catch (e) {
    try {
      unlinkSync(tmp);
    } catch {
      /* the temporary file is gone already */
    }
    throw e;
  }
}

/** Removes temporary files a killed run left in `dir` (those of live writers in this process are kept). */
export function removeStaleTemporaries(dir: string, name?: string): string[] {
  const removed: string[] = [];
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return removed;
  }
  for (const e of entries) {
    const m = /^\.(.+)\.tmp-(\d+)-\d+-\d+-\d+$/.exec(e) ?? /^\.(.+)\.tmp-(\d+)-\d+$/.exec(e);
    if (!m || (name && m[1] !== name)) continue;
    if (Number(m[2]) === process.pid || alive(Number(m[2]))) continue;
    try {
      unlinkSync(join(dir, e));
      removed.push(e);
    } catch {
      /* gone already */
    }
  }
  return removed;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
