import type { z } from 'zod';
import type { PathSegment } from '../load/path';
import { schemaAt } from '../workbook/schema-paths';
import { Amount, Count, Rate } from './schema/common';

/**
 * What a number of the dataset is, as its schema says: an amount (万元), a rate or growth (a
 * percentage), a count, or the report's year. A figure citing it (from) must carry a unit of that
 * kind: a growth printed with 万元 reads "-7.2万元" where the report must say 下降7.2%.
 */
export type FieldKind = 'amount' | 'rate' | 'count' | 'year';

/** The kind of the dataset field at a path, or null where the schema does not say (a table cell). */
export function fieldKind(schema: z.ZodType, path: readonly PathSegment[]): FieldKind | null {
  if (path.length === 2 && path[0] === 'meta' && path[1] === 'year') return 'year';
  const s = schemaAt(schema, path).schema;
  return s === Amount ? 'amount' : s === Rate ? 'rate' : s === Count ? 'count' : null;
}

/** What a unit word says its figure is: 万元/亿元 an amount, % a rate, 个百分点 a difference of rates, 年/年度 a year, any other word a count. */
export type UnitKind = FieldKind | 'points';

export function unitKindOf(unit: string): UnitKind {
  if (unit === '万元' || unit === '亿元') return 'amount';
  if (unit === '%') return 'rate';
  if (unit === '个百分点') return 'points';
  if (unit === '年' || unit === '年度') return 'year';
  return 'count';
}

/** The units a figure citing a field of this kind may carry, in Chinese, and whether `unit` is one. */
export const FIELD_UNITS: Record<FieldKind, { name: string; units: string; accepts: (unit: string) => boolean }> = {
  amount: { name: '金额（万元）', units: '“万元”或“亿元”', accepts: (u) => unitKindOf(u) === 'amount' },
  rate: { name: '比率或增长率（百分数）', units: '“%”', accepts: (u) => u === '%' },
  // 年 may count years too (3年), so a count cited as years is not refused.
  count: { name: '个数', units: '计量词（如“个”“项”“户”）', accepts: (u) => unitKindOf(u) === 'count' || u === '年' },
  year: { name: '年份', units: '“年”或“年度”', accepts: (u) => unitKindOf(u) === 'year' },
};
