import { D, type Dec } from '../../compose/num';
import { formatNumber, round } from '../../compose/format';
import { formatFigure } from '../../compose/prose';
import type { PathSegment } from '../../load/path';
import type { SourceMap } from '../../load/source-map';
import { parseProse, type ResolvedFigure } from '../figures';
import type { FigureInput } from '../schema/common';
import { statedDigits } from './rates';
import type { Finding, Rule } from './types';

/**
 * Rules on the figures table, for every report kind: a figure typed by the writer and also given
 * its computation must agree with it (parts add up to the whole: 56 + 6 = 62; a rate follows its
 * bases: 6162.87 ÷ 8073 → 76.34%), and the figures a computation combines must be of one kind.
 * For narrative text: every {{名称}} names a figure, and numbers are not typed into prose.
 */

/** A narrative text with its dataset path and a description a writer recognises. */
export interface ProseText {
  path: PathSegment[];
  text: string;
  where: string;
}

export interface FiguresContext {
  figures: Map<string, ResolvedFigure>;
  inputs: Record<string, FigureInput>;
  sourceMap: SourceMap;
  /** Where the figures table sits in the dataset. */
  basePath?: PathSegment[];
  /** Narrative texts to check (the narrative kinds). */
  prose?: ProseText[];
}

type Op = 'sum' | 'difference' | 'ratio' | 'growth';

const OPS: Record<Op, { id: string; description: string; formula: (parts: string[], result: string) => string; fix: string }> = {
  sum: {
    id: 'figure-sum',
    description: '数据表中给出总数又给出各部分时，各部分之和须等于总数',
    formula: (parts, result) => `各部分之和 ${parts.join(' + ')} = ${result}`,
    fix: '请核对总数或各部分的数值',
  },
  difference: {
    id: 'figure-difference',
    description: '数据表中给出差额又给出两个数时，差额须等于二者之差',
    formula: ([a, b], result) => `${a} − ${b} = ${result}`,
    fix: '请核对差额或两个数',
  },
  ratio: {
    id: 'figure-ratio',
    description: '数据表中给出比率又给出其基数时，比率须与基数计算一致（按所填小数位）',
    formula: ([a, b], result) => `${a} ÷ ${b} = ${result}`,
    fix: '请核对所填比率或其基数',
  },
  growth: {
    id: 'figure-growth',
    description: '数据表中给出增长率又给出本期数和上期数时，增长率须与之一致（按所填小数位）',
    formula: ([a, b], result) => `${a} ÷ ${b} − 1 = ${result}`,
    fix: '请核对所填增长率或本期数、上期数',
  },
};

function opOf(f: FigureInput): Op | null {
  return f.sum ? 'sum' : f.difference ? 'difference' : f.ratio ? 'ratio' : f.growth ? 'growth' : null;
}

const scaleOf = (unit: string) => (unit === '亿元' ? 10000 : 1);

function agreement(op: Op): Rule<FiguresContext> {
  const spec = OPS[op];
  return {
    id: spec.id,
    severity: 'error',
    description: spec.description,
    check({ figures, inputs, basePath = ['figures'] }) {
      const out: Finding[] = [];
      for (const [name, f] of figures) {
        const input = inputs[name];
        if (!f.stated || !input || opOf(input) !== op) continue;
        const digits = statedDigits(f.stated.typed);
        const computed: Dec = f.num.value.div(scaleOf(f.unit));
        const shown = round(computed, digits);
        if (shown.eq(f.stated.typed)) continue;
        const parts = (input[op] ?? []).map((n) => {
          const part = figures.get(n);
          return part ? formatFigure({ ...part, word: false }) : n;
        });
        const expected = formatNumber(shown, digits);
        const where = f.stated.field === 'from' ? `（取自 ${input.from}）` : '';
        out.push({
          path: [...basePath, name, f.stated.field],
          message: `数据表中的“${name}”应为${spec.formula(parts, `${expected}${f.unit}`)}，实为 ${formatNumber(new D(f.stated.typed), 4)}${f.unit}${where}：${spec.fix}。`,
          expected,
          actual: String(f.stated.typed),
        });
      }
      return out;
    },
  };
}

/** 万元 and 亿元 are one kind (amounts); a count's unit word is its kind (个, 家, 项 …). */
function unitKind(unit: string): string {
  return unit === '万元' || unit === '亿元' ? '金额' : unit;
}

export const figureUnitsAgree: Rule<FiguresContext> = {
  id: 'figure-units',
  severity: 'error',
  description: '相加、相减、相除的数据须为同一类（金额与金额、同一计数单位）',
  check({ figures, inputs, basePath = ['figures'] }) {
    const out: Finding[] = [];
    for (const [name, f] of figures) {
      const input = inputs[name];
      const op = input && opOf(input);
      if (!input || !op) continue;
      const parts = (input[op] ?? []).map((n) => figures.get(n)).filter((x): x is ResolvedFigure => !!x);
      const kinds = new Set(parts.map((x) => unitKind(x.unit)));
      if (op !== 'ratio' && op !== 'growth') kinds.add(unitKind(f.unit));
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
        if (seg.figure in inputs) continue;
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

export const noTypedNumbers: Rule<FiguresContext> = {
  id: 'prose-literal-number',
  severity: 'warning',
  description: '文字中的数字应引用数据表，不直接书写',
  check({ prose = [] }) {
    const out: Finding[] = [];
    for (const t of prose) {
      let rest = t.text;
      for (const re of ALLOWED_DIGITS) rest = rest.replace(re, '');
      const found = rest.match(/[0-9０-９]+(?:[.．][0-9０-９]+)?/g);
      if (!found) continue;
      out.push({
        path: t.path,
        message: `${t.where}中直接写了数字“${[...new Set(found)].join('”“')}”：报告中的数字应来自数据表，请在 figures 中添加该数据，并在文字中写成 {{名称}}，以便核对和追溯（日期、文号、书名号和引号中的名称除外）。`,
        actual: found.join(' '),
      });
    }
    return out;
  },
};

/** Rules for the figures table of any report kind. */
export const FIGURE_RULES: readonly Rule<FiguresContext>[] = [agreement('sum'), agreement('difference'), agreement('ratio'), agreement('growth'), figureUnitsAgree];

/** The narrative kinds add the checks on their prose. */
export const NARRATIVE_FIGURE_RULES: readonly Rule<FiguresContext>[] = [...FIGURE_RULES, proseRefsExist, noTypedNumbers];
