import { dirname, resolve } from 'node:path';
import { FiscalError, type Issue } from '../model/issue';
import { loadDatasetFile } from './dataset';
import type { Loaded } from './json';

/** An attached report as loaded: its value and source map, or why it could not be read. */
export type LinkedReport = Loaded | { issues: Issue[] };

/**
 * Loads the reports a dataset attaches by file name (meta.attachments entries {"report": "x.json"},
 * relative to the dataset's directory), keyed by the name as written. A file that cannot be read
 * or parsed is kept as its issues, so the build reports them with every other problem of the data;
 * the pipeline then builds the reports without touching the file system.
 */
export function loadLinkedReports(loaded: Loaded, file: string): Map<string, LinkedReport> {
  const out = new Map<string, LinkedReport>();
  const meta = (loaded.value as { meta?: { attachments?: unknown } } | null)?.meta;
  const entries = Array.isArray(meta?.attachments) ? (meta.attachments as unknown[]) : [];
  entries.forEach((entry, i) => {
    const report = (entry as { report?: unknown } | null)?.report;
    if (typeof report !== 'string' || out.has(report)) return;
    try {
      out.set(report, loadDatasetFile(resolve(dirname(file), report)));
    } catch (e) {
      if (!(e instanceof FiscalError)) throw e;
      // Unreadable: a fault of the dataset that names the file, placed at its entry. Unparsable:
      // the file's own issues, placed in it.
      const unreadable = e.exitCode === 2;
      const why = (e.issues[0]?.message ?? e.message).replace(/。.*$/, '');
      out.set(report, {
        issues: unreadable
          ? [
              {
                code: 'attachment-file',
                severity: 'error',
                message: `附件 ${i + 1} 的报告文件“${report}”无法读取（${why}）：文件名相对于本数据文件所在目录，请检查。`,
                place: loaded.sourceMap.locate(['meta', 'attachments', i, 'report']),
                actual: report,
              },
            ]
          : e.issues,
      });
    }
  });
  return out;
}
