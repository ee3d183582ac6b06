import type { PathSegment } from '../load/path';
import type { FinalAccountsInput } from '../validate/schema/final-accounts';
import type { ClassifiedRowInput, ClassifiedTableInput } from '../validate/schema/classified';
import { CLASSIFIED_TABLES, parentCode, type ClassifiedField, type ClassifiedTableSpec, type ClassifiedTie, type RateBase } from './classified';

/**
 * The dataset's standard tables read against their description (model/classified.ts): each row with
 * its path, standard name, parent and depth; the report figure each table's 合计 is tied to. Shared
 * by the rules, the composer and the revenue items the text prints, so all read the same rows.
 */

export interface RowOf {
  code: string;
  /** As printed: the dataset's name, else the standard name, else the code. */
  name: string;
  input: ClassifiedRowInput;
  path: PathSegment[];
  /** The code of the row above it in this table, or null for a top-level row. */
  parent: string | null;
  depth: number;
  /** The code is one the standard table lists. */
  standard: boolean;
}

export interface TableOf {
  spec: ClassifiedTableSpec;
  /** Undefined: the dataset gives no such table (it is printed with its header only, no 无 note). */
  input: ClassifiedTableInput | undefined;
  path: PathSegment[];
  rows: RowOf[];
  /**
   * What completionRate is of: 社会保险基金 the 预算数; a flow table its 调整预算数, or where no line
   * gives one (an export without that column) its 预算数 — a rate of either was checked and labelled
   * against 调整预算数 only, and printed under that label beside a text computing it from the 预算数.
   */
  rateBase: RateBase;
}

/** The standard tables in their order, each with the dataset's rows; null when the dataset has no `classified`. */
export function classifiedTables(input: Pick<FinalAccountsInput, 'classified'>): TableOf[] | null {
  const c = input.classified;
  if (!c) return null;
  return CLASSIFIED_TABLES.map((spec) => {
    const t = c[spec.key];
    const path: PathSegment[] = ['classified', spec.key];
    const codes = (t?.rows ?? []).map((r) => r.code);
    const standard = new Map(spec.rows.map((r) => [r.code, r.name]));
    const rows = (t?.rows ?? []).map((r, i): RowOf => {
      let parent = parentCode(r.code, codes);
      let depth = 0;
      for (let p = parent; p; p = parentCode(p, codes)) depth++;
      if (parent === r.code) parent = null;
      return { code: r.code, name: r.name ?? standard.get(r.code) ?? r.code, input: r, path: [...path, 'rows', i], parent, depth, standard: standard.has(r.code) };
    });
    const lines = [...(t?.total ? [t.total] : []), ...(t?.rows ?? [])];
    const rateBase: RateBase = spec.shape === 'social' || (!lines.some((l) => l.adjustedBudget !== undefined) && lines.some((l) => l.budget !== undefined)) ? 'budget' : 'adjustedBudget';
    return { spec, input: t, path, rows, rateBase };
  });
}

/** The top-level rows of a table, and each row's children. */
export function childrenOf(t: TableOf, code: string | null): RowOf[] {
  return t.rows.filter((r) => r.parent === code);
}

/** A figure of the report a table's 合计 is compared with. */
export interface ReportFigure {
  value: number;
  path: PathSegment[];
}

/** The report figures of a table's tie, by column, and how the report names them (全区当年一般公共预算收入). */
export interface TieOf {
  what: string;
  figures: Partial<Record<ClassifiedField, ReportFigure>>;
  /** The debt tables: the items tied one by one to the debt section, by code (limit, balance, repaid). */
  items?: Record<string, ReportFigure>;
  /** The report's stated growth of the figure: the table's 决算数为上年决算数的% less 100. */
  growth?: ReportFigure;
}

const BUDGET_NAMES = { generalBudget: '一般公共预算', fundBudget: '政府性基金预算', stateCapitalBudget: '国有资本经营预算' } as const;

/**
 * The report's figures a table is tied to; null where the table has no tie or the report has not
 * the section (a budget left out, no debt section).
 */
export function tieOf(input: FinalAccountsInput, tie: ClassifiedTie): TieOf | null {
  if (!tie) return null;
  const fig = (value: number | undefined, path: PathSegment[]): ReportFigure | undefined => (value === undefined ? undefined : { value, path });
  if (tie.kind === 'flow') {
    const b = input[tie.budget];
    if (!b) return null;
    // A district that reports the budget for the whole district only: its 本级 is the district's.
    const scope = tie.scope === 'level' && b.level ? 'level' : 'district';
    const side = (scope === 'level' ? b.level! : b.district)[tie.side];
    const p: PathSegment[] = [tie.budget, scope, tie.side, 'current'];
    const c = side.current;
    const what = `${scope === 'district' ? '全区' : '区级'}当年${BUDGET_NAMES[tie.budget]}${tie.side === 'income' ? '收入' : '支出'}`;
    // No 当年数 in the report: the year's own figure is 0 (the report writes 无……收入).
    if (!c) return { what, figures: { amount: { value: 0, path: [tie.budget, scope, tie.side, 'total'] } } };
    const figures: TieOf['figures'] = { amount: { value: c.amount, path: [...p, 'amount'] } };
    const add = (k: ClassifiedField, v: number | undefined, key: string) => {
      const f = fig(v, [...p, key]);
      if (f) figures[k] = f;
    };
    add('adjustedBudget', c.adjustedBudget, 'adjustedBudget');
    add('lastYear', c.lastYear, 'lastYear');
    add('completionRate', c.completionRate, 'completionRate');
    const growth = fig(c.growth, [...p, 'growth']);
    return { what, figures, ...(growth ? { growth } : {}) };
  }
  if (tie.kind === 'social') {
    const si = input.socialInsuranceBudget;
    if (!si) return null;
    const f = si.district[tie.side];
    const p: PathSegment[] = ['socialInsuranceBudget', 'district', tie.side];
    const figures: TieOf['figures'] = { amount: { value: f.amount, path: [...p, 'amount'] } };
    if (f.budget !== undefined) figures.budget = { value: f.budget, path: [...p, 'budget'] };
    if (f.lastYear !== undefined) figures.lastYear = { value: f.lastYear, path: [...p, 'lastYear'] };
    if (f.completionRate !== undefined) figures.completionRate = { value: f.completionRate, path: [...p, 'completionRate'] };
    const growth = fig(f.growth, [...p, 'growth']);
    return { what: `全区社会保险基金${tie.side === 'income' ? '收入' : '支出'}`, figures, ...(growth ? { growth } : {}) };
  }
  const d = input.debt;
  if (!d) return null;
  const kind = tie.part === 'general' ? '一般' : '专项';
  // Debt items tie one by one: keyed by the row's code.
  return {
    what: `政府${kind}债务`,
    figures: {},
    items: {
      limit: { value: d.limit[tie.part], path: ['debt', 'limit', tie.part] },
      balance: { value: d.balance[tie.part], path: ['debt', 'balance', tie.part] },
      repaid: { value: d.principal[tie.part].amount, path: ['debt', 'principal', tie.part, 'amount'] },
    },
  };
}

type CurrentInput = NonNullable<FinalAccountsInput['generalBudget']['district']['income']['current']>;
type ItemInput = NonNullable<CurrentInput['items']>[number];

/** Revenue items derived from 一般公共预算收入决算表, keyed by the 当年数 they were put in. */
export const derivedItems = new WeakMap<object, unknown>();
/** The table row each derived item stands for: the composer reads its figures (and their sources) there. */
export const itemRows = new WeakMap<object, RowOf>();

/**
 * The revenue items of the year's general-budget income, from 一般公共预算收入决算表: one source for
 * the table and the text. The rows named in textItems (by default every 类 and the 款 under it),
 * each under the nearest listed row above it. Put into the dataset where it gives no items of its
 * own (a second entry is an error: rules/classified.ts); the items remember their rows.
 */
export function deriveRevenueItems(input: FinalAccountsInput): void {
  const c = input.generalBudget.district.income.current;
  const table = (classifiedTables(input) ?? []).find((t) => t.spec.key === 'generalIncome');
  if (!c || !table?.input || c.items?.length) return;
  // By default every 类 and 款 with an amount: a row of 0 (烟叶税) is no item the text lists.
  const wanted = table.input.textItems ? new Set(table.input.textItems) : new Set(table.rows.filter((r) => r.depth <= 1 && r.input.amount !== 0).map((r) => r.code));
  const picked = table.rows.filter((r) => wanted.has(r.code) && r.input.amount !== undefined);
  const pickedCodes = picked.map((r) => r.code);
  const make = (parent: string | null): ItemInput[] =>
    picked
      .filter((r) => parentCode(r.code, pickedCodes) === parent)
      .map((r) => {
        const kids = make(r.code);
        const item: ItemInput = { label: r.name, amount: r.input.amount!, ...(kids.length ? { items: kids } : {}) };
        itemRows.set(item, r);
        return item;
      });
  const items = make(null);
  if (!items.length) return;
  c.items = items;
  derivedItems.set(c, items);
}
