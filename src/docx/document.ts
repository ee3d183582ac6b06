import { TableNames } from '../model/table-band';
import type { Block, ReportDoc } from '../model/doc';
import { blocksToParagraphs } from './blocks';
import { startBindings } from './bind';

/** The document's frame: root element and section properties, from the docx package (parts.ts). */
export interface DocumentFrame {
  documentOpen: string;
  coverSectPr: string;
  bodySectPr: string;
}

/**
 * The cover memo (from a meeting block up to the first page break) is its own section without
 * page numbers; the report and its attachments follow in one numbered section.
 */
function splitCover(blocks: Block[]): { cover: Block[]; body: Block[] } {
  if (blocks[0]?.type !== 'meeting') return { cover: [], body: blocks };
  const brk = blocks.findIndex((b) => b.type === 'pageBreak');
  if (brk < 0) return { cover: [], body: blocks };
  return { cover: blocks.slice(0, brk), body: blocks.slice(brk + 1) };
}

/**
 * The memo's blank back page, which ends the cover section and holds its properties. The report's
 * section starts on an odd page (skeleton.ts), but Word and LibreOffice judge odd and even by the
 * page number, and the report numbers its first page 1: measured with LibreOffice 7.4, an odd-page
 * section after a one-page memo starts on the memo's back, numbered 1, with no blank page between.
 * So the blank back page is written out, and the report's "— 1 —" is the third sheet side, a front.
 */
// LibreOffice drops an empty paragraph that holds a section's properties, page break and all, so
// the blank page is a paragraph of its own and the properties follow in another.
const blankBack = (sectPr: string) => `<w:p><w:pPr><w:pageBreakBefore/></w:pPr></w:p><w:p><w:pPr>${sectPr}</w:pPr></w:p>`;

/** word/document.xml of a report, handed to `emit` piece by piece (the zip writer encodes them as they come). */
export function writeDocumentXml(doc: ReportDoc, frame: DocumentFrame, emit: (xml: string) => void): void {
  startBindings();
  const { cover, body } = splitCover(doc.blocks);
  emit(frame.documentOpen);
  // One naming of tables for the whole document, as refresh names them (model/table-band.ts).
  const tables = new TableNames();
  if (cover.length) {
    blocksToParagraphs(cover, emit, tables);
    emit(blankBack(frame.coverSectPr));
  }
  blocksToParagraphs(body, emit, tables);
  emit(frame.bodySectPr);
  emit('</w:body></w:document>');
}

/** word/document.xml of a report. */
export function documentXml(doc: ReportDoc, frame: DocumentFrame): string {
  const parts: string[] = [];
  writeDocumentXml(doc, frame, (xml) => parts.push(xml));
  return parts.join('');
}
