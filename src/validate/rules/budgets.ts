import { D } from '../../compose/num';
import type { PathSegment } from '../../load/path';
import type { FinalAccountsInput } from '../schema/final-accounts';
import { previousNumber } from '../previous';
import { cover, gap, refPath, show, sumIdentity, type Term } from './identity';
import type { Finding, Rule } from './types';

/** The three budgets whose sides are a total and its components, with their names in the report. */
export const BUDGETS = [
  { key: 'generalBudget', total: '一般公共预算', current: '一般公共预算' },
  { key: 'fundBudget', total: '政府性基金', current: '政府性基金预算' },
  { key: 'stateCapitalBudget', total: '国有资本经营预算', current: '国有资本经营预算' },
] as const;
export const SCOPES = [
  { key: 'district', name: '全区' },
  { key: 'level', name: '区级' },
] as const;
const SIDES = [
  { key: 'income', word: '收入' },
  { key: 'expenditure', word: '支出' },
] as const;

type Side = FinalAccountsInput['generalBudget']['district']['income'];
type Scope = FinalAccountsInput['generalBudget']['district'];

/** Calls fn for each budget present at each scope present, with the scope's figures and path. */
function eachBudgetScope(input: FinalAccountsInput, fn: (b: (typeof BUDGETS)[number], s: (typeof SCOPES)[number], scope: Scope, path: PathSegment[]) => Finding[]): Finding[] {
  return BUDGETS.flatMap((b) =>
    SCOPES.flatMap((s) => {
      const scope = input[b.key]?.[s.key];
      return scope ? fn(b, s, scope, [b.key, s.key]) : [];
    }),
  );
}

/** The social-insurance scopes present. */
function socialScopes(input: FinalAccountsInput) {
  const si = input.socialInsuranceBudget;
  return SCOPES.flatMap((s) => (si?.[s.key] ? [{ s, sc: si[s.key]! }] : []));
}

/** 总收入 = 当年收入 + 各构成项目; 总支出 likewise: each budget, each scope, each side. */
export const budgetTotal: Rule = {
  id: 'budget-total',
  severity: 'error',
  description: '各本预算（一般公共预算、政府性基金、国有资本经营预算）全区、区级的总收入、总支出等于其各构成项目之和',
  check(ctx) {
    return eachBudgetScope(ctx.input, (b, s, scope, path) =>
      SIDES.flatMap((side) => {
        const sd: Side = scope[side.key];
        const p = [...path, side.key];
        const parts: Term[] = [];
        if (sd.current) parts.push({ ref: [...p, 'current', 'amount'], value: sd.current.amount, label: `当年${b.current}${side.word}` });
        // A deducted line (上解支出 taken off to give 可用资金) counts negative.
        sd.lines.forEach((l, i) => parts.push({ ref: [...p, 'lines', i, 'amount'], value: l.deduct ? -l.amount : l.amount, label: l.deduct ? `减${l.label}` : l.label }));
        // A total without any component listed has nothing to add up.
        if (!parts.length) return [];
        return sumIdentity(ctx, `${s.name}${b.total}总${side.word}`, { ref: [...p, 'total'], value: sd.total, label: `总${side.word}` }, parts);
      }),
    );
  },
};

/**
 * 收支平衡: with 结转下年 on the spending side, 总收入 = 总支出; where a district shows the year-end
 * balance separately (yearEndBalance), 总收入 = 总支出 + 年终结余. The check follows the form used.
 */
export const budgetBalance: Rule = {
  id: 'budget-balance',
  severity: 'error',
  description: '各本预算收支平衡：总收入等于总支出（年终结余单列时，等于总支出加年终结余）',
  check(ctx) {
    return eachBudgetScope(ctx.input, (b, s, scope, path) => {
      const inc = scope.income.total;
      const exp = scope.expenditure.total;
      const incRef = [...path, 'income', 'total'];
      const expRef = [...path, 'expenditure', 'total'];
      const what = `${s.name}${b.total}`;
      if (scope.yearEndBalance === undefined) {
        cover(ctx, [incRef, expRef]);
        if (new D(inc).eq(exp)) return [];
        const fix = `请核对收支两方的合计；如本区把年终结余单列（不计入总支出），请在 ${[...path].join('.')}.yearEndBalance 填写年终结余`;
        return [
          {
            path: incRef,
            message: `${what}总收入 ${show(inc)} 与总支出 ${show(exp)} 不相等（收入比支出${gap(inc, exp)}）：结转下年列在支出方时收支应平衡，${fix}。`,
            expected: show(exp),
            actual: show(inc),
            fix,
            involves: [incRef, expRef],
          },
        ];
      }
      const balRef = [...path, 'yearEndBalance'];
      return sumIdentity(
        ctx,
        `${what}总收入`,
        { ref: incRef, value: inc, label: '总收入' },
        [
          { ref: expRef, value: exp, label: '总支出' },
          { ref: balRef, value: scope.yearEndBalance, label: '年终结余' },
        ],
        '年终结余单列时，总收入应等于总支出加年终结余。请核对总收入、总支出和年终结余',
      );
    });
  },
};

/** 收支净结余 = 收入 − 支出, each scope. */
export const socialNet: Rule = {
  id: 'social-net',
  severity: 'error',
  description: '社会保险基金收支净结余等于收入减支出',
  check(ctx) {
    return socialScopes(ctx.input).flatMap(({ s, sc }) => {
      const p: PathSegment[] = ['socialInsuranceBudget', s.key];
      const refs = [
        [...p, 'net'],
        [...p, 'income', 'amount'],
        [...p, 'expenditure', 'amount'],
      ];
      cover(ctx, refs);
      const expected = new D(sc.income.amount).sub(sc.expenditure.amount);
      if (expected.eq(sc.net)) return [];
      const fix = '请核对净结余、收入和支出';
      return [
        {
          path: refs[0]!,
          message: `${s.name}社会保险基金收支净结余应为收入 ${show(sc.income.amount)} 减支出 ${show(sc.expenditure.amount)}，即 ${show(expected)}，实为 ${show(sc.net)}：${fix}。`,
          expected: show(expected),
          actual: show(sc.net),
          fix,
          involves: refs,
        },
      ];
    });
  },
};

/** 滚存结余 = 上年滚存结余 + 本年净结余, where last year's figure is known (in the data or --previous). */
export const socialRollForward: Rule = {
  id: 'social-rollforward',
  severity: 'error',
  description: '社会保险基金滚存结余等于上年滚存结余加本年收支净结余（已知上年滚存结余时）',
  check(ctx) {
    return socialScopes(ctx.input).flatMap(({ s, sc }) => {
      const p: PathSegment[] = ['socialInsuranceBudget', s.key];
      const prev = previousNumber(ctx.previous, [...p, 'accumulated']);
      const base =
        sc.lastYearAccumulated !== undefined
          ? { ref: [...p, 'lastYearAccumulated'] as PathSegment[], value: sc.lastYearAccumulated, from: '上年滚存结余' }
          : prev
            ? { ref: { previous: prev.path }, value: prev.value, from: '上年数据文件中的滚存结余' }
            : null;
      if (!base) return [];
      return sumIdentity(
        ctx,
        `${s.name}社会保险基金滚存结余`,
        { ref: [...p, 'accumulated'], value: sc.accumulated, label: '滚存结余' },
        [
          { ref: base.ref, value: base.value, label: base.from },
          { ref: [...p, 'net'], value: sc.net, label: '本年收支净结余' },
        ],
        `滚存结余应为${base.from}加本年收支净结余。请核对滚存结余（${refPath([...p, 'accumulated'])}）、净结余和${base.from}（${refPath(base.ref)}）`,
      );
    });
  },
};

/** 预算稳定调节基金余额 = 上年余额 + 补充 − 调入使用 (needs last year's dataset). */
export const stabilizationRollForward: Rule = {
  id: 'stabilization-rollforward',
  severity: 'error',
  description: '预算稳定调节基金余额等于上年余额加本年补充减调入使用（提供上年数据时）',
  check(ctx) {
    const p: PathSegment[] = ['generalBudget', 'stabilizationFund'];
    const prev = previousNumber(ctx.previous, [...p, 'balance']);
    const sf = ctx.input.generalBudget.stabilizationFund;
    if (!prev || !sf) return [];
    const balanceRef: PathSegment[] = [...p, 'balance'];
    const own: PathSegment[][] = [balanceRef, [...p, 'added'], [...p, 'used']];
    cover(ctx, own);
    const expected = new D(prev.value).add(sf.added).sub(sf.used);
    if (expected.eq(sf.balance)) return [];
    const fix = '请核对余额、补充和调入使用，以及上年数据文件中的余额';
    return [
      {
        path: balanceRef,
        message: `预算稳定调节基金累计余额应为上年余额 ${show(prev.value)} 加补充 ${show(sf.added)} 减调入使用 ${show(sf.used)}，即 ${show(expected)}，实为 ${show(sf.balance)}：${fix}。`,
        expected: show(expected),
        actual: show(sf.balance),
        fix,
        involves: [balanceRef, { previous: prev.path }, ...own.slice(1)],
      },
    ];
  },
};

