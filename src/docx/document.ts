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
 * A section other than the last keeps its properties in its last paragraph (after the paragraph's
 * own properties); a section that ends with a table gets an empty paragraph to hold them.
 */
function endSection(elements: string[], sectPr: string): string[] {
  const last = elements[elements.length - 1];
  if (last === undefined || !last.startsWith('<w:p')) return [...elements, `<w:p><w:pPr>${sectPr}</w:pPr></w:p>`];
  let p: string;
  if (last.startsWith('<w:p><w:pPr>')) {
    const end = last.indexOf('</w:pPr>');
    p = last.slice(0, end) + sectPr + last.slice(end);
  } else if (last === '<w:p/>') p = `<w:p><w:pPr>${sectPr}</w:pPr></w:p>`;
  else p = `<w:p><w:pPr>${sectPr}</w:pPr>${last.slice('<w:p>'.length)}`;
  return [...elements.slice(0, -1), p];
}

/** word/document.xml of a report, in pieces (the zip writer encodes them one after another). */
export function documentXmlParts(doc: ReportDoc, frame: DocumentFrame): string[] {
  startBindings();
  const { cover, body } = splitCover(doc.blocks);
  const parts: string[] = [frame.documentOpen];
  if (cover.length) for (const p of endSection(blocksToParagraphs(cover), frame.coverSectPr)) parts.push(p);
  for (const p of blocksToParagraphs(body)) parts.push(p);
  parts.push(frame.bodySectPr, '</w:body></w:document>');
  return parts;
}

/** word/document.xml of a report. */
export function documentXml(doc: ReportDoc, frame: DocumentFrame): string {
  return documentXmlParts(doc, frame).join('');
}
