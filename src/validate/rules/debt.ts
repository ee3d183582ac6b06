import { D } from '../../compose/num';
import type { PathSegment } from '../../load/path';
import { previousNumber } from '../previous';
import { cover, show, sumIdentity, type Term } from './identity';
import type { Finding, Rule } from './types';

const D_ = (...p: PathSegment[]): PathSegment[] => ['debt', ...p];

function generalSpecial(key: 'limit' | 'balance' | 'interest', what: string, parts: [string, string]): Rule['check'] {
  return (ctx) => {
    if (!ctx.input.debt) return [];
    const x = ctx.input.debt[key];
    return sumIdentity(ctx, what, { ref: D_(key, 'total'), value: x.total, label: what }, [
      { ref: D_(key, 'general'), value: x.general, label: parts[0] },
      { ref: D_(key, 'special'), value: x.special, label: parts[1] },
    ]);
  };
}

export const debtLimitSum: Rule = {
  id: 'debt-limit-sum',
  severity: 'error',
  description: '政府债务限额等于一般债务限额加专项债务限额',
  check: generalSpecial('limit', '政府债务限额', ['一般债务限额', '专项债务限额']),
};

export const debtBalanceSum: Rule = {
  id: 'debt-balance-sum',
  severity: 'error',
  description: '政府债务余额等于一般债务余额加专项债务余额',
  check: generalSpecial('balance', '政府债务余额', ['一般债务余额', '专项债务余额']),
};

export const debtInterestSum: Rule = {
  id: 'debt-interest-sum',
  severity: 'error',
  description: '债务付息支出等于一般债券利息加专项债券利息',
  check: generalSpecial('interest', '债务付息支出', ['一般债券利息支出', '专项债券利息支出']),
};

/** Each 余额 ≤ its 限额: the balance may not break the approved limit. */
export const debtWithinLimit: Rule = {
  id: 'debt-within-limit',
  severity: 'error',
  description: '政府债务余额（合计、一般、专项）不超过对应的限额',
  check(ctx) {
    if (!ctx.input.debt) return [];
    const { limit, balance } = ctx.input.debt;
    const kinds = [
      { key: 'total', name: '政府债务' },
      { key: 'general', name: '一般债务' },
      { key: 'special', name: '专项债务' },
    ] as const;
    return kinds.flatMap((k): Finding[] => {
      if (balance[k.key] <= limit[k.key]) return [];
      const fix = '余额不得突破批准的限额，请核对余额和限额';
      return [
        {
          path: D_('balance', k.key),
          message: `${k.name}余额 ${show(balance[k.key])} 超过${k.name}限额 ${show(limit[k.key])}（超出 ${show(new D(balance[k.key]).sub(limit[k.key]))}）：${fix}。`,
          expected: `≤ ${show(limit[k.key])}`,
          actual: show(balance[k.key]),
          fix,
          involves: [D_('balance', k.key), D_('limit', k.key)],
        },
      ];
    });
  },
};

/** 转贷债券 = 新增债券 + 再融资债券. */
export const debtBondsSum: Rule = {
  id: 'debt-bonds-sum',
  severity: 'error',
  description: '收到的转贷债券资金等于新增债券加再融资债券',
  check(ctx) {
    if (!ctx.input.debt) return [];
    const b = ctx.input.debt.bonds;
    return sumIdentity(ctx, '收到的地方政府债券资金', { ref: D_('bonds', 'total'), value: b.total, label: '债券资金' }, [
      { ref: D_('bonds', 'newBonds', 'amount'), value: b.newBonds.amount, label: '新增债券' },
      { ref: D_('bonds', 'refinancing', 'amount'), value: b.refinancing.amount, label: '再融资债券' },
    ]);
  },
};

/** The uses of 新增债券 add up to it (where uses are listed). */
export const debtNewUses: Rule = {
  id: 'debt-new-uses',
  severity: 'error',
  description: '新增债券各项用途之和等于新增债券金额',
  check(ctx) {
    if (!ctx.input.debt) return [];
    const nb = ctx.input.debt.bonds.newBonds;
    if (!nb.uses.length) return [];
    const parts: Term[] = nb.uses.map((u, i) => ({ ref: D_('bonds', 'newBonds', 'uses', i, 'amount'), value: u.amount, label: u.label }));
    return sumIdentity(ctx, '新增债券', { ref: D_('bonds', 'newBonds', 'amount'), value: nb.amount, label: '新增债券' }, parts);
  },
};

/** The uses of 再融资债券 add up to it (where uses are listed). */
export const debtRefinancingUses: Rule = {
  id: 'debt-refinancing-uses',
  severity: 'error',
  description: '再融资债券各项用途之和等于再融资债券金额',
  check(ctx) {
    if (!ctx.input.debt) return [];
    const rf = ctx.input.debt.bonds.refinancing;
    if (!rf.uses.length) return [];
    const parts: Term[] = rf.uses.map((u, i) => ({ ref: D_('bonds', 'refinancing', 'uses', i, 'amount'), value: u.amount, label: u.purpose }));
    return sumIdentity(ctx, '再融资债券', { ref: D_('bonds', 'refinancing', 'amount'), value: rf.amount, label: '再融资债券' }, parts);
  },
};

/** 还本 = 一般 + 专项. */
export const debtPrincipalSum: Rule = {
  id: 'debt-principal-sum',
  severity: 'error',
  description: '债务还本支出等于一般债务还本加专项债务还本',
  check(ctx) {
    if (!ctx.input.debt) return [];
    const p = ctx.input.debt.principal;
    return sumIdentity(ctx, '债务还本支出', { ref: D_('principal', 'total'), value: p.total, label: '还本支出' }, [
      { ref: D_('principal', 'general', 'amount'), value: p.general.amount, label: '一般债务还本支出' },
      { ref: D_('principal', 'special', 'amount'), value: p.special.amount, label: '专项债务还本支出' },
    ]);
  },
};

/** Each 还本 = 自有财力还本 + 再融资债券还本. */
export const debtPrincipalSources: Rule = {
  id: 'debt-principal-sources',
  severity: 'error',
  description: '一般、专项债务还本支出各等于自有财力还本加再融资债券还本',
  check(ctx) {
    if (!ctx.input.debt) return [];
    const p = ctx.input.debt.principal;
    return (
      [
        ['general', '一般债务还本支出'],
        ['special', '专项债务还本支出'],
      ] as const
    ).flatMap(([k, what]) =>
      sumIdentity(ctx, what, { ref: D_('principal', k, 'amount'), value: p[k].amount, label: what }, [
        { ref: D_('principal', k, 'ownFunds'), value: p[k].ownFunds, label: '自有财力还本' },
        { ref: D_('principal', k, 'refinancing'), value: p[k].refinancing, label: '再融资债券还本' },
      ]),
    );
  },
};

/**
 * What the 一般 and 专项 repayments say they paid with refinancing bonds cannot exceed the
 * refinancing bonds received: else the report prints a 再融资债券 sum and repayments from it that
 * cannot both be true.
 */
export const debtRefinancingRepaid: Rule = {
  id: 'debt-refinancing-repaid',
  severity: 'error',
  description: '一般、专项债务的再融资债券还本之和不超过再融资债券',
  check(ctx) {
    const d = ctx.input.debt;
    if (!d) return [];
    const refs = [D_('principal', 'general', 'refinancing'), D_('principal', 'special', 'refinancing'), D_('bonds', 'refinancing', 'amount')];
    cover(ctx, refs);
    const repaid = new D(d.principal.general.refinancing).add(d.principal.special.refinancing);
    const received = d.bonds.refinancing.amount;
    if (repaid.lte(received)) return [];
    const fix = '请核对一般、专项债务还本支出中的再融资债券还本和再融资债券金额';
    return [
      {
        path: refs[2]!,
        message: `一般债务、专项债务的再融资债券还本合计 ${show(d.principal.general.refinancing)} + ${show(d.principal.special.refinancing)} = ${show(repaid)}，超过再融资债券 ${show(received)}：还本所用的再融资债券不会多于收到的：${fix}。`,
        expected: `≥ ${show(repaid)}`,
        actual: show(received),
        fix,
        involves: refs,
      },
    ];
  },
};

/** 余额 = 上年余额 + 本年收到的债券 − 还本 (+ 其他增减), where last year's dataset is given. */
export const debtRollForward: Rule = {
  id: 'debt-rollforward',
  severity: 'error',
  description: '政府债务余额等于上年余额加本年转贷债券减还本支出（加其他增减；提供上年数据时）',
  check(ctx) {
    if (!ctx.input.debt) return [];
    const prev = previousNumber(ctx.previous, D_('balance', 'total'));
    if (!prev) return [];
    const d = ctx.input.debt;
    const other = d.balance.otherChange;
    const refs = [D_('balance', 'total'), { previous: prev.path }, D_('bonds', 'total'), D_('principal', 'total'), ...(other !== undefined ? [D_('balance', 'otherChange')] : [])];
    cover(ctx, [D_('balance', 'total'), D_('bonds', 'total'), D_('principal', 'total'), ...(other !== undefined ? [D_('balance', 'otherChange')] : [])]);
    const expected = new D(prev.value).add(d.bonds.total).sub(d.principal.total).add(other ?? 0);
    if (expected.eq(d.balance.total)) return [];
    const fix = `请核对余额、债券资金和还本支出；如有债务划转、核销等其他增减，请填写 debt.balance.otherChange`;
    return [
      {
        path: D_('balance', 'total'),
        message: `政府债务余额应为上年余额 ${show(prev.value)} 加本年债券资金 ${show(d.bonds.total)} 减还本支出 ${show(d.principal.total)}${other !== undefined ? ` 加其他增减 ${show(other)}` : ''}，即 ${show(expected)}，实为 ${show(d.balance.total)}：${fix}。`,
        expected: show(expected),
        actual: show(d.balance.total),
        fix,
        involves: refs,
      },
    ];
  },
};
