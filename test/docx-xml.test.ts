import { BookmarkEnd, BookmarkStart, CommentRangeEnd, CommentRangeStart, CommentReference, Document, Packer, Paragraph, TextRun, type IParagraphOptions, type ParagraphChild } from 'docx';
import { strFromU8, unzipSync } from 'fflate';
import { FONT, SIZE, runFont, type FontSpec } from '../src/docx/layout';
import { bookmarkEnd, bookmarkStart, commentRangeEnd, commentRangeStart, commentReference, paragraph, runProps, runPropsIn, textRun, type ParagraphProps } from '../src/docx/xml';

// The report's document.xml is written as strings (src/docx/xml.ts) in place of the docx package's
// object tree. Its elements must be the XML the package writes for the same options: each case here
// is built both ways and compared (the golden files pin the whole Laiwu document as well).

/** The body content the docx package writes for these paragraphs (one section, its sectPr cut off). */
async function docxBody(paragraphs: Paragraph[]): Promise<string> {
  const doc = new Document({ sections: [{ children: paragraphs }] });
  const xml = strFromU8(unzipSync(await Packer.toBuffer(doc))['word/document.xml']!);
  return spaceAsWeWrite(xml.slice(xml.indexOf('<w:body>') + '<w:body>'.length, xml.lastIndexOf('<w:sectPr>')));
}

/**
 * The package's XML as we write it in one respect: xml:space="preserve" only on text with XML
 * whitespace (space, tab, line feed, carriage return), where the package writes it on every run.
 */
const spaceAsWeWrite = (xml: string) => xml.replace(/<w:t xml:space="preserve">([^<]*)<\/w:t>/g, (m, t: string) => (/[ \t\n\r]/.test(t) ? m : `<w:t>${t}</w:t>`));

const PROPS: ParagraphProps[] = [
  {},
  { indent: { firstLine: 0, firstLineChars: 0 } },
  { style: 'Title', indent: { firstLine: 0, firstLineChars: 0 }, alignment: 'center' },
  { style: 'Heading2', keepNext: false, pageBreakBefore: true },
  { style: 'Heading1' },
  { keepNext: true, pageBreakBefore: true, indent: { firstLine: 0, firstLineChars: 0 }, alignment: 'right' },
  { style: 'TableText', spacing: { after: 0, before: 0, line: 360, lineRule: 'exact' }, indent: { left: 240, firstLine: 0, firstLineChars: 0 }, alignment: 'left' },
  { indent: { left: 1524, hanging: 924, firstLineChars: 0 } },
  { pageBreakBefore: true, indent: { right: 628, firstLine: 0, firstLineChars: 0 }, alignment: 'right' },
  { indent: { left: 5705, firstLine: 0, firstLineChars: 0 }, alignment: 'both' },
];

const TEXTS = ['关于莱芜区2024年决算', '', ' a & b < c > "d" \'e\' ', 'tab\there', 'ctl\u0001\u001fend', '—'];

const docxRun = (text: string, font: FontSpec, size: number, bold: boolean, lineBreak: boolean) =>
  new TextRun({ text, font: runFont(font), size, ...(bold ? { bold: true } : {}), ...(lineBreak ? { break: 1 } : {}) });

describe('document.xml written as strings is the docx package\'s XML', () => {
  it('paragraph properties, in every combination the report uses', async () => {
    const ours = PROPS.map((p, i) => paragraph(p, textRun(TEXTS[i % TEXTS.length]!, runProps(FONT.body, SIZE.san)))).join('');
    const theirs = await docxBody(PROPS.map((p, i) => new Paragraph({ ...(p as IParagraphOptions), children: [docxRun(TEXTS[i % TEXTS.length]!, FONT.body, SIZE.san, false, false)] })));
    expect(ours).toBe(theirs);
  });

  it('runs: fonts, sizes, bold, line breaks, escaping', async () => {
    const cases: [string, FontSpec, number, boolean, boolean][] = [];
    TEXTS.forEach((t, i) => {
      cases.push([t, FONT.body, SIZE.san, i % 2 === 0, false]);
      cases.push([t, FONT.title, SIZE.er, i % 2 === 1, true]);
      cases.push([t, FONT.hei, SIZE.xiaosi, false, i % 3 === 0]);
    });
    const ours = paragraph({}, cases.map(([t, f, s, b, br]) => textRun(t, runProps(f, s, b), br)).join(''));
    const theirs = await docxBody([new Paragraph({ children: cases.map(([t, f, s, b, br]) => docxRun(t, f, s, b, br)) })]);
    expect(ours).toBe(theirs);
  });

  it('bookmarks, comment ranges and comment references', async () => {
    const rPr = runProps(FONT.body, SIZE.san);
    const ours = paragraph(
      {},
      commentRangeStart(3) + bookmarkStart('Fabc_123', 7) + textRun('1.5', rPr) + bookmarkEnd(7) + commentRangeEnd(3) + commentReference(3),
    );
    const children = [
      new CommentRangeStart(3),
      new BookmarkStart('Fabc_123', 7) as unknown as ParagraphChild,
      docxRun('1.5', FONT.body, SIZE.san, false, false),
      new BookmarkEnd(7) as unknown as ParagraphChild,
      new CommentRangeEnd(3),
      new TextRun({ children: [new CommentReference(3)], style: 'CommentReference' }),
    ];
    expect(ours).toBe(await docxBody([new Paragraph({ children })]));
  });

  it('keeps xml:space="preserve" on text with spaces, tabs or line ends, and only there', () => {
    const rPr = runProps(FONT.body, SIZE.san);
    expect(textRun('关于莱芜区2024年决算', rPr)).toBe(`<w:r>${rPr}<w:t>关于莱芜区2024年决算</w:t></w:r>`);
    // U+3000 (the ideographic space) is not XML whitespace: no reader trims it.
    expect(textRun('附件：\u3000', rPr)).toBe(`<w:r>${rPr}<w:t>附件：\u3000</w:t></w:r>`);
    for (const t of [' 前导', '末尾 ', '中 间', 'tab\there', 'a\nb', 'a\rb']) expect(textRun(t, rPr)).toContain('<w:t xml:space="preserve">');
  });

  it('leaves out of a run exactly the properties its paragraph\'s style gives', () => {
    const own = (font: FontSpec, size: number, bold = false) => runProps(font, size, bold);
    expect(runPropsIn('Normal', FONT.body, SIZE.san)).toBe('');
    expect(runPropsIn('Normal', FONT.body, SIZE.san, true)).toBe(own(FONT.body, SIZE.san, true));
    expect(runPropsIn('Normal', FONT.kai, SIZE.san)).toBe(own(FONT.kai, SIZE.san));
    expect(runPropsIn('Normal', FONT.body, SIZE.xiaosi)).toBe(own(FONT.body, SIZE.xiaosi));
    // A run-in heading: the heading's own face goes, the body text after it keeps its fonts.
    expect(runPropsIn('Heading2', FONT.kai, SIZE.san)).toBe('');
    expect(runPropsIn('Heading2', FONT.body, SIZE.san)).toBe(own(FONT.body, SIZE.san));
    expect(runPropsIn('TableText', FONT.body, SIZE.xiaosi)).toBe('');
    expect(runPropsIn('TableText', FONT.hei, SIZE.xiaosi)).toBe(own(FONT.hei, SIZE.xiaosi));
    expect(runPropsIn('Title', FONT.title, SIZE.er)).toBe('');
    // A style the table does not know keeps every run as written.
    expect(runPropsIn('Caption', FONT.body, SIZE.san)).toBe(own(FONT.body, SIZE.san));
  });
});
