import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { readWorkbook } from '../src/load/xlsx';
import { loadExcel } from '../src/workbook/excel';
import { laiwuRaw, ROOT } from './helpers';
import { LIBREOFFICE } from './libreoffice';
import { file, laiwuWorkbook, serve, spoilCell, type Served } from './web-helpers';

// The web page end to end in a real headless Chromium (Debian's chromium driven by playwright-core):
// what a writer does, step by step, with screenshots of the main pages in output/screenshots/.

const CHROMIUM = process.env.FISCAL_REPORT_CHROMIUM ?? '/usr/bin/chromium';
const HAVE_CHROMIUM = existsSync(CHROMIUM);
if (!HAVE_CHROMIUM) console.warn(`未找到 Chromium（${CHROMIUM}）：跳过网页端到端测试（Debian: apt-get install chromium）`);
const describeWithBrowser = HAVE_CHROMIUM ? describe : describe.skip;

const SHOTS = join(ROOT, 'output', 'screenshots');
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--lang=zh-CN'];

describeWithBrowser('the web page in a browser', () => {
  let s: Served;
  let context: BrowserContext;
  let page: Page;
  let profile: string;
  let workbook: { bytes: Buffer; source: string };

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    workbook = await laiwuWorkbook();
    console.log(`端到端测试使用的莱芜工作簿：${workbook.source}`);
    s = await serve({ soffice: LIBREOFFICE });
    profile = mkdtempSync(join(tmpdir(), 'fiscal-chromium-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: ARGS,
      viewport: { width: 1366, height: 768 },
      locale: 'zh-CN',
      // The browser's own words (the file chooser's button) in Chinese, as a writer's browser shows them.
      env: { ...process.env, LANG: 'C.UTF-8', LANGUAGE: 'zh_CN:zh' },
      acceptDownloads: true,
    });
    page = context.pages()[0] ?? (await context.newPage());
  });

  afterAll(async () => {
    await context?.close();
    await s?.app.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  const shot = (name: string, fullPage = false) => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage });

  it('downloads the blank workbook of each kind, with the district and year filled in', async () => {
    await page.goto(`${s.url}/`);
    await shot('01-home');
    for (const [kind, name, file] of [
      ['performance', '预算绩效管理工作情况报告', '莱芜区2024年预算绩效管理报告数据.xlsx'],
      ['work-plan', '工作情况及工作计划', '莱芜区2024年工作计划数据.xlsx'],
      ['final-accounts', '决算报告', '莱芜区2024年决算报告数据.xlsx'],
    ] as const) {
      await page.getByRole('radio', { name, exact: true }).check();
      const panel = page.locator(`.panel[data-kind="${kind}"]`);
      await expectVisible(panel);
      // Only the chosen kind's panel shows.
      expect(await page.locator('.panel:visible').count()).toBe(1);
      await panel.getByLabel('区名').fill('莱芜区');
      await panel.getByLabel(/年度/).fill('2024');
      // Each workbook is made in a worker thread: slow on a busy machine.
      const [download] = await Promise.all([page.waitForEvent('download', { timeout: 90000 }), panel.getByRole('button', { name: '下载空白工作簿' }).click()]);
      expect(download.suggestedFilename()).toBe(file);
      const loaded = await readWorkbook(readFileSync((await download.path())!), download.suggestedFilename());
      expect(loaded.value as { kind: string; meta: { district: string; year: number } }).toMatchObject({ kind, meta: { district: '莱芜区', year: 2024 } });
    }
  }, 300000);

  it("downloads a narrative report's workbook filled from last year's data", async () => {
    await page.goto(`${s.url}/`);
    await page.getByRole('radio', { name: '预算绩效管理工作情况报告', exact: true }).check();
    const panel = page.locator('.panel[data-kind="performance"]');
    await panel.locator('input[type="file"]').setInputFiles({ name: 'laiwu-2024-performance.json', mimeType: 'application/json', buffer: file('laiwu-2024-performance.json') });
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 90000 }), panel.getByRole('button', { name: '下载已填写的工作簿' }).click()]);
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
    const loaded = await readWorkbook(readFileSync((await download.path())!), download.suggestedFilename());
    expect(JSON.parse(JSON.stringify(loaded.value))).toEqual(JSON.parse(file('laiwu-2024-performance.json').toString('utf8')));
  });

  it("uploads the Laiwu workbook, shows the build's progress, then the result", async () => {
    await page.goto(`${s.url}/`);
    await page.setInputFiles('#dataset', { name: 'laiwu-2024.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: workbook.bytes });
    await page.setInputFiles('#attachments', { name: 'laiwu-2024-performance.json', mimeType: 'application/json', buffer: file('laiwu-2024-performance.json') });
    await page.getByRole('button', { name: '校验并生成' }).click();
    // While the build runs, the page shows its stages.
    await expectVisible(page.locator('#progress'));
    expect(await page.locator('#progress .stages li').allTextContents()).toEqual(['上传文件', '等待处理', '读取数据', '校验数据、排版报告', '生成 DOCX']);
    await shot('02-progress');
    await page.waitForURL(/\/r\/[\w-]+$/, { timeout: 90000 });
    expect(await page.locator('h1').textContent()).toContain('关于莱芜区2024年决算和2025年上半年预算执行情况的报告');
    expect(await page.locator('.status').textContent()).toContain('数据校验通过');
    await shot('03-result');
  });

  it("shows a figure's source on hover, and on keyboard focus", async () => {
    const fig = page.locator('.paper .fig', { hasText: '1165436万元' }).first();
    await fig.scrollIntoViewIfNeeded();
    await fig.hover();
    const tip = page.locator('#tooltip');
    await expectVisible(tip);
    const text = (await tip.textContent()) ?? '';
    expect(text).toMatch(/工作表“一般公共预算” 单元格 [A-Z]+\d+/);
    expect(text).toContain('一般公共预算·全区·收入·合计 = 1165436');
    await shot('04-figure-source');
    // Keyboard: Tab moves from figure to figure, each showing its own source; Escape hides it.
    await fig.focus();
    await page.keyboard.press('Tab');
    const focused = page.locator(':focus');
    expect(await focused.getAttribute('class')).toContain('fig');
    await expectVisible(tip);
    const next = (await tip.textContent()) ?? '';
    expect(next).not.toBe(text);
    expect(next).toMatch(/来源/);
    await page.keyboard.press('Escape');
    expect(await tip.isVisible()).toBe(false);
    // A computed figure names its computation.
    const rate = page.locator('.paper .fig', { hasText: '100.08%' }).first();
    await rate.focus();
    expect(await tip.textContent()).toMatch(/计算：|工作表/);
  });

  it('downloads the DOCX, whose text is the report', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: '下载 DOCX' }).click()]);
    expect(download.suggestedFilename()).toBe('关于莱芜区2024年决算和2025年上半年预算执行情况的报告.docx');
    const xml = strFromU8(unzipSync(readFileSync((await download.path())!))['word/document.xml']!);
    const text = xml.replace(/<[^>]+>/g, '');
    expect(text).toContain('关于莱芜区2024年决算和2025年上半年预算执行情况的报告');
    expect(text).toContain('全区一般公共预算总收入1165436万元');
  });

  it('opens the 数字来源表 as a workbook: each number, where it stands, its sheet and cell or its computation', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: '下载数字来源表（Excel）' }).click()]);
    expect(download.suggestedFilename()).toBe('关于莱芜区2024年决算和2025年上半年预算执行情况的报告（数字来源表）.xlsx');
    const ExcelJS = await loadExcel();
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync((await download.path())!) as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('数字来源表')!;
    expect(ws.getRow(3).values).toEqual([undefined, '序号', '所在段落', '前后文字', '数字', '类别', '来源', '数据中的数值', '来源（数据路径，供技术人员）']);
    const rows: unknown[][] = [];
    ws.eachRow((row, r) => {
      if (r > 3) rows.push((row.values as unknown[]).slice(1));
    });
    expect(rows.length).toBeGreaterThan(100);
    // In the text (it stands in the attached table too).
    const total = rows.find((r) => r[3] === '1165436万元');
    expect(total).toBeDefined();
    expect(String(total![1])).toMatch(/^第 \d+ 段（正文）$/);
    expect(String(total![2])).toContain('总收入【1165436万元】');
    expect(rows.some((r) => r[3] === '1165436' && /^第 \d+ 段（表格）第 \d+ 行$/.test(String(r[1])))).toBe(true);
    expect(String(total![5])).toMatch(/^工作表“一般公共预算” 单元格 D6 “一般公共预算·全区·收入·合计”$/);
    expect(total![6]).toBe(1165436);
    // A computed number names its computation and what it reads.
    expect(rows.some((r) => /^[^工]+：工作表“/.test(String(r[5])))).toBe(true);
  });

  it('shows the PDF being made, then downloads it', async () => {
    if (!LIBREOFFICE) return console.warn('未安装 LibreOffice：跳过 PDF 下载的进度测试');
    const link = page.getByRole('link', { name: '下载 PDF' });
    const downloading = page.waitForEvent('download', { timeout: 180000 });
    await link.click();
    const progress = page.locator('#pdf-progress');
    await expectVisible(progress);
    expect(await progress.locator('.progress-text').textContent()).toMatch(/正在用 LibreOffice 生成 PDF（已用 \d+ 秒，通常约 30 秒）/);
    await shot('05-pdf-progress');
    const download = await downloading;
    expect(download.suggestedFilename()).toBe('关于莱芜区2024年决算和2025年上半年预算执行情况的报告.pdf');
    expect(readFileSync((await download.path())!).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    await page.locator('#pdf-progress .progress-text', { hasText: 'PDF 已生成' }).waitFor({ timeout: 30000 });
  }, 240000);

  it('reads well on a large screen too', async () => {
    await page.setViewportSize({ width: 1920, height: 1080 });
    await shot('05-result-1920');
    await page.setViewportSize({ width: 1366, height: 768 });
  });

  it('uploads a broken workbook (a text in a number cell) and shows the error with its cell', async () => {
    const broken = await spoilCell(workbook.bytes, '政府债务', 'debt.limit.general', 'value', '50.76亿');
    await page.goto(`${s.url}/`);
    await page.setInputFiles('#dataset', { name: '莱芜区2024年决算报告数据.xlsx', mimeType: 'application/octet-stream', buffer: broken.bytes });
    await page.getByRole('button', { name: '校验并生成' }).click();
    await page.waitForURL(/\/r\/[\w-]+$/, { timeout: 90000 });
    const issue = page.locator('.issue-error').first();
    expect(await issue.textContent()).toContain(`工作表“政府债务” 单元格 ${broken.cell}`);
    expect(await issue.textContent()).toContain('应为数字，实为文字“50.76亿”');
    expect(await page.locator('.status').textContent()).toContain('无法成稿');
    await shot('06-broken-workbook');
  });

  it('a failed rule: a draft, its figures highlighted, the issue leading to them', async () => {
    const raw = laiwuRaw();
    raw.generalBudget.district.income.total += 1;
    await page.goto(`${s.url}/`);
    await page.setInputFiles('#dataset', { name: 'laiwu-2024.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(raw, null, 2)) });
    await page.setInputFiles('#attachments', { name: 'laiwu-2024-performance.json', mimeType: 'application/json', buffer: file('laiwu-2024-performance.json') });
    await page.getByRole('button', { name: '校验并生成' }).click();
    await page.waitForURL(/\/r\/[\w-]+$/, { timeout: 90000 });
    expect(await page.locator('.status').textContent()).toContain('已生成带批注的草稿');
    expect(await page.locator('.paper .fig-error').count()).toBeGreaterThan(0);
    await page.locator('.issue-error a.goto').first().click();
    const focused = page.locator(':focus');
    expect(await focused.getAttribute('class')).toContain('fig-error');
    expect(await page.locator('#tooltip').textContent()).toContain('错误 1');
    await shot('07-draft-highlight');
  });

  it('a file that is not a workbook gets a clear page', async () => {
    await page.goto(`${s.url}/`);
    await page.setInputFiles('#dataset', { name: '数据.xlsx', mimeType: 'text/html', buffer: Buffer.from('<html><body>导出的表格</body></html>') });
    await page.getByRole('button', { name: '校验并生成' }).click();
    await page.waitForURL(/\/r\/[\w-]+$/, { timeout: 90000 });
    expect(await page.locator('.issue-error').first().textContent()).toContain('看起来是网页或 XML 文件');
    await shot('08-not-a-workbook');
  });

  it('a file over the size limit is refused in the page before it is sent', async () => {
    const small = await serve({ limits: { maxFileBytes: 1024 } });
    try {
      await page.goto(`${small.url}/`);
      await page.setInputFiles('#dataset', { name: 'big.xlsx', mimeType: 'application/octet-stream', buffer: workbook.bytes });
      await page.getByRole('button', { name: '校验并生成' }).click();
      const alert = page.locator('#form-error');
      await expectVisible(alert);
      expect(await alert.textContent()).toContain('超过了每个文件 0 MB 的上限');
    } finally {
      await small.app.close();
    }
  });

  it('with a token: the login page, then the upload page', async () => {
    const guarded = await serve({ token: 'bureau-intranet-token' });
    try {
      await page.goto(`${guarded.url}/`);
      expect(page.url()).toContain('/login');
      await shot('09-login');
      await page.getByLabel('访问令牌').fill('bureau-intranet-token');
      await page.getByRole('button', { name: '登录' }).click();
      await page.waitForURL(`${guarded.url}/`);
      expect(await page.locator('h1').textContent()).toBe('生成财政报告');
    } finally {
      await guarded.app.close();
    }
  });
});

async function expectVisible(locator: ReturnType<Page['locator']>): Promise<void> {
  await locator.waitFor({ state: 'visible', timeout: 30000 });
}

