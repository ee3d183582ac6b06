import { AlignmentType, Document, DocumentGridType, Footer, PageNumber, Paragraph, TextRun, type ISectionOptions } from 'docx';
import type { Block, ReportDoc } from '../model/doc';
import { CHAR, FONT, GRID, PAGE, SIZE, runFont } from './layout';
import { blocksToParagraphs } from './blocks';
import { STYLE, documentStyles } from './styles';
import { startBindings } from './bind';
import { commentsPart } from './comments';

/** "— N —" in 宋体 四号: em dashes as text around the PAGE field (NUMBER_IN_DASH gives hyphens). */
function pageNumberFooter(side: 'odd' | 'even'): Footer {
  const font = runFont(FONT.song);
  return new Footer({
    children: [
      new Paragraph({
        style: STYLE.footer,
        alignment: side === 'odd' ? AlignmentType.RIGHT : AlignmentType.LEFT,
        // One character in from the edge of the text block.
        indent: side === "odd" ? { right: CHAR, firstLine: 0, firstLineChars: 0 } : { left: CHAR, firstLine: 0, firstLineChars: 0 },
        children: [new TextRun({ children: ['— ', PageNumber.CURRENT, ' —'], font, size: SIZE.si })],
      }),
    ],
  });
}

const pageProps = (withNumbers: boolean): ISectionOptions['properties'] => ({
  page: {
    size: { width: PAGE.width, height: PAGE.height },
    // Footer distance: the number sits about 7 mm below the text block.
    margin: { ...PAGE.margin, header: 851, footer: PAGE.margin.bottom - 397 - 280, gutter: 0 },
    ...(withNumbers ? { pageNumbers: { start: 1 } } : {}),
  },
  grid: { type: DocumentGridType.LINES_AND_CHARS, linePitch: GRID.linePitch, charSpace: GRID.charSpace },
});

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

export function reportToDocument(doc: ReportDoc): Document {
  startBindings();
  const { cover, body } = splitCover(doc.blocks);
  const sections: ISectionOptions[] = [];
  if (cover.length) sections.push({ properties: pageProps(false), children: blocksToParagraphs(cover) });
  sections.push({
    properties: pageProps(true),
    footers: { default: pageNumberFooter('odd'), even: pageNumberFooter('even') },
    children: blocksToParagraphs(body),
  });
  return new Document({
    creator: doc.properties.author,
    lastModifiedBy: doc.properties.author,
    title: doc.properties.title,
    subject: doc.properties.subject,
    keywords: doc.properties.keywords,
    description: '',
    evenAndOddHeaderAndFooters: true,
    styles: documentStyles(),
    ...(doc.comments?.length ? { comments: commentsPart(doc.comments, doc.properties.created) } : {}),
    sections,
  });
}
