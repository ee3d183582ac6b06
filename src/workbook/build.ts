import type { Cell, Workbook, Worksheet } from 'exceljs';
import { unzipSync, zipSync, type Zippable } from 'fflate';
import { D } from '../compose/num';
import { parsePath, pathToString, type PathSegment } from '../load/path';
import { sectionsOf } from './schema-paths';
import { Calc } from './access';
import { loadExcel } from './excel';
import { inputCell, YES } from './input';
import { columnLetters } from './formula';
import type { FiguresSheet, GridSheet, KindWorkbook, ListRow, NarrativeSheet, SheetSpec, ValueRow, ValueType } from './spec';
import { formOf } from './fit';
import { writeClassified } from './build-classified';
import { writeTables } from './build-tables';
import { writeOutline } from './build-outline';
import { writeStyle } from './build-style';
import { CITABLE_FIGURES, citableName } from '../validate/figure-names';
import { fitHeight, FONT, FORMULA_FILL, frame, INPUT_FILL, listValidation, OFF_FILL, sectionRow, style, WRAP } from './look';

/**
 * Writes a report kind's workbook: blank (init) or filled from a dataset (export). Pure: a value
 * in, bytes out; exceljs is loaded only when a workbook is written.
 */

export interface BuildOptions {
  /** A dataset to fill in (export); without it the workbook is blank (init). */
  data?: unknown;
  /** Values for a blank workbook, by dataset path (init --district / --year). */
  prefill?: Record<string, string | number>;
}

const FIGURE_METHODS: [string, string][] = [
  ['from', '引用'],
  ['sum', '求和'],
  ['difference', '差额'],
  ['ratio', '比率'],
  ['growth', '增长率'],
];
export const METHOD_NAMES = new Map(FIGURE_METHODS.map(([k, v]) => [v, k]));
export const METHOD_LABELS = new Map(FIGURE_METHODS);

// ── Column keys (row 1, hidden) ─────────────────────────────────────────────────────────────────
export function gridColumns(sheet: GridSheet): string[] {
  return ['label', 'unit', ...sheet.columns.map((c) => c.key), ...(sheet.listColumns ?? []).map((c) => c.key), 'note'];
}
export const NARRATIVE_COLUMNS = ['part', 'order', 'point', 'lead', 'text', 'note'];
export const FIGURE_COLUMNS = ['name', 'value', 'method', 'operands', 'unit', 'show', 'digits', 'word', 'note'];

// ── Data access ─────────────────────────────────────────────────────────────────────────────────
function getAt(root: unknown, path: readonly PathSegment[]): unknown {
  let cur = root;
  for (const seg of path) {
    if (cur === null || typeof cur !== 'object' || !Object.prototype.hasOwnProperty.call(cur, seg)) return undefined;
    cur = (cur as Record<string, unknown>)[seg as string];
  }
  return cur;
}
const at = (root: unknown, path: string) => getAt(root, parsePath(path));

// ── Grid sheets ─────────────────────────────────────────────────────────────────────────────────
interface GridLayout {
  /** Row of each value row, by its spec path. */
  rows: Map<string, number>;
  /**
   * Rows of each list: header and last (spare) row, the column of its amount, and where it has
   * them, the columns marking a deducted line and a part of another line.
   */
  lists: Map<string, { first: number; last: number; col: number; deductCol?: number; partCol?: number }>;
  formulas: { row: number; col: number; formula: string; path: string }[];
  /** The first value column: where a row without "*" keeps its value. */
  firstValueCol: number;
}

function writeGrid(ws: Worksheet, sheet: GridSheet, spec: KindWorkbook, data: unknown, prefill: Record<string, string | number>): GridLayout {
  const columns = gridColumns(sheet);
  const colOf = (key: string) => columns.indexOf(key) + 2;
  const valueCols = sheet.columns.map((c) => colOf(c.key));
  const listCols = (sheet.listColumns ?? []).map((c) => colOf(c.key));
  const noteCol = colOf('note');
  const textual = sheet.columns.length === 1 && sheet.rows.some((r) => r.kind === 'value' && (r.type === 'text' || r.type === 'longtext'));
  const valueWidth = textual ? 48 : 16;
  frame(
    ws,
    sheet,
    columns,
    ['项目', '单位', ...sheet.columns.map((c) => c.title), ...(sheet.listColumns ?? []).map((c) => c.title), '说明'],
    [46, 7, ...sheet.columns.map(() => valueWidth), ...(sheet.listColumns ?? []).map((c) => (c.key === 'deduct' ? 8 : 16)), 30],
  );
  const filled = data !== undefined;
  const value = (path: string) => (filled ? at(data, path) : prefill[path]);
  const layout: GridLayout = { rows: new Map(), lists: new Map(), formulas: [], firstValueCol: valueCols[0]! };
  let r = 4;
  if (sheet.note) sectionRow(ws, r++, sheet.note, noteCol, '#help');

  const noteCell = (row: number, hint?: string) => {
    const c = ws.getCell(row, noteCol);
    style(c, { locked: false, align: { ...WRAP, horizontal: 'left' }, font: { color: { argb: 'FF7F7F7F' } } });
    if (hint) c.value = hint;
  };

  for (const row of sheet.rows) {
    if (row.kind === 'section') {
      sectionRow(ws, r++, row.label, noteCol);
      continue;
    }
    if (row.kind === 'value') {
      ws.getCell(r, 1).value = row.path;
      style(ws.getCell(r, 2), { align: { ...WRAP, horizontal: 'left' }, font: row.formula ? { bold: true } : {} });
      ws.getCell(r, 2).value = row.label;
      style(ws.getCell(r, colOf('unit')), { align: { horizontal: 'center' } });
      ws.getCell(r, colOf('unit')).value = row.unit ?? null;
      const scoped = row.path.includes('*');
      const cols = scoped ? sheet.columns : sheet.columns.slice(0, 1);
      for (const col of cols) {
        const path = row.path.replace(/\*/g, col.key);
        const cell = ws.getCell(r, colOf(col.key));
        const v = value(path);
        inputCell(cell, row.type, row.unit, row.choices ? (row.choices.find((c) => c.value === v)?.label ?? v) : v, spec.name);
        if (row.choices) cell.dataValidation = listValidation(row.choices.map((c) => c.label));
        if (row.formula) {
          cell.fill = FORMULA_FILL;
          layout.formulas.push({ row: r, col: colOf(col.key), formula: row.formula.replace(/\*/g, col.key), path });
        }
      }
      if (!scoped && sheet.columns.length > 1) ws.mergeCells(r, valueCols[0]!, r, valueCols[valueCols.length - 1]!);
      for (const c of listCols) style(ws.getCell(r, c), { fill: OFF_FILL });
      const texts = cols.map((c) => value(row.path.replace(/\*/g, c.key))).filter((v): v is string => typeof v === 'string');
      fitHeight(ws, r, [
        ...texts.map((t) => ({ text: t, width: scoped ? valueWidth : valueWidth * sheet.columns.length })),
        { text: row.label, width: 46 },
        { text: row.hint ?? '', width: 30 },
      ]);
      noteCell(r, row.hint);
      layout.rows.set(row.path, r);
      r++;
      continue;
    }
    r = writeList(ws, row, r, colOf, [...valueCols, ...listCols], noteCell, filled ? at(data, row.path) : undefined, layout);
  }
  return layout;
}

/** A list's items in row order: each item, then its parts (and theirs), naming the item they are part of. */
function listRows(list: ListRow, items: unknown[]): { item: unknown; partOf?: string }[] {
  const parts = list.parts;
  const labelField = list.fields.find((f) => f.column === 'label')?.field;
  const out: { item: unknown; partOf?: string }[] = [];
  const walk = (level: unknown[], partOf: string | undefined) => {
    for (const item of level) {
      out.push(partOf === undefined ? { item } : { item, partOf });
      const own = parts && labelField ? getAt(item, [parts.field]) : undefined;
      if (Array.isArray(own)) walk(own, String(getAt(item, [labelField!]) ?? ''));
    }
  };
  walk(items, undefined);
  return out;
}

function writeList(
  ws: Worksheet,
  list: ListRow,
  start: number,
  colOf: (k: string) => number,
  valueCols: number[],
  noteCell: (row: number) => void,
  items: unknown,
  layout: GridLayout,
): number {
  let r = start;
  sectionRow(ws, r, list.label, colOf('note'), '#list');
  ws.getCell(r, 2).font = { ...FONT, italic: true, color: { argb: 'FF595959' } };
  r++;
  const present = listRows(list, Array.isArray(items) ? items : []);
  const count = present.length + (items === undefined ? Math.max(list.blankRows ?? 3, 1) : 2);
  const labelField = list.fields.find((f) => f.column === 'label');
  for (let i = 0; i < count; i++) {
    const { item, partOf } = present[i] ?? { item: undefined };
    ws.getCell(r, 1).value = `${list.path}[${i}]`;
    // An item of a list with forms: the label column names its form, the value sits in the form's field.
    const form = list.forms ? (item === undefined ? list.forms[0] : formOf(list.forms, item)) : undefined;
    if (form === null) throw new Error(`workbook: ${list.path}[${i}] fits no form (export checks workbookUnfits first)`);
    const fieldValue = (field: string | null) => (item === undefined ? undefined : field === null ? (form?.field ? getAt(item, [form.field]) : item) : getAt(item, [field]));
    if (list.forms) {
      inputCell(ws.getCell(r, 2), 'text', undefined, form!.label, '');
      ws.getCell(r, 2).dataValidation = listValidation(list.forms.map((f) => f.label));
    } else if (labelField) inputCell(ws.getCell(r, 2), labelField.type, undefined, fieldValue(labelField.field), '');
    else {
      style(ws.getCell(r, 2), { align: { horizontal: 'left' } });
      ws.getCell(r, 2).value = list.itemLabel ?? '';
    }
    style(ws.getCell(r, colOf('unit')), { align: { horizontal: 'center' } });
    ws.getCell(r, colOf('unit')).value = list.unit ?? null;
    for (const vc of valueCols) {
      const field = list.fields.find((f) => colOf(f.column) === vc);
      const cell = ws.getCell(r, vc);
      if (field) inputCell(cell, field.type, list.unit, fieldValue(field.field), '');
      else if (list.parts && colOf(list.parts.column) === vc) inputCell(cell, 'text', undefined, partOf, '');
      else style(cell, { fill: OFF_FILL });
    }
    const texts = list.fields.map((f) => fieldValue(f.field)).filter((v): v is string => typeof v === 'string');
    fitHeight(ws, r, texts.map((t) => ({ text: t, width: labelField && labelField.field !== null ? 46 : 48 })));
    noteCell(r);
    r++;
  }
  const amount = list.fields.find((f) => f.column !== 'label' && (f.type === 'amount' || f.type === 'number'));
  const deduct = list.fields.find((f) => f.type === 'bool');
  if (amount)
    layout.lists.set(list.path, {
      first: start,
      last: r - 1,
      col: colOf(amount.column),
      ...(deduct ? { deductCol: colOf(deduct.column) } : {}),
      ...(list.parts ? { partCol: colOf(list.parts.column) } : {}),
    });
  return r;
}

/** "{a.*.b}+{a.*.lines}" for one column → "D6+SUM(D12:D18)". */
function expandFormula(template: string, col: number, layout: GridLayout): string {
  return template.replace(/\{([^}]+)\}/g, (_m, path: string) => {
    const list = layout.lists.get(path);
    if (list) {
      const range = (c: number) => `${columnLetters(c)}${list.first}:${columnLetters(c)}${list.last}`;
      if (list.deductCol === undefined && list.partCol === undefined) return `SUM(${range(list.col)})`;
      // Deducted lines are taken off, parts of a line are already in its amount.
      const sum = (deducted: boolean) =>
        `SUMIFS(${[range(list.col), ...(list.deductCol !== undefined ? [range(list.deductCol), `"${deducted ? '' : '<>'}${YES}"`] : []), ...(list.partCol !== undefined ? [range(list.partCol), '""'] : [])].join(',')})`;
      return list.deductCol === undefined ? sum(false) : `(${sum(false)}-${sum(true)})`;
    }
    // The row's pattern has "*" where this formula's column key now stands.
    for (const [pattern, row] of layout.rows) {
      const re = new RegExp(`^${pattern.replace(/[.[\]]/g, (c) => `\\${c}`).replace('*', '[^.]+')}$`);
      if (re.test(path)) return `${columnLetters(pattern.includes('*') ? col : layout.firstValueCol)}${row}`;
    }
    throw new Error(`workbook description: formula refers to ${path}, which has no row`);
  });
}

// ── Narrative sheet ─────────────────────────────────────────────────────────────────────────────
function writeNarrative(ws: Worksheet, sheet: NarrativeSheet, data: unknown) {
  const widths = [18, 6, 6, 30, 90, 20];
  frame(ws, sheet, NARRATIVE_COLUMNS, ['部分', '序号', '分项', '引领语', '正文', '说明'], widths);
  let r = 4;
  sectionRow(
    ws,
    r++,
    '每行一项：“分项”空着的行是一项的引领语和正文；“分项”填 1、2、3 的行是同一序号下的分项（一是……二是……）。文中数字写成 {{名称}}，名称见“数据表”。增加一项：撤销工作表保护（无密码）后复制整行插入，改序号。',
    7,
    '#help',
  );
  const row = (key: string, label: string, order: number, point: number | null, lead: unknown, text: unknown) => {
    ws.getCell(r, 1).value = key;
    style(ws.getCell(r, 2), { font: { color: { argb: 'FF595959' } }, align: { horizontal: 'left' } });
    ws.getCell(r, 2).value = label;
    const num = (c: number, v: number | null, max: number) => {
      const cell = ws.getCell(r, c);
      cell.value = v;
      style(cell, { fill: INPUT_FILL, locked: false, numFmt: '0', align: { horizontal: 'center' } });
      cell.dataValidation = { type: 'whole', operator: 'between', formulae: [1, max], allowBlank: true, showErrorMessage: true, errorTitle: '数据有误', error: `请填写 1 至 ${max} 的整数。` };
    };
    num(3, order, 999);
    num(4, point, 99);
    for (const [c, v, bold] of [
      [5, lead, point === null],
      [6, text, false],
    ] as const) {
      const cell = ws.getCell(r, c);
      cell.value = typeof v === 'string' ? v : null;
      style(cell, { fill: INPUT_FILL, locked: false, numFmt: '@', align: { ...WRAP, horizontal: 'left' }, font: bold ? { bold: true } : {} });
    }
    style(ws.getCell(r, 7), { locked: false, align: { ...WRAP, horizontal: 'left' } });
    fitHeight(ws, r, [
      { text: typeof lead === 'string' ? lead : '', width: widths[3]! },
      { text: typeof text === 'string' ? text : '', width: widths[4]! },
    ]);
    r++;
  };
  for (const part of sheet.parts) {
    sectionRow(ws, r++, part.label, 7);
    const items = data === undefined ? undefined : at(data, part.path);
    const list = Array.isArray(items) ? (items as Record<string, unknown>[]) : [];
    list.forEach((item, i) => {
      row(part.path, part.label, i + 1, null, item.lead, item.text);
      const points = Array.isArray(item.points) ? (item.points as Record<string, unknown>[]) : [];
      points.forEach((p, j) => row(part.path, part.label, i + 1, j + 1, p.lead, p.text));
    });
    const spare = data === undefined ? (part.items ?? 3) : 2;
    for (let i = 0; i < spare; i++) {
      row(part.path, part.label, list.length + i + 1, null, undefined, undefined);
      if (data === undefined) for (let j = 0; j < (part.points ?? 0); j++) row(part.path, part.label, i + 1, j + 1, undefined, undefined);
    }
  }
}

// ── Figures sheet ───────────────────────────────────────────────────────────────────────────────
const SEPARATORS = /[、，,；;\n]/;

function writeFigures(ws: Worksheet, sheet: FiguresSheet, data: unknown, citable: readonly { name: string; path: string }[]) {
  const citableRows = citable.length;
  const widths = [24, 12, 10, 44, 8, 8, 7, 7, 24];
  frame(ws, sheet, FIGURE_COLUMNS, ['名称', '数值', '计算方式', '计算对象', '单位', '显示为', '小数位', '用词', '说明'], widths);
  let r = 4;
  sectionRow(
    ws,
    r++,
    sheet.citable
      ? `每行一个数：直接给出的数填“数值”；由其他数得出的，选“计算方式”：引用（“计算对象”从下拉列表中选择数据的名称，如 ${citable.find((f) => f.name === '上半年全区一般公共预算收入')?.name ?? citable[0]?.name ?? '年度'}；全部名称及所在的表见“${CITABLE_SHEET}”表）、求和`
      : '每行一个数：直接给出的数填“数值”；由其他数得出的，选“计算方式”：引用（“计算对象”填数据路径，如 firstHalf.general.district.income.amount）、求和、差额、比率、增长率（“计算对象”填本表中的名称，用“、”分隔），“数值”留空由程序计算；“数值”和“计算方式”都填时，报告印出所填数值，并按计算方式核对（按所填小数位，亿元数按万元数四舍五入）。单位：万元、亿元、%、个百分点或量词（个、户、家……）；“显示为 亿元”把万元折算为亿元；“用词 增减”输出“增长/下降”。',
    10,
    '#help',
  );
  const table = data === undefined ? undefined : at(data, sheet.path);
  const entries = table && typeof table === 'object' ? Object.entries(table as Record<string, Record<string, unknown>>) : [];
  const lists = (names: string[]) => names.join(names.some((n) => SEPARATORS.test(n)) ? '\n' : '、');
  const count = entries.length + (data === undefined ? (sheet.blankRows ?? 20) : 5);
  for (let i = 0; i < count; i++) {
    const [name, f] = entries[i] ?? [undefined, {} as Record<string, unknown>];
    ws.getCell(r, 1).value = sheet.path;
    const method = FIGURE_METHODS.find(([k]) => f[k] !== undefined);
    const operands = method ? f[method[0]] : undefined;
    const values: [string, unknown, string][] = [
      ['name', name, '@'],
      ['value', f.value, 'General'],
      ['method', method?.[1], '@'],
      ['operands', Array.isArray(operands) ? lists(operands.map(String)) : typeof operands === 'string' && method?.[0] === 'from' ? (citableName(operands) ?? operands) : operands, '@'],
      ['unit', f.unit, '@'],
      ['show', f.show, '@'],
      ['digits', f.digits, '0'],
      ['word', f.word, '@'],
      ['note', undefined, '@'],
    ];
    values.forEach(([key, v, numFmt]) => {
      const cell = ws.getCell(r, FIGURE_COLUMNS.indexOf(key) + 2);
      cell.value = v === undefined ? null : (v as string | number);
      style(cell, { fill: key === 'note' ? undefined : INPUT_FILL, locked: false, numFmt, align: { ...WRAP, horizontal: key === 'name' || key === 'operands' || key === 'note' ? 'left' : 'center' } });
    });
    const dv = (key: string, v: Cell['dataValidation']) => (ws.getCell(r, FIGURE_COLUMNS.indexOf(key) + 2).dataValidation = v);
    const list = listValidation;
    dv('value', { type: 'decimal', operator: 'between', formulae: [-1e15, 1e15], allowBlank: true, showErrorMessage: true, errorTitle: '数据有误', error: '请填写数字，不要带单位或文字。' });
    dv('method', list(FIGURE_METHODS.map(([, v]) => v)));
    // The names a 引用 may cite; other text (a 求和's names from this table, an older workbook's path) is allowed.
    if (citableRows) dv('operands', { type: 'list', formulae: [`'${CITABLE_SHEET}'!$B$4:$B$${citableRows + 3}`], allowBlank: true, showErrorMessage: false });
    dv('unit', list(['万元', '亿元', '%', '个百分点', '个', '户', '家', '项', '人次'], false));
    dv('show', list(['万元', '亿元']));
    dv('digits', { type: 'whole', operator: 'between', formulae: [0, 4], allowBlank: true, showErrorMessage: true, errorTitle: '数据有误', error: '小数位请填 0 至 4。' });
    dv('word', list(['增减']));
    if (typeof operands === 'string' || Array.isArray(operands)) fitHeight(ws, r, [{ text: Array.isArray(operands) ? lists(operands.map(String)) : operands, width: 44 }]);
    r++;
  }
}

// ── Workbook ────────────────────────────────────────────────────────────────────────────────────
const FIXED_TIME = new Date(Date.UTC(2020, 0, 1));

/** Whether the dataset holds nothing at a path but these totals (and empty lists). */
function onlyTotals(data: unknown, path: PathSegment[], totals: ReadonlySet<string>): boolean {
  const v = getAt(data, path);
  if (Array.isArray(v)) return v.every((x, i) => onlyTotals(data, [...path, i], totals));
  if (v && typeof v === 'object') return Object.keys(v).every((k) => onlyTotals(data, [...path, k], totals));
  return v === undefined || totals.has(pathToString(path));
}

/** Settles the formulas of a grid sheet: kept where they reproduce the dataset, else the value. */
function settleFormulas(wb: Workbook, ws: Worksheet, layout: GridLayout, data: unknown, spec: KindWorkbook) {
  const totals = new Set(layout.formulas.map((f) => f.path));
  for (const f of layout.formulas) {
    const cell = ws.getCell(f.row, f.col);
    const formula = expandFormula(f.formula, f.col, layout);
    cell.value = { formula } as Cell['value'];
    // A section of nothing but totals (a budget the district has none of: all zeros) is typed, so
    // that it reads back as there; a section of formulas alone is one left empty.
    const want = data === undefined ? undefined : at(data, f.path);
    const sections = sectionsOf(spec.schema, parsePath(f.path)).sections;
    const inner = sections[sections.length - 1];
    if (typeof want === 'number' && inner && onlyTotals(data, inner, totals)) cell.value = want;
  }
  if (data === undefined) return; // a blank workbook: Excel computes on opening (fullCalcOnLoad)
  const calc = new Calc(wb);
  // Replace a formula whose result is not the dataset's figure by the figure, then settle again:
  // a written total must read back as the dataset has it, and show the same after Excel recalculates.
  for (let pass = 0; pass < layout.formulas.length + 1; pass++) {
    calc.reset();
    let changed = false;
    for (const f of layout.formulas) {
      const cell = ws.getCell(f.row, f.col);
      const v = cell.value as { formula?: string } | number | null;
      if (!v || typeof v !== 'object' || !v.formula) continue;
      const want = at(data, f.path);
      // A total of a section the dataset has not: the formula stays, for the writer who fills it in.
      if (want === undefined) continue;
      const got = calc.resolve(ws, cell);
      if (typeof want === 'number' && got.content.kind === 'number' && new D(got.content.value).eq(want) && !got.uncalculated) continue;
      cell.value = typeof want === 'number' ? want : null;
      changed = true;
    }
    if (!changed) break;
  }
  calc.reset();
  for (const f of layout.formulas) {
    const cell = ws.getCell(f.row, f.col);
    const v = cell.value as { formula?: string } | null;
    const want = at(data, f.path);
    if (v && typeof v === 'object' && v.formula) cell.value = (typeof want === 'number' ? { formula: v.formula, result: want } : { formula: v.formula }) as Cell['value'];
  }
}

/** Rezips with fixed timestamps so the same dataset always gives the same bytes. */
function deterministic(bytes: Uint8Array): Buffer {
  const files = unzipSync(bytes);
  const out: Zippable = {};
  for (const [name, content] of Object.entries(files)) out[name] = [content, { mtime: FIXED_TIME, level: 6 }];
  return Buffer.from(zipSync(out));
}

export async function buildWorkbook(spec: KindWorkbook, options: BuildOptions = {}): Promise<Buffer> {
  const ExcelJS = await loadExcel();
  const wb = new ExcelJS.Workbook();
  wb.creator = 'fiscal-report';
  wb.lastModifiedBy = 'fiscal-report';
  wb.created = FIXED_TIME;
  wb.modified = FIXED_TIME;
  wb.calcProperties.fullCalcOnLoad = true;
  const prefill = options.prefill ?? {};
  for (const sheet of spec.sheets) {
    const ws = wb.addWorksheet(sheet.name, { properties: { defaultRowHeight: 18 } });
    if (sheet.type === 'grid') {
      const layout = writeGrid(ws, sheet, spec, options.data, prefill);
      settleFormulas(wb, ws, layout, options.data, spec);
    } else if (sheet.type === 'narrative') writeNarrative(ws, sheet, options.data);
    else if (sheet.type === 'figures') writeFigures(ws, sheet, options.data, sheet.citable ? citableFor(spec) : []);
    else if (sheet.type === 'outline') writeOutline(ws, sheet, options.data);
    else if (sheet.type === 'style') writeStyle(ws, sheet, options.data);
    else if (sheet.type === 'classified') {
      // A paste area for the finance system's export: unprotected, no hidden keys.
      writeClassified(ws, sheet, options.data);
      continue;
    } else {
      // A paste area: merging cells and pasting tables needs an unprotected sheet.
      writeTables(ws, sheet, options.data);
      continue;
    }
    // No password: protection guards labels and keys against slips, not against the writer.
    // Sorting stays off: a sort of the visible columns would part rows from their hidden keys.
    await ws.protect('', {
      selectLockedCells: true,
      selectUnlockedCells: true,
      formatCells: true,
      formatColumns: true,
      formatRows: true,
      insertRows: true,
      deleteRows: true,
      sort: false,
      autoFilter: false,
    });
  }
  if (spec.sheets.some((sh) => sh.type === 'figures' && sh.citable)) await writeCitable(wb.addWorksheet(CITABLE_SHEET, { properties: { defaultRowHeight: 18 } }), spec);
  return deterministic(new Uint8Array(await wb.xlsx.writeBuffer()));
}

/**
 * The names a figures-table 引用 may cite in this kind's workbook: every name for the final-accounts
 * report (some are computed, not filled in); for the other kinds, those filled in on their sheets.
 */
function citableFor(spec: KindWorkbook): readonly { name: string; path: string }[] {
  return spec.kind === 'final-accounts' ? CITABLE_FIGURES : CITABLE_FIGURES.filter((f) => filledAt(spec, f.path));
}

// ── Citable figures ─────────────────────────────────────────────────────────────────────────────
/** The sheet listing the names a figures-table 引用 may cite, each with the sheet and row it is filled in. */
export const CITABLE_SHEET = '可引用的数据';

/** Where a dataset path is filled in: its sheet and row label (with the column, for a scoped row). */
export function filledAt(spec: KindWorkbook, path: string): { sheet: string; label: string } | null {
  for (const sheet of spec.sheets) {
    if (sheet.type !== 'grid') continue;
    for (const row of sheet.rows) {
      if (row.kind !== 'value') continue;
      const col = row.path.includes('*') ? sheet.columns.find((c) => row.path.replace(/\*/g, c.key) === path) : row.path === path ? null : undefined;
      if (col === undefined) continue;
      const label = row.label.trim().replace(/（可不填.*?）$/, '');
      return { sheet: sheet.name, label: col ? `${label}（${col.title}）` : label };
    }
  }
  return null;
}

async function writeCitable(ws: Worksheet, spec: KindWorkbook) {
  const sheet = { id: 'citable', title: `${CITABLE_SHEET}（“数据表”中“计算方式”为引用时，“计算对象”填这里的名称）` } as SheetSpec;
  frame(ws, sheet, ['name', 'sheet', 'label'], ['名称', '填写在工作表', '项目'], [34, 20, 40]);
  let r = 4;
  for (const f of citableFor(spec)) {
    const at = filledAt(spec, f.path);
    ws.getCell(r, 1).value = f.path;
    const values = [f.name, at?.sheet ?? '', at?.label ?? ''];
    values.forEach((v, i) => {
      const cell = ws.getCell(r, i + 2);
      cell.value = v;
      style(cell, { align: { horizontal: 'left' } });
    });
    r++;
  }
  await ws.protect('', { selectLockedCells: true, selectUnlockedCells: true, formatColumns: true, sort: false, autoFilter: false });
}
