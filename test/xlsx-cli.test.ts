import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { unzipSync } from 'fflate';
import { join } from 'node:path';
import { main } from '../src/cli';
import { readWorkbook } from '../src/load/xlsx';
import { LAIWU, laiwuRaw, ROOT } from './helpers';
import { patchPart, sheetPart } from './xlsx-helpers';

function capture() {
  const lines: string[] = [];
  return { out: { log: (s: string) => lines.push(s), error: (s: string) => lines.push(s) }, lines, text: () => lines.join('\n') };
}
const tmp = () => mkdtempSync(join(tmpdir(), 'fiscal-report-xlsx-'));
const REPORT = '关于莱芜区2024年决算和2025年上半年预算执行情况的报告.docx';

describe('fiscal-report init', () => {
  it('writes a blank workbook with the district and year filled in', async () => {
    const dir = tmp();
    const file = join(dir, '莱芜区.xlsx');
    const c = capture();
    expect(await main(['init', 'final-accounts', '--district', '莱芜区', '--year', '2024', '--out', file], c.out)).toBe(0);
    expect(c.text()).toContain(`已生成空白工作簿：${file}`);
    const loaded = await readWorkbook(readFileSync(file), file);
    expect(loaded.value).toMatchObject({ kind: 'final-accounts', meta: { district: '莱芜区', year: 2024 } });
  });

  it('names the file after the district and year by default, and never overwrites a workbook', async () => {
    const dir = tmp();
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      const c = capture();
      expect(await main(['init', '决算报告', '--district', '历城区', '--year', '2025'], c.out)).toBe(0);
      expect(readdirSync(dir)).toEqual(['历城区2025年决算报告数据.xlsx']);
      const file = join(dir, '历城区2025年决算报告数据.xlsx');
      writeFileSync(file, 'filled in by a writer');
      expect(await main(['init', 'final-accounts', '--district', '历城区', '--year', '2025'], c.out)).toBe(2);
      expect(c.text()).toContain('已存在，未写出：为免覆盖已填写的工作簿');
      expect(readFileSync(file, 'utf8')).toBe('filled in by a writer');
      expect(await main(['init', 'final-accounts', '--district', '历城区', '--year', '2025', '--overwrite'], c.out)).toBe(0);
      expect(readFileSync(file).subarray(0, 2).toString()).toBe('PK');
    } finally {
      process.chdir(cwd);
    }
  });

  it('usage errors: unknown kind, bad year, missing kind', async () => {
    const c = capture();
    expect(await main(['init', 'budget'], c.out)).toBe(2);
    expect(await main(['init', 'final-accounts', '--year', '24', '--out', join(tmp(), 'x.xlsx')], c.out)).toBe(2);
    expect(await main(['init'], c.out)).toBe(2);
    expect(c.text()).toContain('未知的报告类型“budget”，可用：final-accounts（决算报告）');
    expect(c.text()).toContain('--year 应为四位年份');
  });
});

describe('fiscal-report export', () => {
  it('writes the filled workbook (the same bytes as the shipped example)', async () => {
    const file = join(tmp(), 'laiwu.xlsx');
    const c = capture();
    expect(await main(['export', LAIWU, '--out', file], c.out)).toBe(0);
    expect(c.text()).toContain(`已导出工作簿：${file}`);
    expect(Buffer.compare(readFileSync(file), readFileSync(join(ROOT, 'data', 'laiwu-2024.xlsx')))).toBe(0);
  });

  it('refuses a dataset that fails the schema, with the JSON place, and writes nothing', async () => {
    const dir = tmp();
    const raw = laiwuRaw();
    raw.debt.limit.total = '2,053,198';
    writeFileSync(join(dir, 'bad.json'), JSON.stringify(raw, null, 2));
    const c = capture();
    expect(await main(['export', join(dir, 'bad.json')], c.out)).toBe(1);
    expect(c.text()).toMatch(/错误［缺少或类型不对的数据］文件 .*bad\.json 第 \d+ 行第 \d+ 列：.*（数据路径 debt\.limit\.total）/);
    expect(existsSync(join(dir, 'bad.xlsx'))).toBe(false);
  });
});

describe('fiscal-report build with a workbook', () => {
  it('builds the same report as from the JSON', async () => {
    const dir = tmp();
    const c = capture();
    expect(await main(['build', join(ROOT, 'data', 'laiwu-2024.xlsx'), '--out', join(dir, 'x')], c.out)).toBe(0);
    expect(await main(['build', LAIWU, '--out', join(dir, 'j')], c.out)).toBe(0);
    // Every part alike (docProps/core.xml carries the build time, so whole files are not compared).
    const x = unzipSync(readFileSync(join(dir, 'x', REPORT)));
    const j = unzipSync(readFileSync(join(dir, 'j', REPORT)));
    expect(Object.keys(x).sort()).toEqual(Object.keys(j).sort());
    for (const name of Object.keys(j).filter((n) => n !== 'docProps/core.xml')) expect([name, Buffer.from(x[name]!).equals(Buffer.from(j[name]!))]).toEqual([name, true]);
  });

  it('a cell error stops the build with the sheet, the cell and the fix; nothing is written', async () => {
    const dir = tmp();
    const bytes = readFileSync(join(ROOT, 'data', 'laiwu-2024.xlsx'));
    const file = join(dir, 'bad.xlsx');
    writeFileSync(file, patchPart(bytes, sheetPart(bytes, '政府债务'), (xml) => xml.replace(/<c r="D(\d+)"([^>]*)><v>507559<\/v><\/c>/, '<c r="D$1"$2 t="inlineStr"><is><t>50.76亿</t></is></c>')));
    const c = capture();
    expect(await main(['build', file, '--out', join(dir, 'out')], c.out)).toBe(1);
    expect(c.text()).toMatch(
      /^错误［单元格应填数字］文件 .*bad\.xlsx 工作表“政府债务” 单元格 D\d+“债务限额·一般债务限额”：“债务限额·一般债务限额”应为数字，实为文字“50\.76亿”：请只填数值（单位：万元），不带单位、文字或空格。（数据路径 debt\.limit\.general）$/m,
    );
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });

  it('a file that is not a workbook is refused by name (exit 1)', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'data.xlsx'), JSON.stringify(laiwuRaw()));
    const c = capture();
    expect(await main(['build', join(dir, 'data.xlsx'), '--out', join(dir, 'out')], c.out)).toBe(1);
    expect(c.text()).toMatch(/^错误［数据工作簿：单元格、工作表和文件］文件 .*data\.xlsx：文件内容不是 Excel 工作簿（\.xlsx）。看起来是 JSON 数据文件：请把扩展名改为 \.json。$/);
  });
});
