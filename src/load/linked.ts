import { dirname, resolve } from 'node:path';
import { FiscalError } from '../model/issue';
import { loadDatasetFile } from './dataset';
import type { Loaded } from './json';

/**
 * Loads the reports a dataset attaches by file name (meta.attachments entries {"report": "x.json"},
 * relative to the dataset's directory), keyed by the name as written. The pipeline then builds
 * them without touching the file system.
 */
export function loadLinkedReports(loaded: Loaded, file: string): Map<string, Loaded> {
  const out = new Map<string, Loaded>();
  const meta = (loaded.value as { meta?: { attachments?: unknown } } | null)?.meta;
  const entries = Array.isArray(meta?.attachments) ? (meta.attachments as unknown[]) : [];
  entries.forEach((entry, i) => {
    const report = (entry as { report?: unknown } | null)?.report;
    if (typeof report !== 'string' || out.has(report)) return;
    try {
      out.set(report, loadDatasetFile(resolve(dirname(file), report)));
    } catch (e) {
      // A missing or unreadable attached file is a fault of the dataset that names it.
      if (e instanceof FiscalError && e.exitCode === 2) {
        const why = e.issues[0]?.message ?? e.message;
        throw new FiscalError(`附件报告 ${report} 无法读取`, [
          {
            code: 'attachment-file',
            severity: 'error',
            message: `附件 ${i + 1} 的报告文件“${report}”无法读取（${why.replace(/。$/, '')}）：文件名相对于本数据文件所在目录，请检查。`,
            place: loaded.sourceMap.locate(['meta', 'attachments', i, 'report']),
            actual: report,
          },
        ]);
      }
      throw e;
    }
  });
  return out;
}
