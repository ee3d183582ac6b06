import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDatasetFile } from '../src/load/dataset';
import { readWorkbook } from '../src/load/xlsx';
import { exportDataset } from '../src/workbook/export';
import { laiwuRaw } from './helpers';
import { plain } from './xlsx-helpers';

// What the workbook's 格式 sheet holds of the places adopt writes to: the template places of its
// drop-down, headings written in data; not a paragraph left out or a place beyond the list (a style
// file holds those), which export refuses by name.

async function exported(style: unknown) {
  const data = laiwuRaw();
  data.style = style;
  const dir = mkdtempSync(join(tmpdir(), 'fiscal-report-adopt-xlsx-'));
  writeFileSync(join(dir, 'x.json'), JSON.stringify(data, null, 2));
  return exportDataset(await loadDatasetFile(join(dir, 'x.json')), join(dir, 'x.json'));
}

describe('the 格式 sheet and the places of the report', () => {
  it('holds a template place’s paragraph and a heading written in data, and reads them back', async () => {
    const style = { paragraphs: { '政府债务.付息': '{{年度}}年全区共支付债务利息{{债务付息支出}}。', '政府债务.之后': [{ text: '债务风险防控', heading: 2 }, '全区债务风险总体可控。'] } };
    const result = await exported(style);
    expect(result.ok).toBe(true);
    const back = (await readWorkbook((result as { bytes: Buffer }).bytes, 'x.xlsx')).value as { style: unknown };
    expect(plain(back.style)).toEqual(style);
  });

  it('refuses, by name, a paragraph left out and a place beyond its list', async () => {
    const result = await exported({ paragraphs: { 结束语: [], '政府债务.还本.之后': '据测算……' } });
    expect(result).toMatchObject({ ok: false, reason: 'unfit' });
    const messages = (result as { issues: { message: string }[] }).issues.map((i) => i.message);
    expect(messages).toEqual([
      expect.stringContaining('“结束语”写成不写这一段（[]）（请用格式文件）'),
      expect.stringContaining('段落的位置“政府债务.还本.之后”在“格式”表的下拉列表中没有（请用格式文件）'),
    ]);
  });
});
