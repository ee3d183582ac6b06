import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { join } from 'node:path';
import { main } from '../src/cli';
import { docUnits, docxUnits } from '../src/adopt/units';
import { readDocx } from '../src/adopt/docx-read';
import { packReport } from '../src/docx/pack';
import { blockText } from '../src/model/doc';
import { DATA, buildFromRaw } from './helpers';
import { LIBREOFFICE, describeWithLibreOffice } from './libreoffice';
import { adoptRaw, buildWithStyle, docxOf, docxTexts, rawOf, resaveWithLibreOffice, stripBookmarks } from './adopt-helpers';
import { capture, tmp } from './validate-helpers';
import { damagePart } from './xlsx-helpers';
import { FiscalError } from '../src/model/issue';

// The issue's done-when for `fiscal-report adopt`: last year's report (any house style, no bookmarks of
// ours) and last year's data give a style with which `build` writes the report's text again, every
// number traced; with this year's data, this year's figures in last year's words.

const EXAMPLES = ['laiwu-2024', 'lanxi-2024', 'songyan-2024', 'luwan-2024'] as const;

describeWithLibreOffice('round trip: each example report, re-saved by LibreOffice and without our bookmarks, adopted and built again', () => {
  let reports: Record<string, Uint8Array> = {};
  beforeAll(async () => {
    const ours: Record<string, Uint8Array> = {};
    for (const name of EXAMPLES) ours[name] = (await docxOf(rawOf(name), `${name}.json`)).bytes;
    const resaved = resaveWithLibreOffice(ours);
    reports = Object.fromEntries(Object.entries(resaved).map(([k, v]) => [k, stripBookmarks(v)]));
  }, 300000);

  it.each(EXAMPLES)('%s: the report is no longer our XML', (name) => {
    const xml = new TextDecoder().decode(reports[name]!);
    expect(xml).not.toMatch(/bookmarkStart/);
    expect(readDocx(reports[name]!, `${name}.docx`).paragraphs.length).toBeGreaterThanOrEqual(20);
  });

  it.each(EXAMPLES)('%s: build with the adopted style writes the report’s text, and --audit has no unsourced number', async (name) => {
    const raw = rawOf(name);
    const r = adoptRaw(reports[name]!, raw, `${name}.json`);
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    expect(r.summary.differences).toEqual([]);
    expect(r.summary.numbers.unplaced).toBe(0);
    expect(r.summary.numbers.placed).toBe(r.summary.numbers.found);
    const built = buildWithStyle(raw, r.style, `${name}.json`);
    expect(docxTexts(await packReport(built.doc!))).toEqual(docxTexts(reports[name]!));
    expect(built.audit!.unsourced).toEqual([]);
  });

  it('reads each district’s choices off its report: 澜溪区 加上 in 亿元 with kept zeros and sub-headings, 芦湾区 合计 with its own paragraphs', () => {
    const lanxi = adoptRaw(reports['lanxi-2024']!, rawOf('lanxi-2024'), 'lanxi-2024.json');
    const luwan = adoptRaw(reports['luwan-2024']!, rawOf('luwan-2024'), 'luwan-2024.json');
    if (!lanxi.ok || !luwan.ok) throw new Error('adopt failed');
    expect(lanxi.style).toMatchObject({ frame: '加上', rateWord: '为调整预算的', growthWord: '比上年增长', scopes: { district: '区', level: '区本级', layout: '小标题' }, amounts: { unit: '亿元', digits: 2, keepZeros: true } });
    expect(lanxi.style.paragraphs).toBeUndefined();
    expect(luwan.style).toMatchObject({ frame: '合计', order: '增长在前', comparable: '同口径增长', deductWord: '扣除', balance: '收支相抵', totalWords: { 一般公共预算收入: '可用财力总计' } });
    // The paragraphs the district wrote in data come back as paragraphs written in data, their numbers named.
    expect(luwan.style.paragraphs!['国有资本经营预算.全区']).toBe(
      '{{年度}}年，全区国有资本经营预算收入{{全区国有资本经营预算收入|万元}}，全部为区属国有企业上缴的利润；支出{{全区国有资本经营预算支出|万元}}，另调出资金{{全区国有资本经营预算调出资金|万元}}补充一般公共预算。',
    );
    expect(luwan.style.paragraphs!['一般公共预算.全区.之后']).toEqual(['从收入结构看，税收收入占一般公共预算收入的{{税收占比}}，比上年{{税收占比变动}}，收入质量有所改善。']);
    expect(luwan.style.title).toBe('关于{{区名}}{{年度}}年财政决算的报告');
  });
});

describe('next year: the Laiwu 2024 report adopted, then a revised 2024 dataset', () => {
  /** Several figures changed: amounts (identities kept), a growth turning negative, one turning positive, a line going to 0, interest paid. */
  function revised(): any {
    const raw = rawOf('laiwu-2024');
    const gi = raw.generalBudget.district.income;
    gi.current.amount = 480000;
    gi.current.completionRate = 102.15;
    gi.current.growth = -1.3;
    gi.total = 1175053;
    const ge = raw.generalBudget.district.expenditure;
    ge.total = 1175053;
    ge.lines[2].amount = 46011;
    raw.fundBudget.district.income.current.growth = 3.5;
    const sc = raw.stateCapitalBudget.district.income;
    sc.lines[0].amount = 0;
    sc.lines[1].amount = 2311;
    raw.debt.interest = { total: 60000, general: 18000, special: 42000 };
    // A share the figures table states of the income: restated for the new income.
    raw.figures['主体税种占比'].value = 42.3;
    return raw;
  }

  it('writes every new figure, the right 增长/下降 and zero wording, and otherwise last year’s words', async () => {
    const lastYear = await docxOf(rawOf('laiwu-2024'), 'laiwu-2024.json');
    const report = stripBookmarks(lastYear.bytes);
    const r = adoptRaw(report, rawOf('laiwu-2024'), 'laiwu-2024.json');
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    expect(r.summary.differences).toEqual([]);
    const next = buildWithStyle(revised(), r.style, 'laiwu-2024.json');
    const text = docUnits(next.doc!).map((u) => u.text);
    const old = docxUnits(readDocx(report, 'last.docx')).map((u) => u.text);
    const joined = text.join('\n');
    expect(joined).toContain('全区一般公共预算总收入1175053万元，其中：当年一般公共预算收入480000万元，完成调整预算的102.15%，同比下降1.3%');
    expect(joined).toContain('当年政府性基金预算收入203081万元，完成调整预算的99.7%，同比增长3.5%');
    // A line of 0 is left out; the rest of the sentence stands.
    expect(joined).toContain('全区国有资本经营预算总收入2311万元，其中：上年结转收入2311万元。全区国有资本经营预算总支出2311万元');
    expect(joined).toContain('2024年，全区债务付息支出60000万元，其中：地方政府一般债券利息支出18000万元；地方政府专项债券利息支出42000万元。');
    expect(joined).toContain('2024年，全区一般公共预算收入完成48亿元，下降1.3%');
    // Every other paragraph is last year's, word for word.
    const changed = text.filter((t) => !old.includes(t));
    expect(changed.length).toBeGreaterThan(0);
    for (const t of changed) expect(t).toMatch(/480000|1175053|46011|102\.15|下降1\.3|增长3\.5|上年结转收入2311|60000|48亿元|42\.3%/);
    expect(next.audit!.unsourced).toEqual([]);
  });
});

/**
 * The report as LibreOffice saves it when a page of a new section begins inside a paragraph: the
 * paragraph cut in two where `cutAfter` ends a run, the section's end (the report's own, an odd page
 * numbered from 1) written into the first part, and the section after it running on (next page,
 * numbers continued) unless `restart`. `sectionOnly`: the section ends after the paragraph, no cut.
 */
function cutAsLibreOffice(bytes: Uint8Array, cutAfter: (before: string, rest: string, next: string) => boolean, opts: { restart?: boolean; sectionOnly?: boolean } = {}): { bytes: Uint8Array; before: string; after: string } {
  const files = unzipSync(bytes);
  let xml = strFromU8(files['word/document.xml']!);
  const sections = [...xml.matchAll(/<w:sectPr\b[\s\S]*?<\/w:sectPr>/g)];
  const body = sections.at(-1)!;
  const bodyStart = sections[0]!.index! + sections[0]![0].length;
  const text = (p: string) => [...p.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((t) => t[1]).join('');
  const paragraphs = [...xml.slice(bodyStart, body.index).matchAll(/<w:p>((?:<w:pPr>[\s\S]*?<\/w:pPr>)?)([\s\S]*?)<\/w:p>/g)];
  for (const [k, m] of paragraphs.entries()) {
    const [whole, pPr, content] = [m[0], m[1]!, m[2]!];
    const runs = [...content.matchAll(/<w:r>[\s\S]*?<\/w:r>/g)].map((r) => r[0]);
    const next = text(paragraphs[k + 1]?.[0] ?? '');
    const parts = (i: number) => [text(runs.slice(0, i + 1).join('')), text(runs.slice(i + 1).join('')), next] as const;
    const at = opts.sectionOnly ? runs.length - 1 : runs.findIndex((_, i) => i < runs.length - 1 && cutAfter(...parts(i)));
    if (at < 0 || !cutAfter(...parts(at))) continue;
    const ownPPr = `<w:pPr>${body[0]}${pPr.replace(/^<w:pPr>|<\/w:pPr>$/g, '')}</w:pPr>`;
    const first = `<w:p>${ownPPr}${runs.slice(0, at + 1).join('')}</w:p>`;
    const second = opts.sectionOnly ? '' : `<w:p>${pPr}${runs.slice(at + 1).join('')}</w:p>`;
    const start = bodyStart + m.index!;
    const following = body[0].replace('<w:type w:val="oddPage"/>', '<w:type w:val="nextPage"/>').replace(/<w:pgNumType\b[^>]*\/>/, opts.restart ? '<w:pgNumType w:start="1"/>' : '<w:pgNumType/>');
    xml = xml.slice(0, start) + first + second + xml.slice(start + whole.length, body.index) + following + xml.slice(body.index! + body[0].length);
    files['word/document.xml'] = strToU8(xml);
    return { bytes: zipSync(files), before: text(runs.slice(0, at + 1).join('')), after: text(runs.slice(at + 1).join('')) };
  }
  throw new Error('no paragraph to cut');
}

describe('a paragraph LibreOffice cut where a page of a new section begins', () => {
  const name = 'songyan-2024';
  let report: Uint8Array;
  beforeAll(async () => {
    report = stripBookmarks((await docxOf(rawOf(name), `${name}.json`)).bytes);
  });
  const texts = (b: Uint8Array) => readDocx(b, 'r.docx').paragraphs.map((p) => p.text);
  /** A cut after a sentence (its run ends in 。) with more sentences after it in the paragraph. */
  const atSentenceEnd = (before: string, rest: string) => before.endsWith('。') && /^\d{4}年，/.test(rest);

  /** adopt on the report as cut: no differences, every number placed, the style of the uncut report. */
  const adoptsAsUncut = (cut: Uint8Array) => {
    const r = adoptRaw(cut, rawOf(name), `${name}.json`);
    const uncut = adoptRaw(report, rawOf(name), `${name}.json`);
    if (!r.ok || !uncut.ok) throw new Error('adopt failed');
    expect(r.summary.differences).toEqual([]);
    expect(r.summary.numbers.unplaced).toBe(0);
    expect(r.style).toEqual(uncut.style);
  };

  it('at a sentence’s end, the section after it running on: read as two paragraphs that may be one, and adopted as the one paragraph the data writes', () => {
    const cut = cutAsLibreOffice(report, atSentenceEnd);
    expect(cut.before.length).toBeGreaterThan(20);
    const read = readDocx(cut.bytes, 'r.docx').paragraphs;
    const first = read.find((p) => p.text === cut.before.trim())!;
    expect(first.mayContinue).toBe(true);
    expect(read.length).toBe(texts(report).length + 1);
    adoptsAsUncut(cut.bytes);
  });

  it('at a paragraph’s end, body text after it: may run on, but the data writes two paragraphs, and adopt keeps them', () => {
    const cut = cutAsLibreOffice(report, (before, _, next) => before.endsWith('。') && /^\d{4}年，/.test(next), { sectionOnly: true });
    const read = readDocx(cut.bytes, 'r.docx').paragraphs;
    expect(read.find((p) => p.text === cut.before.trim())!.mayContinue).toBe(true);
    expect(read.map((p) => p.text)).toEqual(texts(report));
    adoptsAsUncut(cut.bytes);
  });

  it('inside a sentence: read as one paragraph too', () => {
    const cut = cutAsLibreOffice(report, (before, rest) => before.length > 40 && /[\u4e00-\u9fff]$/.test(before) && rest.length > 20);
    expect(cut.before).not.toMatch(/[。；：]$/);
    expect(texts(cut.bytes)).toEqual(texts(report));
  });

  it('a section that starts its page numbers again is the writer’s own break: two paragraphs, not one that may run on', () => {
    const cut = cutAsLibreOffice(report, atSentenceEnd, { restart: true });
    const read = readDocx(cut.bytes, 'r.docx').paragraphs;
    expect(read.find((p) => p.text === cut.before.trim())!.mayContinue).toBeUndefined();
    expect(read.length).toBe(texts(report).length + 1);
  });

  it('a section ending before a heading stays a paragraph of its own', () => {
    // The paragraph before （二）政府性基金预算收支决算情况 ends the section, as a writer's break would.
    const cut = cutAsLibreOffice(report, (before, _, next) => before.endsWith('。') && next.startsWith('（二）'), { sectionOnly: true });
    const read = readDocx(cut.bytes, 'r.docx').paragraphs;
    expect(read.map((p) => p.text)).toEqual(texts(report));
    expect(read.some((p) => p.mayContinue)).toBe(false);
  });
});

describe('a paragraph in the district’s own words where the build has one of its own that reads too differently to pair', () => {
  it('is that place’s text in data, so its sub-heading (the 小标题 layout) stays with it', async () => {
    // 芦湾区's state-capital paragraph is its own (in data); in 亿元 to four places, the template's
    // paragraph at that place shares too little with it to pair. Dropping the place and adding the
    // paragraph after the sub-heading lost both: a place without paragraphs goes with its heading.
    const raw = rawOf('luwan-2024');
    const style = { frame: '其中', growthWord: '增长', comparable: '同口径增长', yearLead: true, scopes: { layout: '小标题' }, amounts: { unit: '亿元', digits: 4 } };
    const report = stripBookmarks((await docxOf({ ...raw, style: { ...raw.style, ...style } }, 'luwan-2024.json')).bytes);
    const r = adoptRaw(report, raw, 'luwan-2024.json');
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    expect(r.summary.differences).toEqual([]);
    expect(r.style.paragraphs!['国有资本经营预算.全区']).toBe(
      '{{年度}}年，全区国有资本经营预算收入{{全区国有资本经营预算收入|万元}}，全部为区属国有企业上缴的利润；支出{{全区国有资本经营预算支出|万元}}，另调出资金{{全区国有资本经营预算调出资金|万元}}补充一般公共预算。',
    );
    expect(r.summary.paragraphs).toContainEqual(expect.objectContaining({ place: '国有资本经营预算.全区', how: 'data' }));
    expect(docxTexts(await packReport(buildWithStyle(raw, r.style, 'luwan-2024.json').doc!))).toEqual(docxTexts(report));
  });
});

describe('a paragraph the writer deleted that other paragraphs’ words depend on', () => {
  it('the 区级 paragraph that explained 区级 (含…，下同) gone: the next paragraphs naming 区级 are written as the report has them', async () => {
    const raw = rawOf('songyan-2024');
    const built = stripBookmarks((await docxOf({ ...raw, style: { ...raw.style, scopes: { layout: '分段' } } }, 'songyan-2024.json')).bytes);
    const files = unzipSync(built);
    const xml = strFromU8(files['word/document.xml']!);
    // The first paragraph with the explanation, deleted as a writer deletes it.
    const at = xml.indexOf('（含松岩经济开发区本级，下同）');
    const start = xml.lastIndexOf('<w:p>', at);
    files['word/document.xml'] = strToU8(xml.slice(0, start) + xml.slice(xml.indexOf('</w:p>', at) + '</w:p>'.length));
    const report = zipSync(files);
    expect(docxTexts(report).join('')).not.toContain('下同');
    const r = adoptRaw(report, raw, 'songyan-2024.json');
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    expect(r.summary.differences).toEqual([]);
    expect(r.summary.numbers.unplaced).toBe(0);
    expect(docxTexts(await packReport(buildWithStyle(raw, r.style, 'songyan-2024.json').doc!))).toEqual(docxTexts(report));
  });
});

describe('a paragraph that would be written in data only for another’s sake, with a number no figure names', () => {
  it('keeps the template’s words, whole (the 区级 half of a 同段 paragraph too), and the style builds', async () => {
    const raw = rawOf('laiwu-2024');
    // Two lines of one name: the name is not one figure, so their numbers cannot be written by name.
    raw.fundBudget.district.income.lines = [
      { label: '地方政府专项债券转贷收入', amount: 312000 },
      { label: '地方政府专项债券转贷收入', amount: 119 },
      { label: '上级补助收入、调入资金、上年结转及结余收入等', amount: 140722 },
    ];
    const built = stripBookmarks((await docxOf({ ...raw, style: { scopes: { layout: '同段' } } }, 'laiwu-2024.json')).bytes);
    const files = unzipSync(built);
    const xml = strFromU8(files['word/document.xml']!);
    const at = xml.indexOf('下同）');
    files['word/document.xml'] = strToU8(xml.slice(0, xml.lastIndexOf('<w:p>', at)) + xml.slice(xml.indexOf('</w:p>', at) + '</w:p>'.length));
    const report = zipSync(files);
    const r = adoptRaw(report, raw, 'laiwu-2024.json');
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    expect(JSON.stringify(r.style)).not.toContain('{{?');
    expect(r.style.paragraphs!['政府性基金预算.区级']).toBeUndefined();
    const fund = docxTexts(await packReport(buildWithStyle(raw, r.style, 'laiwu-2024.json').doc!)).find((t) => t.includes('全区政府性基金总收入'))!;
    expect(fund).toContain('区级（含各功能区本级，下同）政府性基金');
    // The one difference listed: the explanation the deleted paragraph gave, now in this one.
    expect(r.summary.differences).toHaveLength(1);
  });
});

describe('短收 in a paragraph written in data', () => {
  it('is the figure 短收 names (the shortfall, printed without its sign), never a number left as typed', async () => {
    const raw = rawOf('laiwu-2024');
    // 区级 fund income short of its adjusted budget: 短收609万元 (203,081 of 203,690).
    raw.fundBudget.level.income.current = { amount: 203081, adjustedBudget: 203690, growth: -1.94 };
    const built = stripBookmarks((await docxOf({ ...raw, style: { surplus: true } }, 'laiwu-2024.json')).bytes);
    const files = unzipSync(built);
    const xml = strFromU8(files['word/document.xml']!);
    // The writer deleted the paragraph that explained 区级: the fund's 区级 paragraph, with its 短收, is then written in data.
    const at = xml.indexOf('（含各功能区本级，下同）');
    files['word/document.xml'] = strToU8(xml.slice(0, xml.lastIndexOf('<w:p>', at)) + xml.slice(xml.indexOf('</w:p>', at) + '</w:p>'.length));
    const report = zipSync(files);
    expect(docxTexts(report).join('')).toContain('短收609万元');
    const r = adoptRaw(report, raw, 'laiwu-2024.json');
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    expect(r.summary.differences).toEqual([]);
    expect(r.summary.numbers.unplaced).toBe(0);
    expect(JSON.stringify(r.style.paragraphs)).toContain('短收{{区级政府性基金预算收入短收}}');
    expect(docxTexts(await packReport(buildWithStyle(raw, r.style, 'laiwu-2024.json').doc!))).toEqual(docxTexts(report));
  });
});

describe('a report whose bytes changed in a copy', () => {
  it('is refused by its CRC-32 (the part still unpacks, to wrong text), naming the part', async () => {
    const { bytes } = await docxOf(rawOf('laiwu-2024'), 'laiwu-2024.json');
    const damaged = damagePart(bytes, 'word/document.xml', (xml) => xml.replace('莱芜区', '莱芜\uFFFD区'));
    let caught: unknown;
    try {
      readDocx(damaged, 'report.docx');
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(FiscalError);
    expect((caught as FiscalError).issues[0]).toMatchObject({ code: 'adopt-corrupt', place: { file: 'report.docx' } });
    expect((caught as FiscalError).issues[0]!.message).toContain('文件中的 word/document.xml 已损坏（其内容与压缩包记录的校验值不符');
    expect(() => readDocx(bytes, 'report.docx')).not.toThrow();
  });
});

describe('the CLI: fiscal-report adopt', () => {
  it('writes the style file and the summary, never over a style the writer has edited; build --style uses it', async () => {
    const dir = tmp();
    const report = join(dir, '去年的报告.docx');
    writeFileSync(report, stripBookmarks((await docxOf(rawOf('laiwu-2024'), 'laiwu-2024.json')).bytes));
    const out = join(dir, 'out');
    const c = capture();
    expect(await main(['adopt', report, '--data', join(DATA, 'laiwu-2024.json'), '--out', out], c.out)).toBe(0);
    const said = c.lines.join('\n');
    expect(said).toMatch(/报告正文 \d+ 段，数字 \d+ 个：对应到数据 \d+ 个，有歧义 0 个，未能对应 0 个。/);
    expect(said).toContain('用这个格式和去年的数据生成，正文与报告逐字相同。');
    expect(said).toContain('区级社会保险基金收支情况与全区收支情况一致。');
    const styleFile = join(out, '莱芜区决算报告格式.style.json');
    expect(existsSync(styleFile)).toBe(true);
    // Built with it: the same report.
    const c2 = capture();
    expect(await main(['build', join(DATA, 'laiwu-2024.json'), '--style', styleFile, '--out', join(dir, 'b')], c2.out)).toBe(0);
    const built = readdirSync(join(dir, 'b')).find((f) => f.endsWith('.docx'))!;
    expect(docxTexts(new Uint8Array(readFileSync(join(dir, 'b', built))))).toEqual(docxTexts(new Uint8Array(readFileSync(report))));
    // Again: unchanged. Edited by the writer: the new style goes beside it.
    expect(await main(['adopt', report, '--data', join(DATA, 'laiwu-2024.json'), '--out', out], capture().out)).toBe(0);
    writeFileSync(styleFile, readFileSync(styleFile, 'utf8').replace('"name"', '"salutation": "各位委员：",\n  "name"'));
    const c3 = capture();
    expect(await main(['adopt', report, '--data', join(DATA, 'laiwu-2024.json'), '--out', out], c3.out)).toBe(0);
    expect(c3.lines.join('\n')).toContain('莱芜区决算报告格式.style（新版）.json');
    expect(readFileSync(styleFile, 'utf8')).toContain('各位委员：');
  });

  it('build refuses a number adopt left as typed ({{?…}}) at its place in the style file, and writes nothing; validate says so too', async () => {
    // It printed last year's 12.63亿元 into any year's report with exit 0 (warned only with --audit).
    const dir = tmp();
    const styleFile = join(dir, '格式.style.json');
    writeFileSync(styleFile, JSON.stringify({ paragraphs: { '政府债务.之后': '另据测算，到期债务约{{?12.63亿元}}。' } }));
    const c = capture();
    expect(await main(['build', join(DATA, 'laiwu-2024.json'), '--style', styleFile, '--audit', '--out', join(dir, 'out')], c.out)).toBe(1);
    expect(c.lines.join('\n')).toMatch(/错误［格式中未对应数据的数字（去年报告的原文）］文件 .*格式\.style\.json 第 1 行.*格式中的数字“12\.63亿元”是 adopt 未能对应到数据、照去年报告原文保留的/);
    expect(existsSync(join(dir, 'out'))).toBe(false);
    const v = capture();
    expect(await main(['validate', join(DATA, 'laiwu-2024.json'), '--style', styleFile], v.out)).toBe(1);
    expect(v.lines.join('\n')).toContain('请改为 {{名称}}（数据表中没有这一项时，先在数据表 figures 中加上它），或删去这个数字');
  });

  it('a digit typed into a style\'s text is warned (it prints every year as typed), and still traced to the style', async () => {
    const dir = tmp();
    const styleFile = join(dir, '格式.style.json');
    writeFileSync(styleFile, JSON.stringify({ paragraphs: { '政府债务.之后': '全区共有16个重点项目。' } }));
    const v = capture();
    expect(await main(['validate', join(DATA, 'laiwu-2024.json'), '--style', styleFile], v.out)).toBe(0);
    expect(v.lines.join('\n')).toMatch(/警告［.*］文件 .*格式\.style\.json 第 1 行.*格式中“paragraphs\.政府债务\.之后”的文字中直接写了数字“16”/);
    const c = capture();
    expect(await main(['build', join(DATA, 'laiwu-2024.json'), '--style', styleFile, '--audit', '--out', join(dir, 'out')], c.out)).toBe(0);
    const audit = JSON.parse(readFileSync(join(dir, 'out', readdirSync(join(dir, 'out')).find((f) => f.endsWith('.audit.json'))!), 'utf8'));
    expect(audit.numbers).toContainEqual(expect.objectContaining({ text: '全区共有16个重点项目。', kind: 'text', source: expect.objectContaining({ dataset: 'style', path: 'paragraphs.政府债务.之后' }) }));
  });

  it('--json prints the summary as data', async () => {
    const dir = tmp();
    const report = join(dir, 'r.docx');
    writeFileSync(report, (await docxOf(rawOf('lanxi-2024'), 'lanxi-2024.json')).bytes);
    const c = capture();
    expect(await main(['adopt', report, '--data', join(DATA, 'lanxi-2024.json'), '--out', dir, '--json'], c.out)).toBe(0);
    const j = JSON.parse(c.lines.join('\n'));
    expect(j.numbers.unplaced).toBe(0);
    expect(j.choices).toContainEqual({ label: '句式', value: '加上' });
    expect(j.style).toMatch(/澜溪区决算报告格式\.style\.json$/);
  });

  it('usage errors exit 2', async () => {
    const c = capture();
    expect(await main(['adopt'], c.out)).toBe(2);
    expect(await main(['adopt', 'x.docx'], c.out)).toBe(2);
    expect(c.lines.join('\n')).toContain('请用 --data 指定去年的数据文件');
    expect(await main(['adopt', join(tmp(), 'missing.docx'), '--data', join(DATA, 'laiwu-2024.json')], c.out)).toBe(2);
    expect(c.lines.join('\n')).toContain('文件不存在');
  });
});

it('builds without a style exactly as before (the places are marks of probe builds only)', () => {
  const plain = buildFromRaw(rawOf('laiwu-2024'), 'laiwu-2024.json');
  const probe = buildFromRaw(rawOf('laiwu-2024'), 'laiwu-2024.json', undefined, { probe: true });
  expect(probe.doc!.blocks.map(blockText)).toEqual(plain.doc!.blocks.map(blockText));
  expect(plain.doc!.blocks.some((b) => b.place !== undefined)).toBe(false);
  expect(probe.doc!.blocks.filter((b) => b.place).map((b) => b.place)).toEqual(expect.arrayContaining(['报送函.会议', '报告标题', '标题.决算情况', '一般公共预算.全区', '政府债务.转贷', '财政运行特点.收入', '财政运行特点.收入特点.1', '上半年.一般公共预算', '上半年主要工作.各项.4', '结束语', '附件说明']));
});

if (!LIBREOFFICE) it('notes that the round trip needs LibreOffice', () => expect(LIBREOFFICE).toBeNull());
