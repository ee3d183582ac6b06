import { FiscalError, describePlace, formatIssue, tidyIssue, type Issue, type Place } from '../model/issue';
import { loadDatasetFile, loadStyleFile } from '../load/dataset';
import type { Loaded } from '../load/json';
import { loadLinkedReports } from '../load/linked';
import { validateFinalAccounts } from '../validate';
import { validateAttachedReports, type AttachingReport } from '../validate/attachments';
import { resolveStyle } from '../style/resolve';
import { datasetKind, kindIssue } from '../validate/dataset-kind';
import { validateNarrative } from '../validate/narrative';
import { issueGroupName } from '../model/issue-names';
import { labelPath } from '../validate/labels';
import { parsePath } from '../load/path';

type Out = { log: (s: string) => void; error: (s: string) => void };

export { issueGroupName } from '../model/issue-names';

export interface IssueGroup {
  code: string;
  severity: Issue['severity'];
  description: string;
  issues: Issue[];
}

/** Errors before warnings; within each, one group per rule in the order first met. */
export function groupIssues(issues: readonly Issue[]): IssueGroup[] {
  const groups: IssueGroup[] = [];
  for (const severity of ['error', 'warning'] as const) {
    const byCode = new Map<string, IssueGroup>();
    for (const i of issues) {
      if (i.severity !== severity) continue;
      let g = byCode.get(i.code);
      if (!g) {
        g = { code: i.code, severity, description: issueGroupName(i.code), issues: [] };
        byCode.set(i.code, g);
        groups.push(g);
      }
      g.issues.push(i);
    }
  }
  return groups;
}

/** A figure taking part, in the writer's words: its row label (or field name) and where it is. */
function shortPlace(p: Place): string {
  const where = p.sheet ? `工作表“${p.sheet}”${p.cell ? ` ${p.cell}` : ''}` : p.line !== undefined ? `第 ${p.line} 行` : '';
  const name = p.label ?? (p.path ? labelPath(parsePath(p.path)) : '');
  return `${name ? `“${name}”` : ''}${where ? `（${where}）` : ''}`;
}

/** One issue as text: the formatted line, then the figures taking part when there are several. */
export function formatIssueDetail(issue: Issue, mainFile?: string): string[] {
  const lines = [formatIssue(issue)];
  const others = (issue.involves ?? []).filter((p) => p.path !== issue.place?.path || p.file !== issue.place?.file);
  if (others.length) {
    const text = others.map((p) => (p.file !== (mainFile ?? issue.place?.file) ? `${describePlace(p)}` : shortPlace(p))).join('、');
    lines.push(`    涉及：${text}`);
  }
  return lines;
}

export interface ValidateReport {
  file: string;
  /** The dataset's report kind, when it could be read. */
  kind: string | null;
  previous: string | null;
  ok: boolean;
  errors: number;
  warnings: number;
  groups: { code: string; severity: Issue['severity']; description: string; count: number }[];
  issues: Issue[];
}

function report(file: string, kind: string | null, previous: string | undefined, all: Issue[]): ValidateReport {
  const issues = all.map(tidyIssue);
  const groups = groupIssues(issues);
  const errors = issues.filter((i) => i.severity === 'error').length;
  return {
    file,
    kind,
    previous: previous ?? null,
    ok: errors === 0,
    errors,
    warnings: issues.length - errors,
    groups: groups.map((g) => ({ code: g.code, severity: g.severity, description: g.description, count: g.issues.length })),
    // Grouped order: errors first, each rule's issues together.
    issues: groups.flatMap((g) => g.issues),
  };
}

function printText(r: ValidateReport, out: Out): void {
  out.log(`校验 ${r.file}${r.previous ? `（上年数据：${r.previous}）` : ''}`);
  if (!r.errors && !r.warnings) {
    out.log('校验通过：未发现错误或警告。');
    return;
  }
  for (const severity of ['error', 'warning'] as const) {
    const gs = groupIssues(r.issues).filter((g) => g.severity === severity);
    if (!gs.length) continue;
    const n = gs.reduce((a, g) => a + g.issues.length, 0);
    out.log('');
    out.log(`${severity === 'error' ? '错误' : '警告'} ${n} 处`);
    for (const g of gs) {
      out.log(`■ ${g.description}：${g.issues.length} 处`);
      for (const i of g.issues) for (const line of formatIssueDetail(i, r.file)) out.log(`  ${line}`);
    }
  }
  out.log('');
  if (r.errors) out.log(`结论：有 ${r.errors} 处错误${r.warnings ? `、${r.warnings} 处警告` : ''}。请按提示修改数据文件后重新校验；有错误时 build 不生成报告${r.kind === 'final-accounts' ? '（build --draft 可生成带批注的草稿）' : ''}。`);
  else out.log(`校验通过，有 ${r.warnings} 处警告：请逐一核对，如确属实可忽略。`);
}

/** Reads a dataset, reporting an unreadable one (JSON syntax) as issues; a missing file stays a usage error. */
async function load(file: string, loader: (file: string) => Promise<Loaded> = loadDatasetFile): Promise<{ loaded: Loaded | null; issues: Issue[] }> {
  try {
    return { loaded: await loader(file), issues: [] };
  } catch (e) {
    if (e instanceof FiscalError && e.exitCode === 1) return { loaded: null, issues: e.issues };
    throw e;
  }
}

/**
 * The issues of a loaded dataset by its kind. A final-accounts dataset brings the reports it
 * attaches: each is validated by its own kind's rules, its issues placed in its own file.
 */
async function validateLoaded(loaded: Loaded, file: string, previous: Loaded | null, style: Loaded | null | undefined): Promise<Issue[]> {
  const kind = datasetKind(loaded.value);
  if (kind === 'performance' || kind === 'work-plan') return [...validateNarrative(loaded.value, loaded.sourceMap).issues, ...(loaded.issues ?? [])];
  if (kind !== 'final-accounts') return [kindIssue(loaded.value, loaded.sourceMap)];
  const v = validateFinalAccounts(loaded.value, loaded.sourceMap, previous ? { previous } : {});
  const issues = [...v.issues, ...(loaded.issues ?? [])];
  const linked = await loadLinkedReports(loaded, file);
  // Even when the dataset itself fails the schema: the attached reports are checked all the same.
  const entries = (loaded.value as { meta?: { attachments?: unknown } }).meta?.attachments;
  if (Array.isArray(entries)) issues.push(...validateAttachedReports(entries, loaded.sourceMap, linked, (loaded.value as { meta?: AttachingReport }).meta ?? {}));
  // The house style, as build reads it (rules failing leave a draft dataset to check it against);
  // a --style file that could not be read has said so already.
  const ds = v.dataset ?? v.draft;
  if (ds && style !== null) issues.push(...resolveStyle(ds.input, loaded.sourceMap, linked, ds.figures, ds.previous, style).issues);
  return issues;
}

/**
 * `fiscal-report validate <dataset> [--previous <dataset>] [--style <file>] [--json]`: every issue
 * at once, grouped, errors before warnings. Exit 0 when there is no error (warnings allowed), 1 with
 * errors. Every report kind; --previous and --style only for a final-accounts dataset.
 */
export async function runValidate(file: string, previousFile: string | undefined, json: boolean, out: Out, styleFile?: string): Promise<number> {
  const main = await load(file);
  const kind = main.loaded ? datasetKind(main.loaded.value) : null;
  for (const [given, what] of [
    [previousFile, '--previous（上年数据）'],
    [styleFile, '--style（本区格式文件）'],
  ] as const)
    if (given && kind !== 'final-accounts' && kind !== null)
      throw new FiscalError(`用法错误：${what}只用于决算报告数据（kind 为 "final-accounts"），${file} 是${kind === 'performance' ? '预算绩效管理报告' : '工作计划'}数据。运行 fiscal-report --help 查看用法。`, [], 2);
  const prev = previousFile ? await load(previousFile) : { loaded: null, issues: [] };
  const style = styleFile ? await load(styleFile, loadStyleFile) : { loaded: undefined, issues: [] };
  let issues: Issue[] = [...main.issues, ...prev.issues, ...style.issues];
  if (main.loaded) issues = [...issues, ...(await validateLoaded(main.loaded, file, prev.loaded, style.loaded))];
  const r = report(file, main.loaded ? datasetKind(main.loaded.value) : null, previousFile, issues);
  if (json) out.log(JSON.stringify(r, null, 2));
  else printText(r, out);
  return r.errors ? 1 : 0;
}
