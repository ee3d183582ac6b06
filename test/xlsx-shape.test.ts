import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readWorkbook } from '../src/load/xlsx';
import { DATA } from './helpers';
import { editWorkbook, refusal } from './xlsx-helpers';

// Edits to a workbook's shape that were read without a word and printed other numbers than the
// sheet shows (review, 2027): a changed 单位 cell, a copied sheet or column, a hidden sheet.

const laiwu = () => readFileSync(join(DATA, 'laiwu-2024.xlsx'));

describe('a row whose 单位 cell was changed', () => {
  it('is refused at the unit cell (亿元 over a row read in 万元 printed 0.1964 as 0.2万元)', async () => {
    const edited = await editWorkbook(laiwu(), (wb) => {
      const ws = wb.getWorksheet('一般公共预算')!;
      ws.getCell('C59').value = '亿元';
      ws.getCell('D59').value = 0.1964;
    });
    const issues = (await refusal(readWorkbook(edited, 'x.xlsx'))).filter((i) => i.code === 'xlsx-row-unit');
    expect(issues).toEqual([
      expect.objectContaining({ severity: 'error', actual: '亿元', expected: '万元', place: { file: 'x.xlsx', sheet: '一般公共预算', cell: 'C59' } }),
    ]);
    expect(issues[0]!.message).toContain('第 59 行（年末余额）的“单位”列写为“亿元”，而这一行的数按“万元”读取');
    expect(issues[0]!.fix).toBe('请把 D59 换算为以万元为单位的数值填写，并把 C59 改回“万元”');
  });

  it('is read where the cell still says the unit, in another width or emptied', async () => {
    const edited = await editWorkbook(laiwu(), (wb) => {
      const ws = wb.getWorksheet('一般公共预算')!;
      ws.getCell('C59').value = ' 万元 ';
      ws.getCell('C58').value = null;
    });
    const loaded = await readWorkbook(edited, 'x.xlsx');
    expect((loaded.value as any).generalBudget.stabilizationFund.balance).toBe(1964);
  });
});
