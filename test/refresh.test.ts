import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { packReport } from '../src/docx/pack';
import { boldProps, documentFigures, refreshDraft } from '../src/refresh';
import { findBookmarks } from '../src/refresh/ooxml';
import { addComments, commentAnchors } from '../src/refresh/comments';
import { parseBindingName } from '../src/model/bind';
import { buildFromRaw, laiwuBroken, laiwuRaw, mustBuild, ROOT, squash, xmlParagraphs } from './helpers';
import { LIBREOFFICE } from './libreoffice';
import { validatePackages } from './ooxml-xsd';

type Files = Record<string, Uint8Array>;
const docXml = (bytes: Uint8Array) => strFromU8(unzipSync(bytes)['word/document.xml']!);
const text = (bytes: Uint8Array) => squash(xmlParagraphs(docXml(bytes)).join('\n'));

/** Replaces the first paragraph whose text starts with `start`. */
function editParagraph(xml: string, start: string, f: (p: string) => string): string {
  const m = [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].find((p) => xmlParagraphs(p[0])[0]!.startsWith(start));
  if (!m) throw new Error(`no paragraph ${start}`);
  return xml.slice(0, m.index) + f(m[0]) + xml.slice(m.index! + m[0].length);
}

/** A writer's session in Word: reword, insert, delete a paragraph, add a comment. */
function editAsWriter(bytes: Uint8Array): Uint8Array {
  const files: Files = unzipSync(bytes);
  let xml = strFromU8(files['word/document.xml']!);
  xml = editParagraph(xml, '以上报告，请予审议。', (p) => p.replace('以上报告，请予审议。', '以上报告，请各位主任、委员审议。'));
  xml = editParagraph(xml, '三是税收下行局面尚未扭转', (p) => `${p}<w:p><w:r><w:t>撰稿人补充的一段说明文字。</w:t></w:r></w:p>`);
  xml = editParagraph(xml, '需要说明的是', () => '');
  const a = commentAnchors(0);
  xml = editParagraph(xml, '二是重点税源行业增势趋缓', (p) => p.replace(/(<w:p[^>]*>(?:<w:pPr>[\s\S]*?<\/w:pPr>)?)/, `$1${a.before}`).replace(/<\/w:p>$/, `${a.after}</w:p>`));
  files['word/document.xml'] = strToU8(xml);
  addComments(files, [{ id: 0, text: '请再核实行业口径。' }], '撰稿人', '2025-08-20T00:00:00Z', strToU8, strFromU8);
  return zipSync(files);
}

/** The new year's revision: several figures move; the growth of income turns negative. */
function revised(): any {
  const raw = laiwuRaw();
  raw.generalBudget.district.income.current.growth = -1.5;
  raw.debt.balance.total += 100;
  raw.debt.balance.general += 100;
  raw.firstHalf.general.district.income.amount = 245000;
  raw.firstHalf.fund.level.expenditure.growth = -2.3;
  return raw;
}

function changedKeys(oldDoc: ReturnType<typeof mustBuild>, newDoc: ReturnType<typeof mustBuild>): Map<string, [string, string]> {
  const before = new Map(documentFigures(oldDoc).map((f) => [f.key, f.text]));
  const out = new Map<string, [string, string]>();
  for (const f of documentFigures(newDoc)) if (before.get(f.key) !== f.text) out.set(f.key, [before.get(f.key)!, f.text]);
  return out;
}

/** The draft's XML with every binding bookmark range cut out: what refresh must leave alone. */
function outsideBindings(xml: string): string {
  const marks = findBookmarks(xml, (n) => parseBindingName(n) !== null);
  let out = '';
  let at = 0;
  for (const m of marks.sort((a, b) => a.start - b.start)) {
    if (m.start < at) continue;
    out += xml.slice(at, m.start);
    at = m.endEnd;
  }
  return out + xml.slice(at);
}

function loSave(bytes: Uint8Array): Uint8Array {
  const dir = mkdtempSync(join(tmpdir(), 'fiscal-report-refresh-'));
  const inDir = join(dir, 'in');
  require('node:fs').mkdirSync(inDir);
  writeFileSync(join(inDir, 'draft.docx'), bytes);
  const r = spawnSync(LIBREOFFICE!, ['--headless', `-env:UserInstallation=file://${dir}/profile`, '--convert-to', 'docx:MS Word 2007 XML', '--outdir', join(dir, 'out'), join(inDir, 'draft.docx')], { timeout: 120000 });
  if (r.status !== 0) throw new Error(`LibreOffice failed: ${r.stderr}`);
  return readFileSync(join(dir, 'out', 'draft.docx'));
}

describe('refresh an edited draft with new figures', () => {
  const oldDoc = mustBuild(laiwuRaw());
  const newDoc = mustBuild(revised());
  const expected = changedKeys(oldDoc, newDoc);

  async function scenario(save: (b: Uint8Array) => Uint8Array) {
    const draft = save(editAsWriter(await packReport(oldDoc)));
    const result = refreshDraft(draft, newDoc);
    return { draft, result };
  }

  const assertions = (draft: Uint8Array, result: ReturnType<typeof refreshDraft>) => {
    // Exactly the changed figures are reported, each old → new.
    expect(result.conflicts).toEqual([]);
    expect(result.changes.map((c) => [c.old, c.new]).sort()).toEqual([...expected.values()].sort());
    const t = text(result.bytes);
    // The figure and its dependent word (增长 → 下降) both change, in section 一 and in section 二.
    expect(t).toContain('当年一般公共预算收入470383万元，完成调整预算的100.08%，同比下降1.5%；');
    expect(t).toContain('全区一般公共预算收入完成47.04亿元，下降1.5%，');
    expect(t).toContain('年末莱芜区政府债务余额为1897472万元');
    expect(t).toContain('全区一般公共预算收入完成245000万元');
    expect(t).toContain('区级政府性基金预算支出完成223464万元，完成年初预算的95.1%，下降2.3%。');
    // Every edit of the writer is still there.
    expect(t).toContain('以上报告，请各位主任、委员审议。');
    expect(t).toContain('撰稿人补充的一段说明文字。');
    expect(t).not.toContain('需要说明的是');
    expect(strFromU8(unzipSync(result.bytes)['word/comments.xml']!)).toContain('请再核实行业口径。');
    // Nothing outside the bound figures moved, byte for byte; other parts untouched.
    expect(outsideBindings(docXml(result.bytes))).toBe(outsideBindings(docXml(draft)));
    const before = unzipSync(draft);
    const after = unzipSync(result.bytes);
    expect(Object.keys(after)).toEqual(Object.keys(before));
    for (const name of Object.keys(before)) if (name !== 'word/document.xml') expect(Buffer.from(after[name]!).equals(Buffer.from(before[name]!))).toBe(true);
    // Refreshing again with the same data changes nothing.
    expect(refreshDraft(result.bytes, newDoc).changes).toEqual([]);
  };

  it('updates every changed figure and its wording, and keeps every edit', async () => {
    expect(expected.size).toBeGreaterThanOrEqual(6);
    const { draft, result } = await scenario((b) => b);
    assertions(draft, result);
  });

  (LIBREOFFICE ? it : it.skip)('does the same after the draft was saved by LibreOffice', async () => {
    const { draft, result } = await scenario(loSave);
    assertions(draft, result);
  });

  it('reads drafts whose bookmarks carry the SHA-1 key and text hashes of earlier versions', async () => {
    // The draft as an earlier fiscal-report wrote it: key and text hashes were SHA-1's first 12 and 8 hex digits.
    let legacyPack!: typeof packReport;
    jest.isolateModules(() => {
      jest.doMock('../src/model/bind', () => {
        const actual = jest.requireActual('../src/model/bind');
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const sha1 = (t: string) => (require('node:crypto') as typeof import('node:crypto')).createHash('sha1').update(t, 'utf8').digest('hex').slice(0, 8);
        return { ...actual, textHash: sha1, bindingName: (key: string, t: string, kind: 'F' | 'S' = 'F') => `${kind}${actual.legacyKeyHash(key)}_${sha1(t)}` };
      });
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      legacyPack = (require('../src/docx/pack') as typeof import('../src/docx/pack')).packReport;
    });
    const legacy = await legacyPack(oldDoc);
    const current = await packReport(oldDoc);
    expect(docXml(legacy)).not.toBe(docXml(current));
    const result = refreshDraft(legacy, newDoc);
    expect(result.conflicts).toEqual([]);
    expect(result.changes.map((c) => [c.old, c.new]).sort()).toEqual([...expected.values()].sort());
    const same = refreshDraft(legacy, oldDoc);
    expect(same.changes).toEqual([]);
    expect(same.conflicts).toEqual([]);
    // Refreshed, the draft's figures carry today's bookmark names.
    const figureNames = (xml: string) => [...xml.matchAll(/w:name="(F[0-9a-f]{12}_[0-9a-f]{8})"/g)].map((m) => m[1]).sort();
    expect(figureNames(docXml(same.bytes))).toEqual(figureNames(docXml(current)));
  });

  it('reports a figure the writer overwrote by hand as a conflict and keeps the writer text', async () => {
    const files: Files = unzipSync(await packReport(oldDoc));
    const xml = strFromU8(files['word/document.xml']!);
    files['word/document.xml'] = strToU8(xml.replace('<w:t>1897372万元</w:t>', '<w:t>约190亿元</w:t>'));
    const r = refreshDraft(zipSync(files), newDoc, { comments: true, author: '济南市莱芜区财政局', date: '2025-08-29T00:00:00Z' });
    expect(r.conflicts).toHaveLength(1);
    expect(r.conflicts[0]).toMatchObject({ kind: 'edited', draftText: '约190亿元', newText: '1897472万元', source: 'debt.balance.total' });
    expect(r.conflicts[0]!.where).toContain('（五）政府债务情况');
    const t = text(r.bytes);
    expect(t).toContain('年末莱芜区政府债务余额为约190亿元');
    const comments = strFromU8(unzipSync(r.bytes)['word/comments.xml']!);
    expect(comments).toContain('数字已被手工改为“约190亿元”');
    expect(docXml(r.bytes)).toMatch(/<w:commentRangeStart w:id="0"\/><w:bookmarkStart[^>]*\/>[\s\S]*?约190亿元/);
    const ct = strFromU8(unzipSync(r.bytes)['[Content_Types].xml']!);
    expect(ct).toContain('/word/comments.xml');
  });

  it('rewrites a sentence whose wording depends on the data, figures and all', async () => {
    const raw = laiwuRaw();
    raw.firstHalf.stateCapital.district.income = { amount: 120, growth: 4.5 };
    raw.generalBudget.stabilizationFund.used = 500;
    raw.fundBudget.level = JSON.parse(JSON.stringify(raw.fundBudget.district));
    const next = mustBuild(raw);
    const r = refreshDraft(editAsWriter(await packReport(oldDoc)), next);
    // 区级 政府性基金 now has 全区's lines: the attachment table's rows no longer hold the same lines
    // (lines[0] is another line now), so their figures are left and reported; the old third line is gone.
    expect(r.conflicts.map((c) => [c.kind, c.draftText])).toEqual([
      ['edited', '15265'],
      ['edited', '160655'],
      ['gone', '156300'],
    ]);
    const t = text(r.bytes);
    expect(t).toContain('全区国有资本经营预算收入完成120万元，增长4.5%。全区国有资本经营预算支出完成530万元。');
    expect(t).toContain('2024年区级调入使用预算稳定调节基金500万元，补充预算稳定调节基金383万元');
    expect(t).toContain('区级政府性基金收支情况与全区收支情况一致。');
    expect(t).not.toContain('区级政府性基金总收入');
    expect(r.rewordings.map((w) => w.new)).toEqual(
      expect.arrayContaining(['调入使用预算稳定调节基金500万元', '区级政府性基金收支情况与全区收支情况一致。', '全区国有资本经营预算收入完成120万元，增长4.5%。']),
    );
    expect(r.changes).toEqual(expect.arrayContaining([expect.objectContaining({ old: '（无）', new: '120万元' }), expect.objectContaining({ old: '（无）', new: '500万元' })]));
    // Refreshing again changes nothing more.
    const again = refreshDraft(r.bytes, next);
    expect([again.changes, again.rewordings, again.conflicts.length]).toEqual([[], [], 3]);
  });

  /**
   * A sentence whose wording depends on the data: the draft's 国有资本经营预算收入 of 120万元 grows
   * 4.5%; the new data's 130万元 has no growth, so the sentence is reworded. The draft's parts, and
   * the new document.
   */
  async function rewordedIncome(): Promise<{ files: Files; next: ReturnType<typeof mustBuild> }> {
    const before = laiwuRaw();
    before.firstHalf.stateCapital.district.income = { amount: 120, growth: 4.5 };
    const after = laiwuRaw();
    after.firstHalf.stateCapital.district.income = { amount: 130 };
    return { files: unzipSync(await packReport(mustBuild(before))), next: mustBuild(after) };
  }

  it('keeps a figure the writer typed over inside a sentence the new data reword, and reports the sentence', async () => {
    // Found by the refresh fuzzer: the sentence was rewritten whole from the new data, the writer's 约120万元 lost with exit 0.
    const { files, next: newDoc } = await rewordedIncome();
    files['word/document.xml'] = strToU8(strFromU8(files['word/document.xml']!).replace('>120万元<', '>约120万元<'));
    const r = refreshDraft(zipSync(files), newDoc);
    expect(text(r.bytes)).toContain('全区国有资本经营预算收入完成约120万元，增长4.5%。');
    expect(r.rewordings).toEqual([]);
    expect(r.conflicts.map((c) => [c.kind, c.draftText, c.newText])).toEqual([['edited', '全区国有资本经营预算收入完成约120万元，增长4.5%。', '全区国有资本经营预算收入完成130万元。']]);
    expect(r.conflicts[0]!.message).toContain('已被手工改为“约120万元”');
  });

  it('keeps a figure the writer set in bold bold when the new data reword its sentence, the rest as the sentence was', async () => {
    const { files, next: newDoc } = await rewordedIncome();
    const xml = strFromU8(files['word/document.xml']!);
    const bold = '<w:rPr><w:rFonts w:eastAsia="黑体"/><w:b/><w:bCs/></w:rPr>';
    expect(xml).toContain('<w:r><w:t>120万元</w:t></w:r>');
    files['word/document.xml'] = strToU8(xml.replace('<w:r><w:t>120万元</w:t></w:r>', `<w:r>${bold}<w:t>120万元</w:t></w:r>`));
    const r = refreshDraft(zipSync(files), newDoc);
    expect(r.rewordings.map((w) => w.new)).toEqual(['全区国有资本经营预算收入完成130万元。']);
    const out = docXml(r.bytes);
    expect(out).toMatch(new RegExp(`<w:bookmarkStart w:id="\\d+" w:name="F[0-9a-f_]+"/><w:r>${bold}<w:t xml:space="preserve">130万元</w:t></w:r><w:bookmarkEnd`));
    expect(out).toContain('<w:r><w:t xml:space="preserve">全区国有资本经营预算收入完成</w:t></w:r>');
    expect(text(r.bytes)).toContain('全区国有资本经营预算收入完成130万元。');
    expect(await validatePackages([{ label: 'refreshed', bytes: r.bytes }])).toEqual([]);
  });

  it('keeps a figure bolded with track changes on (its w:rPrChange holds the old properties) and refreshes the draft', async () => {
    const { files, next: newDoc } = await rewordedIncome();
    const xml = strFromU8(files['word/document.xml']!);
    const tracked = '<w:rPr><w:rFonts w:eastAsia="黑体"/><w:b/><w:bCs/><w:rPrChange w:id="900" w:author="撰稿人" w:date="2025-08-20T00:00:00Z"><w:rPr><w:rFonts w:eastAsia="黑体"/></w:rPr></w:rPrChange></w:rPr>';
    files['word/document.xml'] = strToU8(xml.replace('<w:r><w:t>120万元</w:t></w:r>', `<w:r>${tracked}<w:t>120万元</w:t></w:r>`));
    const r = refreshDraft(zipSync(files), newDoc);
    expect(r.rewordings.map((w) => w.new)).toEqual(['全区国有资本经营预算收入完成130万元。']);
    const out = docXml(r.bytes);
    expect(out).toContain('<w:r><w:rPr><w:rFonts w:eastAsia="黑体"/><w:b/><w:bCs/></w:rPr><w:t xml:space="preserve">130万元</w:t></w:r>');
    expect(out).not.toContain('w:rPrChange');
    expect(await validatePackages([{ label: 'refreshed', bytes: r.bytes }])).toEqual([]);
  });

  it('sets bold where the new report has it, in the properties the draft gave the run', () => {
    expect(boldProps('')).toBe('<w:rPr><w:b/><w:bCs/></w:rPr>');
    expect(boldProps('<w:rPr><w:rStyle w:val="X"/><w:rFonts w:eastAsia="黑体"/><w:sz w:val="32"/></w:rPr>')).toBe('<w:rPr><w:rStyle w:val="X"/><w:rFonts w:eastAsia="黑体"/><w:b/><w:bCs/><w:sz w:val="32"/></w:rPr>');
    expect(boldProps('<w:rPr><w:b w:val="0"/><w:bCs w:val="0"/><w:i/></w:rPr>')).toBe('<w:rPr><w:b/><w:bCs/><w:i/></w:rPr>');
    expect(boldProps('<w:rPr><w:b/><w:bCs/></w:rPr>')).toBe('<w:rPr><w:b/><w:bCs/></w:rPr>');
  });

  it('keeps the paragraphs a sentence\'s bookmark runs into when the new data reword it, and reports the sentence', async () => {
    // Found by the refresh fuzzer: the writer pressed Enter after a sentence and its bookmark's end went
    // into the new, empty paragraph; the rewording replaced the range with runs, that paragraph lost with exit 0.
    const after = laiwuRaw();
    const lines = after.fundBudget.district.expenditure.lines;
    lines[0].amount -= 1000;
    lines.splice(1, 0, { label: '新增支出项目', amount: 1000 });
    const files: Files = unzipSync(await packReport(oldDoc));
    let xml = strFromU8(files['word/document.xml']!);
    const slot = findBookmarks(xml, (n) => n.startsWith('S')).find((m) => m.text.startsWith('全区政府性基金总支出'))!;
    const endTag = xml.slice(slot.end, slot.endEnd);
    xml = xml.slice(0, slot.end) + xml.slice(slot.endEnd);
    const pEnd = xml.indexOf('</w:p>', slot.end) + '</w:p>'.length;
    const added = `<w:p><w:pPr><w:jc w:val="center"/></w:pPr>${endTag}</w:p>`;
    files['word/document.xml'] = strToU8(xml.slice(0, pEnd) + added + xml.slice(pEnd));
    const r = refreshDraft(zipSync(files), mustBuild(after));
    expect(docXml(r.bytes).includes(added)).toBe(true);
    expect(r.rewordings).toEqual([]);
    expect(r.conflicts[0]).toMatchObject({ kind: 'edited', draftText: slot.text });
    expect(r.conflicts[0]!.message).toContain('书签在稿件中已延伸到其他段落');
    expect(text(r.bytes)).toContain(squash(slot.text));
  });

  it('updates a table figure whose bookmark end went into an empty cell after it, and still not one whose end went past text', async () => {
    // Found by the refresh fuzzer (seed 7071): the end of 80852's bookmark moved into the empty cells
    // after it in its row; the figure and its row unchanged, it was reported as "the row no longer
    // matches" and left as it was.
    const after = laiwuRaw();
    const lines = after.generalBudget.district.income.lines;
    lines[0].amount += 100; // 地方政府一般债券转贷收入 80852 → 80952
    lines[1].amount -= 100; // the total stays
    const moveEnd = async (into: (row: string) => number) => {
      const files: Files = unzipSync(await packReport(oldDoc));
      const xml = strFromU8(files['word/document.xml']!);
      const m = findBookmarks(xml, (n) => n.startsWith('F')).find((b) => b.text === '80852')!;
      const rowEnd = xml.indexOf('</w:tr>', m.end);
      const tag = xml.slice(m.end, m.endEnd);
      const without = xml.slice(0, m.end) + xml.slice(m.endEnd);
      const at = into(without.slice(m.end, rowEnd - tag.length)) + m.end;
      files['word/document.xml'] = strToU8(without.slice(0, at) + tag + without.slice(at));
      return { r: refreshDraft(zipSync(files), mustBuild(after)), tag };
    };
    // Into the last (empty) cell's paragraph of the row.
    const intoEmpty = await moveEnd((rest) => rest.lastIndexOf('</w:p>'));
    expect(intoEmpty.r.conflicts.filter((c) => c.draftText === '80852')).toEqual([]);
    expect(intoEmpty.r.changes).toContainEqual(expect.objectContaining({ old: '80852', new: '80952' }));
    const out = docXml(intoEmpty.r.bytes);
    expect(out).toMatch(/<w:t[^>]*>80952<\/w:t><\/w:r><\/w:p><\/w:tc><w:tc>(?:(?!<w:t[ >]).)*<w:bookmarkEnd w:id="\d+"\/><\/w:p><\/w:tc><\/w:tr>/);
    expect(await validatePackages([{ label: 'refreshed', bytes: intoEmpty.r.bytes }])).toEqual([]);
    // Past the row's label of the next row: its text is inside the range now, the figure is not updated.
    const files: Files = unzipSync(await packReport(oldDoc));
    const xml = strFromU8(files['word/document.xml']!);
    const m = findBookmarks(xml, (n) => n.startsWith('F')).find((b) => b.text === '80852')!;
    const nextRowText = xml.indexOf('</w:t>', xml.indexOf('</w:tr>', m.end));
    const tag = xml.slice(m.end, m.endEnd);
    const without = xml.slice(0, m.end) + xml.slice(m.endEnd);
    const at = nextRowText - tag.length + '</w:t></w:r>'.length;
    files['word/document.xml'] = strToU8(without.slice(0, at) + tag + without.slice(at));
    const past = refreshDraft(zipSync(files), mustBuild(after));
    expect(past.changes.some((c) => c.old === '80852')).toBe(false);
    expect(past.conflicts.some((c) => c.draftText?.startsWith('80852'))).toBe(true);
  });

  it('updates the other figures of a row where one figure\'s bookmark end was moved past them', async () => {
    // Found by the refresh fuzzer (seed 7082): the first figure's end moved to the row's last cell, its
    // cell was taken for changed text, and the row's other figures, untouched, were reported as a changed row.
    const after = laiwuRaw();
    after.generalBudget.district.income.current.completionRate = 101.5; // 100.08
    after.generalBudget.district.income.current.growth = 0.5; // 0.21
    const files: Files = unzipSync(await packReport(oldDoc));
    const xml = strFromU8(files['word/document.xml']!);
    const m = findBookmarks(xml, (n) => n.startsWith('F')).find((b) => b.text === '470383')!;
    const tag = xml.slice(m.end, m.endEnd);
    const without = xml.slice(0, m.end) + xml.slice(m.endEnd);
    const at = without.lastIndexOf('</w:p>', without.indexOf('</w:tr>', m.end));
    files['word/document.xml'] = strToU8(without.slice(0, at) + tag + without.slice(at));
    const r = refreshDraft(zipSync(files), mustBuild(after));
    expect(r.changes.map((c) => [c.old, c.new])).toEqual(expect.arrayContaining([['100.08', '101.50'], ['0.21', '0.50']]));
    // The moved figure's own range now holds the others' text: it is the one conflict of the row.
    expect(r.conflicts.filter((c) => /470383|100\.08|0\.21/.test(c.draftText ?? ''))).toEqual([expect.objectContaining({ kind: 'edited', draftText: '470383100.080.21' })]);
    expect(await validatePackages([{ label: 'refreshed', bytes: r.bytes }])).toEqual([]);
  });

  it('keeps a writer\'s comment on a sentence the new data reword', async () => {
    // Found reading refresh while fuzzing it: the rewording replaced the sentence's runs with the comment's marks
    // and reference, leaving the comment in comments.xml without an anchor (Word no longer shows it), exit 0.
    const after = laiwuRaw();
    after.generalBudget.stabilizationFund.used = 500;
    const files: Files = unzipSync(await packReport(oldDoc));
    const a = commentAnchors(7);
    const run = '<w:r><w:t>无调入使用预算稳定调节基金</w:t></w:r>';
    files['word/document.xml'] = strToU8(strFromU8(files['word/document.xml']!).replace(run, `${a.before}${run}${a.after}`));
    addComments(files, [{ id: 7, text: '为何无调入？' }], '撰稿人', '2025-08-20T00:00:00Z', strToU8, strFromU8);
    const r = refreshDraft(zipSync(files), mustBuild(after));
    expect(r.rewordings.map((w) => w.new)).toEqual(['调入使用预算稳定调节基金500万元']);
    const xml = docXml(r.bytes);
    expect(xml).toMatch(/<w:commentRangeStart w:id="7"\/>(?:(?!<\/w:p>).)*调入使用预算稳定调节基金(?:(?!<\/w:p>).)*500万元(?:(?!<\/w:p>).)*<w:commentRangeEnd w:id="7"\/><w:r><w:rPr><w:rStyle w:val="CommentReference"\/><\/w:rPr><w:commentReference w:id="7"\/><\/w:r>/);
    expect(strFromU8(unzipSync(r.bytes)['word/comments.xml']!)).toContain('为何无调入？');
    // The new runs are set as the sentence's text was, not in the comment reference's style.
    expect(xml).toContain('<w:r><w:t xml:space="preserve">调入使用预算稳定调节基金</w:t></w:r>');
  });

  it('keeps a paragraph the writer begins with 【草稿】: only the program\'s own notice is taken out', async () => {
    const files: Files = unzipSync(await packReport(oldDoc));
    const mine = '<w:p><w:r><w:t>【草稿】仅供内部讨论，请勿外传。</w:t></w:r></w:p>';
    files['word/document.xml'] = strToU8(strFromU8(files['word/document.xml']!).replace('<w:body>', `<w:body>${mine}`));
    const core = strFromU8(files['docProps/core.xml']!);
    const r = refreshDraft(zipSync(files), newDoc);
    expect(r.draftCleared).toBe(false);
    expect(docXml(r.bytes).includes(mine)).toBe(true);
    expect(strFromU8(unzipSync(r.bytes)['docProps/core.xml']!)).toBe(core);
  });

  it('marks a conflict whose bookmark ends between paragraphs with a comment Word can open', async () => {
    // Word ends a bookmark covering whole paragraphs after the last one, in the body. The conflict's
    // comment reference, a run, was put there too: a run outside a paragraph, which the schema (and Word) refuse.
    const files: Files = unzipSync(await packReport(oldDoc));
    let xml = strFromU8(files['word/document.xml']!);
    const m = findBookmarks(xml, (n) => n.startsWith('F')).find((b) => b.text === '1897372万元')!;
    const tag = xml.slice(m.end, m.endEnd);
    xml = xml.slice(0, m.end) + xml.slice(m.endEnd);
    const pEnd = xml.indexOf('</w:p>', m.end) + '</w:p>'.length;
    files['word/document.xml'] = strToU8(xml.slice(0, pEnd) + tag + xml.slice(pEnd));
    const r = refreshDraft(zipSync(files), newDoc, { comments: true });
    expect(r.conflicts.map((c) => c.kind)).toEqual(['edited']);
    const out = docXml(r.bytes);
    expect(out).toContain(`<w:commentReference w:id="0"/></w:r></w:p>${tag}<w:commentRangeEnd w:id="0"/>`);
    expect(await validatePackages([{ label: 'refreshed', bytes: r.bytes }])).toEqual([]);
  });

  it('marks a figure missing from the draft after a sentence the new data reword, with comments, without tearing the sentence apart', async () => {
    // Found by the refresh fuzzer: the comment for the missing figure was anchored on the figure before
    // it, inside the sentence being rewritten; the two edits overlapped and the XML broke, so refresh
    // --draft refused the draft (exit 1, "这是程序的错误").
    const { files, next: newDoc } = await rewordedIncome();
    let xml = strFromU8(files['word/document.xml']!);
    // The writer retyped the next sentence's figure: its bookmark is gone.
    const next = findBookmarks(xml, (n) => n.startsWith('F')).find((b) => b.text === '530万元' && b.start > xml.indexOf('>120万元<'))!;
    xml = xml.slice(0, next.start) + xml.slice(next.startEnd, next.end) + xml.slice(next.endEnd);
    files['word/document.xml'] = strToU8(xml);
    const r = refreshDraft(zipSync(files), newDoc, { comments: true });
    expect(r.rewordings.map((w) => w.new)).toEqual(['全区国有资本经营预算收入完成130万元。']);
    expect(r.conflicts).toEqual([expect.objectContaining({ kind: 'deleted', newText: '530万元' })]);
    expect(text(r.bytes)).toContain('全区国有资本经营预算收入完成130万元。全区国有资本经营预算支出完成530万元。');
    expect(docXml(r.bytes)).toMatch(/<w:commentRangeStart w:id="0"\/><w:bookmarkStart w:name="S[^"]*" w:id="\d+"\/><w:r><w:t xml:space="preserve">全区国有资本经营预算收入完成<\/w:t>/);
  });

  it('never puts a line\'s new figure beside another line\'s name when the new data shift a table\'s rows', async () => {
    const raw = laiwuRaw();
    // The first two lines in the other order: lines[0] is now the old second line, lines[1] the first.
    const lines = raw.fundBudget.level.expenditure.lines;
    [lines[0], lines[1]] = [lines[1], lines[0]];
    const next = mustBuild(raw);
    const r = refreshDraft(await packReport(oldDoc), next, { comments: true });
    const rows = xmlParagraphs(docXml(r.bytes));
    // Each line's name is still followed by its own amount, never by the amount of the line now at its index.
    const after = (name: string) => rows[rows.lastIndexOf(name) + 1]; // the 区级 rows of the attachment's table
    expect(after('地方政府债券转贷支出')).toBe('15265');
    expect(after('地方政府专项债券还本支出')).toBe('160655');
    expect(r.conflicts.filter((c) => c.message.includes('所在的行与新数据对不上')).map((c) => [c.draftText, c.newText])).toEqual([
      ['15265', '160655'],
      ['160655', '15265'],
    ]);
    expect(r.conflicts[0]!.message).toMatch(/^表格中这个数字所在的行与新数据对不上（这一行的文字不同（稿件“地方政府债券转贷支出 …/);
  });

  it('leaves a table row whole when one of its figures lost its bookmark\'s end, instead of updating the figures beside it', async () => {
    // Found by the refresh fuzzer: the cell whose bookmark had no end any more kept the old amount (now
    // text), while the row's other cells were updated from the new data, the row mixing old and new, exit 0.
    const raw = laiwuRaw();
    raw.generalBudget.district.income.current.amount += 100;
    raw.generalBudget.district.income.current.growth = -1.5;
    raw.generalBudget.district.income.total += 100;
    raw.generalBudget.district.expenditure.total += 100;
    raw.generalBudget.district.expenditure.lines[2].amount += 100;
    const files: Files = unzipSync(await packReport(oldDoc));
    const xml = strFromU8(files['word/document.xml']!);
    const amount = findBookmarks(xml, (n) => n.startsWith('F')).filter((b) => b.text === '470383').pop()!;
    files['word/document.xml'] = strToU8(xml.slice(0, amount.end) + xml.slice(amount.endEnd));
    const r = refreshDraft(zipSync(files), mustBuild(raw));
    const rows = xmlParagraphs(docXml(r.bytes));
    const at = rows.indexOf('当年一般公共预算收入'); // the 全区 row of the attachment's table
    expect(rows.slice(at, at + 4)).toEqual(['当年一般公共预算收入', '470383', '100.08', '0.21']);
    const row = r.conflicts.filter((c) => c.message.includes('所在的行与新数据对不上'));
    expect(row.map((c) => [c.draftText, c.newText])).toEqual([['0.21', '-1.50']]);
    expect(r.conflicts).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'deleted', newText: '470483' })]));
  });

  it('reports a deleted figure instead of inserting it again', async () => {
    const files: Files = unzipSync(await packReport(oldDoc));
    let xml = strFromU8(files['word/document.xml']!);
    xml = editParagraph(xml, '2024年区级无调入使用预算稳定调节基金', () => '');
    files['word/document.xml'] = strToU8(xml);
    const r = refreshDraft(zipSync(files), newDoc);
    expect(r.conflicts.map((c) => [c.kind, c.newText])).toEqual([
      ['deleted', '无调入使用预算稳定调节基金'],
      ['deleted', '补充预算稳定调节基金383万元'],
      ['deleted', '2024'],
      ['deleted', '1964万元'],
    ]);
    expect(r.conflicts[3]!.source).toBe('generalBudget.stabilizationFund.balance');
    expect(text(r.bytes)).not.toContain('累计余额1964万元');
  });
});

describe('refresh a draft built with errors, once the data are corrected', () => {
  it('takes out the draft\'s comments whole when Word has marked their reference runs with rsids', async () => {
    // Found by the refresh fuzzer: the reference run <w:r w:rsidRPr="…"> was left behind, emptied, in the sentence.
    const draft = buildFromRaw(laiwuBroken(), 'laiwu-2024.json', undefined, { draft: true }).doc!;
    const files: Files = unzipSync(await packReport(draft));
    const xml = strFromU8(files['word/document.xml']!);
    expect(xml).toContain('CommentReference');
    files['word/document.xml'] = strToU8(xml.replace(/<w:r>/g, '<w:r w:rsidRPr="00A1B2C3">'));
    const r = refreshDraft(zipSync(files), mustBuild(laiwuRaw()));
    expect(r.draftCleared).toBe(true);
    expect(r.staleComments).toBeGreaterThan(0);
    expect(r.conflicts).toEqual([]);
    expect(docXml(r.bytes)).not.toContain('CommentReference');
  });

  it('keeps a writer\'s comment made in the draft\'s notice, at the start of the next paragraph, when the notice goes', async () => {
    // Found by the refresh fuzzer (seed 7077): a comment on a figure of 【草稿】本稿数据尚有… went with the
    // notice's paragraph: its range and reference were gone, the comment invisible in Word, exit 0.
    const draft = buildFromRaw(laiwuBroken(), 'laiwu-2024.json', undefined, { draft: true }).doc!;
    const files: Files = unzipSync(await packReport(draft));
    let xml = strFromU8(files['word/document.xml']!);
    const paragraphs = [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((m) => m[0]);
    const at = paragraphs.findIndex((p) => p.includes('本稿数据尚有'));
    const notice = paragraphs[at]!;
    const run = notice.match(/<w:r>(?:(?!<\/w:r>)[\s\S])*?<w:t>处错误未解决<\/w:t><\/w:r>/)![0];
    const a = commentAnchors(900);
    xml = xml.replace(notice, notice.replace(run, `${a.before}${run}${a.after}`));
    files['word/document.xml'] = strToU8(xml);
    addComments(files, [{ id: 900, text: '错误数已核对' }], '撰稿人', '2025-08-20T00:00:00Z', strToU8, strFromU8);
    const r = refreshDraft(zipSync(files), mustBuild(laiwuRaw()));
    expect(r.draftCleared).toBe(true);
    const out = docXml(r.bytes);
    expect(out).not.toContain('本稿数据尚有');
    // The paragraph that followed the notice now opens with the comment's marks (its properties first).
    const opening = paragraphs[at + 1]!.match(/^<w:p(?:\s[^>]*)?>(?:<w:pPr>(?:(?!<\/w:pPr>)[\s\S])*<\/w:pPr>)?/)![0];
    expect(out).toContain(`${opening}${a.before}${a.after}`);
    expect(strFromU8(unzipSync(r.bytes)['word/comments.xml']!)).toContain('错误数已核对');
    expect(await validatePackages([{ label: 'refreshed', bytes: r.bytes }])).toEqual([]);
  });
});

describe('fiscal-report refresh (CLI)', () => {
  const { main } = require('../src/cli') as typeof import('../src/cli');
  it('writes the refreshed draft beside the draft and lists the changes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fiscal-report-refresh-cli-'));
    const draft = join(dir, '报告.docx');
    writeFileSync(draft, editAsWriter(await packReport(mustBuild(laiwuRaw()))));
    const data = join(dir, '新数据.json');
    writeFileSync(data, JSON.stringify(revised(), null, 2));
    // The report it attaches sits beside it, as in data/.
    writeFileSync(join(dir, 'laiwu-2024-performance.json'), readFileSync(join(ROOT, 'data', 'laiwu-2024-performance.json')));
    const lines: string[] = [];
    const out = { log: (s: string) => lines.push(s), error: (s: string) => lines.push(s) };
    expect(await main(['refresh', draft, '--data', data], out)).toBe(0);
    const log = lines.join('\n');
    expect(log).toMatch(/已更新 \d+ 处数字/);
    expect(log).toContain('增长0.21% → 下降1.5%');
    expect(log).toContain('报告（更新）.docx');
    const refreshed = readFileSync(join(dir, '报告（更新）.docx'));
    expect(text(refreshed)).toContain('同比下降1.5%');
    // The draft itself is untouched.
    expect(text(readFileSync(draft))).toContain('同比增长0.21%');
  });

  it('takes 同比 bases from last year\'s dataset with --previous', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fiscal-report-refresh-cli-'));
    const draft = join(dir, '报告.docx');
    writeFileSync(draft, await packReport(mustBuild(laiwuRaw())));
    const raw = laiwuRaw();
    // The revised income, its growth left to last year's dataset.
    delete raw.generalBudget.district.income.current.growth;
    raw.generalBudget.district.income.current.amount += 100;
    raw.generalBudget.district.income.total += 100;
    raw.generalBudget.district.expenditure.total += 100;
    raw.generalBudget.district.expenditure.lines[2].amount += 100;
    const data = join(dir, '新数据.json');
    writeFileSync(data, JSON.stringify(raw, null, 2));
    writeFileSync(join(dir, 'laiwu-2024-performance.json'), readFileSync(join(ROOT, 'data', 'laiwu-2024-performance.json')));
    const previous = join(ROOT, 'test', 'fixtures', 'laiwu-2023-synthetic.json');
    const last = JSON.parse(readFileSync(previous, 'utf8')).generalBudget.district.income.current.amount as number;
    const expected = `增长${Math.round((470483 / last - 1) * 10000) / 100}%`;
    const logged: string[] = [];
    const out = { log: (s: string) => logged.push(s), error: () => undefined };
    expect(await main(['refresh', draft, '--data', data, '--previous', previous, '--json'], out)).toBe(0);
    const report = JSON.parse(logged.join('\n'));
    // Last year's dataset also gives growths the draft never had (国有资本经营预算支出 in the tables):
    // new content is reported with its place, not inserted.
    expect(report.conflicts.map((c: { kind: string; where: string }) => [c.kind, c.where.split(' › ')[0]])).toEqual([
      ['deleted', '附件1'],
      ['deleted', '附件1'],
    ]);
    // The growth, typed before and computed now, is the same bound figure: updated in place.
    const change = report.changes.find((c: { source: string }) => c.source.startsWith('同比增长率(generalBudget.district.income.current.amount'));
    expect(change).toMatchObject({ old: '增长0.21%', new: expected });
  });

  it('refuses a file that is not a DOCX, and bad new data, writing nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fiscal-report-refresh-cli-'));
    const notDocx = join(dir, '稿件.docx');
    writeFileSync(notDocx, 'plain text');
    const lines: string[] = [];
    const out = { log: (s: string) => lines.push(s), error: (s: string) => lines.push(s) };
    expect(await main(['refresh', notDocx, '--data', require('./helpers').LAIWU], out)).toBe(1);
    expect(lines.join('\n')).toContain('稿件不是 DOCX 文件');
    const bad = join(dir, 'bad.json');
    const raw = laiwuRaw();
    raw.debt.limit.total = '很多';
    writeFileSync(bad, JSON.stringify(raw));
    writeFileSync(join(dir, 'ok.docx'), await packReport(mustBuild(laiwuRaw())));
    expect(await main(['refresh', join(dir, 'ok.docx'), '--data', bad], out)).toBe(1);
    expect(require('node:fs').existsSync(join(dir, 'ok（更新）.docx'))).toBe(false);
  });
});
