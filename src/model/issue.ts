/** Where a value sits in the input: a JSON position, or a workbook cell once XLSX input exists. */
export interface Place {
  file: string;
  /** Dotted dataset path, e.g. generalBudget.district.income.total. */
  path?: string;
  line?: number;
  column?: number;
  sheet?: string;
  cell?: string;
  /** What the writer calls the cell: its row label as the sheet shows it, and the column (一般公共预算收入（当年）·全区). */
  label?: string;
}

export type Severity = 'error' | 'warning';

/** A problem found in input, as data (vfile-message style): code, place, expected vs actual. */
export interface Issue {
  code: string;
  severity: Severity;
  /** Chinese, complete: what is wrong and how to fix it. */
  message: string;
  place?: Place;
  expected?: string;
  actual?: string;
  /** The fix on its own (also the end of `message`), for machines and tooltips. */
  fix?: string;
  /**
   * Every figure taking part in the broken tie (a total and its parts, a rate and its base), each
   * with its place: any of them may be the wrong one, so the writer is shown all.
   */
  involves?: Place[];
}

/** Thrown for failures the CLI maps to an exit code; carries the issues that explain it. */
export class FiscalError extends Error {
  constructor(
    message: string,
    readonly issues: Issue[] = [],
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'FiscalError';
  }
}

/**
 * "文件 x.xlsx 工作表“一般公共预算” 单元格 D7“一般公共预算收入（当年）·全区”", or for JSON
 * "文件 data/x.json 第 12 行第 5 列": the place in the writer's words; the dataset path is a detail
 * (see formatIssue).
 */
export function describePlace(place: Place | undefined): string {
  if (!place) return '';
  const parts: string[] = [`文件 ${place.file}`];
  if (place.sheet) parts.push(`工作表“${place.sheet}”${place.cell ? ` 单元格 ${place.cell}` : ''}${place.label ? `“${place.label}”` : ''}`);
  else if (place.line !== undefined) parts.push(`第 ${place.line} 行第 ${place.column ?? 1} 列`);
  return parts.join(' ');
}

/** The dataset path of a place, for IT: “（数据路径 generalBudget.district.income.total）”. */
export function pathDetail(place: Place | undefined): string {
  return place?.path ? `（数据路径 ${place.path}）` : '';
}

/**
 * One issue as a line: 错误［what it is about, in Chinese］where: the message (the dataset path, for IT).
 * The Chinese name of the issue's kind comes from model/issue-names.ts.
 */
export function formatIssue(issue: Issue): string {
  const tag = issue.severity === 'error' ? '错误' : '警告';
  const where = describePlace(issue.place);
  return `${tag}［${issueName(issue.code)}］${where ? where + '：' : ''}${clipQuoted(issue.message)}${pathDetail(issue.place)}`;
}

let names: ((code: string) => string) | undefined;
/** The Chinese name of an issue code (loaded on first use: the names come from the rules). */
export function issueName(code: string): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  names ??= (require('./issue-names') as typeof import('./issue-names')).issueGroupName;
  return names(code);
}

/**
 * A message with every quoted stretch (“…” or "…") longer than `max` characters cut to `max`: the
 * values and names a message quotes come from the data, and a pasted page or a 6,000-character
 * name would bury the message's point and its fix. The one place every message passes on its way
 * out (formatIssue, sortIssues, validate --json).
 */
export function clipQuoted(message: string, max = 40): string {
  if (message.length <= 200) return message;
  return message.replace(/“([^”]*)”/g, (all, q: string) => (q.length > max ? `“${excerpt(q, max)}”` : all)).replace(/"([^"]*)"/g, (all, q: string) => (q.length > max ? `"${excerpt(q, max)}"` : all));
}

/** The issue with its message and its quoted actual value clipped (clipQuoted). */
export function tidyIssue(issue: Issue): Issue {
  const message = clipQuoted(issue.message);
  const actual = issue.actual !== undefined && issue.actual.length > 80 ? excerpt(issue.actual, 80) : issue.actual;
  return message === issue.message && actual === issue.actual ? issue : { ...issue, message, ...(actual !== undefined ? { actual } : {}) };
}

/**
 * A value quoted in a message, cut to `max` characters with "…": a message names what it found,
 * it does not repeat a 5,000-character formula or a pasted page.
 */
export function excerpt(s: string, max = 40): string {
  const chars = Array.from(s);
  return chars.length <= max ? s : `${chars.slice(0, max - 1).join('')}…`;
}

/** 数据有 3 处错误 / 模板有 1 处错误 / 数据和模板共有 4 处错误（模板 1 处）: what stopped a build. */
export function errorsSummary(issues: readonly Issue[]): string {
  const errors = issues.filter((i) => i.severity === 'error');
  const inTemplates = errors.filter((i) => i.code.startsWith('template')).length;
  if (inTemplates && inTemplates === errors.length) return `模板有 ${inTemplates} 处错误`;
  if (inTemplates) return `数据和模板共有 ${errors.length} 处错误（模板 ${inTemplates} 处）`;
  return `数据有 ${errors.length} 处错误`;
}
