import type { Dec } from '../../compose/num';
import { formatNumber, round } from '../../compose/format';
import { parsePath } from '../../load/path';
import { sourcePaths } from '../../model/source';
import type { FigureComputation, ResolvedFigure } from '../figures';
import { cover, show } from './identity';
import { statedDigits } from './rates';
import type { Finding, Ref, Rule, RuleContext } from './types';

const NAMES: Record<FigureComputation, { id: string; description: string }> = {
  from: { id: 'figure-from', description: '数据表中同时给出数值和来源（from）的数字，与来源一致（亿元数为万元数四舍五入）' },
  sum: { id: 'figure-sum', description: '数据表中同时给出数值和组成部分（sum）的数字，等于各部分之和（如 56 + 6 = 62 个部门）' },
  difference: { id: 'figure-difference', description: '数据表中同时给出数值和差额计算（difference）的数字，等于两数之差' },
  ratio: { id: 'figure-ratio', description: '数据表中同时给出数值和比率计算（ratio）的占比、完成率，等于部分 ÷ 整体' },
  growth: { id: 'figure-growth', description: '数据表中同时给出数值和增长计算（growth）的增长率，等于本期 ÷ 上期 − 1' },
};

/** The computed value in the figure's own unit (亿元 figures are held in 万元). */
function inUnit(f: ResolvedFigure, v: Dec): Dec {
  return f.unit === '亿元' && f.check!.kind !== 'ratio' && f.check!.kind !== 'growth' ? v.div(10000) : v;
}

function describeRefs(f: ResolvedFigure, figures: Map<string, ResolvedFigure>): string {
  const c = f.check!;
  const q = (n: string) => {
    const r = figures.get(n);
    if (!r) return `“${n}”`;
    const v = r.unit === '亿元' ? r.num.value.div(10000) : r.num.value;
    return `“${n}”${show(v)}${r.unit}`;
  };
  switch (c.kind) {
    case 'from':
      return `数据 ${c.refs[0]} 的 ${show(c.computed.value)}${f.unit === '亿元' ? '万元' : f.unit}`;
    case 'sum':
      return `${c.refs.map(q).join(' 加 ')}之和`;
    case 'difference':
      return `${q(c.refs[0]!)} 减 ${q(c.refs[1]!)}之差`;
    case 'ratio':
      return `${q(c.refs[0]!)} ÷ ${q(c.refs[1]!)}`;
    case 'growth':
      return `${q(c.refs[0]!)} ÷ ${q(c.refs[1]!)} − 1`;
  }
}

function figureRule(kind: FigureComputation): Rule {
  return {
    id: NAMES[kind].id,
    severity: 'error',
    description: NAMES[kind].description,
    check(ctx: RuleContext) {
      const out: Finding[] = [];
      for (const f of ctx.figures.values()) {
        const c = f.check;
        if (!c || c.kind !== kind) continue;
        const valueRef = ['figures', f.name, 'value'];
        cover(ctx, [valueRef]);
        const digits = statedDigits(c.stated);
        const computed = round(inUnit(f, c.computed.value), digits);
        if (computed.eq(c.stated)) continue;
        const unit = f.unit;
        const inputs: Ref[] = kind === 'from' ? [parsePath(c.refs[0]!)] : [...new Set(sourcePaths(c.computed.src))].map(parsePath);
        const fix =
          kind === 'from'
            ? `${unit === '亿元' ? '亿元数应由万元数四舍五入得出，' : ''}请核对数值，或删去 value 直接引用数据`
            : `请核对“${f.name}”的数值和${kind === 'sum' ? '各组成部分' : '参与计算的数字'}`;
        out.push({
          path: valueRef,
          message: `数据表中的“${f.name}”应为${describeRefs(f, ctx.figures)}${kind === 'from' && unit === '亿元' ? `，折合 ${formatNumber(computed, digits)}亿元` : ` = ${formatNumber(computed, digits)}${unit}`}，实为 ${show(c.stated)}${unit}（按所填的 ${digits} 位小数核对）：${fix}。`,
          expected: formatNumber(computed, digits),
          actual: show(c.stated),
          fix,
          involves: [valueRef, ...inputs],
        });
      }
      return out;
    },
  };
}

export const figureFrom = figureRule('from');
export const figureSum = figureRule('sum');
export const figureDifference = figureRule('difference');
export const figureRatio = figureRule('ratio');
export const figureGrowth = figureRule('growth');
