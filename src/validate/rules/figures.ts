import type { Dec } from '../../compose/num';
import { formatNumber, round } from '../../compose/format';
import { parsePath, pathToString } from '../../load/path';
import { citableName, citedPath } from '../figure-names';
import { sourcePaths } from '../../model/source';
import type { FigureComputation } from '../figures';
import { parseProse, type ResolvedFigure } from '../figures';
import type { FigureInput } from '../schema/common';
import { FIELD_UNITS, type FieldKind } from '../field-kinds';
import { labelPath } from '../labels';

import { cover, show } from './identity';
import { statedDigits } from './rates';
import type { Finding, FiguresContext, ProseText, Ref, Rule } from './types';

/**
 * Rules on the figures table, for every report kind: a figure typed by the writer and also given
 * its computation must agree with it (parts add up to the whole: 56 + 6 = 62; a rate follows its
 * bases: 6162.87 ÷ 8073 → 76.34%; a 亿元 figure is its 万元 figure rounded), and the figures a
 * computation combines must be of one kind. For narrative text: every {{名称}} names a figure,
 * and numbers are not typed into prose.
 */
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
      return `数据“${citableName(c.refs[0]!) ?? labelPath(parsePath(c.refs[0]!))}”的 ${show(c.computed.value)}${f.unit === '亿元' ? '万元' : f.unit}`;
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

function figureRule(kind: FigureComputation): Rule<FiguresContext> {
  return {
    id: NAMES[kind].id,
    severity: 'error',
    description: NAMES[kind].description,
    check(ctx: FiguresContext) {
      const out: Finding[] = [];
      for (const f of ctx.figures.values()) {
        const c = f.check;
        if (!c || c.kind !== kind) continue;
        const valueRef = [...(ctx.basePath ?? ['figures']), f.name, 'value'];
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

type Op = 'sum' | 'difference' | 'ratio' | 'growth';

function opOf(f: FigureInput): Op | null {
  return f.sum ? 'sum' : f.difference ? 'difference' : f.ratio ? 'ratio' : f.growth ? 'growth' : null;
}

/** 万元 and 亿元 are one kind (amounts), 年 and 年度 another (years); a count's unit word is its kind (个, 家, 项 …). */
function unitKind(unit: string): string {
  return unit === '万元' || unit === '亿元' ? '金额' : unit === '年度' ? '年' : unit;
}

export const figureUnitsAgree: Rule<FiguresContext> = {
  id: 'figure-units',
  severity: 'error',
  description: '相加、相减、相除的数据须为同一类（金额与金额、同一计数单位）',
  check({ figures, inputs, basePath = ['figures'] }) {
    const out: Finding[] = [];
    for (const [name, f] of figures) {
      const input = Object.hasOwn(inputs, name) ? inputs[name] : undefined;
      const op = input && opOf(input);
      if (!input || !op) continue;
      const parts = (input[op] ?? []).map((n) => figures.get(n)).filter((x): x is ResolvedFigure => !!x);
      const kinds = new Set(parts.map((x) => unitKind(x.unit)));
      // The difference of two rates is said in percentage points (or as a %).
      const ofRates = op === 'difference' && kinds.size === 1 && kinds.has('%') && f.unit === '个百分点';
      if (op !== 'ratio' && op !== 'growth' && !ofRates) kinds.add(unitKind(f.unit));
      if (kinds.size <= 1) continue;
      out.push({
        path: [...basePath, name, op],
        message: `数据表中的“${name}”由单位不同的数据计算（${[...parts.map((x) => `${x.name}：${x.unit}`), ...(op === 'sum' || op === 'difference' ? [`${name}：${f.unit}`] : [])].join('，')}）：请核对各项的单位。`,
        actual: [...kinds].join('、'),
      });
    }
    return out;
  },
};

/** What printing a figure of one kind with a unit of another does, for the message. */
const MISPRINT: Record<FieldKind, string> = {
  amount: '金额会印成比率或个数（如“1165436%”）',
  rate: '比率会印成金额或个数（如“-7.2万元”，应为“下降7.2%”）',
  count: '个数会印成金额或比率',
  year: '年份会印成金额、比率或个数',
};

export const figureUnitKind: Rule<FiguresContext> = {
  id: 'figure-unit-kind',
  severity: 'error',
  description: '数据表中引用数据（from）的数字，单位与所引用的数据同类（金额用万元或亿元，比率用 %，个数用计量词，年份用年或年度）；“增减”用于 % 或个百分点',
  check({ figures, inputs, fieldKind, basePath = ['figures'] }) {
    const out: Finding[] = [];
    for (const name of figures.keys()) {
      const input = Object.hasOwn(inputs, name) ? inputs[name] : undefined;
      if (!input) continue;
      const unitRef = [...basePath, name, 'unit'];
      let wrongUnit = false;
      if (input.from !== undefined && fieldKind) {
        const from = parsePath(citedPath(input.from));
        const kind = fieldKind(from);
        if (kind && !FIELD_UNITS[kind].accepts(input.unit)) {
          wrongUnit = true;
          const fix = `请把单位改为${FIELD_UNITS[kind].units}`;
          out.push({
            path: unitRef,
            message: `数据表中的“${name}”引用的“${citableName(pathToString(from)) ?? labelPath(from)}”是${FIELD_UNITS[kind].name}，单位应为${FIELD_UNITS[kind].units}，实为“${input.unit}”：${MISPRINT[kind]}。${fix}。`,
            expected: FIELD_UNITS[kind].units,
            actual: input.unit,
            fix,
            involves: [unitRef, from],
          });
        }
      }
      // A unit already wrong for what the figure cites is the one mistake to report.
      if (!wrongUnit && input.word === '增减' && input.unit !== '%' && input.unit !== '个百分点') {
        const fix = '“增减”只用于比率（%）和百分点（个百分点）：请删去 word，或核对单位';
        out.push({
          path: [...basePath, name, 'word'],
          message: `数据表中的“${name}”单位为“${input.unit}”，却要以“增长/下降”表述（word: 增减）：这样的数字不会写成“增长/下降”，负数会直接印出（如“-7.2${input.unit}”）。${fix}。`,
          expected: '% 或 个百分点',
          actual: input.unit,
          fix,
          involves: [[...basePath, name, 'word'], unitRef],
        });
      }
    }
    return out;
  },
};

export const proseRefsExist: Rule<FiguresContext> = {
  id: 'prose-unknown-figure',
  severity: 'error',
  description: '文字中引用的数据 {{名称}} 须在数据表中',
  check({ figures, inputs, prose = [] }) {
    const out: Finding[] = [];
    const names = Object.keys(inputs);
    for (const t of prose) {
      for (const seg of parseProse(t.text)) {
        if (!('figure' in seg) || figures.has(seg.figure)) continue;
        // A figure that exists but failed to resolve is reported by the figures table itself.
        if (Object.hasOwn(inputs, seg.figure)) continue;
        const similar = names.filter((n) => n.includes(seg.figure) || seg.figure.includes(n)).slice(0, 5);
        out.push({
          path: t.path,
          message: `${t.where}引用的数据“{{${seg.figure}}}”在数据表（figures）中不存在：请在数据表中添加它，或改正名称${similar.length ? `（名称相近的有：${similar.join('、')}）` : ''}。`,
          actual: seg.figure,
        });
      }
    }
    return out;
  },
};

// What may carry digits in prose: figure references, titles in 《》, document numbers (鲁财绩〔2023〕4号),
// quoted names (“1+2+N”), and months and days (1-7月, 10月26日, 5月份).
const ALLOWED_DIGITS = [
  /\{\{[^{}]*\}\}/g,
  /《[^》]*》/g,
  /〔[0-9]{4}〕[0-9]+号/g,
  /“[^”]*”/g,
  /[0-9]{1,2}(?:[-—－~至][0-9]{1,2})?月(?:[0-9]{1,2}日)?/g,
];

const ANY_DIGIT = /[0-9０-９]/;

export const noTypedNumbers: Rule<FiguresContext> = {
  id: 'prose-literal-number',
  severity: 'warning',
  description: '文字中的数字应引用数据表，不直接书写',
  check({ prose = [] }) {
    const out: Finding[] = [];
    for (const t of prose) {
      // Most narrative text holds no digit at all: nothing to strip then.
      if (!ANY_DIGIT.test(t.text)) continue;
      // A heading's or lead's typed ordinal (2.) is told as such (noTypedOrdinal), not as a figure.
      let rest = numberedPart(t) ? t.text.replace(TYPED_ORDINAL, '') : t.text;
      for (const re of ALLOWED_DIGITS) rest = rest.replace(re, '');
      const found = rest.match(/[0-9０-９]+(?:[.．][0-9０-９]+)?/g);
      if (!found) continue;
      out.push({
        path: t.path,
        message: `${t.where}中直接写了数字“${[...new Set(found)].join('”“')}”：报告中的数字应来自数据表，请在数据表（figures）中添加该数据，并在文字中写成 {{名称}}，以便核对和追溯（日期、文号、书名号和引号中的名称除外）。`,
        actual: found.join(' '),
      });
    }
    return out;
  },
};

/** A number a heading or lead starts with, which the report numbers itself: 二、 （一） 一是 2. 3、 （1）. */
const TYPED_ORDINAL = /^\s*(?:[一二三四五六七八九十百]+[、是．.]|[（(][一二三四五六七八九十百]+[）)]|[0-9０-９]+[、.．](?![0-9０-９])|[（(][0-9０-９]+[）)])/;

/** Whether a prose text is a heading or a lead (the report puts its own number before it). */
const numberedPart = (t: ProseText) => {
  const last = t.path[t.path.length - 1];
  return last === 'heading' || last === 'lead';
};

export const noTypedOrdinal: Rule<FiguresContext> = {
  id: 'prose-typed-ordinal',
  severity: 'warning',
  description: '标题、引领语开头不写序号（序号由程序编排）',
  check({ prose = [] }) {
    const out: Finding[] = [];
    for (const t of prose) {
      if (!numberedPart(t)) continue;
      const m = TYPED_ORDINAL.exec(t.text);
      if (!m) continue;
      const typed = m[0].trim();
      out.push({
        path: t.path,
        message: `${t.where}开头写了序号“${typed}”：报告中的序号由程序编排，照此将印成两个序号（如“二、二、”“一是一是”）。请删去开头的“${typed}”。`,
        actual: typed,
        fix: `删去开头的“${typed}”`,
      });
    }
    return out;
  },
};

/** Rules for the figures table of any report kind. */
export const FIGURE_RULES: readonly Rule<FiguresContext>[] = [figureFrom, figureSum, figureDifference, figureRatio, figureGrowth, figureUnitsAgree, figureUnitKind];

/** The narrative kinds add the checks on their prose. */
export const NARRATIVE_FIGURE_RULES: readonly Rule<FiguresContext>[] = [...FIGURE_RULES, proseRefsExist, noTypedNumbers, noTypedOrdinal];
export type { ProseText } from './types';
