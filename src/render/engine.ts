import Handlebars from 'handlebars';
import { FiscalError } from '../model/issue';
import type { Source } from '../model/source';
import { Num } from '../compose/num';
import type { Prose } from '../compose/prose';
import type { TextPart } from '../compose/text';
import { FigureRegistry } from './figures';
import { escapeMarkup } from './escape';
import { figureHelpers, HelperError } from './helpers';

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
  const t = precompiled?.handlebars === Handlebars.VERSION ? precompiled.templates[name] : undefined;
  return t && t.source === source ? t.spec : null;
}

interface LocatedError extends Error {
  templateFile?: string;
  lineNumber?: number;
  column?: number;
}

function templateError(e: unknown, file: string): FiscalError {
  const err = e as LocatedError;
  const where = err.lineNumber !== undefined ? `第 ${err.lineNumber} 行${err.column !== undefined ? `第 ${err.column + 1} 列` : ''}` : '';
  let detail = err.message.replace(/ - \d+:\d+$/, '');
  const missing = /^"(.+)" not defined in/.exec(detail);
  if (missing) detail = `字段“${missing[1]}”在数据中不存在（模板以严格模式编译，缺少的字段不会被当作空白）`;
  else if (/^Cannot read properties of (null|undefined) \(reading '(.+)'\)/.test(detail)) {
    const m = /^Cannot read properties of (null|undefined) \(reading '(.+)'\)/.exec(detail)!;
    detail = `读取字段“${m[2]}”时遇到${m[1] === 'null' ? '空值（null：这一部分在数据中没有）' : '不存在的字段'}：请先用 {{#if …}} 判断这一部分是否存在（可为空的字段见 docs/view-model.md）`;
  } else if (/^Parse error/.test(detail)) detail = `模板语法错误：${detail.replace(/\n/g, ' ')}`;
  else if (/^Missing helper/.test(detail)) detail = `未知的助手：${detail.replace(/^Missing helper: /, '')}`;
  else if (/^The partial (.+) could not be found/.test(detail)) detail = `找不到子模板 ${/^The partial (.+) could not be found/.exec(detail)![1]}`;
  return new FiscalError(`模板 ${file}${where ? ` ${where}` : ''}：${detail}`, [
    { code: 'template', severity: 'error', message: detail, place: { file, ...(err.lineNumber !== undefined ? { line: err.lineNumber, column: (err.column ?? 0) + 1 } : {}) } },
  ]);
}

/** Finds the dataset path of a data text that carries numbers (see audit/text-sources.ts). */
export type TextSources = (text: string) => Source | null;

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

/** A data string for the markup: escaped; marked with its source when it carries numbers. */
function dataText(s: string, reg: FigureRegistry, opts: RenderOptions): string {
  const src = opts.textSources?.(s);
  return src ? reg.mark(escapeCached(s), src) : escapeCached(s);
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

/**
 * A helper whose errors carry the line and column of its call (Handlebars passes them in the
 * options, last argument): the engine then names the template file and the line. An error from a
 * helper called inside a block helper keeps its own, innermost place.
 */
function located(fn: (...args: unknown[]) => unknown): (...args: unknown[]) => unknown {
  return function (this: unknown, ...args: unknown[]) {
    try {
      return fn.apply(this, args);
    } catch (e) {
      const err = e as LocatedError;
      if (e instanceof HelperError && err.lineNumber === undefined) {
        const loc = (args[args.length - 1] as { loc?: { start: { line: number; column: number } } } | undefined)?.loc;
        if (loc) {
          err.lineNumber = loc.start.line;
          err.column = loc.start.column;
        }
      }
      throw e;
    }
  };
}

/** A Handlebars environment for one template set, compiled once and reused for every render. */
interface Engine {
  compile(name: string): (ctx: unknown, opts?: RuntimeOptions) => string;
  /** The registry of the render in progress: helpers mark figures into it. */
  current: FigureRegistry;
}

// Compiled templates are kept per template set: compiling is most of a render's cost, and a batch
// renders hundreds of reports from one set. Rendering is synchronous, so one `current` registry
// per engine is enough.
const engines = new WeakMap<TemplateSet, Engine>();

function engineFor(set: TemplateSet): Engine {
  const cached = engines.get(set);
  if (cached) return cached;
  const hb = Handlebars.create();
  const engine: Engine = { current: new FigureRegistry(), compile: () => () => '' };
  // Helpers are registered once per engine; they mark into the registry of the render in progress.
  const proxy = {
    mark: (...args: Parameters<FigureRegistry['mark']>) => engine.current.mark(...args),
    slot: (...args: Parameters<FigureRegistry['slot']>) => engine.current.slot(...args),
  } as FigureRegistry;
  for (const [helper, fn] of Object.entries(figureHelpers(proxy))) hb.registerHelper(helper, located(fn) as Handlebars.HelperDelegate);

  const compiled = new Map<string, (ctx: unknown, opts?: RuntimeOptions) => string>();
  engine.compile = (tname: string) => {
    const done = compiled.get(tname);
    if (done) return done;
    const t = set.templates.get(tname);
    if (!t) throw new FiscalError(`找不到模板 ${tname}`, [{ code: 'template', severity: 'error', message: `找不到模板 ${tname}` }]);
    let inner: HandlebarsTemplateDelegate;
    try {
      const spec = precompiledTemplate(tname, t.source);
      inner = spec ? hb.template(spec) : hb.compile(t.source, COMPILE);
    } catch (e) {
      throw templateError(e, t.file);
    }
    // Errors are tagged with the innermost template they happened in, so a missing field in a
    // partial names the partial's file, not the main template's.
    const wrapped = (ctx: unknown, opts?: RuntimeOptions) => {
      try {
        return inner(ctx, opts);
      } catch (e) {
        const err = e as LocatedError;
        if (err instanceof FiscalError) throw err;
        if (!err.templateFile) err.templateFile = t.file;
        throw err;
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
  const compile = engine.compile;
  const main = compile(name);
  try {
    const markup = main(toMarkupValues(view, registry, options));
    return { markup, registry };
  } catch (e) {
    if (e instanceof FiscalError) throw e;
    const err = e as LocatedError;
    if (e instanceof HelperError || err.templateFile) throw templateError(e, err.templateFile ?? set.templates.get(name)!.file);
    throw e;
  } finally {
    // The engine outlives the render: it does not keep the registry (a long table's is large).
    engine.current = idle;
  }
}

/** The registry of an engine between renders. */
const idle = new FigureRegistry();
