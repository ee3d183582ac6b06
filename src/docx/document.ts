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
function withSectPr(last: string | undefined, sectPr: string): string[] {
  if (last === undefined || !last.startsWith('<w:p')) return [...(last === undefined ? [] : [last]), `<w:p><w:pPr>${sectPr}</w:pPr></w:p>`];
  if (last.startsWith('<w:p><w:pPr>')) {
    const end = last.indexOf('</w:pPr>');
    return [last.slice(0, end) + sectPr + last.slice(end)];
  }
  if (last === '<w:p/>') return [`<w:p><w:pPr>${sectPr}</w:pPr></w:p>`];
  return [`<w:p><w:pPr>${sectPr}</w:pPr>${last.slice('<w:p>'.length)}`];
}

/** word/document.xml of a report, handed to `emit` piece by piece (the zip writer encodes them as they come). */
export function writeDocumentXml(doc: ReportDoc, frame: DocumentFrame, emit: (xml: string) => void): void {
  startBindings();
  const { cover, body } = splitCover(doc.blocks);
  emit(frame.documentOpen);
  if (cover.length) {
    // The cover's last element takes the section's properties: each is held back until the next.
    let last: string | undefined;
    blocksToParagraphs(cover, (xml) => {
      if (last !== undefined) emit(last);
      last = xml;
    });
    for (const p of withSectPr(last, frame.coverSectPr)) emit(p);
  }
  blocksToParagraphs(body, emit);
  emit(frame.bodySectPr);
  emit('</w:body></w:document>');
}

/** word/document.xml of a report. */
export function documentXml(doc: ReportDoc, frame: DocumentFrame): string {
  const parts: string[] = [];
  writeDocumentXml(doc, frame, (xml) => parts.push(xml));
  return parts.join('');
}
