import type Handlebars from 'handlebars';
import { excerpt, FiscalError } from '../model/issue';
import type { Source } from '../model/source';
import { Num } from '../compose/num';
import type { Prose } from '../compose/prose';
import type { TextPart } from '../compose/text';
import { FigureRegistry } from './figures';
import { escapeMarkup } from './escape';
import { figureHelpers, HelperError } from './helpers';

/**
 * Handlebars' runtime, which runs precompiled templates (the default ones are precompiled into the
 * bundle), and the whole library with its compiler, loaded only for a template that is not
 * precompiled (a district's own) or to place a template error: the compiler's parser builds its
 * tables when it loads, a few milliseconds of every start that runs the default templates.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const runtime = require('handlebars/runtime') as typeof Handlebars;
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const compiler = (): typeof Handlebars => require('handlebars') as typeof Handlebars;

/** Template sources by name ("final-accounts/main"), with the file each came from. */
export interface TemplateSet {
  templates: Map<string, { source: string; file: string }>;
}

export const COMPILE: CompileOptions = { strict: true, noEscape: true, preventIndent: true };

/**
 * The default templates precompiled when the CLI is bundled (scripts/bundle.js puts them in the
 * bundle as ./templates.precompiled): compiling every template took most of a cold build. A
 * template is taken precompiled only when its source is the one that was compiled; an edited or
 * overriding template is compiled here. Without a bundle (tests, dist/) there are none.
 */
interface Precompiled {
  handlebars: string;
  templates: Record<string, { source: string; spec: TemplateSpecification }>;
}
let precompiled: Precompiled | null | undefined;
function precompiledTemplate(name: string, source: string): TemplateSpecification | null {
  if (precompiled === undefined) {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      precompiled = require('./templates.precompiled') as Precompiled;
    } catch {
      precompiled = null;
    }
  }
  const t = precompiled?.handlebars === runtime.VERSION ? precompiled.templates[name] : undefined;
  return t && t.source === source ? t.spec : null;
}

interface LocatedError extends Error {
  templateFile?: string;
  lineNumber?: number;
  column?: number;
}

type Loc = { start: { line: number; column: number } };
interface AstNode {
  type?: string;
  loc?: Loc;
  [k: string]: unknown;
}

/** Every node of a template's syntax tree with a place, in document order. */
function astNodes(source: string): AstNode[] {
  let root: unknown;
  try {
    root = compiler().parse(source);
  } catch {
    return [];
  }
  const out: AstNode[] = [];
  const visit = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(visit);
    else if (v && typeof v === 'object') {
      const n = v as AstNode;
      if (typeof n.type === 'string' && n.loc) out.push(n);
      for (const k of ['body', 'program', 'inverse', 'path', 'params', 'hash', 'pairs', 'value', 'name']) if (k in n) visit(n[k]);
    }
  };
  visit(root);
  return out;
}

const pathParts = (n: AstNode): string[] => (n.type === 'PathExpression' && Array.isArray(n.parts) ? (n.parts as string[]) : []);
const partialName = (n: AstNode): string | undefined => {
  if (n.type !== 'PartialStatement' && n.type !== 'PartialBlockStatement') return undefined;
  const name = n.name as AstNode | undefined;
  return name?.type === 'PathExpression' ? String(name.original) : name?.type === 'StringLiteral' ? String(name.value) : undefined;
};

/**
 * What went wrong in a template, in Chinese, and where: every message names the template file and
 * a line. Handlebars' own (English) wording is not shown; its errors are recognised and said anew.
 * Errors it throws without a place (a built-in helper given the wrong arguments, a missing partial,
 * a path through something that is not there) are placed by the template's syntax tree.
 */
function templateError(e: unknown, file: string, source?: string, lastLoc?: Loc): FiscalError {
  const err = e as LocatedError;
  let line = err.lineNumber;
  let column = err.column;
  const raw = String(err.message ?? err).replace(/ - \d+:\d+$/, '');
  const at = (loc: Loc | undefined) => {
    if (loc && line === undefined) {
      line = loc.start.line;
      column = loc.start.column;
    }
  };
  // The first node a test picks at or after the place known so far (a block the error came out
  // of), else the first anywhere; it becomes the place.
  const placeBy = (pick: (n: AstNode) => boolean): AstNode | undefined => {
    const nodes = source === undefined ? [] : astNodes(source).filter(pick);
    const after = (n: AstNode) => line === undefined || n.loc!.start.line > line || (n.loc!.start.line === line && n.loc!.start.column >= (column ?? 0));
    const hit = nodes.find(after) ?? nodes[0];
    if (hit) {
      line = hit.loc!.start.line;
      column = hit.loc!.start.column;
    }
    return hit;
  };
  let detail: string;
  let m: RegExpExecArray | null;
  if ((m = /^"(.+)" not defined in/.exec(raw))) detail = `字段“${m[1]}”在数据中不存在（模板以严格模式编译，缺少的字段不会被当作空白）`;
  else if ((m = /^Parse error on line (\d+):\n([^\n]*)\n([^\n]*)\n/.exec(raw))) {
    line ??= Number(m[1]);
    column ??= Math.max(0, m[3]!.indexOf('^') - (m[2]!.startsWith('...') ? 3 : 0));
    detail = `模板语法错误：“{{ }}”的写法不完整或不正确（此处：${excerpt(m[2]!.replace(/^\.\.\./, '').trim(), 40)}）。请检查花括号是否成对、块（{{#…}}）是否有结尾（{{/…}}）`;
  } else if ((m = /^(?:Parse|Lexical) error on line (\d+)/.exec(raw))) {
    line ??= Number(m[1]);
    detail = '模板语法错误：有无法识别的写法（如未结束的注释 {{!-- …、多余的花括号）';
  } else if ((m = /^(\S+) doesn't match (\S*)/.exec(raw))) detail = `块的开头 {{#${m[1]}}} 与结尾 {{/${m[2]}}} 不配对：块的结尾应与开头同名`;
  else if ((m = /^Missing helper: "(.+)"/.exec(raw))) detail = `未知的助手“${m[1]}”`;
  else if ((m = /^Missing decorator: "(.+)"/.exec(raw))) {
    placeBy((n) => n.type === 'Decorator' || n.type === 'DecoratorBlock');
    detail = `未知的修饰器“${m[1]}”：模板中不能使用修饰器（{{* …}}）`;
  } else if ((m = /^The partial (.+) could not be found/.exec(raw))) {
    const name = m[1]!;
    placeBy((n) => partialName(n) === name);
    detail = `找不到子模板 ${name}`;
  } else if ((m = /^#(if|unless|with) requires exactly one argument/.exec(raw))) detail = `{{#${m[1]}}} 需要且只能有一个参数`;
  else if (/^Must pass iterator to #each/.test(raw)) detail = '{{#each}} 需要一个列表作参数';
  else if ((m = /^Cannot read propert(?:y|ies) (?:of (undefined|null) )?\(reading '(.+)'\)/.exec(raw) ?? /^Cannot read propert(?:y|ies) '(.+)' of (undefined|null)/.exec(raw))) {
    // A path through something missing: the first such path in the template, at or after the block
    // (an {{#with}}, {{#each}}) the error came out of.
    const [what, key] = m[2] === 'undefined' || m[2] === 'null' ? [m[2], m[1]!] : [m[1], m[2]!];
    const path = placeBy((n) => pathParts(n).indexOf(key) > 0);
    const parts = path ? pathParts(path) : [];
    detail =
      what === 'null'
        ? `读取字段“${key}”时遇到空值（null：这一部分在数据中没有）：请先用 {{#if …}} 判断这一部分是否存在（可为空的字段见 docs/view-model.md）`
        : parts.length
          ? `字段“${parts.slice(0, parts.indexOf(key)).join('.')}”在数据中不存在，无法取其中的“${key}”（模板以严格模式编译）`
          : '模板在此处无法执行：所给的参数不对，或引用的字段在数据中不存在';
  } else if (e instanceof RangeError) {
    placeBy((n) => partialName(n) !== undefined);
    detail = '模板层层调用过深（可能是子模板直接或间接调用了自身）';
  }
  else if (e instanceof HelperError) detail = raw;
  else detail = '模板在此处无法执行（写法不受支持）：请对照默认模板检查';
  // Anything still without a place: where the last helper ran, the nearest known point.
  at(lastLoc);
  if (line === undefined) {
    line = 1;
    column = 0;
  }
  const where = `第 ${line} 行${column !== undefined ? `第 ${column + 1} 列` : ''}`;
  return new FiscalError(`模板 ${file} ${where}：${detail}`, [{ code: 'template', severity: 'error', message: detail, place: { file, line, column: (column ?? 0) + 1 } }]);
}

/** Finds the dataset path of a data text that carries numbers (made by audit/text-sources.ts). */
export interface TextSources {
  (text: string): Source | null;
  /**
   * The data texts with numbers that `text` quotes whole, in order, not overlapping (a longer one
   * first): composed text that embeds data, such as a meeting's name or the 区级 note in a sentence.
   */
  within?: (text: string) => { at: number; text: string; src: Source }[];
}

export interface RenderOptions {
  /** Data text with numbers in it is marked with its dataset path, like a figure (the numbers audit). */
  textSources?: TextSources;
}

const escaped = new Map<string, string>();
/** escapeMarkup, memoised: a batch prints the same labels and names in every report. */
function escapeCached(s: string): string {
  let e = escaped.get(s);
  if (e === undefined) {
    if (escaped.size >= 20_000) escaped.clear();
    e = escapeMarkup(s);
    escaped.set(s, e);
  }
  return e;
}

/**
 * A data string for the markup: escaped; marked with its source when it carries numbers. A longer
 * string that quotes data text with numbers (composed text: "与向{priorMeeting}报告的…") has each
 * quoted text marked where it stands, so its numbers are traced, not taken for typed ones.
 */
function dataText(s: string, reg: FigureRegistry, opts: RenderOptions): string {
  const src = opts.textSources?.(s);
  if (src) return reg.mark(escapeCached(s), src);
  const quoted = opts.textSources?.within?.(s);
  if (!quoted?.length) return escapeCached(s);
  let out = '';
  let from = 0;
  for (const q of quoted) {
    out += escapeCached(s.slice(from, q.at)) + reg.mark(escapeCached(q.text), q.src);
    from = q.at + q.text.length;
  }
  return out + escapeCached(s.slice(from));
}

/** Data strings are escaped for the markup; prose gets its figures marked; Nums stay for helpers. */
function toMarkupValues(v: unknown, reg: FigureRegistry, opts: RenderOptions): unknown {
  if (typeof v === 'string') return dataText(v, reg, opts);
  if (v === null || typeof v !== 'object' || v instanceof Num || v instanceof Date) return v;
  if (Array.isArray(v)) {
    const out = new Array<unknown>(v.length);
    for (let i = 0; i < v.length; i++) out[i] = toMarkupValues(v[i], reg, opts);
    return out;
  }
  const o = v as { kind?: unknown };
  if (o.kind === 'prose') {
    let text = '';
    for (const p of (v as Prose).parts) text += typeof p === 'string' ? dataText(p, reg, opts) : reg.mark(p.text, p.num.src, p.num.field);
    return text;
  }
  if (o.kind === 'date' || o.kind === 'named-figures' || o.kind === 'style-format') return v;
  if (o.kind === 'composed') return new LazyText((v as { parts: TextPart[] }).parts, reg, opts);
  const out: Record<string, unknown> = {};
  for (const k in o) {
    if (!Object.prototype.hasOwnProperty.call(o, k)) continue;
    const x = toMarkupValues((o as Record<string, unknown>)[k], reg, opts);
    // A key named __proto__ stays an ordinary key, as it was in the view.
    if (k === '__proto__') Object.defineProperty(out, k, { value: x, enumerable: true, writable: true, configurable: true });
    else out[k] = x;
  }
  return out;
}

/**
 * Composed text (compose/text.ts) becomes markup when the template prints it, not before: its figures
 * and slots are then counted where they stand in the document, like those printed by helpers.
 */
class LazyText {
  constructor(
    private readonly parts: readonly TextPart[],
    private readonly reg: FigureRegistry,
    private readonly opts: RenderOptions,
  ) {}
  toString(): string {
    return this.render(this.parts);
  }
  private render(parts: readonly TextPart[]): string {
    let out = '';
    for (const p of parts) {
      if (typeof p === 'string') out += dataText(p, this.reg, this.opts);
      else if (p.kind === 'figure') out += this.reg.mark(p.text, p.num.src, p.num.field);
      else if (p.kind === 'sourced') out += this.reg.mark(escapeCached(p.text), p.src);
      else out += this.reg.slot(p.name, () => this.render(p.parts));
    }
    return out;
  }
}

/** A Handlebars environment for one template set, compiled once and reused for every render. */
interface Engine {
  compile(name: string): (ctx: unknown, opts?: RuntimeOptions) => string;
  /** The registry of the render in progress: helpers mark figures into it. */
  current: FigureRegistry;
  /** Template files being rendered, innermost last. */
  rendering: string[];
  /** Where the last helper ran: the place an error without one is given. */
  lastLoc?: { file: string | undefined; loc: Loc };
  /** Template sources by file, for placing errors by the syntax tree. */
  sources: Map<string, string>;
}

// Compiled templates are kept per template set: compiling is most of a render's cost, and a batch
// renders hundreds of reports from one set. Rendering is synchronous, so one `current` registry
// per engine is enough.
const engines = new WeakMap<TemplateSet, Engine>();

function engineFor(set: TemplateSet): Engine {
  const cached = engines.get(set);
  if (cached) return cached;
  // The runtime alone when every template of the set is precompiled (the default set), else the compiler too.
  const precompiledOnly = [...set.templates].every(([tname, t]) => precompiledTemplate(tname, t.source) !== null);
  const hb = (precompiledOnly ? runtime : compiler()).create();
  const engine: Engine = { current: new FigureRegistry(), compile: () => () => '', rendering: [], sources: new Map() };
  // Helpers are registered once per engine; they mark into the registry of the render in progress.
  const proxy = {
    mark: (...args: Parameters<FigureRegistry['mark']>) => engine.current.mark(...args),
    slot: (...args: Parameters<FigureRegistry['slot']>) => engine.current.slot(...args),
  } as FigureRegistry;
  for (const [helper, fn] of Object.entries(figureHelpers(proxy))) hb.registerHelper(helper, fn as Handlebars.HelperDelegate);
  // Every helper, Handlebars' own too (if, each, with, lookup…), notes where it runs and gives an
  // error it throws that place: their errors come without one.
  for (const [helper, fn] of Object.entries(hb.helpers)) {
    const run = fn as (...a: unknown[]) => unknown;
    hb.registerHelper(helper, function (this: unknown, ...args: unknown[]) {
      const loc = (args[args.length - 1] as { loc?: Loc } | undefined)?.loc;
      if (loc) engine.lastLoc = { file: engine.rendering[engine.rendering.length - 1], loc };
      try {
        return run.apply(this, args);
      } catch (e) {
        const err = e as LocatedError;
        // Not an error that came out of a partial called inside (that one is placed in its own file).
        if (loc && err && typeof err === 'object' && !(err instanceof FiscalError) && err.lineNumber === undefined && !err.templateFile) {
          err.lineNumber = loc.start.line;
          err.column = loc.start.column;
        }
        throw e;
      }
    } as Handlebars.HelperDelegate);
  }

  const compiled = new Map<string, (ctx: unknown, opts?: RuntimeOptions) => string>();
  engine.compile = (tname: string) => {
    const done = compiled.get(tname);
    if (done) return done;
    const t = set.templates.get(tname);
    if (!t) throw new FiscalError(`找不到模板 ${tname}`, [{ code: 'template', severity: 'error', message: `找不到模板 ${tname}` }]);
    let inner: HandlebarsTemplateDelegate;
    engine.sources.set(t.file, t.source);
    try {
      const spec = precompiledTemplate(tname, t.source);
      inner = spec ? hb.template(spec) : hb.compile(t.source, COMPILE);
    } catch (e) {
      throw templateError(e, t.file, t.source);
    }
    // Errors are tagged with the innermost template they happened in, so a missing field in a
    // partial names the partial's file, not the main template's.
    const wrapped = (ctx: unknown, opts?: RuntimeOptions) => {
      engine.rendering.push(t.file);
      try {
        return inner(ctx, opts);
      } catch (e) {
        const err = e as LocatedError;
        if (err instanceof FiscalError) throw err;
        if (err && typeof err === 'object' && !err.templateFile) {
          err.templateFile = t.file;
          // The place the last helper in this template ran, for an error that has none.
          if (engine.lastLoc?.file === t.file) (err as LocatedError & { lastLoc?: Loc }).lastLoc = engine.lastLoc.loc;
        }
        throw err;
      } finally {
        engine.rendering.pop();
      }
    };
    compiled.set(tname, wrapped);
    return wrapped;
  };
  for (const tname of set.templates.keys()) {
    hb.registerPartial(tname, ((ctx: unknown, opts: RuntimeOptions) => engine.compile(tname)(ctx, opts)) as unknown as Handlebars.Template);
  }
  engines.set(set, engine);
  return engine;
}

/**
 * Renders a named template with its partials to document markup. Strict: a missing field, an
 * unknown helper or a helper given nothing is an error naming the template file and line.
 */
export function renderTemplate(set: TemplateSet, name: string, view: unknown, options: RenderOptions = {}): { markup: string; registry: FigureRegistry } {
  const engine = engineFor(set);
  const registry = new FigureRegistry();
  engine.current = registry;
  engine.rendering = [];
  engine.lastLoc = undefined;
  const compile = engine.compile;
  const main = compile(name);
  try {
    const markup = main(toMarkupValues(view, registry, options));
    return { markup, registry };
  } catch (e) {
    if (e instanceof FiscalError) throw e;
    const err = e as LocatedError & { lastLoc?: Loc };
    if (e instanceof HelperError || err?.templateFile) {
      const file = err.templateFile ?? set.templates.get(name)!.file;
      throw templateError(e, file, engine.sources.get(file), err.lastLoc);
    }
    throw e;
  } finally {
    // The engine outlives the render: it does not keep the registry (a long table's is large).
    engine.current = idle;
  }
}

/** The registry of an engine between renders. */
const idle = new FigureRegistry();
