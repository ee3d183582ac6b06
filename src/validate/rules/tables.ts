import { layoutGrid, TableShapeError, type Spanned } from '../../model/table-grid';
import type { TableCellInput } from '../schema/tables';
import type { Finding, Rule } from './types';

const spans = (c: TableCellInput): Spanned => (c && typeof c === 'object' ? { ...(c.colSpan ? { colSpan: c.colSpan } : {}), ...(c.rowSpan ? { rowSpan: c.rowSpan } : {}) } : {});

/** A dataset table must be a rectangle once spans are counted, in its header and in its body. */
export const tableShape: Rule = {
  id: 'table-shape',
  severity: 'error',
  description: '数据表格（tables）每行的列数（含合并单元格）相同，合并区域不重叠、不超出表格，列宽个数与列数一致',
  check({ input }) {
    const out: Finding[] = [];
    (input.tables ?? []).forEach((t, i) => {
      let columns = 0;
      for (const part of ['header', 'rows'] as const) {
        const rows = t[part];
        if (!rows.length) continue;
        try {
          const grid = layoutGrid(rows.map((r) => r.map(spans)));
          if (columns && grid.columns !== columns) {
            out.push({ path: ['tables', i, part], message: `表格“${t.title}”的${part === 'header' ? '表头' : '表体'}有 ${grid.columns} 列，与${part === 'header' ? '表体' : '表头'}的 ${columns} 列不一致：请补齐或删去多余的单元格。`, expected: `${columns} 列`, actual: `${grid.columns} 列` });
          }
          columns ||= grid.columns;
        } catch (e) {
          if (!(e instanceof TableShapeError)) throw e;
          out.push({ path: ['tables', i, part, e.row - 1], message: `表格“${t.title}”的${part === 'header' ? '表头' : '表体'}${e.message}。合并单元格写成 {"text": "…", "colSpan": 2}，被合并的位置不再写单元格` });
        }
      }
      if (t.widths && columns && t.widths.length !== columns) {
        out.push({ path: ['tables', i, 'widths'], message: `表格“${t.title}”有 ${columns} 列，列宽 widths 却给了 ${t.widths.length} 个：请每列给一个相对宽度`, expected: `${columns} 个`, actual: `${t.widths.length} 个` });
      }
    });
    return out;
  },
};
