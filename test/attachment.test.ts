import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../src/cli';
import { packReport } from '../src/docx/pack';
import { blockText, type Block, type ReportDoc, type Run } from '../src/model/doc';
import { sourcePaths } from '../src/model/source';
import { buildFromRaw, DATA, docxPart, laiwuRaw, mustBuild, runFaces, xmlParagraphs } from './helpers';

const perfRaw = () => JSON.parse(readFileSync(join(DATA, 'laiwu-2024-performance.json'), 'utf8'));
const tmp = () => mkdtempSync(join(tmpdir(), 'fiscal-report-att-'));
const capture = () => {
  const lines: string[] = [];
  return { out: { log: (s: string) => lines.push(s), error: (s: string) => lines.push(s) }, lines };
};

/** Every run of a block, heading bodies and attachment titles included. */
function runsOf(b: Block): Run[] {
  switch (b.type) {
    case 'heading':
      return [...b.runs, ...(b.body ?? [])];
    case 'attachment':
      return b.title;
    case 'meeting':
      return b.lines.flat();
    case 'attachmentNote':
      return b.items.flat();
    case 'pageBreak':
      return [];
    case 'table':
      return [...b.title, ...[...b.header, ...b.body].flat().flatMap((c) => c.runs)];
    default:
      return b.runs;
  }
}

const attachmentAt = (doc: ReportDoc) => doc.blocks.findIndex((b) => b.type === 'attachment' && b.label === '附件2');

describe('the final-accounts report attaches the performance report as 附件2', () => {
  const doc = mustBuild(laiwuRaw());
  const standalone = mustBuild(perfRaw());
  const at = attachmentAt(doc);

  it('after the main report: 附件2 with the report title, then its salutation and body', () => {
    expect(at).toBeGreaterThan(0);
    const att = doc.blocks[at] as Extract<Block, { type: 'attachment' }>;
    expect(att.label).toBe('附件2');
    expect(blockText(att)).toBe('附件2\n关于2024年度预算绩效管理工作情况的报告（书面）');
    expect(blockText(doc.blocks[at + 1]!)).toBe('各位主任、各位委员：');
    // The same body as the report built on its own (its title block aside), without the 落款 the
    // standalone report ends with: attached, it goes out under the final-accounts report.
    const body = standalone.blocks.slice(1);
    expect(body.slice(-2).map((b) => b.type)).toEqual(['signature', 'date']);
    expect(doc.blocks.slice(at + 1).map(blockText)).toEqual(body.slice(0, -2).map(blockText));
    // The main report ends with its attachment note, naming the report by its title.
    const note = doc.blocks.find((b) => b.type === 'attachmentNote')!;
    expect(note.type).toBe('attachmentNote');
    expect(blockText(note)).toBe('济南市莱芜区2024年决算草案表\n关于2024年度预算绩效管理工作情况的报告');
  });

  it("keeps the numbers audit one list: unique figure ids, the attachment's sources under its entry", () => {
    const figs = doc.blocks.flatMap(runsOf).filter((r) => r.fig).map((r) => r.fig!);
    expect(new Set(figs.map((f) => f.id)).size).toBe(figs.length);
    const attached = doc.blocks.slice(at).flatMap(runsOf);
    const paths = attached.filter((r) => r.fig).flatMap((r) => sourcePaths(r.fig!.source));
    expect(paths.length).toBeGreaterThan(30);
    for (const p of paths) expect(p.startsWith('meta.attachments[1].report.')).toBe(true);
    expect(paths).toContain('meta.attachments[1].report.figures.特困人员资金支付.value');
  });

  it('starts the attachment on a new page, 附件2 in 黑体 and the title in 方正小标宋简体', async () => {
    const bytes = await packReport(doc);
    const xml = docxPart(bytes, 'word/document.xml');
    const styles = docxPart(bytes, 'word/styles.xml');
    const paras = [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((m) => m[0]);
    const faces = (p: string) => new Set(runFaces(p, styles).map((f) => f.eastAsia));
    const i = paras.findIndex((p) => xmlParagraphs(p)[0] === '附件2');
    expect(paras[i]).toContain('<w:pageBreakBefore/>');
    expect(faces(paras[i]!)).toEqual(new Set(['黑体']));
    expect(xmlParagraphs(paras[i + 2]!)[0]).toBe('关于2024年度预算绩效管理工作情况的报告（书面）');
    expect(faces(paras[i + 2]!)).toEqual(new Set(['方正小标宋简体']));
  });

  it('can embed the report instead of naming its file', () => {
    const raw = laiwuRaw();
    raw.meta.attachments[1] = { report: perfRaw() };
    const embedded = mustBuild(raw);
    expect(embedded.blocks.map(blockText)).toEqual(doc.blocks.map(blockText));
  });

  it('places an error inside an embedded report in the dataset that embeds it', () => {
    const raw = laiwuRaw();
    const perf = perfRaw();
    perf.figures['整体自评部门数'].value = 61;
    raw.meta.attachments[1] = { report: perf };
    const r = buildFromRaw(raw, 'laiwu.json');
    expect(r.doc).toBeNull();
    expect(r.issues[0]).toMatchObject({ code: 'figure-sum', place: { file: 'laiwu.json', path: 'meta.attachments[1].report.figures.整体自评部门数.value' } });
    expect(r.issues[0]!.place!.line).toBeGreaterThan(20);
  });

  it("places an error inside an attached file in that file", () => {
    const dir = tmp();
    const perf = perfRaw();
    perf.sections[1].items[0].text = '有的单位{{没有的数据}}。';
    writeFileSync(join(dir, 'perf.json'), JSON.stringify(perf, null, 2));
    const raw = laiwuRaw();
    raw.meta.attachments[1] = { report: 'perf.json' };
    const r = buildFromRaw(raw, 'laiwu.json', undefined, {}, dir);
    expect(r.doc).toBeNull();
    expect(r.issues[0]).toMatchObject({ code: 'prose-unknown-figure', place: { path: 'sections[1].items[0].text' } });
    expect(r.issues[0]!.place!.file).toBe(join(dir, 'perf.json'));
  });

  it('names a missing attached file at its entry', () => {
    const raw = laiwuRaw();
    raw.meta.attachments[1] = { report: 'no-such-report.json' };
    const r = buildFromRaw(raw, 'laiwu.json');
    expect(r.doc).toBeNull();
    expect(r.issues).toHaveLength(1);
    expect(r.issues[0]).toMatchObject({ code: 'attachment-file', place: { file: 'laiwu.json', path: 'meta.attachments[1].report' } });
    expect(r.issues[0]!.message).toBe('附件 2 的报告文件“no-such-report.json”无法读取（无法读取数据文件：文件不存在）：文件名相对于本数据文件所在目录，请检查。');
  });

  it('attaches only reports of the narrative kinds', () => {
    const raw = laiwuRaw();
    raw.meta.attachments[1] = { report: { kind: 'final-accounts' } };
    const r = buildFromRaw(raw, 'laiwu.json');
    expect(r.issues[0]).toMatchObject({ code: 'attachment-kind', place: { path: 'meta.attachments[1].report.kind' } });
  });

  // Last year's file left in the folder was attached as this year's 附件2 with exit 0.
  it("refuses an attached report of another year or district, at its meta, in build and validate", async () => {
    const raw = laiwuRaw();
    raw.meta.attachments[1] = { report: 'laiwu-2020-performance.json' };
    const r = buildFromRaw(raw, 'laiwu.json');
    expect(r.doc).toBeNull();
    expect(r.issues.map((i) => [i.code, i.place?.file, i.place?.path, i.actual])).toEqual([['attachment-origin', join(DATA, 'laiwu-2020-performance.json'), 'meta.year', '2020']]);
    expect(r.issues[0]!.message).toBe('附件 2 的报告是 2020 年的（meta.year），而本报告是 2024 年决算：请附上 2024 年的预算绩效管理报告。');
    raw.meta.attachments[1] = { report: 'licheng-2023-performance.json' };
    expect(buildFromRaw(raw, 'laiwu.json').issues.map((i) => [i.code, i.place?.path, i.actual])).toEqual([
      ['attachment-origin', 'meta.district', '历城区'],
      ['attachment-origin', 'meta.year', '2023'],
    ]);
    const dir = tmp();
    writeFileSync(join(dir, 'laiwu.json'), JSON.stringify(raw, null, 2));
    writeFileSync(join(dir, 'licheng-2023-performance.json'), readFileSync(join(DATA, 'licheng-2023-performance.json')));
    const lines: string[] = [];
    expect(await main(['validate', join(dir, 'laiwu.json')], { log: (x: string) => lines.push(x), error: (x: string) => lines.push(x) })).toBe(1);
    expect(lines.join('\n')).toContain('附件 2 的报告是历城区的（meta.district），而本报告是莱芜区的：请附上莱芜区的报告。');
  });

  it('says a long district name in part (found by the sweep: 3,000 characters quoted twice)', () => {
    const raw = laiwuRaw();
    raw.meta.district = `莱芜区${'很长'.repeat(1500)}`;
    const [issue] = buildFromRaw(raw, 'laiwu.json').issues.filter((i) => i.code === 'attachment-origin');
    expect(issue!.message.length).toBeLessThan(200);
    expect(issue!.message).toContain('而本报告是莱芜区很长');
  });

  it('takes a performance report of the same district named more fully, and a work plan of the year after', () => {
    const raw = laiwuRaw();
    const perf = perfRaw();
    for (const name of ['济南市莱芜区', '莱芜', '山东省济南市莱芜区']) {
      perf.meta.district = name;
      raw.meta.attachments[1] = { report: perf };
      expect([name, buildFromRaw(raw, 'laiwu.json').doc !== null]).toEqual([name, true]);
    }
    // A name that only ends like this one's is another district's (东城区 and 城区).
    const east = laiwuRaw();
    east.meta.district = '东城区';
    east.meta.attachments = east.meta.attachments.filter((e: unknown) => typeof e === 'string');
    east.meta.attachments.push({ report: { ...perf, meta: { ...perf.meta, district: '城区' } } });
    expect(buildFromRaw(east, 'laiwu.json').issues.filter((i) => i.code === 'attachment-origin').map((i) => i.actual)).toEqual(['城区']);
    const plan = JSON.parse(readFileSync(join(DATA, 'hecheng-2025-work-plan.json'), 'utf8'));
    plan.meta.district = '莱芜区';
    raw.meta.attachments[1] = { report: plan };
    expect(buildFromRaw(raw, 'laiwu.json').issues.filter((i) => i.code === 'attachment-origin')).toEqual([]);
    plan.meta.year = 2026;
    expect(buildFromRaw(raw, 'laiwu.json').issues.filter((i) => i.code === 'attachment-origin').map((i) => i.actual)).toEqual(['2026']);
  });
});

describe('the work plan in its own register', () => {
  const doc = mustBuild(JSON.parse(readFileSync(join(DATA, 'hecheng-2025-work-plan.json'), 'utf8')));

  it('title, then the unit and a date line under it', () => {
    expect(doc.blocks.slice(0, 3).map((b) => [b.type, blockText(b)])).toEqual([
      ['title', '2025年工作情况及2026年工作计划'],
      ['speaker', '区财政局绩效评价股'],
      ['subtitle', '（2025年10月29日）'],
    ]);
  });

  it('一、 sections and 1、 items, lead phrases with a full-width colon', () => {
    const headings = doc.blocks.filter((b): b is Extract<Block, { type: 'heading' }> => b.type === 'heading');
    expect(headings.filter((h) => h.level === 1).map((h) => h.number)).toEqual(['一、', '二、', '三、', '四、', '五、', '六、', '七、', '八、']);
    const items = headings.filter((h) => h.level === 3);
    expect(items.every((h) => /^\d+、$/.test(h.number))).toBe(true);
    expect(blockText(items[4]!)).toBe('1、绩效导向更加鲜明：初步建立预算安排与绩效结果挂钩的机制，评价结果较差的项目被压减或取消，财政资源配置得到优化。');
    expect(blockText(items[7]!)).toBe('1、工作任务完成情况：');
    const para = doc.blocks.find((b) => b.type === 'paragraph' && blockText(b).startsWith('政策导向清晰'))!;
    expect(blockText(para)).toMatch(/^政策导向清晰：中央/);
  });

  it('the DOCX centres the unit and date lines and sets the numbered items in body type', async () => {
    const bytes = await packReport(doc);
    const xml = docxPart(bytes, 'word/document.xml');
    const paras = [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((m) => m[0]);
    const date = paras.find((p) => xmlParagraphs(p)[0] === '（2025年10月29日）')!;
    expect(date).toContain('<w:jc w:val="center"/>');
    const item = paras.find((p) => xmlParagraphs(p)[0]!.startsWith('1、绩效导向更加鲜明'))!;
    expect(item).toContain('<w:pStyle w:val="Heading3"/>');
    expect(new Set(runFaces(item, docxPart(bytes, 'word/styles.xml')).map((f) => f.eastAsia))).toEqual(new Set(['仿宋_GB2312']));
    expect(item).toContain('<w:keepNext w:val="false"/>');
  });
});

describe('kinds', () => {
  it('an unknown kind is an error listing the kinds', () => {
    const r = buildFromRaw({ kind: 'budget-draft', meta: {} }, 'x.json');
    expect(r.doc).toBeNull();
    expect(r.issues[0]).toMatchObject({ code: 'schema-kind', place: { path: 'kind', line: 2 } });
    expect(r.issues[0]!.message).toContain('"final-accounts"（决算报告）、"performance"（预算绩效管理工作情况报告）或 "work-plan"（工作情况及工作计划），实为 "budget-draft"');
  });

  it('a narrative dataset gets Chinese schema messages with its place', () => {
    const raw = JSON.parse(readFileSync(join(DATA, 'licheng-2023-performance.json'), 'utf8'));
    raw.list = 'bullets';
    raw.items[2].lead = 7;
    const r = buildFromRaw(raw, 'x.json');
    expect(r.issues.map((i) => `${i.place?.path}: ${i.message}`)).toEqual([
      'list: “列表样式”应为 paragraphs / enumerated / numbered 之一，实为 文字 "bullets"。',
      'items[2].lead: “条目·第3项·引领语”应为文字，实为数字 7。',
    ]);
  });

  it('build-examples builds every dataset in data/, every kind', async () => {
    const dir = tmp();
    const { out, lines } = capture();
    expect(await main(['build-examples', '--out', dir], out)).toBe(0);
    const files = readdirSync(dir).filter((f) => f.endsWith('.docx')).sort();
    expect(files).toEqual(
      [
        '2020年莱芜区预算绩效工作开展情况说明.docx',
        '2025年工作情况及2026年工作计划.docx',
        '关于2024年度预算绩效管理工作情况的报告.docx',
        '关于莱芜区2024年决算和2025年上半年预算执行情况的报告.docx',
        '关于澜溪区2024年决算的报告.docx',
        '关于松岩区2024年决算和2025年上半年预算执行情况的报告.docx',
        '关于青禾区2024年决算和2025年上半年预算执行情况的报告.docx',
        '关于芦湾区2024年财政决算的报告.docx',
        '历城区2023年预算绩效管理工作开展情况说明.docx',
      ].sort(),
    );
    expect(lines.filter((l) => l.startsWith('已生成'))).toHaveLength(9);
    expect(existsSync(join(dir, '.fiscal-report.json'))).toBe(true);
  });
});
