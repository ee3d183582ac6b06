import type { Cell } from 'exceljs';
import { D } from '../compose/num';
import { isoToDate } from './cells';
import { listValidation, INPUT_FILL, OFF_FILL, style, WRAP } from './look';
import type { ValueType } from './spec';

// An input cell of any sheet: its value as the cell holds it, number format, alignment and the
// data validation of its type. Shared by the writers of every sheet type.

export const NUM_FMT: Record<ValueType, string> = {
  amount: 'General',
  number: 'General',
  rate: '0.00##%',
  count: '0',
  int: '0',
  text: '@',
  longtext: '@',
  date: 'yyyy-mm-dd',
  kind: '@',
  bool: '@',
  digits: '0',
};

/** How a 是/否 cell shows a boolean. */
export const YES = '是';
export const NO = '否';

// ── Cells ───────────────────────────────────────────────────────────────────────────────────────
export function validation(type: ValueType, unit: string | undefined): Cell['dataValidation'] | undefined {
  const base = { allowBlank: true, showErrorMessage: true, errorStyle: 'stop', errorTitle: '数据有误' };
  switch (type) {
    case 'amount':
    case 'number':
      return { ...base, type: 'decimal', operator: 'between', formulae: [-1e15, 1e15], error: `请填写数字${unit ? `（单位：${unit}）` : ''}，不要带单位、文字或千分位以外的符号。` };
    case 'rate':
      return { ...base, type: 'decimal', operator: 'between', formulae: [-1000, 1000], error: '请填写百分比，如 100.08%（比上年下降填负数，如 -0.52%）。' };
    case 'count':
      return { ...base, type: 'whole', operator: 'between', formulae: [0, 1e9], error: '请填写不小于 0 的整数。' };
    case 'int':
      return { ...base, type: 'whole', operator: 'between', formulae: [1900, 2200], error: '请填写四位年份，如 2024。' };
    case 'digits':
      return { ...base, type: 'whole', operator: 'between', formulae: [0, 4], error: '小数位数请填 0 至 4。' };
    case 'bool':
      return listValidation([YES, NO]);
    default:
      return undefined;
  }
}

/** A dataset value as the cell holds it: rates as fractions under a percent format, dates as dates. */
function cellValue(type: ValueType, v: unknown, kindName: string): Cell['value'] {
  if (type === 'kind') return kindName;
  if (v === undefined || v === null) return null;
  if (type === 'rate' && typeof v === 'number') return new D(v).div(100).toNumber();
  if (type === 'date' && typeof v === 'string') return isoToDate(v) ?? v;
  if (type === 'bool' && typeof v === 'boolean') return v ? YES : NO;
  if (typeof v === 'number' || typeof v === 'string') return v;
  return String(v);
}

export function inputCell(cell: Cell, type: ValueType, unit: string | undefined, v: unknown, kindName: string) {
  cell.value = cellValue(type, v, kindName);
  const locked = type === 'kind';
  style(cell, {
    fill: locked ? OFF_FILL : INPUT_FILL,
    locked,
    numFmt: NUM_FMT[type],
    align:
      type === 'text' || type === 'longtext' || type === 'date' || type === 'int' || type === 'kind'
        ? { ...WRAP, horizontal: 'left' }
        : type === 'bool' || type === 'digits'
          ? { horizontal: 'center' }
          : undefined,
  });
  const dv = validation(type, unit);
  if (dv) cell.dataValidation = dv;
}

