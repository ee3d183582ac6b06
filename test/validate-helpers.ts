import { copyFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findNodeAtLocation, parseTree } from 'jsonc-parser';
import { main } from '../src/cli';
import type { Issue } from '../src/model/issue';
import { parseJson } from '../src/load/json';
import { validateFinalAccounts } from '../src/validate';
import { DATA, ROOT } from './helpers';
import * as X from './fuzz/xlsx-xml';

/** The synthetic 2023 dataset (see test/fixtures/make-laiwu-2023-synthetic.ts). */
export const PREVIOUS = join(ROOT, 'test', 'fixtures', 'laiwu-2023-synthetic.json');
export const previousRaw = (): any => JSON.parse(readFileSync(PREVIOUS, 'utf8'));

export function capture() {
  const lines: string[] = [];
  return { out: { log: (s: string) => lines.push(s), error: (s: string) => lines.push(s) }, lines };
}

export const tmp = () => mkdtempSync(join(tmpdir(), 'fiscal-report-'));

/** The CLI run in process: exit code and everything it printed. */
export async function cli(args: string[]): Promise<{ code: number; text: string }> {
  const { out, lines } = capture();
  const code = await main(args, out);
  return { code, text: lines.join('\n') };
}

/** validate --json of a file: exit code and issues (none when it printed a line, not JSON), and the text. */
export async function issuesOf(file: string): Promise<{ code: number; issues: any[]; text: string }> {
  const r = await cli(['validate', file, '--json']);
  let issues: any[] = [];
  try {
    issues = JSON.parse(r.text).issues;
  } catch {
    /* a line */
  }
  return { code: r.code, issues, text: r.text };
}

/** A copy of the Laiwu workbook with its parts edited, written beside the report it attaches. */
export function laiwuWorkbook(edit: (parts: X.Parts, sheet: (name: string) => string) => void): string {
  const parts = X.unzipParts(readFileSync(join(DATA, 'laiwu-2024.xlsx')));
  const sheets = X.sheetParts(parts);
  edit(parts, (name) => sheets.get(name)!);
  const dir = tmp();
  copyFileSync(join(DATA, 'laiwu-2024-performance.json'), join(dir, 'laiwu-2024-performance.json'));
  const file = join(dir, 'laiwu-2024.xlsx');
  writeFileSync(file, X.zipParts(parts));
  return file;
}

/** Line and column of a path in JSON text, found independently of the loader (jsonc-parser's own lookup). */
export function placeOf(text: string, path: (string | number)[]): { line: number; column: number } {
  const node = findNodeAtLocation(parseTree(text)!, path);
  if (!node) throw new Error(`no ${path.join('.')} in text`);
  const before = text.slice(0, node.offset);
  const line = before.split('\n').length;
  return { line, column: node.offset - before.lastIndexOf('\n') };
}

/** Writes a dataset into a directory, with the reports it attaches by file name beside it (as in data/). */
export function writeDataset(raw: unknown, dir = tmp(), name = 'data.json'): { file: string; text: string } {
  const text = JSON.stringify(raw, null, 2);
  const file = join(dir, name);
  writeFileSync(file, text);
  const attachments = (raw as { meta?: { attachments?: unknown[] } } | null)?.meta?.attachments ?? [];
  for (const a of attachments) {
    const report = (a as { report?: unknown } | null)?.report;
    if (typeof report === 'string' && existsSync(join(ROOT, 'data', report))) copyFileSync(join(ROOT, 'data', report), join(dir, report));
  }
  return { file, text };
}

/** Runs `fiscal-report validate <file> [--previous] --json` and parses what it prints. */
export async function validateCli(raw: unknown, previous?: unknown): Promise<{ exit: number; report: any; file: string; text: string; previousFile?: string }> {
  const dir = tmp();
  const { file, text } = writeDataset(raw, dir);
  const args = ['validate', file, '--json'];
  let previousFile: string | undefined;
  if (previous !== undefined) {
    previousFile = writeDataset(previous, dir, 'previous.json').file;
    args.push('--previous', previousFile);
  }
  const { out, lines } = capture();
  const exit = await main(args, out);
  return { exit, report: JSON.parse(lines.join('\n')), file, text, ...(previousFile ? { previousFile } : {}) };
}

/** Validates a raw dataset in memory (the file name is test.json). */
export function validateRaw(raw: unknown, previous?: unknown): Issue[] {
  const loaded = parseJson(JSON.stringify(raw, null, 2), 'test.json');
  const prev = previous !== undefined ? parseJson(JSON.stringify(previous, null, 2), 'previous.json') : undefined;
  return validateFinalAccounts(loaded.value, loaded.sourceMap, prev ? { previous: prev } : {}).issues;
}
