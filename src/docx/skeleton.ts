import { AlignmentType, Document, DocumentGridType, Footer, PageNumber, Packer, Paragraph, SectionType, TextRun, type ISectionOptions } from 'docx';
import { strFromU8, unzipSync } from 'fflate';
import { CHAR, FONT, FONT_INFO, GRID, PAGE, SIZE, runFont } from './layout';
import { esc, runProps } from './xml';
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

/**
 * "— N —" in 宋体 四号, the digits 宋体's half-width ones too (GB/T 9704 7.5): em dashes as text
 * around the PAGE field (NUMBER_IN_DASH gives hyphens). The field's cached value is added by
 * patchFooter.
 */
function pageNumberFooter(side: 'odd' | 'even'): Footer {
  const font = runFont(FONT.pageNumber);
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
  // The numbered report starts on an odd page: printed double-sided, "— 1 —" is a front page
  // (document.ts puts the memo's blank back page in the cover section, see BLANK_BACK there).
  ...(withNumbers ? { type: SectionType.ODD_PAGE } : {}),
  page: {
    size: { width: PAGE.width, height: PAGE.height },
    // Footer distance: the number sits about 7 mm below the text block.
    margin: { ...PAGE.margin, header: 851, footer: PAGE.margin.bottom - 397 - 280, gutter: 0 },
    ...(withNumbers ? { pageNumbers: { start: 1 } } : {}),
  },
  grid: { type: DocumentGridType.LINES_AND_CHARS, linePitch: GRID.linePitch, charSpace: GRID.charSpace },
});

/** Styles the docx package writes that a report has no use for, or writes wrong (blue Heading5/6, a paragraph "Strong"). */
const DROPPED_STYLES = ['Heading5', 'Heading6', 'Strong'];

/**
 * Styles the docx package does not write: Word's own definitions of the default character style
 * (the package's character styles are based on it), Strong as the character style it is in Word,
 * and the comment styles, so a draft's balloons are 五号 single-spaced text rather than body text
 * (三号, 28 pt lines, indented).
 */
function extraStyles(): string {
  const commentRun = runProps(FONT.song, SIZE.wu).replace('<w:rPr>', '').replace('</w:rPr>', '');
  return (
    '<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont"><w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/><w:unhideWhenUsed/></w:style>' +
    '<w:style w:type="character" w:styleId="Strong"><w:name w:val="Strong"/><w:basedOn w:val="DefaultParagraphFont"/><w:uiPriority w:val="22"/><w:qFormat/><w:rPr><w:b/><w:bCs/></w:rPr></w:style>' +
    '<w:style w:type="character" w:styleId="CommentReference"><w:name w:val="annotation reference"/><w:basedOn w:val="DefaultParagraphFont"/><w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/><w:rPr><w:sz w:val="21"/><w:szCs w:val="21"/></w:rPr></w:style>' +
    '<w:style w:type="paragraph" w:styleId="CommentText"><w:name w:val="annotation text"/><w:basedOn w:val="Normal"/><w:link w:val="CommentTextChar"/><w:uiPriority w:val="99"/><w:unhideWhenUsed/>' +
    '<w:pPr><w:spacing w:after="0" w:before="0" w:line="240" w:lineRule="auto"/><w:ind w:firstLine="0" w:firstLineChars="0"/><w:jc w:val="left"/></w:pPr>' +
    `<w:rPr>${commentRun.replace(/<w:sz [^>]*\/><w:szCs [^>]*\/>/, '<w:spacing w:val="0"/>$&')}</w:rPr></w:style>` +
    '<w:style w:type="character" w:customStyle="1" w:styleId="CommentTextChar"><w:name w:val="批注文字 字符"/><w:basedOn w:val="DefaultParagraphFont"/><w:link w:val="CommentText"/><w:uiPriority w:val="99"/><w:rPr><w:sz w:val="21"/><w:szCs w:val="21"/></w:rPr></w:style>'
  );
}

/**
 * What styles.xml needs and the docx package cannot write: paragraphs do not snap to the document
 * grid (<w:snapToGrid w:val="0"/> before w:spacing as CT_PPrBase orders it; layout.ts GRID says
 * why); the East Asian language of the text, zh-CN (w:lang after w:szCs, CT_RPr order); no style
 * based on one that does not exist, none left over from the package's defaults (DROPPED_STYLES),
 * and the styles of extraStyles().
 */
export function patchStyles(xml: string): string {
  const at = xml.indexOf('<w:pPrDefault><w:pPr>');
  if (at < 0) throw new Error('styles.xml 缺少 w:pPrDefault（内部错误）');
  const insertAt = at + '<w:pPrDefault><w:pPr>'.length;
  let out = xml.slice(0, insertAt) + '<w:snapToGrid w:val="0"/>' + xml.slice(insertAt);
  const rDefault = /(<w:rPrDefault><w:rPr>[\s\S]*?)(<\/w:rPr><\/w:rPrDefault>)/.exec(out);
  if (!rDefault) throw new Error('styles.xml 缺少 w:rPrDefault（内部错误）');
  out = out.replace(rDefault[0], `${rDefault[1]}<w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/>${rDefault[2]}`);
  for (const id of DROPPED_STYLES) out = out.replace(new RegExp(`<w:style [^>]*w:styleId="${id}"[^>]*>[\\s\\S]*?</w:style>`), '');
  return out.replace('</w:styles>', `${extraStyles()}</w:styles>`);
}

/**
 * word/fontTable.xml: every font the document names, with what Word and WPS need to substitute it
 * on a PC that lacks it (layout.ts FONT_INFO). The docx package writes an empty table.
 */
export function fontTableXml(): string {
  const fonts = Object.entries(FONT_INFO)
    .map(
      ([name, f]) =>
        `<w:font w:name="${esc(name)}"><w:altName w:val="${esc(f.altName)}"/><w:panose1 w:val="${f.panose}"/><w:charset w:val="${f.charset}"/><w:family w:val="${f.family}"/><w:pitch w:val="${f.pitch}"/></w:font>`,
    )
    .join('');
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    '<w:fonts xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">' +
    fonts +
    '</w:fonts>'
  );
}

/**
 * A footer's PAGE field with a cached value (1 on odd pages, 2 on even ones): previewers that do
 * not compute fields show a number instead of "—  —"; Word and WPS compute it anew.
 */
export function patchFooter(xml: string, cached: number): string {
  const m = /(<w:r>(<w:rPr>(?:(?!<\/w:r>)[\s\S])*?<\/w:rPr>)?<w:fldChar w:fldCharType="separate"\/><\/w:r>)/.exec(xml);
  if (!m) throw new Error('页脚缺少页码域（内部错误）');
  return xml.replace(m[1]!, `${m[1]}<w:r>${m[2] ?? ''}<w:t>${cached}</w:t></w:r>`);
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
  parts['word/fontTable.xml'] = fontTableXml();
  // footer1 is the default (odd pages) footer, footer2 the even one (the order the section lists them).
  parts['word/footer1.xml'] = patchFooter(parts['word/footer1.xml']!, 1);
  parts['word/footer2.xml'] = patchFooter(parts['word/footer2.xml']!, 2);
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
