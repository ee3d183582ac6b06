import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readWorkbook, WorkbookErrors } from '../src/load/xlsx';
import { checkReadable } from '../src/validate/readable';
import { DATA } from './helpers';
import { editWorkbook, refusal } from './xlsx-helpers';

// Edits to a workbook's shape that were read without a word and printed other numbers than the
// sheet shows (review, 2027): a changed 单位 cell, a copied sheet or column, a hidden sheet.

const laiwu = () => readFileSync(join(DATA, 'laiwu-2024.xlsx'));

/** The error codes a build reports for a workbook: its cells' and the checks' on the rest. */
async function buildErrors(bytes: Uint8Array): Promise<string[]> {
  const e = await readWorkbook(bytes, 'x.xlsx').then(
    () => null,
    (x: unknown) => x,
  );
  if (!(e instanceof WorkbookErrors)) throw new Error('expected WorkbookErrors');
  return checkReadable(e.issues, e.partial, e.unreadable())
    .filter((i) => i.severity === 'error')
    .map((i) => i.code);
}

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
    // The row left unread is not reported again as a required figure left empty.
    expect(await buildErrors(edited)).toEqual(['xlsx-row-unit']);
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

describe('a sheet or a column copied with its hidden marks', () => {
  it('two sheets with one mark (移动或复制—建立副本, the copy placed first) are refused, naming both', async () => {
    const edited = await editWorkbook(laiwu(), (wb) => {
      const o = wb.getWorksheet('一般公共预算')!;
      const c = wb.addWorksheet('一般公共预算 (2)');
      const m = JSON.parse(JSON.stringify(o.model));
      Object.assign(m, { name: '一般公共预算 (2)', id: c.id });
      c.model = m;
      // Placed before the original, as Excel places a copy (exceljs has no typing for orderNo).
      const at = (w: unknown) => w as { orderNo: number };
      for (const w of wb.worksheets) if (at(w).orderNo >= at(o).orderNo && w !== c) at(w).orderNo += 1;
      at(c).orderNo = at(o).orderNo - 1;
      o.getCell('D59').value = 9999;
    });
    const issues = await refusal(readWorkbook(edited, 'x.xlsx'));
    const copied = issues.filter((i) => i.code === 'xlsx-duplicate-sheet');
    expect(copied).toEqual([expect.objectContaining({ severity: 'error', place: { file: 'x.xlsx', sheet: '一般公共预算', cell: 'A1' } })]);
    expect(copied[0]!.message).toContain('工作表“一般公共预算 (2)”、“一般公共预算”是同一张表');
    expect(copied[0]!.fix).toContain('请删除多余的工作表');
    expect(await buildErrors(edited)).toEqual(['xlsx-duplicate-sheet']);
  });

  it('two columns with one key (a copy of 全区 inserted to its left) are refused, naming both', async () => {
    const edited = await editWorkbook(laiwu(), (wb) => {
      const s = wb.getWorksheet('上半年执行')!;
      for (const k of Object.keys((s as any)._merges)) s.unMergeCells((s as any)._merges[k].range);
      for (let r = 1; r <= s.rowCount; r++)
        for (let c = 7; c >= 4; c--) {
          const a = s.getRow(r).getCell(c);
          const b = s.getRow(r).getCell(c + 1);
          b.value = a.value;
          b.style = JSON.parse(JSON.stringify(a.style ?? {}));
        }
      s.getCell('D3').value = '全区（原数，备查）';
      s.getCell('E6').value = 250000;
    });
    const issues = await refusal(readWorkbook(edited, 'x.xlsx'));
    const copied = issues.filter((i) => i.code === 'xlsx-duplicate-column');
    expect(copied).toEqual([expect.objectContaining({ severity: 'error', actual: 'district', place: { file: 'x.xlsx', sheet: '上半年执行', cell: 'E1' } })]);
    expect(copied[0]!.message).toContain('列标识“district”出现在 D 列（“全区（原数，备查）”）、E 列（“全区”）');
    expect(await buildErrors(edited)).toEqual(['xlsx-duplicate-column']);
  });
});

// A hidden sheet was printed without a word, where a hidden row or column is told (review, 2027).
describe('a hidden sheet', () => {
  it('is read and told once, at the first cell read, for hidden and veryHidden alike', async () => {
    const edited = await editWorkbook(laiwu(), (wb) => {
      wb.getWorksheet('国有资本经营预算')!.state = 'hidden';
      wb.getWorksheet('数据表')!.state = 'veryHidden';
    });
    const loaded = await readWorkbook(edited, 'x.xlsx');
    const told = (loaded.issues ?? []).filter((i) => i.code === 'xlsx-hidden-sheet');
    expect(told.map((i) => [i.severity, i.place?.file, i.place?.sheet, i.actual])).toEqual([
      ['warning', 'x.xlsx', '国有资本经营预算', 'hidden'],
      ['warning', 'x.xlsx', '数据表', 'veryHidden'],
    ]);
    expect(told.every((i) => /^[A-Z]+\d+$/.test(i.place?.cell ?? ''))).toBe(true);
    expect(told[0]!.message).toBe('工作表“国有资本经营预算”已隐藏，其中的数据仍会读取、写入报告：如这张表的数据不应写入报告，请删去其中的数据，而不是隐藏工作表；如应写入，请右键工作表标签，选“取消隐藏”后核对。');
    expect((loaded.value as any).stateCapitalBudget).toBeDefined();
  });
});

describe('a table of the dataset\'s own (自有表格)', () => {
  it('keeps the % of a cell the sheet shows as a percentage, and a date as its format writes it', async () => {
    const edited = await editWorkbook(laiwu(), (wb) => {
      const ws = wb.getWorksheet('自有表格')!;
      const set = (a: string, v: unknown, fmt?: string) => {
        const c = ws.getCell(a);
        c.value = v as never;
        if (fmt) {
          c.style = JSON.parse(JSON.stringify(c.style ?? {}));
          c.numFmt = fmt;
        }
      };
      set('C6', '测试表');
      set('C7', '万元');
      ['项目', '金额', '占比', '月份', '日期', '截止'].forEach((t, i) => set(`${String.fromCharCode(67 + i)}9`, t));
      set('C11', '甲');
      set('D11', 12345.6, '#,##0.0');
      set('E11', 0.153, '0.0%');
      set('F11', new Date(Date.UTC(2024, 2, 1)), 'yyyy"年"m"月"');
      set('G11', new Date(Date.UTC(2024, 2, 4)), 'm"月"d"日"');
      set('H11', new Date(Date.UTC(2024, 11, 31)), 'yyyy-mm-dd');
    });
    const loaded = await readWorkbook(edited, 'x.xlsx');
    const table = (loaded.value as any).tables.find((t: any) => t.title === '测试表');
    expect(table.rows[0]).toEqual(['甲', 12345.6, '15.3%', '2024年3月', '3月4日', '2024-12-31']);
  });
});
