import { existsSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { FiscalError, formatIssue } from '../model/issue';
import { loadDatasetFile } from '../load/dataset';
import { pathToString, type PathSegment } from '../load/path';
import { zodToIssues } from '../validate/zod-issues';
import { canonicalData, workbookUnfits } from '../workbook/fit';
import { findWorkbook, WORKBOOKS } from '../workbook/kinds';
import { writeFileAtomic } from '../write/atomic';

type Out = { log: (s: string) => void; error: (s: string) => void };

const usage = (message: string) => new FiscalError(`用法错误：${message}。运行 fiscal-report --help 查看用法。`, [], 2);

const kindList = () => WORKBOOKS.map((k) => `${k.kind}（${k.name}）`).join('、');

/** A workbook a writer may have filled in is never replaced without --overwrite. */
function refuseExisting(file: string, overwrite: boolean): void {
  if (existsSync(file) && !overwrite)
    throw new FiscalError(`文件 ${file} 已存在，未写出：为免覆盖已填写的工作簿，请用 --out 换一个文件名，或加 --overwrite 覆盖。`, [], 2);
}

/** `fiscal-report init <kind> [--district 名称] [--year 年度] [--out FILE.xlsx] [--overwrite]` */
export async function initCommand(kind: string | undefined, values: { district?: string; year?: string; out?: string; overwrite?: boolean }, out: Out): Promise<number> {
  if (!kind) throw usage(`请指定报告类型，如：fiscal-report init final-accounts（可用：${kindList()}）`);
  const spec = findWorkbook(kind);
  if (!spec) throw usage(`未知的报告类型“${kind}”，可用：${kindList()}`);
  let year: number | undefined;
  if (values.year !== undefined) {
    year = Number(values.year.trim());
    if (!/^\d{4}$/.test(values.year.trim())) throw usage(`--year 应为四位年份，如 2024，实为“${values.year}”`);
  }
  const district = values.district?.trim() || undefined;
  const file = values.out ?? `${spec.fileName({ district, year })}.xlsx`;
  if (extname(file).toLowerCase() !== '.xlsx') throw usage(`--out 应为 .xlsx 文件，实为“${file}”`);
  refuseExisting(file, !!values.overwrite);
  const { buildWorkbook } = await import('../workbook/build');
  const bytes = await buildWorkbook(spec, { prefill: spec.prefill?.({ district, year }) ?? {} });
  writeFileAtomic(file, bytes);
  out.log(`已生成空白工作簿：${file}`);
  const formulas = spec.sheets.some((s) => s.type === 'grid' && s.rows.some((r) => r.kind === 'value' && r.formula));
  out.log(`请在黄色单元格中填写数据${formulas ? '（蓝色单元格为合计公式）' : ''}，然后运行：fiscal-report build ${file}`);
  return 0;
}

/** Paths where two values differ (first few), for the export round-trip check. */
function differences(a: unknown, b: unknown, path: PathSegment[] = [], out: string[] = []): string[] {
  if (out.length >= 8) return out;
  if (a === b) return out;
  if (a && b && typeof a === 'object' && typeof b === 'object' && Array.isArray(a) === Array.isArray(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const k of keys) differences((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], [...path, Array.isArray(a) ? Number(k) : k], out);
    return out;
  }
  out.push(pathToString(path) || '（根）');
  return out;
}

/** `fiscal-report export <dataset> [--out FILE.xlsx] [--overwrite]` */
export async function exportCommand(dataset: string, values: { out?: string; overwrite?: boolean }, out: Out): Promise<number> {
  const file = values.out ?? join(dirname(dataset), `${basename(dataset, extname(dataset))}.xlsx`);
  if (extname(file).toLowerCase() !== '.xlsx') throw usage(`--out 应为 .xlsx 文件，实为“${file}”`);
  if (file === dataset) throw usage('导出的工作簿不能与数据文件同名');
  refuseExisting(file, !!values.overwrite);
  const loaded = await loadDatasetFile(dataset);
  const raw = loaded.value as { kind?: unknown } | null;
  const kind = raw && typeof raw === 'object' && typeof raw.kind === 'string' ? raw.kind : undefined;
  const spec = kind === undefined ? undefined : findWorkbook(kind);
  if (!spec) {
    throw new FiscalError(`无法导出 ${dataset}`, [
      {
        code: 'export-kind',
        severity: 'error',
        message: `数据文件的报告类型 kind 为 ${kind === undefined ? '（缺失）' : `“${kind}”`}，没有对应的工作簿格式：可导出的类型为 ${kindList()}。`,
        place: loaded.sourceMap.locate(['kind']),
      },
    ]);
  }
  const parsed = spec.schema.safeParse(loaded.value);
  if (!parsed.success) {
    const issues = zodToIssues(parsed.error, loaded.value, loaded.sourceMap);
    for (const i of issues) out.error(formatIssue(i));
    out.error(`${dataset}：数据有 ${issues.length} 处格式错误，未导出工作簿。请按上述提示修改后重试。`);
    return 1;
  }
  // What the workbook has no place for is refused by name, before anything is written.
  const unfits = workbookUnfits(spec, parsed.data);
  if (unfits.length) {
    const issues = unfits.map((u) => ({ code: 'export-unfit', severity: 'error' as const, message: u.message, place: loaded.sourceMap.locate(u.path) }));
    for (const i of issues) out.error(formatIssue(i));
    out.error(`${dataset}：有 ${issues.length} 处数据无法写入工作簿，未导出。请按上述提示修改后重试。`);
    return 1;
  }
  const { buildWorkbook } = await import('../workbook/build');
  const { readWorkbook } = await import('../load/xlsx');
  const bytes = await buildWorkbook(spec, { data: loaded.value });
  // The workbook must read back as the same dataset; anything it cannot hold is said, not lost.
  const back = spec.schema.safeParse((await readWorkbook(bytes, file)).value);
  const diff = back.success ? differences(canonicalData(spec, parsed.data), back.data) : ['（读回的数据不符合格式）'];
  if (diff.length) {
    throw new FiscalError(`无法导出 ${dataset}`, [
      {
        code: 'export-roundtrip',
        severity: 'error',
        message: `以下数据写入工作簿后读回不一致，未导出：${diff.join('、')}。请检查这些字段（如名称中含有换行或分隔符“、”），或报告此问题。`,
        place: { file: dataset },
      },
    ]);
  }
  writeFileAtomic(file, bytes);
  out.log(`已导出工作簿：${file}`);
  return 0;
}
