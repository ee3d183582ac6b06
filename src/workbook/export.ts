import { FiscalError, type Issue } from '../model/issue';
import type { Loaded } from '../load/json';
import { pathToString, type PathSegment } from '../load/path';
import { zodToIssues } from '../validate/zod-issues';
import { findWorkbook, WORKBOOKS } from './kinds';
import { canonicalData, workbookUnfits } from './fit';

export const kindList = () => WORKBOOKS.map((k) => `${k.kind}（${k.name}）`).join('、');

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

/** Not written: the data does not fit the schema, or has what the workbook has no place for. */
export type ExportResult = { ok: true; bytes: Buffer } | { ok: false; reason: 'schema' | 'unfit'; issues: Issue[] };

/**
 * A loaded dataset as a filled workbook (`fiscal-report export`, and the web page's 已填写的工作簿).
 * Data that does not fit the schema comes back as its issues; a kind without a workbook, or data
 * the workbook cannot hold (it must read back as the same dataset), throws a FiscalError.
 * `file` names the dataset in messages and the workbook while it is read back.
 */
export async function exportDataset(loaded: Loaded, file: string): Promise<ExportResult> {
  const raw = loaded.value as { kind?: unknown } | null;
  const kind = raw && typeof raw === 'object' && typeof raw.kind === 'string' ? raw.kind : undefined;
  const spec = kind === undefined ? undefined : findWorkbook(kind);
  if (!spec) {
    throw new FiscalError(`无法导出 ${file}`, [
      {
        code: 'export-kind',
        severity: 'error',
        message: `数据文件的报告类型 kind 为 ${kind === undefined ? '（缺失）' : `“${kind}”`}，没有对应的工作簿格式：可导出的类型为 ${kindList()}。`,
        place: loaded.sourceMap.locate(['kind']),
      },
    ]);
  }
  const parsed = spec.schema.safeParse(loaded.value);
  if (!parsed.success) return { ok: false, reason: 'schema', issues: zodToIssues(parsed.error, loaded.value, loaded.sourceMap) };
  // What the workbook has no place for is refused by name, before anything is written.
  const unfits = workbookUnfits(spec, parsed.data);
  if (unfits.length) return { ok: false, reason: 'unfit', issues: unfits.map((u) => ({ code: 'export-unfit', severity: 'error' as const, message: u.message, place: loaded.sourceMap.locate(u.path) })) };
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { buildWorkbook } = require('./build') as typeof import('./build');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { readWorkbook } = require('../load/xlsx') as typeof import('../load/xlsx');
  const bytes = await buildWorkbook(spec, { data: loaded.value });
  // The workbook must read back as the same dataset; anything it cannot hold is said, not lost.
  const back = spec.schema.safeParse((await readWorkbook(bytes, file)).value);
  const diff = back.success ? differences(canonicalData(spec, parsed.data), back.data) : ['（读回的数据不符合格式）'];
  if (diff.length) {
    throw new FiscalError(`无法导出 ${file}`, [
      {
        code: 'export-roundtrip',
        severity: 'error',
        message: `以下数据写入工作簿后读回不一致，未导出：${diff.join('、')}。请检查这些字段（如名称中含有换行或分隔符“、”），或报告此问题。`,
        place: { file },
      },
    ]);
  }
  return { ok: true, bytes };
}
