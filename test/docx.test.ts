import { packReport } from '../src/docx/pack';
import { docxPart, docxParts, laiwuRaw, mustBuild, xmlParagraphs } from './helpers';

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
    expect(sect[0]).not.toMatch(/footerReference/);
    expect(sect[1]).toMatch(/<w:footerReference w:type="even"/);
    expect(settingsXml).toContain('<w:evenAndOddHeaders/>');
  });

  it('names an East Asian and a Latin font on every run', () => {
    const runs = [...documentXml.matchAll(/<w:r>[\s\S]*?<\/w:r>/g)].map((m) => m[0]);
    expect(runs.length).toBeGreaterThan(100);
    for (const r of runs) {
      expect(r).toMatch(/<w:rFonts w:ascii="Times New Roman"[^>]*w:eastAsia="[^"]+"[^>]*w:hint="eastAsia"/);
      expect(r).toMatch(/<w:sz w:val="\d+"\/>/);
    }
  });

  it('uses the official font per part', () => {
    const para = (start: string) => {
      const m = [...documentXml.matchAll(/<w:p>[\s\S]*?<\/w:p>|<w:p [\s\S]*?<\/w:p>/g)].map((x) => x[0]).find((p) => xmlParagraphs(p)[0]!.startsWith(start));
      if (!m) throw new Error(`no paragraph starting ${start}`);
      return m;
    };
    expect(para('关于莱芜区2024年决算')).toMatch(/w:eastAsia="方正小标宋简体"[\s\S]*<w:sz w:val="44"\/>/);
    expect(para('一、2024年决算情况')).toMatch(/<w:pStyle w:val="Heading1"\/>[\s\S]*w:eastAsia="黑体"/);
    expect(para('（一）一般公共预算收支决算情况')).toMatch(/<w:pStyle w:val="Heading2"\/>[\s\S]*w:eastAsia="楷体_GB2312"/);
    expect(para('2024年，全区一般公共预算总收入')).toMatch(/w:eastAsia="仿宋_GB2312"[\s\S]*<w:sz w:val="32"\/>/);
    // Run-in heading: heading part in 楷体, the rest of the paragraph in 仿宋.
    const runIn = para('（一）财政收支平稳运行');
    expect(runIn).toMatch(/<w:t[^>]*>（一）<\/w:t>/);
    expect(runIn).toMatch(/楷体_GB2312[\s\S]*仿宋_GB2312/);
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
      expect(xml).toMatch(/<w:t xml:space="preserve">— <\/w:t>[\s\S]*PAGE[\s\S]*<w:t xml:space="preserve"> —<\/w:t>/);
      expect(xml).toMatch(/w:eastAsia="宋体"[\s\S]*<w:sz w:val="28"\/>/);
    }
  });

  it('places the heading numbers assigned by the renderer', () => {
    const texts = xmlParagraphs(documentXml);
    expect(texts).toEqual(expect.arrayContaining(['一、2024年决算情况', '二、2024年财政运行特点', '三、2025年上半年预算执行情况', '（五）政府债务情况']));
    expect(texts.some((t) => t.startsWith('四、2025年上半年主要工作'))).toBe(true);
    expect(texts.some((t) => t.startsWith('五、下半年工作打算'))).toBe(true);
  });
});
