import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../src/cli';
import { runBatch, type BatchSummary } from '../src/batch/run';
import { loadBatchConfig } from '../src/batch/config';
import { DATA, docxPart, xmlParagraphs } from './helpers';

// A house-style file given for the build rather than named by the dataset: the batch config's
// `style` (a job's, or the defaults'), and `--style` for build and validate. It overrides the
// dataset's own style; its bytes are an input of the batch job.

const tmp = () => mkdtempSync(join(tmpdir(), 'fiscal-style-'));
function capture() {
  const lines: string[] = [];
  return { log: (s: string) => lines.push(s), error: (s: string) => lines.push(s), lines };
}
const byName = (s: BatchSummary) => Object.fromEntries(s.jobs.map((j) => [j.name, j]));
const docxParagraphs = (file: string) => xmlParagraphs(docxPart(readFileSync(file), 'word/document.xml'));
const docxUnder = (dir: string) => readdirSync(dir).filter((n) => n.endsWith('.docx')).map((n) => join(dir, n));

const LANXI = JSON.parse(readFileSync(join(DATA, 'lanxi-2024.json'), 'utf8'));
const LANXI_STYLE = join(DATA, 'styles', 'lanxi.style.json');

/** The 澜溪区 example's general-budget paragraph in its own style (亿元 with kept zeros, the 加上 frame). */
const STYLED =
  '区一般公共预算收入38.56亿元，为调整预算的101.5%，比上年增长8.0%。加上上级补助收入41.23亿元、地方政府一般债券转贷收入5.20亿元、上年结转收入1.84亿元，以及调入资金2.57亿元，收入总量为89.40亿元。区一般公共预算支出70.24亿元，为调整预算的98.2%，比上年增长5.0%。加上上解上级支出9.64亿元、地方政府一般债券还本支出4.86亿元，以及结转下年支出4.67亿元，支出总量为89.40亿元。区一般公共预算收支决算平衡。';

/**
 * A config directory: the 澜溪区 dataset without a style of its own (data/澜溪区.json), the
 * district's style file kept apart (styles/本区格式.json), and a batch config naming it.
 */
function styledBatch(jobs: unknown[], defaults?: unknown): { dir: string; config: string } {
  const dir = tmp();
  mkdirSync(join(dir, 'data'));
  mkdirSync(join(dir, 'styles'));
  const { style: _dropped, ...plain } = LANXI;
  writeFileSync(join(dir, 'data', '澜溪区.json'), JSON.stringify(plain, null, 2) + '\n');
  copyFileSync(LANXI_STYLE, join(dir, 'styles', '本区格式.json'));
  const config = join(dir, 'fiscal-report.batch.json');
  writeFileSync(config, JSON.stringify({ ...(defaults ? { defaults } : {}), jobs }, null, 2) + '\n');
  return { dir, config };
}

describe('batch config style', () => {
  it('a job with a style file builds the styled text', async () => {
    const { dir, config } = styledBatch([{ name: '澜溪区', dataset: 'data/澜溪区.json', style: 'styles/本区格式.json', out: 'output' }]);
    const r = await runBatch(config, { concurrency: 1, ...capture() });
    expect(r.code).toBe(0);
    const paragraphs = docxParagraphs(docxUnder(join(dir, 'output'))[0]!);
    expect(paragraphs).toContain(STYLED);
    expect(paragraphs).toContain('2.区本级一般公共预算收支决算情况');
    expect(paragraphs).toContain('主任、各位副主任、各位委员：');
  });

  it('the defaults level gives a style to every job without its own; a job’s own style overrides it', () => {
    const { config, dir } = styledBatch(
      [
        { name: 'a', dataset: 'data/澜溪区.json' },
        { name: 'b', dataset: 'data/澜溪区.json', style: 'styles/另一格式.json', out: 'b' },
      ],
      { style: 'styles/本区格式.json' },
    );
    const cfg = loadBatchConfig(config);
    expect(cfg.jobs.map((j) => j.style)).toEqual([join(dir, 'styles', '本区格式.json'), join(dir, 'styles', '另一格式.json')]);
    expect(cfg.jobs[0]!.stylePlace).toMatchObject({ path: 'defaults.style', line: 3 });
  });

  it('a style path is confined like the other paths of the config', () => {
    const { config } = styledBatch([{ dataset: 'data/澜溪区.json', style: '../格式.json' }, { dataset: 'data/澜溪区.json', name: 'b', style: '/etc/格式.json' }]);
    try {
      loadBatchConfig(config);
      throw new Error('expected a config error');
    } catch (e) {
      const issues = (e as { issues: { code: string; place?: { path?: string } }[] }).issues;
      expect(issues.map((i) => [i.place?.path, i.code])).toEqual([
        ['jobs[0].style', 'config-path-outside'],
        ['jobs[1].style', 'config-absolute-path'],
      ]);
    }
  });

  it('changing only the style file rebuilds the job (not skipped)', async () => {
    const { dir, config } = styledBatch([{ name: '澜溪区', dataset: 'data/澜溪区.json', style: 'styles/本区格式.json', out: 'output' }]);
    expect((await runBatch(config, { concurrency: 1, ...capture() })).summary.counts).toMatchObject({ built: 1 });
    expect((await runBatch(config, { concurrency: 1, ...capture() })).summary.counts).toMatchObject({ built: 0, unchanged: 1 });
    const styleFile = join(dir, 'styles', '本区格式.json');
    const style = JSON.parse(readFileSync(styleFile, 'utf8'));
    style.salutation = '各位主任、各位副主任、各位委员：';
    writeFileSync(styleFile, JSON.stringify(style, null, 2) + '\n');
    const r = await runBatch(config, { concurrency: 1, ...capture() });
    expect(byName(r.summary)['澜溪区']).toMatchObject({ status: 'built' });
    const paragraphs = docxParagraphs(docxUnder(join(dir, 'output'))[0]!);
    expect(paragraphs).toContain('各位主任、各位副主任、各位委员：');
    expect(paragraphs).not.toContain('主任、各位副主任、各位委员：');
  });

  it('a missing style file fails that job with its place in the config; the other jobs go on', async () => {
    const { dir, config } = styledBatch([
      { name: '有格式', dataset: 'data/澜溪区.json', style: 'styles/本区格式.json', out: 'a' },
      { name: '缺格式', dataset: 'data/澜溪区.json', style: 'styles/无此文件.json', out: 'b' },
    ]);
    const c = capture();
    const r = await runBatch(config, { concurrency: 2, ...c });
    expect(r.code).toBe(1);
    expect(r.summary.counts).toMatchObject({ built: 1, failed: 1 });
    const failed = byName(r.summary)['缺格式']!;
    const line = readFileSync(config, 'utf8').split('\n').findIndex((l) => l.includes('无此文件')) + 1;
    expect(failed.error).toMatchObject({ code: 'style-file', path: 'jobs[1].style', line });
    expect(failed.error!.file).toContain('fiscal-report.batch.json');
    expect(failed.error!.message).toBe(`无法读取格式文件“${join(dir, 'styles', '无此文件.json')}”（文件不存在）：请检查批量配置中的 style：路径相对于配置文件所在目录。`);
    expect(c.lines.join('\n')).toMatch(/失败\s+缺格式：错误［格式文件无法读取］文件 \S*fiscal-report\.batch\.json 第 \d+ 行/);
    expect(docxUnder(join(dir, 'a'))).toHaveLength(1);
  });

  it('a style file with a wrong choice fails the job, placed in the style file', async () => {
    const { dir, config } = styledBatch([{ name: '澜溪区', dataset: 'data/澜溪区.json', style: 'styles/本区格式.json' }]);
    const styleFile = join(dir, 'styles', '本区格式.json');
    writeFileSync(styleFile, readFileSync(styleFile, 'utf8').replace('"加上"', '"加起来"'));
    const r = await runBatch(config, { concurrency: 1, ...capture() });
    const error = byName(r.summary)['澜溪区']!.error!;
    expect(error.code).toMatch(/^style-schema-/);
    expect(error.file).toContain('本区格式.json');
    expect(error.line).toBe(3);
  });
});

describe('--style', () => {
  /** A style unlike the dataset's: 万元, the 其中 frame, its own salutation. */
  function otherStyle(): string {
    const file = join(tmp(), '其他格式.json');
    writeFileSync(file, JSON.stringify({ name: '其他格式', frame: '其中', salutation: '各位主任、各位委员：', amounts: { unit: '万元' } }, null, 2));
    return file;
  }

  it('build --style overrides the dataset’s style', async () => {
    const out = tmp();
    const c = capture();
    expect(await main(['build', join(DATA, 'lanxi-2024.json'), '--style', otherStyle(), '--out', out], c)).toBe(0);
    const paragraphs = docxParagraphs(docxUnder(out)[0]!);
    expect(paragraphs).toContain('各位主任、各位委员：');
    expect(paragraphs).not.toContain(STYLED);
    expect(paragraphs.join('\n')).toContain('区一般公共预算总收入894000万元，其中：当年一般公共预算收入385620万元');
  });

  it('build --style with a dataset that names no style uses the file', async () => {
    const out = tmp();
    const { style: _dropped, ...plain } = LANXI;
    const dataset = join(tmp(), '澜溪区.json');
    writeFileSync(dataset, JSON.stringify(plain, null, 2));
    expect(await main(['build', dataset, '--style', LANXI_STYLE, '--out', out], capture())).toBe(0);
    expect(docxParagraphs(docxUnder(out)[0]!)).toContain(STYLED);
  });

  it('a salutation with a digit, which validate lets be: built, the digit traced to the style\'s salutation (build refused it as a number a template typed)', async () => {
    // Found by sweeping every text of a style file: the title and opening were traced, the salutation was not.
    const file = join(tmp(), '格式.json');
    writeFileSync(file, JSON.stringify({ ...JSON.parse(readFileSync(LANXI_STYLE, 'utf8')), salutation: '各位主任、3位副主任、各位委员：' }, null, 2));
    const c = capture();
    expect(await main(['validate', join(DATA, 'laiwu-2024.json'), '--style', file], c)).toBe(0);
    const out = tmp();
    expect(await main(['build', join(DATA, 'laiwu-2024.json'), '--style', file, '--audit', '--out', out], capture())).toBe(0);
    expect(docxParagraphs(docxUnder(out)[0]!)).toContain('各位主任、3位副主任、各位委员：');
    const audit = JSON.parse(readFileSync(join(out, readdirSync(out).find((n) => n.endsWith('.audit.json'))!), 'utf8'));
    expect(audit.unsourced).toEqual([]);
    expect(audit.numbers.find((e: { text: string }) => e.text === '各位主任、3位副主任、各位委员：')).toMatchObject({ kind: 'text', source: { path: expect.stringContaining('salutation') } });
  });

  it('--style may name last year’s dataset, whose style is taken', async () => {
    const out = tmp();
    const lastYear = join(tmp(), '澜溪区2023.json');
    writeFileSync(lastYear, JSON.stringify({ ...LANXI, style: JSON.parse(readFileSync(LANXI_STYLE, 'utf8')) }, null, 2));
    const { style: _dropped, ...plain } = LANXI;
    const dataset = join(tmp(), '澜溪区.json');
    writeFileSync(dataset, JSON.stringify(plain, null, 2));
    expect(await main(['build', dataset, '--style', lastYear, '--out', out], capture())).toBe(0);
    expect(docxParagraphs(docxUnder(out)[0]!)).toContain(STYLED);
    // A dataset whose style is itself a file name points to that file.
    const c = capture();
    expect(await main(['build', dataset, '--style', join(DATA, 'lanxi-2024.json'), '--out', tmp()], c)).toBe(1);
    expect(c.lines.join('\n')).toContain('其中的格式写在另一个文件“styles/lanxi.style.json”中：请直接指定该格式文件');
  });

  it('a style in 亿元 prints the debt, reserve and stabilization-fund paragraphs in 亿元 at its places too (they printed 万元 whatever the style)', async () => {
    const file = join(tmp(), '亿元.json');
    writeFileSync(file, JSON.stringify({ amounts: { unit: '亿元', digits: 2 } }));
    const out = tmp();
    expect(await main(['build', join(DATA, 'laiwu-2024.json'), '--style', file, '--out', out], capture())).toBe(0);
    const text = docxParagraphs(docxUnder(out)[0]!).join('\n');
    // debt.limit 2053198 / 507559 / 1545639 万元; interest 55726 / 16231 / 39495 万元 (data/laiwu-2024.json).
    expect(text).toContain('2024年莱芜区政府债务限额为205.32亿元，其中：一般债务限额50.76亿元、专项债务限额154.56亿元。');
    expect(text).toMatch(/全区债务付息支出\d+\.\d{2}亿元，其中：地方政府一般债券利息支出\d+\.\d{2}亿元；地方政府专项债券利息支出\d+\.\d{2}亿元。/);
    expect(text).toMatch(/2024年安排预备费\d+(\.\d{1,2})?亿元，已安排支出\d+(\.\d{1,2})?亿元/);
    expect(text).not.toMatch(/债务[^。\n]*万元/);
  });

  // Found by npm run fuzz: full-width digits in a scope's name passed validate and then stopped the
  // build with no place; {{ in a total's words printed as typed with exit 0.
  it.each([
    [{ scopes: { level: '全角１２３４５６' } }, '全角１２３４５６', 'scopes.level', '含有数字“１”'],
    [{ totalWords: { 收入: '收入{{总计' } }, '收入{{总计', 'totalWords.收入', '含有“{{”，会原样印出'],
  ])('a digit or a brace in a style’s words (%j) is an error at its place in the style file; validate and build say the same, nothing is written', async (style, word, path, says) => {
    const file = join(tmp(), '格式.json');
    const json = JSON.stringify(style);
    writeFileSync(file, json);
    const column = json.indexOf(`"${word}"`) + 1;
    for (const args of [['validate'], ['build', '--out']]) {
      const out = tmp();
      const c = capture();
      expect(await main([args[0]!, join(DATA, 'laiwu-2024.json'), '--style', file, ...(args[1] ? [args[1], out] : [])], c)).toBe(1);
      const text = c.lines.join('\n');
      expect(text).toContain(`文件 ${file} 第 1 行第 ${column} 列：格式中的词语`);
      expect(text).toContain(says);
      expect(text).toContain(`数据路径 ${path}`);
      expect(readdirSync(out)).toEqual([]);
    }
  });

  it('a --style file that does not exist is a usage error naming it', async () => {
    const c = capture();
    expect(await main(['build', join(DATA, 'lanxi-2024.json'), '--style', join(tmp(), '无此文件.json'), '--out', tmp()], c)).toBe(2);
    expect(c.lines.join('\n')).toContain('无法读取格式文件：文件不存在');
  });

  it('--style is refused for a report kind without a style', async () => {
    const c = capture();
    expect(await main(['build', join(DATA, 'laiwu-2024-performance.json'), '--style', LANXI_STYLE, '--out', tmp()], c)).toBe(2);
    expect(c.lines.join('\n')).toContain('--style（本区格式文件）只用于决算报告数据');
  });

  it('refresh --style rebuilds the figures in the given style', async () => {
    const out = tmp();
    expect(await main(['build', join(DATA, 'lanxi-2024.json'), '--out', out], capture())).toBe(0);
    const draft = docxUnder(out)[0]!;
    const { style: _dropped, ...plain } = LANXI;
    const data = join(tmp(), '澜溪区.json');
    writeFileSync(data, JSON.stringify(plain, null, 2));
    const refreshed = async (extra: string[]) => {
      const c = capture();
      expect(await main(['refresh', draft, '--data', data, '--out', join(tmp(), 'x.docx'), '--json', ...extra], c)).toBe(0);
      return JSON.parse(c.lines.join('\n')) as { changes: unknown[]; conflicts: unknown[]; unchanged: number };
    };
    // In the draft's own style nothing changes; without it, the default style rewrites the figures.
    const same = await refreshed(['--style', LANXI_STYLE]);
    expect(same.changes).toEqual([]);
    expect(same.conflicts).toEqual([]);
    expect(same.unchanged).toBeGreaterThan(50);
    const other = await refreshed([]);
    expect(other.changes.length + other.conflicts.length).toBeGreaterThan(0);
  });

  it('validate --style checks the dataset against the given style', async () => {
    const bad = join(tmp(), '格式.json');
    writeFileSync(bad, JSON.stringify({ paragraphs: { '决算说明': '本年{{无此数字}}。' } }, null, 2));
    const c = capture();
    expect(await main(['validate', join(DATA, 'lanxi-2024.json'), '--style', bad], c)).toBe(1);
    expect(c.lines.join('\n')).toContain('错误［格式中的文字引用的数字不存在］');
    expect(await main(['validate', join(DATA, 'lanxi-2024.json'), '--style', LANXI_STYLE], capture())).toBe(0);
  });
});
