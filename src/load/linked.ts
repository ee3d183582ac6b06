import { dirname, resolve } from 'node:path';
import { FiscalError, type Issue } from '../model/issue';
import { loadDatasetFile, readDatasetBytes } from './dataset';
import { parseJsonBytes, type Loaded } from './json';

/** An attached report as loaded: its value and source map, or why it could not be read. */
export type LinkedReport = Loaded | { failed: Issue[] };

/**
 * The files a dataset names beside itself: the reports it attaches (meta.attachments entries
 * {"report": "x.json"}) and its house-style file ("style": "本区格式.json", index -1).
 */
export function linkedEntries(loaded: Loaded): { index: number; report: string }[] {
  const value = loaded.value as { meta?: { attachments?: unknown }; style?: unknown } | null;
  const meta = value?.meta;
  const entries = Array.isArray(meta?.attachments) ? (meta.attachments as unknown[]) : [];
  const out: { index: number; report: string }[] = [];
  entries.forEach((entry, index) => {
    const report = (entry as { report?: unknown } | null)?.report;
    if (typeof report === 'string' && !out.some((e) => e.report === report)) out.push({ index, report });
  });
  const style = value?.style;
  if (typeof style === 'string' && style.trim() && !out.some((e) => e.report === style)) out.push({ index: STYLE_ENTRY, report: style });
  return out;
}

/** The index linkedEntries gives the house-style file. */
export const STYLE_ENTRY = -1;

/**
 * A file that cannot be read or parsed is kept as its issues, so the build reports them with every
 * other problem of the data. Unreadable: a fault of the dataset that names the file, placed at its
 * entry. Unparsable: the file's own issues, placed in it.
 */
function failure(e: unknown, loaded: Loaded, index: number, report: string): LinkedReport {
  if (!(e instanceof FiscalError)) throw e;
  if (e.exitCode !== 2) return { failed: e.issues };
  const why = (e.issues[0]?.message ?? e.message).replace(/。.*$/, '');
  if (index === STYLE_ENTRY)
    return {
      failed: [
        {
          code: 'style-file',
          severity: 'error',
          message: `格式文件“${report}”无法读取（${why}）：文件名相对于本数据文件所在目录，请检查。`,
          place: loaded.sourceMap.locate(['style']),
          actual: report,
        },
      ],
    };
  return {
    failed: [
      {
        code: 'attachment-file',
        severity: 'error',
        message: `附件 ${index + 1} 的报告文件“${report}”无法读取（${why}）：文件名相对于本数据文件所在目录，请检查。`,
        place: loaded.sourceMap.locate(['meta', 'attachments', index, 'report']),
        actual: report,
      },
    ],
  };
}

/**
 * Loads the reports a dataset attaches by file name (relative to the dataset's directory), keyed by
 * the name as written, JSON or workbook; the pipeline then builds them without touching files.
 */
export async function loadLinkedReports(loaded: Loaded, file: string): Promise<Map<string, LinkedReport>> {
  return loadLinkedReportsWith(loaded, (report) => loadDatasetFile(resolve(dirname(file), report)));
}

/**
 * The same with the loading left to the caller (uploads held in memory): `load` gives the report
 * as loaded, or undefined where there is none, which the build reports as attachment-missing at
 * the entry.
 */
export async function loadLinkedReportsWith(loaded: Loaded, load: (report: string) => Promise<Loaded | undefined>): Promise<Map<string, LinkedReport>> {
  const out = new Map<string, LinkedReport>();
  for (const { index, report } of linkedEntries(loaded)) {
    try {
      const hit = await load(report);
      if (hit) out.set(report, hit);
    } catch (e) {
      out.set(report, failure(e, loaded, index, report));
    }
  }
  return out;
}

/** The same for JSON reports only, synchronously: for builds held in memory (tests, the batch's workers). */
export function loadLinkedJsonReports(loaded: Loaded, file: string): Map<string, LinkedReport> {
  const out = new Map<string, LinkedReport>();
  for (const { index, report } of linkedEntries(loaded)) {
    const path = resolve(dirname(file), report);
    try {
      // Read as the CLI reads it, so a missing file is worded the same way.
      out.set(report, parseJsonBytes(readDatasetBytes(path), path));
    } catch (e) {
      out.set(report, failure(e, loaded, index, report));
    }
  }
  return out;
}
