import { FiscalError, describePlace, formatIssue, type Issue, type Place } from '../model/issue';
import { loadDatasetFile } from '../load/dataset';
import type { Loaded } from '../load/json';
import { validateFinalAccounts } from '../validate';
import { RULES } from '../validate/rules';

type Out = { log: (s: string) => void; error: (s: string) => void };

const RULE_DESCRIPTIONS = new Map(RULES.map((r) => [r.id, r.description]));

/** What a group of issues is about, in Chinese, for the grouped listing. */
export function issueGroupName(code: string): string {
  const rule = RULE_DESCRIPTIONS.get(code);
  if (rule) return rule;
  if (code.startsWith('schema-')) return '数据格式：字段、类型、取值';
  if (code.startsWith('json-')) return 'JSON 文件语法';
  if (code === 'figure-invalid') return '数据表（figures）中的数字无法得出';
  if (code === 'prose-unknown-figure') return '文字中引用的数据不存在';
  if (code.startsWith('previous-')) return '上年数据文件（--previous）';
  if (code.startsWith('file-')) return '数据文件';
  if (code.startsWith('xlsx-')) return '数据工作簿：单元格、工作表和文件';
  if (code.startsWith('upload-')) return '上传的文件';
  if (code.startsWith('attachment-')) return '附件报告';
  if (code.startsWith('narrative-')) return '报告的部分和条目';
  return code;
}

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

function shortPlace(p: Place): string {
  const where = p.sheet ? `${p.sheet}!${p.cell ?? ''}` : p.line !== undefined ? `第 ${p.line} 行` : '';
  return `${p.path ?? ''}${where ? `（${where}）` : ''}`;
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
  previous: string | null;
  ok: boolean;
  errors: number;
  warnings: number;
  groups: { code: string; severity: Issue['severity']; description: string; count: number }[];
  issues: Issue[];
}

function report(file: string, previous: string | undefined, issues: Issue[]): ValidateReport {
  const groups = groupIssues(issues);
  const errors = issues.filter((i) => i.severity === 'error').length;
  return {
    file,
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
      out.log(`■ ${g.description}［${g.code}］${g.issues.length} 处`);
      for (const i of g.issues) for (const line of formatIssueDetail(i, r.file)) out.log(`  ${line}`);
    }
  }
  out.log('');
  if (r.errors) out.log(`结论：有 ${r.errors} 处错误${r.warnings ? `、${r.warnings} 处警告` : ''}。请按提示修改数据文件后重新校验；有错误时 build 不生成报告（build --draft 可生成带批注的草稿）。`);
  else out.log(`校验通过，有 ${r.warnings} 处警告：请逐一核对，如确属实可忽略。`);
}

/** Reads a dataset, reporting an unreadable one (JSON syntax) as issues; a missing file stays a usage error. */
async function load(file: string): Promise<{ loaded: Loaded | null; issues: Issue[] }> {
  try {
    return { loaded: await loadDatasetFile(file), issues: [] };
  } catch (e) {
    if (e instanceof FiscalError && e.exitCode === 1) return { loaded: null, issues: e.issues };
    throw e;
  }
}

/**
 * `fiscal-report validate <dataset> [--previous <dataset>] [--json]`: every issue at once, grouped,
 * errors before warnings. Exit 0 when there is no error (warnings allowed), 1 with errors.
 */
export async function runValidate(file: string, previousFile: string | undefined, json: boolean, out: Out): Promise<number> {
  const main = await load(file);
  const prev = previousFile ? await load(previousFile) : { loaded: null, issues: [] };
  let issues: Issue[] = [...main.issues, ...prev.issues];
  if (main.loaded) {
    const v = validateFinalAccounts(main.loaded.value, main.loaded.sourceMap, prev.loaded ? { previous: prev.loaded } : {});
    issues = [...issues, ...v.issues];
  }
  const r = report(file, previousFile, issues);
  if (json) out.log(JSON.stringify(r, null, 2));
  else printText(r, out);
  return r.errors ? 1 : 0;
}
