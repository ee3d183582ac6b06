import type { Issue } from '../model/issue';
import type { SourceMap } from '../load/source-map';

/** The report kinds a dataset's `kind` selects. */
export const KINDS = ['final-accounts', 'performance', 'work-plan'] as const;
export type DatasetKind = (typeof KINDS)[number];

/** A raw dataset's kind, when it is one of ours. */
export function datasetKind(raw: unknown): DatasetKind | null {
  const kind = (raw as { kind?: unknown } | null)?.kind;
  return KINDS.includes(kind as DatasetKind) ? (kind as DatasetKind) : null;
}

/** The issue for a dataset whose kind is missing or unknown: it names the kinds there are. */
export function kindIssue(raw: unknown, sourceMap: SourceMap): Issue {
  const kind = (raw as { kind?: unknown } | null)?.kind;
  return {
    code: 'schema-kind',
    severity: 'error',
    message: `数据文件的类型 kind 应为 "final-accounts"（决算报告）、"performance"（预算绩效管理工作情况报告）或 "work-plan"（工作情况及工作计划），实为 ${kind === undefined ? '空（缺少 kind）' : JSON.stringify(kind)}。`,
    place: sourceMap.locate(kind === undefined ? [] : ['kind']),
    actual: kind === undefined ? '（缺失）' : JSON.stringify(kind),
  };
}
