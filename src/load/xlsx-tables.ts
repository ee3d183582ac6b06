import type { Worksheet } from 'exceljs';
import { columnLetters } from '../workbook/formula';
import { tableKey, TABLE_ROWS, type TablePart } from '../workbook/build-tables';
import type { TablesSheet } from '../workbook/spec';
import type { SheetIndex, WorkbookReader } from './xlsx';
import { readFormat } from '../workbook/num-format';
import type { Resolved } from '../workbook/access';

/** Whether a number cell's format shows it as a percentage (the cell as the reader resolved it). */
function shownAsPercent(cell: Resolved): boolean {
  return cell.content.kind === 'number' && !!cell.numFmt && readFormat([cell.numFmt], cell.content.value).percent;
}

/**
 * A date cell as the sheet shows it where its format writes 年/月/日 (2024年3月 under yyyy"年"m"月",
 * 3月4日 under m"月"d"日"); other date formats keep the ISO date. `iso` is the date read (YYYY-MM-DD).
 */
function dateAsShown(cell: Resolved, iso: string): string {
  const fmt = cell.numFmt ?? '';
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m || !/[年月日]/.test(fmt)) return iso;
  const [, y, mo, d] = m;
  return `${/年/.test(fmt) ? `${y}年` : ''}${/月/.test(fmt) ? `${Number(mo)}月` : ''}${/日/.test(fmt) ? `${Number(d)}日` : ''}`;
}

/**
 * Reads the sheet of a dataset's own tables (see workbook/build-tables.ts) into `tables`: each
 * block from its title row on is a table; its header and body rows become rows of cells, a merged
 * range one cell with colSpan / rowSpan, a number cell a figure, any other cell its text. Spare
 * blocks and rows left empty are no tables and no rows.
 */

type At = { sheet: string; cell: string };

interface Block {
  /** Row of each single line (title, unit, widths, note). */
  lines: Partial<Record<TablePart, number>>;
  header: number[];
  rows: number[];
}

const PARTS = Object.keys(TABLE_ROWS) as TablePart[];

/** The master cell of a merged range a cell lies in, or null. */
function mergeMaster(ws: Worksheet, row: number, col: number): { row: number; col: number } | null {
  const cell = ws.findCell(row, col);
  if (!cell || !cell.isMerged || !cell.master) return null;
  return { row: Number(cell.master.row), col: Number(cell.master.col) };
}

export function readTables(reader: WorkbookReader, idx: SheetIndex, sheet: TablesSheet): void {
  const { ws } = idx;
  const first = idx.cols.get('cells')!;
  const last = Math.max(ws.columnCount, first);
  const cellCols = Array.from({ length: last - first + 1 }, (_, i) => first + i);
  const keyLetter = columnLetters(idx.keyCol);
  const byKey = new Map(PARTS.map((p) => [tableKey(sheet.path, p).replace(/\s+/g, ''), p]));
  const blocks: Block[] = [];

  reader.rows(idx, cellCols, (r, key) => {
    const part = byKey.get(key);
    if (!part) return reader.unknownKey(idx, r, key);
    if (part === 'title') {
      blocks.push({ lines: { title: r }, header: [], rows: [] });
      return;
    }
    const block = blocks[blocks.length - 1];
    if (!block) {
      if (cellCols.some((c) => reader.filled(ws, r, c)))
        reader.issue(
          'xlsx-table-block',
          `第 ${r} 行（${TABLE_ROWS[part]}）在第一个“表格标题”行之前，不属于任何表格，其内容不会被读取：每张表格从“表格标题”行开始，请把这一行移到表格标题之后。`,
          { sheet: ws.name, cell: `${keyLetter}${r}` },
        );
      return;
    }
    if (part === 'header' || part === 'rows') block[part].push(r);
    else if (block.lines[part] !== undefined) {
      reader.issue(
        'xlsx-table-block',
        `第 ${r} 行与第 ${block.lines[part]} 行都是同一张表格的“${TABLE_ROWS[part]}”：请删除多余的一行；要增加一张表格，请复制整块（从“表格标题”行起）。`,
        { sheet: ws.name, cell: `${keyLetter}${r}` },
      );
    } else block.lines[part] = r;
  });

  const has = (r: number) => cellCols.some((c) => reader.filled(ws, r, c) || mergeMaster(ws, r, c) !== null);
  const tables: unknown[] = [];
  for (const block of blocks) {
    // Title, unit and note are merged across the table's columns: their own cell is what counts.
    const lineRows = Object.values(block.lines);
    if (!lineRows.some((r) => cellCols.some((c) => reader.filled(ws, r, c))) && ![...block.header, ...block.rows].some(has)) continue; // a spare block
    const i = tables.length;
    const base = `${sheet.path}[${i}]`;
    const table: Record<string, unknown> = {};
    const titleAt: At = { sheet: ws.name, cell: `${columnLetters(first)}${block.lines.title}` };
    reader.place(base, titleAt);
    for (const part of ['title', 'unit', 'note'] as const) {
      const r = block.lines[part];
      if (r === undefined) continue;
      const { value, at } = reader.value(ws, r, first, 'longtext', `${base}.${part}`);
      reader.place(`${base}.${part}`, at);
      if (value !== undefined) table[part] = value;
    }

    // Widths: numbers from column C on, up to the last one given.
    if (block.lines.widths !== undefined) {
      const r = block.lines.widths;
      const widths: (number | undefined)[] = cellCols.map((c, k) => {
        const { value, at } = reader.value(ws, r, c, 'number', `${base}.widths[${k}]`);
        reader.place(`${base}.widths[${k}]`, at);
        return typeof value === 'number' ? value : undefined;
      });
      while (widths.length && widths[widths.length - 1] === undefined) widths.pop();
      const gap = widths.findIndex((w) => w === undefined);
      if (gap >= 0)
        reader.issue('xlsx-table-widths', `表格“${String(table.title ?? i + 1)}”的列宽第 ${gap + 1} 列没有填写：请每列都填一个相对宽度，或整行清空（按内容自动分配）。`, { sheet: ws.name, cell: `${columnLetters(first + gap)}${r}` }, `${base}.widths`);
      else if (widths.length) {
        reader.place(`${base}.widths`, { sheet: ws.name, cell: `${columnLetters(first)}${r}` });
        table.widths = widths;
      }
    }

    // The table's columns: as far as any of its rows reaches (content or a merge), or its widths.
    const grid = [...block.header, ...block.rows].filter(has);
    let width = Array.isArray(table.widths) ? table.widths.length : 0;
    for (const r of grid)
      for (const c of cellCols) {
        if (!reader.filled(ws, r, c) && !mergeMaster(ws, r, c)) continue;
        const m = mergeMaster(ws, r, c);
        let end = c;
        if (m) while (end + 1 <= last && mergeMaster(ws, r, end + 1)?.row === m.row && mergeMaster(ws, r, end + 1)?.col === m.col) end++;
        width = Math.max(width, end - first + 1);
      }

    for (const part of ['header', 'rows'] as const) {
      const rows = block[part].filter(has);
      const index = new Map(rows.map((r, k) => [r, k]));
      const out = rows.map((r, k) => {
        const cells: unknown[] = [];
        const rowPath = `${base}.${part}[${k}]`;
        reader.place(rowPath, { sheet: ws.name, cell: `${columnLetters(first)}${r}` });
        for (let c = first; c < first + width; c++) {
          const m = mergeMaster(ws, r, c);
          if (m && (m.row !== r || m.col !== c)) continue; // covered by a merge
          const path = `${rowPath}[${cells.length}]`;
          const address = `${columnLetters(c)}${r}`;
          const resolved = reader.resolved(ws, r, c);
          // A number as the sheet shows it: the report prints a table's cells as they read.
          const read = reader.value(ws, r, c, resolved.content.kind === 'number' ? 'number' : 'longtext', path, undefined, undefined, 'round');
          const at = read.at;
          // A percentage reads as the number it shows (15.3 for 0.153 under 0.0%): the cell keeps its
          // %, or the table would print 15.3 under a header that may not say %.
          const value =
            typeof read.value === 'number' && shownAsPercent(resolved)
              ? `${read.value}%`
              : typeof read.value === 'string' && resolved.content.kind === 'date'
                ? dateAsShown(resolved, read.value)
                : read.value;
          reader.place(path, at);
          if (!m) {
            cells.push(value ?? null);
            continue;
          }
          // A merged range: its extent in columns, and in rows of this part.
          let colSpan = 1;
          while (mergeMaster(ws, r, c + colSpan)?.row === r && mergeMaster(ws, r, c + colSpan)?.col === c) colSpan++;
          let rowSpan = 1;
          while (mergeMaster(ws, r + rowSpan, c)?.row === r && mergeMaster(ws, r + rowSpan, c)?.col === c) rowSpan++;
          for (let d = 1; d < rowSpan; d++) {
            if (index.get(r + d) !== k + d) {
              reader.issue(
                'xlsx-table-merge',
                `表格“${String(table.title ?? i + 1)}”中从 ${address} 起的合并单元格跨出了${part === 'header' ? '表头' : '表体'}（第 ${r + d} 行不是本表的${TABLE_ROWS[part]}行）：表头、表体各自合并，请调整合并区域。`,
                { sheet: ws.name, cell: address },
                path,
              );
              rowSpan = d;
              break;
            }
          }
          const cell: Record<string, unknown> = {};
          if (typeof value === 'number') cell.value = value;
          else if (value !== undefined) cell.text = value;
          if (colSpan > 1) cell.colSpan = colSpan;
          if (rowSpan > 1) cell.rowSpan = rowSpan;
          for (const k2 of Object.keys(cell)) reader.place(`${path}.${k2}`, at);
          cells.push(cell);
        }
        return cells;
      });
      table[part] = out;
      reader.place(`${base}.${part}`, { sheet: ws.name, cell: `${columnLetters(first)}${rows[0] ?? block[part][0] ?? block.lines.title}` });
    }
    tables.push(table);
  }
  if (tables.length) reader.set(sheet.path, tables);
}
