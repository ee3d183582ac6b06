import { existsSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { FiscalError, formatIssue } from '../model/issue';
import { loadDatasetFile } from '../load/dataset';
import { findWorkbook } from '../workbook/kinds';
import { exportDataset, kindList } from '../workbook/export';
import { writeFileAtomic } from '../write/atomic';
import { safeFileName } from '../write/outputs';

type Out = { log: (s: string) => void; error: (s: string) => void };

const usage = (message: string) => new FiscalError(`用法错误：${message}。运行 fiscal-report --help 查看用法。`, [], 2);

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
  const file = values.out ?? `${safeFileName(spec.fileName({ district, year }))}.xlsx`;
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

/** `fiscal-report export <dataset> [--out FILE.xlsx] [--overwrite]` */
export async function exportCommand(dataset: string, values: { out?: string; overwrite?: boolean }, out: Out): Promise<number> {
  const file = values.out ?? join(dirname(dataset), `${basename(dataset, extname(dataset))}.xlsx`);
  if (extname(file).toLowerCase() !== '.xlsx') throw usage(`--out 应为 .xlsx 文件，实为“${file}”`);
  if (file === dataset) throw usage('导出的工作簿不能与数据文件同名');
  refuseExisting(file, !!values.overwrite);
  const result = await exportDataset(await loadDatasetFile(dataset), dataset);
  if (!result.ok) {
    for (const i of result.issues) out.error(formatIssue(i));
    out.error(
      result.reason === 'unfit'
        ? `${dataset}：有 ${result.issues.length} 处数据无法写入工作簿，未导出。请按上述提示修改后重试。`
        : `${dataset}：数据有 ${result.issues.length} 处格式错误，未导出工作簿。请按上述提示修改后重试。`,
    );
    return 1;
  }
  const bytes = result.bytes;
  writeFileAtomic(file, bytes);
  out.log(`已导出工作簿：${file}`);
  return 0;
}
