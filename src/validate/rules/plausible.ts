import { D, type Dec } from '../../compose/num';
import { formatNumber } from '../../compose/format';
import type { PathSegment } from '../../load/path';
import { labelPath } from '../labels';
import { valueAt } from '../previous';
import { findFlows, isFirstHalf, type Flow } from './flows';
import { lastYearOf } from './rates';
import { refPath, show } from './identity';
import type { Finding, Rule } from './types';

// Plausibility checks: figures that can be true but usually are typing mistakes. Warnings, never
// errors: the report is still built, and the writer is told where to look.

const IGNORE = '如确属实，可忽略本警告';

function completionOf(f: Flow): { value: Dec; ref: PathSegment[] } | null {
  if (f.completionRate !== undefined) return { value: new D(f.completionRate), ref: [...f.path, 'completionRate'] };
  if (f.base !== undefined && f.base !== 0) return { value: new D(f.amount).div(f.base).mul(100), ref: [...f.path, f.baseKey!] };
  return null;
}

export const plausibleCompletion: Rule = {
  id: 'plausible-completion',
  severity: 'warning',
  description: '全年完成预算比例在 50%–200% 之间',
  check(ctx) {
    return findFlows(ctx.input)
      .filter((f) => !isFirstHalf(f))
      .flatMap((f): Finding[] => {
        const c = completionOf(f);
        if (!c || (c.value.gte(50) && c.value.lte(200))) return [];
        const fix = `请核对完成率、当年数和预算数（${IGNORE}）`;
        return [{ path: c.ref, message: `“${labelPath(f.path)}”完成预算比例为 ${formatNumber(c.value, 2)}%，不在通常的 50%–200% 之间：${fix}。`, actual: formatNumber(c.value, 2), expected: '50–200', fix, involves: [c.ref, [...f.path, 'amount']] }];
      });
  },
};

export const plausibleHalf: Rule = {
  id: 'plausible-half',
  severity: 'warning',
  description: '上半年数不超过全年年初预算数',
  check(ctx) {
    return findFlows(ctx.input)
      .filter(isFirstHalf)
      .flatMap((f): Finding[] => {
        const c = completionOf(f);
        if (!c || c.value.lte(100)) return [];
        const fix = `请核对上半年数、完成年初预算比例和年初预算数（${IGNORE}）`;
        return [{ path: c.ref, message: `“${labelPath(f.path)}”上半年已完成全年年初预算的 ${formatNumber(c.value, 2)}%，超过全年预算：${fix}。`, actual: formatNumber(c.value, 2), expected: '≤ 100', fix, involves: [c.ref, [...f.path, 'amount']] }];
      });
  },
};

export const plausibleGrowth: Rule = {
  id: 'plausible-growth',
  severity: 'warning',
  description: '增长率在 ±100% 以内',
  check(ctx) {
    const out: Finding[] = [];
    const flag = (ref: PathSegment[], what: string, g: Dec, more: string, involves: Finding['involves'] = [ref]) => {
      if (g.abs().lte(100)) return;
      const fix = `请核对${more}（${IGNORE}）`;
      out.push({ path: ref, message: `${what}增长率为 ${formatNumber(g, 2)}%，超出 ±100%：${fix}。`, actual: formatNumber(g, 2), expected: '−100 至 100', fix, involves });
    };
    for (const f of findFlows(ctx.input)) {
      if (f.growth !== undefined) flag([...f.path, 'growth'], `“${labelPath(f.path)}”`, new D(f.growth), '增长率');
      else {
        const base = lastYearOf(ctx, f);
        if (base && base.value !== 0)
          flag([...f.path, 'amount'], `“${labelPath(f.path)}”由上年数计算的`, new D(f.amount).div(base.value).sub(1).mul(100), `当年数和${base.what}（${refPath(base.ref)}）`, [[...f.path, 'amount'], base.ref]);
      }
    }
    const a = ctx.input.analysis;
    if (a?.incomeComparable) flag(['analysis', 'incomeComparable', 'growth'], '可比口径收入', new D(a.incomeComparable.growth), '可比口径增长率');
    if (a?.tax.comparable) flag(['analysis', 'tax', 'comparable', 'growth'], '可比口径税收收入', new D(a.tax.comparable.growth), '可比口径增长率');
    for (const f of ctx.figures.values()) {
      const isGrowth = f.unit === '%' && (f.word || f.check?.kind === 'growth' || ('derivation' in f.num.src && /增长/.test(f.num.src.derivation)));
      if (isGrowth) flag(['figures', f.name], `数据表中的“${f.name}”`, f.num.value, `“${f.name}”`);
    }
    return out;
  },
};

// Fields that may be negative: rates of change, net balances, other changes, 超收 (negative: 短收).
const SIGNED = new Set(['completionRate', 'growth', 'comparableGrowth', 'net', 'otherChange', 'lastYearShare', 'surplus']);
const MONEY_OR_COUNT = (unit: string) => unit !== '%' && unit !== '个百分点';

function negatives(value: unknown, path: PathSegment[], out: PathSegment[][]): void {
  if (Array.isArray(value)) value.forEach((v, i) => negatives(v, [...path, i], out));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === 'figures' || k === 'meta' || SIGNED.has(k)) continue;
      negatives(v, [...path, k], out);
    }
  } else if (typeof value === 'number' && value < 0) out.push(path);
}

export const plausibleNegative: Rule = {
  id: 'plausible-negative',
  severity: 'warning',
  description: '金额、个数不为负数（增长率、净结余等除外）',
  check(ctx) {
    const paths: PathSegment[][] = [];
    negatives(ctx.input, [], paths);
    const out: Finding[] = paths.map((p) => {
      const fix = '该项不应为负数，请核对数值（下降、减少请用正数填写减少的金额，或填写增长率）';
      const v = valueAt(ctx.input, p) as number;
      return { path: p, message: `“${labelPath(p)}”为负数 ${show(v)}：${fix}。`, actual: show(v), expected: '≥ 0', fix, involves: [p] };
    });
    for (const f of ctx.figures.values()) {
      if (!MONEY_OR_COUNT(f.unit) || f.word || !f.num.value.isNegative()) continue;
      const p = ['figures', f.name];
      const v = f.unit === '亿元' ? f.num.value.div(10000) : f.num.value;
      const fix = `文字中将印出负数，请核对“${f.name}”及其计算（减少的金额请用 difference 按“大减小”的顺序计算）`;
      out.push({ path: p, message: `数据表中的“${f.name}”为负数 ${show(v)}${f.unit}：${fix}。`, actual: show(v), expected: '≥ 0', fix, involves: [p] });
    }
    return out;
  },
};

export const plausibleReserve: Rule = {
  id: 'plausible-reserve',
  severity: 'warning',
  description: '预备费已安排支出不超过安排数',
  check(ctx) {
    const rf = ctx.input.generalBudget.reserveFund;
    if (!rf || rf.spent <= rf.arranged) return [];
    const p: PathSegment[] = ['generalBudget', 'reserveFund', 'spent'];
    const fix = '请核对预备费安排数和已安排支出';
    return [
      {
        path: p,
        message: `预备费已安排支出 ${show(rf.spent)} 超过安排数 ${show(rf.arranged)}：${fix}。`,
        actual: show(rf.spent),
        expected: `≤ ${show(rf.arranged)}`,
        fix,
        involves: [p, ['generalBudget', 'reserveFund', 'arranged']],
      },
    ];
  },
};


