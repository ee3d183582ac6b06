import type { Workbook, Worksheet } from 'exceljs';
import { D } from '../compose/num';
import { excerpt, FiscalError, type Issue, type Place } from '../model/issue';
import { labelPath } from '../validate/labels';
import { Calc, type Resolved } from '../workbook/access';
import { loadExcel } from '../workbook/excel';
import { FIGURE_COLUMNS, gridColumns, METHOD_LABELS, METHOD_NAMES, NARRATIVE_COLUMNS } from '../workbook/build';
import { describeMismatch, readFormat, unitShown } from '../workbook/num-format';
import { cleanNumber, dateToIso, normalizeText, parseDateText, parseNumberText, serialToIso } from '../workbook/cells';
import { columnLetters, columnNumber } from '../workbook/formula';
import { findWorkbook, WORKBOOKS } from '../workbook/kinds';
import { schemaAt, sectionsOf } from '../workbook/schema-paths';
import { NO, YES } from '../workbook/input';
import { readStyle } from './xlsx-style';
import { citedPath } from '../validate/figure-names';
import type { ClassifiedSheet, Choice, FiguresSheet, GridSheet, KindWorkbook, ListForm, ListRow, NarrativeSheet, SheetSpec, ValueRow, ValueType } from '../workbook/spec';
import { KEY_MARK, STYLE_COLUMNS } from '../workbook/spec';
import type { Loaded } from './json';
import { parsePath, pathToString, type PathSegment } from './path';
import { assertWorkbookBytes, assertZipWithinLimits, WORKBOOK_ZIP_LIMITS, type ZipLimits } from './sniff';
import type * as Fflate from 'fflate';
import { corruptEntry } from './zip-crc';
import { posix } from 'node:path';
import { xmlFault } from '../refresh/well-formed';
import { readTables } from './xlsx-tables';
import { classifiedHeaderRow, findClassifiedSheets, hasClassifiedFigures, readClassified } from './xlsx-classified';
import { CLASSIFIED_TABLES } from '../model/classified';
import { readOutline } from './xlsx-outline';
import { TABLE_COLUMNS } from '../workbook/build-tables';
import { mapSource } from './source-map';

/**
 * Reads a workbook written by `fiscal-report init` / `export` (and filled in, reordered, saved by
 * Excel, WPS or LibreOffice) into the same raw value the JSON loader gives, every value placed at
 * its Sheet!Cell. The kind's workbook description says which rows mean what; rows and columns
 * are found by their hidden keys. Problems are collected across the whole workbook and reported
 * together, each naming its cell and the fix; nothing unreadable is silently skipped or read as 0.
 */

export type CellPlace = { sheet: string; cell: string; label?: string };

/** A rate read from a percent-formatted cell at or above this stored value (1000%) is a percent typed into it. */
const PERCENT_SLIP = 10;

/** The amount units a table may state (亿 and 万 alone: 亿元 and 万元), longest first. */
const UNIT_WORD = '(?:人民币)?(万亿元|千万元|百万元|十万元|亿元|万元|千元|百元|元|亿|万)(?![\\p{Script=Han}A-Za-z0-9])';
/**
 * A table's statement of its amounts' unit: 单位：万元, （金额单位：元）, 单位：人民币元, 单位 万元,
 * 单位（元）, 单　位：元 — the unit a word of its own (编制单位：元氏县财政局 names the office, not a unit).
 */
const AMOUNT_UNIT = new RegExp(`(编制|填报|报送|预算|主管)?单\\s*位\\s*[:：]?\\s*[（(]?\\s*${UNIT_WORD}`, 'gu');
/** A column header's unit in brackets: 决算数（元）, 金额(万元). */
const HEADER_UNIT = new RegExp(`[（(]\\s*${UNIT_WORD}\\s*[）)]`, 'gu');
/** A unit statement whose unit is no amount unit read here (单位：千美元, 单位：万港元): said, not taken for 万元. */
const OTHER_UNIT = /(编制|填报|报送|预算|主管)?单\s*位\s*[:：]\s*[（(]?\s*([^\s，,；;、（）()]*元)(?![\p{Script=Han}A-Za-z0-9])/gu;
/** Each amount unit in 元. */
const UNIT_YUAN: Record<string, number> = { 元: 1, 百元: 100, 千元: 1e3, 万元: 1e4, 十万元: 1e5, 百万元: 1e6, 千万元: 1e7, 亿元: 1e8, 万亿元: 1e12 };
/** 亿 and 万 written alone. */
const UNIT_ALIAS: Record<string, string> = { 亿: '亿元', 万: '万元' };

const NUMERIC: ReadonlySet<ValueType> = new Set(['amount', 'rate', 'count', 'int', 'number', 'digits']);

/** What reading does with a number whose format shows fewer decimals than it holds (WorkbookReader.value). */
export type HiddenDecimals = 'round' | 'warn';

/** Sets a value at a path, creating objects and arrays; keys are plain own properties ("__proto__" too). */
function setAt(root: Record<string, unknown>, path: readonly PathSegment[], value: unknown): void {
  let cur: Record<string, unknown> | unknown[] = root;
  path.forEach((seg, i) => {
    const last = i === path.length - 1;
    const existing = (cur as Record<string, unknown>)[seg as string];
    const has = Object.prototype.hasOwnProperty.call(cur, seg);
    const next = last ? value : has && existing && typeof existing === 'object' ? existing : typeof path[i + 1] === 'number' ? [] : {};
    if (last || !has || !existing || typeof existing !== 'object') {
      Object.defineProperty(cur, seg, { value: next, enumerable: true, writable: true, configurable: true });
    }
    cur = next as Record<string, unknown>;
  });
}

function getAt(root: unknown, path: readonly PathSegment[]): unknown {
  let cur = root;
  for (const seg of path) {
    if (!cur || typeof cur !== 'object' || !Object.prototype.hasOwnProperty.call(cur, seg)) return undefined;
    cur = (cur as Record<string, unknown>)[seg as string];
  }
  return cur;
}

function deleteAt(root: Record<string, unknown>, path: readonly PathSegment[]): void {
  const parent = getAt(root, path.slice(0, -1));
  if (parent && typeof parent === 'object') delete (parent as Record<string, unknown>)[path[path.length - 1] as string];
}

function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (typeof v === 'object' && v && 'richText' in v && Array.isArray((v as { richText: unknown[] }).richText))
    return (v as { richText: { text: string }[] }).richText.map((r) => r.text).join('');
  if (typeof v === 'object' && v && 'result' in v) return cellText((v as { result: unknown }).result);
  return '';
}

/** A list's row as read: its fields' values, the form's field it wraps, the item it is part of. */
interface ListItemRow {
  row: number;
  values: Map<string | null, { value: unknown; at: CellPlace }>;
  wrap?: string;
  partOf?: { label: string; at: CellPlace };
}

export interface SheetIndex {
  ws: Worksheet;
  keyCol: number;
  /** Column key → column number, from the hidden row 1. */
  cols: Map<string, number>;
  /** Keys row 1 has in more than one column (a column copied with its key), with those columns. */
  twins: { key: string; cols: number[] }[];
  /** Later sheets with the same #sheet: id (a sheet copied with 移动或复制), in workbook order. */
  copies: Worksheet[];
}

export class WorkbookReader {
  readonly issues: Issue[] = [];
  readonly places = new Map<string, Omit<Place, 'file' | 'path'>>();
  readonly root: Record<string, unknown> = {};
  /**
   * Paths of values a writer typed (not a formula's result): a section of the dataset is there
   * when something was typed in it, so an empty sheet or column reads as absent, not as zeros.
   */
  private readonly inputs: string[] = [];
  /** Paths not read because of an error placed at another cell (unitAsWritten): not reported missing too. */
  readonly unread: string[] = [];
  /** Rows a grid sheet lacks; reported once it is known whether their section is there. */
  private readonly missingRows: { path: string; label: string; sheet: string; keyLetter: string }[] = [];
  private readonly calc: Calc;
  private readonly date1904: boolean;

  constructor(
    private readonly wb: Workbook,
    private readonly spec: KindWorkbook,
    private readonly file: string,
  ) {
    this.calc = new Calc(wb);
    this.date1904 = !!(wb.properties as { date1904?: boolean } | undefined)?.date1904;
  }

  // ── Issues and places ────────────────────────────────────────────────────────────────────────
  issue(code: string, message: string, at: CellPlace | { sheet: string }, path?: string, severity: 'error' | 'warning' = 'error', actual?: string, more?: { expected?: string; fix?: string }): void {
    const place: Place = { file: this.file, ...at };
    if (path !== undefined) place.path = path;
    const issue: Issue = { code, severity, message, place };
    if (actual !== undefined) issue.actual = actual;
    if (more?.expected !== undefined) issue.expected = more.expected;
    if (more?.fix !== undefined) issue.fix = more.fix;
    this.issues.push(issue);
  }

  place(path: string, at: CellPlace): void {
    if (!this.places.has(path)) this.places.set(path, at);
  }

  ensureParent(path: string): void {
    const segs = parsePath(path).slice(0, -1);
    let cur: Record<string, unknown> = this.root;
    for (const seg of segs) {
      const next = cur[seg as string];
      if (next && typeof next === 'object') cur = next as Record<string, unknown>;
      else {
        const made = {};
        setAt(cur, [seg], made);
        cur = made;
      }
    }
  }

  set(path: string, value: unknown, at?: CellPlace): void {
    setAt(this.root, parsePath(path), value);
    if (at) this.place(path, at);
  }

  // ── Cells → values ───────────────────────────────────────────────────────────────────────────
  /**
   * A cell's value as the dataset holds it, or undefined for an empty cell (and for a cell in error,
   * after reporting it). Rates follow what the cell shows: 100.08% (holding 1.0008) is 100.08.
   * `decimals`, for a number whose format shows fewer decimals than the report prints (see convert):
   * 'round' reads it as the sheet shows it (a dataset's own tables); 'warn' reads it as it is and,
   * for an amount, tells the writer what the report prints; by default it is read as it is.
   */
  value(ws: Worksheet, row: number, col: number, type: ValueType, path: string, unit?: string, name?: string, decimals?: HiddenDecimals): { value: unknown; at: CellPlace } {
    const r = this.calc.read(ws, row, col);
    const label = this.labelOf(ws, row, col, path);
    const at: CellPlace = { sheet: ws.name, cell: r.address, ...(label ? { label } : {}) };
    const value = this.convert(r, type, path, at, unit, name, decimals);
    if (value !== undefined && !r.formula) this.inputs.push(path);
    if (value !== undefined && value !== '') this.hiddenCell(ws, row, col, label);
    return { value, at };
  }

  private readonly toldHidden = new Set<string>();
  /**
   * A value in a row or column a writer hid (row 1 and column A hold the keys, hidden by design) is
   * read and printed all the same: a writer who hid a line to leave it out would find it in the
   * report. Said once per hidden row or column.
   */
  private hiddenCell(ws: Worksheet, row: number, col: number, label: string | undefined): void {
    this.hiddenSheet(ws, row, col);
    const rowHidden = row > 1 && ws.getRow(row).hidden;
    const colHidden = col > 1 && ws.getColumn(col).hidden;
    if (!rowHidden && !colHidden) return;
    const key = rowHidden ? `${ws.name}!${row}` : `${ws.name}!${columnLetters(col)}`;
    if (this.toldHidden.has(key)) return;
    this.toldHidden.add(key);
    const where = rowHidden ? `第 ${row} 行` : `${columnLetters(col)} 列`;
    this.issue(
      'xlsx-hidden-cell',
      `工作表“${ws.name}”的${where}已隐藏${label ? `（“${excerpt(label)}”）` : ''}，其中的数据仍会读取、写入报告：如这一项不应写入报告，请删去其中的数据，而不是隐藏${rowHidden ? '这一行' : '这一列'}；如应写入，请取消隐藏核对。`,
      { sheet: ws.name, cell: `${columnLetters(col)}${row}` },
      undefined,
      'warning',
    );
  }

  /**
   * A hidden sheet (右键—隐藏, or veryHidden, which Excel's 取消隐藏 does not even list) is read and
   * printed all the same, as a hidden row is: said once per sheet, at the first cell read from it.
   */
  private hiddenSheet(ws: Worksheet, row: number, col: number): void {
    const state = (ws as { state?: string }).state;
    if ((state !== 'hidden' && state !== 'veryHidden') || this.toldHidden.has(ws.name)) return;
    this.toldHidden.add(ws.name);
    const how = state === 'veryHidden' ? '已深度隐藏（在 Excel 的“取消隐藏”列表中也看不到，须在 VBA 编辑器中把 Visible 属性改为“-1 - xlSheetVisible”）' : '已隐藏';
    const fix = `如这张表的数据不应写入报告，请删去其中的数据，而不是隐藏工作表；如应写入，请${state === 'veryHidden' ? '让它重新显示' : '右键工作表标签，选“取消隐藏”'}后核对`;
    this.issue(
      'xlsx-hidden-sheet',
      `工作表“${ws.name}”${how}，其中的数据仍会读取、写入报告：${fix}。`,
      { sheet: ws.name, cell: `${columnLetters(col)}${row}` },
      undefined,
      'warning',
      state,
      { fix },
    );
  }

  /** The cell's format code as the file has it (bytesToLoad keeps its backslashes); General when absent. */
  private formatCodes(numFmt: string | undefined): readonly string[] {
    return numFmt ? [numFmt] : [];
  }

  /** `name`: the field as the message calls it (the dataset's Chinese field names by default). */
  private convert(r: Resolved, type: ValueType, path: string, at: CellPlace, unit?: string, name?: string, hidden?: HiddenDecimals): unknown {
    const field = `“${name ?? at.label ?? labelPath(parsePath(path))}”`;
    if (r.uncalculated) {
      this.issue(
        'xlsx-formula-uncalculated',
        `${field}所在单元格的公式 =${excerpt(r.formula ?? '')} 没有计算结果（文件可能由程序写入、从未在 Excel 中计算），本工具也无法计算它（${r.uncalculated}）：请在 Excel、WPS 或 LibreOffice 中打开此文件并保存后再试，或把公式改为数值。`,
        at,
        path,
        'error',
        `=${excerpt(r.formula ?? '')}`,
      );
      return undefined;
    }
    if (r.stale) {
      const cached = Number.isNaN(r.stale.cached) ? '非数字' : String(r.stale.cached);
      this.issue(
        'xlsx-formula-stale',
        `${field}所在单元格的公式 =${excerpt(r.formula ?? '')} 保存的结果为 ${cached}，按它引用的单元格计算为 ${r.stale.computed}，已按 ${r.stale.computed} 读取：文件可能由程序修改后未重新计算，或引用的单元格中有以文字形式存储的数字。请在 Excel 或 WPS 中打开、保存后核对。`,
        at,
        path,
        'warning',
        cached,
      );
    }
    const c = r.content;
    const notNumber = (what: string, extra = '') =>
      this.issue(
        'xlsx-not-a-number',
        `${field}应为数字，实为${what}：请只填数值${unit ? `（单位：${unit}）` : ''}，不带单位、文字或空格${type === 'rate' ? '；百分比可填 100.08% 或 100.08' : ''}${extra}。`,
        at,
        path,
        'error',
        what,
      );
    switch (c.kind) {
      case 'empty':
        return undefined;
      case 'error':
        this.issue('xlsx-cell-error', `${field}所在单元格显示错误值 ${excerpt(c.text)}：请改正该单元格的公式，或直接填写数值。`, at, path, 'error', excerpt(c.text));
        return undefined;
      case 'bool':
        if (type === 'bool') return c.value;
        if (NUMERIC.has(type)) return notNumber(`逻辑值 ${c.value ? 'TRUE' : 'FALSE'}`);
        if (type === 'kind') return this.kindValue(String(c.value), at, path);
        return String(c.value).toUpperCase();
      case 'date':
        if (type === 'bool') return this.yesNo(dateToIso(c.value), field, at, path);
        if (NUMERIC.has(type)) return notNumber(`日期 ${dateToIso(c.value)}`, '（Excel 可能把输入自动转成了日期：请把单元格格式设为“常规”或“数值”后重新输入）');
        if (type === 'kind') return this.kindValue(dateToIso(c.value), at, path);
        return dateToIso(c.value);
      case 'number': {
        if (type === 'bool') return this.yesNo(String(c.value), field, at, path);
        if (type === 'digits') return this.digits(c.value, field, at, path);
        if (NUMERIC.has(type)) {
          // A format that shows another number than the cell holds (元 shown as 万元 by "0!.0000"
          // or by a trailing comma): the writer checked the number shown, the report would print
          // the one held. Said at the cell, never printed.
          const codes = this.formatCodes(r.numFmt);
          const { percent, mismatch, decimals: shown } = readFormat(codes, c.value);
          if (mismatch) {
            const shown = excerpt(codes.join('”或“'));
            this.issue(
              'xlsx-number-format',
              `${field}所在单元格的数字格式“${shown}”${describeMismatch(mismatch)}：单元格中的值为 ${cleanNumber(c.value)}，表格上看到的不是这个数。为免报告印出与表格显示不同的数字，此格未读取：请在单元格中直接填写${unit ? `以${unit}为单位的` : '报告所用的'}数值，并把单元格格式设为“常规”或“数值”。`,
              at,
              path,
              'error',
              `${cleanNumber(c.value)}（格式 ${shown}）`,
            );
            return undefined;
          }
          // A unit in the format (0.0000"亿元") other than the one the field is read in: the writer
          // sees 0.1964亿元, the report would print 0.1964万元. Refused as a scaled format is.
          const written = unit !== undefined && unit in UNIT_YUAN ? codes.map((code) => unitShown(code, c.value)).find((u) => u !== null && u !== unit) : undefined;
          if (written) {
            const shownText = excerpt(codes.join('”或“'));
            const inUnit = cleanNumber(new D(c.value).mul(UNIT_YUAN[written]!).div(UNIT_YUAN[unit!]!).toNumber());
            const fix = `请在单元格中填写以${unit}为单位的数值（${cleanNumber(c.value)}${written}即 ${inUnit}），并把单元格格式设为“常规”或“数值”`;
            this.issue(
              'xlsx-format-unit',
              `${field}所在单元格的数字格式“${shownText}”在数字后写了单位“${written}”，表格上显示为 ${cleanNumber(c.value)}${written}，而此项按${unit}读取：照此读取，报告中印出的是 ${cleanNumber(c.value)}${unit}。为免报告印出与表格显示不同的数，此格未读取：${fix}。`,
              at,
              path,
              'error',
              `${cleanNumber(c.value)}（格式 ${shownText}）`,
              { expected: `以${unit}为单位的数值`, fix },
            );
            return undefined;
          }
          const v = percent ? cleanNumber(new D(c.value).mul(100).toNumber()) : cleanNumber(c.value);
          // An amount or a count in a percent-formatted cell (a format copied over from a rate
          // column) shows 47038300%: not a figure of that kind, refused as "12%" typed there is.
          if (percent && type !== 'rate' && type !== 'number') return notNumber(`百分比格式显示的“${v}%”`, '（此项不是比率：请把单元格格式设为“常规”或“数值”）');
          // 100.08 typed into a cell formatted as a percentage shows (and reads) as 10008%: a rate a
          // hundred times too large is a slip, not a figure; said at the cell, never printed.
          if (percent && type === 'rate' && Math.abs(c.value) >= PERCENT_SLIP) {
            const shown = `${v}%`;
            this.issue(
              'xlsx-percent-slip',
              `${field}所在单元格设为百分比格式，其中的数 ${cleanNumber(c.value)} 显示为“${shown}”，按 ${shown} 读取，比率不会这样大：多半是把百分数 ${cleanNumber(c.value)} 填进了百分比格式的单元格。请改填 ${cleanNumber(c.value)}%（带百分号）或 ${cleanNumber(new D(c.value).div(100).toNumber())}；如确为 ${shown}，请先把单元格格式设为“文本”，再填写“${shown}”。`,
              at,
              path,
              'error',
              shown,
            );
            return undefined;
          }
          // A format that shows fewer decimals than the report prints (万元 figures print with at
          // most two, compose/format.ts formatWan): 12.3456 under "0.0" is 12.3 on the sheet and
          // would be 12.35 in the report. A table of the dataset's own prints its cells as the
          // sheet shows them; an amount is read as it is and the writer told what prints.
          const decimals = hidden ? shown : null;
          if (decimals === null || decimals >= 2) return v;
          const to = (n: number) => cleanNumber(new D(v).toDecimalPlaces(n, D.ROUND_HALF_UP).toNumber());
          const [seen, printed] = [to(decimals), to(2)];
          if (seen === printed) return v;
          if (hidden === 'round') return seen;
          if (type === 'amount')
            this.issue(
              'xlsx-hidden-decimals',
              `${field}所在单元格的数字格式只显示 ${decimals} 位小数，表格上看到的是 ${seen}，单元格中的值却是 ${v}：报告中印出的是 ${printed}（万元数按单元格中的值，最多印两位小数）。如报告应印 ${seen}，请在单元格中直接填写 ${seen}（公式可用 ROUND 取整）；如应印 ${printed}，请把单元格格式设为显示两位小数（如 0.00）。`,
              at,
              path,
              'warning',
              `${v}（显示为 ${seen}）`,
            );
          return v;
        }
        if (type === 'date') {
          const iso = serialToIso(c.value, this.date1904);
          if (iso) return iso;
          this.issue('xlsx-not-a-date', `${field}应为日期（如 2025-08-29），实为数字 ${c.value}。`, at, path, 'error', String(c.value));
          return undefined;
        }
        if (type === 'kind') return this.kindValue(String(c.value), at, path);
        return String(cleanNumber(c.value));
      }
      case 'text': {
        if (type === 'bool') return this.yesNo(c.text, field, at, path);
        // Text like 1e400 is a number no cell can hold (Excel stops at 9.99E+307): read, it was Infinity.
        const big = type === 'digits' || NUMERIC.has(type) ? parseNumberText(c.text) : null;
        if (big && !Number.isFinite(big.value.toNumber())) {
          const typed = excerpt(c.text.trim());
          const fix = `请填写实际的数值${unit ? `（单位：${unit}）` : ''}；如是科学记数法写错了指数（如 1e400），请改正`;
          this.issue(
            'xlsx-number-range',
            `${field}填写的“${typed}”超出了可以计算的数值范围（绝对值最大约 1.8×10^308，Excel 中最大 9.99E+307）：${fix}。`,
            at,
            path,
            'error',
            typed,
            { expected: '不超过 9.99E+307 的数值', fix },
          );
          return undefined;
        }
        if (type === 'digits') {
          const n = parseNumberText(c.text);
          if (n && !n.percent) return this.digits(n.value.toNumber(), field, at, path);
          this.issue('xlsx-not-a-number', `${field}应为小数位数 0 至 4，实为文字“${c.text.trim()}”。`, at, path, 'error', c.text.trim());
          return undefined;
        }
        if (NUMERIC.has(type)) {
          const n = parseNumberText(c.text);
          if (!n) return notNumber(`文字“${excerpt(c.text.trim())}”`);
          if (n.percent && type !== 'rate' && type !== 'number') return notNumber(`带百分号的“${excerpt(c.text.trim())}”`, '（此项不是比率）');
          return cleanNumber(n.value.toNumber());
        }
        if (type === 'date') return parseDateText(c.text) ?? c.text.trim();
        if (type === 'kind') return this.kindValue(c.text, at, path);
        return c.text.replace(/\r\n?/g, '\n').trim();
      }
    }
  }

  /** 是 / 否 (TRUE / FALSE as a spreadsheet may store them); undefined after reporting anything else. */
  private yesNo(text: string, field: string, at: CellPlace, path: string): boolean | undefined {
    const t = normalizeText(text).replace(/\s+/g, '').toUpperCase();
    if (t === YES || t === 'TRUE') return true;
    if (t === NO || t === 'FALSE') return false;
    this.issue('xlsx-choice', `${field}为“${text.trim()}”，无法识别：应为“${YES}”或“${NO}”（可从下拉列表中选择），或不填。`, at, path, 'error', text.trim());
    return undefined;
  }

  private digits(n: number, field: string, at: CellPlace, path: string): number | undefined {
    if (Number.isInteger(n) && n >= 0 && n <= 4) return n;
    this.issue('xlsx-not-a-number', `${field}应为小数位数 0 至 4 的整数，实为 ${n}。`, at, path, 'error', String(n));
    return undefined;
  }

  private kindValue(text: string, at: CellPlace, path: string): unknown {
    const found = findWorkbook(normalizeText(text), [this.spec]);
    if (found) return found.kind;
    this.issue('xlsx-kind', `报告类型“${text}”与工作簿的格式不符，应为“${this.spec.name}”：请勿修改此单元格。`, at, path, 'error', text);
    return undefined;
  }

  private readonly labels = new Map<string, string>();
  /**
   * What a writer calls a cell: its row's label as the sheet shows it (an indented row under the
   * row it belongs to: 一般公共预算支出（当年）·上年数), and the column's header where the sheet has
   * several (全区, 区级, 正文…). Hints in brackets and explanations after “：” are left out.
   */
  labelOf(ws: Worksheet, row: number, col: number, path: string): string {
    // The column's header names the cell where the column is part of what the value is (全区 of a
    // scoped row), not where a row uses the first column for itself.
    const colKey = normalizeText(cellText(ws.findCell(1, col)?.value));
    const byColumn = !!colKey && parsePath(path).includes(colKey);
    const key = `${ws.name}!${row}!${col}!${byColumn}`;
    const hit = this.labels.get(key);
    if (hit !== undefined) return hit;
    const clean = (t: string) => t.trim().split('：')[0]!.replace(/（(?:可不填|如 )[^（）]*）/g, '').trim();
    const raw = (r: number) => cellText(ws.findCell(r, 2)?.value);
    let label = '';
    if (col !== 2) {
      const own = raw(row);
      label = clean(own);
      const above = this.rowsAbove(ws);
      const parent = above.parent[row] ?? -1;
      if (/^[\s\u3000]/.test(own) && label && parent > 0) label = `${clean(raw(parent))}·${label}`;
      // A short label (补充, 年末余额) is named with its section (预算稳定调节基金·补充).
      const sectionRow = above.section[row] ?? -1;
      if (label && [...label].length <= 4 && sectionRow > 0) {
        const section = clean(raw(sectionRow)).replace(/^[一二三四五六七八九十]+、/, '');
        if (section && !label.startsWith(section)) label = `${section}·${label}`;
      }
    }
    const header = clean(cellText(ws.findCell(3, col)?.value));
    if (byColumn && header && !['内容', '数值', '项目'].includes(header)) label = label ? `${label}·${header}` : header;
    this.labels.set(key, label);
    return label;
  }

  private readonly above = new Map<Worksheet, { parent: Int32Array; section: Int32Array }>();
  /**
   * For each row of a sheet (from row 4, below the headers): the row an indented label belongs to
   * (the nearest unindented label above, not past a # mark) and the nearest #section row above; −1
   * for none. One pass per sheet: looked up row by row, a 30,000-row table sheet took minutes.
   */
  private rowsAbove(ws: Worksheet): { parent: Int32Array; section: Int32Array } {
    let found = this.above.get(ws);
    if (!found) {
      const n = ws.rowCount + 1;
      const parent = new Int32Array(n).fill(-1);
      const section = new Int32Array(n).fill(-1);
      let lastParent = -1;
      let lastSection = -1;
      for (let r = 4; r < n; r++) {
        parent[r] = lastParent;
        section[r] = lastSection;
        const mark = normalizeText(cellText(ws.findCell(r, 1)?.value));
        const label = cellText(ws.findCell(r, 2)?.value);
        if (mark.startsWith('#')) lastParent = -1;
        else if (label && !/^[\s\u3000]/.test(label)) lastParent = r;
        if (mark === '#section') lastSection = r;
      }
      found = { parent, section };
      this.above.set(ws, found);
    }
    return found;
  }

  /** A cell's content, formulas settled (merged ranges answer with their master's). */
  resolved(ws: Worksheet, row: number, col: number): Resolved {
    return this.calc.read(ws, row, col);
  }

  /** Whether a cell holds anything (its own content, not a merged range's). */
  filled(ws: Worksheet, row: number, col: number): boolean {
    const cell = ws.findCell(row, col);
    if (!cell || (cell.isMerged && cell.master && cell.master.address !== cell.address)) return false;
    return cellText(cell.value).trim() !== '' || (typeof cell.value === 'object' && cell.value !== null && 'formula' in cell.value);
  }

  private keyAt(ws: Worksheet, row: number, col: number): string {
    const cell = ws.findCell(row, col);
    if (!cell || (cell.isMerged && cell.master && cell.master.address !== cell.address)) return '';
    return normalizeText(cellText(cell.value)).replace(/\s+/g, '');
  }

  // ── Sheets ───────────────────────────────────────────────────────────────────────────────────
  read(sheets: Map<string, SheetIndex>, byName: Map<string, SheetIndex>): void {
    // The standard tables: pasted exports without keys, found by name or title among the sheets no other part claims.
    const claimed = new Set(this.spec.sheets.flatMap((s) => (s.type === 'classified' ? [] : [(sheets.get(s.id) ?? byName.get(s.name))?.ws].filter((w): w is Worksheet => !!w))));
    const classified = this.spec.sheets.filter((s): s is ClassifiedSheet => s.type === 'classified');
    for (const sheet of classified) {
      const found = findClassifiedSheets(this.wb.worksheets, sheet, classified, CLASSIFIED_TABLES, claimed);
      for (const ws of found) claimed.add(ws);
      // The blank sheet init wrote beside an export copied in: the one with figures is the table.
      const filled = found.length > 1 ? found.filter(hasClassifiedFigures) : found;
      if (filled.length > 1) {
        this.twoTables(sheet, filled);
        continue;
      }
      const ws = filled[0] ?? found[0];
      if (!ws) continue;
      readClassified(this, ws, sheet);
      // A standard table left as written (codes and names, no figures) has no amounts to misread.
      if ((this.root as { classified?: Record<string, unknown> }).classified?.[sheet.table] !== undefined) this.checkAmountUnit(ws, Math.max(6, classifiedHeaderRow(ws)));
    }
    for (const sheet of this.spec.sheets) {
      if (sheet.type === 'classified') continue;
      const found = sheets.get(sheet.id) ?? byName.get(sheet.name);
      if (!found) {
        if (this.sheetRequired(sheet)) {
          const names = this.wb.worksheets.map((w) => `“${w.name}”`).join('、');
          this.issue(
            'xlsx-missing-sheet',
            `工作簿中缺少工作表“${sheet.name}”：请不要删除或重命名工作表（现有工作表：${names || '无'}）。可用 fiscal-report init 生成空白工作簿，把该表整张复制过来。`,
            { sheet: sheet.name },
          );
        }
        continue;
      }
      this.copiedSheet(found);
      const wanted =
        sheet.type === 'grid'
          ? gridColumns(sheet)
          : sheet.type === 'narrative'
            ? NARRATIVE_COLUMNS
            : sheet.type === 'figures'
              ? FIGURE_COLUMNS
              : sheet.type === 'tables'
                ? TABLE_COLUMNS.filter((k) => k !== 'label')
                : sheet.type === 'style'
                  ? [...STYLE_COLUMNS]
                  : ['type', 'lead', 'text'];
      // Columns only lists use came later: a workbook without them reads, without those fields. The
      // figures sheet's unit column is read, not only shown: it is required.
      const optional = new Set(['note', ...(sheet.type === 'figures' ? [] : ['unit', 'part']), ...(sheet.type === 'grid' ? (sheet.listColumns ?? []).map((c) => c.key) : [])]);
      const missing = wanted.filter((k) => !optional.has(k) && !found.cols.has(k));
      if (missing.length) {
        this.issue(
          'xlsx-missing-column',
          `工作表“${found.ws.name}”的隐藏第 1 行中缺少列标识 ${missing.map((k) => `“${k}”`).join('、')}（表头为${missing.map((k) => `“${this.columnTitle(sheet, k)}”`).join('、')}的列）：这些列可能被删除，或第 1 行被改动。请从 fiscal-report init 生成的空白工作簿中复制该表。`,
          { sheet: found.ws.name, cell: `${columnLetters(found.keyCol)}1` },
        );
        continue;
      }
      // 自有表格's cells columns share their key by design (a table's 第1列, 第2列…).
      this.copiedColumns(found, [...wanted, ...optional].filter((k) => !(sheet.type === 'tables' && k === 'cells')));
      if (sheet.type === 'grid') {
        this.readGrid(found, sheet);
        this.checkAmountUnit(found.ws);
      } else if (sheet.type === 'narrative') this.readNarrative(found, sheet);
      else if (sheet.type === 'figures') this.readFigures(found, sheet);
      else if (sheet.type === 'tables') readTables(this, found, sheet);
      else if (sheet.type === 'style') readStyle(this, found, sheet);
      else readOutline(this, found);
    }
    this.settleSections();
  }

  /** Two sheets with figures are one standard table (by name or title): which holds the figures cannot be told. */
  private twoTables(sheet: ClassifiedSheet, sheets: Worksheet[]): void {
    const names = sheets.map((w) => `“${w.name}”`).join('、');
    const fix = `请删除多余的一张（或清空其中的数字），只留一张${sheet.name}`;
    this.issue(
      'xlsx-classified-twice',
      `工作表${names}都是${sheet.name}（按工作表名称或表格标题），且都填有数字，无法确定读取哪一张，都未读取：${fix}。`,
      { sheet: sheets[1]!.name },
      `classified.${sheet.table}`,
      'error',
      names,
      { fix },
    );
  }

  /**
   * Two sheets with the same hidden mark (移动或复制—建立副本 of a sheet, the copy placed before
   * it): only one can be read, and which one the writer keeps editing cannot be told. Refused,
   * naming both; the first is still read so the other checks do not report its rows as missing.
   */
  private copiedSheet(found: SheetIndex): void {
    if (!found.copies.length) return;
    const names = [found.ws, ...found.copies].map((w) => `“${w.name}”`).join('、');
    const mark = cellText(found.ws.getRow(1).getCell(found.keyCol).value).trim();
    const fix = `请删除多余的工作表，只留一张（删除前核对留下的那一张中的数字）`;
    this.issue(
      'xlsx-duplicate-sheet',
      `工作表${names}是同一张表（隐藏的 ${columnLetters(found.keyCol)}1 都是“${excerpt(mark)}”，多半是用“移动或复制—建立副本”复制出来的），无法确定读取哪一张：${fix}。`,
      { sheet: found.copies[0]!.name, cell: `${columnLetters(found.keyCol)}1` },
      undefined,
      'error',
      names,
      { fix },
    );
  }

  /**
   * A column copied with its hidden key in row 1 (a copy of 全区 inserted beside it): two columns
   * answer to one key and the one a writer edits may be the one left unread. Refused, naming both
   * columns (the first is still read, so the other checks do not report its cells as missing).
   */
  private copiedColumns(found: SheetIndex, keys: readonly string[]): void {
    const { ws } = found;
    const twins = found.twins.filter((t) => keys.includes(t.key));
    for (const { key, cols } of twins) {
      const named = cols.map((c) => `${columnLetters(c)} 列${cellText(ws.findCell(3, c)?.value).trim() ? `（“${excerpt(cellText(ws.findCell(3, c)?.value).trim())}”）` : ''}`).join('、');
      const fix = `请删除多余的列（删除前核对留下的那一列中的数字）；要留作备查的数，请放到别的工作簿中`;
      this.issue(
        'xlsx-duplicate-column',
        `工作表“${ws.name}”的隐藏第 1 行中，列标识“${excerpt(key)}”出现在 ${named}：这些列多半是连同第 1 行复制出来的，无法确定读取哪一列：${fix}。`,
        { sheet: ws.name, cell: `${columnLetters(cols[1]!)}1` },
        undefined,
        'error',
        key,
        { fix },
      );
    }
  }

  /**
   * Amounts are read in 万元. A sheet whose heading says another unit (单位：元, a finance system's
   * export pasted whole, or a heading a writer changed) holds amounts the report would print ten
   * thousand times too large or too small, and the budgets' identities hold all the same: refused
   * at the heading. Only the first rows are looked at, where a table states its unit.
   */
  private checkAmountUnit(ws: Worksheet, lastRow = 6): void {
    let found: { address: string; unit: string; known: boolean } | null = null;
    for (let r = 1; r <= lastRow && !found; r++) {
      ws.getRow(r).eachCell((cell) => {
        if (found) return;
        const text = normalizeText(cellText(cell.value));
        const stated = [...text.matchAll(AMOUNT_UNIT)].filter((m) => !m[1]); // 编制单位：… names who compiled the table
        const unit = stated[0]?.[2] ?? [...text.matchAll(HEADER_UNIT)][0]?.[1];
        if (unit !== undefined) {
          const named = UNIT_ALIAS[unit] ?? unit;
          if (named !== '万元') found = { address: cell.address, unit: named, known: true };
          return;
        }
        const other = [...text.matchAll(OTHER_UNIT)].find((m) => !m[1]);
        if (other) found = { address: cell.address, unit: other[2]!, known: false };
      });
    }
    if (!found) return;
    const { address, unit, known } = found as { address: string; unit: string; known: boolean };
    if (!known) {
      const fix = '请把各金额换算为万元填写，并把单位改为“万元”';
      this.issue(
        'xlsx-amount-unit',
        `工作表“${ws.name}”写明金额单位为“${excerpt(unit)}”，本工具无法按这个单位换算（只按万元读取表中的金额）：为免报告中的数字差上万倍，此表未按万元读取。${fix}。`,
        { sheet: ws.name, cell: address },
        undefined,
        'error',
        unit,
        { expected: '万元', fix },
      );
      return;
    }
    const ratio = UNIT_YUAN[unit]! / UNIT_YUAN['万元']!;
    const times = (ratio < 1 ? 1 / ratio : ratio).toLocaleString('en');
    this.issue(
      'xlsx-amount-unit',
      `工作表“${ws.name}”写明金额单位为“${unit}”，而本工具按万元读取表中的金额（报告中的万元、亿元都由万元数得出）：照此读取，报告中的数字会${ratio < 1 ? '大' : '小'} ${times} 倍。请把各金额${ratio < 1 ? '除以' : '乘以'} ${times} 换算为万元（Excel 中可用“选择性粘贴—运算”一次完成），并把表头的单位改为“万元”。`,
      { sheet: ws.name, cell: address },
      undefined,
      'error',
      unit,
      { expected: '万元' },
    );
  }

  /** Whether anything was typed at or under a path. */
  private typed(path: PathSegment[]): boolean {
    const p = pathToString(path);
    return this.inputs.some((i) => i === p || i.startsWith(`${p}.`) || i.startsWith(`${p}[`));
  }

  /**
   * After every sheet is read: a section of the dataset nothing was typed in (a budget's 区级
   * column, fundBudget, debt, the first half …) is absent — its formulas' zeros are dropped — and
   * in a section that is there (or outside any), a required field left empty is made visible: an
   * empty list is [], a missing value's object is made so the message names the field and its
   * cell, and a row the sheet lacks is reported.
   */
  private settleSections(): void {
    const paths: { path: string; list: boolean }[] = [];
    for (const sheet of this.spec.sheets) {
      if (sheet.type === 'grid')
        for (const row of sheet.rows) {
          if (row.kind === 'value') paths.push(...(row.path.includes('*') ? sheet.columns.map((c) => row.path.replace(/\*/g, c.key)) : [row.path]).map((path) => ({ path, list: false })));
          if (row.kind === 'list') paths.push({ path: row.path, list: true });
        }
      if (sheet.type === 'narrative') paths.push(...sheet.parts.map((p) => ({ path: p.path, list: true })));
    }
    const placed = paths.map((p) => ({ ...p, segs: parsePath(p.path), at: sectionsOf(this.spec.schema, parsePath(p.path)) }));
    const absent = new Set<string>();
    for (const { at } of placed)
      for (const section of at.sections) {
        const key = pathToString(section);
        if (absent.has(key) || this.typed(section)) continue;
        absent.add(key);
        deleteAt(this.root, section);
      }
    const there = (sections: PathSegment[][]) => sections.every((s) => !absent.has(pathToString(s)));
    for (const { path, list, segs, at } of placed) {
      if (!at.known || !at.required || !there(at.sections)) continue;
      if (list) {
        if (getAt(this.root, segs) === undefined) this.set(path, []);
      } else if (getAt(this.root, segs) === undefined) this.ensureParent(path);
    }
    for (const m of this.missingRows) {
      const at = sectionsOf(this.spec.schema, parsePath(m.path));
      if (!at.required || !there(at.sections)) continue;
      this.issue(
        'xlsx-missing-key',
        `工作表“${m.sheet}”中缺少“${m.label.trim()}”一行（隐藏的 ${m.keyLetter} 列中键为 ${m.path} 的行）：该行可能被删除，或键被改动。请从 fiscal-report init 生成的空白工作簿中复制这一行（整行，连同隐藏的 ${m.keyLetter} 列）粘贴回来，再填写数值。`,
        { sheet: m.sheet },
        m.path,
      );
    }
  }

  private columnTitle(sheet: SheetSpec, key: string): string {
    if (sheet.type === 'grid') return sheet.columns.find((c) => c.key === key)?.title ?? ({ label: '项目' } as Record<string, string>)[key] ?? key;
    const titles: Record<string, string> = { type: '类型', cells: '第1列', order: '序号', point: '分项', lead: '引领语', text: '正文', name: '名称', value: '数值', method: '计算方式', operands: '计算对象', show: '显示为', digits: '小数位', word: '用词', unit: '单位' };
    return titles[key] ?? key;
  }

  private sheetRequired(sheet: SheetSpec): boolean {
    // A report's body: none of its fields is required on its own, but a report has one.
    if (sheet.type === 'outline') return true;
    if (sheet.type === 'classified') return false;
    const paths =
      sheet.type === 'grid'
        ? sheet.rows.flatMap((r) => (r.kind === 'section' ? [] : [r.path.replace(/\*/g, 'district')]))
        : sheet.type === 'narrative'
          ? sheet.parts.map((p) => p.path)
          : [sheet.path];
    return paths.some((p) => schemaAt(this.spec.schema, parsePath(p)).required);
  }

  /** Rows with content, in sheet order, with their key (own cell of the key column). */
  rows(idx: SheetIndex, dataCols: number[], visit: (row: number, key: string) => void): void {
    const { ws, keyCol } = idx;
    const keyLetter = columnLetters(keyCol);
    ws.eachRow({ includeEmpty: false }, (_row, r) => {
      if (r === 1) return;
      const key = this.keyAt(ws, r, keyCol);
      if (key.startsWith('#')) return;
      if (!key) {
        const stray = dataCols.filter((c) => this.filled(ws, r, c));
        if (stray.length)
          this.issue(
            'xlsx-row-without-key',
            `第 ${r} 行没有键（隐藏的 ${keyLetter} 列为空），其中 ${stray.map((c) => `${columnLetters(c)}${r}`).join('、')} 填写的内容不会被读取：要增加一项，请撤销工作表保护（无密码），复制已有的一行（整行，连同隐藏的 ${keyLetter} 列）插入后修改；说明文字请写在“说明”列。`,
            { sheet: ws.name, cell: `${keyLetter}${r}` },
          );
        return;
      }
      visit(r, key);
    });
  }

  unknownKey(idx: SheetIndex, r: number, key: string): void {
    this.issue(
      'xlsx-unknown-key',
      `第 ${r} 行隐藏的 ${columnLetters(idx.keyCol)} 列中的键“${key}”无法识别，此行不会被读取：请恢复原来的键（可从 fiscal-report init 生成的空白工作簿中复制这一行），或删除此行。`,
      { sheet: idx.ws.name, cell: `${columnLetters(idx.keyCol)}${r}` },
      undefined,
      'error',
      key,
    );
  }

  duplicate(idx: SheetIndex, key: string, first: number, r: number): void {
    this.issue(
      'xlsx-duplicate-key',
      `键“${key}”出现了两次（第 ${first} 行和第 ${r} 行），无法确定用哪一行：请删除多余的一行。`,
      { sheet: idx.ws.name, cell: `${columnLetters(idx.keyCol)}${r}` },
      undefined,
      'error',
      key,
    );
  }

  /** Something typed in a value column the row does not use (a grey cell) would be lost: said instead. */
  private unusedCells(idx: SheetIndex, r: number, sheet: GridSheet, used: string[], label: string): void {
    const all = [...sheet.columns, ...(sheet.listColumns ?? [])];
    for (const col of all) {
      if (used.includes(col.key)) continue;
      const c = idx.cols.get(col.key);
      if (c === undefined || !this.filled(idx.ws, r, c)) continue;
      this.issue(
        'xlsx-cell-unused',
        `第 ${r} 行（${label.trim()}）不使用“${col.title}”列，${columnLetters(c)}${r} 中填写的内容不会被读取：请把它填到本行的${used.map((k) => `“${all.find((x) => x.key === k)?.title ?? '项目'}”`).join('、')}列，或移到对应的行。`,
        { sheet: idx.ws.name, cell: `${columnLetters(c)}${r}` },
      );
    }
  }

  /**
   * Whether a row's 单位 cell says the unit the row is read in. The column is written by init and
   * export for the writer to see, and changing it converts nothing: 0.1964 with 单位 changed to 亿元
   * would print as 0.1964万元. A row with numbers under another unit is refused at the unit cell
   * (false: the row is not read); an emptied cell states nothing.
   */
  private unitAsWritten(idx: SheetIndex, r: number, unit: string | undefined, label: string, valueKeys: string[]): boolean {
    const col = idx.cols.get('unit');
    if (unit === undefined || col === undefined) return true;
    const fold = (t: string) => normalizeText(t).replace(/\s+/g, '');
    const text = fold(cellText(idx.ws.findCell(r, col)?.value));
    if (!text || text === fold(unit)) return true;
    const filled = valueKeys.flatMap((k) => (idx.cols.has(k) && this.filled(idx.ws, r, idx.cols.get(k)!) ? [`${columnLetters(idx.cols.get(k)!)}${r}`] : []));
    if (!filled.length) return true;
    const cell = `${columnLetters(col)}${r}`;
    const fix = `请把 ${filled.join('、')} 换算为以${unit}为单位的数值填写，并把 ${cell} 改回“${unit}”`;
    this.issue(
      'xlsx-row-unit',
      `第 ${r} 行（${label.trim()}）的“单位”列写为“${excerpt(text)}”，而这一行的数按“${unit}”读取（改动“单位”列不会换算数值，报告中的数会与表格上的不同），此行未读取：${fix}。`,
      { sheet: idx.ws.name, cell },
      undefined,
      'error',
      excerpt(text),
      { expected: unit, fix },
    );
    return false;
  }

  /** A value picked by its label (or typed as the value itself); undefined after reporting another. */
  choice(label: string, choices: readonly Choice[], value: unknown, at: CellPlace, path: string): unknown {
    if (value === undefined) return undefined;
    // Compared as typed in any width (（ and (, ， and ,): the value stored is the schema's own word.
    const fold = (t: string) => normalizeText(t).replace(/\s+/g, '');
    const text = fold(String(value));
    const hit = choices.find((c) => fold(c.label) === text || fold(c.value) === text);
    if (hit) return hit.value;
    this.issue(
      'xlsx-choice',
      `“${label.trim()}”为“${String(value)}”，无法识别：应为 ${choices.map((c) => `“${c.label}”`).join('、')} 之一（可从下拉列表中选择）。`,
      at,
      path,
      'error',
      String(value),
    );
    return undefined;
  }

  /**
   * The form a list item takes, from its label column (empty: the first form); null after
   * reporting a label that names no form.
   */
  private listForm(idx: SheetIndex, r: number, list: ListRow, index: number): ListForm | null {
    const forms = list.forms!;
    const col = idx.cols.get('label')!;
    const { value, at } = this.value(idx.ws, r, col, 'text', `${list.path}[${index}]`);
    if (value === undefined) return forms[0]!;
    const text = normalizeText(String(value)).replace(/\s+/g, '');
    const form = forms.find((f) => f.label.replace(/\s+/g, '') === text || f.field === text);
    if (form) return form;
    // A spare row's label says nothing.
    if (!list.fields.some((f) => this.filled(idx.ws, r, idx.cols.get(f.column)!))) return forms[0]!;
    this.issue(
      'xlsx-list-form',
      `第 ${r} 行“项目”列的“${String(value)}”无法识别：应为 ${forms.map((f) => `“${f.label}”`).join('、')} 之一（可从下拉列表中选择），它说明本行填写的是什么。`,
      at,
      `${list.path}[${index}]`,
      'error',
      String(value),
    );
    return null;
  }

  // ── Grid ─────────────────────────────────────────────────────────────────────────────────────
  private readGrid(idx: SheetIndex, sheet: GridSheet): void {
    const { ws, cols } = idx;
    const valueRows = new Map<string, ValueRow>();
    const lists = new Map<string, ListRow>();
    for (const row of sheet.rows) {
      if (row.kind === 'value') valueRows.set(row.path, row);
      if (row.kind === 'list') lists.set(row.path, row);
    }
    const seen = new Map<string, number>();
    const items = new Map<string, ListItemRow[]>();
    const dataCols = [...sheet.columns, ...(sheet.listColumns ?? [])].flatMap((c) => (cols.has(c.key) ? [cols.get(c.key)!] : []));

    this.rows(idx, dataCols, (r, key) => {
      const row = valueRows.get(key);
      if (row) {
        const first = seen.get(key);
        if (first !== undefined) return this.duplicate(idx, key, first, r);
        seen.set(key, r);
        const scoped = row.path.includes('*');
        const used = scoped ? sheet.columns : sheet.columns.slice(0, 1);
        this.unusedCells(idx, r, sheet, used.map((c) => c.key), row.label);
        if (!this.unitAsWritten(idx, r, row.unit, row.label, used.map((c) => c.key))) {
          this.unread.push(...used.map((c) => row.path.replace(/\*/g, c.key)));
          return;
        }
        for (const col of used) {
          const path = row.path.replace(/\*/g, col.key);
          const read = this.value(ws, r, cols.get(col.key)!, row.type, path, row.unit, undefined, 'warn');
          const { at } = read;
          const value = row.choices ? this.choice(row.label, row.choices, read.value, at, path) : read.value;
          this.place(path, at);
          if (value !== undefined) this.set(path, value);
        }
        return;
      }
      const m = /^(.+)\[(\d*)\]$/.exec(key);
      const list = m ? lists.get(m[1]!) : undefined;
      if (!list) return this.unknownKey(idx, r, key);
      this.unusedCells(idx, r, sheet, [...list.fields.map((f) => f.column), ...(list.parts ? [list.parts.column] : [])], list.label.split('：')[0]!);
      const numberColumns = list.fields.filter((f) => NUMERIC.has(f.type)).map((f) => f.column);
      if (!this.unitAsWritten(idx, r, list.unit, list.label.split('：')[0]!, numberColumns)) {
        this.unread.push(list.path);
        return;
      }
      const values = new Map<string | null, { value: unknown; at: CellPlace }>();
      const index = items.get(list.path)?.length ?? 0;
      const form = list.forms ? this.listForm(idx, r, list, index) : undefined;
      for (const f of list.fields) {
        // A column added since (减项): an older workbook without it has no such field.
        const col = cols.get(f.column);
        if (col === undefined) continue;
        const field = f.field ?? form?.field ?? null;
        const path = `${list.path}[${index}]${field === null ? '' : `.${field}`}`;
        values.set(f.field, this.value(ws, r, col, f.type, path, list.unit, undefined, 'warn'));
      }
      const partCol = list.parts ? cols.get(list.parts.column) : undefined;
      const partOf = partCol === undefined ? undefined : this.value(ws, r, partCol, 'text', `${list.path}[${index}]`, undefined, sheet.listColumns?.find((c) => c.key === list.parts!.column)?.title);
      // An item row left empty (a spare row) is not an item.
      if ([...values.values()].every((v) => v.value === undefined) && partOf?.value === undefined) return;
      if (form === null) return;
      const found = items.get(list.path) ?? [];
      found.push({
        row: r,
        values,
        ...(form?.field ? { wrap: form.field } : {}),
        ...(partOf?.value !== undefined ? { partOf: { label: String(partOf.value), at: partOf.at } } : {}),
      });
      items.set(list.path, found);
    });

    for (const row of sheet.rows) {
      if (row.kind === 'value' && !seen.has(row.path))
        for (const path of row.path.includes('*') ? sheet.columns.map((c) => row.path.replace(/\*/g, c.key)) : [row.path])
          this.missingRows.push({ path, label: row.label, sheet: ws.name, keyLetter: columnLetters(idx.keyCol) });
      if (row.kind === 'list') {
        const found = items.get(row.path) ?? [];
        if (found.length) this.set(row.path, this.listItems(sheet, row, found));
      }
    }
  }

  /** A list's rows as its items: parts (a row naming an earlier item in the parts column) go into that item. */
  private listItems(sheet: GridSheet, list: ListRow, found: ListItemRow[]): unknown[] {
    type Node = { found: ListItemRow; label: string | undefined; depth: number; parts: Node[] };
    const top: Node[] = [];
    const all: Node[] = [];
    const labelField = list.fields.find((f) => f.column === 'label')?.field ?? null;
    const parts = list.parts;
    const partTitle = parts ? (sheet.listColumns?.find((c) => c.key === parts.column)?.title ?? parts.column) : '';
    for (const f of found) {
      const label = labelField === null ? undefined : f.values.get(labelField)?.value;
      const node: Node = { found: f, label: typeof label === 'string' ? normalizeText(label) : undefined, depth: 0, parts: [] };
      if (!f.partOf || !parts) {
        top.push(node);
        all.push(node);
        continue;
      }
      const name = normalizeText(f.partOf.label);
      const named = [...all].reverse().filter((n) => n.label === name);
      const owner = named.find((n) => parts.depth === undefined || n.depth < parts.depth);
      const where = `第 ${f.row} 行“${partTitle}”为“${f.partOf.label}”`;
      if (!owner && named.length) {
        this.issue('xlsx-list-part', `${where}，而“${f.partOf.label}”本身是另一项中含有的部分：含有的部分不能再有下一层，请改填它所属的那一项。`, f.partOf.at, list.path, 'error', f.partOf.label);
        continue;
      }
      if (!owner) {
        this.issue(
          'xlsx-list-part',
          `${where}，但它上面没有名为“${f.partOf.label}”的一项：请填写这一行所属的那一项的名称（那一项须在这一行之上，在同一块中），或清空“${partTitle}”。`,
          f.partOf.at,
          list.path,
          'error',
          f.partOf.label,
        );
        continue;
      }
      const extra = parts.fields ? [...f.values.entries()].filter(([k, v]) => k !== null && !parts.fields!.includes(k) && v.value !== undefined) : [];
      if (extra.length) {
        const titles = extra.map(([k]) => {
          const column = list.fields.find((x) => x.field === k)!.column;
          return `“${sheet.listColumns?.find((c) => c.key === column)?.title ?? sheet.columns.find((c) => c.key === column)?.title ?? column}”`;
        });
        this.issue('xlsx-list-part', `${where}，是那一项中含有的部分，只填名称和金额，不填${titles.join('、')}：请清空 ${extra.map(([, v]) => v.at.cell).join('、')}。`, extra[0]![1].at, list.path);
        continue;
      }
      node.depth = owner.depth + 1;
      owner.parts.push(node);
      all.push(node);
    }
    const build = (nodes: Node[], base: string): unknown[] =>
      nodes.map((n, i) => {
        const path = `${base}[${i}]`;
        const { values, wrap } = n.found;
        const single = values.get(null);
        if (single) {
          this.place(path, single.at);
          if (!wrap) return single.value;
          this.place(`${path}.${wrap}`, single.at);
          const item: Record<string, unknown> = {};
          if (single.value !== undefined) setAt(item, [wrap], single.value);
          return item;
        }
        const item: Record<string, unknown> = {};
        let first: CellPlace | undefined;
        for (const [field, { value, at }] of values) {
          if (n.depth > 0 && parts?.fields && !parts.fields.includes(field as string)) continue;
          first ??= at;
          this.place(`${path}.${field}`, at);
          if (value !== undefined) setAt(item, [field as string], value);
        }
        if (first) this.place(path, first);
        if (n.parts.length && parts) {
          this.place(`${path}.${parts.field}`, n.parts[0]!.found.partOf!.at);
          setAt(item, [parts.field], build(n.parts, `${path}.${parts.field}`));
        }
        return item;
      });
    return build(top, list.path);
  }

  // ── Narrative ────────────────────────────────────────────────────────────────────────────────
  private readNarrative(idx: SheetIndex, sheet: NarrativeSheet): void {
    const { ws, cols } = idx;
    const c = (k: string) => cols.get(k)!;
    type Entry = { row: number; lead?: string; text?: string; leadAt: CellPlace; textAt: CellPlace; orderAt: CellPlace };
    const parts = new Map(sheet.parts.map((p) => [p.path, { part: p, items: new Map<number, Entry & { points: Map<number, Entry> }>() }]));

    this.rows(idx, [c('lead'), c('text')], (r, key) => {
      const slot = parts.get(key);
      if (!slot) return this.unknownKey(idx, r, key);
      const base = `${key}[]`;
      const lead = this.value(ws, r, c('lead'), 'longtext', `${base}.lead`);
      const text = this.value(ws, r, c('text'), 'longtext', `${base}.text`);
      if (lead.value === undefined && text.value === undefined) return;
      const order = this.value(ws, r, c('order'), 'int', base);
      const point = this.value(ws, r, c('point'), 'int', base);
      const where = `“${slot.part.label}”第 ${r} 行`;
      const whole = (v: unknown, at: CellPlace, what: string): number | null => {
        if (typeof v === 'number' && Number.isInteger(v) && v > 0) return v;
        if (v !== undefined) this.issue('xlsx-narrative-order', `${where}的“${what}”应为正整数（1、2、3……），实为 ${String(v)}。`, at, key, 'error', String(v));
        return null;
      };
      const n = whole(order.value, order.at, '序号');
      if (order.value === undefined) {
        this.issue('xlsx-narrative-order', `${where}没有填写“序号”：请填写这一项在本部分中的顺序（1、2、3……）；分项还须在“分项”列填写 1、2、3……。`, order.at, key);
        return;
      }
      if (n === null) return;
      const p = point.value === undefined ? null : whole(point.value, point.at, '分项');
      if (point.value !== undefined && p === null) return;
      const entry: Entry = { row: r, leadAt: lead.at, textAt: text.at, orderAt: order.at };
      if (typeof lead.value === 'string') entry.lead = lead.value;
      if (typeof text.value === 'string') entry.text = text.value;
      if (p === null) {
        const prior = slot.items.get(n);
        if (prior && prior.row >= 0) {
          this.issue(
            'xlsx-narrative-order',
            `${where}的序号 ${n} 与第 ${prior.row} 行重复：同一部分中每一项的序号须不同；如这一行是那一项的分项，请在“分项”列填写 1、2、3……。`,
            order.at,
            key,
            'error',
            String(n),
          );
          return;
        }
        slot.items.set(n, { ...entry, points: prior?.points ?? new Map() });
      } else {
        let item = slot.items.get(n);
        if (!item) {
          // Points may come before their item's own row; keep them until the item is seen.
          item = { row: -1, leadAt: entry.leadAt, textAt: entry.textAt, orderAt: entry.orderAt, points: new Map() };
          slot.items.set(n, item);
        }
        const prior = item.points.get(p);
        if (prior) {
          this.issue('xlsx-narrative-order', `${where}：序号 ${n} 的分项 ${p} 与第 ${prior.row} 行重复，请改正“分项”列。`, point.at, key, 'error', String(p));
          return;
        }
        item.points.set(p, entry);
      }
    });

    for (const { part, items } of parts.values()) {
      const sorted = [...items.entries()].sort((a, b) => a[0] - b[0]);
      // An empty part is [] where its section is there (settleSections).
      if (!sorted.length) continue;
      const list = sorted.map(([, item], i) => {
        const path = `${part.path}[${i}]`;
        const out: Record<string, unknown> = {};
        this.place(path, item.leadAt);
        this.place(`${path}.lead`, item.leadAt);
        this.place(`${path}.text`, item.textAt);
        if (item.lead !== undefined) out.lead = item.lead;
        if (item.text !== undefined) out.text = item.text;
        const points = [...item.points.entries()].sort((a, b) => a[0] - b[0]);
        if (points.length) {
          this.place(`${path}.points`, points[0]![1].leadAt);
          out.points = points.map(([, p], j) => {
            this.place(`${path}.points[${j}]`, p.leadAt);
            this.place(`${path}.points[${j}].lead`, p.leadAt);
            this.place(`${path}.points[${j}].text`, p.textAt);
            const po: Record<string, unknown> = {};
            if (p.lead !== undefined) po.lead = p.lead;
            if (p.text !== undefined) po.text = p.text;
            return po;
          });
        }
        return out;
      });
      this.set(part.path, list);
    }
  }

  // ── Figures ──────────────────────────────────────────────────────────────────────────────────
  private readFigures(idx: SheetIndex, sheet: FiguresSheet): void {
    const { ws, cols } = idx;
    const c = (k: string) => cols.get(k)!;
    const table: Record<string, unknown> = {};
    const rows = new Map<string, number>();
    const content = ['name', 'value', 'method', 'operands', 'unit', 'show', 'digits', 'word'];
    this.rows(idx, content.map(c), (r, key) => {
      if (key !== sheet.path) return this.unknownKey(idx, r, key);
      const base = sheet.path;
      const name = this.value(ws, r, c('name'), 'text', `${base}[]`);
      const at = name.value === undefined ? `${base}[]` : `${base}.${String(name.value)}`;
      const read = (k: string, type: ValueType, unit?: string) => this.value(ws, r, c(k), type, `${at}.${k}`, unit);
      // The value is in the unit its row names (a money unit in its format must be the same one).
      const unitCell = read('unit', 'text');
      const ownUnit = typeof unitCell.value === 'string' && unitCell.value in UNIT_YUAN ? unitCell.value : undefined;
      const cells = {
        value: read('value', 'number', ownUnit),
        method: read('method', 'text'),
        operands: read('operands', 'longtext'),
        unit: unitCell,
        show: read('show', 'text'),
        digits: read('digits', 'number'),
        word: read('word', 'text'),
      };
      const any = Object.values(cells).some((v) => v.value !== undefined);
      if (name.value === undefined) {
        if (any)
          this.issue('xlsx-figure-name', `数据表第 ${r} 行填写了内容但没有名称：请在“名称”列填写（文字材料中用 {{名称}} 引用它），或清空这一行。`, name.at, base);
        return;
      }
      const n = String(name.value);
      const prior = rows.get(n);
      if (prior !== undefined) {
        this.issue('xlsx-figure-duplicate', `数据表中的名称“${n}”出现了两次（第 ${prior} 行和第 ${r} 行）：名称必须唯一，请删除或改名。`, name.at, `${base}.${n}`, 'error', n);
        return;
      }
      rows.set(n, r);
      const fig: Record<string, unknown> = {};
      const path = `${base}.${n}`;
      this.places.set(path, name.at);
      const put = (field: string, v: { value: unknown; at: CellPlace }) => {
        this.places.set(`${path}.${field}`, v.at);
        if (v.value !== undefined) fig[field] = v.value;
      };
      put('value', cells.value);
      put('unit', cells.unit);
      put('show', cells.show);
      put('digits', cells.digits);
      put('word', cells.word);
      const methodText = typeof cells.method.value === 'string' ? normalizeText(cells.method.value) : undefined;
      const method = methodText === undefined ? undefined : (METHOD_NAMES.get(methodText) ?? (METHOD_LABELS.has(methodText) ? methodText : null));
      if (method === null) {
        this.issue(
          'xlsx-figure-method',
          `数据表中“${n}”的计算方式“${methodText}”无法识别：应为 ${[...METHOD_LABELS.values()].join('、')} 之一。`,
          cells.method.at,
          `${path}.method`,
          'error',
          methodText,
        );
        return;
      }
      for (const k of METHOD_LABELS.keys()) this.places.set(`${path}.${k}`, method ? cells.operands.at : cells.method.at);
      if (method) {
        const text = typeof cells.operands.value === 'string' ? cells.operands.value : cells.operands.value === undefined ? '' : String(cells.operands.value);
        // A name of the drop-down (全区一般公共预算收入) is held as its path, as JSON has it; a dotted path as typed.
        if (method === 'from') fig.from = citedPath(text);
        else
          fig[method] = text
            .split(/\n/.test(text) ? /\n/ : /[、，,；;]/)
            .map((s) => s.trim())
            .filter(Boolean);
      } else if (cells.operands.value !== undefined) {
        this.issue(
          'xlsx-figure-method',
          `数据表中“${n}”填写了计算对象，但没有选择计算方式：请在“计算方式”列选择 ${[...METHOD_LABELS.values()].join('、')} 之一，或清空“计算对象”。`,
          cells.method.at,
          `${path}.method`,
        );
        return;
      }
      Object.defineProperty(table, n, { value: fig, enumerable: true, writable: true, configurable: true });
    });
    this.set(sheet.path, table, rows.size ? undefined : { sheet: ws.name, cell: `${columnLetters(c('name'))}4` });
  }
}

function indexSheets(wb: Workbook): { byId: Map<string, SheetIndex>; byName: Map<string, SheetIndex> } {
  const byId = new Map<string, SheetIndex>();
  const byName = new Map<string, SheetIndex>();
  for (const ws of wb.worksheets) {
    const row = ws.getRow(1);
    let keyCol = 0;
    let id = '';
    const cols = new Map<string, number>();
    const twins = new Map<string, number[]>();
    row.eachCell({ includeEmpty: false }, (cell, col) => {
      const t = normalizeText(cellText(cell.value));
      if (t.startsWith(KEY_MARK)) {
        keyCol = col;
        id = t.slice(KEY_MARK.length);
      } else if (t && !cols.has(t)) cols.set(t, col);
      else if (t) twins.set(t, [...(twins.get(t) ?? [cols.get(t)!]), col]);
    });
    const idx: SheetIndex = { ws, keyCol: keyCol || 1, cols, twins: [...twins].map(([key, at]) => ({ key, cols: at })), copies: [] };
    const first = id ? byId.get(id) : undefined;
    if (first) first.copies.push(ws);
    else if (id) byId.set(id, idx);
    byName.set(normalizeText(ws.name), idx);
  }
  return { byId, byName };
}

/** Finds the report kind: the row keyed "kind", on any sheet. */
function findKind(wb: Workbook, kinds: readonly KindWorkbook[], file: string): KindWorkbook {
  const { byId, byName } = indexSheets(wb);
  const candidates = [...new Set([...byId.values(), ...byName.values()])];
  for (const idx of candidates) {
    let found: { text: string; cell: string } | null = null;
    idx.ws.eachRow({ includeEmpty: false }, (row, r) => {
      if (found) return;
      if (normalizeText(cellText(row.getCell(idx.keyCol).value)) !== 'kind') return;
      // The value: the row's cells other than its key, label, unit and notes.
      const skip = new Set([idx.keyCol, ...['label', 'unit', 'note'].map((k) => idx.cols.get(k))]);
      row.eachCell({ includeEmpty: false }, (cell, col) => {
        if (found || skip.has(col)) return;
        const text = normalizeText(cellText(cell.value));
        if (findWorkbook(text, kinds)) found = { text, cell: `${columnLetters(col)}${r}` };
      });
      if (!found) {
        const typed: { text: string; cell: string }[] = [];
        row.eachCell({ includeEmpty: false }, (cell, col) => {
          if (!skip.has(col)) typed.push({ text: normalizeText(cellText(cell.value)), cell: `${columnLetters(col)}${r}` });
        });
        throw new FiscalError(`无法读取 ${file}：报告类型无法识别`, [
          {
            code: 'xlsx-kind',
            severity: 'error',
            message: `报告类型无法识别（实为“${typed.map((t) => t.text).join('、')}”），应为 ${kinds.map((k) => `“${k.name}”`).join('、')} 之一：请勿修改“报告类型”一行。`,
            place: { file, sheet: idx.ws.name, cell: typed[0]?.cell ?? `${columnLetters(idx.keyCol)}${r}`, path: 'kind' },
          },
        ]);
      }
    });
    if (found) {
      const f = found as { text: string };
      return findWorkbook(f.text, kinds)!;
    }
  }
  throw new FiscalError(`无法读取 ${file}：找不到报告类型`, [
    {
      code: 'xlsx-no-kind',
      severity: 'error',
      message:
        '工作簿中找不到“报告类型”（基本信息表中隐藏键为 kind 的一行）：这个工作簿不是由 fiscal-report 生成的，或该行被删除。请用 fiscal-report init 生成空白工作簿后填写，或用 fiscal-report export 由 JSON 数据导出工作簿。',
      place: { file },
    },
  ]);
}

/** What a workbook's XML parts are, for a message: a worksheet by its name, the others by role. */
function partLabel(name: string, sheets: Map<string, string>): string {
  const sheet = sheets.get(name);
  if (sheet !== undefined) return `工作表“${sheet}”`;
  if (name === 'xl/sharedStrings.xml') return '单元格文字表（xl/sharedStrings.xml）';
  if (name === 'xl/styles.xml') return '样式表（xl/styles.xml）';
  if (name === 'xl/workbook.xml') return '工作簿目录（xl/workbook.xml）';
  return `部件 ${name}`;
}

const unescapeXml = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');

/** A workbook's parts: every entry's name, the XML parts' text on request, worksheets by part name. */
class WorkbookParts {
  readonly names: string[] = [];
  private readonly xml: Record<string, Uint8Array>;
  /** Worksheet part name → sheet name, as workbook.xml lists them. */
  readonly sheets = new Map<string, string>();

  constructor(bytes: Uint8Array, all: boolean) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { unzipSync } = require('fflate') as typeof Fflate;
    this.xml = unzipSync(bytes, {
      filter: (f) => {
        this.names.push(f.name);
        return all ? /\.(xml|rels)$/i.test(f.name) : f.name === 'xl/workbook.xml' || f.name === 'xl/_rels/workbook.xml.rels' || /^xl\/worksheets\/[^/]+\.xml$/i.test(f.name);
      },
    });
    const targets = new Map<string, string>();
    for (const m of this.text('xl/_rels/workbook.xml.rels').matchAll(/<Relationship\b([^>]*)>/g)) {
      const id = /\bId="([^"]*)"/.exec(m[1]!)?.[1];
      const target = /\bTarget="([^"]*)"/.exec(m[1]!)?.[1];
      if (!id || !target || /\bTargetMode="External"/.test(m[1]!)) continue;
      const part = posix.normalize(target.startsWith('/') ? target.slice(1) : `xl/${target}`);
      targets.set(id, part);
      this.related.push(part);
    }
    for (const m of this.text('xl/workbook.xml').matchAll(/<sheet\b([^>]*)>/g)) {
      const name = /\bname="([^"]*)"/.exec(m[1]!)?.[1];
      const id = /\br:id="([^"]*)"/.exec(m[1]!)?.[1];
      const target = id ? targets.get(id) : undefined;
      if (name !== undefined) this.listed.push(excerpt(unescapeXml(name)));
      if (name !== undefined && target) this.sheets.set(target, excerpt(unescapeXml(name)));
    }
  }

  /** Parts workbook.xml's relationships point to (worksheets, shared strings, styles, theme). */
  readonly related: string[] = [];
  /** Sheet names workbook.xml lists, whether or not a relationship leads to their content. */
  readonly listed: string[] = [];

  text(name: string): string {
    const b = this.xml[name];
    return b ? Buffer.from(b).toString('utf8') : '';
  }

  xmlNames(): string[] {
    return Object.keys(this.xml).sort();
  }
}

/** Cells all merged ranges of a workbook may cover together: a form merges a few cells for a title or a table head. */
export const MAX_MERGED_CELLS = 100_000;

/** The columns and rows a range like "B2:D4" spans, or null when it is not a range. */
function rangeBox(ref: string): { c1: number; r1: number; c2: number; r2: number } | null {
  const m = /^\$?([A-Z]{1,3})\$?(\d{1,7}):\$?([A-Z]{1,3})\$?(\d{1,7})$/i.exec(ref.trim());
  if (!m) return null;
  const [ca, cb, ra, rb] = [columnNumber(m[1]!), columnNumber(m[3]!), Number(m[2]), Number(m[4])];
  return { c1: Math.min(ca, cb), c2: Math.max(ca, cb), r1: Math.min(ra, rb), r2: Math.max(ra, rb) };
}

/** Cells a range covers (0 when it is not a range). */
function rangeArea(ref: string): number {
  const b = rangeBox(ref);
  return b ? (b.c2 - b.c1 + 1) * (b.r2 - b.r1 + 1) : 0;
}

/**
 * styles.xml with each custom format code's backslashes doubled, or null when none has one. The
 * library drops every backslash of a code it reads (numfmt-xform.js), so 0.00\% (a literal %) came
 * as 0.00% and could only be told from the built-in 0.00% (numFmtId 10) by matching its text, which
 * mixed the two up whenever a workbook had both: doubled, the library hands over the code as written,
 * and a built-in format stays the library's code for its id.
 */
export function withEscapedFormatCodes(styles: string): string | null {
  let changed = false;
  const out = styles.replace(/(<(?:\w+:)?numFmt\b[^>]*?\bformatCode=)("[^"]*"|'[^']*')/g, (all, head: string, value: string) => {
    // A backslash written as a character reference is one all the same once parsed.
    const doubled = value.replace(/\\|&#(?:92|x5[cC]);/g, '\\\\');
    if (doubled === value) return all;
    changed = true;
    return head + doubled;
  });
  return changed ? out : null;
}

/**
 * The built-in number formats 27–36 and 50–58: dates and times in every East Asian locale (their
 * codes in Chinese Excel and WPS below; ECMA-376 Part 1, 18.8.30 lists them as locale-dependent).
 * Chinese Excel gives a cell one of them when “8月29日” or “3/4” is typed into it. The workbook
 * library knows only the locale-independent built-ins, so it read such a cell as a plain number
 * (46085 for “3月4日”) and a figure field took it silently; with the codes named the cell reads as
 * the date it shows, which a figure field refuses (“应为数字，实为日期”).
 */
export const EAST_ASIAN_DATE_FORMATS: Readonly<Record<number, string>> = (() => {
  const ym = 'yyyy"年"m"月"';
  const md = 'm"月"d"日"';
  const hm = 'h"时"mm"分"';
  const hms = 'h"时"mm"分"ss"秒"';
  return {
    27: ym, 28: md, 29: md, 30: 'm-d-yy', 31: 'yyyy"年"m"月"d"日"', 32: hm, 33: hms, 34: `上午/下午 ${hm}`, 35: `上午/下午 ${hms}`, 36: ym,
    50: ym, 51: md, 52: ym, 53: md, 54: md, 55: `上午/下午 ${hm}`, 56: `上午/下午 ${hms}`, 57: ym, 58: md,
  };
})();

/**
 * styles.xml with a definition of each East Asian built-in date format its cell formats use and do
 * not define (EAST_ASIAN_DATE_FORMATS), or null when it needs none (nearly every workbook).
 */
export function withEastAsianDateFormats(styles: string): string | null {
  const xfs = /<(?:\w+:)?cellXfs\b[\s\S]*?<\/(?:\w+:)?cellXfs>/.exec(styles)?.[0] ?? '';
  // Defined for cells in <numFmts> only (a conditional format's own <dxf><numFmt> is not a cell's).
  const own = /<(?:\w+:)?numFmts\b[\s\S]*?<\/(?:\w+:)?numFmts>/.exec(styles)?.[0] ?? '';
  const ids = (xml: string) => [...xml.matchAll(/\bnumFmtId=["'](\d+)["']/g)].map((m) => Number(m[1]));
  const defined = new Set(ids(own));
  const used = new Set(ids(xfs).filter((id) => id in EAST_ASIAN_DATE_FORMATS && !defined.has(id)));
  if (!used.size) return null;
  const prefix = /<(\w+:)?styleSheet\b/.exec(styles)?.[1] ?? '';
  const defs = [...used].map((id) => `<${prefix}numFmt numFmtId="${id}" formatCode="${EAST_ASIAN_DATE_FORMATS[id]!.replace(/"/g, '&quot;')}"/>`).join('');
  const open = new RegExp(`<${prefix}numFmts\\b[^>]*?(/?)>`).exec(styles);
  if (open) {
    const at = open.index + open[0].length;
    return open[1] ? `${styles.slice(0, open.index)}<${prefix}numFmts>${defs}</${prefix}numFmts>${styles.slice(at)}` : styles.slice(0, at) + defs + styles.slice(at);
  }
  const sheet = /<(?:\w+:)?styleSheet\b[^>]*>/.exec(styles);
  if (!sheet) return null;
  const at = sheet.index + sheet[0].length;
  return `${styles.slice(0, at)}<${prefix}numFmts>${defs}</${prefix}numFmts>${styles.slice(at)}`;
}

/**
 * What the workbook library is to load: the bytes as they are, or, when the styles use East
 * Asian built-in date formats (withEastAsianDateFormats) or custom codes with backslashes
 * (withEscapedFormatCodes), the package with styles.xml patched so the library reads them right.
 */
function bytesToLoad(bytes: Uint8Array, all: Record<string, Uint8Array> | null): Uint8Array {
  const styles = all?.['xl/styles.xml'];
  if (!all || !styles) return bytes;
  const text = Buffer.from(styles).toString('utf8');
  const dated = withEastAsianDateFormats(text) ?? text;
  const patched = withEscapedFormatCodes(dated) ?? dated;
  if (patched === text) return bytes;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { zipSync } = require('fflate') as typeof Fflate;
  // Stored, not compressed: only the library reads it, once.
  return zipSync({ ...all, 'xl/styles.xml': Buffer.from(patched, 'utf8') }, { level: 0 });
}

/**
 * Checks, before the workbook library reads it, what the library would choke on: a worksheet the
 * workbook lists whose content is missing (it would be read as absent: an optional budget left out
 * of the report without a word), and merged ranges covering a huge area (the library makes an
 * object for every cell of a merge: "A1:XFD1048576" is 17 billion of them, and the process runs out
 * of memory instead of answering). Returns the bytes the library is to load (bytesToLoad).
 */
function assertWorkbookReadable(bytes: Uint8Array, file: string): { load: Uint8Array } {
  let parts: WorkbookParts;
  try {
    parts = new WorkbookParts(bytes, false);
  } catch {
    return { load: bytes }; // the library's load says what is wrong
  }
  const have = new Set(parts.names);
  const refuse = (what: string, sheet?: string): never => {
    const message = `${what}：文件可能已损坏，或被其他程序改写过。请在 Excel 或 WPS 中打开后重新保存为 .xlsx 再试；打不开时请用备份，或用 fiscal-report export 由 JSON 数据重新导出。`;
    throw new FiscalError(`无法读取 ${file}：工作簿已损坏`, [{ code: 'xlsx-corrupt', severity: 'error', message, place: { file, ...(sheet ? { sheet } : {}) } }]);
  };
  // A part whose bytes changed (a bad disk, a broken copy) can still unpack, to wrong text: a cell
  // read as "��", or another digit. Its CRC tells, and the whole file is refused.
  let all: Record<string, Uint8Array> | null = null;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    all = (require('fflate') as typeof Fflate).unzipSync(bytes);
  } catch {
    /* a part that does not unpack: the library's load says which */
  }
  const changed = all && corruptEntry(bytes, all);
  if (changed) refuse(`工作簿中的${partLabel(changed, parts.sheets)}已损坏（其内容与压缩包记录的校验值不符，文件在保存、复制或下载中受损）`, parts.sheets.get(changed));
  if (parts.listed.length && !have.has('xl/_rels/workbook.xml.rels')) refuse('工作簿目录的关系部件（xl/_rels/workbook.xml.rels）缺失，无法找到各工作表的内容');
  // Worksheets and the shared strings: without them cells read as empty. (Other parts a library may
  // name are left to the reader.)
  for (const part of parts.related) {
    if (have.has(part) || (!parts.sheets.has(part) && part !== 'xl/sharedStrings.xml')) continue;
    const sheet = parts.sheets.get(part);
    refuse(sheet !== undefined ? `工作簿中的工作表“${sheet}”只有名称，内容（${part}）缺失` : `工作簿中的${partLabel(part, parts.sheets)}缺失`, sheet);
  }
  let merged = 0;
  for (const [part, sheet] of parts.sheets) {
    const seen: { ref: string; c1: number; r1: number; c2: number; r2: number }[] = [];
    for (const m of parts.text(part).matchAll(/<mergeCell\b[^>]*?\bref="([^"]*)"/g)) {
      const box = rangeBox(m[1]!);
      // Two merges over the same cells: the library refuses the file with its own words.
      const over = box && seen.find((o) => o.c1 <= box.c2 && box.c1 <= o.c2 && o.r1 <= box.r2 && box.r1 <= o.r2);
      if (box && over) {
        const message = `工作表“${sheet}”中的合并单元格 ${excerpt(m[1]!, 30)} 与 ${over.ref} 重叠（同一个单元格不能属于两处合并）：文件可能被其他程序改写过。请在 Excel 或 WPS 中打开，取消这两处合并后重新合并、保存再试。`;
        throw new FiscalError(`无法读取 ${file}：合并单元格重叠`, [{ code: 'xlsx-merge-overlap', severity: 'error', message, place: { file, sheet, cell: `${columnLetters(box.c1)}${box.r1}` } }]);
      }
      if (box && seen.length < 5000) seen.push({ ref: excerpt(m[1]!, 30), ...box });
      const area = rangeArea(m[1]!);
      merged += area;
      if (merged <= MAX_MERGED_CELLS) continue;
      const ref = excerpt(m[1]!, 30);
      const message = `工作表“${sheet}”中的合并单元格 ${ref} 范围过大（${area.toLocaleString('en')} 个单元格；整个工作簿的合并单元格最多 ${MAX_MERGED_CELLS.toLocaleString('en')} 个，数据工作簿中的合并通常只有几格）：请在 Excel 或 WPS 中选中这片区域，取消单元格合并后保存再试。`;
      throw new FiscalError(`无法读取 ${file}：合并单元格范围过大`, [{ code: 'xlsx-merge-too-large', severity: 'error', message, place: { file, sheet, cell: ref.split(':')[0]!.replace(/\$/g, '').toUpperCase() } }]);
    }
  }
  return { load: bytesToLoad(bytes, all) };
}

/**
 * Which XML part of a workbook the library could not read, said in Chinese with its line and what
 * is wrong there (refresh/well-formed.ts scans each part), or null when every part is well-formed
 * XML (then the structure between parts is what is broken).
 */
function damagedPart(bytes: Uint8Array): string | null {
  let parts: WorkbookParts;
  try {
    parts = new WorkbookParts(bytes, true);
  } catch {
    return '工作簿的压缩结构已损坏';
  }
  for (const name of parts.xmlNames()) {
    const text = parts.text(name);
    if (!text) continue;
    const fault = xmlFault(text);
    if (fault) return `工作簿中${partLabel(name, parts.sheets)}的内容已损坏（该部件第 ${fault.line} 行第 ${fault.column} 列：${fault.message}）`;
  }
  return null;
}

/** Workbook bytes → the raw dataset value and where each value sits (Sheet!Cell). */
export async function readWorkbook(bytes: Uint8Array, file: string, kinds: readonly KindWorkbook[] = WORKBOOKS, zip: ZipLimits = WORKBOOK_ZIP_LIMITS): Promise<Loaded> {
  assertWorkbookBytes(bytes, file);
  assertZipWithinLimits(bytes, file, zip);
  const { load } = assertWorkbookReadable(bytes, file);
  const ExcelJS = await loadExcel();
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(Buffer.from(load.buffer, load.byteOffset, load.byteLength) as unknown as ArrayBuffer);
  } catch {
    // The library's own words (English, about its internals) are not shown: what is said is which
    // part of the workbook is damaged, where, and what to do.
    const message = `${damagedPart(bytes) ?? '工作簿的内容无法解析（其中的文件结构不完整或不符合 Excel 的格式）'}：文件可能已损坏，或被其他程序改写过。请在 Excel 或 WPS 中打开后重新保存为 .xlsx 再试；打不开时请用备份，或用 fiscal-report export 由 JSON 数据重新导出。`;
    throw new FiscalError(`无法读取 ${file}：工作簿已损坏`, [{ code: 'xlsx-corrupt', severity: 'error', message, place: { file } }]);
  }
  const spec = findKind(wb, kinds, file);
  const { byId, byName } = indexSheets(wb);
  const reader = new WorkbookReader(wb, spec, file);
  reader.read(byId, byName);
  // A path with no place of its own answers with its nearest ancestor's; give ancestors the first
  // cell below them, so even a whole missing object is pointed at a cell.
  const places = new Map(reader.places);
  for (const [path, place] of reader.places) {
    const segs = parsePath(path);
    for (let n = segs.length - 1; n >= 0; n--) {
      const p = pathToString(segs.slice(0, n));
      if (!places.has(p)) places.set(p, { sheet: place.sheet!, ...(place.cell ? { cell: place.cell } : {}) });
    }
  }
  const loaded: Loaded = { value: reader.root, sourceMap: mapSource(file, places) };
  const errors = reader.issues.filter((i) => i.severity === 'error');
  const warnings = reader.issues.filter((i) => i.severity === 'warning');
  if (errors.length)
    throw new WorkbookErrors(`无法读取 ${file}：工作簿中有 ${errors.length} 处错误`, [...errors, ...warnings], loaded, reader.unread);
  if (warnings.length) loaded.issues = warnings;
  return loaded;
}

/**
 * A workbook with cells that cannot be read: the cells' errors, and the rest of the workbook as
 * read (those cells left out), so the checks can still run on it and report everything in one round.
 */
export class WorkbookErrors extends FiscalError {
  constructor(
    message: string,
    issues: Issue[],
    readonly partial: Loaded,
    /** Paths left unread by an error placed elsewhere (a row refused at its 单位 cell). */
    private readonly unread: readonly string[] = [],
  ) {
    super(message, issues);
  }
  /** Paths of the cells in error. */
  unreadable(): string[] {
    return [...this.issues.flatMap((i) => (i.severity === 'error' && i.place?.path !== undefined ? [i.place.path] : [])), ...this.unread];
  }
}
