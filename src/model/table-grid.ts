/**
 * Table geometry shared by the markup reader, the dataset tables and the DOCX renderer: cells
 * with HTML-style spans laid onto a grid of slots, and the markup's merge marks (< joins the cell
 * to the left, ^ the cell above) turned into spans.
 */

export interface Spanned {
  colSpan?: number;
  rowSpan?: number;
}

export interface Slot<T> {
  cell: T;
  /** Where the cell starts. */
  row: number;
  col: number;
}

/** Thrown with a Chinese message naming the row and column (1-based) where the table is malformed. */
export class TableShapeError extends Error {
  constructor(
    message: string,
    readonly row: number,
    readonly col: number,
  ) {
    super(message);
  }
}

/**
 * Lays cells with spans onto a grid. Every row must fill the same number of columns once spans
 * from rows above are counted; overlapping spans are refused.
 */
export function layoutGrid<T extends Spanned>(rows: readonly (readonly T[])[]): { columns: number; slots: Slot<T>[][] } {
  const slots: (Slot<T> | undefined)[][] = rows.map(() => []);
  rows.forEach((cells, r) => {
    let c = 0;
    for (const cell of cells) {
      while (slots[r]![c]) c++;
      const cs = cell.colSpan ?? 1;
      const rs = cell.rowSpan ?? 1;
      if (!Number.isInteger(cs) || cs < 1 || !Number.isInteger(rs) || rs < 1) throw new TableShapeError(`第 ${r + 1} 行第 ${c + 1} 列：合并的行数、列数应为正整数`, r + 1, c + 1);
      if (r + rs > rows.length) throw new TableShapeError(`第 ${r + 1} 行第 ${c + 1} 列：向下合并 ${rs} 行，超出了表格的行数`, r + 1, c + 1);
      for (let dr = 0; dr < rs; dr++) {
        for (let dc = 0; dc < cs; dc++) {
          if (slots[r + dr]![c + dc]) throw new TableShapeError(`第 ${r + dr + 1} 行第 ${c + dc + 1} 列：合并的单元格相互重叠`, r + dr + 1, c + dc + 1);
          slots[r + dr]![c + dc] = { cell, row: r, col: c };
        }
      }
      c += cs;
    }
  });
  const widths = slots.map((row) => row.length);
  const columns = Math.max(0, ...widths);
  slots.forEach((row, r) => {
    for (let c = 0; c < columns; c++) {
      if (!row[c]) throw new TableShapeError(`第 ${r + 1} 行只有 ${row.filter(Boolean).length} 列，其他行有 ${columns} 列：每行的列数（含合并）应相同`, r + 1, c + 1);
    }
  });
  return { columns, slots: slots as Slot<T>[][] };
}

export const MERGE_LEFT = '<';
export const MERGE_UP = '^';
export type Marked<T> = T | typeof MERGE_LEFT | typeof MERGE_UP;

/** Rows with merge marks → rows of cells with spans (covered slots dropped). */
export function spansFromMarks<T extends Spanned>(rows: readonly (readonly Marked<T>[])[]): T[][] {
  // Most tables merge nothing: each cell is its own (a long table's rows are not walked three times).
  if (!rows.some((cells) => cells.some((c) => c === MERGE_LEFT || c === MERGE_UP))) return rows.map((cells) => cells.slice() as T[]);
  const owner: (T | undefined)[][] = rows.map(() => []);
  const origin = new Set<T>();
  rows.forEach((cells, r) => {
    cells.forEach((cell, c) => {
      let o: T | undefined;
      if (cell === MERGE_LEFT) {
        o = owner[r]![c - 1];
        if (!o) throw new TableShapeError(`第 ${r + 1} 行第 ${c + 1} 列：“<”左边没有可合并的单元格`, r + 1, c + 1);
      } else if (cell === MERGE_UP) {
        o = owner[r - 1]?.[c];
        if (!o) throw new TableShapeError(`第 ${r + 1} 行第 ${c + 1} 列：“^”上面没有可合并的单元格`, r + 1, c + 1);
      } else {
        o = cell;
        origin.add(cell);
      }
      owner[r]![c] = o;
    });
  });
  // Each cell's span is the bounding box of its slots.
  const box = new Map<T, { r0: number; c0: number; r1: number; c1: number }>();
  owner.forEach((row, r) =>
    row.forEach((o, c) => {
      if (!o) return;
      const b = box.get(o);
      if (!b) box.set(o, { r0: r, c0: c, r1: r, c1: c });
      else Object.assign(b, { r1: Math.max(b.r1, r), c1: Math.max(b.c1, c) });
    }),
  );
  for (const [cell, b] of box) {
    for (let r = b.r0; r <= b.r1; r++)
      for (let c = b.c0; c <= b.c1; c++)
        if (owner[r]![c] !== cell) throw new TableShapeError(`第 ${r + 1} 行第 ${c + 1} 列：合并区域不是矩形`, r + 1, c + 1);
    if (b.c1 > b.c0) cell.colSpan = b.c1 - b.c0 + 1;
    if (b.r1 > b.r0) cell.rowSpan = b.r1 - b.r0 + 1;
  }
  return rows.map((cells) => cells.filter((c): c is T => c !== MERGE_LEFT && c !== MERGE_UP && origin.has(c as T)));
}

/** Rows of cells with spans → rows with merge marks in the covered slots (for writing markup). */
export function marksFromSpans<T extends Spanned>(rows: readonly (readonly T[])[]): Marked<T>[][] {
  // Without spans there is nothing to mark, once every row has as many cells (as layoutGrid requires).
  const width = rows[0]?.length ?? 0;
  if (rows.every((cells) => cells.length === width && cells.every((c) => (c.colSpan ?? 1) === 1 && (c.rowSpan ?? 1) === 1))) return rows.map((cells) => cells.slice());
  const { slots } = layoutGrid(rows);
  return slots.map((row, r) => row.map((s, c) => (s.row === r && s.col === c ? s.cell : s.col < c ? MERGE_LEFT : MERGE_UP)));
}
