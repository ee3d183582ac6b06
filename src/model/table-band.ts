import { runsText, type TableBlock, type TableCell } from './doc';
import { layoutGrid, type Slot } from './table-grid';
import type { ReportDoc } from './doc';

/**
 * A long table's body is bound to its data in bands of rows, one bookmark each, instead of one
 * bookmark per figure: at 100,000 rows, per-figure bookmarks made the DOCX ten times the size of the
 * same text without them (their hashed names do not compress). A band's bookmark covers the first
 * cell of its first row and is named B<hash of its place: which table of the document, which
 * row>_<hash of the band's text> (its place, not a figure of its first row, which the new data may
 * turn into text or leave empty); `refresh` finds the band's rows from that row to the next band or
 * the table's end, and maps them row for row onto the same place in the new table. A band the
 * writer edited is reported whole, so short tables, where a writer's edit is likeliest, keep one
 * bookmark per figure.
 */

/** Tables with more body rows than this are bound in bands. */
export const BAND_MIN_ROWS = 500;
/** Body rows in a band before the next may start (a page of 小四 rows is about 35). */
export const BAND_ROWS = 50;

export const isBanded = (bodyRows: number): boolean => bodyRows > BAND_MIN_ROWS;

/** The texts of the cells (w:tc) row `r` prints: a cell's text where it starts, '' where a vertical merge continues it. */
export function rowCellTexts(slots: Slot<TableCell>[][], r: number): string[] {
  const out: string[] = [];
  const row = slots[r]!;
  for (let c = 0; c < row.length; c++) {
    const s = row[c]!;
    if (s.col !== c) continue; // covered by a cell to the left
    out.push(s.row === r ? runsText(s.cell.runs) : '');
  }
  return out;
}

/** The cells row `r` starts (where a vertical merge continues, no cell), in the order rowCellTexts gives. */
export function rowCells(slots: Slot<TableCell>[][], r: number): (TableCell | null)[] {
  const out: (TableCell | null)[] = [];
  const row = slots[r]!;
  for (let c = 0; c < row.length; c++) {
    const s = row[c]!;
    if (s.col === c) out.push(s.row === r ? s.cell : null);
  }
  return out;
}

/** The key of the first figure row `r` starts, in column order. */
export function rowFirstKey(slots: Slot<TableCell>[][], r: number): string | undefined {
  for (const cell of rowCells(slots, r)) for (const run of cell?.runs ?? []) if (run.fig) return run.fig.key;
  return undefined;
}

/**
 * Names the tables of one document for their bands' keys: a table's title and header rows (what a
 * reader knows it by), and which table of that name it is. Not its place among the tables: new data
 * that add a table before it (a budget the district now has) would send its rows into another table.
 */
export class TableNames {
  private seen = new Map<string, number>();
  next(b: TableBlock): string {
    const name = [runsText(b.title), ...b.header.map((row) => row.map((c) => runsText(c.runs)).join('\t'))].join('\n');
    const n = (this.seen.get(name) ?? 0) + 1;
    this.seen.set(name, n);
    return `${name}#${n}`;
  }
}

/**
 * A band's key: its table's name (TableNames) and the grid row the band starts at, so the band is
 * found again whatever its row's cells are in the new data (a first cell that is no longer a
 * figure, an amount left empty).
 */
export const bandKey = (table: string, row: number): string => `${table}/row#${row}`;

/** What a band's text hash is taken over: its cells' texts, tab between cells, newline between rows. */
export const bandText = (rows: readonly (readonly string[])[]): string => rows.map((r) => r.join('\t')).join('\n');

/**
 * The bands of grid rows [from, to) (one piece of a table, as laid out on a page): the first starts
 * at the piece's first row with a figure, the next at the first row with a figure once BAND_ROWS
 * rows have passed; each ends where the next starts, the last at `to`. Rows before the piece's
 * first figure belong to no band: they have nothing to refresh.
 */
export function bandsOf(slots: Slot<TableCell>[][], from: number, to: number, table: string): { start: number; end: number; key: string }[] {
  const out: { start: number; end: number; key: string }[] = [];
  for (let r = from; r < to; r++) {
    const last = out[out.length - 1];
    if (last && r - last.start < BAND_ROWS) continue;
    if (rowFirstKey(slots, r) === undefined) continue;
    if (last) last.end = r;
    out.push({ start: r, end: to, key: bandKey(table, r) });
  }
  return out;
}

const grids = new WeakMap<ReportDoc, { block: TableBlock; slots: Slot<TableCell>[][] }[]>();
/** The tables of a document with their grids, laid out once per document (refresh reads them several ways). */
export function tableGrids(doc: ReportDoc): { block: TableBlock; slots: Slot<TableCell>[][] }[] {
  let found = grids.get(doc);
  if (!found) {
    found = doc.blocks.flatMap((b) => (b.type === 'table' ? [{ block: b, slots: layoutGrid([...b.header, ...b.body]).slots }] : []));
    grids.set(doc, found);
  }
  return found;
}
