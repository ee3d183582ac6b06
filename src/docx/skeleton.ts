import { AlignmentType, Document, DocumentGridType, Footer, PageNumber, Packer, Paragraph, TextRun, type ISectionOptions } from 'docx';
import { strFromU8, unzipSync } from 'fflate';
import { CHAR, FONT, GRID, PAGE, SIZE, runFont } from './layout';
import { STYLE, documentStyles } from './styles';

/**
 * What the docx package writes once for every report: styles, footers, settings, numbering, font
 * table, theme, relationships, content types, the document's root element and its sections'
 * properties. They do not depend on the report, so they are generated here from a sample document
 * (a cover section and a numbered section, as every report has), stored in parts.generated.json
 * (`npm run docx-parts`; test/docx-parts.test.ts checks it is current) and the report's own parts
 * (document.xml, comments.xml) are written around them (xml.ts). A build then never loads the
 * docx package.
 */

/** "— N —" in 宋体 四号: em dashes as text around the PAGE field (NUMBER_IN_DASH gives hyphens). */
function pageNumberFooter(side: 'odd' | 'even'): Footer {
  const font = runFont(FONT.song);
  return new Footer({
    children: [
      new Paragraph({
        style: STYLE.footer,
        alignment: side === 'odd' ? AlignmentType.RIGHT : AlignmentType.LEFT,
        // One character in from the edge of the text block.
        indent: side === 'odd' ? { right: CHAR, firstLine: 0, firstLineChars: 0 } : { left: CHAR, firstLine: 0, firstLineChars: 0 },
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
 * What the paragraph defaults need and the docx package cannot write: paragraphs do not snap to
 * the document grid (<w:snapToGrid w:val="0"/>, layout.ts GRID says why). It goes before
 * w:spacing as CT_PPrBase orders it.
 */
export function patchStyles(xml: string): string {
  const at = xml.indexOf('<w:pPrDefault><w:pPr>');
  if (at < 0) throw new Error('styles.xml 缺少 w:pPrDefault（内部错误）');
  const insertAt = at + '<w:pPrDefault><w:pPr>'.length;
  return xml.slice(0, insertAt) + '<w:snapToGrid w:val="0"/>' + xml.slice(insertAt);
}

/** The constant parts of one package variant: without comments, or with a comments part. */
export interface PackageVariant {
  /** Part name → XML, every part but document.xml, comments.xml and the docProps the report fills. */
  parts: Record<string, string>;
  /** word/document.xml up to and including <w:body>. */
  documentOpen: string;
  /** The cover section's properties (in the cover's last paragraph) and the numbered section's (at the body's end). */
  coverSectPr: string;
  bodySectPr: string;
  /** word/comments.xml up to and including the <w:comments> start tag (the variant with comments). */
  commentsOpen?: string;
}

/** Parts written by the report itself (xml.ts, package.ts), not taken from the sample. */
export const OWN_PARTS = ['word/document.xml', 'word/comments.xml', 'docProps/core.xml', 'docProps/app.xml', 'docProps/custom.xml'];

const COVER = 'COVER-MARK';
const BODY = 'BODY-MARK';
const body = (text: string) => new Paragraph({ children: [new TextRun(text)] });

async function variant(withComments: boolean): Promise<PackageVariant> {
  const sections: ISectionOptions[] = [
    { properties: pageProps(false), children: [body(COVER)] },
    { properties: pageProps(true), footers: { default: pageNumberFooter('odd'), even: pageNumberFooter('even') }, children: [body(BODY)] },
  ];
  const doc = new Document({
    creator: '',
    description: '',
    evenAndOddHeaderAndFooters: true,
    styles: documentStyles(),
    ...(withComments ? { comments: { children: [{ id: 0, author: 'A', initials: 'A', date: new Date(0), children: [body('C')] }] } } : {}),
    sections,
  });
  const files = unzipSync(await Packer.toBuffer(doc));
  const text = (name: string) => strFromU8(files[name]!);
  const xml = text('word/document.xml');
  // The sample's document.xml must be exactly: root, cover paragraph with its section, body paragraph, body section.
  const m = /^([\s\S]*?<w:body>)(<w:p>(?:<w:pPr>)?(<w:sectPr>[\s\S]*?<\/w:sectPr>)(?:<\/w:pPr>)?<w:r><w:t xml:space="preserve">COVER-MARK<\/w:t><\/w:r><\/w:p>)<w:p><w:r><w:t xml:space="preserve">BODY-MARK<\/w:t><\/w:r><\/w:p>(<w:sectPr>[\s\S]*<\/w:sectPr>)<\/w:body><\/w:document>$/.exec(xml);
  if (!m) throw new Error(`docx 包写出的 document.xml 结构与预期不同（docx 包升级后请检查 skeleton.ts）：${xml.slice(-600)}`);
  const parts: Record<string, string> = {};
  for (const name of Object.keys(files).sort()) if (!OWN_PARTS.includes(name)) parts[name] = text(name);
  parts['word/styles.xml'] = patchStyles(parts['word/styles.xml']!);
  const out: PackageVariant = { parts, documentOpen: m[1]!, coverSectPr: m[3]!, bodySectPr: m[4]! };
  if (withComments) {
    const c = /^[\s\S]*?<w:comments[^>]*>/.exec(text('word/comments.xml'));
    if (!c) throw new Error('docx 包写出的 comments.xml 缺少 w:comments（内部错误）');
    out.commentsOpen = c[0];
  }
  return out;
}

/** As stored in parts.generated.json: the parts both variants share, and each variant's own. */
export interface DocxParts {
  common: Record<string, string>;
  plain: PackageVariant;
  comments: PackageVariant;
}

export async function generateParts(): Promise<DocxParts> {
  const plain = await variant(false);
  const comments = await variant(true);
  const common: Record<string, string> = {};
  for (const [name, xml] of Object.entries(plain.parts)) {
    if (comments.parts[name] !== xml) continue;
    common[name] = xml;
    delete plain.parts[name];
    delete comments.parts[name];
  }
  return { common, plain, comments };
}
