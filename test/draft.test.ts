import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../src/cli';
import { packReport } from '../src/docx/pack';
import { COMMENT_AUTHOR } from '../src/draft/annotate';
import { buildFromRaw, docxPart, docxParts, laiwuRaw, squash, xmlParagraphs } from './helpers';
import { describeWithLibreOffice, LIBREOFFICE } from './libreoffice';
import { capture, tmp, writeDataset } from './validate-helpers';

const TITLE = '关于莱芜区2024年决算和2025年上半年预算执行情况的报告';

/** Laiwu with one broken tie: a 结转下年 line of 全区一般公共预算 one too high. */
function broken(): any {
  const raw = laiwuRaw();
  raw.generalBudget.district.expenditure.lines[2].amount = 36395;
  return raw;
}

/** Per comment id: the text its range covers in document.xml, and whether its reference follows. */
function commentRanges(documentXml: string): Map<number, { text: string; referenced: boolean }> {
  const out = new Map<number, { text: string; referenced: boolean }>();
  for (const m of documentXml.matchAll(/<w:commentRangeStart w:id="(\d+)"\/>([\s\S]*?)<w:commentRangeEnd w:id="\1"\/>([\s\S]*?)<\/w:r>/g)) {
    const text = [...m[2]!.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((t) => t[1]).join('');
    out.set(Number(m[1]), { text, referenced: new RegExp(`<w:commentReference w:id="${m[1]}"/>`).test(m[3]!) });
  }
  return out;
}

describe('build writes nothing when a rule fails', () => {
  it('exits 1 and leaves the output directory alone', async () => {
    const dir = tmp();
    const { file } = writeDataset(broken(), dir);
    const { out, lines } = capture();
    expect(await main(['build', file, '--out', join(dir, 'out')], out)).toBe(1);
    expect(existsSync(join(dir, 'out'))).toBe(false);
    expect(lines.join('\n')).toContain('错误［各本预算（一般公共预算、政府性基金、国有资本经营预算）全区、区级的总收入、总支出等于其各构成项目之和］');
  });
});

describe('build --draft', () => {
  let bytes: Buffer;
  let documentXml = '';
  let commentsXml = '';
  let lines: string[] = [];
  let exit = 0;
  let dir = '';
  beforeAll(async () => {
    dir = tmp();
    const { file } = writeDataset(broken(), dir);
    const c = capture();
    exit = await main(['build', file, '--out', join(dir, 'out'), '--draft'], c.out);
    lines = c.lines;
    bytes = readFileSync(join(dir, 'out', `${TITLE}（草稿）.docx`));
    documentXml = docxPart(bytes, 'word/document.xml');
    commentsXml = docxPart(bytes, 'word/comments.xml');
  });

  it('writes the draft under its own name, never the final one, and exits 1', () => {
    expect(exit).toBe(1);
    expect(readdirSync(join(dir, 'out')).filter((f) => f.endsWith('.docx'))).toEqual([`${TITLE}（草稿）.docx`]);
    expect(lines.join('\n')).toContain('草稿');
    expect(docxParts(bytes)).toContain('word/comments.xml');
  });

  it('says on the first page that the draft has unresolved issues', () => {
    const firstPage = documentXml.slice(0, documentXml.indexOf('<w:sectPr'));
    expect(xmlParagraphs(firstPage).join('\n')).toContain('【草稿】本稿数据尚有1处错误未解决');
  });

  it('anchors each comment in document.xml: range start, end and reference', () => {
    const ids = [...commentsXml.matchAll(/<w:comment [^>]*w:id="(\d+)"/g)].map((m) => Number(m[1]));
    expect(ids.length).toBeGreaterThan(1);
    const ranges = commentRanges(documentXml);
    for (const id of ids) {
      expect(ranges.get(id)).toBeDefined();
      expect(ranges.get(id)!.referenced).toBe(true);
    }
    expect(commentsXml).toContain(`w:author="${COMMENT_AUTHOR}"`);
  });

  it('puts the rule\'s message on the sentence that shows the broken figure', () => {
    const ranges = [...commentRanges(documentXml).entries()];
    const sentence = ranges.find(([, r]) => r.text.includes('结转下年支出36395万元'));
    expect(sentence).toBeDefined();
    expect(sentence![1].text.startsWith('全区一般公共预算总支出1165436万元')).toBe(true);
    expect(sentence![1].text.endsWith('结转下年支出36395万元。')).toBe(true);
    const comment = new RegExp(`<w:comment [^>]*w:id="${sentence![0]}"[^>]*>([\\s\\S]*?)</w:comment>`).exec(commentsXml)![1]!;
    const text = xmlParagraphs(comment).join('');
    expect(text).toContain('［各本预算（一般公共预算、政府性基金、国有资本经营预算）全区、区级的总收入、总支出等于其各构成项目之和］');
    expect(text).toContain('全区一般公共预算总支出应为各项之和 1165437，实为 1165436（少 1）');
  });

  it('leaves sentences whose figures are not in a failed rule without comments', () => {
    const ranges = [...commentRanges(documentXml).values()].map((r) => r.text).join('\n');
    expect(ranges).not.toContain('政府债务限额');
    expect(ranges).not.toContain('区级一般公共预算总收入');
  });

  it('is the same document when built twice (comment dates are the meeting date, not the clock)', async () => {
    const parts = async () => {
      const bytes = await packReport(buildFromRaw(broken(), 'x.json', undefined, { draft: true }).doc!);
      // docProps/core.xml carries the packer's own timestamp, for every build alike: not the draft's concern.
      return docxParts(bytes)
        .filter((p) => p !== 'docProps/core.xml')
        .map((p) => [p, docxPart(bytes, p)]);
    };
    const a = await parts();
    expect(a.map(([p]) => p)).toContain('word/comments.xml');
    expect(docxPart(await packReport(buildFromRaw(broken(), 'x.json', undefined, { draft: true }).doc!), 'word/comments.xml')).toContain('w:date="2025-08-29T00:00:00.000Z"');
    expect(await parts()).toEqual(a);
  });

  it('cannot be made from data that does not read (schema errors): nothing is written', async () => {
    const raw = broken();
    raw.debt.limit.total = '2053198';
    const d = tmp();
    const { file } = writeDataset(raw, d);
    const { out } = capture();
    expect(await main(['build', file, '--out', join(d, 'out'), '--draft'], out)).toBe(1);
    expect(existsSync(join(d, 'out'))).toBe(false);
  });

  it('keeps the numbers audit whole: the notice\'s counts are traced too', () => {
    const r = buildFromRaw(broken(), 'x.json', undefined, { draft: true, audit: true });
    expect(r.audit!.unsourced).toEqual([]);
    expect(r.audit!.numbers.filter((e) => e.kind === 'draft').map((e) => e.text)).toEqual(['1', String(r.doc!.comments!.length - 1)]);
  });

  it('a clean dataset with --draft is the ordinary report, without comments', async () => {
    const r = buildFromRaw(laiwuRaw(), 'x.json', undefined, { draft: true });
    expect(r.draft).toBeUndefined();
    expect(r.doc!.comments).toBeUndefined();
  });
});

describeWithLibreOffice('the draft\'s comments in LibreOffice', () => {
  it('open as annotations carrying the rule messages', async () => {
    const dir = tmp();
    const { file } = writeDataset(broken(), dir);
    await main(['build', file, '--out', dir, '--draft'], capture().out);
    const docx = join(dir, `${TITLE}（草稿）.docx`);
    const r = spawnSync(LIBREOFFICE!, ['--headless', `-env:UserInstallation=file://${dir}/profile`, '--convert-to', 'fodt', '--outdir', dir, docx], { encoding: 'utf8', timeout: 120000 });
    expect(r.status).toBe(0);
    const fodt = readFileSync(join(dir, `${TITLE}（草稿）.fodt`), 'utf8');
    const comments = (docxPart(readFileSync(docx), 'word/comments.xml').match(/<w:comment /g) ?? []).length;
    const annotations = [...fodt.matchAll(/<office:annotation[ >][\s\S]*?<\/office:annotation>/g)].map((m) => m[0]);
    expect(annotations.length).toBe(comments);
    expect(fodt.match(/<office:annotation-end /g)?.length).toBe(comments);
    const texts = annotations.map((a) => squash(a.replace(/<[^>]+>/g, '')));
    expect(texts.some((t) => t.includes('全区一般公共预算总支出应为各项之和1165437，实为1165436'))).toBe(true);
    expect(texts.every((t) => t.includes(COMMENT_AUTHOR.replace(/\s/g, '')))).toBe(true);
  });
});
