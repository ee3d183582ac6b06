import { parseISO } from 'date-fns/parseISO';
import type { FinalAccountsDataset } from '../validate';
import { Num, derive, difference, growth, num, ratio, standingFor } from './num';
import { items, type ItemView } from './prose';
import { accountsTables, datasetTables, type TableView } from './tables';
import { classifiedAttachment, rowFlow } from './classified';
import type { ComposedText } from './text';
import { itemRows } from '../model/classified-data';
import type { PreviousDataset } from '../validate/previous';
import { flowFigures, previousNum as prevNum, type FlowInput, type FlowView } from './flow';

import { houseStyle, type HouseStyle } from '../style/house-style';
import { BudgetWriter, BUDGET_NAMES, type DataParagraph, type SocialScopeView } from './budget-text';
import { TEMPLATE_PLACES, canFollow } from '../style/places';
import { composed, type TextBuilder } from './text';
import { namedFigures } from './budget-names';

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
  /** Subtracted from the side (worded 减/扣除 by the style), typed positive. */
  deduct: boolean;
  /** Parts counted inside it: （含…）. */
  includes: PartView[];
}
export interface PartView {
  label: string;
  amount: Num;
}
/** A revenue item of the year's income (税收收入, 增值税 …) with its rate and growth. */
export interface RevenueItemView {
  label: string;
  amount: Num;
  rate: Num | null;
  growth: Num | null;
  items: RevenueItemView[];
}
/** The year's own income or spending, with what the house style may print beside it. */
export interface CurrentView extends FlowView {
  /** 可比/同口径增长. */
  comparable: Num | null;
  /** The adjusted budget (年度计划), when given. */
  budget: Num | null;
  /** 超收 (negative: 短收): stated, or amount − adjusted budget. */
  surplus: Num | null;
  items: RevenueItemView[];
}
export interface SideView {
  total: Num;
  /** The year's own income or spending; null when 0 (the report then does not list it). */
  current: CurrentView | null;
  /** The lines to print: zero ones left out. */
  lines: LineView[];
  includes: PartView[];
  isZero: boolean;
  /** Every figure of the side, zeros too: the named figures a paragraph written in data may cite. */
  all: { current: CurrentView | null; lines: LineView[]; includes: PartView[] };
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
  /** null: the district reports this budget for the whole district only. */
  level: ScopeView | null;
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

type RevenueItemInput = FlowInput & { label: string; items?: RevenueItemInput[] | undefined };
type CurrentInput = FlowInput & { comparableGrowth?: number | undefined; surplus?: number | undefined; items?: RevenueItemInput[] | undefined };
type SideInput = {
  total: number;
  current?: CurrentInput | undefined;
  lines: { label: string; amount: number; deduct?: boolean | undefined; includes?: { label: string; amount: number }[] | undefined }[];
  includes?: { label: string; amount: number }[] | undefined;
};

function allParts(list: { label: string; amount: number }[] | undefined, p: P): PartView[] {
  return (list ?? []).map((x, i) => ({ label: x.label, amount: num(x.amount, at(at(at(p, 'includes'), i), 'amount')) }));
}

// A zero part is left out: "（含……0万元）" is never printed.
const nonZero = <T extends { amount: Num }>(list: T[]): T[] => list.filter((x) => !x.amount.isZero());

function revenueItems(list: RevenueItemInput[] | undefined, p: P, ctx: Ctx): RevenueItemView[] {
  return (list ?? []).map((it, i) => {
    const ip = at(at(p, 'items'), i);
    // An item derived from 一般公共预算收入决算表: its figures, and their sources, are the table row's.
    const row = itemRows.get(it);
    if (row) {
      const r = rowFlow(row);
      const f = flowFigures(r.input, r.path);
      const g = f.growth ?? (r.lastYearRatio ? standingFor(derive('同比增长率', r.lastYearRatio.value.sub(100), [r.lastYearRatio]), `${r.path}.lastYearRatio`) : null);
      return { label: it.label, amount: f.amount, rate: f.rate, growth: g, items: revenueItems(it.items, ip, ctx) };
    }
    const f = flow(it, ip, ctx);
    return { label: it.label, amount: f.amount, rate: f.rate, growth: f.growth, items: revenueItems(it.items, ip, ctx) };
  });
}

function current(c: CurrentInput, p: P, ctx: Ctx): CurrentView {
  const f = flow(c, p, ctx);
  const budget = c.adjustedBudget !== undefined ? num(c.adjustedBudget, at(p, 'adjustedBudget')) : null;
  const surplus = c.surplus !== undefined ? num(c.surplus, at(p, 'surplus')) : budget ? standingFor(difference('超收', f.amount, budget), at(p, 'surplus')) : null;
  return {
    ...f,
    comparable: c.comparableGrowth !== undefined ? num(c.comparableGrowth, at(p, 'comparableGrowth')) : null,
    budget,
    surplus,
    items: revenueItems(c.items, p, ctx),
  };
}

function side(s: SideInput, p: P, ctx: Ctx): SideView {
  const total = num(s.total, at(p, 'total'));
  const cur = s.current ? current(s.current, at(p, 'current'), ctx) : null;
  const lines = s.lines.map((l, i) => ({ label: l.label, amount: num(l.amount, at(at(at(p, 'lines'), i), 'amount')), deduct: l.deduct === true, includes: allParts(l.includes, at(at(p, 'lines'), i)) }));
  const includes = allParts(s.includes, p);
  return {
    total,
    current: cur && !cur.amount.isZero() ? cur : null,
    // A zero component is left out of the 其中 list: "其中：… 0 万元" is never printed.
    lines: nonZero(lines).map((l) => ({ ...l, includes: nonZero(l.includes) })),
    includes: nonZero(includes),
    isZero: total.isZero(),
    all: { current: cur, lines, includes },
  };
}

function scope(s: { income: SideInput; expenditure: SideInput; yearEndBalance?: number | undefined }, p: P, ctx: Ctx): ScopeView {
  const income = side(s.income, at(p, 'income'), ctx);
  const expenditure = side(s.expenditure, at(p, 'expenditure'), ctx);
  const yearEndBalance = s.yearEndBalance !== undefined ? num(s.yearEndBalance, at(p, 'yearEndBalance')) : null;
  return { income, expenditure, yearEndBalance, isZero: income.isZero && expenditure.isZero && (!yearEndBalance || yearEndBalance.isZero()) };
}

/**
 * Equal figures everywhere, under the same labels: the report then says so in one sentence. Two
 * lines of the same amounts under other names (483 上年结转, 1828 上级补助 against the reverse) are
 * not the same accounts.
 */
function sameFigures(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' || typeof b === 'number' || typeof a === 'string' || typeof b === 'string') return a === b;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => sameFigures(x, b[i]));
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].every((k) => sameFigures((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
  }
  return a === b;
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

type ScopeInput = Parameters<typeof scope>[0];

function budget(b: { district: ScopeInput; level?: ScopeInput | undefined }, p: P, ctx: Ctx): BudgetView {
  const district = scope(b.district, at(p, 'district'), ctx);
  const level = b.level ? scope(b.level, at(p, 'level'), ctx) : null;
  return { district, level, sameAsDistrict: !!b.level && !!level && sameFigures(b.district, b.level) && sameValues(district, level) };
}

type HalfScopeInput = { income: FlowInput; expenditure: FlowInput };
function halfBudget(b: { district: HalfScopeInput; level?: HalfScopeInput | undefined }, p: P, ctx: Ctx) {
  const sc = (s: HalfScopeInput, sp: P) => {
    const income = flow(s.income, at(sp, 'income'), ctx);
    const expenditure = flow(s.expenditure, at(sp, 'expenditure'), ctx);
    return { income, expenditure, incomeZero: income.amount.isZero(), expenditureZero: expenditure.amount.isZero(), isZero: income.amount.isZero() && expenditure.amount.isZero() };
  };
  const district = sc(b.district, at(p, 'district'));
  const level = b.level ? sc(b.level, at(p, 'level')) : null;
  return { district, level, sameAsDistrict: !!b.level && !!level && sameFigures(b.district, b.level) && sameValues(district, level) };
}

function debtView(d: NonNullable<FinalAccountsDataset['input']['debt']>) {
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
function tablesAttachment(attachments: readonly string[], tables: TableView[], contents: ComposedText[] | null = null): { label: string; title: string; items: TableView[]; contents: ComposedText[] | null } | null {
  const i = attachments.findIndex((a) => /表$/.test(a.trim()));
  return i < 0 ? null : { label: `附件${i + 1}`, title: attachments[i]!, items: tables, contents };
}

type Input = FinalAccountsDataset['input'];
type SocialInput = NonNullable<Input['socialInsuranceBudget']>['district'];

/**
 * The budgets' figures as views, each with its source: what the composer prints and what the named
 * figures are read from. Pure, so validation builds the same names to check a paragraph's {{名称}}.
 */
export function budgetViews(input: Input, previous?: PreviousDataset) {
  const ctx: Ctx = { previous };
  const socialScope = (s: SocialInput, p: P): SocialScopeView => ({
    income: flow(s.income, at(p, 'income'), ctx),
    expenditure: flow(s.expenditure, at(p, 'expenditure'), ctx),
    net: num(s.net, at(p, 'net')),
    accumulated: num(s.accumulated, at(p, 'accumulated')),
  });
  const si = input.socialInsuranceBudget;
  const social = si
    ? (() => {
        const district = socialScope(si.district, 'socialInsuranceBudget.district');
        const level = si.level ? socialScope(si.level, 'socialInsuranceBudget.level') : null;
        return { district, level, sameAsDistrict: !!si.level && !!level && sameFigures(si.district, si.level) && sameValues(district, level) };
      })()
    : null;
  const fr = input.generalBudget.fiscalRevenue;
  const fh = input.firstHalf;
  const general = budget(input.generalBudget, 'generalBudget', ctx);
  return {
    general,
    analysis: input.analysis ? analysisFigures(input.analysis, general.district, ctx) : null,
    fiscalRevenue: fr ? flow(fr, 'generalBudget.fiscalRevenue', ctx) : null,
    fund: input.fundBudget ? budget(input.fundBudget, 'fundBudget', ctx) : null,
    stateCapital: input.stateCapitalBudget ? budget(input.stateCapitalBudget, 'stateCapitalBudget', ctx) : null,
    social,
    firstHalf: fh
      ? {
          general: halfBudget(fh.general, 'firstHalf.general', ctx),
          fund: fh.fund ? halfBudget(fh.fund, 'firstHalf.fund', ctx) : null,
          stateCapital: fh.stateCapital ? halfBudget(fh.stateCapital, 'firstHalf.stateCapital', ctx) : null,
          socialInsurance: fh.socialInsurance ? halfBudget(fh.socialInsurance, 'firstHalf.socialInsurance', ctx) : null,
        }
      : null,
  };
}
export type BudgetViews = ReturnType<typeof budgetViews>;

/** 年度, 次年, 上年: the years a report prints, each derived from meta.year. */
export function yearFigures(year: number) {
  const y = num(year, 'meta.year');
  return { year: y, nextYear: derive('次年', y.value.add(1), [y]), previousYear: derive('上年', y.value.sub(1), [y]) };
}

/**
 * `attachmentNames`: the attachment note's names, attached reports resolved to their titles by the
 * pipeline; by default the names the dataset gives as text. `style`: the house style, settled.
 */
export function composeFinalAccounts(ds: FinalAccountsDataset, attachmentNames?: string[], style: HouseStyle = houseStyle(), options: { probe?: boolean } = {}) {
  const { input, figures } = ds;
  const m = { ...input.meta, attachments: attachmentNames ?? input.meta.attachments.filter((a): a is string => typeof a === 'string') };
  const { year, nextYear, previousYear } = yearFigures(m.year);
  const views = budgetViews(input, ds.previous);
  const named = namedFigures(input, views, { year, nextYear, previousYear });
  const writer = new BudgetWriter(style, year, previousYear, m.levelNote ?? null, named, figures, input);
  const { general, fund, stateCapital, social: socialView } = views;
  const sf = input.generalBudget.stabilizationFund;
  const rf = input.generalBudget.reserveFund;
  const g = general.district;
  const fi = (list: Parameters<typeof items>[0]): ItemView[] => items(list, figures);
  const debt = input.debt ? debtView(input.debt) : null;
  const classified = classifiedAttachment(input, year);

  // Section 一's paragraphs in the house style, in report order (the 区级 note goes to the first 区级 printed).
  const fiscalLead = views.fiscalRevenue ? (b: TextBuilder) => writer.fiscalRevenue(b, views.fiscalRevenue!) : undefined;
  const generalText = writer.budget(general, BUDGET_NAMES.general, fiscalLead);
  const fundText = fund ? writer.budget(fund, BUDGET_NAMES.fund) : null;
  const stateCapitalText = stateCapital ? writer.budget(stateCapital, BUDGET_NAMES.stateCapital) : null;
  const socialText = socialView ? writer.social(socialView) : null;
  const present = [true, !!fund, !!stateCapital, !!socialView].filter(Boolean).length;
  const heading = (key: keyof HouseStyle['headings'], fallback: (b: TextBuilder) => void) => {
    const own = style.headings[key];
    return own ? writer.dataText(own, ['headings', key]) : composed(fallback);
  };
  const yearText = (b: TextBuilder, n: Num) => b.fig(String(n.value.toFixed()), n);

  const a = input.analysis;
  const analysis = a ? analysisView(a, g, views, fi) : null;

  return {
    meta: {
      ...m,
      year,
      nextYear,
      previousYear,
      meetingDate: { kind: 'date' as const, date: parseISO(m.meeting.date), src: { path: 'meta.meeting.date' } },
      levelNote: m.levelNote ?? null,
      priorMeeting: m.priorMeeting ?? null,
      /** The report covers the next year's first half too (the title says 和…上半年预算执行情况). */
      hasFirstHalf: !!input.firstHalf,
    },
    /** The house style's words the templates print. */
    style: {
      title: style.title ? writer.dataText(style.title, ['title']) : null,
      // Composed like the title: a digit typed in a style's salutation is traced to it (as validate lets it be).
      salutation: writer.dataText(style.salutation, ['salutation']),
      opening: style.opening ? writer.dataText(style.opening, ['opening']) : null,
      district: style.scopes.district,
      level: style.scopes.level,
    },
    headings: {
      accounts: heading('决算情况', (b) => yearText(b, year).text('年决算情况')),
      general: heading('一般公共预算', (b) => b.text('一般公共预算收支决算情况')),
      fund: heading('政府性基金预算', (b) => b.text('政府性基金预算收支决算情况')),
      stateCapital: heading('国有资本经营预算', (b) => b.text('国有资本经营预算收支决算情况')),
      social: heading('社会保险基金预算', (b) => b.text('社会保险基金预算收支决算情况')),
      debt: heading('政府债务', (b) => b.text('政府债务情况')),
      analysis: heading('财政运行特点', (b) => yearText(b, year).text('年财政运行特点')),
      firstHalf: heading('上半年预算执行情况', (b) => yearText(b, nextYear).text('年上半年预算执行情况')),
      highlights: heading('上半年主要工作', (b) => yearText(b, nextYear).text('年上半年主要工作')),
      plans: heading('下半年工作打算', (b) => b.text('下半年工作打算')),
      analysisGeneral: heading('一般公共预算收支分析', (b) => b.text('一般公共预算收支分析')),
      analysisFund: heading('政府性基金预算收支分析', (b) => b.text('政府性基金预算收支分析')),
      analysisProblems: heading('当前存在的主要问题', (b) => b.text('当前存在的主要问题')),
      firstHalfExecution: heading('预算执行情况', (b) => b.text('预算执行情况')),
      firstHalfProblems: heading('当前存在的问题', (b) => b.text('当前存在的问题')),
    },
    /** 区级 at its first mention carries the scope note: 区级（含各功能区本级，下同）. */
    levelFirst: m.levelNote ? `${style.scopes.level}（${m.levelNote}）` : style.scopes.level,
    general: {
      ...general,
      text: generalText,
      stabilizationFund: sf
        ? {
            used: num(sf.used, 'generalBudget.stabilizationFund.used'),
            added: num(sf.added, 'generalBudget.stabilizationFund.added'),
            balance: num(sf.balance, 'generalBudget.stabilizationFund.balance'),
          }
        : null,
      reserveFund: rf
        ? {
            arranged: num(rf.arranged, 'generalBudget.reserveFund.arranged'),
            spent: num(rf.spent, 'generalBudget.reserveFund.spent'),
            uses: rf.uses,
          }
        : null,
      fiscalRevenue: views.fiscalRevenue,
    },
    fund: fund ? { ...fund, text: fundText! } : null,
    stateCapital: stateCapital ? { ...stateCapital, text: stateCapitalText! } : null,
    social: socialView ? { ...socialView, text: socialText! } : null,
    /** 需要说明的是，上述四本决算数字…: the count follows the budgets present; null without a prior meeting (a style may word it: 决算说明). */
    accountsNote: m.priorMeeting
      ? composed((b) => {
          const what = `上述${present > 1 ? `${'一二三四'[present - 1]}本` : ''}决算数字`;
          if (m.priorMeetingMatch) b.text(`需要说明的是，${what}与向${m.priorMeeting}报告的预算执行数一致。`);
          else b.text(`需要说明的是，${what}，因决算期间资金在途、上下级结算补助变动，与向${m.priorMeeting}报告的预算执行数相比有所变化。`);
        })
      : null,
    accountsAfter: writer.extra('决算情况.之后').map((x) => x.text),
    debt,
    debtAfter: writer.extra('政府债务.之后').map((x) => x.text),
    // The standard tables from the finance system where the data gives them; else the summary tables built from the report's totals.
    tables: tablesAttachment(
      m.attachments,
      [...(classified ? classified.tables : accountsTables({ year, scopes: { district: style.scopes.district, level: style.scopes.level }, general, fund, stateCapital, social: socialView, debt })), ...datasetTables(input.tables)],
      classified?.contents ?? null,
    ),
    analysis,
    firstHalf: views.firstHalf && input.firstHalf
      ? {
          ...views.firstHalf,
          problems: fi(input.firstHalf.problems),
          highlights: fi(input.firstHalf.highlights),
        }
      : null,
    plans: fi(input.plans),
    /** Every figure by its Chinese name, for {{fig "名称"}} in templates. */
    named,
    /** Paragraphs the style writes in place of the templates' or after any place, for the place helpers. */
    places: placesView(writer, options.probe === true),
    /** The house style's number formats, for the helpers (fig; wan's thousands separators). */
    format: { kind: 'style-format' as const, printer: writer.print },
  };
}

/**
 * What the place helpers print (render/helpers.ts): a template place's own paragraphs where the style
 * gives them, the paragraphs after a place (K.之后), and in a probe build the place marks `adopt` reads.
 */
function placesView(writer: BudgetWriter, probe: boolean) {
  const own: Record<string, DataParagraph[]> = {};
  const after: Record<string, DataParagraph[]> = {};
  for (const [key, list] of writer.style.paragraphs) {
    if (TEMPLATE_PLACES.includes(key)) own[key] = writer.dataParagraphs(list, key);
    else if (key.endsWith('.之后') && canFollow(key.slice(0, -3))) after[key.slice(0, -3)] = writer.dataParagraphs(list, key);
  }
  return { probe, own, after };
}

/** The analysis' own figures (税收, its growth and share): named figures too, so a paragraph written in data may cite them. */
function analysisFigures(a: NonNullable<Input['analysis']>, g: ScopeView, ctx: Ctx) {
  const income = g.income.current ? g.income.current.amount : num(0, 'generalBudget.district.income.current.amount');
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
  return {
    income,
    incomeComparable: a.incomeComparable ? num(a.incomeComparable.growth, 'analysis.incomeComparable.growth') : null,
    tax,
    taxGrowth,
    taxComparable: a.tax.comparable ? num(a.tax.comparable.growth, 'analysis.tax.comparable.growth') : null,
    taxShare,
    shareChange: taxShare && lastShare ? difference('税收占比变动', taxShare, lastShare) : null,
  };
}

function analysisView(a: NonNullable<Input['analysis']>, g: ScopeView, views: BudgetViews, fi: (list: Parameters<typeof items>[0]) => ItemView[]) {
  const { income, tax, taxGrowth, taxShare, shareChange, incomeComparable, taxComparable } = views.analysis!;
  const expenditure = g.expenditure.current ? g.expenditure.current.amount : num(0, 'generalBudget.district.expenditure.current.amount');
  const fundIncome = views.fund?.district.income.current ?? null;
  const fundExpenditure = views.fund?.district.expenditure.current ?? null;
  return {
    income: g.income.current ?? { amount: income, rate: null, growth: null },
    incomeComparable: a.incomeComparable && incomeComparable ? { reason: a.incomeComparable.reason, growth: incomeComparable } : null,
    tax: {
      amount: tax,
      growth: taxGrowth,
      comparable: a.tax.comparable && taxComparable ? { reason: a.tax.comparable.reason, growth: taxComparable } : null,
      share: taxShare,
      shareChange,
    },
    incomeFeatures: fi(a.incomeFeatures),
    expenditure: g.expenditure.current ?? { amount: expenditure, rate: null, growth: null },
    expenditureFeatures: fi(a.expenditureFeatures),
    fund: {
      income: fundIncome ? { amount: fundIncome.amount, rate: fundIncome.rate, growth: fundIncome.growth } : null,
      incomeReason: a.fundIncomeReason ?? null,
      expenditure: fundExpenditure ? { amount: fundExpenditure.amount, rate: fundExpenditure.rate, growth: fundExpenditure.growth } : null,
      expenditureReason: a.fundExpenditureReason ?? null,
    },
    problems: fi(a.problems),
  };
}

export type FinalAccountsView = ReturnType<typeof composeFinalAccounts>;
