import { D, type Dec } from '../../compose/num';
import type { PathSegment } from '../../load/path';
import type { FinalAccountsInput } from '../schema/final-accounts';
import { BUDGETS, SCOPES } from './budgets';
import { classifiedTables, derivedItems } from '../../model/classified-data';
import { cover, short, show, sumCompared, sumIdentity } from './identity';
import type { Finding, Rule, RuleContext } from './types';
import { statedDigits } from './rates';
import { formatNumber, round } from '../../compose/format';

/**
 * The figures a house style may print beside a budget's own (revenue items, 含 notes, 超收, 财政总收入),
 * each tied to the figure it belongs to, so a report never prints a part larger than its whole.
 */

type Side = FinalAccountsInput['generalBudget']['district']['income'];
type Item = NonNullable<NonNullable<Side['current']>['items']>[number];

/** Each side of each budget present, with its path and its name in the report's words. */
function eachSide(input: FinalAccountsInput, fn: (side: Side, path: PathSegment[], what: string) => Finding[]): Finding[] {
  return BUDGETS.flatMap((b) =>
    SCOPES.flatMap((s) =>
      (['income', 'expenditure'] as const).flatMap((k) => {
        const side = input[b.key]?.[s.key]?.[k];
        return side ? fn(side, [b.key, s.key, k], `${s.name}${b.current}${k === 'income' ? '收入' : '支出'}`) : [];
      }),
    ),
  );
}

/** A part at most its whole: a 含 note, or a 其中 list of revenue items that need not be complete. */
function atMost(
  _ctx: RuleContext,
  what: string,
  whole: { ref: PathSegment[]; value: number; label: string },
  parts: { ref: PathSegment[]; value: number; label: string }[],
  noun = '其中各项',
): Finding[] {
  // Not recorded in ctx.coverage: a part +1 breaks nothing while the parts stay below the whole.
  if (!parts.length) return [];
  if (sumCompared(parts.map((p) => p.value), whole.value) <= 0) return [];
  const sum = parts.reduce((a, p) => a.add(p.value), new D(0));
  const fix = `请核对${short(whole.label)}和${noun}（${parts.map((p) => `${short(p.label)} ${show(p.value)}`).join('、')}）`;
  return [
    {
      path: parts[0]!.ref,
      message: `${what}合计 ${show(sum)} 超过${short(whole.label)} ${show(whole.value)}（多 ${show(sum.sub(whole.value))}）：${fix}。`,
      expected: `≤ ${show(whole.value)}`,
      actual: show(sum),
      fix,
      involves: [whole.ref, ...parts.map((p) => p.ref)],
    },
  ];
}

/** 收入项目: the top level adds up to the year's income exactly; an item's own items are a 其中 list. */
export const revenueItems: Rule = {
  id: 'revenue-items',
  severity: 'error',
  description: '收入（支出）项目：第一层各项之和等于当年收入（支出），下一层各项之和不超过上一层',
  check(ctx) {
    return eachSide(ctx.input, (side, path, what) => {
      const c = side.current;
      // Items derived from 一般公共预算收入决算表 are checked there (rules/classified.ts).
      if (!c?.items?.length || derivedItems.get(c) === c.items) return [];
      const p = [...path, 'current'];
      const term = (it: Item, ip: PathSegment[]) => ({ ref: [...ip, 'amount'], value: it.amount, label: it.label });
      const out = sumIdentity(
        ctx,
        what,
        { ref: [...p, 'amount'], value: c.amount, label: what },
        c.items.map((it, i) => term(it, [...p, 'items', i])),
        `请核对${what}和各${what.endsWith('支出') ? '支出' : '收入'}项目的金额，或补上缺少的项目`,
      );
      const walk = (items: Item[], ip: PathSegment[]) =>
        items.forEach((it, i) => {
          const here = [...ip, 'items', i];
          if (it.items?.length) {
            out.push(...atMost(ctx, `“${it.label}”的其中各项`, term(it, here), it.items.map((x, j) => term(x, [...here, 'items', j]))));
            walk(it.items, here);
          }
        });
      walk(c.items, p);
      return out;
    });
  },
};

/** （含…）: the parts a line or a total counts inside itself are at most it. */
export const includedParts: Rule = {
  id: 'included-parts',
  severity: 'error',
  description: '“含”注明的部分不超过其所在的金额',
  check(ctx) {
    return eachSide(ctx.input, (side, path, what) => [
      ...atMost(
        ctx,
        `${what}总额所含各部分`,
        { ref: [...path, 'total'], value: side.total, label: `${what}总额` },
        (side.includes ?? []).map((x, i) => ({ ref: [...path, 'includes', i, 'amount'], value: x.amount, label: x.label })),
        '所含各部分',
      ),
      ...side.lines.flatMap((l, li) =>
        atMost(
          ctx,
          `“${l.label}”所含各部分`,
          { ref: [...path, 'lines', li, 'amount'], value: l.amount, label: l.label },
          (l.includes ?? []).map((x, i) => ({ ref: [...path, 'lines', li, 'includes', i, 'amount'], value: x.amount, label: x.label })),
          '所含各部分',
        ),
      ),
    ]);
  },
};

/**
 * Without the adjusted budget, a stated 超收 must fit the stated completion rate: the rate at its
 * places puts the budget, and so 当年数 − 预算数, within a range (100.08% of 470,383 → 370–380).
 * A 超收 beside a rate under 100% (a shortfall), or a 短收 beside one over, is outside it.
 */
function surplusFitsRate(c: NonNullable<Side['current']>, p: PathSegment[], what: string): Finding[] {
  const r = c.completionRate;
  if (c.surplus === undefined || r === undefined || c.amount <= 0) return [];
  const half = new D(10).pow(-statedDigits(r)).div(2);
  if (new D(r).sub(half).lte(0)) return [];
  const at = (rate: Dec) => new D(c.amount).sub(new D(c.amount).mul(100).div(rate));
  // The stated 超收 is itself rounded to its places.
  const slack = new D(10).pow(-statedDigits(c.surplus)).div(2);
  const lo = at(new D(r).sub(half));
  const hi = at(new D(r).add(half));
  if (new D(c.surplus).gte(lo.sub(slack)) && new D(c.surplus).lte(hi.add(slack))) return [];
  const refs: PathSegment[][] = [
    [...p, 'surplus'],
    [...p, 'amount'],
    [...p, 'completionRate'],
  ];
  const range = `${show(lo.toDecimalPlaces(0, D.ROUND_CEIL))} 至 ${show(hi.toDecimalPlaces(0, D.ROUND_FLOOR))}`;
  const fix = '请核对超收（短收填负数）和完成率，或填写调整预算数';
  return [
    {
      path: refs[0]!,
      message: `${what}的超收为 ${show(c.surplus)}，与完成率 ${r}% 不符：按当年数 ${show(c.amount)} 和这个完成率，超收应在 ${range} 之间${new D(c.surplus).isNegative() !== lo.isNegative() && r !== 100 ? `（完成率${r > 100 ? '超过' : '不到'} 100% 时为${r > 100 ? '超收，应为正数' : '短收，应为负数'}）` : ''}：${fix}。`,
      expected: range,
      actual: show(c.surplus),
      fix,
      involves: refs,
    },
  ];
}

/** 超收 = 当年收入 − 调整预算数, where both are given; else within what the completion rate allows. */
export const surplusAgrees: Rule = {
  id: 'surplus',
  severity: 'error',
  description: '超收（短收）等于当年收入减调整预算数（给出调整预算数时），否则与完成率相符',
  check(ctx) {
    return eachSide(ctx.input, (side, path, what) => {
      const c = side.current;
      if (!c || c.surplus === undefined) return [];
      if (c.adjustedBudget === undefined) {
        const p = [...path, 'current'];
        if (c.completionRate !== undefined) cover(ctx, [[...p, 'surplus']]);
        return surplusFitsRate(c, p, what);
      }
      const p = [...path, 'current'];
      const refs: PathSegment[][] = [
        [...p, 'surplus'],
        [...p, 'amount'],
        [...p, 'adjustedBudget'],
      ];
      cover(ctx, refs);
      const expected = new D(c.amount).sub(c.adjustedBudget);
      if (expected.eq(c.surplus)) return [];
      const fix = '请核对超收、当年数和调整预算数，或删除超收由程序计算';
      return [
        {
          path: refs[0]!,
          message: `${what}的超收应为当年数 ${show(c.amount)} 减调整预算数 ${show(c.adjustedBudget)}，即 ${show(expected)}，实为 ${show(c.surplus)}：${fix}。`,
          expected: show(expected),
          actual: show(c.surplus),
          fix,
          involves: refs,
        },
      ];
    });
  },
};

/** 财政总收入 includes the general budget's own income (and the taxes collected for higher levels besides). */
export const fiscalRevenueCovers: Rule = {
  id: 'fiscal-revenue',
  severity: 'error',
  description: '财政总收入不小于全区一般公共预算收入',
  check(ctx) {
    const fr = ctx.input.generalBudget.fiscalRevenue;
    const c = ctx.input.generalBudget.district.income.current;
    if (!fr || !c) return [];
    const frRef: PathSegment[] = ['generalBudget', 'fiscalRevenue', 'amount'];
    const incRef: PathSegment[] = ['generalBudget', 'district', 'income', 'current', 'amount'];
    if (new D(fr.amount).gte(c.amount)) return [];
    const fix = '请核对财政总收入和全区一般公共预算收入';
    return [{ path: frRef, message: `财政总收入 ${show(fr.amount)} 小于全区一般公共预算收入 ${show(c.amount)}（财政总收入包含一般公共预算收入和上划中央、省级的税收）：${fix}。`, expected: `≥ ${show(c.amount)}`, actual: show(fr.amount), fix, involves: [frRef, incRef] }];
  },
};

/** The label of the revenue item the analysis' 税收收入 restates, and its code in the standard table. */
const TAX_ITEM = '税收收入';
const TAX_CODE = '101';

/** 税收收入 as the data gives it elsewhere: the standard table's row 101, else a typed revenue item. */
function taxElsewhere(input: FinalAccountsInput): { what: string; amount: number; lastYear?: number; amountRef: PathSegment[]; lastYearRef: PathSegment[]; totalLastYear?: { value: number; ref: PathSegment[] } } | null {
  const table = (classifiedTables(input) ?? []).find((t) => t.spec.key === 'generalIncome');
  const row = table?.rows.find((r) => r.code === TAX_CODE && r.input.amount !== undefined);
  const c = input.generalBudget.district.income.current;
  if (row && table?.input) {
    const total = table.input.total?.lastYear;
    return {
      what: '一般公共预算收入决算表“税收收入”（101）',
      amount: row.input.amount!,
      ...(row.input.lastYear !== undefined ? { lastYear: row.input.lastYear } : {}),
      amountRef: [...row.path, 'amount'],
      lastYearRef: [...row.path, 'lastYear'],
      ...(total !== undefined ? { totalLastYear: { value: total, ref: [...table.path, 'total', 'lastYear'] } } : {}),
    };
  }
  const items = c?.items ?? [];
  // Items derived from the standard table are its rows (above); only typed ones are read here.
  if (c && derivedItems.get(c) === items) return null;
  const i = items.findIndex((it) => it.label.trim() === TAX_ITEM);
  if (i < 0) return null;
  const at: PathSegment[] = ['generalBudget', 'district', 'income', 'current', 'items', i];
  return {
    what: '全区一般公共预算收入项目中的“税收收入”',
    amount: items[i]!.amount,
    ...(items[i]!.lastYear !== undefined ? { lastYear: items[i]!.lastYear } : {}),
    amountRef: [...at, 'amount'],
    lastYearRef: [...at, 'lastYear'],
    ...(c?.lastYear !== undefined ? { totalLastYear: { value: c.lastYear, ref: ['generalBudget', 'district', 'income', 'current', 'lastYear'] } } : {}),
  };
}

/**
 * 财政运行特点 restates 税收收入 (analysis.tax): where the standard table (row 101) or the district's
 * revenue items give it too, the two are one figure, and a report must not print two amounts for it,
 * nor a growth or a 上年占比 its 上年数 contradicts.
 */
export const taxMatchesItem: Rule = {
  id: 'tax-item',
  severity: 'error',
  description: '收支分析中的税收收入与一般公共预算收入决算表或收入项目中的“税收收入”相同，增长率、上年占比与其上年数相符（两处都填写时）',
  check(ctx) {
    const tax = ctx.input.analysis?.tax;
    const other = taxElsewhere(ctx.input);
    if (!tax || !other) return [];
    const taxRef: PathSegment[] = ['analysis', 'tax', 'amount'];
    if (!new D(tax.amount).eq(other.amount)) {
      const fix = '请核对两处的税收收入，使之一致';
      return [
        {
          path: taxRef,
          message: `收支分析中的税收收入为 ${show(tax.amount)}，${other.what}为 ${show(other.amount)}：两处是同一个数字，报告会印出两个不同的税收收入：${fix}。`,
          expected: show(other.amount),
          actual: show(tax.amount),
          fix,
          involves: [taxRef, other.amountRef],
        },
      ];
    }
    const out: Finding[] = [];
    // The same amount: a stated growth must then be the item's, from its 上年数.
    if (tax.growth !== undefined && other.lastYear !== undefined && other.lastYear !== 0) {
      const digits = statedDigits(tax.growth);
      const computed = round(new D(other.amount).div(other.lastYear).sub(1).mul(100), digits);
      if (!computed.eq(tax.growth)) {
        const refs: PathSegment[][] = [['analysis', 'tax', 'growth'], other.amountRef, other.lastYearRef];
        const fix = `请核对收支分析中的税收收入增长率，或${other.what}的上年数`;
        out.push({
          path: refs[0]!,
          message: `收支分析中的税收收入增长率为 ${tax.growth}%，按${other.what} ${show(other.amount)} ÷ 上年数 ${show(other.lastYear)} − 1 应为 ${formatNumber(computed, digits)}%：${fix}。`,
          expected: formatNumber(computed, digits),
          actual: String(tax.growth),
          fix,
          involves: refs,
        });
      }
    }
    // 上年占比 = last year's 税收收入 ÷ last year's 一般公共预算收入.
    const share = tax.lastYearShare;
    const total = other.totalLastYear;
    if (share !== undefined && other.lastYear !== undefined && total && total.value !== 0) {
      const digits = statedDigits(share);
      const computed = round(new D(other.lastYear).div(total.value).mul(100), digits);
      if (!computed.eq(share)) {
        const refs: PathSegment[][] = [['analysis', 'tax', 'lastYearShare'], other.lastYearRef, total.ref];
        const fix = `请核对税收上年占比，或${other.what}的上年数`;
        out.push({
          path: refs[0]!,
          message: `税收上年占比为 ${share}%，按${other.what}的上年数 ${show(other.lastYear)} ÷ 上年一般公共预算收入 ${show(total.value)} 应为 ${formatNumber(computed, digits)}%：${fix}。`,
          expected: formatNumber(computed, digits),
          actual: String(share),
          fix,
          involves: refs,
        });
      }
    }
    return out;
  },
};

/**
 * 财政运行特点's comparable growth of 一般公共预算收入 (analysis.incomeComparable) restates the
 * budget paragraph's (comparableGrowth of the district's income): where both are given they are one
 * figure, equal at the places the shorter is typed to.
 */
export const comparableMatches: Rule = {
  id: 'comparable-income',
  severity: 'error',
  description: '收支分析中一般公共预算收入的可比增长与全区一般公共预算收入的可比增长相同（两处都填写时）',
  check(ctx) {
    const a = ctx.input.analysis?.incomeComparable;
    const c = ctx.input.generalBudget.district.income.current;
    if (!a || c?.comparableGrowth === undefined) return [];
    const refs: PathSegment[][] = [
      ['analysis', 'incomeComparable', 'growth'],
      ['generalBudget', 'district', 'income', 'current', 'comparableGrowth'],
    ];
    const digits = Math.min(statedDigits(a.growth), statedDigits(c.comparableGrowth));
    if (round(new D(a.growth), digits).eq(round(new D(c.comparableGrowth), digits))) return [];
    const fix = '请核对两处的可比增长率，使之一致';
    return [
      {
        path: refs[0]!,
        message: `收支分析中一般公共预算收入的可比增长为 ${a.growth}%，全区一般公共预算收入的可比增长为 ${c.comparableGrowth}%：两处是同一个数字，报告会印出两个不同的可比增长：${fix}。`,
        expected: String(c.comparableGrowth),
        actual: String(a.growth),
        fix,
        involves: refs,
      },
    ];
  },
};

export const PART_RULES: readonly Rule[] = [revenueItems, includedParts, surplusAgrees, fiscalRevenueCovers, taxMatchesItem, comparableMatches];
