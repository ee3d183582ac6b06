import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { writeFileAtomic } from './atomic';

/** The record of what fiscal-report wrote into an output directory: a hash per file. */
export const MANIFEST = '.fiscal-report.json';

interface Manifest {
  version: 1;
  files: Record<string, { sha256: string }>;
}

export type WriteOutcome =
  | { status: 'written'; file: string }
  | { status: 'unchanged'; file: string }
  | { status: 'kept'; file: string; editedFile: string };

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

function readManifest(dir: string): Manifest {
  const file = join(dir, MANIFEST);
  if (!existsSync(file)) return { version: 1, files: {} };
  try {
    const m = JSON.parse(readFileSync(file, 'utf8')) as Manifest;
    return m && m.files ? m : { version: 1, files: {} };
  } catch {
    return { version: 1, files: {} };
  }
}

/** 报告.docx → 报告（新版）.docx, 报告（新版2）.docx … the first free name. */
function besideName(file: string): string {
  const ext = extname(file);
  const stem = join(dirname(file), basename(file, ext));
  for (let i = 1; ; i++) {
    const candidate = `${stem}（新版${i === 1 ? '' : i}）${ext}`;
    if (!existsSync(candidate)) return candidate;
  }
}

/**
 * Writes an output without ever destroying a writer's edits: a file that exists and is not byte
 * for byte what we last wrote there (edited in Word, or not ours at all) is kept, and the new
 * build goes beside it. `overwrite` replaces it on purpose.
 */
export function writeOutput(file: string, data: Buffer, options: { overwrite?: boolean } = {}): WriteOutcome {
  const dir = dirname(file);
  const key = basename(file);
  const manifest = readManifest(dir);
  const hash = sha256(data);
  let target = file;
  if (existsSync(file)) {
    const current = sha256(readFileSync(file));
    const recorded = manifest.files[key]?.sha256;
    if (current === hash) return { status: 'unchanged', file };
    if (current !== recorded && !options.overwrite) target = besideName(file);
  }
  writeFileAtomic(target, data);
  manifest.files[basename(target)] = { sha256: hash };
  writeFileAtomic(join(dir, MANIFEST), JSON.stringify(manifest, null, 2) + '\n');
  return target === file ? { status: 'written', file } : { status: 'kept', file: target, editedFile: file };
}
