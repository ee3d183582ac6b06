import { D, type Dec } from '../compose/num';

/**
 * A small evaluator for the formulas a finance workbook actually holds: + − × ÷, parentheses,
 * numbers, cell references (A1, $A$1, 'Sheet name'!A1) and SUM / ROUND / ABS / MIN / MAX over
 * cells and ranges, SUMIF / SUMIFS with a text criterion ("是", "<>是", "" for an empty cell: the
 * budget totals leave out deducted lines and the parts of a line). Enough to compute a total a script wrote without a cached result, and to
 * check a cached result against the cells it was computed from. Anything else is "unsupported",
 * never a guess: the caller then uses the cached result or refuses with the cell named.
 */

/** What a referenced cell holds, as the evaluator sees it (Excel semantics, no percent scaling). */
export type RefValue =
  | { kind: 'empty' }
  | { kind: 'number'; value: Dec }
  | { kind: 'text'; text: string; number: Dec | null }
  | { kind: 'error'; message: string; tooDeep?: boolean };

/** Excel's own limit on a formula's length: anything longer was not written by Excel. */
export const MAX_FORMULA_LENGTH = 8192;
/** Parentheses, function calls and signs nested in one formula (Excel allows 64 levels of functions). */
export const MAX_FORMULA_NESTING = 100;
/**
 * Cells a chain of formulas may run through (A1 =A2+…, A2 =A3+…): each link is evaluated inside
 * the one that refers to it. Past this the evaluator stops (a formula's saved result is then used,
 * as for any formula it cannot compute) instead of running out of stack, which a chain of about
 * 900 cells did on the CLI's main thread.
 */
export const MAX_FORMULA_CHAIN = 200;
export const CHAIN_TOO_DEEP = `公式层层引用超过 ${MAX_FORMULA_CHAIN} 个单元格，无法逐层计算`;

export interface RefResolver {
  /** The value of one cell; sheet is null for the formula's own sheet. */
  cell(sheet: string | null, col: number, row: number): RefValue;
}

export class FormulaError extends Error {
  constructor(
    readonly reason: 'unsupported' | 'value',
    message: string,
    /** The chain of references ran past MAX_FORMULA_CHAIN. */
    readonly tooDeep = false,
  ) {
    super(message);
    this.name = 'FormulaError';
  }
}

type Token =
  | { t: 'num'; v: string }
  | { t: 'ref'; sheet: string | null; c1: number; r1: number; c2: number; r2: number; range: boolean; text: string }
  | { t: 'fn'; name: string }
  | { t: 'str'; v: string }
  | { t: 'op'; v: string };

export function columnNumber(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

export function columnLetters(n: number): string {
  let s = '';
  while (n > 0) {
    const m = (n - 1) % 26;
    s = String.fromCharCode(65 + m) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

export function address(col: number, row: number): string {
  return `${columnLetters(col)}${row}`;
}

const CELL = /^\$?([A-Za-z]{1,3})\$?(\d{1,7})$/;

function tokenize(src: string): Token[] {
  if (src.length > MAX_FORMULA_LENGTH) throw new FormulaError('unsupported', `公式过长（${src.length} 个字符，Excel 最多 ${MAX_FORMULA_LENGTH} 个）`);
  const out: Token[] = [];
  let i = 0;
  const s = src.trim().replace(/^=/, '');
  while (i < s.length) {
    const ch = s[i]!;
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    if (ch === '"') {
      // A text literal ("" inside stands for one quote), as criteria of SUMIF / SUMIFS.
      const m = /^"((?:[^"]|"")*)"/.exec(s.slice(i));
      if (!m) throw new FormulaError('unsupported', `引号不配对：${s.slice(i)}`);
      out.push({ t: 'str', v: m[1]!.replace(/""/g, '"') });
      i += m[0].length;
      continue;
    }
    if ('+-*/(),'.includes(ch)) {
      out.push({ t: 'op', v: ch });
      i++;
      continue;
    }
    const num = /^(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/.exec(s.slice(i));
    if (num && !/^[A-Za-z$]/.test(s.slice(i + num[0].length))) {
      out.push({ t: 'num', v: num[0] });
      i += num[0].length;
      continue;
    }
    // A reference, possibly sheet-qualified, possibly a range; or a function name.
    let sheet: string | null = null;
    let rest = s.slice(i);
    if (rest.startsWith("'")) {
      const m = /^'((?:[^']|'')*)'!/.exec(rest);
      if (!m) throw new FormulaError('unsupported', `无法识别的写法：${rest}`);
      sheet = m[1]!.replace(/''/g, "'");
      i += m[0].length;
      rest = s.slice(i);
    } else {
      const m = /^([^\s!'"()+\-*/,:<>=&^%]+)!/.exec(rest);
      if (m) {
        sheet = m[1]!;
        i += m[0].length;
        rest = s.slice(i);
      }
    }
    const word = /^[^\s'"()+\-*/,<>=&^%!]+/.exec(rest);
    if (!word) throw new FormulaError('unsupported', `无法识别的写法：${rest}`);
    const w = word[0];
    i += w.length;
    if (sheet === null && s[i] === '(' && /^[A-Za-z][A-Za-z0-9.]*$/.test(w)) {
      out.push({ t: 'fn', name: w.toUpperCase() });
      continue;
    }
    const [a, b, ...more] = w.split(':');
    const ma = CELL.exec(a ?? '');
    const mb = b === undefined ? null : CELL.exec(b);
    if (!ma || more.length || (b !== undefined && !mb)) throw new FormulaError('unsupported', `不支持的引用或名称“${w}”`);
    const c1 = columnNumber(ma[1]!);
    const r1 = Number(ma[2]);
    const c2 = mb ? columnNumber(mb[1]!) : c1;
    const r2 = mb ? Number(mb[2]) : r1;
    out.push({
      t: 'ref',
      sheet,
      c1: Math.min(c1, c2),
      r1: Math.min(r1, r2),
      c2: Math.max(c1, c2),
      r2: Math.max(r1, r2),
      range: !!mb,
      text: (sheet ? `${sheet}!` : '') + w.replace(/\$/g, '').toUpperCase(),
    });
  }
  return out;
}

type Arg = { kind: 'value'; value: Dec } | { kind: 'range'; values: RefValue[]; text: string } | { kind: 'text'; text: string };

/**
 * Whether a cell meets a SUMIF criterion: "是" (equal, case-insensitive), "<>是" (anything else,
 * empty cells too), "" or "=" (an empty cell), "<>" (a filled cell); a number compares as a number.
 */
function meets(v: RefValue, criterion: string): boolean {
  const m = /^(<>|=)?(.*)$/s.exec(criterion)!;
  const negate = m[1] === '<>';
  const want = m[2]!;
  let equal: boolean;
  if (want === '') equal = v.kind === 'empty' || (v.kind === 'text' && v.text === '');
  else if (v.kind === 'error') return false;
  else if (/^[+-]?(\d+\.?\d*|\.\d+)$/.test(want.trim())) {
    const n = v.kind === 'number' ? v.value : v.kind === 'text' ? v.number : null;
    equal = n !== null && n.eq(new D(want.trim()));
  } else equal = v.kind === 'text' && v.text.toLowerCase() === want.toLowerCase();
  return negate ? !equal : equal;
}

/** Evaluates a formula (with or without the leading "="); throws FormulaError. */
export function evaluateFormula(formula: string, refs: RefResolver): Dec {
  const tokens = tokenize(formula);
  let pos = 0;
  const peek = () => tokens[pos];
  const isOp = (v: string) => {
    const t = peek();
    return t !== undefined && t.t === 'op' && t.v === v;
  };
  const expect = (v: string) => {
    if (!isOp(v)) throw new FormulaError('unsupported', `公式不完整，缺少“${v}”`);
    pos++;
  };

  const scalar = (v: RefValue, where: string): Dec => {
    switch (v.kind) {
      case 'empty':
        return new D(0);
      case 'number':
        return v.value;
      case 'text':
        if (v.number) return v.number;
        throw new FormulaError('value', `引用的单元格 ${where} 是文字“${v.text}”，不是数字`);
      case 'error':
        if (v.tooDeep) throw new FormulaError('value', CHAIN_TOO_DEEP, true);
        throw new FormulaError('value', `引用的单元格 ${where} ${v.message}`);
    }
  };

  const cellsOf = (t: Extract<Token, { t: 'ref' }>): RefValue[] => {
    if ((t.c2 - t.c1 + 1) * (t.r2 - t.r1 + 1) > 100000) throw new FormulaError('unsupported', `区域 ${t.text} 过大`);
    const out: RefValue[] = [];
    for (let r = t.r1; r <= t.r2; r++) for (let c = t.c1; c <= t.c2; c++) out.push(refs.cell(t.sheet, c, r));
    return out;
  };

  // Parentheses, calls and signs recurse once per level: bounded, like the chain of cells.
  let nesting = 0;
  const primary = (): Arg => {
    if (++nesting > MAX_FORMULA_NESTING) throw new FormulaError('unsupported', `公式嵌套过深（超过 ${MAX_FORMULA_NESTING} 层括号、函数或正负号）`);
    try {
      return primaryAt();
    } finally {
      nesting--;
    }
  };
  const primaryAt = (): Arg => {
    const t = peek();
    if (!t) throw new FormulaError('unsupported', '公式不完整');
    pos++;
    if (t.t === 'num') return { kind: 'value', value: new D(t.v) };
    if (t.t === 'str') return { kind: 'text', text: t.v };
    if (t.t === 'ref') {
      if (t.range) return { kind: 'range', values: cellsOf(t), text: t.text };
      return { kind: 'value', value: scalar(refs.cell(t.sheet, t.c1, t.r1), t.text) };
    }
    if (t.t === 'fn') {
      expect('(');
      const args: Arg[] = [];
      if (!isOp(')')) {
        args.push(expr());
        while (isOp(',')) {
          pos++;
          args.push(expr());
        }
      }
      expect(')');
      return { kind: 'value', value: call(t.name, args) };
    }
    if (t.v === '(') {
      const v = value(expr());
      expect(')');
      return { kind: 'value', value: v };
    }
    if (t.v === '-' || t.v === '+') {
      const v = value(primary());
      return { kind: 'value', value: t.v === '-' ? v.neg() : v };
    }
    throw new FormulaError('unsupported', `无法识别的符号“${t.v}”`);
  };

  const value = (a: Arg): Dec => {
    if (a.kind === 'value') return a.value;
    if (a.kind === 'text') throw new FormulaError('unsupported', `文字“${a.text}”只能用作 SUMIF 的条件`);
    throw new FormulaError('unsupported', `区域 ${a.text} 只能用在 SUM 等函数中`);
  };

  const range = (a: Arg | undefined, fn: string): RefValue[] => {
    if (a?.kind !== 'range') throw new FormulaError('unsupported', `${fn} 的参数应为区域`);
    return a.values;
  };
  const criterion = (a: Arg | undefined, fn: string): string => {
    if (a?.kind === 'value') return a.value.toFixed();
    if (a?.kind !== 'text') throw new FormulaError('unsupported', `${fn} 的条件应为文字或数字`);
    // Only equal and not equal: comparisons and wildcards are left to the cached result.
    if (/^(<(?!>)|>)/.test(a.text) || /[*?~]/.test(a.text)) throw new FormulaError('unsupported', `${fn} 的条件“${a.text}”不支持`);
    return a.text;
  };

  /** SUMIFS(sum, range1, criterion1, …): the sum of the cells whose rows meet every criterion. */
  const sumIfs = (sum: RefValue[], conditions: [RefValue[], string][], fn: string): Dec => {
    if (conditions.some(([r]) => r.length !== sum.length)) throw new FormulaError('unsupported', `${fn} 的各区域大小不同`);
    return numbers([{ kind: 'range', values: sum.map((v, i) => (conditions.every(([r, c]) => meets(r[i]!, c)) ? v : { kind: 'empty' })), text: fn }]).reduce(
      (s, v) => s.add(v),
      new D(0),
    );
  };

  /** Numbers of a function's arguments; text in a range is skipped as Excel does, unless it reads as a number. */
  const numbers = (args: Arg[]): Dec[] =>
    args.flatMap((a) => {
      if (a.kind === 'value') return [a.value];
      if (a.kind === 'text') throw new FormulaError('unsupported', `文字“${a.text}”不能参与计算`);
      return a.values.flatMap((v) => {
        if (v.kind === 'number') return [v.value];
        if (v.kind === 'text' && v.number) return [v.number];
        if (v.kind === 'error') throw v.tooDeep ? new FormulaError('value', CHAIN_TOO_DEEP, true) : new FormulaError('value', `区域 ${a.text} 中有单元格${v.message}`);
        return [];
      });
    });

  const call = (name: string, args: Arg[]): Dec => {
    switch (name) {
      case 'SUM':
        return numbers(args).reduce((s, v) => s.add(v), new D(0));
      case 'MIN':
      case 'MAX': {
        const ns = numbers(args);
        if (!ns.length) return new D(0);
        return name === 'MIN' ? D.min(...ns) : D.max(...ns);
      }
      case 'SUMIF':
        if (args.length !== 2 && args.length !== 3) throw new FormulaError('unsupported', 'SUMIF 的参数个数不对');
        return sumIfs(range(args[2] ?? args[0], name), [[range(args[0], name), criterion(args[1], name)]], name);
      case 'SUMIFS': {
        if (args.length < 3 || args.length % 2 !== 1) throw new FormulaError('unsupported', 'SUMIFS 的参数个数不对');
        const conditions: [RefValue[], string][] = [];
        for (let i = 1; i < args.length; i += 2) conditions.push([range(args[i], name), criterion(args[i + 1], name)]);
        return sumIfs(range(args[0], name), conditions, name);
      }
      case 'ABS':
        if (args.length !== 1) throw new FormulaError('unsupported', 'ABS 的参数个数不对');
        return value(args[0]!).abs();
      case 'ROUND': {
        if (args.length !== 2) throw new FormulaError('unsupported', 'ROUND 的参数个数不对');
        // Excel truncates the digits to an integer; negative digits round to tens, hundreds, ….
        const digits = Math.trunc(value(args[1]!).toNumber());
        const v = value(args[0]!);
        if (!Number.isFinite(digits) || Math.abs(digits) > 15) throw new FormulaError('unsupported', `ROUND 的位数 ${value(args[1]!).toString()} 超出支持的范围（−15 至 15）`);
        // Excel rounds half away from zero.
        if (digits >= 0) return v.toDecimalPlaces(digits, D.ROUND_HALF_UP);
        const unit = new D(10).pow(-digits);
        return v.div(unit).toDecimalPlaces(0, D.ROUND_HALF_UP).mul(unit);
      }
      default:
        throw new FormulaError('unsupported', `不支持的函数 ${name}`);
    }
  };

  const term = (): Arg => {
    let left = primary();
    while (isOp('*') || isOp('/')) {
      const op = (tokens[pos++] as { v: string }).v;
      const right = value(primary());
      const l = value(left);
      if (op === '/' && right.isZero()) throw new FormulaError('value', '除数为 0');
      left = { kind: 'value', value: op === '*' ? l.mul(right) : l.div(right) };
    }
    return left;
  };

  const expr = (): Arg => {
    let left = term();
    while (isOp('+') || isOp('-')) {
      const op = (tokens[pos++] as { v: string }).v;
      const right = value(term());
      const l = value(left);
      left = { kind: 'value', value: op === '+' ? l.add(right) : l.sub(right) };
    }
    return left;
  };

  const result = value(expr());
  if (pos !== tokens.length) throw new FormulaError('unsupported', '公式中有无法识别的部分');
  return result;
}
