import { spawnSync } from 'node:child_process';
import { D } from '../src/compose/num';
import { parseDateText, parseNumberText, serialToIso } from '../src/workbook/cells';
import { percentShown } from '../src/workbook/num-format';
import { evaluateFormula, FormulaError, type RefValue } from '../src/workbook/formula';
import { ROOT } from './helpers';

describe('numbers typed as text', () => {
  it.each([
    ['470383', '470383', false],
    ['470,383', '470383', false],
    ['1,234,567.89', '1234567.89', false],
    ['１２３．５', '123.5', false],
    ['-0.52%', '-0.52', true],
    ['－５％', '-5', true],
    ['.5', '0.5', false],
    ['5.', '5', false],
    ['1e3', '1000', false],
  ])('%j → %s (percent %p)', (text, value, percent) => {
    const n = parseNumberText(text);
    expect(n && [n.value.toFixed(), n.percent]).toEqual([value, percent]);
  });

  it.each(['', '-', '.', '约47亿', '12,34', '1,2345', '1 2', '470383万元', '(100)', 'NaN', '1.2.3'])('%j is not a number', (text) => {
    expect(parseNumberText(text)).toBeNull();
  });
});

it('percent formats are told from others by the % outside quotes and brackets', () => {
  expect(['0%', '0.00%', '0.00##%', '#,##0.0%;[Red]-#,##0.0%'].every((f) => percentShown(f, 1))).toBe(true);
  expect(['General', '0.00', '0.00"%"', '0.00\\%', '[$%-804]0.00', undefined].some((f) => percentShown(f, 1))).toBe(false);
});

it('dates typed the Chinese and the ISO way, and Excel serials', () => {
  expect(['2025-08-29', '2025/8/29', '2025.8.29', '2025年8月29日', ' 2025 年 8 月 29 日 '].map(parseDateText)).toEqual(Array(5).fill('2025-08-29'));
  expect(parseDateText('2025-02-30')).toBeNull();
  expect(serialToIso(45898)).toBe('2025-08-29');
  expect(serialToIso(44436, true)).toBe('2025-08-29');
});

describe('the formula evaluator', () => {
  const cells: Record<string, RefValue> = {
    A1: { kind: 'number', value: new D(1) },
    A2: { kind: 'number', value: new D(2.5) },
    A3: { kind: 'text', text: '1,000', number: new D(1000) },
    A4: { kind: 'text', text: '备注', number: null },
    A5: { kind: 'empty' },
    B1: { kind: 'error', message: '的值为错误 #REF!' },
  };
  const other: Record<string, RefValue> = { C3: { kind: 'number', value: new D(40) } };
  const refs = {
    cell: (sheet: string | null, col: number, row: number): RefValue => {
      const key = `${String.fromCharCode(64 + col)}${row}`;
      return (sheet ? (sheet === '一般 预算' ? other : {}) : cells)[key] ?? { kind: 'empty' };
    },
  };
  const ev = (f: string) => evaluateFormula(f, refs).toFixed();

  it.each([
    ['=A1+A2*2', '6'],
    ['-A1+(A2-A1)/0.5', '2'],
    ['SUM(A1:A5)', '1003.5'],
    ['SUM(A1,A2,10)-A5', '13.5'],
    ['$A$1+A$2', '3.5'],
    ["'一般 预算'!C3/4", '10'],
    ['ROUND(A2,0)+ABS(-2)', '5'],
    ['MAX(A1:A2)-MIN(A1:A2)', '1.5'],
    ['0.1+0.2', '0.3'],
  ])('%s = %s', (f, v) => expect(ev(f)).toBe(v));

  // A budget side's lines: amounts in D, 减项 in E, 含于 in F (the total leaves out parts, takes off deductions).
  const lines: Record<string, RefValue> = {
    D1: { kind: 'number', value: new D(300) },
    D2: { kind: 'number', value: new D(200) },
    F2: { kind: 'text', text: '上级补助收入', number: null },
    D3: { kind: 'number', value: new D(50) },
    E3: { kind: 'text', text: '是', number: null },
    D4: { kind: 'text', text: '20', number: new D(20) },
    E4: { kind: 'text', text: '否', number: null },
    E5: { kind: 'text', text: '是', number: null },
  };
  const lineRefs = { cell: (_s: string | null, col: number, row: number): RefValue => lines[`${String.fromCharCode(64 + col)}${row}`] ?? { kind: 'empty' } };
  it.each([
    ['SUMIFS(D1:D5,E1:E5,"<>是",F1:F5,"")-SUMIFS(D1:D5,E1:E5,"是",F1:F5,"")', '270'],
    ['SUMIF(E1:E5,"是",D1:D5)', '50'],
    ['SUMIF(F1:F5,"<>")+SUMIF(F1:F5,"=",D1:D5)', '370'],
    ['SUMIF(D1:D5,">=0")', 'unsupported'],
  ])('%s = %s', (f, v) => {
    let got: string;
    try {
      got = evaluateFormula(f, lineRefs).toFixed();
    } catch (e) {
      got = (e as FormulaError).reason;
    }
    expect(got).toBe(v);
  });

  it.each([
    ['VLOOKUP(1,A1:A2,1)', 'unsupported'],
    ['A1:A2', 'unsupported'],
    ['A:A', 'unsupported'],
    ['A1&A2', 'unsupported'],
    ['名称+1', 'unsupported'],
    ['A4+1', 'value'],
    ['B1+1', 'value'],
    ['A1/A5', 'value'],
  ])('%s is refused (%s), never guessed', (f, reason) => {
    expect.assertions(2);
    try {
      ev(f);
    } catch (e) {
      expect(e).toBeInstanceOf(FormulaError);
      expect((e as FormulaError).reason).toBe(reason);
    }
  });
});

it('building from JSON or asking for help never loads the workbook library (cold start)', () => {
  const probe = (file: string) => `
    const { main } = require('./src/cli');
    main(['--help'], { log() {}, error() {} }).then(async () => {
      const { loadDatasetFile } = require('./src/load/dataset');
      await loadDatasetFile(${JSON.stringify(file)});
      const loaded = Object.keys(require.cache).some((k) => k.includes('node_modules/exceljs'));
      process.stdout.write(loaded ? 'loaded' : 'not loaded');
    });`;
  const run = (file: string) => spawnSync(process.execPath, ['--import', 'tsx', '-e', probe(file)], { cwd: ROOT, encoding: 'utf8' }).stdout;
  expect(run('data/laiwu-2024.json')).toBe('not loaded');
  // The probe does see the library once a workbook is read.
  expect(run('data/laiwu-2024.xlsx')).toBe('loaded');
});
