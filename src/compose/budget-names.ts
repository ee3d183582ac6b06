import type { FinalAccountsInput } from '../validate/schema/final-accounts';
import { absNum, BUDGET_NAMES } from './budget-text';
import type { BudgetViews, BudgetView, CurrentView, RevenueItemView, ScopeView, SideView } from './final-accounts';
import { NamedFigures } from './named-figures';
import { num, type Num } from './num';

const SCOPES = [
  ['district', '全区'],
  ['level', '区级'],
] as const;

function flowNames(n: NamedFigures, base: string, f: { amount: Num; rate: Num | null; growth: Num | null }): void {
  n.set(base, f.amount, 'amount');
  n.set(`${base}完成率`, f.rate, 'rate');
  n.set(`${base}增长`, f.growth, 'growth');
}

function currentNames(n: NamedFigures, base: string, c: CurrentView, lastYear: Num | null): void {
  flowNames(n, base, c);
  n.set(`${base}可比增长`, c.comparable, 'growth');
  n.set(`${base}调整预算数`, c.budget, 'amount');
  // 超收 and 短收 each named only when the figure is one (超收 not below 0, 短收 above 0, printed
  // without a sign: 短收34178万元): text that says 超收 cannot print a shortfall as "超收-1060万元",
  // nor text that says 短收 an excess; the paragraph is pointed out instead. 短收 of income only,
  // as reports say it.
  const short = c.surplus?.value.isNegative() ?? false;
  n.set(`${base}超收`, short ? null : c.surplus, 'amount');
  if (base.endsWith('收入') && short) {
    n.set(`${base}短收`, absNum(c.surplus!), 'amount');
    n.printsAs(c.surplus!, `${base}短收`);
  }
  n.set(`${base}上年数`, lastYear, 'amount');
}

function itemNames(n: NamedFigures, scope: string, items: RevenueItemView[]): void {
  for (const it of items) {
    flowNames(n, `${scope}${it.label}`, it);
    itemNames(n, scope, it.items);
  }
}

function sideNames(n: NamedFigures, scope: string, budget: string, word: '收入' | '支出', s: SideView, lastYear: Num | null): void {
  n.set(`${scope}${budget}总${word}`, s.total, 'amount');
  const { current, lines, includes } = s.all;
  if (current) {
    currentNames(n, `${scope}${budget}${word}`, current, lastYear);
    itemNames(n, scope, current.items);
  }
  for (const l of lines) {
    n.set(`${scope}${budget}${l.label}`, l.amount, 'amount');
    for (const p of l.includes) n.set(`${scope}${budget}${p.label}`, p.amount, 'amount');
  }
  for (const p of includes) n.set(`${scope}${budget}${p.label}`, p.amount, 'amount');
}

/** last year's amount of a flow, as typed (lastYear), for 上年数. */
function lastYearAt(input: unknown, path: (string | number)[]): Num | null {
  let cur: unknown = input;
  for (const k of path) {
    if (cur === null || typeof cur !== 'object') return null;
    cur = (cur as Record<string | number, unknown>)[k];
  }
  const v = (cur as { lastYear?: unknown } | undefined)?.lastYear;
  return typeof v === 'number' ? num(v, [...path, 'lastYear'].join('.')) : null;
}

function budgetNames(n: NamedFigures, input: FinalAccountsInput, key: 'generalBudget' | 'fundBudget' | 'stateCapitalBudget', name: string, b: BudgetView | null): void {
  if (!b) return;
  for (const [scopeKey, scope] of SCOPES) {
    const sc: ScopeView | null = scopeKey === 'district' ? b.district : b.level;
    if (!sc) continue;
    for (const [sideKey, word] of [
      ['income', '收入'],
      ['expenditure', '支出'],
    ] as const) {
      sideNames(n, scope, name, word, sc[sideKey], lastYearAt(input, [key, scopeKey, sideKey, 'current']));
    }
    n.set(`${scope}${name}年终结余`, sc.yearEndBalance, 'amount');
  }
}

/**
 * The named figures of a final-accounts dataset (see named-figures.ts for the pattern). Built from
 * the same views the composer prints, so a named figure has the source its printed twin has.
 */
export function namedFigures(input: FinalAccountsInput, views: BudgetViews, years: { year: Num; nextYear: Num; previousYear: Num }): NamedFigures {
  const n = new NamedFigures();
  n.set('年度', years.year, 'year');
  n.set('次年', years.nextYear, 'year');
  n.set('上年', years.previousYear, 'year');
  budgetNames(n, input, 'generalBudget', BUDGET_NAMES.general.name, views.general);
  budgetNames(n, input, 'fundBudget', BUDGET_NAMES.fund.name, views.fund);
  budgetNames(n, input, 'stateCapitalBudget', BUDGET_NAMES.stateCapital.name, views.stateCapital);
  if (views.fiscalRevenue) {
    flowNames(n, '全区财政总收入', views.fiscalRevenue);
    n.set('全区财政总收入上年数', lastYearAt(input, ['generalBudget', 'fiscalRevenue']), 'amount');
  }
  if (views.social) {
    for (const [scopeKey, scope] of SCOPES) {
      const sc = scopeKey === 'district' ? views.social.district : views.social.level;
      if (!sc) continue;
      flowNames(n, `${scope}社会保险基金收入`, sc.income);
      flowNames(n, `${scope}社会保险基金支出`, sc.expenditure);
      n.set(`${scope}社会保险基金收入上年数`, lastYearAt(input, ['socialInsuranceBudget', scopeKey, 'income']), 'amount');
      n.set(`${scope}社会保险基金支出上年数`, lastYearAt(input, ['socialInsuranceBudget', scopeKey, 'expenditure']), 'amount');
      n.set(`${scope}社会保险基金收支净结余`, sc.net, 'amount');
      n.set(`${scope}社会保险基金滚存结余`, sc.accumulated, 'amount');
    }
  }
  const sf = input.generalBudget.stabilizationFund;
  if (sf) {
    n.set('调入预算稳定调节基金', num(sf.used, 'generalBudget.stabilizationFund.used'), 'amount');
    n.set('补充预算稳定调节基金', num(sf.added, 'generalBudget.stabilizationFund.added'), 'amount');
    n.set('预算稳定调节基金余额', num(sf.balance, 'generalBudget.stabilizationFund.balance'), 'amount');
  }
  const rf = input.generalBudget.reserveFund;
  if (rf) {
    n.set('预备费', num(rf.arranged, 'generalBudget.reserveFund.arranged'), 'amount');
    n.set('预备费支出', num(rf.spent, 'generalBudget.reserveFund.spent'), 'amount');
  }
  const d = input.debt;
  if (d) {
    const gs = (base: string, path: string, x: { total: number; general: number; special: number }) => {
      n.set(`政府债务${base}`, num(x.total, `${path}.total`), 'amount');
      n.set(`一般债务${base}`, num(x.general, `${path}.general`), 'amount');
      n.set(`专项债务${base}`, num(x.special, `${path}.special`), 'amount');
    };
    gs('限额', 'debt.limit', d.limit);
    gs('余额', 'debt.balance', d.balance);
    n.set('政府债券资金', num(d.bonds.total, 'debt.bonds.total'), 'amount');
    n.set('新增债券', num(d.bonds.newBonds.amount, 'debt.bonds.newBonds.amount'), 'amount');
    n.set('再融资债券', num(d.bonds.refinancing.amount, 'debt.bonds.refinancing.amount'), 'amount');
    n.set('债务付息支出', num(d.interest.total, 'debt.interest.total'), 'amount');
    n.set('一般债务付息支出', num(d.interest.general, 'debt.interest.general'), 'amount');
    n.set('专项债务付息支出', num(d.interest.special, 'debt.interest.special'), 'amount');
    n.set('债务还本支出', num(d.principal.total, 'debt.principal.total'), 'amount');
    for (const [key, kind] of [
      ['general', '一般债务'],
      ['special', '专项债务'],
    ] as const) {
      const p = d.principal[key];
      n.set(`${kind}还本支出`, num(p.amount, `debt.principal.${key}.amount`), 'amount');
      n.set(`${kind}自有财力还本支出`, num(p.ownFunds, `debt.principal.${key}.ownFunds`), 'amount');
      n.set(`${kind}再融资债券还本支出`, num(p.refinancing, `debt.principal.${key}.refinancing`), 'amount');
    }
    const nb = d.bonds.newBonds;
    if (nb.projectCount !== undefined) n.set('新增债券项目个数', num(nb.projectCount, 'debt.bonds.newBonds.projectCount'), 'count');
    // Each use under its own words: 新增债券用于农林水利建设方面债券资金, 再融资债券用于偿还到期的政府债券.
    nb.uses.forEach((u, i) => n.set(`新增债券${u.label}`, num(u.amount, `debt.bonds.newBonds.uses[${i}].amount`), 'amount'));
    d.bonds.refinancing.uses.forEach((u, i) => n.set(`再融资债券${u.purpose}`, num(u.amount, `debt.bonds.refinancing.uses[${i}].amount`), 'amount'));
  }
  const an = views.analysis;
  if (an) {
    n.set('税收收入', an.tax, 'amount');
    n.set('税收收入增长', an.taxGrowth, 'growth');
    n.set('税收收入可比增长', an.taxComparable, 'growth');
    n.set('税收占比', an.taxShare, 'rate');
    n.set('税收占比变动', an.shareChange, 'pp');
    n.set('一般公共预算收入可比口径增长', an.incomeComparable, 'growth');
  }
  const fh = views.firstHalf;
  if (fh) {
    const half = (name: string, b: { district: { income: FlowLike; expenditure: FlowLike }; level: { income: FlowLike; expenditure: FlowLike } | null } | null) => {
      if (!b) return;
      for (const [scopeKey, scope] of SCOPES) {
        const sc = scopeKey === 'district' ? b.district : b.level;
        if (!sc) continue;
        flowNames(n, `上半年${scope}${name}收入`, sc.income);
        flowNames(n, `上半年${scope}${name}支出`, sc.expenditure);
      }
    };
    half('一般公共预算', fh.general);
    half('政府性基金预算', fh.fund);
    half('国有资本经营预算', fh.stateCapital);
    half('社会保险基金', fh.socialInsurance);
  }
  return n;
}

type FlowLike = { amount: Num; rate: Num | null; growth: Num | null };
