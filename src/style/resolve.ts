import type { Issue } from '../model/issue';
import type { SourceMap } from '../load/source-map';
import { pathToString, type PathSegment } from '../load/path';
import type { LinkedReport } from '../load/linked';
import type { Loaded } from '../load/json';
import type { FinalAccountsInput } from '../validate/schema/final-accounts';
import type { ResolvedFigure } from '../validate/figures';
import { parseProse } from '../validate/figures';
import type { PreviousDataset } from '../validate/previous';
import { zodToIssues } from '../validate/zod-issues';
import { proseBraceIssues } from '../validate/braces';
import { noTypedNumbers } from '../validate/rules/figures';
import { runRules, type ProseText } from '../validate/rules/types';
import { budgetViews, yearFigures } from '../compose/final-accounts';
import { namedFigures } from '../compose/budget-names';
import { DISTRICT_REF } from '../compose/budget-text';
import { closestNames, type NamedFigures } from '../compose/named-figures';
import { HEADING_KEYS, StyleSchema, type StyleInput } from './schema';
import { BUDGET_PLACES, PARAGRAPH_KEYS, isParagraphKey } from './places';
import { parseTextRef } from './refs';
import { isTextRefName } from '../compose/text-refs';
import { houseStyle, type HouseStyle } from './house-style';

/** Where a style was written: the dataset (at style) or a style file of its own (`file`: its whole value). */
interface StyleSource {
  input: StyleInput;
  sourceMap: SourceMap;
  base: PathSegment[];
  file?: { value: unknown; sourceMap: SourceMap };
}

const BUDGET_KEYS = ['一般公共预算', '政府性基金预算', '国有资本经营预算', '社会保险基金预算'] as const;
const SECTION_OF: Record<(typeof BUDGET_KEYS)[number], keyof FinalAccountsInput> = {
  一般公共预算: 'generalBudget',
  政府性基金预算: 'fundBudget',
  国有资本经营预算: 'stateCapitalBudget',
  社会保险基金预算: 'socialInsuranceBudget',
};

/** The places a paragraph written in data can go (style.paragraphs keys): see places.ts. */
export { PARAGRAPH_KEYS } from './places';

function within(sourceMap: SourceMap, base: PathSegment[]): SourceMap {
  return base.length ? { file: sourceMap.file, locate: (p) => sourceMap.locate([...base, ...p]) } : sourceMap;
}

/** Where the style in use came from: none (the default), the dataset's own object, or a style file. */
export type StyleOrigin = { from: 'default' } | { from: 'dataset' } | { from: 'file'; file: string };

/**
 * A style file's content: a style, or a final-accounts dataset (or workbook) whose style is taken,
 * e.g. last year's data kept as the district's style. `place` is where a dataset without a style
 * is reported (the entry that names the file).
 */
function fromFile(value: unknown, name: string, place: Issue['place']): { raw: unknown; base: PathSegment[] } | { issues: Issue[] } {
  const v = value as { kind?: unknown; style?: unknown } | null;
  if (!(v && typeof v === 'object' && v.kind === 'final-accounts')) return { raw: value, base: [] };
  if (!v.style || typeof v.style !== 'object')
    return {
      issues: [
        {
          code: 'style-file',
          severity: 'error',
          message:
            typeof v.style === 'string'
              ? `格式文件“${name}”是决算数据文件，其中的格式写在另一个文件“${v.style}”中：请直接指定该格式文件。`
              : `格式文件“${name}”是决算数据文件，但其中没有格式（style）：请指定本区的格式文件，或在该数据文件中填写格式。`,
          ...(place ? { place } : {}),
          actual: name,
        },
      ],
    };
  return { raw: v.style, base: ['style'] };
}

/**
 * The style in use: the style file given for the build (batch config, --style, the web page's
 * 格式文件), which overrides the dataset's; else the dataset's own object, or the style file it
 * names (a style, or a dataset whose style is taken).
 */
function styleSource(
  input: FinalAccountsInput,
  sourceMap: SourceMap,
  linked: ReadonlyMap<string, LinkedReport>,
  given: Loaded | undefined,
): { source: StyleSource | null; origin: StyleOrigin; issues: Issue[] } {
  const none = (issues: Issue[]) => ({ source: null, origin: { from: 'default' } as StyleOrigin, issues });
  let raw: unknown;
  let map: SourceMap;
  let base: PathSegment[];
  let file: StyleSource['file'];
  let origin: StyleOrigin;
  if (given) {
    const got = fromFile(given.value, given.sourceMap.file, { file: given.sourceMap.file });
    if ('issues' in got) return none(got.issues);
    ({ raw, base } = got);
    map = given.sourceMap;
    file = { value: given.value, sourceMap: given.sourceMap };
    origin = { from: 'file', file: given.sourceMap.file };
  } else {
    const ref = input.style;
    if (ref === undefined) return none([]);
    if (typeof ref === 'string') {
      const hit = linked.get(ref);
      if (!hit)
        return none([
          {
            code: 'style-missing',
            severity: 'error',
            message: `格式文件“${ref}”未读取：请检查文件名（相对于本数据文件所在目录），网页上请与数据文件一并选择。`,
            place: sourceMap.locate(['style']),
            actual: ref,
          },
        ]);
      if ('failed' in hit) return none(hit.failed);
      const got = fromFile(hit.value, ref, sourceMap.locate(['style']));
      if ('issues' in got) return none(got.issues);
      ({ raw, base } = got);
      map = hit.sourceMap;
      file = { value: hit.value, sourceMap: hit.sourceMap };
      origin = { from: 'file', file: hit.sourceMap.file };
    } else {
      raw = ref;
      map = sourceMap;
      base = ['style'];
      origin = { from: 'dataset' };
    }
  }
  const parsed = StyleSchema.safeParse(raw);
  if (!parsed.success) return none(zodToIssues(parsed.error, raw, within(map, base), (p) => `格式.${p.join('.')}`).map((i) => ({ ...i, code: i.code.startsWith('schema-') ? i.code.replace('schema-', 'style-schema-') : i.code })));
  return { source: { input: parsed.data, sourceMap: map, base, ...(file ? { file } : {}) }, origin, issues: [] };
}

/** 超收 where the income fell short, or 短收 where it did not: the other name is this year's figure. */
function flippedSurplus(name: string, named: NamedFigures, place: Issue['place']): Issue | null {
  const m = /^(.*)(超收|短收)$/.exec(name);
  if (!m) return null;
  const other = `${m[1]}${m[2] === '超收' ? '短收' : '超收'}`;
  if (!named.has(other)) return null;
  const fix = `请把这段文字中的“${m[2]}{{${name}}}”改为“${m[2] === '超收' ? '短收' : '超收'}{{${other}}}”`;
  return {
    code: 'style-unknown-figure',
    severity: 'error',
    message: `格式中的文字引用了数字“{{${name}}}”，但${m[1]}本年${m[2] === '超收' ? '少于调整预算数，没有超收' : '不少于调整预算数，没有短收'}：${fix}。`,
    ...(place ? { place } : {}),
    actual: name,
    fix,
  };
}

function unknownFigure(name: string, named: NamedFigures, figures: Map<string, ResolvedFigure>, place: Issue['place']): Issue {
  const flipped = flippedSurplus(name, named, place);
  if (flipped) return flipped;
  const ambiguous = named.ambiguous.has(name);
  const near = closestNames(name, [...named.names(), ...figures.keys()]);
  const fix = ambiguous
    ? '两行或多行的名称相同，无法确定是哪一个：请在数据中把这些行的名称改得各不相同，或在数据表（figures）中用 from 给出路径'
    : `请改正名称${near.length ? `（相近的有：${near.join('、')}）` : ''}，或在数据表（figures）中添加它；可用的名称见 README“写成本区的格式”`;
  return {
    code: 'style-unknown-figure',
    severity: 'error',
    message: `格式中的文字引用了数字“{{${name}}}”，${ambiguous ? '但这个名称对应不止一个数字' : '但没有这个名称的数字'}：${fix}。`,
    ...(place ? { place } : {}),
    actual: name,
    fix,
  };
}

/**
 * The dataset's house style, read and checked: a file that cannot be read, a choice that is not one
 * of the listed words, a paragraph for a place the report has not, a {{名称}} no figure has — each
 * an error in the style's own file and place. Without a style, the default. A style file `given`
 * for the build (already loaded by the caller) is preferred over the dataset's `style`.
 */
export function resolveStyle(
  input: FinalAccountsInput,
  sourceMap: SourceMap,
  linked: ReadonlyMap<string, LinkedReport>,
  figures: Map<string, ResolvedFigure>,
  previous?: PreviousDataset,
  given?: Loaded,
  options: { allowUnplaced?: boolean } = {},
): { style: HouseStyle; origin: StyleOrigin; issues: Issue[]; file?: { value: unknown; sourceMap: SourceMap } } {
  const { source, origin, issues } = styleSource(input, sourceMap, linked, given);
  if (!source) return { style: houseStyle(), origin, issues };
  const s = source.input;
  const at = (p: PathSegment[]) => source.sourceMap.locate([...source.base, ...p]);
  const named = namedFigures(input, budgetViews(input, previous), yearFigures(input.meta.year));
  const known = (name: string) => name === DISTRICT_REF || isTextRefName(name) || figures.has(name) || named.has(name);
  const prose: ProseText[] = [];
  const checkText = (text: string, path: PathSegment[]) => {
    issues.push(...proseBraceIssues([{ path: [...source.base, ...path], text, where: '格式中的文字' }], source.sourceMap));
    prose.push({ path: [...source.base, ...path], text, where: `格式中“${pathToString(path)}”的文字` });
    for (const seg of parseProse(text)) {
      if (!('figure' in seg)) continue;
      const ref = parseTextRef(seg.figure);
      if ('error' in ref) {
        const fix = `请改正：${ref.error}`;
        issues.push({ code: 'style-ref-format', severity: 'error', message: `格式中的文字引用“{{${seg.figure}}}”的写法有误：${fix}。`, place: at(path), actual: seg.figure, fix });
      } else if (ref.kind === 'figure' && !known(ref.name)) issues.push(unknownFigure(ref.name, named, figures, at(path)));
      else if (ref.kind === 'unplaced' && !options.allowUnplaced) {
        // A number of last year's report adopt could not place: printed as typed it would put last
        // year's figure into this year's report. adopt's own builds (BuildOptions.allowUnplaced)
        // print it, to compare with the report it came from.
        const fix = `请改为 {{名称}}（数据表中没有这一项时，先在数据表 figures 中加上它），或删去这个数字`;
        issues.push({
          code: 'style-unplaced-number',
          severity: 'error',
          message: `格式中的数字“${ref.text}”是 adopt 未能对应到数据、照去年报告原文保留的（{{?${ref.text}}}）：它不随数据更新，照印会把去年的数字印进报告。${fix}。`,
          place: at(path),
          actual: `{{?${ref.text}}}`,
          fix,
        });
      }
    }
  };
  for (const [key, value] of Object.entries(s.paragraphs ?? {})) {
    if (!isParagraphKey(key)) {
      const near = closestNames(key, PARAGRAPH_KEYS);
      const fix = `可用的位置：${near.length ? near.join('、') : PARAGRAPH_KEYS.slice(0, 6).join('、') + '……'}（全部见 README“写成本区的格式”）`;
      issues.push({ code: 'style-paragraph-place', severity: 'error', message: `格式中的段落位置“${key}”不存在：${fix}。`, place: at(['paragraphs', key]), actual: key, fix });
      continue;
    }
    const budget = BUDGET_KEYS.find((b) => key.startsWith(`${b}.`));
    if (budget && input[SECTION_OF[budget]] === undefined) {
      const fix = `数据中没有${budget}，这段文字不会印出；请删除它，或在数据中填写${budget}`;
      issues.push({ code: 'style-paragraph-place', severity: 'warning', message: `格式中“${key}”的段落：${fix}。`, place: at(['paragraphs', key]), actual: key, fix });
    }
    const list = Array.isArray(value) ? value : [value];
    list.forEach((p, i) => {
      const path: PathSegment[] = Array.isArray(value) ? ['paragraphs', key, i] : ['paragraphs', key];
      if (typeof p === 'string') checkText(p, path);
      else {
        if (p.heading !== undefined && BUDGET_PLACES.includes(key)) {
          const fix = `“${key}”是程序按格式写的段落，只能换成段落；标题请写在“${key}.之后”`;
          issues.push({ code: 'style-paragraph-place', severity: 'error', message: `格式中“${key}”的内容写成了标题：${fix}。`, place: at([...path, 'heading']), actual: key, fix });
        }
        checkText(p.text, [...path, 'text']);
        if (p.zeroText) checkText(p.zeroText, [...path, 'zeroText']);
      }
    });
  }
  for (const key of HEADING_KEYS) {
    const h = s.headings?.[key];
    if (h) checkText(h, ['headings', key]);
  }
  if (s.opening) checkText(s.opening, ['opening']);
  if (s.title) checkText(s.title, ['title']);
  if (s.salutation) checkText(s.salutation, ['salutation']);
  // Words the composer puts between figures (收入总量为, 区本级): they cannot cite a figure, so a
  // {{ or }} would print as typed, and a digit would be a number no data gives.
  const words: [string | undefined, PathSegment[]][] = [
    [s.scopes?.district, ['scopes', 'district']],
    [s.scopes?.level, ['scopes', 'level']],
    ...Object.entries(s.totalWords ?? {}).map(([k, v]): [string | undefined, PathSegment[]] => [v, ['totalWords', k]]),
  ];
  for (const [word, path] of words) {
    if (word === undefined) continue;
    const brace = /\{\{|\}\}/.exec(word);
    const digit = /[0-9０-９]/.exec(word);
    if (brace) {
      const fix = '这里的词语不能引用数据，请删去花括号';
      issues.push({ code: 'style-word', severity: 'error', message: `格式中的词语“${word}”含有“${brace[0]}”，会原样印出：${fix}。`, place: at(path), actual: word, fix });
    } else if (digit) {
      const fix = '这里只写词语（如“区本级”“收入总量为”），数字请在数据中填写';
      issues.push({ code: 'style-word', severity: 'error', message: `格式中的词语“${word}”含有数字“${digit[0]}”，报告中的数字都应来自数据：${fix}。`, place: at(path), actual: word, fix });
    }
  }
  for (const name of Object.keys(s.formats ?? {})) {
    if (!known(name)) issues.push({ ...unknownFigure(name, named, figures, at(['formats', name])), message: `格式的数字格式（formats）中的“${name}”没有这个名称的数字：请改正名称${closestNames(name, named.names()).length ? `（相近的有：${closestNames(name, named.names()).join('、')}）` : ''}。` });
  }
  if (s.rateWord === '完成年度计划') {
    const missing = (['generalBudget', 'fundBudget', 'stateCapitalBudget'] as const).flatMap((b) =>
      (['district', 'level'] as const).flatMap((sc) =>
        (['income', 'expenditure'] as const).flatMap((side) => {
          const c = input[b]?.[sc]?.[side].current;
          return c && c.amount !== 0 && c.adjustedBudget === undefined && (c.completionRate !== undefined) ? [[b, sc, side, 'current', 'adjustedBudget'] as PathSegment[]] : [];
        }),
      ),
    );
    for (const p of missing) {
      const fix = '“完成年度计划”要印出计划数：请填写调整预算数（adjustedBudget），或改选其他完成率用语';
      issues.push({ code: 'style-needs-figure', severity: 'error', message: `格式选择了“完成年度计划×××的”，但这一项没有计划数：${fix}。`, place: sourceMap.locate(p), fix });
    }
  }
  // Digits typed into the style's text print every year as typed: warned, as in the narrative texts.
  issues.push(...runRules([noTypedNumbers], { figures, inputs: input.figures, sourceMap: source.sourceMap, prose }));
  return { style: houseStyle(s, { file: !!source.file, base: source.base }), origin, issues, ...(source.file ? { file: source.file } : {}) };
}
