import { packReport } from '../src/docx/pack';
import { TEXT_WIDTH } from '../src/docx/layout';
import { STYLE_RUNS } from '../src/docx/style-ids';
import { docxPart, docxParts, laiwuRaw, mustBuild, runFaces, xmlParagraphs } from './helpers';

describe('DOCX structure of the Laiwu report', () => {
  let documentXml = '';
  let stylesXml = '';
  let settingsXml = '';
  let parts: string[] = [];
  let bytesOf: Uint8Array = new Uint8Array();
  beforeAll(async () => {
    const bytes = await packReport(mustBuild(laiwuRaw()));
    bytesOf = bytes;
    parts = docxParts(bytes);
    documentXml = docxPart(bytes, 'word/document.xml');
    stylesXml = docxPart(bytes, 'word/styles.xml');
    settingsXml = docxPart(bytes, 'word/settings.xml');
  });

  it('lays every section on A4 with the GB/T 9704 margins', () => {
    const sect = [...documentXml.matchAll(/<w:sectPr[\s\S]*?<\/w:sectPr>/g)].map((m) => m[0]);
    expect(sect).toHaveLength(2); // cover memo, then the numbered report
    for (const s of sect) {
      expect(s).toMatch(/<w:pgSz w:w="11906" w:h="16838"/);
      expect(s).toMatch(/w:top="2098"/);
      expect(s).toMatch(/w:bottom="1984"/);
      expect(s).toMatch(/w:left="1587"/);
      expect(s).toMatch(/w:right="1474"/);
    }
    expect(sect[1]).toMatch(/<w:pgNumType w:start="1"/);
    // The 22 × 28 grid: line pitch 579 tw, character pitch 16 pt − 842/4096 pt = 15.79 pt.
    for (const s of sect) expect(s).toMatch(/<w:docGrid w:type="linesAndChars" w:linePitch="579" w:charSpace="-842"\/>/);
    expect(sect[0]).not.toMatch(/footerReference/);
    expect(sect[1]).toMatch(/<w:footerReference w:type="even"/);
    expect(settingsXml).toContain('<w:evenAndOddHeaders/>');
  });

  it('sets every run in an East Asian and a Latin font and a size, its own or its style\'s', () => {
    const faces = [...documentXml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].flatMap((m) => runFaces(m[0], stylesXml));
    expect(faces.length).toBeGreaterThan(100);
    for (const f of faces) expect(f).toEqual(expect.objectContaining({ latin: 'Times New Roman', hint: 'eastAsia', eastAsia: expect.any(String), size: expect.any(Number) }));
    // Body text leaves its properties to the Normal style: the part is a third smaller for it.
    expect(stylesXml).toMatch(/<w:style w:type="paragraph" w:styleId="Normal"[^>]*>[\s\S]*?w:eastAsia="仿宋_GB2312"[\s\S]*?<w:sz w:val="32"\/>[\s\S]*?<\/w:style>/);
  });

  it('gives each paragraph style the face its runs leave out (STYLE_RUNS is what styles.xml says)', () => {
    for (const [id, { font, size }] of Object.entries(STYLE_RUNS)) {
      const [face] = runFaces(`<w:p><w:pPr><w:pStyle w:val="${id}"/></w:pPr><w:r><w:t>x</w:t></w:r></w:p>`, stylesXml);
      expect({ id, eastAsia: face!.eastAsia, latin: face!.latin, size: face!.size }).toEqual({ id, eastAsia: font.eastAsia, latin: font.latin, size });
    }
    // Table cells say only their alignment (and an indent): the style gives 18 pt exact lines, no first-line indent.
    const tableText = /<w:style w:type="paragraph" w:styleId="TableText">[\s\S]*?<\/w:style>/.exec(stylesXml)![0];
    expect(tableText).toContain('<w:spacing w:after="0" w:before="0" w:line="360" w:lineRule="exact"/>');
    expect(tableText).toContain('<w:ind w:firstLine="0" w:firstLineChars="0"/>');
    const cells = [...documentXml.matchAll(/<w:tc>[\s\S]*?<\/w:tc>/g)].map((m) => m[0]);
    expect(cells.length).toBeGreaterThan(100);
    for (const c of cells) {
      expect(c).toContain('<w:pStyle w:val="TableText"/>');
      expect(c).not.toMatch(/<w:spacing /);
    }
  });

  it('uses the official font per part', () => {
    const para = (start: string) => {
      const m = [...documentXml.matchAll(/<w:p>[\s\S]*?<\/w:p>|<w:p [\s\S]*?<\/w:p>/g)].map((x) => x[0]).find((p) => xmlParagraphs(p)[0]!.startsWith(start));
      if (!m) throw new Error(`no paragraph starting ${start}`);
      return m;
    };
    const faces = (start: string) => new Set(runFaces(para(start), stylesXml).map((f) => `${f.eastAsia} ${f.size}`));
    expect(faces('关于莱芜区2024年决算')).toEqual(new Set(['方正小标宋简体 44']));
    expect(para('一、2024年决算情况')).toMatch(/<w:pStyle w:val="Heading1"\/>/);
    expect(faces('一、2024年决算情况')).toEqual(new Set(['黑体 32']));
    expect(para('（一）一般公共预算收支决算情况')).toMatch(/<w:pStyle w:val="Heading2"\/>/);
    expect(faces('（一）一般公共预算收支决算情况')).toEqual(new Set(['楷体_GB2312 32']));
    expect(faces('2024年，全区一般公共预算总收入')).toEqual(new Set(['仿宋_GB2312 32']));
    // Run-in heading: the heading in 楷体 (a paragraph of its own, joined by a style separator), the body in 仿宋.
    const heading = para('（一）财政收支平稳运行');
    expect(new Set(runFaces(heading, stylesXml).map((f) => f.eastAsia))).toEqual(new Set(['楷体_GB2312']));
    const body = documentXml.slice(documentXml.indexOf(heading) + heading.length).match(/^<w:p>[\s\S]*?<\/w:p>/)![0];
    expect(new Set(runFaces(body, stylesXml).map((f) => f.eastAsia))).toEqual(new Set(['仿宋_GB2312']));
  });

  it('defines real heading styles with outline levels and exact 28 pt body lines', () => {
    for (let level = 1; level <= 4; level++) {
      const style = new RegExp(`<w:style w:type="paragraph" w:styleId="Heading${level}">[\\s\\S]*?<w:outlineLvl w:val="${level - 1}"/>[\\s\\S]*?</w:style>`);
      expect(stylesXml).toMatch(style);
    }
    expect(stylesXml).toMatch(/<w:pPrDefault><w:pPr><w:snapToGrid w:val="0"\/><w:spacing w:after="0" w:before="0" w:line="560" w:lineRule="exact"\/><w:ind w:firstLine="640" w:firstLineChars="200"\/>/);
  });

  it('numbers pages with em dashes around a PAGE field, odd right and even left', () => {
    const footers = parts.filter((p) => /^word\/footer\d+\.xml$/.test(p));
    expect(footers.length).toBe(2);
    const rels = docxPart(bytesOf, 'word/_rels/document.xml.rels');
    const target = (type: string) => {
      const id = new RegExp(`<w:footerReference w:type="${type}" r:id="(rId\\d+)"`).exec(documentXml)![1];
      return docxPart(bytesOf, 'word/' + new RegExp(`Id="${id}"[^>]*Target="([^"]+)"`).exec(rels)![1]);
    };
    for (const [type, align] of [['default', 'right'], ['even', 'left']] as const) {
      const xml = target(type);
      expect(xml).toContain(`<w:jc w:val="${align}"/>`);
      // One character in from the edge of the text block.
      expect(xml).toMatch(new RegExp(`<w:ind w:${align}="315"`));
      expect(xml).toMatch(/<w:instrText xml:space="preserve">PAGE<\/w:instrText>/);
      expect(xml).toMatch(/<w:t xml:space="preserve">— <\/w:t>[\s\S]*PAGE[\s\S]*<w:t xml:space="preserve"> —<\/w:t>/);
      expect(xml).toMatch(/w:eastAsia="宋体"[\s\S]*<w:sz w:val="28"\/>/);
    }
  });

  it('gives Normal its own size (the grid pitch comes from it) and condenses runs to fit 28 a line', () => {
    expect(stylesXml).toMatch(/<w:style w:type="paragraph" w:styleId="Normal" w:default="1">[\s\S]*?<w:sz w:val="32"\/>[\s\S]*?<\/w:style>/);
    expect(stylesXml).toMatch(/<w:rPrDefault><w:rPr>[\s\S]*<w:spacing w:val="-6"\/>[\s\S]*<\/w:rPrDefault>/);
    // No snapping: paragraphs lay out by their exact 28 pt lines and condensed characters.
    expect(stylesXml).toContain('<w:pPrDefault><w:pPr><w:snapToGrid w:val="0"/>');
    expect(stylesXml).toMatch(/<w:pPrDefault>[\s\S]*<w:jc w:val="both"\/>/);
  });

  it('sets the fonts per part of the title, subtitle, speaker, attachment label and tables', () => {
    const paragraphs = [...documentXml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((m) => m[0]);
    const find = (start: string) => paragraphs.find((p) => xmlParagraphs(p)[0]!.startsWith(start))!;
    const faces = (start: string) => new Set(runFaces(find(start), stylesXml).map((f) => `${f.eastAsia} ${f.size}`));
    expect(faces('——2025年8月29日')).toEqual(new Set(['楷体_GB2312 32']));
    expect(find('——2025年8月29日')).toMatch(/<w:jc w:val="center"\/>/);
    expect(find('莱芜区财政局局长')).toMatch(/<w:jc w:val="center"\/>/);
    expect(find('附件1')).toMatch(/<w:pageBreakBefore\/>/);
    expect(faces('附件1')).toEqual(new Set(['黑体 32']));
    expect(find('附件1')).not.toMatch(/<w:jc /);
    expect(find('济南市莱芜区2024年决算草案表')).toMatch(/<w:pStyle w:val="Title"\/>/);
    expect(faces('济南市莱芜区2024年决算草案表')).toEqual(new Set(['方正小标宋简体 44']));
    // 附件1 on line 1, a blank line, its title on line 3.
    const i = paragraphs.indexOf(find('附件1'));
    expect(xmlParagraphs(paragraphs[i + 1]!)[0]).toBe('');
    expect(xmlParagraphs(paragraphs[i + 2]!)[0]).toBe('济南市莱芜区2024年决算草案表');
    // Digits in Times New Roman, Chinese in the part's face, on every run (w:hint keeps “” — … Chinese).
    for (const f of runFaces(find('2024年，全区一般公共预算总收入'), stylesXml)) expect(f).toEqual(expect.objectContaining({ latin: 'Times New Roman', eastAsia: '仿宋_GB2312', hint: 'eastAsia' }));
  });

  it('wraps the long title with the wider line on top, at a word boundary', () => {
    const title = [...documentXml.matchAll(/<w:p>(?:(?!<\/w:p>)[\s\S])*?<w:pStyle w:val="Title"\/>[\s\S]*?<\/w:p>/g)].map((m) => m[0])[0]!;
    const lines = title.split('<w:br/>').map((part) => [...part.matchAll(/<w:t[^>]*>([^<]*)<\/w:t>/g)].map((t) => t[1]).join(''));
    expect(lines).toEqual(['关于莱芜区2024年决算和2025年上半年', '预算执行情况的报告']);
  });

  it('aligns the attachment note: two characters in, wrapped names under the first character of the name', () => {
    const paragraphs = [...documentXml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((m) => m[0]);
    const first = paragraphs.find((p) => xmlParagraphs(p)[0]!.startsWith('附件：1．'))!;
    const second = paragraphs.find((p) => xmlParagraphs(p)[0]!.startsWith('2．'))!;
    const ind = (p: string) => {
      const m = /<w:ind w:left="(\d+)" w:hanging="(\d+)"/.exec(p)!;
      return { left: Number(m[1]), start: Number(m[1]) - Number(m[2]) };
    };
    // Both items wrap to the same place, the first character of the names.
    expect(ind(first).left).toBe(ind(second).left);
    // 附件： starts two characters in; 2． under 1．, three characters (附件：) further.
    expect(ind(first).start).toBe(2 * 314);
    expect(ind(second).start).toBe(5 * 314);
  });

  it('writes attachment tables with full borders, repeated header rows and cell widths that fill the text block', () => {
    const tables = [...documentXml.matchAll(/<w:tbl>[\s\S]*?<\/w:tbl>/g)].map((m) => m[0]);
    expect(tables.length).toBeGreaterThanOrEqual(5);
    for (const t of tables) {
      expect(t).toMatch(/<w:tblW w:type="dxa" w:w="8845"\/>/);
      expect(t).toMatch(/<w:tblLayout w:type="fixed"\/>/);
      for (const side of ['top', 'left', 'bottom', 'right', 'insideH', 'insideV']) expect(t).toMatch(new RegExp(`<w:${side} w:val="single"`));
      const grid = [...t.matchAll(/<w:gridCol w:w="(\d+)"\/>/g)].map((m) => Number(m[1]));
      expect(grid.reduce((a, b) => a + b, 0)).toBe(TEXT_WIDTH);
      for (const row of [...t.matchAll(/<w:tr>[\s\S]*?<\/w:tr>/g)].map((m) => m[0])) {
        const cells = [...row.matchAll(/<w:tc>[\s\S]*?<\/w:tc>/g)].map((m) => m[0]);
        const widths = cells.map((c) => Number(/<w:tcW w:type="dxa" w:w="(\d+)"\/>/.exec(c)![1]));
        expect(widths.reduce((a, b) => a + b, 0)).toBe(TEXT_WIDTH);
      }
      const rows = [...t.matchAll(/<w:tr>[\s\S]*?<\/w:tr>/g)].map((m) => m[0]);
      expect(rows[0]).toContain('<w:tblHeader/>');
      // Numbers right-aligned.
      expect(t).toMatch(/<w:jc w:val="right"\/>(?:(?!<\/w:p>)[\s\S])*<w:t[^>]*>\d+<\/w:t>/);
    }
    // The budget tables merge header cells: 项目 down two rows, 比较（%） across two columns.
    expect(tables[0]).toMatch(/<w:vMerge w:val="restart"\/>[\s\S]*?项目/);
    expect(tables[0]).toMatch(/<w:gridSpan w:val="2"\/>[\s\S]*?比较（%）/);
    expect(tables[0]).toContain('<w:vMerge w:val="continue"/>');
  });

  it('fills the document properties from the dataset, never from the clock', () => {
    const core = docxPart(bytesOf, 'docProps/core.xml');
    expect(core).toContain('<dc:title>关于莱芜区2024年决算和2025年上半年预算执行情况的报告</dc:title>');
    expect(core).toContain('<dc:creator>济南市莱芜区财政局</dc:creator>');
    expect(core).toContain('<dc:subject>莱芜区2024年决算和2025年上半年预算执行情况</dc:subject>');
    expect(core).toContain('<cp:keywords>决算,预算执行,莱芜区,2024</cp:keywords>');
    expect(core).toContain('<dcterms:created xsi:type="dcterms:W3CDTF">2025-08-29T00:00:00Z</dcterms:created>');
    expect(docxPart(bytesOf, 'docProps/app.xml')).toContain('<Company>济南市莱芜区财政局</Company>');
  });

  it('places the heading numbers assigned by the renderer', () => {
    const texts = xmlParagraphs(documentXml);
    expect(texts).toEqual(expect.arrayContaining(['一、2024年决算情况', '二、2024年财政运行特点', '三、2025年上半年预算执行情况', '（五）政府债务情况']));
    expect(texts.some((t) => t.startsWith('四、2025年上半年主要工作'))).toBe(true);
    expect(texts.some((t) => t.startsWith('五、下半年工作打算'))).toBe(true);
  });
});
