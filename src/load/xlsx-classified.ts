import type { Worksheet } from 'exceljs';
import { D } from '../compose/num';
import { CLASSIFIED_SPEC, columnTitle, type ClassifiedField, type ClassifiedTableSpec } from '../model/classified';
import { TEXT_ITEMS_TITLE } from '../workbook/build-classified';
import { normalizeText } from '../workbook/cells';
import { columnLetters } from '../workbook/formula';
import type { ClassifiedSheet, ValueType } from '../workbook/spec';
import type { WorkbookReader } from './xlsx';

/**
 * Reads a standard 决算草案表 sheet (workbook/build-classified.ts) the way a finance system exports
 * it: the header row is found by its words (科目编码, 科目名称, 决算数 …; a two-row header with a
 * merged 决算数为 over its percentages reads as one), then each row below by its 科目编码 — spaces
 * before and after the code, full-width spaces in the name, title rows merged across the top, 小计
 * rows and blank rows do not matter. The 合计 row is the table's total; a row 注：… its note. Codes
 * deeper than the standard table shows (项 under a listed 款) are left out with one warning; a row
 * with figures that is none of these is reported. Nothing typed: no table (it prints empty).
 */

/** lastYearGrowth: a 比上年增长% column (growth, not the ratio); read into lastYearRatio as 100 + growth. */
type Field = ClassifiedField | 'code' | 'name' | 'textItems' | 'lastYearGrowth';

/** Removes every kind of space (full-width, no-break) and what a header adds in brackets. */
const squash = (s: string) => normalizeText(s).replace(/[\s\u3000\u00a0]+/g, '');

/** The field a header's words stand for, or null. */
export function headerField(text: string): Field | null {
  const full = squash(text);
  const t = full.replace(/[（(][^）)]*[）)]/g, '');
  if (!t) return null;
  // 比上年增长% / 增减%: a growth, which read as 决算数为上年决算数的% printed 6.21 as 同比下降93.79%.
  // Without a percent sign (比上年增减（额）) it is an amount change: no column of the table.
  if (/增长|增减|增幅|增加|减少|[±]/.test(t)) return /%|％|百分|率|幅/.test(full) ? 'lastYearGrowth' : null;
  if (t === squash(TEXT_ITEMS_TITLE).replace(/[（(][^）)]*[）)]/g, '') || /正文/.test(t)) return 'textItems';
  if (/编码|代码/.test(t)) return 'code';
  if (/名称|^项目$|^科目$/.test(t)) return 'name';
  if (/%|％|比|百分/.test(t)) return /上年|同期/.test(t) ? 'lastYearRatio' : 'completionRate';
  if (/上年|同期/.test(t)) return 'lastYear';
  if (/调整/.test(t)) return 'adjustedBudget';
  if (/预算/.test(t)) return 'budget';
  if (/决算|执行|金额|合计/.test(t)) return 'amount';
  return null;
}

const GROWTH_TITLE = '比上年增长%';

const TYPES: Record<ClassifiedField, ValueType> = { budget: 'amount', adjustedBudget: 'amount', amount: 'amount', completionRate: 'rate', lastYear: 'amount', lastYearRatio: 'rate' };

/** Text of a cell as shown (numbers too: a code typed as a number), merged cells answering with their master's. */
function shownText(ws: Worksheet, r: number, c: number): string {
  const cell = ws.findCell(r, c);
  if (!cell) return '';
  const v = cell.isMerged && cell.master ? cell.master.value : cell.value;
  if (v === null || v === undefined) return '';
  if (typeof v === 'object' && 'richText' in v) return (v as { richText: { text: string }[] }).richText.map((x) => x.text).join('');
  if (typeof v === 'object' && 'result' in v) return String((v as { result: unknown }).result ?? '');
  return String(v);
}

/** The table a sheet's title names in its first rows (the longest title found wins), or null. */
function titledAs(ws: Worksheet, all: readonly ClassifiedTableSpec[]): string | null {
  for (let r = 1; r <= Math.min(5, ws.rowCount); r++) {
    const line = squash(Array.from({ length: Math.min(ws.columnCount, 12) }, (_, c) => shownText(ws, r, c + 1)).join(''));
    const hits = all.filter((t) => line.includes(t.title)).sort((a, b) => b.title.length - a.title.length);
    if (hits.length) return hits[0]!.key;
  }
  return null;
}

/**
 * The sheets of the workbook that hold a table: the one of its name, and any other whose title
 * names it (an export copied in under another name) — not a sheet named for another table. A
 * workbook may hold two: the blank sheet init wrote and the export copied in beside it.
 */
export function findClassifiedSheets(sheets: readonly Worksheet[], sheet: ClassifiedSheet, all: readonly ClassifiedSheet[], tables: readonly ClassifiedTableSpec[], taken: Set<Worksheet>): Worksheet[] {
  const names = new Set(all.map((s) => s.name));
  return sheets.filter((ws) => {
    if (taken.has(ws)) return false;
    const name = normalizeText(ws.name);
    if (name === sheet.name) return true;
    return !names.has(name) && titledAs(ws, tables) === sheet.table;
  });
}

/** The header row of a standard table and the columns its words name (0 and none when there is no header). */
function findHeader(ws: Worksheet): { headerRow: number; cols: Map<Field, number>; words: Map<Field, string> } {
  const width = Math.max(ws.columnCount, 1);
  // The header: the first row (of the first 15) naming both the code or name column and a figure column.
  let headerRow = 0;
  const cols = new Map<Field, number>();
  const words = new Map<Field, string>();
  for (let r = 1; r <= Math.min(15, ws.rowCount) && !headerRow; r++) {
    const found = new Map<Field, number>();
    const said = new Map<Field, string>();
    for (let c = 1; c <= width; c++) {
      const f = headerField(shownText(ws, r, c));
      if (f && !found.has(f)) {
        found.set(f, c);
        said.set(f, shownText(ws, r, c));
      }
    }
    if ((found.has('code') || found.has('name')) && found.has('amount')) {
      headerRow = r;
      // A second header row (决算数为 / 调整预算数的%): the columns' words are the two rows' together.
      const next = r + 1;
      const below = Array.from({ length: width }, (_, c) => shownText(ws, next, c + 1).trim());
      const twoRows = below.some((t) => t && !/^\d/.test(t) && headerField(t) === null && !/合计/.test(t)) || below.some((t) => /%|％/.test(t));
      if (twoRows && !below.some((t) => /^\s*\d{3,}\s*$/.test(t))) {
        for (let c = 1; c <= width; c++) {
          const text = shownText(ws, r, c) === shownText(ws, next, c) ? shownText(ws, r, c) : shownText(ws, r, c) + shownText(ws, next, c);
          const f = headerField(text);
          if (f) {
            found.set(f, c);
            said.set(f, text);
          }
        }
        headerRow = next;
      }
      for (const [f, c] of found) cols.set(f, c);
      for (const [f, w] of said) words.set(f, w);
    }
  }
  return { headerRow, cols, words };
}

/** The (last) header row of a standard table, 0 when it has none: a column header may state the unit (决算数（元）). */
export function classifiedHeaderRow(ws: Worksheet): number {
  return findHeader(ws).headerRow;
}

/** Whether anything is typed in a figure column below the header (a sheet left as init wrote it has codes and names only). */
export function hasClassifiedFigures(ws: Worksheet): boolean {
  const { headerRow, cols } = findHeader(ws);
  const figures = [...cols].filter(([f]) => f in TYPES || f === 'lastYearGrowth').map(([, c]) => c);
  for (let r = headerRow + 1; headerRow && r <= ws.rowCount; r++) if (figures.some((c) => shownText(ws, r, c).trim() !== '')) return true;
  return false;
}

/**
 * The year a table is of: the year before its title (青禾区2024年政府一般债务限额和余额情况表), else
 * the one its 限额, 举借 and 还本 rows are stamped with (二、2024年地方政府一般债务限额); null when none or several.
 */
function sheetYear(ws: Worksheet, spec: ClassifiedTableSpec, headerRow: number, nameCol: number | undefined): number | null {
  for (let r = 1; r < Math.min(headerRow, 6); r++) {
    const line = squash(Array.from({ length: Math.min(ws.columnCount, 12) }, (_, c) => shownText(ws, r, c + 1)).join(''));
    const m = line.match(new RegExp(`(\\d{4})年(?:度)?${spec.title}`));
    if (m) return Number(m[1]);
  }
  if (nameCol === undefined) return null;
  const years = new Set<number>();
  for (let r = headerRow + 1; r <= ws.rowCount; r++) {
    const name = squash(shownText(ws, r, nameCol));
    const m = /限额|举借|发行|新增|还本|偿还/.test(name) && !/余额/.test(name) ? name.match(/(\d{4})年(?![末底初]|\d|12月|1月)/) : null;
    if (m) years.add(Number(m[1]));
  }
  return years.size === 1 ? [...years][0]! : null;
}

/**
 * A debt row's 余额 by the year it names: 2023年末 (or 2024年初) in a table of 2024 is the 上年末余额,
 * 2024年末 the 年末余额 — /余额/ alone took 2023年末 for the 年末余额. Null: no year-stamped balance
 * (the standard wording decides); { year }: a year that is neither, or a table of unknown year.
 */
export function datedBalance(name: string, year: number | null): { code: 'lastYearBalance' | 'balance' } | { year: number } | null {
  if (!/余额/.test(name) || /限额/.test(name)) return null;
  const end = name.match(/(\d{4})年(?:末|底|12月31日)/);
  const start = name.match(/(\d{4})年(?:初|1月1日)/);
  if (!end && !start) return null;
  const y = Number((end ?? start)![1]);
  const endOf = end ? y : y - 1;
  if (year !== null && endOf === year - 1) return { code: 'lastYearBalance' };
  if (year !== null && endOf === year) return { code: 'balance' };
  return { year: y };
}

export function readClassified(reader: WorkbookReader, ws: Worksheet, sheet: ClassifiedSheet): void {
  const spec = CLASSIFIED_SPEC.get(sheet.table)!;
  const base = `classified.${sheet.table}`;
  const { headerRow, cols, words } = findHeader(ws);
  if (!headerRow) {
    if (ws.actualRowCount > 3)
      reader.issue('xlsx-classified-header', `工作表“${ws.name}”中找不到表头（应有“科目编码”或“科目名称”，以及“决算数”等列）：请把财政系统导出的表格连同表头一起粘贴。`, { sheet: ws.name }, base, 'warning');
    return;
  }
  if (spec.shape === 'flow' && cols.has('completionRate')) {
    // The rate's base is what its header says: the table's (dataset's) rate is of 调整预算数 where the
    // table has that column, else of 预算数 (model/classified-data.ts rateBase); a header of the other base is refused.
    const said = squash(words.get('completionRate') ?? '');
    const ofAdjusted = /调整/.test(said);
    const ofBudget = !ofAdjusted && /预算数/.test(said);
    const rateCol = cols.get('completionRate')!;
    const at = { sheet: ws.name, cell: `${columnLetters(rateCol)}${headerRow}` };
    const refuse = (why: string, fix: string) => {
      reader.issue('xlsx-classified-rate-base', `工作表“${ws.name}”${at.cell}列的表头“${said}”${why}：这一列的百分比无法与其基数核对，没有读取。${fix}。`, at, `${base}.rows`, 'error', said, { fix });
      cols.delete('completionRate');
    };
    if (ofAdjusted && !cols.has('adjustedBudget'))
      refuse(cols.has('budget') ? '是调整预算数的百分比，而表中没有“调整预算数”列（只有“预算数”）' : '是调整预算数的百分比，而表中没有“调整预算数”列', '请把“调整预算数”列连同表头一起粘贴（或删去这一列，由程序按预算数计算“决算数为预算数的%”）');
    else if (ofBudget && cols.has('adjustedBudget'))
      refuse('是预算数的百分比，而表中有“调整预算数”列（标准表的这一列是决算数为调整预算数的%）', '请改为财政系统导出的“决算数为调整预算数的%”，或删去这一列，由程序按调整预算数计算');
  }
  const fields = [...cols.keys()].filter((f): f is ClassifiedField => f in TYPES);
  const growthCol = cols.get('lastYearGrowth');
  const codes = new Set(spec.rows.map((r) => r.code));
  const deepest = Math.max(...spec.rows.map((r) => (/^\d+$/.test(r.code) ? r.code.length : 0)));
  const rows: Record<string, unknown>[] = [];
  const marked: string[] = [];
  let total: Record<string, unknown> | null = null;
  let note: string | undefined;
  const deeper: string[] = [];
  const seenDebt = new Set<string>();

  // The year a debt sheet is of (its title's, else its 限额/举借/还本 rows'), found once when a row's 余额 names a year.
  let year: number | null | undefined;
  const debtYear = (): number | null => (year === undefined ? (year = sheetYear(ws, spec, headerRow, cols.get('name'))) : year);

  const readFigures = (r: number, path: string, label: string): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    for (const f of fields) {
      const { value, at } = reader.value(ws, r, cols.get(f)!, TYPES[f], `${path}.${f}`, TYPES[f] === 'amount' ? '万元' : undefined, `${spec.title}${label}的${columnTitle(spec.shape, f)}`);
      reader.place(`${path}.${f}`, at);
      if (typeof value === 'number') out[f] = value;
    }
    if (growthCol !== undefined) {
      // The table's column is the ratio: a growth is stored as 100 + growth (exact decimals), checked against a ratio column given besides.
      const { value, at } = reader.value(ws, r, growthCol, 'rate', `${path}.lastYearRatio`, undefined, `${spec.title}${label}的${GROWTH_TITLE}`);
      if (typeof value === 'number') {
        const ratio = new D(value).add(100).toNumber();
        const stated = out.lastYearRatio as number | undefined;
        if (stated === undefined) {
          reader.place(`${path}.lastYearRatio`, at);
          out.lastYearRatio = ratio;
        } else if (!new D(stated).eq(ratio)) {
          const fix = `请核对这一行的“${columnTitle(spec.shape, 'lastYearRatio')}”和“比上年增长%”（两者应相差 100）`;
          reader.issue(
            'xlsx-classified-growth',
            `工作表“${ws.name}”${at.cell}：${spec.title}${label}的比上年增长% ${value} 与${columnTitle(spec.shape, 'lastYearRatio')} ${stated} 不符（应为 ${new D(stated).sub(100).toString()}）：${fix}。`,
            at,
            `${path}.lastYearRatio`,
            'error',
            String(value),
            { expected: new D(stated).sub(100).toString(), fix },
          );
        }
      }
    }
    return out;
  };
  const hasFigures = (r: number) => [...fields.map((f) => cols.get(f)!), ...(growthCol !== undefined ? [growthCol] : [])].some((c) => shownText(ws, r, c).trim() !== '');

  for (let r = headerRow + 1; r <= ws.rowCount; r++) {
    const code = cols.has('code') ? squash(shownText(ws, r, cols.get('code')!)) : '';
    const name = cols.has('name') ? squash(shownText(ws, r, cols.get('name')!)) : '';
    const first = squash(shownText(ws, r, 1));
    if (/^注[:：]/.test(first) || (!code && /^注[:：]/.test(name))) {
      note = normalizeText(shownText(ws, r, /^注/.test(first) ? 1 : cols.get('name')!)).trim().replace(/^注[:：]\s*/, '');
      continue;
    }
    if (/^说明[:：]/.test(first)) continue;
    if (!code && !name && !hasFigures(r)) continue;
    const at = { sheet: ws.name, cell: `${columnLetters(cols.get('code') ?? cols.get('name')!)}${r}` };
    if (/^\d+$/.test(code)) {
      if (!codes.has(code) && code.length > deepest) {
        deeper.push(code);
        continue;
      }
      if (!hasFigures(r)) continue;
      const path = `${base}.rows[${rows.length}]`;
      reader.place(path, at);
      reader.place(`${path}.code`, at);
      const row: Record<string, unknown> = { code };
      // Recognised by its code: a standard row keeps the standard name, whatever the export prints.
      if (!codes.has(code) && name) row.name = name;
      Object.assign(row, readFigures(r, path, `“${name || code}”（${code}）`));
      rows.push(row);
      if (cols.has('textItems') && /^(是|√|✓|Y|YES|TRUE)$/i.test(squash(shownText(ws, r, cols.get('textItems')!)))) marked.push(code);
      continue;
    }
    if (/小计/.test(name)) continue;
    if (/合计|总计/.test(name) && spec.shape !== 'debt') {
      if (!hasFigures(r)) continue;
      const path = `${base}.total`;
      reader.place(path, at);
      total = readFigures(r, path, '合计');
      continue;
    }
    if (spec.shape === 'debt' && name) {
      const dated = datedBalance(name, debtYear());
      if (dated && 'year' in dated) {
        // A year-stamped balance of a year neither the report's nor the one before: which 余额 it is is unknown.
        if (hasFigures(r)) {
          const year = debtYear();
          const fix = year ? `本表是${year}年的表：上年末余额写“${year - 1}年末”，年末余额写“${year}年末”，请核对这一行的年份` : '请在表格标题中写明年度（如“××区2024年政府一般债务限额和余额情况表”），或把这一行改为“上年末……余额”“年末……余额”';
          reader.issue(
            'xlsx-classified-debt-year',
            `工作表“${ws.name}”第 ${r} 行（${name}）的余额是 ${dated.year} 年的，${year ? `不是本表（${year}年）的上年末或年末余额` : '而表格标题中没有年度，无法判断是上年末还是年末余额'}：这一行的数字没有读取。${fix}。`,
            at,
            base,
            'error',
            name,
            { fix },
          );
        }
        continue;
      }
      const item = dated ? spec.rows.find((x) => x.code === dated.code) : ['limit', 'lastYearBalance', 'issued', 'repaid', 'balance'].map((k) => spec.rows.find((x) => x.code === k)!).find((x) => x.match!.test(name) && (x.code !== 'lastYearBalance' || !/限额/.test(name)));
      if (item && !seenDebt.has(item.code) && hasFigures(r)) {
        seenDebt.add(item.code);
        const path = `${base}.rows[${rows.length}]`;
        reader.place(path, at);
        rows.push({ code: item.code, ...readFigures(r, path, `“${name}”`) });
        continue;
      }
    }
    if (hasFigures(r))
      reader.issue(
        'xlsx-classified-row',
        `工作表“${ws.name}”第 ${r} 行（${name || code || '无名称'}）既没有可识别的科目编码，也不是合计、小计或注：这一行的数字没有读取。请在“科目编码”列填写政府收支分类科目编码，或删除这一行。`,
        at,
        base,
        'warning',
      );
  }
  if (deeper.length)
    reader.issue(
      'xlsx-classified-deeper',
      `工作表“${ws.name}”中有 ${deeper.length} 行是标准表不列的下级科目（${deeper.slice(0, 5).join('、')}${deeper.length > 5 ? '等' : ''}），未读取：${spec.title}只列到${deepest === 3 ? '类' : deepest === 5 ? '款' : '项'}。`,
      { sheet: ws.name },
      base,
      'warning',
    );
  if (!rows.length && !total) return;
  const table: Record<string, unknown> = {};
  if (total && Object.keys(total).length) table.total = total;
  table.rows = rows;
  if (note) table.note = note;
  if (marked.length) table.textItems = marked;
  reader.set(base, table, { sheet: ws.name, cell: `A${headerRow + 1}` });
}
