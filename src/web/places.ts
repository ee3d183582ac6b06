import type { Place } from '../model/issue';
import { parsePath } from '../load/path';
import { labelPath } from '../validate/labels';

/** 工作表“政府债务” 单元格 D7, or 第 30 行第 18 列: where in its file a value sits. */
export function placeWhere(p: Place | undefined): string {
  if (!p) return '';
  if (p.sheet) return `工作表“${p.sheet}”${p.cell ? ` 单元格 ${p.cell}` : ''}`;
  if (p.line !== undefined) return `第 ${p.line} 行第 ${p.column ?? 1} 列`;
  return '';
}

/** The field in the writer's words: the row label a workbook shows (债务限额·一般债务限额), else its Chinese name (政府债务·限额·一般); '' for the whole file. */
export function placeField(p: Place | undefined): string {
  if (p?.label) return p.label;
  return p?.path ? labelPath(parsePath(p.path)) : '';
}
