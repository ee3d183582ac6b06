import type { Num } from './num';
import { num } from './num';
import type { BudgetView, FlowView, ScopeView, SideView } from './final-accounts';
import type { DatasetTableInput, TableCellInput } from '../validate/schema/tables';

/**
 * Tables as view-model data: the composer builds the 决算草案表 from the dataset's own figures
 * (and passes a dataset's extra tables through), the `table` template helper writes them as
 * markup, and every figure in a cell keeps its source. Spans as in HTML (model/table-grid.ts).
 */

/**
 * How a figure prints in a cell: 万元 as typed, a rate to two decimals with the sign kept, or (the
 * standard tables) a fixed number of decimals for every figure of a column (`digits`).
 */
export type CellFormat = 'amount' | 'rate' | 'fixed';

export interface CellView {
  text?: string;
  num?: Num;
  format?: CellFormat;
  /** Decimals of a fixed-format figure (trailing zeros kept). */
  digits?: number;
  colSpan?: number;
  rowSpan?: number;
  /** Label cells of sub-items are indented one character. */
  indent?: boolean;
  /** A scope label (全区, 区级) heading the rows below it: repeated as 区级（续） where the table continues on a new page. */
  group?: boolean;
}

/** A title is text with figures in it (the year). */
export type TitlePart = string | Num;

export interface TableView {
  kind: 'table';
  /** The table's number in the attachment (表1), printed above its title. */
  number?: Num;
  title: TitlePart[];
  unit: string | null;
  header: CellView[][];
  body: CellView[][];
  widths: number[] | null;
  note: string | null;
  /** Each column's alignment (科目编码 centred, 科目名称 left, figures right); by default the first left, the rest right. */
  align?: ('left' | 'center' | 'right')[];
}

const t = (text: string, more: Partial<CellView> = {}): CellView => ({ text, ...more });
const amt = (n: Num): CellView => ({ num: n, format: 'amount' });
const rate = (n: Num | null | undefined): CellView => (n ? { num: n, format: 'rate' } : {});
const empty = (): CellView => ({});

interface BudgetNames {
  /** 一般公共预算 — the name in titles and totals. */
  name: string;
  /** 一般公共预算 — the name after 当年 (当年一般公共预算收入). */
  current: string;
}

/** 项目 | 决算数 | 比较（%）: 为调整预算 | 比上年增长 — two header rows with merges. */
function flowHeader(rateLabel: string): CellView[][] {
  return [
    [t('项目', { rowSpan: 2 }), t('决算数', { rowSpan: 2 }), t('比较（%）', { colSpan: 2 })],
    [t(rateLabel), t('比上年增长')],
  ];
}

const COLUMNS = 4;

function flowRow(label: string, f: FlowView | null, indent = false): CellView[] | null {
  if (!f) return null;
  return [t(label, { indent }), amt(f.amount), rate(f.rate), rate(f.growth)];
}

function sideRows(side: SideView, total: string, current: string): CellView[][] {
  const rows: CellView[][] = [[t(total), amt(side.total), empty(), empty()]];
  const cur = flowRow(current, side.current, true);
  if (cur) rows.push(cur);
  for (const l of side.lines) rows.push([t(l.deduct ? `减：${l.label}` : l.label, { indent: true }), amt(l.amount), empty(), empty()]);
  return rows;
}

function scopeRows(scope: ScopeView, scopeName: string, n: BudgetNames): CellView[][] {
  const rows: CellView[][] = [[t(scopeName, { colSpan: COLUMNS, group: true })]];
  if (scope.isZero) {
    rows.push([t(`无${n.name}收支`, { colSpan: COLUMNS })]);
    return rows;
  }
  rows.push(...sideRows(scope.income, `${n.name}总收入`, `当年${n.current}收入`));
  rows.push(...sideRows(scope.expenditure, `${n.name}总支出`, `当年${n.current}支出`));
  return rows;
}

function budgetTable(year: Num, b: BudgetView, n: BudgetNames, scopes: ScopeNames): TableView {
  return {
    kind: 'table',
    title: [year, `年${n.name}收支决算表`],
    unit: '万元',
    header: flowHeader('为调整预算'),
    body: [...scopeRows(b.district, scopes.district, n), ...(b.level ? scopeRows(b.level, scopes.level, n) : [])],
    widths: [8, 3, 3, 3],
    note: b.district.isZero && (!b.level || b.level.isZero) ? `${n.name}无收支，本表为空表。` : null,
  };
}

interface SocialScopeView {
  income: FlowView;
  expenditure: FlowView;
  net: Num;
  accumulated: Num;
}

function socialTable(year: Num, s: { district: SocialScopeView; level: SocialScopeView | null }, scopes: ScopeNames): TableView {
  const scope = (v: SocialScopeView, name: string): CellView[][] => [
    [t(name, { colSpan: COLUMNS, group: true })],
    flowRow('社会保险基金收入', v.income)!,
    flowRow('社会保险基金支出', v.expenditure)!,
    [t('本年收支结余'), amt(v.net), empty(), empty()],
    [t('年末滚存结余'), amt(v.accumulated), empty(), empty()],
  ];
  return {
    kind: 'table',
    title: [year, '年社会保险基金预算收支决算表'],
    unit: '万元',
    header: flowHeader('为预算'),
    body: [...scope(s.district, scopes.district), ...(s.level ? scope(s.level, scopes.level) : [])],
    widths: [8, 3, 3, 3],
    note: null,
  };
}

interface DebtTableView {
  limit: { total: Num; general: Num; special: Num };
  balance: { total: Num; general: Num; special: Num };
  bonds: { newBonds: { amount: Num }; refinancing: { amount: Num } };
  interest: { total: Num; general: Num; special: Num };
  principal: { total: Num; general: { amount: Num }; special: { amount: Num } };
}

function debtTable(year: Num, d: DebtTableView): TableView {
  const gs = (label: string, x: { total: Num; general: Num; special: Num }): CellView[] => [t(label), amt(x.total), amt(x.general), amt(x.special)];
  return {
    kind: 'table',
    title: [year, '年政府债务限额和余额情况表'],
    unit: '万元',
    header: [
      [t('项目', { rowSpan: 2 }), t('合计', { rowSpan: 2 }), t('其中', { colSpan: 2 })],
      [t('一般债务'), t('专项债务')],
    ],
    body: [
      gs('政府债务限额', d.limit),
      gs('政府债务余额', d.balance),
      [t('转贷新增债券'), amt(d.bonds.newBonds.amount), empty(), empty()],
      [t('转贷再融资债券'), amt(d.bonds.refinancing.amount), empty(), empty()],
      [t('还本支出'), amt(d.principal.total), amt(d.principal.general.amount), amt(d.principal.special.amount)],
      gs('付息支出', d.interest),
    ],
    widths: [7, 3, 3, 3],
    note: null,
  };
}

/** How the house style names the two scopes (全区/区级, 区/区本级). */
export interface ScopeNames {
  district: string;
  level: string;
}

export interface AccountsTablesInput {
  year: Num;
  scopes?: ScopeNames;
  general: BudgetView;
  fund: BudgetView | null;
  stateCapital: BudgetView | null;
  social: { district: SocialScopeView; level: SocialScopeView | null } | null;
  debt: DebtTableView | null;
}

/** The 决算草案表 generated from the dataset: the budgets present (both scopes) and the debt table. */
export function accountsTables(v: AccountsTablesInput): TableView[] {
  const scopes = v.scopes ?? { district: '全区', level: '区级' };
  return [
    budgetTable(v.year, v.general, { name: '一般公共预算', current: '一般公共预算' }, scopes),
    ...(v.fund ? [budgetTable(v.year, v.fund, { name: '政府性基金预算', current: '政府性基金预算' }, scopes)] : []),
    ...(v.stateCapital ? [budgetTable(v.year, v.stateCapital, { name: '国有资本经营预算', current: '国有资本经营预算' }, scopes)] : []),
    ...(v.social ? [socialTable(v.year, v.social, scopes)] : []),
    ...(v.debt ? [debtTable(v.year, v.debt)] : []),
  ];
}

function datasetCell(c: TableCellInput, path: string): CellView {
  if (c === null) return {};
  if (typeof c === 'string') return { text: c };
  if (typeof c === 'number') return { num: num(c, path), format: 'amount' };
  const cell: CellView = {};
  if (c.value !== undefined) Object.assign(cell, { num: num(c.value, `${path}.value`), format: 'amount' });
  else if (c.text !== undefined) cell.text = c.text;
  if (c.colSpan) cell.colSpan = c.colSpan;
  if (c.rowSpan) cell.rowSpan = c.rowSpan;
  return cell;
}

/** A dataset's own tables, figures traced to their cells (tables[0].rows[2][1]). */
export function datasetTables(tables: readonly DatasetTableInput[] | undefined): TableView[] {
  return (tables ?? []).map((tb, i) => ({
    kind: 'table' as const,
    title: [tb.title],
    unit: tb.unit ?? null,
    header: tb.header.map((row, r) => row.map((c, k) => datasetCell(c, `tables[${i}].header[${r}][${k}]`))),
    body: tb.rows.map((row, r) => row.map((c, k) => datasetCell(c, `tables[${i}].rows[${r}][${k}]`))),
    widths: tb.widths ?? null,
    note: tb.note ?? (tb.rows.length ? null : '本表无数据。'),
  }));
}
