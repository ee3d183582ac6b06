import { closeSync, fsyncSync, mkdirSync, openSync, promises as fsp, readdirSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

let counter = 0;
/** Tells apart the temporary files of threads of one process: the batch's workers set it (worker.ts). */
let threadTag = 0;
export function setWriterThread(id: number): void {
  threadTag = id;
}

/**
 * The temporary file a write goes through: in the same directory, starting with a dot and ending
 * .tmp-…, so removeStaleTemporaries() can clear one a killed process left.
 */
function temporaryName(file: string): string {
  return join(dirname(file), `.${basename(file)}.tmp-${process.pid}-${threadTag}-${Date.now()}-${++counter}`);
}

/**
 * Writes a file so that a crash at any moment leaves the old file or the new one, never a part:
 * a temporary file in the same directory, flushed, then renamed over the target.
 */
export function writeFileAtomic(file: string, data: Buffer | string): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = temporaryName(file);
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

/**
 * The same on libuv's threads: the batch's main thread goes on handing out jobs while a write
 * waits for the disk. Every job fsyncs three files; on a disk where an fsync takes 8 ms (simulated:
 * a spinning or network disk), writing them in line held a batch of 300 up from 6.7 s to 11.8 s.
 */
export async function writeFileAtomicAsync(file: string, data: Buffer | string): Promise<void> {
  // fs.promises, not node:fs/promises: Node loads it on first use, and a single build, which writes
  // synchronously, never does (it brings readline and more: a few ms of every cold start).
  const { mkdir, open, rename, unlink } = fsp;
  const tmp = temporaryName(file);
  // The directory is made only when it is missing: fs.promises.mkdir with `recursive` costs the
  // calling thread 0.15-0.4 ms even when the directory exists (a batch job writes three files),
  // a failed open a few µs.
  const fh = await open(tmp, 'wx').catch(async (e: NodeJS.ErrnoException) => {
    if (e.code !== 'ENOENT') throw e;
    await mkdir(dirname(file), { recursive: true });
    return open(tmp, 'wx');
  });
  try {
    try {
      await fh.writeFile(data);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, file);
  } catch (e) {
    await unlink(tmp).catch(() => undefined);
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
