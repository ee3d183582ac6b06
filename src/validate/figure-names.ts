import { closestNames } from '../compose/named-figures';
import { parsePath, pathToString } from '../load/path';

/**
 * The figures of a final-accounts dataset a figures-table row may cite (计算方式 引用), by the
 * Chinese names a writer knows them by: the names a paragraph written in data uses ({{全区一般公共
 * 预算收入增长}}, see compose/budget-names.ts), each with its dataset path. The workbook's 数据表
 * offers them in a drop-down; a dotted path (generalBudget.district.income.current.amount) is
 * still accepted, as older workbooks and JSON files have it.
 */
export interface CitableFigure {
  name: string;
  path: string;
}

const SCOPES = [
  ['district', '全区'],
  ['level', '区级'],
] as const;
const SIDES = [
  ['income', '收入'],
  ['expenditure', '支出'],
] as const;
const BUDGETS = [
  ['generalBudget', '一般公共预算'],
  ['fundBudget', '政府性基金预算'],
  ['stateCapitalBudget', '国有资本经营预算'],
] as const;
const HALF = [
  ['general', '一般公共预算'],
  ['fund', '政府性基金预算'],
  ['stateCapital', '国有资本经营预算'],
  ['socialInsurance', '社会保险基金'],
] as const;

function catalogue(): CitableFigure[] {
  const out: CitableFigure[] = [];
  const add = (name: string, path: string) => out.push({ name, path });
  for (const [b, bn] of BUDGETS)
    for (const [s, sn] of SCOPES) {
      for (const [side, w] of SIDES) {
        const p = `${b}.${s}.${side}`;
        const n = `${sn}${bn}${w}`;
        add(`${sn}${bn}总${w}`, `${p}.total`);
        add(n, `${p}.current.amount`);
        add(`${n}调整预算数`, `${p}.current.adjustedBudget`);
        add(`${n}完成率`, `${p}.current.completionRate`);
        add(`${n}上年数`, `${p}.current.lastYear`);
        add(`${n}增长`, `${p}.current.growth`);
        add(`${n}可比增长`, `${p}.current.comparableGrowth`);
        add(`${n}超收`, `${p}.current.surplus`);
      }
      add(`${sn}${bn}年终结余`, `${b}.${s}.yearEndBalance`);
    }
  add('全区财政总收入', 'generalBudget.fiscalRevenue.amount');
  add('全区财政总收入上年数', 'generalBudget.fiscalRevenue.lastYear');
  add('全区财政总收入增长', 'generalBudget.fiscalRevenue.growth');
  add('调入预算稳定调节基金', 'generalBudget.stabilizationFund.used');
  add('补充预算稳定调节基金', 'generalBudget.stabilizationFund.added');
  add('预算稳定调节基金余额', 'generalBudget.stabilizationFund.balance');
  add('预备费', 'generalBudget.reserveFund.arranged');
  add('预备费支出', 'generalBudget.reserveFund.spent');
  for (const [s, sn] of SCOPES) {
    for (const [side, w] of SIDES) {
      const p = `socialInsuranceBudget.${s}.${side}`;
      const n = `${sn}社会保险基金${w}`;
      add(n, `${p}.amount`);
      add(`${n}预算数`, `${p}.budget`);
      add(`${n}完成率`, `${p}.completionRate`);
      add(`${n}上年数`, `${p}.lastYear`);
      add(`${n}增长`, `${p}.growth`);
    }
    add(`${sn}社会保险基金收支净结余`, `socialInsuranceBudget.${s}.net`);
    add(`${sn}社会保险基金滚存结余`, `socialInsuranceBudget.${s}.accumulated`);
    add(`${sn}社会保险基金上年末滚存结余`, `socialInsuranceBudget.${s}.lastYearAccumulated`);
  }
  for (const [key, word] of [
    ['limit', '限额'],
    ['balance', '余额'],
  ] as const) {
    add(`政府债务${word}`, `debt.${key}.total`);
    add(`一般债务${word}`, `debt.${key}.general`);
    add(`专项债务${word}`, `debt.${key}.special`);
  }
  add('政府债务余额其他增减', 'debt.balance.otherChange');
  add('政府债券资金', 'debt.bonds.total');
  add('新增债券', 'debt.bonds.newBonds.amount');
  add('新增债券项目个数', 'debt.bonds.newBonds.projectCount');
  add('再融资债券', 'debt.bonds.refinancing.amount');
  add('债务付息支出', 'debt.interest.total');
  add('一般债务付息支出', 'debt.interest.general');
  add('专项债务付息支出', 'debt.interest.special');
  add('债务还本支出', 'debt.principal.total');
  for (const [key, word] of [
    ['general', '一般债务'],
    ['special', '专项债务'],
  ] as const) {
    add(`${word}还本支出`, `debt.principal.${key}.amount`);
    add(`${word}自有财力还本支出`, `debt.principal.${key}.ownFunds`);
    add(`${word}再融资债券还本支出`, `debt.principal.${key}.refinancing`);
  }
  add('税收收入', 'analysis.tax.amount');
  add('税收收入增长', 'analysis.tax.growth');
  add('税收收入可比增长', 'analysis.tax.comparable.growth');
  add('上年税收占比', 'analysis.tax.lastYearShare');
  add('一般公共预算收入可比口径增长', 'analysis.incomeComparable.growth');
  for (const [h, hn] of HALF)
    for (const [s, sn] of SCOPES)
      for (const [side, w] of SIDES) {
        const p = `firstHalf.${h}.${s}.${side}`;
        const n = `上半年${sn}${hn}${w}`;
        add(n, `${p}.amount`);
        add(`${n}年初预算数`, `${p}.initialBudget`);
        add(`${n}完成率`, `${p}.completionRate`);
        add(`${n}上年同期数`, `${p}.lastYear`);
        add(`${n}增长`, `${p}.growth`);
      }
  add('年度', 'meta.year');
  return out;
}

/** Every citable figure of a final-accounts dataset, in the workbook's order of parts. */
export const CITABLE_FIGURES: readonly CitableFigure[] = catalogue();

const BY_NAME = new Map(CITABLE_FIGURES.map((f) => [f.name, f.path]));
const BY_PATH = new Map(CITABLE_FIGURES.map((f) => [f.path, f.name]));

/** The dataset path a 引用 names: a Chinese name of the list, or a dotted path as typed. */
export function citedPath(from: string): string {
  const t = from.trim();
  return BY_NAME.get(t) ?? t;
}

/** The Chinese name of a dataset path, where it has one (the workbook writes names, not paths). */
export function citableName(path: string): string | undefined {
  return BY_PATH.get(pathToString(parsePath(path)));
}

/** Whether a 引用 is written as a dotted path (older workbooks, JSON), not as a name. */
export function isDottedPath(from: string): boolean {
  return /^[A-Za-z_][\w]*(?:\.[\w]+|\[\d+\])+$/.test(from.trim());
}

/** The nearest citable names to a mistyped name or path, as “名称” for a message. */
export function nearestCitable(from: string, max = 3): string[] {
  const t = from.trim();
  if (isDottedPath(t)) {
    const paths = closestNames(t, CITABLE_FIGURES.map((f) => f.path), max);
    return paths.map((p) => BY_PATH.get(p)!);
  }
  return closestNames(t, CITABLE_FIGURES.map((f) => f.name), max);
}
