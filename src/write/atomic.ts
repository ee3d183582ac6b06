import { close, closeSync, fsync, fsyncSync, mkdir, mkdirSync, open, openSync, readdirSync, rename, renameSync, unlink, unlinkSync, write, writeFileSync } from 'node:fs';
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
export function writeFileAtomic(file: string, data: Buffer | Uint8Array | string): void {
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

/** The most one write call is given: fs.write takes a 32-bit length; the rest follows in the next call. */
const WRITE_MOST = 1 << 30;

/**
 * The same on libuv's threads: the batch's main thread goes on handing out jobs while a write
 * waits for the disk. Every job fsyncs three files; on a disk where an fsync takes 8 ms (simulated:
 * a spinning or network disk), writing them in line held a batch of 300 up from 6.7 s to 11.8 s.
 * Written with fs's callbacks, not fs.promises: a FileHandle and a promise per step cost the
 * calling thread more (900 files of a batch's sizes: medians of the main thread's CPU 114, 161,
 * 180 ms with fs.promises against 102, 134, 134 ms, three runs of six: 11–26 % less).
 */
export function writeFileAtomicAsync(file: string, data: Buffer | Uint8Array | string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    const tmp = temporaryName(file);
    // Whatever fails once the temporary file exists: it goes, the error is the caller's.
    const fail = (e: unknown) => unlink(tmp, () => reject(e));
    const opened = (fd: number) => {
      // A throw inside a callback (an argument fs refuses) would escape the promise: it closes the
      // file and fails the write like any other error.
      const guarded =
        <A extends unknown[]>(step: (...a: A) => void) =>
        (...a: A) => {
          try {
            step(...a);
          } catch (e) {
            close(fd, () => fail(e));
          }
        };
      let done = 0;
      const rest = guarded((): void =>
        write(
          fd,
          bytes,
          done,
          Math.min(bytes.length - done, WRITE_MOST),
          null,
          guarded((e: NodeJS.ErrnoException | null, n: number) => {
            if (e) return close(fd, () => fail(e));
            done += n;
            if (done < bytes.length) return rest();
            fsync(fd, (synced) =>
              close(fd, (closed) => {
                if (synced || closed) return fail(synced ?? closed);
                rename(tmp, file, (e2) => (e2 ? fail(e2) : resolve()));
              }),
            );
          }),
        ),
      );
      rest();
    };
    // 'wx': created fresh, never through a link left at that name. The directory is made only when
    // it is missing: a recursive mkdir costs the calling thread even when the directory exists (a
    // batch job writes three files), a failed open a few µs.
    open(tmp, 'wx', (e, fd) => {
      if (!e) return opened(fd);
      if (e.code !== 'ENOENT') return reject(e);
      mkdir(dirname(file), { recursive: true }, (e2) => {
        if (e2) return reject(e2);
        open(tmp, 'wx', (e3, fd2) => (e3 ? reject(e3) : opened(fd2)));
      });
    });
  });
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
