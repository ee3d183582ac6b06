import { basename } from 'node:path';
import type { ReportDoc } from '../model/doc';
import { parsePath } from '../load/path';
import { labelPath } from '../validate/labels';
import { loadExcel } from '../workbook/excel';
import { blockLines, type AuditEntry, type AuditMap, type AuditSource } from './index';

/**
 * The numbers audit as a workbook a writer opens in Excel or WPS: one row per number in the report
 * — where it stands (paragraph, and the words around it), the number, its value, and where it
 * comes from (the sheet and cell of the data, or the computation and what it reads). The JSON
 * audit stays for scripts.
 */

const KIND_NAMES: Record<AuditEntry['kind'], string> = {
  figure: '数据',
  text: '数据中的文字',
  ordinal: '序号',
  draft: '草稿说明',
};

const BLOCK_NAMES: Record<string, string> = {
  title: '标题',
  heading: '标题',
  paragraph: '正文',
  table: '表格',
  meeting: '会议信息',
  attachmentNote: '附件说明',
  attachment: '附件',
  signature: '落款',
  date: '日期',
};

/** Where a source value sits: 工作表“一般公共预算” 单元格 D7, or the JSON line, with the field's name. */
function sourcePlace(s: Extract<AuditSource, { path: string }>): string {
  // A figure of a report attached by file name sits in that file (its line is there).
  const file = s.dataset === 'previous' ? '上年数据' : s.dataset === 'style' ? `格式文件${s.file ? ` ${s.file}` : ''}` : s.file ? `附件报告 ${basename(s.file)}` : '';
  const where = s.sheet ? `工作表“${s.sheet}” 单元格 ${s.cell ?? ''}` : s.line !== undefined ? `第 ${s.line} 行` : '';
  const path = s.path.replace(/^previous:/, '');
  return [file, where, `“${labelPath(parsePath(path))}”`].filter(Boolean).join(' ');
}

/** A source in words: the data's place, or the computation with what it reads (one level deep, then by name). */
function describe(s: AuditSource, depth = 0): string {
  if ('path' in s) return sourcePlace(s);
  if (!s.inputs.length) return s.derivation;
  if (depth > 1) return `${s.derivation}（由 ${s.inputs.length} 项数据算出）`;
  return `${s.derivation}：${s.inputs.map((i) => describe(i, depth + 1)).join('；')}`;
}

function sourceValue(s: AuditSource): string | number | null {
  return 'path' in s && s.value !== undefined ? s.value : null;
}

/** The audit as rows of the sheet. */
interface AuditSheet {
  heading: string;
  rows: (string | number | null)[][];
}

function auditSheet(audit: AuditMap, doc: ReportDoc | null, documentName: string): AuditSheet {
  const heading = `数字来源表：${documentName}（数据文件 ${audit.dataset}${audit.previous ? `，上年数据 ${audit.previous}` : ''}）`;
  const rows: (string | number | null)[][] = [];
  const blocks = doc?.blocks ?? [];
  // Paragraph numbers as a reader counts them: blocks with text, page breaks left out.
  const ordinal = new Map<number, number>();
  let n = 0;
  blocks.forEach((b, i) => {
    if (b.type !== 'pageBreak') ordinal.set(i, ++n);
  });
  // A paragraph holds many numbers: its lines' text is joined once.
  const texts = new Map<string, string>();
  const lineText = (block: number, line: number): string => {
    const key = `${block}:${line}`;
    let text = texts.get(key);
    if (text === undefined) {
      const b = blocks[block];
      const runs = b ? blockLines(b)[line] : undefined;
      text = runs ? runs.map((r) => r.text).join('') : '';
      texts.set(key, text);
    }
    return text;
  };
  audit.numbers.forEach((e, i) => {
    const b = blocks[e.position.block];
    const text = lineText(e.position.block, e.position.line);
    const at = e.position.offset;
    const context = text ? `${at > 16 ? '…' : ''}${text.slice(Math.max(0, at - 16), at)}【${e.text}】${text.slice(at + e.text.length, at + e.text.length + 16)}${at + e.text.length + 16 < text.length ? '…' : ''}` : '';
    const kindOf = b ? (b.type === 'heading' && b.body ? '标题及正文' : (BLOCK_NAMES[b.type] ?? '正文')) : '';
    const where = `第 ${ordinal.get(e.position.block) ?? e.position.block + 1} 段${kindOf ? `（${kindOf}）` : ''}${e.position.line ? `第 ${e.position.line + 1} 行` : ''}`;
    const paths = 'path' in e.source ? e.source.path : collectPaths(e.source).join('、');
    rows.push([i + 1, where, context, e.text, KIND_NAMES[e.kind], describe(e.source), sourceValue(e.source), paths]);
  });
  for (const u of audit.unsourced) rows.push(['', '', '', u.text, '无来源', '报告中的这个数字没有来源：请在数据表中添加它并在文字中引用', null, '']);
  return { heading, rows };
}

/** The sheet written as a workbook. */
async function writeAuditSheet(sheet: AuditSheet): Promise<Buffer> {
  const ExcelJS = await loadExcel();
  const wb = new ExcelJS.Workbook();
  wb.creator = 'fiscal-report';
  const ws = wb.addWorksheet('数字来源表', { views: [{ state: 'frozen', ySplit: 3 }] });
  ws.getCell('A1').value = sheet.heading;
  ws.getCell('A1').font = { bold: true, size: 13 };
  ws.mergeCells(1, 1, 1, 8);
  ws.getCell('A2').value = '报告中的每一个数字：所在段落和前后文字、数字、类别、来源（数据所在的工作表和单元格，或计算方法及所用的数据）、数据中的数值。';
  ws.mergeCells(2, 1, 2, 8);
  const headers = ['序号', '所在段落', '前后文字', '数字', '类别', '来源', '数据中的数值', '来源（数据路径，供技术人员）'];
  ws.getRow(3).values = headers;
  ws.getRow(3).font = { bold: true };
  [6, 14, 40, 14, 10, 60, 14, 40].forEach((w, i) => (ws.getColumn(i + 1).width = w));
  for (const row of sheet.rows) ws.addRow(row);
  ws.eachRow((row, r) => {
    if (r > 2) row.alignment = { vertical: 'top', wrapText: true };
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export async function auditWorkbook(audit: AuditMap, doc: ReportDoc | null, documentName: string): Promise<Buffer> {
  return writeAuditSheet(auditSheet(audit, doc, documentName));
}

function collectPaths(s: AuditSource): string[] {
  return 'path' in s ? [s.path] : s.inputs.flatMap(collectPaths);
}
