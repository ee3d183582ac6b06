import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { packReportSync } from '../src/docx/pack';
import { joinRunInHeadings } from '../src/docx/run-in';
import { planTable } from '../src/docx/table';
import { FONT_INFO } from '../src/docx/layout';
import { blockText, type ReportDoc } from '../src/model/doc';
import { COMMENT_AUTHOR } from '../src/draft/annotate';
import { refreshDraft } from '../src/refresh';
import { main } from '../src/cli/index';
import { buildFromRaw, DATA, docxPart, exampleDocs, laiwuBroken, laiwuRaw, mustBuild, performanceBroken, xmlParagraphs } from './helpers';

// The documents as Word users and reviewers meet them (issue 15): the navigation pane, double-sided
// printing, PCs without the official fonts, page numbers, the 决算草案表 read page by page, the
// styles a writer sees, and drafts with comments going back and forth.

const examples = exampleDocs().map(({ name, doc }) => ({ name, doc, bytes: packReportSync(doc) }));
const laiwu = examples.find((e) => e.name === 'laiwu-2024.json')!;
const part = (bytes: Uint8Array, name: string) => docxPart(bytes, name);
const paragraphs = (xml: string) => [...xml.matchAll(/<w:p(?:\s[^>]*)?>(?:(?!<\/w:p>)[\s\S])*<\/w:p>|<w:p\/>/g)].map((m) => m[0]);
const text = (p: string) => xmlParagraphs(p).join('');

function capture() {
  const lines: string[] = [];
  return { lines, out: { log: (s: string) => lines.push(s), error: (s: string) => lines.push(s) } };
}
const tmp = () => mkdtempSync(join(tmpdir(), 'fiscal-report-readers-'));

describe('run-in headings: the heading alone is the heading (navigation pane, table of contents)', () => {
  it.each(examples.map((e) => [e.name, e] as const))('%s: no Heading-styled paragraph holds body text', (_, e) => {
    const headings = paragraphs(part(e.bytes, 'word/document.xml')).filter((p) => /<w:pStyle w:val="Heading\d"\/>/.test(p));
    // Every heading of the document model is there, as its own paragraph of at most 60 characters.
    expect(headings.length).toBe(e.doc.blocks.filter((b) => b.type === 'heading').length);
    for (const h of headings) expect([...text(h)].length).toBeLessThanOrEqual(60);
  });

  it('joins a run-in heading to its body with a style separator (hidden mark, w:vanish + w:specVanish)', () => {
    const all = paragraphs(part(laiwu.bytes, 'word/document.xml'));
    const runIns = laiwu.doc.blocks.filter((b) => b.type === 'heading' && b.body);
    expect(runIns.length).toBeGreaterThan(10);
    const separated = all.map((p, i) => [p, all[i + 1]!] as const).filter(([p]) => p.includes('<w:rPr><w:vanish/><w:specVanish/></w:rPr></w:pPr>'));
    expect(separated.map(([h, body]) => text(h) + text(body))).toEqual(runIns.map(blockText));
    for (const [h] of separated) expect(h).toMatch(/<w:pStyle w:val="Heading\d"\/>/);
    for (const [, body] of separated) expect(body).not.toContain('<w:pStyle');
  });

  it('is one paragraph again in what LibreOffice is given for the PDF, its text unchanged', () => {
    const xml = part(laiwu.bytes, 'word/document.xml');
    const joined = joinRunInHeadings(xml);
    expect(joined).not.toContain('<w:specVanish/>');
    const headings = paragraphs(joined).filter((p) => /<w:pStyle w:val="Heading\d"\/>/.test(p)).map(text);
    for (const b of laiwu.doc.blocks.filter((x) => x.type === 'heading' && x.body)) expect(headings).toContain(blockText(b));
    expect(xmlParagraphs(joined).join('')).toBe(xmlParagraphs(xml).join(''));
  });

  it('sets the body in the body face in the one-paragraph form, which the DOCX leaves to the Normal style', () => {
    const all = paragraphs(part(laiwu.bytes, 'word/document.xml'));
    const pairs = all.map((p, i) => [p, all[i + 1]!] as const).filter(([p]) => p.includes('<w:specVanish/>'));
    expect(pairs.length).toBeGreaterThan(10);
    const runs = (p: string) => [...p.matchAll(/<w:r>(?:(?!<\/w:r>)[\s\S])*<\/w:r>/g)].map((m) => m[0]);
    // The DOCX: the body paragraph's plain runs name no face (the Normal style's is the body face).
    expect(pairs.some(([, body]) => runs(body).some((r) => !r.includes('<w:rPr>')))).toBe(true);
    const joined = paragraphs(joinRunInHeadings(pairs.map(([h, b]) => h + b).join('')));
    expect(joined).toHaveLength(pairs.length);
    joined.forEach((p, i) => {
      const heading = runs(pairs[i]![0]).length;
      const body = runs(p).slice(heading);
      expect(body.length).toBe(runs(pairs[i]![1]).length);
      for (const r of body) expect(r).toContain('w:eastAsia="仿宋_GB2312"');
      // The heading's own runs keep the heading's face (from the style: no properties of their own).
      expect(runs(p).slice(0, heading)).toEqual(runs(pairs[i]![0]));
    });
  });
});

describe('double-sided printing: the report starts on an odd page', () => {
  const xml = part(laiwu.bytes, 'word/document.xml');
  const sections = [...xml.matchAll(/<w:sectPr>[\s\S]*?<\/w:sectPr>/g)].map((m) => m[0]);

  it('the report section is an odd-page section numbered from 1', () => {
    expect(sections).toHaveLength(2);
    expect(sections[1]).toContain('<w:type w:val="oddPage"/>');
    expect(sections[1]).toContain('<w:pgNumType w:start="1"/>');
    expect(sections[1]).toMatch(/<w:footerReference w:type="default"[\s\S]*<w:footerReference w:type="even"/);
  });

  it('the memo is followed by its blank back page, so "— 1 —" falls on the third page, a front', () => {
    const cover = xml.slice(0, xml.indexOf(sections[0]!) + sections[0]!.length) + '</w:pPr></w:p>';
    const ps = paragraphs(cover);
    expect(ps.at(-2)).toBe('<w:p><w:pPr><w:pageBreakBefore/></w:pPr></w:p>');
    expect(ps.at(-1)).toMatch(/^<w:p><w:pPr><w:sectPr>/);
    expect(ps.slice(0, -2).some((p) => p.includes('<w:pageBreakBefore/>'))).toBe(false);
  });
});

describe('fonts on PCs without the official fonts', () => {
  it.each(examples.map((e) => [e.name, e] as const))('%s: fontTable lists every font used, with altName, charset, family, pitch and panose', (_, e) => {
    const files = unzipSync(e.bytes);
    const used = new Set<string>();
    for (const [name, data] of Object.entries(files)) {
      if (!name.endsWith('.xml')) continue;
      for (const m of strFromU8(data).matchAll(/<w:rFonts ([^>]*)\/>/g)) for (const f of m[1]!.matchAll(/w:(?:ascii|hAnsi|eastAsia|cs)="([^"]*)"/g)) used.add(f[1]!);
    }
    const table = strFromU8(files['word/fontTable.xml']!);
    const listed = new Map([...table.matchAll(/<w:font w:name="([^"]*)">([\s\S]*?)<\/w:font>/g)].map((m) => [m[1]!, m[2]!]));
    expect(used.size).toBeGreaterThanOrEqual(5);
    for (const font of used) {
      const entry = listed.get(font);
      expect(entry).toBeDefined();
      expect(entry).toMatch(/^<w:altName w:val="[^"]+"\/><w:panose1 w:val="[0-9A-F]{20}"\/><w:charset w:val="[0-9A-F]{2}"\/><w:family w:val="\w+"\/><w:pitch w:val="\w+"\/>$/);
      if (/[^\x00-\x7f]/.test(font)) expect(entry).toContain('<w:charset w:val="86"/>');
    }
    expect(listed.get('仿宋_GB2312')).toContain('<w:altName w:val="仿宋"/>');
    expect(listed.get('楷体_GB2312')).toContain('<w:altName w:val="楷体"/>');
    expect(Object.keys(FONT_INFO).sort()).toEqual([...listed.keys()].sort());
  });

  it('sets the East Asian language zh-CN in the document defaults', () => {
    const styles = part(laiwu.bytes, 'word/styles.xml');
    expect(styles).toMatch(/<w:rPrDefault><w:rPr>[\s\S]*<w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"\/><\/w:rPr><\/w:rPrDefault>/);
  });
});

describe('page numbers', () => {
  it.each([
    ['word/footer1.xml', '1'],
    ['word/footer2.xml', '2'],
  ])('%s: 宋体 四号 half-width digits, the PAGE field with a cached value', (name, cached) => {
    const xml = part(laiwu.bytes, name);
    const runs = [...xml.matchAll(/<w:r>([\s\S]*?)<\/w:r>/g)].map((m) => m[1]!);
    expect(runs.length).toBeGreaterThanOrEqual(6);
    for (const r of runs) {
      expect(r).toContain('<w:rFonts w:ascii="宋体" w:cs="宋体" w:eastAsia="宋体" w:hAnsi="宋体" w:hint="eastAsia"/>');
      expect(r).toContain('<w:sz w:val="28"/>');
    }
    expect(xml).toMatch(new RegExp(`<w:fldChar w:fldCharType="separate"/></w:r><w:r><w:rPr>[\\s\\S]*?</w:rPr><w:t>${cached}</w:t></w:r><w:r><w:rPr>[\\s\\S]*?</w:rPr><w:fldChar w:fldCharType="end"/>`));
    expect(xmlParagraphs(xml).join('')).toBe(`— ${cached} —`);
  });
});

describe('styles a writer sees in Word', () => {
  const styles = part(laiwu.bytes, 'word/styles.xml');
  const ids = new Set([...styles.matchAll(/<w:style [^>]*w:styleId="([^"]+)"/g)].map((m) => m[1]!));
  const style = (id: string) => new RegExp(`<w:style [^>]*w:styleId="${id}"[^>]*>[\\s\\S]*?</w:style>`).exec(styles)?.[0] ?? '';

  it('bases no style on one that does not exist', () => {
    for (const m of styles.matchAll(/<w:(?:basedOn|link|next) w:val="([^"]+)"\/>/g)) expect(ids).toContain(m[1]);
    expect(style('DefaultParagraphFont')).toContain('w:type="character" w:default="1"');
  });

  it('has no Heading5/6 left from the library default, and no blue headings', () => {
    expect(ids.has('Heading5') || ids.has('Heading6')).toBe(false);
    for (const id of ['Heading1', 'Heading2', 'Heading3', 'Heading4']) expect(style(id)).toContain('<w:color w:val="000000"/>');
  });

  it('makes Strong a character style', () => {
    expect(style('Strong')).toMatch(/^<w:style w:type="character"/);
    expect(style('Strong')).toContain('<w:b/>');
  });

  it('defines the comment styles: 五号, single spacing, no indent', () => {
    expect(style('CommentReference')).toMatch(/^<w:style w:type="character"/);
    const text = style('CommentText');
    expect(text).toMatch(/^<w:style w:type="paragraph"/);
    expect(text).toContain('<w:spacing w:after="0" w:before="0" w:line="240" w:lineRule="auto"/>');
    expect(text).toContain('<w:ind w:firstLine="0" w:firstLineChars="0"/>');
    expect(text).toContain('<w:sz w:val="21"/>');
  });
});

describe('决算草案表 as a reviewer reads them', () => {
  const xml = part(laiwu.bytes, 'word/document.xml');
  const tables = [...xml.matchAll(/<w:tbl>[\s\S]*?<\/w:tbl>/g)].map((m) => m[0]);
  const rows = (t: string) => [...t.matchAll(/<w:tr>[\s\S]*?<\/w:tr>/g)].map((m) => m[0]);
  const cells = (r: string) => [...r.matchAll(/<w:tc>[\s\S]*?<\/w:tc>/g)].map((m) => text(m[0]));

  it('prints a percentage column with one number of decimals throughout (99.70 beside 100.08)', () => {
    const rates = tables.flatMap((t) => rows(t).flatMap((r) => cells(r).slice(2, 4))).filter((c) => /^-?\d/.test(c) && !/^\d+$/.test(c));
    expect(rates).toContain('99.70');
    expect(rates).toContain('100.08');
    for (const r of rates) expect(r).toMatch(/^-?\d+\.\d\d$/);
  });

  it('continues a long table on a new page under its repeated header with its scope label (区级（续）)', () => {
    const continued = tables.findIndex((t) => rows(t).some((r) => cells(r)[0] === '区级（续）'));
    expect(continued).toBeGreaterThan(0);
    const first = rows(tables[continued - 1]!);
    const next = rows(tables[continued]!);
    // The same header rows, marked to repeat, then the label, then the rest of 区级.
    expect(next.slice(0, 2).map(cells)).toEqual(first.slice(0, 2).map(cells));
    for (const r of next.slice(0, 2)) expect(r).toContain('<w:tblHeader/>');
    expect(cells(next[2]!)).toEqual(['区级（续）']);
    const between = xml.slice(xml.indexOf(tables[continued - 1]!) + tables[continued - 1]!.length, xml.indexOf(tables[continued]!));
    expect(between).toContain('<w:pageBreakBefore/>');
    expect(first.some((r) => cells(r)[0] === '区级')).toBe(true);
  });

  it('keeps a total row with its first part row, a label with what it heads, and never splits a row', () => {
    for (const t of tables) {
      const rs = rows(t);
      for (const r of rs) expect(r).toContain('<w:cantSplit/>');
      rs.forEach((r, i) => {
        const c = cells(r);
        if (/总收入$|总支出$/.test(c[0]!) && rs[i + 1]) expect(r).toContain('<w:keepNext/>');
        if (c.length === 1 && /^(全区|区级)/.test(c[0]!)) expect(r).toContain('<w:keepNext/>');
      });
      // A table never ends on a total or a label: the plan moved the break.
      const last = cells(rs.at(-1)!);
      expect(/总收入$|总支出$/.test(last[0]!) || (last.length === 1 && /^(全区|区级)$/.test(last[0]!))).toBe(false);
    }
  });

  it('plans pages: rows that keep with the next never end a page, later pages repeat the group label', () => {
    const label = { runs: [{ text: '区级' }], colSpan: 4, group: true };
    const heights = [1, 1, 1, 1, 1, 1, 1, 1];
    const keep = [true, true, false, false, true, true, false, false];
    const labels = [label, null, null, null, label, null, null, null];
    // Room for five rows: the break would fall after row 4 (a label and a total), so it moves before row 4.
    const plan = planTable(heights, keep, labels, 5, 5, () => 1);
    expect(plan.map((p) => [p.from, p.to, p.label ? 'label' : null])).toEqual([
      [0, 4, null],
      [4, 8, null],
    ]);
    const long = planTable(heights, [false, false, false, false, false, false, false, false], [label, null, null, null, null, null, null, null], 5, 4, () => 1);
    expect(long.map((p) => [p.from, p.to, p.label ? 'label' : null])).toEqual([
      [0, 5, null],
      [5, 8, 'label'],
    ]);
  });
});

describe('--draft and --audit for every report kind', () => {
  const kinds: [string, () => any, string][] = [
    ['final-accounts', laiwuBroken, 'laiwu-2024.json'],
    ['performance', performanceBroken, 'laiwu-2024-performance.json'],
    [
      'work-plan',
      () => {
        const raw = JSON.parse(readFileSync(join(DATA, 'hecheng-2025-work-plan.json'), 'utf8'));
        // 21 projects stated as the sum of 10 and 12: figure-sum fails, 21 still prints.
        raw.figures['评价项目数'] = { value: 21, unit: '个', sum: ['绩效评价项目数', '重点评价项目数'] };
        raw.figures['绩效评价项目数'] = { value: 10, unit: '个' };
        raw.figures['重点评价项目数'] = { value: 12, unit: '个' };
        return raw;
      },
      'hecheng-2025-work-plan.json',
    ],
  ];

  it.each(kinds)('%s: a dataset with a failed figure check writes a draft with comments and an audit', async (_, broken, name) => {
    const dir = tmp();
    mkdirSync(join(dir, 'data'));
    const file = join(dir, 'data', name);
    writeFileSync(file, JSON.stringify(broken(), null, 2));
    for (const f of readdirSync(DATA)) if (f.endsWith('.json') && !existsSync(join(dir, 'data', f))) writeFileSync(join(dir, 'data', f), readFileSync(join(DATA, f)));
    const c = capture();
    expect(await main(['build', file, '--out', join(dir, 'out'), '--draft', '--audit'], c.out)).toBe(1);
    const written = readdirSync(join(dir, 'out'));
    const draft = written.find((f) => f.endsWith('（草稿）.docx'))!;
    expect(draft).toBeDefined();
    expect(written).toContain(draft.replace(/\.docx$/, '.audit.json'));
    const bytes = readFileSync(join(dir, 'out', draft));
    const comments = part(bytes, 'word/comments.xml');
    expect(comments).toContain(`w:author="${COMMENT_AUTHOR}"`);
    // The data file by its name only: never the path of the machine that built it.
    expect(xmlParagraphs(comments).join('\n')).toContain(`文件 ${name} `);
    expect(comments).not.toContain(dir);
    expect(xmlParagraphs(part(bytes, 'word/document.xml')).join('\n')).toContain('【草稿】本稿数据尚有1处错误未解决');
    const audit = JSON.parse(readFileSync(join(dir, 'out', draft.replace(/\.docx$/, '.audit.json')), 'utf8'));
    expect(audit.numbers.length).toBeGreaterThan(10);
    expect(audit.unsourced).toEqual([]);
  });

  it.each(examples.filter((e) => e.name !== 'laiwu-2024.json').map((e) => [e.name] as const))('%s: --audit writes the audit beside the report', async (name) => {
    const dir = tmp();
    const c = capture();
    expect(await main(['build', join(DATA, name), '--out', dir, '--audit'], c.out)).toBe(0);
    const audit = readdirSync(dir).find((f) => f.endsWith('.audit.json'));
    expect(audit).toBeDefined();
    expect(JSON.parse(readFileSync(join(dir, audit!), 'utf8')).unsourced).toEqual([]);
  });
});

describe('refreshing drafts', () => {
  const draftOf = (raw: any) => packReportSync(buildFromRaw(raw, 'laiwu-2024.json', undefined, { draft: true }).doc!);
  const clean: ReportDoc = mustBuild(laiwuRaw());
  const comments = (bytes: Uint8Array, name = 'word/comments.xml') => [...part(bytes, name).matchAll(/<w:comment\b([^>]*)>([\s\S]*?)<\/w:comment>/g)].map((m) => ({ attrs: m[1]!, text: xmlParagraphs(m[2]!).join('\n') }));
  /** A figure typed over by hand in the draft: a conflict refresh must mark. */
  const handEdited = (bytes: Uint8Array) => {
    const files = unzipSync(bytes);
    files['word/document.xml'] = strToU8(strFromU8(files['word/document.xml']!).replace('>470383<', '>470384<'));
    return zipSync(files);
  };

  it('with corrected data: the 【草稿】 notice and the comments of errors that are gone are removed', () => {
    const draft = draftOf(laiwuBroken());
    expect(comments(draft).length).toBeGreaterThan(1);
    const r = refreshDraft(draft, clean, { comments: true });
    expect(r.draftCleared).toBe(true);
    expect(r.staleComments).toBe(comments(draft).length);
    const xml = part(r.bytes, 'word/document.xml');
    expect(xmlParagraphs(xml).join('\n')).not.toContain('【草稿】');
    expect(xml).not.toMatch(/<w:comment(?:RangeStart|RangeEnd|Reference)\b/);
    expect(comments(r.bytes)).toEqual([]);
    expect(r.conflicts).toEqual([]);
    expect(part(r.bytes, 'docProps/core.xml')).not.toContain('草稿');
  });

  it('run twice: one comment per unresolved conflict, from the draft comments\' author, ids unique', () => {
    const once = refreshDraft(handEdited(draftOf(laiwuBroken())), clean, { comments: true });
    const twice = refreshDraft(once.bytes, clean, { comments: true });
    for (const r of [once, twice]) {
      const cs = comments(r.bytes);
      expect(r.conflicts).toHaveLength(1);
      expect(cs).toHaveLength(1);
      expect(cs[0]!.attrs).toContain(`w:author="${COMMENT_AUTHOR}"`);
      expect(cs[0]!.text).toContain('470384');
      const xml = part(r.bytes, 'word/document.xml');
      const id = /w:id="(\d+)"/.exec(cs[0]!.attrs)![1];
      expect([...xml.matchAll(/<w:commentReference w:id="(\d+)"\/>/g)].map((m) => m[1])).toEqual([id]);
    }
  });

  it('keeps a writer\'s comments and gives new ones ids no comment or anchor uses', () => {
    const files = unzipSync(handEdited(packReportSync(clean)));
    let xml = strFromU8(files['word/document.xml']!);
    xml = xml.replace('<w:p><w:pPr><w:pStyle w:val="Title"/>', '<w:p><w:commentRangeStart w:id="0"/><w:commentRangeEnd w:id="0"/><w:r><w:commentReference w:id="0"/></w:r></w:p><w:p><w:pPr><w:pStyle w:val="Title"/>');
    files['word/document.xml'] = strToU8(xml);
    files['word/comments.xml'] = strToU8('<?xml version="1.0"?><w:comments xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:comment w:id="0" w:author="撰稿人"><w:p><w:r><w:t>请核对标题。</w:t></w:r></w:p></w:comment></w:comments>');
    files['word/_rels/document.xml.rels'] = strToU8(strFromU8(files['word/_rels/document.xml.rels']!).replace('</Relationships>', '<Relationship Id="rIdC" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments" Target="comments.xml"/></Relationships>'));
    files['[Content_Types].xml'] = strToU8(strFromU8(files['[Content_Types].xml']!).replace('</Types>', '<Override PartName="/word/comments.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"/></Types>'));
    const r = refreshDraft(zipSync(files), clean, { comments: true });
    const cs = comments(r.bytes);
    expect(cs.map((c) => c.text.split('\n')[0]!.slice(0, 6))).toEqual(['请核对标题。', 'fiscal'.slice(0, 6)]);
    expect(new Set(cs.map((c) => /w:id="(\d+)"/.exec(c.attrs)![1])).size).toBe(2);
  });

  it('writes into an empty comments part (<w:comments/>) and one named otherwise, declared once', () => {
    for (const name of ['word/comments.xml', 'word/notes/review.xml']) {
      const files = unzipSync(handEdited(packReportSync(clean)));
      files[name] = strToU8('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:comments xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>');
      const target = name === 'word/comments.xml' ? 'comments.xml' : 'notes/review.xml';
      files['word/_rels/document.xml.rels'] = strToU8(strFromU8(files['word/_rels/document.xml.rels']!).replace('</Relationships>', `<Relationship Id="rIdC" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments" Target="${target}"/></Relationships>`));
      files['[Content_Types].xml'] = strToU8(strFromU8(files['[Content_Types].xml']!).replace('</Types>', `<Override PartName="/${name}" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"/></Types>`));
      const r = refreshDraft(zipSync(files), clean, { comments: true });
      expect(comments(r.bytes, name)).toHaveLength(1);
      const out = unzipSync(r.bytes);
      expect(Object.keys(out).filter((n) => /comments/.test(n) && n.endsWith('.xml'))).toEqual(name === 'word/comments.xml' ? [name] : []);
      expect(strFromU8(out['word/_rels/document.xml.rels']!).match(/relationships\/comments"/g)).toHaveLength(1);
      expect(strFromU8(out['[Content_Types].xml']!).match(/comments\+xml/g)).toHaveLength(1);
    }
  });

  it('says what it did without doubled parentheses, and names a cleared draft without （草稿）', async () => {
    const dir = tmp();
    const draftFile = join(dir, '报告（草稿）.docx');
    writeFileSync(draftFile, handEdited(draftOf(laiwuBroken())));
    writeFileSync(join(dir, 'laiwu-2024.json'), readFileSync(join(DATA, 'laiwu-2024.json')));
    writeFileSync(join(dir, 'laiwu-2024-performance.json'), readFileSync(join(DATA, 'laiwu-2024-performance.json')));
    const c = capture();
    expect(await main(['refresh', draftFile, '--data', join(dir, 'laiwu-2024.json'), '--draft'], c.out)).toBe(0);
    const said = c.lines.join('\n');
    expect(said).toContain('已删去首页的【草稿】说明');
    expect(said).not.toMatch(/（（|））/);
    expect(existsSync(join(dir, '报告（更新）.docx'))).toBe(true);
    const gone = refreshDraft(handEdited(packReportSync(clean)), mustBuild({ ...laiwuRaw(), debt: undefined }), { comments: true });
    for (const k of gone.conflicts) expect(`${k.message}（${k.source}）`).not.toMatch(/（（|））/);
  });
});
