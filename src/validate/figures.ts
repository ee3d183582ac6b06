import type { Issue } from '../model/issue';
import type { SourceMap } from '../load/source-map';
import { parsePath, type PathSegment } from '../load/path';
import { D, Num, difference, growth, num, ratio, sum } from '../compose/num';
import type { FigureInput } from './schema/common';
import { CITABLE_FIGURES, citedPath, isDottedPath, nearestCitable } from './figure-names';
import { closestNames } from '../compose/named-figures';
import { labelPath } from './labels';

/** Why a 引用 finds no number, and the nearest names when it names none there is. */
function fromMissing(from: string, target: string, dataset: unknown): string {
  if ((dataset as { kind?: unknown } | null)?.kind !== 'final-accounts') return `的来源“${from}”在数据中不存在或不是数字：请检查路径。`;
  const known = CITABLE_FIGURES.some((c) => c.path === target);
  if (known) return `引用的“${from}”没有填写（或不是数字）：请在“${labelPath(parsePath(target)).split('·')[0]}”表中填写它，或改为引用其他数据。`;
  const near = nearestCitable(from);
  const what = isDottedPath(from) ? '数据路径' : '名称';
  return `引用的${what}“${from}”不是可引用的数据${near.length ? `，相近的名称：${near.map((n) => `“${n}”`).join('、')}` : ''}：请从“计算对象”的下拉列表中选择（见“可引用的数据”表）。`;
}

/** A figure of the figures table with its value computed and its display settled. */
export interface ResolvedFigure {
  name: string;
  num: Num;
  unit: string;
  show: '万元' | '亿元' | null;
  digits: number | null;
  word: boolean;
  /**
   * A stated figure that also names how it comes about (value plus from/sum/difference/ratio/growth):
   * the value is printed and the computation checks it (rule family figure-*).
   */
  check?: FigureCheck;
}

export type FigureComputation = 'from' | 'sum' | 'difference' | 'ratio' | 'growth';

export interface FigureCheck {
  kind: FigureComputation;
  /** The value as typed, in the figure's unit (47.04 for 47.04 亿元). */
  stated: number;
  /** The computation's exact result, in the figure's internal unit (万元 for money). */
  computed: Num;
  /** The figure names (or dataset path, for from) the computation reads. */
  refs: string[];
}

/** Prose after reference resolution: text pieces and figure names, in order. */
export type ProseSegment = { text: string } | { figure: string };

const REF = /\{\{\s*([^{}]*?)\s*\}\}/g;

export function parseProse(text: string): ProseSegment[] {
  const out: ProseSegment[] = [];
  let last = 0;
  for (const m of text.matchAll(REF)) {
    if (m.index > last) out.push({ text: text.slice(last, m.index) });
    out.push({ figure: m[1] ?? '' });
    last = m.index + m[0].length;
  }
  if (last < text.length) out.push({ text: text.slice(last) });
  return out;
}

function getAt(root: unknown, path: PathSegment[]): unknown {
  let cur: unknown = root;
  for (const seg of path) {
    if (cur === null || typeof cur !== 'object' || !Object.prototype.hasOwnProperty.call(cur, seg)) return undefined;
    cur = (cur as Record<string, unknown>)[seg as string];
  }
  return cur;
}

const MONEY = new Set(['万元', '亿元']);

/** The derivation of a stated figure that was checked against its computation. */
export const CHECKED = '填报数（经核对）';

/**
 * Resolves the figures table: values, dataset references (from), and computed figures
 * (sum, difference, ratio, growth), each traced to its sources. Amounts are held in 万元
 * whatever unit they were typed in, so they can be added and compared.
 */
export function resolveFigures(
  figures: Record<string, FigureInput>,
  dataset: unknown,
  sourceMap: SourceMap,
  basePath: PathSegment[] = ['figures'],
  /** A figure the data leaves out but the tool computes (a growth from last year): for `from`. */
  derived: (path: PathSegment[]) => Num | null = () => null,
): { figures: Map<string, ResolvedFigure>; issues: Issue[] } {
  const issues: Issue[] = [];
  const done = new Map<string, ResolvedFigure>();
  const visiting = new Set<string>();
  const fail = (name: string, field: string, message: string, actual?: string): null => {
    const issue: Issue = {
      code: 'figure-invalid',
      severity: 'error',
      message: `数据表中的“${name}”${message}`,
      place: sourceMap.locate([...basePath, name, field]),
    };
    if (actual !== undefined) issue.actual = actual;
    issues.push(issue);
    return null;
  };

  /** `from`: the figure whose computation (field `via`: sum, difference…) names this one. */
  const resolve = (name: string, from?: string, via?: FigureComputation): ResolvedFigure | null => {
    const hit = done.get(name);
    if (hit) return hit;
    // Own names only: a reference to {{toString}} must not find Object.prototype's.
    const f = Object.hasOwn(figures, name) ? figures[name] : undefined;
    if (!f) {
      if (from) {
        const near = closestNames(name, Object.keys(figures));
        fail(from, via ?? 'unit', `引用了本表中没有的名称“${name}”：请改正名称${near.length ? `（相近的名称：${near.map((n) => `“${n}”`).join('、')}）` : ''}，或在本表中添加这一行。`, name);
      }
      return null;
    }
    if (visiting.has(name)) return fail(from ?? name, via ?? 'unit', `的计算引用了自身（循环引用${from && from !== name ? `：经由“${name}”` : ''}）。`);
    visiting.add(name);
    const path = pathOf(basePath, name);
    const computations = (['from', 'sum', 'difference', 'ratio', 'growth'] as const).filter((k) => f[k] !== undefined);
    let result: Num | null = null;
    let check: FigureCheck | undefined;
    // Amounts are held in 万元: a value typed in 亿元 is scaled; a dataset figure (from) is in 万元 already.
    const scale = f.unit === '亿元' ? 10000 : 1;
    if (computations.length > 1 || (computations.length === 0 && f.value === undefined)) {
      fail(
        name,
        'unit',
        computations.length
          ? `只能给出 from、sum、difference、ratio、growth 中的一项计算方式，实给出 ${computations.length} 项（${computations.join('、')}）。`
          : '须给出 value（数值）或 from、sum、difference、ratio、growth 中的一项。',
      );
    } else {
      const kind = computations[0];
      let computed: Num | null = null;
      if (kind === 'from') {
        const target = citedPath(f.from!);
        const segs = parsePath(target);
        const v = getAt(dataset, segs);
        if (typeof v === 'number') computed = num(v, target);
        else computed = derived(segs) ?? fail(name, 'from', fromMissing(f.from!, target, dataset), f.from);
      } else if (kind) {
        const refs = (f.sum ?? f.difference ?? f.ratio ?? f.growth ?? []).map((r) => resolve(r, name, kind));
        if (refs.every((r): r is ResolvedFigure => r !== null)) {
          const nums = refs.map((r) => r.num);
          const label = `数据表.${name}`;
          try {
            if (kind === 'sum') computed = sum(label, nums);
            else if (kind === 'difference') computed = difference(label, nums[0]!, nums[1]!);
            else if (kind === 'ratio') computed = ratio(label, nums[0]!, nums[1]!);
            else computed = growth(label, nums[0]!, nums[1]!);
          } catch (e) {
            fail(name, kind, `无法计算：${(e as Error).message}`);
          }
        }
      }
      if (f.value !== undefined) {
        const stated = { path: `${path}.value` };
        result = new Num(new D(f.value).mul(scale), stated);
        if (kind && computed) {
          check = { kind, stated: f.value, computed, refs: kind === 'from' ? [citedPath(f.from!)] : [...(f[kind] as string[])] };
          // Printed as typed, traced to what it was checked against (rule figure-*).
          result = new Num(result.value, { derivation: CHECKED, inputs: [stated, computed.src] });
        }
      } else {
        result = computed;
      }
    }
    if ((f.ratio || f.growth) && f.unit !== '%') fail(name, 'unit', `是比率，单位应为“%”，实为“${f.unit}”。`, f.unit);
    // 增减 prints the figure as a change (增长43.2%): a share or a completion rate is none.
    const level = f.ratio ? '占比' : f.from && /completionRate$|Share$/.test(citedPath(f.from)) ? '完成率、占比' : null;
    if (f.word === '增减' && level)
      fail(name, 'word', `是${level === '占比' ? '占比（ratio）' : '完成率或占比'}，不是增减变化：word 为“增减”会印成“增长……”。请删去 word（印出“43.2%”），增长率请用 growth 计算。`, f.word);
    // Either display is for amounts: a year or a count shown in 万元 would print "2024万元".
    if (f.show && !MONEY.has(f.unit)) fail(name, 'show', `以${f.show}显示（show）只用于金额，单位应为万元或亿元，实为“${f.unit}”：请删去 show，或改正单位。`, f.unit);
    visiting.delete(name);
    if (!result) return null;
    const resolved: ResolvedFigure = {
      name,
      num: result,
      unit: f.unit,
      show: f.show ?? (f.unit === '亿元' ? '亿元' : f.unit === '万元' ? '万元' : null),
      digits: f.digits ?? null,
      word: f.word === '增减',
    };
    if (check) resolved.check = check;
    done.set(name, resolved);
    return resolved;
  };

  for (const name of Object.keys(figures)) resolve(name);
  return { figures: done, issues };
}

/**
 * A figure named "__proto__" cannot be held in the figures table (the schema leaves it out, as a
 * JavaScript object must): refused with its place rather than silently lost. Every other name
 * (constructor, toString …) is an ordinary name: figures are looked up as own entries only.
 */
export function reservedFigureNames(raw: unknown, sourceMap: SourceMap): Issue[] {
  const figures = (raw as { figures?: unknown } | null)?.figures;
  if (!figures || typeof figures !== 'object' || !Object.hasOwn(figures, '__proto__')) return [];
  return [
    {
      code: 'figure-name',
      severity: 'error',
      message: '数据表中的名称“__proto__”不能使用（程序内部保留）：请改用其他名称（如中文名称），并同时修改文字中对它的引用。',
      place: sourceMap.locate(['figures', '__proto__']),
      actual: '__proto__',
    },
  ];
}

function pathOf(base: PathSegment[], name: string): string {
  return [...base.map(String), name].join('.');
}

/** Every {{name}} in narrative text must name a figure; reports each one that does not. */
export function checkProseRefs(
  texts: { path: PathSegment[]; text: string }[],
  figures: Map<string, ResolvedFigure>,
  sourceMap: SourceMap,
  /** The figures table as typed: a figure there that failed to resolve is reported by the table itself. */
  inputs: Record<string, unknown> = {},
): Issue[] {
  const issues: Issue[] = [];
  for (const { path, text } of texts) {
    for (const seg of parseProse(text)) {
      if ('figure' in seg && !figures.has(seg.figure) && !Object.hasOwn(inputs, seg.figure)) {
        const known = [...figures.keys()].slice(0, 8).join('、');
        issues.push({
          code: 'prose-unknown-figure',
          severity: 'error',
          message: `文字中引用的数据“{{${seg.figure}}}”在数据表（figures）中不存在：请在数据表中添加它，或改正名称${known ? `（现有：${known}…）` : ''}。`,
          place: sourceMap.locate(path),
          actual: seg.figure,
        });
      }
    }
  }
  return issues;
}

/** All narrative strings of a dataset with their paths: any lead/text under the given roots. */
export function collectProse(value: unknown, path: PathSegment[] = []): { path: PathSegment[]; text: string }[] {
  const out: { path: PathSegment[]; text: string }[] = [];
  if (Array.isArray(value)) value.forEach((v, i) => out.push(...collectProse(v, [...path, i])));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if ((k === 'lead' || k === 'text') && typeof v === 'string') out.push({ path: [...path, k], text: v });
      else if (k !== 'figures') out.push(...collectProse(v, [...path, k]));
    }
  }
  return out;
}

