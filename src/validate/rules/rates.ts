import { D } from '../../compose/num';
import { formatNumber, round } from '../../compose/format';
import { labelPath } from '../labels';
import type { Rule } from './types';
import { findFlows } from './flows';

/** Decimal places of a number as typed: 100.08 → 2, 15.3 → 1, 4 → 0. */
export function statedDigits(n: number): number {
  const s = String(n);
  const dot = s.indexOf('.');
  return dot < 0 ? 0 : s.length - dot - 1;
}

/** Where a rate and its base are both given they must agree at the precision the rate is stated to. */
export const rateAgreesWithBase: Rule = {
  id: 'rate-base',
  severity: 'error',
  description: '同时给出完成率和预算数时，二者须一致',
  check({ input }) {
    return findFlows(input).flatMap((f) => {
      if (f.completionRate === undefined || f.base === undefined) return [];
      if (f.base === 0) return [{ path: [...f.path, f.baseKey!], message: `“${labelPath(f.path)}”的预算数为 0，无法核对完成率。`, actual: '0' }];
      const digits = statedDigits(f.completionRate);
      const computed = round(new D(f.amount).div(f.base).mul(100), digits);
      if (computed.eq(f.completionRate)) return [];
      return [
        {
          path: [...f.path, 'completionRate'],
          message: `“${labelPath(f.path)}”完成率应为 ${f.amount} ÷ ${f.base} = ${formatNumber(computed, digits)}%，实为 ${f.completionRate}%：请核对完成率或预算数。`,
          expected: formatNumber(computed, digits),
          actual: String(f.completionRate),
        },
      ];
    });
  },
};

export const growthAgreesWithLastYear: Rule = {
  id: 'growth-base',
  severity: 'error',
  description: '同时给出增长率和上年数时，二者须一致',
  check({ input }) {
    return findFlows(input).flatMap((f) => {
      if (f.growth === undefined || f.lastYear === undefined) return [];
      if (f.lastYear === 0) return [{ path: [...f.path, 'lastYear'], message: `“${labelPath(f.path)}”的上年数为 0，无法核对增长率。`, actual: '0' }];
      const digits = statedDigits(f.growth);
      const computed = round(new D(f.amount).div(f.lastYear).sub(1).mul(100), digits);
      if (computed.eq(f.growth)) return [];
      return [
        {
          path: [...f.path, 'growth'],
          message: `“${labelPath(f.path)}”增长率应为 ${f.amount} ÷ ${f.lastYear} − 1 = ${formatNumber(computed, digits)}%，实为 ${f.growth}%：请核对增长率或上年数。`,
          expected: formatNumber(computed, digits),
          actual: String(f.growth),
        },
      ];
    });
  },
};
