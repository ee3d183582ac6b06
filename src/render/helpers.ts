import { format as formatDate } from 'date-fns/format';
import { Num } from '../compose/num';
import { formatChange, formatCount, formatFixed, formatNumber, formatWan, groupThousands, yiOrWan } from '../compose/format';
import { closestNames, type NamedFigures } from '../compose/named-figures';
import type { StylePrinter } from '../compose/style-print';
import type { Source } from '../model/source';
import { excerpt } from '../model/issue';
import type { FigureRegistry } from './figures';
import { chineseNumber } from './numerals';
import { GROUP_MARK, INDENT_MARK, PLACE_END, PLACE_START } from './figures';
import type { CellView, TableView } from '../compose/tables';
import { marksFromSpans, MERGE_LEFT, MERGE_UP } from '../model/table-grid';

/** The source of an ordinal printed by {{cn @index}}: assigned from position, not from data. */
export const ORDINAL: Source = { derivation: '序号', inputs: [] };

/** A date value in the view model: printed 2025年8月29日 (no leading zeros). */
export interface DateValue {
  kind: 'date';
  date: Date;
  src: Source;
}

type HelperOptions = { name: string; hash: Record<string, unknown>; loc?: { start: { line: number; column: number } } };

/** Thrown by helpers; the engine adds the template file and line. */
export class HelperError extends Error {}

/** Handlebars' options object, which a helper gets last: a helper called with nothing gets only it. */
function isHelperOptions(v: unknown): boolean {
  return typeof v === 'object' && v !== null && 'hash' in v && 'data' in v && 'name' in v;
}

/** A value a helper was given, described in a few words (never printed whole: it may be the whole view). */
function describeArg(v: unknown): string {
  if (typeof v === 'number') return `字面数字 ${v}（模板中不得直接写数字）`;
  if (typeof v === 'string') return `文字“${excerpt(v, 20)}”`;
  if (typeof v === 'boolean') return `逻辑值 ${v}`;
  if (Array.isArray(v)) return `列表（${v.length} 项）`;
  if (typeof v === 'object' && v !== null) {
    const keys = Object.keys(v);
    return keys.length ? `对象（含 ${keys.slice(0, 3).join('、')}${keys.length > 3 ? ' 等' : ''} 字段）` : '空对象';
  }
  return typeof v;
}

function numArg(helper: string, v: unknown): Num {
  if (v instanceof Num) return v;
  if (isHelperOptions(v)) throw new HelperError(`助手 ${helper} 缺少参数：应写成 {{${helper} 数据中的数字}}`);
  if (v === undefined) throw new HelperError(`助手 ${helper} 的参数未定义（数据中缺少该数字）`);
  if (v === null) throw new HelperError(`助手 ${helper} 的参数为空：数据中没有该数字，请在模板中用 {{#if}} 判断后再输出`);
  throw new HelperError(`助手 ${helper} 的参数应为数据中的数字，实为${describeArg(v)}`);
}

function digitsArg(helper: string, v: unknown, fallback: number): number {
  if (v === undefined || (typeof v === 'object' && v !== null && 'hash' in v)) return fallback;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 4) throw new HelperError(`助手 ${helper} 的小数位数应为 0–4 的整数，实为${isHelperOptions(v) ? "空" : describeArg(v)}`);
  return v;
}

function checkFinite(helper: string, n: Num): void {
  if (!n.value.isFinite()) throw new HelperError(`助手 ${helper} 遇到非数值（NaN 或无穷大）`);
}

/**
 * The helpers templates use to print figures. Each prints the figure with its unit, by the one
 * formatting policy, marked with its source; each refuses undefined, null, NaN and literal numbers.
 */
export function figureHelpers(reg: FigureRegistry): Record<string, (...args: unknown[]) => unknown> {
  const fig = (helper: string, format: (n: Num, digits: unknown) => string) =>
    (...args: unknown[]) => {
      const n = numArg(helper, args[0]);
      checkFinite(helper, n);
      return reg.mark(format(n, args.length > 2 ? args[1] : undefined), n.src, n.field);
    };
  return {
    /** 万元 as typed: {{wan x}} → 470383万元 (1,254,300万元 where the house style separates thousands) */
    wan: (...args: unknown[]) => {
      const n = numArg('wan', args[0]);
      checkFinite('wan', n);
      const s = formatWan(n.value);
      return reg.mark(`${thousandsIn(args[args.length - 1]) ? groupThousands(s) : s}万元`, n.src, n.field);
    },
    /**
     * An amount in the house style's unit and places: {{amt debt.limit.total}} → 1254300万元, or
     * 125.43亿元 where the district writes 亿元. Outside the final-accounts report (no style), as wan.
     */
    amt: (...args: unknown[]) => {
      const n = numArg('amt', args[0]);
      checkFinite('amt', n);
      const printer = printerIn(args[args.length - 1]);
      // By the format the style gives the figure's name (style.formats), where it has one.
      const named = (args[args.length - 1] as { data?: { root?: { named?: NamedFigures } } } | undefined)?.data?.root?.named;
      if (printer) return reg.mark(printer.amount(n, named?.nameOf(n)), n.src, n.field);
      return reg.mark(`${formatWan(n.value)}万元`, n.src, n.field);
    },
    /**
     * Any figure by its Chinese name, printed by the house style: {{fig "全区一般公共预算收入增长"}} →
     * 增长8.0%. The names are those a paragraph written in data can use (README: 写成本区的格式).
     */
    fig: (...args: unknown[]) => {
      const name = args[0];
      const options = args[args.length - 1] as { data?: { root?: { named?: unknown; format?: unknown } } };
      if (typeof name !== 'string' || args.length !== 2) throw new HelperError('助手 fig 用法：{{fig "数字名称"}}，如 {{fig "全区一般公共预算收入"}}');
      const named = options.data?.root?.named as NamedFigures | undefined;
      const printer = (options.data?.root?.format as { printer?: StylePrinter } | undefined)?.printer;
      if (!named || !printer) throw new HelperError('助手 fig 只用于决算报告的模板');
      const f = named.get(name);
      if (!f && named.ambiguous.has(name)) throw new HelperError(`名称“${name}”对应不止一个数字（数据中有两行或多行名称相同）：请把这些行的名称改得各不相同`);
      if (!f) {
        const near = closestNames(name, named.names());
        throw new HelperError(`没有名为“${name}”的数字${near.length ? `（相近的有：${near.join('、')}）` : ''}：可用的名称见 docs/view-model.md“具名数字”`);
      }
      const text = printer.print(f.kind, f.num, name);
      return reg.mark(f.unit ? `${text}${f.unit}` : text, f.num.src, f.num.field);
    },
    /** 亿元 from 万元: {{yi x 1}} → 20.3亿元 (default two decimals); an amount that would print as 0亿元 in 万元 (300万元) */
    yi: fig('yi', (n, d) => yiOrWan(n.value, digitsArg('yi', d, 2))),
    /** A rate: {{pct x 1}} → 74% (default two decimals, trailing zeros dropped) */
    pct: fig('pct', (n, d) => `${formatNumber(n.value, digitsArg('pct', d, 2))}%`),
    /** A change: {{chg x}} → 增长0.21% / 下降0.52% / 持平 */
    chg: fig('chg', (n, d) => formatChange(n.value, digitsArg('chg', d, 2), '%')),
    /** A change of rate: {{pp x}} → 下降3.3个百分点 (default one decimal) */
    pp: fig('pp', (n, d) => formatChange(n.value, digitsArg('pp', d, 1), '个百分点')),
    /** A plain integer (a year, a count without unit): {{int meta.year}} → 2024 */
    int: fig('int', (n) => formatCount(n.value)),
    /** A count with its unit word: {{count x "个"}} → 14个 */
    count: (...args: unknown[]) => {
      const n = numArg('count', args[0]);
      const unit = args[1];
      if (typeof unit !== 'string') throw new HelperError('助手 count 需要单位，如 {{count x "个"}}');
      return reg.mark(`${formatCount(n.value)}${unit}`, n.src);
    },
    /** {{date meta.meetingDate}} → 2025年8月29日 */
    date: (...args: unknown[]) => {
      const d = args[0] as DateValue | undefined;
      if (!d || d.kind !== 'date' || Number.isNaN(d.date.getTime())) throw new HelperError('助手 date 的参数应为数据中的日期');
      return reg.mark(formatDate(d.date, 'yyyy年M月d日'), d.src);
    },
    /** {{table t}}: a table the composer built, written as ::: table markup (figures keep their sources) */
    table: (...args: unknown[]) => tableMarkup(args[0], reg),
    /** {{cn @index}} → 一 for index 0: for 一是、二是. Marked as an ordinal (derivation 序号) for the numbers audit. */
    cn: (...args: unknown[]) => {
      const i = args[0];
      if (typeof i !== 'number') throw new HelperError('助手 cn 的参数应为序号（如 @index）');
      return reg.mark(chineseNumber(i + 1), ORDINAL);
    },
    /**
     * {{#bind "名称"}}…{{/bind}}: text whose wording depends on the data (无…收入, 区级…一致), bound
     * in the document so `refresh` can rewrite it when the data changes. Within one paragraph.
     */
    bind: function (this: unknown, ...args: unknown[]) {
      const options = args[args.length - 1] as { fn?: (ctx: unknown) => string };
      const parts = args.slice(0, -1);
      if (!parts.length || !parts.every((p) => typeof p === 'string') || !options.fn) throw new HelperError('助手 bind 用法：{{#bind "名称" …}}……{{/bind}}（名称为文字）');
      const fn = options.fn;
      return reg.slot(parts.join('/'), () => fn(this));
    },
    /** {{h level}} → ## : the markup marker of a heading level the composer settled (1–4) */
    h: (...args: unknown[]) => {
      const level = args[0];
      if (typeof level !== 'number' || !Number.isInteger(level) || level < 1 || level > 4) throw new HelperError(`助手 h 的参数应为 1–4 的标题级别，实为${isHelperOptions(level) ? "空" : describeArg(level)}`);
      return '#'.repeat(level);
    },
    /**
     * {{#place "政府债务.限额"}}…{{/place}}: a paragraph at a place of the report (style/places.ts). The
     * style's own paragraphs for a template place replace it ([] leaves it out); paragraphs the
     * style adds after the place follow it; a probe build marks it. {{#place "….收入特点" @index}}
     * numbers a list's places from 1.
     */
    place: function (this: unknown, ...args: unknown[]) {
      const options = args[args.length - 1] as { fn?: (ctx: unknown) => string; hash?: { mark?: unknown }; data?: { root?: { places?: unknown } } };
      const key = placeKey('place', args.slice(0, -1));
      const places = placesOf('place', options);
      if (!options.fn) throw new HelperError('助手 place 用法：{{#place "位置"}}……{{/place}}');
      const own = Object.prototype.hasOwnProperty.call(places.own, key) ? places.own[key]! : null;
      const body = own ? own.map(paragraphMarkup).join('\n\n') : options.fn(this);
      // mark=false: a place of several blocks (the memo page), which only a style leaving it out ([]) changes.
      const marked = places.probe && !own && body && options.hash?.mark !== false;
      return (marked ? placeMark(key) : '') + body + afterMarkup(places, key);
    },
    /** {{placeMark "标题.决算情况"}}: the place mark of a heading or run-in item (probe builds), at the start of its text. */
    placeMark: (...args: unknown[]) => {
      const places = placesOf('placeMark', args[args.length - 1] as { data?: { root?: { places?: unknown } } });
      return places.probe ? placeMark(placeKey('placeMark', args.slice(0, -1))) : '';
    },
    /** {{placeAfter "标题.决算情况"}}: the paragraphs a style adds after a heading or run-in item (style.paragraphs["….之后"]). */
    placeAfter: (...args: unknown[]) => {
      const places = placesOf('placeAfter', args[args.length - 1] as { data?: { root?: { places?: unknown } } });
      return afterMarkup(places, placeKey('placeAfter', args.slice(0, -1)));
    },
    /** {{#if (zero x)}}: the figure prints as 0 */
    zero: (...args: unknown[]) => numArg('zero', args[0]).isZero(),
    not: (...args: unknown[]) => !args[0],
    and: (...args: unknown[]) => args.slice(0, -1).every(Boolean),
    or: (...args: unknown[]) => args.slice(0, -1).some(Boolean),
  };
}

export type { HelperOptions };

/** A paragraph written in data as the view holds it for the place helpers (text already markup). */
interface PlacedParagraph {
  level: number | null;
  text: unknown;
}
interface PlacesMarkup {
  probe: boolean;
  own: Record<string, PlacedParagraph[]>;
  after: Record<string, PlacedParagraph[]>;
}

function placesOf(helper: string, options: { data?: { root?: { places?: unknown } } } | undefined): PlacesMarkup {
  const places = options?.data?.root?.places as PlacesMarkup | undefined;
  if (!places || typeof places !== 'object' || !places.own || !places.after) throw new HelperError(`助手 ${helper} 只用于决算报告的模板`);
  return places;
}

/** "政府债务.限额", or a list's "财政运行特点.收入特点" with @index 1 → "财政运行特点.收入特点.2". */
function placeKey(helper: string, args: unknown[]): string {
  const [key, index] = args;
  if (typeof key !== 'string' || !key || (index !== undefined && (typeof index !== 'number' || !Number.isInteger(index) || index < 0)))
    throw new HelperError(`助手 ${helper} 用法：{{${helper} "位置"}}，列表中为 {{${helper} "位置" @index}}`);
  // A key from the view (a block's place) comes escaped for the markup (一般公共预算\.全区): the place is the words.
  const words = key.replace(/\\([!-/:-@[-`{-~])/g, '$1');
  return index === undefined ? words : `${words}.${index + 1}`;
}

function placeMark(key: string): string {
  return `${PLACE_START}${key.replace(/[\uE010\uE011]/g, '')}${PLACE_END}`;
}

/** A heading written in data keeps its level: # for 一、, ## for （一）…. */
function paragraphMarkup(p: PlacedParagraph): string {
  return p.level ? `${'#'.repeat(p.level)} ${String(p.text)}` : String(p.text);
}

function afterMarkup(places: PlacesMarkup, key: string): string {
  const list = Object.prototype.hasOwnProperty.call(places.after, key) ? places.after[key]! : [];
  return list.length ? `\n\n${list.map(paragraphMarkup).join('\n\n')}` : '';
}

/**
 * How each helper is used, in Chinese, for the view-model reference IT staff read (docs/view-model.md,
 * `npm run view-reference`): a usage that runs against the Laiwu example (its output is printed
 * beside it there) and what it does. Every helper of figureHelpers needs an entry: the script
 * refuses to write the reference otherwise.
 */
export const HELPER_USAGE: Record<string, { usage: string; does: string }> = {
  fig: { usage: '{{fig "全区一般公共预算收入增长"}}', does: '按名称输出任一具名数字（名称见下文“具名数字”），按本区格式（单位、小数位、是否保留末尾的 0、增长/下降）印出，带来源。名称写错时报错并给出相近的名称' },
  wan: { usage: '{{wan general.district.income.current.amount}}', does: '金额，万元，按数据所填的位数；本区格式要求千分位时加千分位' },
  amt: { usage: '{{amt debt.limit.total}}', does: '金额，按本区格式的单位（万元或亿元）、位数和千分位印出（默认格式下与 wan 相同）' },
  yi: { usage: '{{yi general.district.income.current.amount 2}}', does: '金额折成亿元，第二个参数为小数位数（0–4，默认 2），去掉末尾的 0；不为 0 的金额折算后显示为 0 时按万元印出（300万元，不印“0亿元”）' },
  pct: { usage: '{{pct general.district.income.current.rate 1}}', does: '比率，加 %，第二个参数为小数位数（默认 2），去掉末尾的 0' },
  chg: { usage: '{{chg general.district.expenditure.current.growth 1}}', does: '增减：增长X% / 下降X% / 持平（按小数位舍入后为 0 时），第二个参数为小数位数（默认 2）' },
  pp: { usage: '{{pp analysis.tax.shareChange}}', does: '占比等百分点的升降：提高X个百分点 / 下降X个百分点 / 持平，第二个参数为小数位数（默认 1）' },
  int: { usage: '{{int meta.previousYear}}', does: '整数，不加单位（年份、不带单位的个数）' },
  count: { usage: '{{count debt.bonds.newBonds.projectCount "个"}}', does: '个数加单位词' },
  date: { usage: '{{date meta.meetingDate}}', does: '日期，写成 2025年8月29日（不补 0）' },
  table: { usage: '{{#each tables.items}}{{table this}}{{/each}}', does: '输出程序生成的表格（决算草案表、数据中的自有表格），表中每个数字带来源' },
  cn: { usage: '{{#each analysis.problems}}{{cn @index}}是……{{/each}}', does: '序号的汉字：@index 为 0 时输出“一”，用于“一是、二是”' },
  bind: { usage: '{{#bind "债务" "限额"}}{{#if debt.withinLimit}}未突破{{else}}超出{{/if}}{{/bind}}', does: '标出随数据而变的措辞（无……收入、与全区一致等），refresh 更新稿件时据此改写；名称为文字，只用于同一段之内' },
  h: { usage: '{{h 2}}', does: '标题级别（1–4）对应的标记 #、##……' },
  zero: { usage: '{{#if (zero general.stabilizationFund.used)}}无调入{{else}}调入{{wan general.stabilizationFund.used}}{{/if}}', does: '数字是否为 0（用于写“无……”）；不要用 {{#if 数字}} 判断是否为 0：数字对象总是“真”' },
  not: { usage: '{{#if (not fund.sameAsDistrict)}}……{{/if}}', does: '取反' },
  and: { usage: '{{#if (and fund fund.level)}}……{{/if}}', does: '全部为真' },
  or: { usage: '{{#if (or analysis.fund.income analysis.fund.expenditure)}}……{{/if}}', does: '任一为真' },
  place: { usage: '{{#place "政府债务.限额"}}经……{{/place}}', does: '报告中一段文字的位置（位置名见 README“用数据写段落”）：本区格式用数据写了这一段时印出格式中的段落（[] 则不印），格式在“位置.之后”加的段落接在其后；列表中加 @index 编号' },
  placeMark: { usage: '# {{placeMark "标题.决算情况"}}{{headings.accounts}}', does: '标题、连排条目的位置标记（只在 adopt 的对照生成中出现，正常生成时为空）' },
  placeAfter: { usage: '# {{headings.accounts}}{{placeAfter "标题.决算情况"}}', does: '本区格式在这一位置之后加的段落（“标题.决算情况.之后”等）' },
};

/** The report's house-style printer (the view's format, reached through the helper's options), if it has one. */
function printerIn(options: unknown): StylePrinter | undefined {
  return ((options as { data?: { root?: { format?: unknown } } } | undefined)?.data?.root?.format as { printer?: StylePrinter } | undefined)?.printer;
}

/** Whether the report's house style separates thousands. */
function thousandsIn(options: unknown): boolean {
  return printerIn(options)?.style.amounts.thousands === true;
}

function cellMarkup(c: CellView, reg: FigureRegistry): string {
  let text = '';
  if (c.num) {
    checkFinite('table', c.num);
    // A rate column prints two decimals throughout (99.70 beside 100.08), as a reviewer reads a column.
    text = reg.mark(c.format === 'rate' ? formatFixed(c.num.value, 2, true) : c.format === 'fixed' ? formatFixed(c.num.value, c.digits ?? 0, true) : formatWan(c.num.value), c.num.src, c.num.field);
  } else if (c.text !== undefined) text = c.text;
  return (c.group ? GROUP_MARK : '') + (c.indent ? INDENT_MARK : '') + text;
}

/**
 * A composed table as markup: `::: table header=N unit=… widths=…`, the title, a GFM table with
 * merge marks (< joins the cell to the left, ^ the cell above), then the note.
 */
function tableMarkup(v: unknown, reg: FigureRegistry): string {
  const t = v as TableView | undefined;
  if (!t || t.kind !== 'table') throw new HelperError('助手 table 的参数应为组合好的表格（如 tables.items 中的一项）');
  const rows = marksFromSpans([...t.header, ...t.body]);
  const columns = rows[0]?.length ?? 0;
  const line = (cells: (CellView | typeof MERGE_LEFT | typeof MERGE_UP)[]) => `| ${cells.map((c) => (typeof c === 'string' ? c : cellMarkup(c, reg) || ' ')).join(' | ')} |`;
  const info = [`header=${t.header.length}`, ...(t.unit ? [`unit=${t.unit}`] : []), ...(t.widths ? [`widths=${t.widths.join(',')}`] : [])].join(' ');
  const title = t.title.map((p) => (p instanceof Num ? reg.mark(formatCount(p.value), p.src) : p)).join('');
  // The number (表1) is a paragraph of its own before the title.
  const number = t.number ? [`表${reg.mark(formatCount(t.number.value), t.number.src)}`, ''] : [];
  const out = [`::: table ${info}`, ...number, title, '', line(rows[0] ?? []), `|${Array.from({ length: columns }, (_, i) => ({ left: ':---', center: ':---:', right: '---:' })[t.align?.[i] ?? (i === 0 ? 'left' : 'right')]).join('|')}|`];
  for (const r of rows.slice(1)) out.push(line(r));
  if (t.note) out.push('', t.note);
  out.push(':::', '');
  return out.join('\n');
}
