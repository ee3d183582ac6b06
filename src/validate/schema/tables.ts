import { z } from 'zod';
import { Text } from './common';

/**
 * A dataset's own tables (detailed tables a district keeps), rendered like the generated
 * 决算草案表. A cell is text, a number (a figure: right-aligned, printed as typed), empty (null),
 * or an object with spans: {"text": "全区", "colSpan": 3} / {"value": 470383, "rowSpan": 2}.
 * Spans work as in HTML: slots a span covers get no cell in later rows.
 */
const SpanCount = z.number().int().min(1).max(50);

export const TableCellInput = z.union([
  z.string(),
  z.number().finite(),
  z.null(),
  z
    .object({
      text: z.string().optional(),
      value: z.number().finite().optional(),
      colSpan: SpanCount.optional(),
      rowSpan: SpanCount.optional(),
    })
    .strict(),
]);

const Row = z.array(TableCellInput).min(1);

export const DatasetTable = z
  .object({
    title: Text,
    /** 单位 printed at top right, e.g. 万元. */
    unit: z.string().trim().min(1).max(10).optional(),
    header: z.array(Row).min(1),
    rows: z.array(Row),
    /** Relative column widths, one per column. */
    widths: z.array(z.number().positive()).optional(),
    note: Text.optional(),
  })
  .strict();

export const DatasetTables = z.array(DatasetTable);

export type TableCellInput = z.infer<typeof TableCellInput>;
export type DatasetTableInput = z.infer<typeof DatasetTable>;
