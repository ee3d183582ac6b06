import type { Worksheet } from 'exceljs';
import type { NarrativeBodyInput, NarrativeItemInput, NarrativeSectionInput } from '../validate/schema/narrative';
import { fitHeight, FONT, frame, INPUT_FILL, listValidation, sectionRow, style, WRAP } from './look';
import type { Choice, OutlineSheet } from './spec';

/**
 * The body of a narrative report as rows in document order (see OutlineSheet): what the report
 * prints from top to bottom, one part per row. Numbers of headings and items are not written:
 * the report numbers them, so a writer may insert, move and delete rows freely.
 */

export const OUTLINE_COLUMNS = ['type', 'level', 'lead', 'text', 'runIn', 'list', 'note'];
export const OUTLINE_TITLES = ['类型', '级别', '标题／引领语', '正文', '连排', '下级条目排法', '说明'];
/** Every row of the body has this key (the rows' order is the document's). */
export const OUTLINE_KEY = 'body';

export type OutlineRowType = 'section' | 'item' | 'point' | 'paragraph' | 'closing';
export const ROW_TYPES: Record<OutlineRowType, string> = { section: '部分', item: '条目', point: '分点', paragraph: '段落', closing: '结束语' };

/** How the items under a section or item are set (the dataset's `list`). */
export const LIST_STYLES: readonly Choice[] = [
  { value: 'paragraphs', label: '分段' },
  { value: 'enumerated', label: '一是二是' },
  { value: 'numbered', label: '编号' },
];
export const YES = '是';
export const NO = '否';

/** Which columns a row of each type uses (besides 类型 and 说明). */
export const USES: Record<OutlineRowType, string[]> = {
  section: ['level', 'lead', 'text', 'runIn', 'list'],
  item: ['level', 'lead', 'text', 'list'],
  point: ['lead', 'text'],
  paragraph: ['text'],
  closing: ['text'],
};

export interface OutlineRow {
  type: OutlineRowType;
  level?: number;
  lead?: string;
  text?: string;
  runIn?: boolean;
  list?: string;
}

const paragraphs = (t: string | string[] | undefined): string[] => (t === undefined ? [] : Array.isArray(t) ? t : [t]);
const listLabel = (v: string | undefined) => (v === undefined ? undefined : (LIST_STYLES.find((c) => c.value === v)?.label ?? v));

/** The rows of a narrative body, in the order the report prints it. */
export function outlineRows(body: NarrativeBodyInput & { closing?: string | string[] | undefined }): OutlineRow[] {
  const out: OutlineRow[] = [];
  const item = (it: NarrativeItemInput, depth: number) => {
    const [first, ...more] = paragraphs(it.text);
    out.push({ type: 'item', level: depth, ...(it.lead !== undefined ? { lead: it.lead } : {}), ...(first !== undefined ? { text: first } : {}), ...(it.list ? { list: it.list } : {}) });
    // Points run on in the item's first paragraph; further paragraphs follow; then sub-items.
    for (const p of it.points ?? []) out.push({ type: 'point', ...(p.lead !== undefined ? { lead: p.lead } : {}), ...(p.text !== undefined ? { text: p.text } : {}) });
    for (const p of more) out.push({ type: 'paragraph', text: p });
    for (const x of it.items ?? []) item(x, depth + 1);
  };
  const section = (s: NarrativeSectionInput, level: number) => {
    const [first, ...more] = paragraphs(s.text);
    out.push({
      type: 'section',
      level,
      lead: s.heading,
      ...(first !== undefined ? { text: first } : {}),
      ...(s.runIn !== undefined ? { runIn: s.runIn } : {}),
      ...(s.list ? { list: s.list } : {}),
    });
    for (const p of more) out.push({ type: 'paragraph', text: p });
    for (const it of s.items ?? []) item(it, 1);
    for (const x of s.sections ?? []) section(x, level + 1);
  };
  for (const p of paragraphs(body.text)) out.push({ type: 'paragraph', text: p });
  for (const it of body.items ?? []) item(it, 1);
  for (const s of body.sections ?? []) section(s, 1);
  for (const p of paragraphs(body.closing)) out.push({ type: 'closing', text: p });
  return out;
}

const HELP =
  '正文按报告中的先后顺序每行一部分，“类型”从下拉列表中选：部分（标题，“级别”1—4 对应 一、（一）1.（1），序号由程序编排，不要写在标题里；“正文”填该部分的第一段；“连排”选“是”时标题与第一段接排）、' +
  '条目（“级别”1 为上面那个部分的条目，2 为上一个条目的下级条目；“引领语”和“正文”第一段同段）、分点（上一个条目的分点，接排为“一是……二是……”）、段落（上面那一部分或条目的又一段）、结束语（文末，如“以上报告，请予审议。”）。' +
  '“下级条目排法”决定本部分（或本条目）下级条目的排法：分段（默认）、一是二是、编号。文中的数字写成 {{名称}}，名称在“数据表”中定义。要增加一行：撤销工作表保护（无密码）后插入整行（连同隐藏的 A 列键）。';

export function writeOutline(ws: Worksheet, sheet: OutlineSheet, data: unknown): void {
  const widths = [8, 6, 32, 90, 6, 12, 20];
  frame(ws, sheet, OUTLINE_COLUMNS, OUTLINE_TITLES, widths);
  let r = 4;
  sectionRow(ws, r++, HELP, OUTLINE_COLUMNS.length + 1, '#help');
  const rows = data === undefined ? [] : outlineRows(data as NarrativeBodyInput);
  const total = rows.length + (data === undefined ? (sheet.blankRows ?? 60) : 5);
  const col = (k: string) => OUTLINE_COLUMNS.indexOf(k) + 2;
  for (let i = 0; i < total; i++) {
    const row = rows[i];
    ws.getCell(r, 1).value = OUTLINE_KEY;
    const put = (key: string, v: string | number | null | undefined, opts: { numFmt?: string; center?: boolean; bold?: boolean; indent?: number } = {}) => {
      const cell = ws.getCell(r, col(key));
      cell.value = v ?? null;
      style(cell, {
        fill: key === 'note' ? undefined : INPUT_FILL,
        locked: false,
        numFmt: opts.numFmt ?? '@',
        align: opts.center ? { vertical: 'middle', horizontal: 'center' } : { ...WRAP, horizontal: 'left', ...(opts.indent ? { indent: opts.indent } : {}) },
        font: opts.bold ? { bold: true } : {},
      });
    };
    // Deeper parts are indented, so the outline shows at a glance (the reader goes by 级别, not by looks).
    const depth = row ? (row.type === 'section' ? (row.level ?? 1) - 1 : row.type === 'item' ? (row.level ?? 1) : 0) : 0;
    put('type', row ? ROW_TYPES[row.type] : null, { center: true, bold: row?.type === 'section' });
    put('level', row?.level, { numFmt: '0', center: true });
    put('lead', row?.lead, { bold: row?.type === 'section', indent: depth });
    put('text', row?.text);
    put('runIn', row?.runIn === undefined ? null : row.runIn ? YES : NO, { center: true });
    put('list', listLabel(row?.list), { center: true });
    put('note', null);
    ws.getCell(r, col('type')).dataValidation = listValidation(Object.values(ROW_TYPES));
    ws.getCell(r, col('level')).dataValidation = {
      type: 'whole',
      operator: 'between',
      formulae: [1, 9],
      allowBlank: true,
      showErrorMessage: true,
      errorTitle: '数据有误',
      error: '级别请填 1 至 9 的整数（部分：1 为一、，2 为（一），3 为 1.，4 为（1））。',
    };
    ws.getCell(r, col('runIn')).dataValidation = listValidation([YES, NO]);
    ws.getCell(r, col('list')).dataValidation = listValidation(LIST_STYLES.map((c) => c.label));
    if (row?.type === 'section') ws.getCell(r, col('type')).font = { ...FONT, bold: true };
    fitHeight(ws, r, [
      { text: row?.lead ?? '', width: widths[2]! },
      { text: row?.text ?? '', width: widths[3]! },
    ]);
    r++;
  }
}
