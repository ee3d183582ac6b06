import { D } from './num';
import { derive, num, Num, ratio } from './num';
import { composed, type ComposedText } from './text';
import type { CellView, TableView } from './tables';
import { pathToString } from '../load/path';
import { columnTitle, shapeFields, totalLabel, type ClassifiedField, type ClassifiedShape, type RateBase } from '../model/classified';
import { classifiedTables, type RowOf, type TableOf } from '../model/classified-data';
import type { FinalAccountsInput } from '../validate/schema/final-accounts';

/**
 * The standard 决算草案表 as views: ××区2024年一般公共预算收入决算表, 单位：万元, the finance system's
 * columns, a 合计 row, every row of the data (sub-rows indented), figures right-aligned with the
 * same decimals down a column; a percentage the data leaves out is computed from its base. A table
 * the data gives without rows is kept, empty, with the note 无……; one it leaves out, with its header only.
 */

const t = (text: string, more: Partial<CellView> = {}): CellView => ({ text, ...more });

const RATES: ReadonlySet<ClassifiedField> = new Set(['completionRate', 'lastYearRatio']);

/** The printed columns of a shape (上年决算数 is a base, not printed). */
function printed(shape: ClassifiedShape): ClassifiedField[] {
  return shapeFields(shape).filter((f) => f !== 'lastYear');
}

function header(shape: ClassifiedShape, cols: ClassifiedField[], base: RateBase): CellView[][] {
  if (shape === 'debt') return [[t('项目'), t('金额')]];
  const amounts = cols.filter((f) => !RATES.has(f));
  const rates = cols.filter((f) => RATES.has(f));
  if (!rates.length) return [[t('科目编码'), t('科目名称'), ...amounts.map((f) => t(columnTitle(shape, f)))]];
  return [
    [t('科目编码', { rowSpan: 2 }), t('科目名称', { rowSpan: 2 }), ...amounts.map((f) => t(columnTitle(shape, f), { rowSpan: 2 })), t('决算数为', rates.length > 1 ? { colSpan: rates.length } : {})],
    rates.map((f) => t(f === 'lastYearRatio' ? '上年决算数的%' : base === 'budget' ? '预算数的%' : '调整预算数的%')),
  ];
}

/**
 * The columns a table prints: those its data fills (a percentage: given, or its base given), so a
 * table of 决算数 alone (基本支出) prints 科目编码 | 科目名称 | 决算数; an empty table all of them.
 */
function columnsOf(tb: TableOf): ClassifiedField[] {
  const shape = tb.spec.shape;
  const all = printed(shape);
  const lines = [...(tb.input?.total ? [tb.input.total] : []), ...tb.rows.map((r) => r.input)];
  if (!tb.rows.length) return all;
  const has = (f: ClassifiedField) => lines.some((l) => l[f] !== undefined);
  return all.filter((f) => has(f) || (f === 'completionRate' && has(tb.rateBase)) || (f === 'lastYearRatio' && has('lastYear')));
}

/** Decimals a column prints with: the most the data gives (at most 2); percentages at least 1. */
function digitsOf(values: (number | undefined)[], rate: boolean): number {
  const given = values.filter((v): v is number => v !== undefined).map((v) => Math.min(2, new D(v).decimalPlaces()));
  return Math.max(rate ? 1 : 0, ...given);
}

type Figures = Partial<Record<ClassifiedField, number>>;

type Nums = Partial<Record<ClassifiedField, Num>>;

/** A row's figures as Nums. */
function rowNums(f: Figures, path: string, shape: ClassifiedShape): Nums {
  const out: Nums = {};
  for (const k of shapeFields(shape)) if (f[k] !== undefined) out[k] = num(f[k]!, `${path}.${k}`);
  return out;
}

/**
 * The percentages of a line computed from their bases wherever the bases are given, in place of
 * the typed ones: a typed 102.8 (right to its place, classified-rate) printed padded as 102.80 where
 * amount ÷ base is 102.77, and the text printed 102.77. A typed rate stays only without its base.
 */
function withRates(out: Nums, rateBase: RateBase, path: string): Nums {
  if (!out.amount) return out;
  const base = out[rateBase];
  const stand = (n: Num, k: ClassifiedField) => new Num(n.value, n.src, `${path}.${k}`);
  if (base && !base.isZero()) out.completionRate = stand(ratio(rateBase === 'budget' ? '决算数为预算数的%' : '决算数为调整预算数的%', out.amount, base), 'completionRate');
  if (out.lastYear && !out.lastYear.isZero()) out.lastYearRatio = stand(ratio('决算数为上年决算数的%', out.amount, out.lastYear), 'lastYearRatio');
  return out;
}

/** A typed figure (not computed): printed to its own places at most, never padded (102.8 is not 102.80). */
const typed = (n: Num) => 'path' in n.src;

function figureCells(nums: Nums, cols: ClassifiedField[], digits: Map<ClassifiedField, number>): CellView[] {
  return cols.map((f) => {
    const n = nums[f];
    if (!n) return {};
    const d = digits.get(f) ?? 0;
    return { num: n, format: 'fixed' as const, digits: RATES.has(f) && typed(n) ? Math.min(d, n.value.decimalPlaces()) : d };
  });
}

/** The 合计 row: stated, or each amount column the sum of the top-level rows. */
function totalFigures(tb: TableOf): { figures: Figures; sums: Partial<Record<ClassifiedField, Num>> } {
  const stated: Figures = { ...(tb.input?.total ?? {}) };
  const top = tb.rows.filter((r) => r.parent === null);
  const sums: Partial<Record<ClassifiedField, Num>> = {};
  for (const f of ['budget', 'adjustedBudget', 'amount', 'lastYear'] as const) {
    if (stated[f] !== undefined || !top.length || top.some((r) => r.input[f] === undefined)) continue;
    const parts = top.map((r) => num(r.input[f]!, `${pathToString(r.path)}.${f}`));
    sums[f] = derive('合计', parts.reduce((a, p) => a.add(p.value), new D(0)), parts);
  }
  return { figures: stated, sums };
}

function tableView(tb: TableOf, i: number, district: string, year: Num): TableView {
  const shape = tb.spec.shape;
  const path = pathToString(tb.path);
  const rows = tb.rows;
  const cols = columnsOf(tb);
  const digits = new Map(printed(shape).map((f) => [f, digitsOf([tb.input?.total?.[f], ...rows.map((r) => r.input[f])], RATES.has(f))]));
  const body: CellView[][] = [];
  if (shape === 'debt') {
    for (const r of rows) body.push([t(r.name), ...figureCells(rowNums(r.input, pathToString(r.path), shape), cols, digits)]);
  } else {
    const { figures, sums } = totalFigures(tb);
    // The 合计's percentages from its bases, stated or summed.
    const totalNums = withRates({ ...rowNums(figures, `${path}.total`, shape), ...sums }, tb.rateBase, `${path}.total`);
    const rowLines = rows.map((r) => withRates(rowNums(r.input, pathToString(r.path), shape), tb.rateBase, pathToString(r.path)));
    // A computed percentage prints to 2 places (as the text does), whatever places the typed ones have.
    for (const f of RATES) if ([totalNums, ...rowLines].some((l) => l[f] && !typed(l[f]!))) digits.set(f, 2);
    body.push([t(''), t(totalLabel(tb.spec.title)), ...figureCells(rows.length ? totalNums : {}, cols, digits)]);
    rows.forEach((r, i) => body.push([t(/^\d+$/.test(r.code) ? r.code : ''), t(r.name, r.depth > 0 ? { indent: true } : {}), ...figureCells(rowLines[i]!, cols, digits)]));
  }
  const empty = !rows.length;
  // 无…… only where the data gives the table without rows: a table left out says nothing (the report may have the figure).
  const stated = !!tb.input;
  return {
    kind: 'table',
    number: derive('表序号', new D(i + 1), []),
    title: [district, year, `年${tb.spec.title}`],
    unit: '万元',
    header: header(shape, cols, tb.rateBase),
    body: empty && shape === 'debt' ? [[t(stated ? '无' : ''), {}]] : body,
    widths: shape === 'debt' ? [10, 4] : columnWeights(cols, rows, digits, tb),
    align: shape === 'debt' ? ['left', 'right'] : ['center', 'left', ...cols.map(() => 'right' as const)],
    note: tb.input?.note ?? (empty && stated ? `${district}无${tb.spec.empty}，本表为空表。` : null),
  };
}

/**
 * Relative column widths from what the columns print (in characters; digits are half width): the
 * longest code and name, the widest figure of each column, so a figure never wraps.
 */
function columnWeights(cols: ClassifiedField[], rows: RowOf[], digits: Map<ClassifiedField, number>, tb: TableOf): number[] {
  // Each cell loses about one character to its left and right margins; 科目编码 fits its header on one line.
  const code = rows.some((r) => r.code.length > 5) ? 4.6 : 3.8;
  const figures = cols.map((f) => {
    const values = [tb.input?.total?.[f], ...rows.map((r) => r.input[f])].filter((v): v is number => v !== undefined);
    // The 合计 may be a sum wider than any row.
    const top = rows.filter((r) => r.parent === null).reduce((a, r) => a + Math.abs(r.input[f] ?? 0), 0);
    const widest = Math.max(0, ...values.map((v) => Math.abs(v)), RATES.has(f) ? 0 : top);
    const chars = String(Math.floor(widest)).length + (digits.get(f) ? digits.get(f)! + 1 : 0);
    return Math.max(RATES.has(f) ? 5 : 3.6, chars / 2 + 1.2);
  });
  // The name takes what is left of the line (37 characters of 小四), at least 6.
  const name = Math.max(6, LINE_CHARS - code - figures.reduce((a, w) => a + w, 0));
  return [code, name, ...figures].map((w) => Math.round(w * 10) / 10);
}

/** Characters of 小四 a table row holds across the text block. */
const LINE_CHARS = 37;

export interface ClassifiedAttachment {
  tables: TableView[];
  /** 目录 lines (表1　××区2024年…), where the set is long enough to need one. */
  contents: ComposedText[] | null;
}

/** A set of more tables than this gets a 目录 page. */
export const CONTENTS_FROM = 6;

/** The standard tables of the attachment, numbered 表1, 表2 …; null when the dataset has no `classified`. */
export function classifiedAttachment(input: FinalAccountsInput, year: Num): ClassifiedAttachment | null {
  const tables = classifiedTables(input);
  if (!tables) return null;
  const district = input.meta.district;
  const views = tables.map((tb, i) => tableView(tb, i, district, year));
  return {
    tables: views,
    contents:
      views.length >= CONTENTS_FROM
        ? views.map((v, i) =>
            composed((b) => {
              // 表1　2024年一般公共预算收入决算表: the district is the attachment's own, the line stays on one line.
              b.text('表').fig(v.number!.value.toFixed(), v.number!).text('　').fig(year.value.toFixed(), year).text(`年${tables[i]!.spec.title}`);
            }),
          )
        : null,
  };
}

/** Where a revenue item derived from 一般公共预算收入决算表 takes its figures: the row (and its path). */
export function rowFlow(r: RowOf): { input: { amount: number; adjustedBudget?: number; budget?: number; completionRate?: number; lastYear?: number }; path: string; lastYearRatio: Num | null } {
  const i = r.input;
  const input: { amount: number; adjustedBudget?: number; budget?: number; completionRate?: number; lastYear?: number } = { amount: i.amount ?? 0 };
  if (i.adjustedBudget !== undefined) input.adjustedBudget = i.adjustedBudget;
  else if (i.budget !== undefined) input.budget = i.budget;
  if (i.completionRate !== undefined) input.completionRate = i.completionRate;
  if (i.lastYear !== undefined) input.lastYear = i.lastYear;
  const path = pathToString(r.path);
  return { input, path, lastYearRatio: i.lastYearRatio !== undefined ? num(i.lastYearRatio, `${path}.lastYearRatio`) : null };
}
