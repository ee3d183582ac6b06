import { excerpt, type Issue } from '../model/issue';
import type { Loaded } from '../load/json';
import type { LinkedReport } from '../load/linked';
import type { SourceMap } from '../load/source-map';
import type { PathSegment } from '../load/path';
import { NARRATIVE_KINDS } from './schema/narrative';
import { validateNarrative } from './narrative';

/** Reports a dataset points to (attachments entries {"report": "file.json"}), loaded by the CLI. */
export type LinkedReports = ReadonlyMap<string, LinkedReport>;

/** An attachments entry of the final-accounts dataset: a name, or a report to attach. */
export type AttachmentEntry = string | { report: string | Record<string, unknown> };

/** Places inside an embedded report are places inside the dataset that embeds it. */
function subSourceMap(parent: SourceMap, prefix: PathSegment[]): SourceMap {
  return { file: parent.file, locate: (path) => parent.locate([...prefix, ...path]) };
}

/** The path of an attachments entry's report in the dataset that attaches it. */
export const reportPath = (i: number): PathSegment[] => ['meta', 'attachments', i, 'report'];

/**
 * The report an attachments entry names, loaded (from the file the CLI read, or embedded in the
 * dataset, placed there) — or why it cannot be attached: the file was not read, could not be read,
 * or is not a report of a narrative kind. `name` is what the attachment note prints without it.
 */
export type AttachedReport = { loaded: Loaded } | { issues: Issue[]; name: string };

/** The report that attaches: its district and year, which an attached report must share. */
export interface AttachingReport {
  district?: unknown;
  year?: unknown;
}

/**
 * A district's name without the city or province before it and its own 区/县/市/旗: 济南市莱芜区,
 * 莱芜区 and 莱芜 are one district; 东城区 and 城区 are not. A name that is only a suffix stays whole.
 */
function districtCore(name: string): string {
  let n = name.replace(/\s+/g, '');
  for (let i = n.search(/[省市州盟]/); i > 0 && i < n.length - 2; i = n.search(/[省市州盟]/)) n = n.slice(i + 1);
  return n.length > 1 ? n.replace(/(?:自治县|自治旗|新区|区|县|市|旗)$/, '') || n : n;
}
const sameDistrict = (a: string, b: string): boolean => a === b || districtCore(a) === districtCore(b);

/**
 * An attached report of another district or year prints, under this report's attachment note, a
 * report that is not this one's (last year's file left in the folder): refused at its meta. A
 * performance report is of the report's year; a work plan of that year or the next (it is
 * delivered the year after the accounts' year, with that year's plan).
 */
function originIssues(loaded: Loaded, kind: unknown, i: number, owner: AttachingReport): Issue[] {
  const meta = (loaded.value as { meta?: { district?: unknown; year?: unknown } } | null)?.meta;
  if (!meta || typeof meta !== 'object') return [];
  const out: Issue[] = [];
  if (typeof owner.district === 'string' && typeof meta.district === 'string' && !sameDistrict(owner.district, meta.district)) {
    out.push({
      code: 'attachment-origin',
      severity: 'error',
      message: `附件 ${i + 1} 的报告是${excerpt(meta.district)}的（meta.district），而本报告是${excerpt(owner.district)}的：请附上${excerpt(owner.district)}的报告。`,
      place: loaded.sourceMap.locate(['meta', 'district']),
      expected: excerpt(owner.district),
      actual: excerpt(meta.district),
    });
  }
  const years = typeof owner.year === 'number' ? (kind === 'work-plan' ? [owner.year, owner.year + 1] : [owner.year]) : [];
  if (years.length && typeof meta.year === 'number' && !years.includes(meta.year)) {
    out.push({
      code: 'attachment-origin',
      severity: 'error',
      message: `附件 ${i + 1} 的报告是 ${meta.year} 年的（meta.year），而本报告是 ${owner.year} 年决算：请附上${years.map((y) => ` ${y} 年`).join('或')}的${kind === 'work-plan' ? '工作计划' : '预算绩效管理报告'}。`,
      place: loaded.sourceMap.locate(['meta', 'year']),
      expected: years.join('、'),
      actual: String(meta.year),
    });
  }
  return out;
}

export function attachedReport(entry: Exclude<AttachmentEntry, string>, i: number, sourceMap: SourceMap, linked: LinkedReports, owner: AttachingReport = {}): AttachedReport {
  const at = reportPath(i);
  const fallback = typeof entry.report === 'string' ? entry.report : `附件${i + 1}`;
  let loaded: Loaded;
  if (typeof entry.report === 'string') {
    const hit = linked.get(entry.report);
    if (hit && 'failed' in hit) return { issues: hit.failed, name: fallback };
    if (!hit) {
      return {
        name: fallback,
        issues: [
          {
            code: 'attachment-missing',
            severity: 'error',
            message: `附件 ${i + 1} 的报告文件“${entry.report}”未读取：请检查文件名（相对于本数据文件所在目录）。`,
            place: sourceMap.locate(at),
            actual: entry.report,
          },
        ],
      };
    }
    loaded = hit;
  } else {
    loaded = { value: entry.report, sourceMap: subSourceMap(sourceMap, at) };
  }
  const kind = (loaded.value as { kind?: unknown } | null)?.kind;
  if (!NARRATIVE_KINDS.includes(kind as never)) {
    return {
      name: fallback,
      issues: [
        {
          code: 'attachment-kind',
          severity: 'error',
          message: `附件 ${i + 1} 须是预算绩效管理报告（kind 为 "performance"）或工作计划（"work-plan"），实为 ${JSON.stringify(kind ?? null)}。`,
          place: loaded.sourceMap.locate(['kind']),
          actual: String(kind),
        },
      ],
    };
  }
  const origin = originIssues(loaded, kind, i, owner);
  if (origin.length) return { issues: origin, name: fallback };
  return { loaded };
}

function isReportEntry(entry: unknown): entry is Exclude<AttachmentEntry, string> {
  const report = (entry as { report?: unknown } | null)?.report;
  return typeof entry === 'object' && entry !== null && (typeof report === 'string' || (typeof report === 'object' && report !== null && !Array.isArray(report)));
}

/**
 * Validates the reports a final-accounts dataset attaches, each by its own kind's rules: issues
 * are placed in the attached file (or, for an embedded report, in the dataset that embeds it).
 * What the loader noticed reading an attached workbook (a stale formula result) comes along.
 */
export function validateAttachedReports(entries: readonly unknown[], sourceMap: SourceMap, linked: LinkedReports, owner: AttachingReport = {}): Issue[] {
  const issues: Issue[] = [];
  entries.forEach((entry, i) => {
    // Entries the schema refuses (it says so) have no report to check.
    if (!isReportEntry(entry)) return;
    const r = attachedReport(entry, i, sourceMap, linked, owner);
    if ('issues' in r) issues.push(...r.issues);
    else issues.push(...validateNarrative(r.loaded.value, r.loaded.sourceMap).issues, ...(r.loaded.issues ?? []));
  });
  return issues;
}
