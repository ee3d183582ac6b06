import { D } from '../../compose/num';
import { formatNumber, round } from '../../compose/format';
import type { PathSegment } from '../../load/path';
import { labelPath } from '../labels';
import { previousNumber } from '../previous';
import { cover, refPath, show } from './identity';
import type { Finding, Ref, Rule, RuleContext } from './types';
import { findFlows, isFirstHalf, type Flow } from './flows';
import { SCOPES } from './budgets';

/** Decimal places of a number as typed: 100.08 → 2, 15.3 → 1, 4 → 0. */
export function statedDigits(n: number): number {
  return new D(n).decimalPlaces();
}


/** Last year's figure for a flow: typed in the data (lastYear), or read from --previous (same path). */
export function lastYearOf(ctx: Pick<RuleContext, 'previous'>, f: Flow): { ref: Ref; value: number; what: string } | null {
  if (f.lastYear !== undefined) return { ref: [...f.path, 'lastYear'], value: f.lastYear, what: '上年数' };
  const prev = previousNumber(ctx.previous, [...f.path, 'amount']);
  return prev ? { ref: { previous: prev.path }, value: prev.value, what: '上年数据文件中的上年数' } : null;
}

function rateCheck(ctx: RuleContext, f: Flow): Finding[] {
  if (f.completionRate === undefined || f.base === undefined) return [];
  const rateRef = [...f.path, 'completionRate'];
  const baseRef = [...f.path, f.baseKey!];
  const amountRef = [...f.path, 'amount'];
  cover(ctx, [rateRef]);
  if (f.base === 0) {
    const fix = '请填写预算数，或删除预算数只保留完成率';
    return [{ path: baseRef, message: `“${labelPath(f.path)}”的预算数为 0，无法核对完成率：${fix}。`, actual: '0', fix, involves: [baseRef, rateRef] }];
  }
  const digits = statedDigits(f.completionRate);
  const computed = round(new D(f.amount).div(f.base).mul(100), digits);
  if (computed.eq(f.completionRate)) return [];
  const fix = '请核对完成率或预算数';
  return [
    {
      path: rateRef,
      message: `“${labelPath(f.path)}”完成率应为 ${show(f.amount)} ÷ ${show(f.base)} = ${formatNumber(computed, digits)}%，实为 ${f.completionRate}%：${fix}。`,
      expected: formatNumber(computed, digits),
      actual: String(f.completionRate),
      fix,
      involves: [rateRef, amountRef, baseRef],
    },
  ];
}

/** Where a rate and its base are both given they must agree at the precision the rate is stated to. */
export const rateAgreesWithBase: Rule = {
  id: 'rate-base',
  severity: 'error',
  description: '同时给出完成率和预算数时，完成率等于当年数 ÷ 预算数（按所填完成率的小数位）',
  check(ctx) {
    return findFlows(ctx.input)
      .filter((f) => !isFirstHalf(f))
      .flatMap((f) => rateCheck(ctx, f));
  },
};

/** First half: 完成年初预算的 X% = 上半年数 ÷ 全年年初预算数. */
export const halfCompletion: Rule = {
  id: 'half-completion',
  severity: 'error',
  description: '上半年完成年初预算比例等于上半年数 ÷ 全年年初预算数（同时给出时）',
  check(ctx) {
    return findFlows(ctx.input)
      .filter(isFirstHalf)
      .flatMap((f) => rateCheck(ctx, f));
  },
};

/** 同比增长 X% = 当年数 ÷ 上年数 − 1, with 上年数 from the data or from last year's dataset. */
export const growthAgreesWithLastYear: Rule = {
  id: 'growth-base',
  severity: 'error',
  description: '同时给出增长率和上年数（或提供上年数据文件）时，增长率等于当年数 ÷ 上年数 − 1',
  check(ctx) {
    return findFlows(ctx.input).flatMap((f) => {
      if (f.growth === undefined) return [];
      const base = lastYearOf(ctx, f);
      if (!base) return [];
      const growthRef = [...f.path, 'growth'];
      cover(ctx, [growthRef]);
      if (base.value === 0) {
        const fix = '上年数为 0 时不能计算增长率，请删除增长率或核对上年数';
        return [{ path: growthRef, message: `“${labelPath(f.path)}”的${base.what}为 0（${refPath(base.ref)}），无法核对增长率：${fix}。`, actual: '0', fix, involves: [growthRef, base.ref] }];
      }
      const digits = statedDigits(f.growth);
      const computed = round(new D(f.amount).div(base.value).sub(1).mul(100), digits);
      if (computed.eq(f.growth)) return [];
      const fix = `请核对增长率或${base.what}（${refPath(base.ref)}）`;
      return [
        {
          path: growthRef,
          message: `“${labelPath(f.path)}”增长率应为 ${show(f.amount)} ÷ ${show(base.value)} − 1 = ${formatNumber(computed, digits)}%，实为 ${f.growth}%：${fix}。`,
          expected: formatNumber(computed, digits),
          actual: String(f.growth),
          fix,
          involves: [growthRef, [...f.path, 'amount'], base.ref],
        },
      ];
    });
  },
};

/** Where the data types a last-year figure and --previous has it too, the two must agree. */
export const previousBase: Rule = {
  id: 'previous-base',
  severity: 'error',
  description: '数据中填写的上年数（上年数、上年滚存结余）与上年数据文件一致',
  check(ctx) {
    if (!ctx.previous) return [];
    const out: Finding[] = [];
    const compare = (ref: PathSegment[], value: number, prevRef: PathSegment[], what: string) => {
      const prev = previousNumber(ctx.previous, prevRef);
      if (!prev || new D(prev.value).eq(value)) return;
      const fix = '请核对本年数据中的上年数，以及上年数据文件是否为本区上年决算数据';
      out.push({
        path: ref,
        message: `${what}为 ${show(value)}，上年数据文件中为 ${show(prev.value)}（${refPath({ previous: prev.path })}）：${fix}。`,
        expected: show(prev.value),
        actual: show(value),
        fix,
        involves: [ref, { previous: prev.path }],
      });
    };
    for (const f of findFlows(ctx.input)) {
      if (f.lastYear !== undefined) compare([...f.path, 'lastYear'], f.lastYear, [...f.path, 'amount'], `“${labelPath(f.path)}”的上年数`);
    }
    for (const s of SCOPES) {
      const sc = ctx.input.socialInsuranceBudget?.[s.key];
      if (sc?.lastYearAccumulated !== undefined)
        compare(['socialInsuranceBudget', s.key, 'lastYearAccumulated'], sc.lastYearAccumulated, ['socialInsuranceBudget', s.key, 'accumulated'], `${s.name}社会保险基金上年滚存结余`);
    }
    return out;
  },
};

/**
 * 税收上年占比 = 上年税收收入 ÷ 上年一般公共预算收入, where last year's dataset is given. A warning,
 * not an error: the share is often quoted on another basis (上年同期 execution figures, a comparable
 * scope). The seed itself shows it: 税收下降 2.9%, 收入增长 0.21% and 上年占比 77.3% cannot all hold
 * on one base (they imply 76.3%).
 */
export const shareBase: Rule = {
  id: 'share-base',
  severity: 'warning',
  description: '税收收入上年占比与上年数据文件中的税收收入 ÷ 一般公共预算收入一致（提供上年数据时）',
  check(ctx) {
    const stated = ctx.input.analysis?.tax.lastYearShare;
    if (stated === undefined) return [];
    const taxPath: PathSegment[] = ['analysis', 'tax', 'amount'];
    const incomePath: PathSegment[] = ['generalBudget', 'district', 'income', 'current', 'amount'];
    const tax = previousNumber(ctx.previous, taxPath);
    const income = previousNumber(ctx.previous, incomePath);
    if (!tax || !income || income.value === 0) return [];
    // A warning: not recorded in ctx.coverage, which lists figures whose errors are guaranteed.
    const ref: PathSegment[] = ['analysis', 'tax', 'lastYearShare'];
    const digits = statedDigits(stated);
    const computed = round(new D(tax.value).div(income.value).mul(100), digits);
    if (computed.eq(stated)) return [];
    const fix = '请核对上年占比，或删除它由上年数据计算（如上年占比按其他口径计算，可忽略本警告）';
    return [
      {
        path: ref,
        message: `税收收入上年占比应为上年税收收入 ${show(tax.value)} ÷ 上年一般公共预算收入 ${show(income.value)} = ${formatNumber(computed, digits)}%，实为 ${stated}%：${fix}。`,
        expected: formatNumber(computed, digits),
        actual: String(stated),
        fix,
        involves: [ref, { previous: taxPath }, { previous: incomePath }],
      },
    ];
  },
};
