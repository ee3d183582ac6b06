import { parseISO } from 'date-fns';
import type { FinalAccountsDataset } from '../validate';
import { Num, derive, difference, growth, num, ratio } from './num';
import { items, type ItemView } from './prose';
import { accountsTables, datasetTables, type TableView } from './tables';
import type { PreviousDataset } from '../validate/previous';
import { flowFigures, previousNum as prevNum, type FlowInput, type FlowView } from './flow';

export type { FlowView } from './flow';

/**
 * Dataset → view model for the final-accounts templates. Every number becomes a Num carrying its
 * dataset path; every rate the data leaves out is computed here from its base, once, by name.
 * Wording decisions that depend on figures (zero parts, 区级 equal to 全区) are settled here too,
 * so templates only choose words.
 */

export interface LineView {
  label: string;
  amount: Num;
}
export interface SideView {
  total: Num;
  current: FlowView | null;
  lines: LineView[];
  isZero: boolean;
}
export interface ScopeView {
  income: SideView;
  expenditure: SideView;
  /** 年终结余, where the district shows it apart from the spending side. */
  yearEndBalance: Num | null;
  isZero: boolean;
}
export interface BudgetView {
  district: ScopeView;
  level: ScopeView;
  sameAsDistrict: boolean;
}

type P = string;
const at = (p: P, k: string | number) => (typeof k === 'number' ? `${p}[${k}]` : `${p}.${k}`);

/** What composing needs besides the figures: last year's dataset, for 同比 the data leaves out. */
interface Ctx {
  previous?: PreviousDataset | undefined;
}

function flow(f: FlowInput, p: P, ctx: Ctx): FlowView {
  return flowFigures(f, p, ctx.previous);
}

function previousNum(ctx: Ctx, p: P): Num | null {
  return prevNum(ctx.previous, p);
}

function side(s: { total: number; current?: FlowInput | undefined; lines: { label: string; amount: number }[] }, p: P, ctx: Ctx): SideView {
  const total = num(s.total, at(p, 'total'));
  return {
    total,
    current: s.current && s.current.amount !== 0 ? flow(s.current, at(p, 'current'), ctx) : null,
    // A zero component is left out of the 其中 list: "其中：… 0 万元" is never printed.
    lines: s.lines.flatMap((l, i) => (l.amount === 0 ? [] : [{ label: l.label, amount: num(l.amount, at(at(at(p, 'lines'), i), 'amount')) }])),
    isZero: total.isZero(),
  };
}

function scope(s: { income: Parameters<typeof side>[0]; expenditure: Parameters<typeof side>[0]; yearEndBalance?: number | undefined }, p: P, ctx: Ctx): ScopeView {
  const income = side(s.income, at(p, 'income'), ctx);
  const expenditure = side(s.expenditure, at(p, 'expenditure'), ctx);
  const yearEndBalance = s.yearEndBalance !== undefined ? num(s.yearEndBalance, at(p, 'yearEndBalance')) : null;
  return { income, expenditure, yearEndBalance, isZero: income.isZero && expenditure.isZero && (!yearEndBalance || yearEndBalance.isZero()) };
}

/** Equal figures everywhere (labels aside): the report then says so in one sentence. */
function sameFigures(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' || typeof b === 'number') return a === b;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => sameFigures(x, b[i]));
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)].filter((k) => k !== 'label'));
    return [...keys].every((k) => sameFigures((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
  }
  return true;
}

/** Equal printed values in two views (sources aside): last year's bases may differ where this year's figures agree. */
function sameValues(a: unknown, b: unknown): boolean {
  if (a instanceof Num || b instanceof Num) return a instanceof Num && b instanceof Num && a.value.eq(b.value);
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => sameValues(x, b[i]));
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].every((k) => sameValues((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
  }
  return a === b || typeof a === 'string' || typeof b === 'string' || typeof a === 'boolean';
}

function budget<S extends { district: Parameters<typeof scope>[0]; level: Parameters<typeof scope>[0] }>(b: S, p: P, ctx: Ctx): BudgetView {
  const district = scope(b.district, at(p, 'district'), ctx);
  const level = scope(b.level, at(p, 'level'), ctx);
  return { district, level, sameAsDistrict: sameFigures(b.district, b.level) && sameValues(district, level) };
}

function halfBudget(b: { district: { income: FlowInput; expenditure: FlowInput }; level: { income: FlowInput; expenditure: FlowInput } }, p: P, ctx: Ctx) {
  const sc = (s: { income: FlowInput; expenditure: FlowInput }, sp: P) => {
    const income = flow(s.income, at(sp, 'income'), ctx);
    const expenditure = flow(s.expenditure, at(sp, 'expenditure'), ctx);
    return { income, expenditure, incomeZero: income.amount.isZero(), expenditureZero: expenditure.amount.isZero(), isZero: income.amount.isZero() && expenditure.amount.isZero() };
  };
  const district = sc(b.district, at(p, 'district'));
  const level = sc(b.level, at(p, 'level'));
  return { district, level, sameAsDistrict: sameFigures(b.district, b.level) && sameValues(district, level) };
}

function debtView(d: FinalAccountsDataset['input']['debt']) {
  const gs = (x: { total: number; general: number; special: number }, p: P) => ({
    total: num(x.total, at(p, 'total')),
    general: num(x.general, at(p, 'general')),
    special: num(x.special, at(p, 'special')),
  });
  const repay = (x: { amount: number; ownFunds: number; refinancing: number }, p: P) => ({
    amount: num(x.amount, at(p, 'amount')),
    ownFunds: num(x.ownFunds, at(p, 'ownFunds')),
    refinancing: num(x.refinancing, at(p, 'refinancing')),
  });
  const nb = d.bonds.newBonds;
  const rf = d.bonds.refinancing;
  return {
    approval: d.approval,
    limit: gs(d.limit, 'debt.limit'),
    balance: { ...gs(d.balance, 'debt.balance'), note: d.balance.note ?? null },
    withinLimit: d.balance.total <= d.limit.total,
    bonds: {
      total: num(d.bonds.total, 'debt.bonds.total'),
      newBonds: {
        amount: num(nb.amount, 'debt.bonds.newBonds.amount'),
        projectCount: nb.projectCount !== undefined ? num(nb.projectCount, 'debt.bonds.newBonds.projectCount') : null,
        uses: nb.uses.map((u, i) => ({ label: u.label, amount: num(u.amount, `debt.bonds.newBonds.uses[${i}].amount`) })),
      },
      refinancing: {
        amount: num(rf.amount, 'debt.bonds.refinancing.amount'),
        uses: rf.uses.map((u, i) => ({ purpose: u.purpose, amount: num(u.amount, `debt.bonds.refinancing.uses[${i}].amount`) })),
      },
    },
    interest: gs(d.interest, 'debt.interest'),
    principal: {
      total: num(d.principal.total, 'debt.principal.total'),
      general: repay(d.principal.general, 'debt.principal.general'),
      special: repay(d.principal.special, 'debt.principal.special'),
    },
  };
}

/**
 * The 决算草案表 go into the attachment the note names as a table set (its name ends in 表, as
 * 济南市莱芜区2024年决算草案表 does); without such an attachment there is nowhere to put them.
 */
function tablesAttachment(attachments: readonly string[], tables: TableView[]): { label: string; title: string; items: TableView[] } | null {
  const i = attachments.findIndex((a) => /表$/.test(a.trim()));
  return i < 0 ? null : { label: `附件${i + 1}`, title: attachments[i]!, items: tables };
}

/**
 * `attachmentNames`: the attachment note's names, attached reports resolved to their titles by the
 * pipeline; by default the names the dataset gives as text.
 */
export function composeFinalAccounts(ds: FinalAccountsDataset, attachmentNames?: string[]) {
  const { input, figures } = ds;
  const ctx: Ctx = { previous: ds.previous };
  const m = { ...input.meta, attachments: attachmentNames ?? input.meta.attachments.filter((a): a is string => typeof a === 'string') };
  const year = num(m.year, 'meta.year');
  const nextYear = derive('次年', year.value.add(1), [year]);
  const general = budget(input.generalBudget, 'generalBudget', ctx);
  const sf = input.generalBudget.stabilizationFund;
  const rf = input.generalBudget.reserveFund;

  const social = input.socialInsuranceBudget;
  const socialScope = (s: typeof social.district, p: P) => ({
    income: flow(s.income, at(p, 'income'), ctx),
    expenditure: flow(s.expenditure, at(p, 'expenditure'), ctx),
    net: num(s.net, at(p, 'net')),
    accumulated: num(s.accumulated, at(p, 'accumulated')),
  });

  const socialDistrict = socialScope(social.district, 'socialInsuranceBudget.district');
  const socialLevel = socialScope(social.level, 'socialInsuranceBudget.level');
  const socialView = {
    district: socialDistrict,
    level: socialLevel,
    sameAsDistrict: sameFigures(social.district, social.level) && sameValues(socialDistrict, socialLevel),
  };

  const a = input.analysis;
  const income = num(input.generalBudget.district.income.current?.amount ?? 0, 'generalBudget.district.income.current.amount');
  const expenditure = num(input.generalBudget.district.expenditure.current?.amount ?? 0, 'generalBudget.district.expenditure.current.amount');
  const tax = num(a.tax.amount, 'analysis.tax.amount');
  const taxShare = income.isZero() ? null : ratio('税收占比', tax, income);
  // 同比 of tax and last year's tax share: typed in the data, or from last year's dataset.
  const taxLast = previousNum(ctx, 'analysis.tax.amount');
  const taxGrowth = a.tax.growth !== undefined ? num(a.tax.growth, 'analysis.tax.growth') : taxLast && !taxLast.isZero() ? growth('同比增长率', tax, taxLast) : null;
  const incomeLast = previousNum(ctx, 'generalBudget.district.income.current.amount');
  const lastShare =
    a.tax.lastYearShare !== undefined
      ? num(a.tax.lastYearShare, 'analysis.tax.lastYearShare')
      : taxLast && incomeLast && !incomeLast.isZero()
        ? ratio('上年税收占比', taxLast, incomeLast)
        : null;
  const g = general.district;

  const fi = (list: Parameters<typeof items>[0]): ItemView[] => items(list, figures);

  const fund = budget(input.fundBudget, 'fundBudget', ctx);
  const stateCapital = budget(input.stateCapitalBudget, 'stateCapitalBudget', ctx);
  const debt = debtView(input.debt);

  return {
    meta: {
      ...m,
      year,
      nextYear,
      meetingDate: { kind: 'date' as const, date: parseISO(m.meeting.date), src: { path: 'meta.meeting.date' } },
      levelNote: m.levelNote ?? null,
    },
    /** 区级 at its first mention carries the scope note: 区级（含各功能区本级，下同）. */
    levelFirst: m.levelNote ? `区级（${m.levelNote}）` : '区级',
    general: {
      ...general,
      stabilizationFund: {
        used: num(sf.used, 'generalBudget.stabilizationFund.used'),
        added: num(sf.added, 'generalBudget.stabilizationFund.added'),
        balance: num(sf.balance, 'generalBudget.stabilizationFund.balance'),
      },
      reserveFund: {
        arranged: num(rf.arranged, 'generalBudget.reserveFund.arranged'),
        spent: num(rf.spent, 'generalBudget.reserveFund.spent'),
        uses: rf.uses,
      },
    },
    fund,
    stateCapital,
    social: socialView,
    debt,
    tables: tablesAttachment(m.attachments, [...accountsTables({ year, general, fund, stateCapital, social: socialView, debt }), ...datasetTables(input.tables)]),
    analysis: {
      income: g.income.current ?? { amount: income, rate: null, growth: null },
      incomeComparable: a.incomeComparable ? { reason: a.incomeComparable.reason, growth: num(a.incomeComparable.growth, 'analysis.incomeComparable.growth') } : null,
      tax: {
        amount: tax,
        growth: taxGrowth,
        comparable: a.tax.comparable ? { reason: a.tax.comparable.reason, growth: num(a.tax.comparable.growth, 'analysis.tax.comparable.growth') } : null,
        share: taxShare,
        shareChange: taxShare && lastShare ? difference('税收占比变动', taxShare, lastShare) : null,
      },
      incomeFeatures: fi(a.incomeFeatures),
      expenditure: g.expenditure.current ?? { amount: expenditure, rate: null, growth: null },
      expenditureFeatures: fi(a.expenditureFeatures),
      fund: {
        income: input.fundBudget.district.income.current ? flow(input.fundBudget.district.income.current, 'fundBudget.district.income.current', ctx) : null,
        incomeReason: a.fundIncomeReason ?? null,
        expenditure: input.fundBudget.district.expenditure.current ? flow(input.fundBudget.district.expenditure.current, 'fundBudget.district.expenditure.current', ctx) : null,
        expenditureReason: a.fundExpenditureReason ?? null,
      },
      problems: fi(a.problems),
    },
    firstHalf: {
      general: halfBudget(input.firstHalf.general, 'firstHalf.general', ctx),
      fund: halfBudget(input.firstHalf.fund, 'firstHalf.fund', ctx),
      stateCapital: halfBudget(input.firstHalf.stateCapital, 'firstHalf.stateCapital', ctx),
      socialInsurance: halfBudget(input.firstHalf.socialInsurance, 'firstHalf.socialInsurance', ctx),
      problems: fi(input.firstHalf.problems),
      highlights: fi(input.firstHalf.highlights),
    },
    plans: fi(input.plans),
  };
}

export type FinalAccountsView = ReturnType<typeof composeFinalAccounts>;
