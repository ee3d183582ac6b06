import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { FiscalError } from '../model/issue';
import { basename, dirname, extname, isAbsolute, join, relative, resolve } from 'node:path';
import { writeFileAtomic, writeFileAtomicAsync } from './atomic';

/** The record of what fiscal-report wrote into an output directory: a hash per file. */
export const MANIFEST = '.fiscal-report.json';

export interface FileRecord {
  /** The hash of what we last wrote. */
  sha256: string;
  /**
   * While a write is under way: the hash of what was there before. The manifest is written before
   * the file (and again after), so after a crash at any moment the file on disk is one of the two
   * and is still known as ours.
   */
  prior?: string;
}

/** What the batch builder records per job: the key of its inputs and the files it produced. */
export interface JobRecord {
  key: string;
  outputs: string[];
}

interface Manifest {
  version: 1;
  files: Record<string, FileRecord>;
  jobs?: Record<string, JobRecord>;
}

/** One file to write atomically. */
interface PendingWrite {
  file: string;
  data: Buffer | string;
}

export type WriteOutcome =
  | { status: 'written'; file: string }
  | { status: 'unchanged'; file: string }
  | { status: 'kept'; file: string; editedFile: string };

export const sha256 = (b: Uint8Array | string) => createHash('sha256').update(b).digest('hex');

/** Characters that cannot or should not be in a file name on Windows, macOS or Linux. */
const UNSAFE = /[\\/:*?"<>|\u0000-\u001f\u007f]/g;
const MAX_NAME_BYTES = 180;

/** Names Windows keeps for devices, with any extension: "NUL.docx" is the null device there. */
const WINDOWS_DEVICE = /^(?:con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(?:\.|$)/i;

/**
 * A report title as a file name: separators and reserved characters replaced, no leading dots,
 * short enough to leave room for a suffix, never a Windows device name. A title can never name a path.
 */
export function safeFileName(title: string, fallback = 'report'): string {
  const cleaned = title.replace(UNSAFE, '_').replace(/^[.\s]+/, '').trim();
  // Whole characters up to the byte limit, in one pass (a title can be a 32,767-character cell).
  let name = '';
  let bytes = 0;
  for (const ch of cleaned) {
    const n = Buffer.byteLength(ch);
    if (bytes + n > MAX_NAME_BYTES) break;
    name += ch;
    bytes += n;
  }
  name = name.trim();
  if (WINDOWS_DEVICE.test(name)) name = `_${name}`;
  return name || fallback;
}

/**
 * The DOCX a report of this title is written to: `dir`/title as a file name, with a suffix
 * (（草稿）). The title comes from the data ("#DIV/0!" from a workbook's formula, "../x" typed), so
 * it is made a file name, and the result checked to lie directly inside `dir` all the same.
 */
export function reportFile(dir: string, title: string, suffix = ''): string {
  const name = `${safeFileName(title)}${suffix}.docx`;
  confinedPath(dir, name);
  return join(dir, name);
}

/** `dir/name`, refused unless it is a plain file directly inside `dir`. */
export function confinedPath(dir: string, name: string): string {
  const full = resolve(dir, name);
  const rel = relative(resolve(dir), full);
  if (!rel || rel.startsWith('..') || isAbsolute(rel) || rel !== basename(full))
    throw new Error(`refusing to write ${JSON.stringify(name)} outside the output directory ${dir}`);
  return full;
}

/**
 * An output directory and its manifest. One instance is the only writer of its manifest while it
 * lives (the batch keeps one per directory in its main thread); the manifest is re-read on open.
 */
export class OutputDir {
  readonly dir: string;
  private manifest: Manifest;

  constructor(dir: string) {
    this.dir = dir;
    this.manifest = OutputDir.read(dir);
  }

  /**
   * Files and jobs are keyed by names from the data and the batch config (a job may be named
   * "constructor"): held without a prototype, so a name is only ever its own entry.
   */
  private static read(dir: string): Manifest {
    const file = join(dir, MANIFEST);
    const fresh = (): Manifest => ({ version: 1, files: Object.create(null) as Manifest['files'] });
    if (!existsSync(file)) return fresh();
    try {
      const m = JSON.parse(readFileSync(file, 'utf8')) as Manifest;
      if (!m || typeof m.files !== 'object' || !m.files) return fresh();
      const files = Object.assign(Object.create(null) as Manifest['files'], m.files);
      return { ...m, files, ...(m.jobs && typeof m.jobs === 'object' ? { jobs: Object.assign(Object.create(null) as NonNullable<Manifest['jobs']>, m.jobs) } : {}) };
    } catch {
      return fresh();
    }
  }

  /** The manifest as it stands now, as a write. */
  private saving(): PendingWrite {
    return { file: join(this.dir, MANIFEST), data: JSON.stringify(this.manifest, null, 2) + '\n' };
  }

  /** Is `hash` something we wrote as `name` (the last write, or the one a crash interrupted)? */
  private ours(name: string, hash: string): boolean {
    const r = this.manifest.files[name];
    return !!r && (r.sha256 === hash || r.prior === hash);
  }

  /** 报告.docx → 报告（新版）.docx, 报告（新版2）.docx … the first that is free or ours to replace. */
  private besideName(name: string): string {
    const ext = extname(name);
    const stem = basename(name, ext);
    for (let i = 1; ; i++) {
      const candidate = `${stem}（新版${i === 1 ? '' : i}）${ext}`;
      const full = join(this.dir, candidate);
      if (!existsSync(full) || this.ours(candidate, sha256(readFileSync(full)))) return candidate;
    }
  }

  /**
   * Writes `name` without ever destroying a writer's edits: a file that exists and is not byte for
   * byte what we last wrote there (edited in Word, or not ours at all) is kept, and the new build
   * goes beside it. `overwrite` replaces it on purpose.
   */
  write(name: string, data: Uint8Array, options: { overwrite?: boolean } = {}): WriteOutcome {
    return this.writeAll([{ name, data }], options)[0]!;
  }

  /**
   * Writes several files by the rule of `write`, with the manifest saved twice in all: once
   * before any file (the write-ahead record) and once after, together with the job's record.
   */
  writeAll(items: { name: string; data: Uint8Array }[], options: { overwrite?: boolean } = {}, job?: { name: string; key: string }): WriteOutcome[] {
    // Its decisions would be made on a manifest that a queued write is about to change.
    if (this.queued) throw new Error(`输出目录 ${this.dir} 还有文件在异步写入，不能同时同步写入（内部错误）`);
    const steps = this.writeSteps(items, options, job);
    for (let s = steps.next(); ; s = steps.next()) {
      if (s.done) return s.value;
      writeFileAtomic(s.value.file, s.value.data);
    }
  }

  /**
   * The same, the files written on libuv's threads (the batch). Calls on one directory run one
   * after another, in the order made: each decides from what the ones before it wrote.
   */
  writeAllAsync(items: { name: string; data: Uint8Array }[], options: { overwrite?: boolean } = {}, job?: { name: string; key: string }): Promise<WriteOutcome[]> {
    this.queued++;
    const run = this.tail
      .then(async () => {
        const steps = this.writeSteps(items, options, job);
        for (let s = steps.next(); ; s = steps.next()) {
          if (s.done) return s.value;
          await writeFileAtomicAsync(s.value.file, s.value.data);
        }
      })
      .finally(() => this.queued--);
    this.tail = run.catch(() => undefined);
    return run;
  }

  /** The last write under way on this directory (writeAllAsync), and how many are queued or running. */
  private tail: Promise<unknown> = Promise.resolve();
  private queued = 0;

  /**
   * writeAll's decisions, yielding each file to write (manifest saves included) in order: the
   * caller writes it before asking for the next, synchronously or not.
   */
  private *writeSteps(items: { name: string; data: Uint8Array }[], options: { overwrite?: boolean }, job?: { name: string; key: string }): Generator<PendingWrite, WriteOutcome[], void> {
    const outcomes: WriteOutcome[] = [];
    const pending: PendingWrite[] = [];
    const settled: [string, string][] = [];
    let ahead = false;
    for (const { name, data } of items) {
      const file = confinedPath(this.dir, name);
      const hash = sha256(data);
      let target = name;
      /** The hash of the file at `target` now, if there is one. */
      let onDisk: string | undefined;
      if (existsSync(file)) {
        const current = sha256(readFileSync(file));
        if (current === hash) {
          settled.push([name, hash]);
          outcomes.push({ status: 'unchanged', file });
          continue;
        }
        onDisk = current;
        if (!this.ours(name, current) && !options.overwrite) {
          target = this.besideName(name);
          const beside = join(this.dir, target);
          onDisk = existsSync(beside) ? sha256(readFileSync(beside)) : undefined;
          if (onDisk === hash) {
            settled.push([target, hash]);
            outcomes.push({ status: 'kept', file: beside, editedFile: file });
            continue;
          }
        }
      }
      const full = confinedPath(this.dir, target);
      // What a crash during this write may leave there: the file there now when it is ours (after
      // an interrupted write it is the older of the two recorded), else what we last recorded.
      const prior = onDisk !== undefined && this.ours(target, onDisk) ? onDisk : this.manifest.files[target]?.sha256;
      this.manifest.files[target] = prior && prior !== hash ? { sha256: hash, prior } : { sha256: hash };
      ahead = true;
      pending.push({ file: full, data: Buffer.from(data.buffer, data.byteOffset, data.byteLength) });
      settled.push([target, hash]);
      outcomes.push(target === name ? { status: 'written', file } : { status: 'kept', file: full, editedFile: file });
    }
    if (ahead) yield this.saving();
    for (const p of pending) yield p;
    let changed = false;
    for (const [name, hash] of settled) {
      const r = this.manifest.files[name];
      if (r && r.sha256 === hash && r.prior === undefined) continue;
      this.manifest.files[name] = { sha256: hash };
      changed = true;
    }
    if (job) {
      const record: JobRecord = { key: job.key, outputs: outcomes.map((o) => basename(o.file)) };
      const old = this.manifest.jobs?.[job.name];
      if (!old || old.key !== record.key || old.outputs.join('\0') !== record.outputs.join('\0')) {
        (this.manifest.jobs ??= Object.create(null) as NonNullable<Manifest['jobs']>)[job.name] = record;
        changed = true;
      }
    }
    if (changed) yield this.saving();
    return outcomes;
  }

  job(name: string): JobRecord | undefined {
    return this.manifest.jobs?.[name];
  }
}

const FS_ERRORS: Record<string, string> = {
  EACCES: '没有写入权限',
  EPERM: '没有写入权限',
  EROFS: '所在的磁盘是只读的',
  ENOSPC: '磁盘空间不足',
  ENOTDIR: '路径中有一部分是文件，不是目录',
  EEXIST: '路径中有一部分是文件，不是目录',
  EISDIR: '同名的目录已存在',
  ENAMETOOLONG: '文件名或路径太长',
};

/** Writes one output file by the rules of OutputDir.write (the single `build` command). */
export function writeOutput(file: string, data: Buffer, options: { overwrite?: boolean } = {}): WriteOutcome {
  assertOutputFile(file);
  try {
    return new OutputDir(dirname(file)).write(basename(file), data, options);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (!code || !Object.hasOwn(FS_ERRORS, code)) throw e;
    throw new FiscalError(`无法写入 ${file}：${FS_ERRORS[code]}（${code}）。请检查输出位置，或用 --out 换一个目录。`, [], 1);
  }
}

/**
 * A usage error (exit 2) for an output directory that cannot be one: it names an existing file, or
 * a file stands where one of its parent directories should be. Checked before a build, so the
 * message says what to change rather than how writing failed.
 */
export function assertOutputDir(dir: string): void {
  const full = resolve(dir);
  for (let cur = full; ; ) {
    let isDir: boolean | null = null;
    try {
      isDir = statSync(cur).isDirectory();
    } catch {
      // Not there (yet): created when the output is written.
    }
    if (isDir) return;
    if (isDir === false)
      throw new FiscalError(
        cur === full
          ? `用法错误：输出目录 ${dir} 是一个已存在的文件，不是目录。请用 --out 指定一个目录（不存在时自动创建），或把该文件改名、移走。`
          : `用法错误：无法创建输出目录 ${dir}：路径中的 ${cur} 是一个文件，不是目录。请用 --out 换一个目录。`,
        [],
        2,
      );
    const up = dirname(cur);
    if (up === cur) return;
    cur = up;
  }
}

/** The same for an output file: its directory can be one, and the file itself is not a directory. */
export function assertOutputFile(file: string): void {
  assertOutputDir(dirname(file));
  let isDir = false;
  try {
    isDir = statSync(file).isDirectory();
  } catch {
    // Not there yet.
  }
  if (isDir) throw new FiscalError(`用法错误：输出文件 ${file} 是一个已存在的目录。请用 --out 指定文件名（如 报告.docx），或换一个位置。`, [], 2);
}
