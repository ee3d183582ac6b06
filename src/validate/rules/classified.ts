import { D, type Dec } from '../../compose/num';
import { formatNumber, round } from '../../compose/format';
import type { PathSegment } from '../../load/path';
import { columnTitle, parentCode, type ClassifiedField } from '../../model/classified';
import { childrenOf, classifiedTables, derivedItems, tieOf, type RowOf, type TableOf, type TieOf } from '../../model/classified-data';
import { cover, gap, show, sumIs } from './identity';
import { statedDigits } from './rates';
import type { Finding, Rule } from './types';

/**
 * The standard 决算草案表 against themselves and the report: the rows under a row add up to it, the
 * top-level rows to the 合计, the 合计 to the report's figure, each percentage to its bases; rows
 * the standard table does not list, or lists and the data lacks, are reported. Messages name the
 * table, the row (科目名称 and 科目编码) and the report figure.
 */

const SUMMED: ClassifiedField[] = ['amount', 'budget', 'adjustedBudget', 'lastYear'];

const rowName = (r: RowOf) => (/^\d+$/.test(r.code) ? `“${r.name}”（${r.code}）` : `“${r.name}”`);
const col = (t: TableOf, f: ClassifiedField) => columnTitle(t.spec.shape, f, t.rateBase);

/** The 合计 of a column: stated, or the sum of the top-level rows where each gives it. */
function totalOf(t: TableOf, f: ClassifiedField): { value: Dec; path: PathSegment[]; stated: boolean } | null {
  const stated = t.input?.total?.[f];
  if (stated !== undefined) return { value: new D(stated), path: [...t.path, 'total', f], stated: true };
  if (f === 'completionRate' || f === 'lastYearRatio') return null;
  const top = childrenOf(t, null);
  if (!top.length || top.some((r) => r.input[f] === undefined)) return null;
  return { value: top.reduce((a, r) => a.add(r.input[f]!), new D(0)), path: [...t.path, 'rows', 0, f], stated: false };
}

/** Rows under a row (or the top-level rows under the 合计) add up to it, column by column. */
export const classifiedSums: Rule = {
  id: 'classified-sum',
  severity: 'error',
  description: '决算草案表：各款之和等于所属类，各类之和等于合计（预算数、调整预算数、决算数、上年决算数）',
  check(ctx) {
    const out: Finding[] = [];
    for (const t of classifiedTables(ctx.input) ?? []) {
      if (t.spec.shape === 'debt') {
        out.push(...debtRollForward(ctx, t));
        continue;
      }
      const title = t.spec.title;
      // A 合计 over no rows (a sheet whose 科目编码 column was lost): the attachment printed a blank 合计 and 本表为空表.
      const totalKeys = Object.keys(t.input?.total ?? {}) as ClassifiedField[];
      if (!t.rows.length && totalKeys.length) {
        const f = totalKeys.includes('amount') ? 'amount' : totalKeys[0]!;
        const path = [...t.path, 'total', f];
        const fix = `请补上${title}的各科目行（工作簿中须有“科目编码”列，程序按编码认行），或删去合计`;
        out.push({ path, message: `${title}有合计（${col(t, f)} ${show(t.input!.total![f]!)}）而没有一行科目：${fix}。`, expected: '各科目行', actual: '没有科目行', fix, involves: [path] });
        continue;
      }
      const parents: (RowOf | null)[] = [null, ...t.rows];
      for (const parent of parents) {
        const kids = childrenOf(t, parent ? parent.code : null);
        if (!kids.length) continue;
        for (const f of SUMMED) {
          const whole = parent ? (parent.input[f] !== undefined ? { value: parent.input[f]!, path: [...parent.path, f] } : null) : t.input?.total?.[f] !== undefined ? { value: t.input.total[f]!, path: [...t.path, 'total', f] } : null;
          if (!whole) continue;
          const given = kids.filter((k) => k.input[f] !== undefined);
          if (!given.length) continue;
          cover(ctx, [whole.path, ...given.map((k) => [...k.path, f])]);
          if (sumIs(given.map((k) => k.input[f]!), whole.value)) continue;
          const sum = given.reduce((a, k) => a.add(k.input[f]!), new D(0));
          const what = parent ? `${title}${rowName(parent)}` : `${title}合计`;
          const under = parent ? (parent.depth === 0 && parent.code.length === 3 ? '其下各款' : '其下各行') : '各类（第一层各行）';
          const fix = `请核对${what}的${col(t, f)}和${under}（${given.map((k) => `${k.name} ${show(k.input[f]!)}`).join('、')}），或补上缺少的行`;
          out.push({
            path: whole.path,
            message: `${what}的${col(t, f)}应为${under}之和 ${show(sum)}，实为 ${show(whole.value)}（${gap(whole.value, sum)}）：${fix}。`,
            expected: show(sum),
            actual: show(whole.value),
            fix,
            involves: [whole.path, ...given.map((k) => [...k.path, f])],
          });
        }
      }
    }
    return out;
  },
};

/** A debt table: 年末余额 = 上年末余额 + 本年举借 − 本年还本, where all four are given. */
function debtRollForward(ctx: Parameters<Rule['check']>[0], t: TableOf): Finding[] {
  const get = (code: string) => t.rows.find((r) => r.code === code && r.input.amount !== undefined);
  const [last, issued, repaid, balance] = ['lastYearBalance', 'issued', 'repaid', 'balance'].map(get);
  if (!last || !issued || !repaid || !balance) return [];
  const refs = [last, issued, repaid, balance].map((r) => [...r!.path, 'amount']);
  cover(ctx, refs);
  const expected = new D(last.input.amount!).add(issued.input.amount!).sub(repaid.input.amount!);
  if (expected.eq(balance.input.amount!)) return [];
  const fix = `请核对${t.spec.title}的上年末余额、举借额、还本额和年末余额`;
  return [
    {
      path: refs[3]!,
      message: `${t.spec.title}${rowName(balance)}应为上年末余额 ${show(last.input.amount!)} ＋ 举借 ${show(issued.input.amount!)} － 还本 ${show(repaid.input.amount!)} = ${show(expected)}，实为 ${show(balance.input.amount!)}（${gap(balance.input.amount!, expected)}）：${fix}。`,
      expected: show(expected),
      actual: show(balance.input.amount!),
      fix,
      involves: refs,
    },
  ];
}

/** The first nonzero report figure a table is tied to (its 当年数; a debt table's 限额, 余额, 还本), or null. */
function reportHeld(tie: TieOf): { what: string; value: number; path: PathSegment[] } | null {
  if (tie.items) {
    const names: Record<string, string> = { limit: '限额', balance: '余额', repaid: '还本支出' };
    for (const [k, f] of Object.entries(tie.items)) if (f.value !== 0) return { what: `${tie.what}${names[k] ?? ''}`, value: f.value, path: f.path };
    return null;
  }
  const a = tie.figures.amount;
  return a && a.value !== 0 ? { what: tie.what, value: a.value, path: a.path } : null;
}

/** A table's 合计 equals the report's figure for it (the debt tables: each item its debt figure). */
export const classifiedReport: Rule = {
  id: 'classified-report',
  severity: 'error',
  description: '决算草案表：各表合计等于报告中的相应数字（一般公共预算收入决算表合计＝全区当年一般公共预算收入……；债务表＝政府债务部分）',
  check(ctx) {
    const out: Finding[] = [];
    for (const t of classifiedTables(ctx.input) ?? []) {
      const tie = tieOf(ctx.input, t.spec.tie);
      if (!tie || !t.input) continue;
      const title = t.spec.title;
      // Given without rows, the table prints 无……，本表为空表 beside the report's figure.
      const held = reportHeld(tie);
      if (!t.rows.length && held && !t.input.total) {
        const fix = `请填写${title}的各行（或核对报告中的${held.what}）`;
        out.push({ path: [...t.path, 'rows'], message: `${title}没有一行，附件中将注明“无${t.spec.empty}”，而报告中的${held.what}为 ${show(held.value)}：${fix}。`, expected: show(held.value), actual: '没有行', fix, involves: [held.path] });
        continue;
      }
      if (t.spec.shape === 'debt') {
        for (const r of t.rows) {
          const rep = tie.items?.[r.code];
          if (!rep || r.input.amount === undefined) continue;
          const path = [...r.path, 'amount'];
          cover(ctx, [path, rep.path]);
          if (new D(r.input.amount).eq(rep.value)) continue;
          const fix = `请核对${title}的这一行和报告政府债务部分的数字`;
          out.push({
            path,
            message: `${title}${rowName(r)} ${show(r.input.amount)} 与报告中的${tie.what}${r.code === 'limit' ? '限额' : r.code === 'balance' ? '余额' : '还本支出'} ${show(rep.value)} 不符（${gap(r.input.amount, rep.value)}）：${fix}。`,
            expected: show(rep.value),
            actual: show(r.input.amount),
            fix,
            involves: [path, rep.path],
          });
        }
        continue;
      }
      for (const [f, rep] of Object.entries(tie.figures) as [ClassifiedField, { value: number; path: PathSegment[] }][]) {
        if (f === 'completionRate') continue;
        const total = totalOf(t, f);
        if (!total) continue;
        cover(ctx, [total.path, rep.path]);
        if (total.value.eq(rep.value)) continue;
        const fix = `请核对${title}和报告中的${tie.what}`;
        out.push({
          path: total.path,
          message: `${title}合计的${col(t, f)} ${show(total.value)}${total.stated ? '' : '（各类之和）'} 与报告中的${tie.what}${f === 'amount' ? '' : `的${col(t, f)}`} ${show(rep.value)} 不符（${gap(total.value, rep.value)}）：${fix}。`,
          expected: show(rep.value),
          actual: show(total.value),
          fix,
          involves: total.stated ? [total.path, rep.path] : [rep.path, ...childrenOf(t, null).map((r) => [...r.path, f])],
        });
      }
    }
    return out;
  },
};

/** 决算数为调整预算数（预算数）的% and 决算数为上年决算数的% agree with their bases, at the precision stated. */
export const classifiedRates: Rule = {
  id: 'classified-rate',
  severity: 'error',
  description: '决算草案表：决算数为调整预算数（预算数）的%、决算数为上年决算数的% 与其基数一致（按所填的小数位）',
  check(ctx) {
    const out: Finding[] = [];
    for (const t of classifiedTables(ctx.input) ?? []) {
      if (t.spec.shape === 'debt' || !t.input) continue;
      const lines: { label: string; at: PathSegment[]; get: (f: ClassifiedField) => number | undefined }[] = t.rows.map((r) => ({ label: `${t.spec.title}${rowName(r)}`, at: r.path, get: (f) => r.input[f] }));
      if (t.input.total) {
        const total = t.input.total;
        lines.push({ label: `${t.spec.title}合计`, at: [...t.path, 'total'], get: (f) => total[f] ?? (f === 'completionRate' || f === 'lastYearRatio' ? undefined : totalOf(t, f)?.value.toNumber()) });
      }
      for (const l of lines) {
        const amount = l.get('amount');
        if (amount === undefined) continue;
        const base = t.rateBase;
        for (const [rateKey, baseKey] of [
          ['completionRate', base],
          ['lastYearRatio', 'lastYear'],
        ] as [ClassifiedField, ClassifiedField | null][]) {
          const rate = l.get(rateKey);
          const b = baseKey ? l.get(baseKey) : undefined;
          if (rate === undefined || b === undefined || !baseKey) continue;
          const ratePath = [...l.at, rateKey];
          cover(ctx, [ratePath]);
          if (b === 0) continue;
          const digits = statedDigits(rate);
          const computed = round(new D(amount).div(b).mul(100), digits);
          if (computed.eq(rate)) continue;
          const fix = `请核对${col(t, rateKey)}和${col(t, baseKey)}`;
          out.push({
            path: ratePath,
            message: `${l.label}的${col(t, rateKey)}应为 ${show(amount)} ÷ ${show(b)} = ${formatNumber(computed, digits)}，实为 ${rate}：${fix}。`,
            expected: formatNumber(computed, digits),
            actual: String(rate),
            fix,
            involves: [ratePath, [...l.at, 'amount'], [...l.at, baseKey]],
          });
        }
      }
      // The 合计's percentage and the report's rate for the same figure (to the coarser precision).
      const tie = tieOf(ctx.input, t.spec.tie);
      const rep = tie?.figures.completionRate;
      const stated = t.input.total?.completionRate;
      // A table's rate of the 预算数 and the report's of the 调整预算数 are not the same figure.
      const sameBase = t.rateBase === 'adjustedBudget' || t.spec.shape === 'social' || !tie?.figures.adjustedBudget;
      if (rep && stated !== undefined && sameBase) {
        const digits = Math.min(statedDigits(rep.value), statedDigits(stated));
        const path = [...t.path, 'total', 'completionRate'];
        if (!round(new D(stated), digits).eq(round(new D(rep.value), digits))) {
          const fix = `请核对${t.spec.title}合计的${col(t, 'completionRate')}和报告中的完成率`;
          out.push({
            path,
            message: `${t.spec.title}合计的${col(t, 'completionRate')} ${stated} 与报告中${tie!.what}的完成率 ${rep.value}% 不符：${fix}。`,
            expected: String(rep.value),
            actual: String(stated),
            fix,
            involves: [path, rep.path],
          });
        }
      }
      // The report's stated growth and the 合计's 决算数为上年决算数的% (stated, or from its 上年决算数),
      // to the coarser precision: 同比增长8.2% beside 107.57 is two figures for one.
      const growth = tie?.growth;
      const total = t.input.total;
      const ratio = total?.lastYearRatio !== undefined ? { value: new D(total.lastYearRatio), digits: statedDigits(total.lastYearRatio), path: [...t.path, 'total', 'lastYearRatio'] } : null;
      const lastYear = totalOf(t, 'lastYear');
      const amountNow = totalOf(t, 'amount');
      const fromBase = !ratio && lastYear && amountNow && !lastYear.value.isZero() ? { value: amountNow.value.div(lastYear.value).mul(100), digits: Infinity, path: lastYear.path } : null;
      const table = ratio ?? fromBase;
      if (growth && table) {
        const digits = Math.min(statedDigits(growth.value), table.digits);
        const tableGrowth = round(table.value.sub(100), digits);
        if (!tableGrowth.eq(round(new D(growth.value), digits))) {
          const fix = `请核对报告中${tie!.what}的增长率和${t.spec.title}合计的${col(t, 'lastYearRatio')}（或上年决算数）`;
          out.push({
            path: growth.path,
            message: `报告中${tie!.what}的增长率为 ${growth.value}%，${t.spec.title}合计的${col(t, 'lastYearRatio')}为 ${formatNumber(table.value, 2)}，即增长 ${formatNumber(tableGrowth, digits)}%：${fix}。`,
            expected: formatNumber(tableGrowth, digits),
            actual: String(growth.value),
            fix,
            involves: [growth.path, table.path],
          });
        }
      }
    }
    return out;
  },
};

/** A code twice in a table: which row is meant is unclear. */
export const classifiedDuplicates: Rule = {
  id: 'classified-duplicate',
  severity: 'error',
  description: '决算草案表：同一张表中科目编码不重复',
  check(ctx) {
    const out: Finding[] = [];
    for (const t of classifiedTables(ctx.input) ?? []) {
      const seen = new Map<string, RowOf>();
      for (const r of t.rows) {
        const prior = seen.get(r.code);
        if (!prior) {
          seen.set(r.code, r);
          continue;
        }
        const fix = '请删除重复的一行，或改正科目编码';
        out.push({ path: [...r.path, 'code'], message: `${t.spec.title}中科目编码 ${r.code}（${r.name}）出现了两次（第 ${Number(prior.path[3]) + 1} 行和第 ${Number(r.path[3]) + 1} 行）：${fix}。`, actual: r.code, fix, involves: [[...prior.path, 'code'], [...r.path, 'code']] });
      }
    }
    return out;
  },
};

/** Rows the standard table does not list, and the standard table's top rows the data lacks. */
export const classifiedRows: Rule = {
  id: 'classified-rows',
  severity: 'warning',
  description: '决算草案表：标准表中没有的科目（多出的行）、标准表中有而数据中缺少的类（缺少的行）',
  check(ctx) {
    const out: Finding[] = [];
    for (const t of classifiedTables(ctx.input) ?? []) {
      if (!t.input || !t.rows.length) continue;
      const extra = t.rows.filter((r) => !r.standard);
      if (extra.length) {
        const fix = '请核对科目编码：标准表按当年政府收支分类科目列示；确属本区的科目可以保留（照样印出）';
        out.push({ path: [...extra[0]!.path, 'code'], message: `${t.spec.title}中有标准表没有的行：${extra.map((r) => `${r.code} ${r.name}`).join('、')}：${fix}。`, actual: extra.map((r) => r.code).join('、'), fix, involves: extra.map((r) => [...r.path, 'code']) });
      }
      const have = new Set(t.rows.map((r) => r.code));
      const codes = t.spec.rows.map((r) => r.code);
      // The standard's top rows (类, or the items of a table without 类): a missing one is reported; 款 may be left out.
      const missing = t.spec.rows.filter((r) => parentCode(r.code, codes) === null && !have.has(r.code));
      if (missing.length) {
        const fix = '没有数额的科目可填 0，或照财政系统导出的表格补上这些行';
        out.push({ path: [...t.path, 'rows'], message: `${t.spec.title}中缺少标准表的行：${missing.map((r) => `${/^\d+$/.test(r.code) ? `${r.code} ` : ''}${r.name}`).join('、')}：${fix}。`, actual: `缺少 ${missing.length} 行`, fix });
      }
    }
    return out;
  },
};

/**
 * A table not given (no key; a sheet with no figures) while the report has its figure: it prints
 * with its header only, no 无 (which would contradict the report). A warning, not an error: a set
 * may leave tables out (classified is per table), and the blank table states nothing false.
 */
export const classifiedMissing: Rule = {
  id: 'classified-missing',
  severity: 'warning',
  description: '决算草案表：报告中有数的标准表没有填写（附件中只印表头）',
  check(ctx) {
    // One finding for the set: a set of a few tables would otherwise draw a warning per table left out.
    const missing: { t: TableOf; held: NonNullable<ReturnType<typeof reportHeld>> }[] = [];
    for (const t of classifiedTables(ctx.input) ?? []) {
      if (t.input) continue;
      const tie = tieOf(ctx.input, t.spec.tie);
      const held = tie && reportHeld(tie);
      if (held) missing.push({ t, held });
    }
    if (!missing.length) return [];
    const fix = `请填写${missing.length > 1 ? '这些表' : '这张表'}（工作簿中把财政系统导出的表格粘贴到同名工作表）`;
    const list = missing.map(({ t, held }) => `${t.spec.title}（报告中的${held.what}为 ${show(held.value)}）`).join('、');
    return [
      {
        path: ['classified'],
        message: `没有填写${list}：附件中${missing.length > 1 ? '这些表' : '这张表'}只印表头，不注明“无”。${fix}。`,
        actual: missing.map(({ t }) => t.spec.title).join('、'),
        fix,
        involves: missing.map(({ held }) => held.path),
      },
    ];
  },
};

/** A table given for a budget the report leaves out: nothing to check its 合计 against. */
export const classifiedWithoutSection: Rule = {
  id: 'classified-no-section',
  severity: 'warning',
  description: '决算草案表：报告中没有相应部分（如没有政府性基金预算）而表中有数',
  check(ctx) {
    const out: Finding[] = [];
    for (const t of classifiedTables(ctx.input) ?? []) {
      if (!t.spec.tie || !t.input || !t.rows.some((r) => r.input.amount)) continue;
      if (tieOf(ctx.input, t.spec.tie)) continue;
      const fix = '请在报告数据中填写相应部分，或清空这张表';
      out.push({ path: t.path, message: `${t.spec.title}中有数，但报告中没有相应的部分，无法核对其合计：${fix}。`, fix });
    }
    return out;
  },
};

/**
 * One source for the revenue items: where 一般公共预算收入决算表 is given, the items the report's text
 * prints come from it, and 收入项目 typed besides would be a second entry of the same figures.
 */
export const classifiedItemsOnce: Rule = {
  id: 'classified-items-twice',
  severity: 'error',
  description: '收入项目只填一处：填写了一般公共预算收入决算表时，全区一般公共预算收入的收入项目由该表给出，不再另填',
  check(ctx) {
    const t = ctx.input.classified?.generalIncome;
    const c = ctx.input.generalBudget.district.income.current;
    if (!t || !c?.items?.length || c.items === derivedItems.get(c)) return [];
    const fix = '请删去“收入项目”中全区一般公共预算收入的各项，报告按一般公共预算收入决算表印出（要少印几项，用该表的 textItems 列出要印的科目编码）';
    return [{ path: ['generalBudget', 'district', 'income', 'current', 'items'], message: `全区一般公共预算收入的收入项目与一般公共预算收入决算表重复填写：${fix}。`, fix }];
  },
};


/** A code textItems names that the table has no figure for: the text would leave it out unsaid. */
export const classifiedTextItems: Rule = {
  id: 'classified-text-items',
  severity: 'warning',
  description: '一般公共预算收入决算表：正文中列出的科目（textItems）在表中有决算数',
  check(ctx) {
    const table = (classifiedTables(ctx.input) ?? []).find((t) => t.spec.key === 'generalIncome');
    const codes = table?.input?.textItems;
    if (!table || !codes) return [];
    const present = new Set(table.rows.filter((r) => r.input.amount !== undefined).map((r) => r.code));
    return codes.flatMap((code, i) => {
      if (present.has(code)) return [];
      const fix = '请改正科目编码，或在表中补上这一行的决算数';
      return [{ path: [...table.path, 'textItems', i], message: `一般公共预算收入决算表中没有科目编码 ${code} 的决算数，正文中列出的科目（textItems）里的这一项不会印出：${fix}。`, actual: code, fix }];
    });
  },
};

export const CLASSIFIED_RULES: readonly Rule[] = [classifiedDuplicates, classifiedSums, classifiedReport, classifiedRates, classifiedItemsOnce, classifiedRows, classifiedWithoutSection, classifiedMissing, classifiedTextItems];
