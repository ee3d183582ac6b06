import type { Cell, Workbook, Worksheet } from 'exceljs';
import { D, type Dec } from '../compose/num';
import { excerpt } from '../model/issue';
import { cleanNumber, normalizeText, parseNumberText } from './cells';
import { CHAIN_TOO_DEEP, evaluateFormula, FormulaError, MAX_FORMULA_CHAIN, type RefValue } from './formula';

/**
 * What a cell holds, read the way a person sees it in Excel, WPS or LibreOffice. Only types from
 * exceljs are imported here: the library itself is loaded lazily by whoever reads or writes.
 */
export type Content =
  | { kind: 'empty' }
  | { kind: 'number'; value: number }
  | { kind: 'text'; text: string }
  | { kind: 'date'; value: Date }
  | { kind: 'bool'; value: boolean }
  | { kind: 'error'; text: string };

/** A cell's content with formulas settled: the value to use, and what the formula said. */
export interface Resolved {
  content: Content;
  /** The formula, where the cell has one. */
  formula?: string;
  /** A formula without a result that could not be computed here: why. */
  uncalculated?: string;
  /** Not computed because the chain of formulas it starts is longer than MAX_FORMULA_CHAIN. */
  tooDeep?: boolean;
  /** The cached result disagrees with the cells the formula refers to (the computed value is used). */
  stale?: { cached: number; computed: number };
  /** The cell's number format code as the file has it (load/xlsx.ts withEscapedFormatCodes). */
  numFmt?: string;
  /** The cell the value came from (the master of a merged range). */
  address: string;
}

type RawValue = Cell['value'];

function plainContent(v: RawValue): Content {
  if (v === null || v === undefined) return { kind: 'empty' };
  if (typeof v === 'number') return Number.isFinite(v) ? { kind: 'number', value: v } : { kind: 'error', text: '#NUM!' };
  if (typeof v === 'string') return v.trim() === '' ? { kind: 'empty' } : { kind: 'text', text: v };
  if (typeof v === 'boolean') return { kind: 'bool', value: v };
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? { kind: 'error', text: '#VALUE!' } : { kind: 'date', value: v };
  if (typeof v === 'object') {
    if ('richText' in v && Array.isArray(v.richText)) return plainContent(v.richText.map((r) => r.text).join(''));
    if ('error' in v) return { kind: 'error', text: String(v.error) };
    if ('hyperlink' in v && 'text' in v) return plainContent(typeof v.text === 'string' ? v.text : (v.text as { richText?: { text: string }[] })?.richText?.map((r) => r.text).join('') ?? '');
  }
  return { kind: 'error', text: '无法识别的单元格内容' };
}

function formulaOf(cell: Cell): { formula: string; result: Content } | null {
  const v = cell.value as unknown;
  if (!v || typeof v !== 'object' || !('formula' in v || 'sharedFormula' in v)) return null;
  const f = cell.formula ?? (v as { formula?: string }).formula;
  if (!f) return null;
  const result = (v as { result?: RawValue }).result;
  return { formula: f, result: plainContent(result === undefined ? null : (result as RawValue)) };
}

/** The cell a reader should look at: the master of a merged range. */
export function masterCell(cell: Cell): Cell {
  return cell.isMerged && cell.master && cell.master.address !== cell.address ? cell.master : cell;
}

const close = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));

/**
 * Settles formulas across a workbook: a formula this evaluator understands is computed from the
 * cells it refers to (so a file written by a script without results still reads right, and a stale
 * result is caught); any other formula uses the result Excel cached, or is reported uncalculated.
 */
export class Calc {
  private memo = new Map<string, Resolved>();
  private busy = new Set<string>();

  constructor(private readonly wb: Workbook) {}

  reset(): void {
    this.memo.clear();
  }

  /** A cell for reading data: merged ranges answer with their master cell's value. */
  read(ws: Worksheet, row: number, col: number): Resolved {
    const cell = masterCell(ws.getRow(row).getCell(col));
    return this.resolve(ws, cell);
  }

  resolve(ws: Worksheet, cell: Cell): Resolved {
    const key = `${ws.name}!${cell.address}`;
    const hit = this.memo.get(key);
    if (hit) return hit;
    const f = formulaOf(cell);
    let out: Resolved;
    if (!f) out = { content: plainContent(cell.value), address: cell.address };
    else if (this.busy.has(key)) out = { content: { kind: 'error', text: '循环引用' }, formula: f.formula, address: cell.address };
    // The cells being computed are the chain that led here: past the limit this one is not
    // computed (its saved result stands, as for any formula the evaluator cannot compute).
    else if (this.busy.size >= MAX_FORMULA_CHAIN)
      out = f.result.kind !== 'empty' ? { content: f.result, formula: f.formula, address: cell.address } : { content: { kind: 'empty' }, formula: f.formula, address: cell.address, uncalculated: CHAIN_TOO_DEEP, tooDeep: true };
    else {
      this.busy.add(key);
      try {
        out = this.compute(ws, cell, f);
      } finally {
        this.busy.delete(key);
      }
    }
    if (cell.numFmt) out.numFmt = cell.numFmt;
    this.memo.set(key, out);
    return out;
  }

  private compute(ws: Worksheet, cell: Cell, f: { formula: string; result: Content }): Resolved {
    const base = { formula: f.formula, address: cell.address };
    let computed: Dec;
    try {
      computed = evaluateFormula(f.formula, { cell: (sheet, c, r) => this.refValue(sheet ? this.wb.getWorksheet(sheet) : ws, sheet, c, r) });
    } catch (e) {
      if (!(e instanceof FormulaError)) throw e;
      if (f.result.kind !== 'empty') return { ...base, content: f.result };
      return { ...base, content: { kind: 'empty' }, uncalculated: e.message, ...(e.tooDeep ? { tooDeep: true } : {}) };
    }
    const value = cleanNumber(computed.toNumber());
    // Past what a number can hold (1E+308 × 10): Excel shows #NUM!.
    if (!Number.isFinite(value)) return { ...base, content: { kind: 'error', text: '#NUM!' } };
    const out: Resolved = { ...base, content: { kind: 'number', value } };
    if (f.result.kind === 'number' && !close(f.result.value, value)) out.stale = { cached: f.result.value, computed: value };
    if (f.result.kind === 'text' || f.result.kind === 'error') out.stale = { cached: NaN, computed: value };
    return out;
  }

  private refValue(ws: Worksheet | undefined, sheet: string | null, col: number, row: number): RefValue {
    if (!ws) return { kind: 'error', message: `所在的工作表“${sheet}”不存在` };
    const cell = ws.findCell(row, col);
    if (!cell) return { kind: 'empty' };
    // In a formula a merged range's other cells are blank, as in Excel.
    if (cell.isMerged && cell.master && cell.master.address !== cell.address) return { kind: 'empty' };
    const r = this.resolve(ws, cell);
    if (r.uncalculated) return { kind: 'error', message: `的公式 =${excerpt(r.formula ?? '')} 没有计算结果`, ...(r.tooDeep ? { tooDeep: true } : {}) };
    const c = r.content;
    switch (c.kind) {
      case 'empty':
        return { kind: 'empty' };
      case 'number':
        return { kind: 'number', value: new D(c.value) };
      case 'text': {
        const n = parseNumberText(c.text);
        return { kind: 'text', text: normalizeText(c.text), number: n ? (n.percent ? n.value.div(100) : n.value) : null };
      }
      case 'bool':
        return { kind: 'number', value: new D(c.value ? 1 : 0) };
      case 'date':
        return { kind: 'error', message: '是日期' };
      case 'error':
        return { kind: 'error', message: `的值为错误 ${excerpt(c.text)}` };
    }
  }
}

