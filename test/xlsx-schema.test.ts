import { copyFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../src/cli';
import { loadDatasetFile } from '../src/load/dataset';
import { loadLinkedReports } from '../src/load/linked';
import { readWorkbook } from '../src/load/xlsx';
import { buildReportDoc } from '../src/pipeline';
import { validateFinalAccounts } from '../src/validate';
import { buildWorkbook } from '../src/workbook/build';
import { canonicalData } from '../src/workbook/fit';
import { FINAL_ACCOUNTS_WORKBOOK } from '../src/workbook/final-accounts';
import { placeOf } from './validate-helpers';
import { buildFromRaw, DATA, defaultTemplates, docText, LAIWU, laiwuRaw } from './helpers';
import { describeWithLibreOfficeCalc, editWorkbook, type ExcelWorkbook, part, plain, refusal, rowOf, sheetPart } from './xlsx-helpers';
import { LIBREOFFICE } from './libreoffice';
import { spawnSync } from 'node:child_process';

// The parts of the final-accounts schema that came with validation, the narrative report kinds
// and layout: each held by the workbook, read back as the JSON gives it, refused by name where the
// workbook has no place for it.

const LAIWU_XLSX = join(DATA, 'laiwu-2024.xlsx');
const tmp = () => mkdtempSync(join(tmpdir(), 'fiscal-report-xlsx-schema-'));
const capture = () => {
  const lines: string[] = [];
  return { out: { log: (s: string) => lines.push(s), error: (s: string) => lines.push(s) }, text: () => lines.join('\n') };
};
const read = async (bytes: Uint8Array) => plain((await readWorkbook(bytes, 'x.xlsx')).value);
const exported = (raw: unknown) => buildWorkbook(FINAL_ACCOUNTS_WORKBOOK, { data: raw });

/** The rows of a sheet whose hidden key is `key`, in order. */
function rowsOf(wb: ExcelWorkbook, sheet: string, key: string): number[] {
  const ws = wb.getWorksheet(sheet)!;
  const out: number[] = [];
  for (let r = 1; r <= ws.rowCount; r++) if (ws.getCell(r, 1).value === key) out.push(r);
  return out;
}

/** The row of a figure on the 数据表 sheet, by its name in column B. */
function figureRow(wb: ExcelWorkbook, name: string): number {
  const ws = wb.getWorksheet('数据表')!;
  for (let r = 1; r <= ws.rowCount; r++) if (ws.getCell(r, 2).value === name) return r;
  throw new Error(`no figure ${name}`);
}

describe('figures: a stated value together with its computation', () => {
  it('the 数据表 row holds both, and reads back as the JSON has it', async () => {
    let seen: unknown[] = [];
    await editWorkbook(readFileSync(LAIWU_XLSX), (wb) => {
      const r = figureRow(wb, '政策性减收合计');
      seen = [3, 4, 5, 6].map((c) => wb.getWorksheet('数据表')!.getCell(r, c).value);
    });
    expect(seen).toEqual([2.08, '求和', '总分机构调库减收、政策性退税调库减收', '亿元']);
    const loaded = await loadDatasetFile(LAIWU_XLSX);
    expect((loaded.value as any).figures['政策性减收合计']).toEqual({ value: 2.08, sum: ['总分机构调库减收', '政策性退税调库减收'], unit: '亿元' });
    expect((loaded.value as any).figures['上半年民生支出占比']).toEqual({ value: 81, ratio: ['上半年民生支出', '上半年一般公共预算支出'], unit: '%', digits: 0 });
  });

  it('a stated value that its computation does not give is reported at the 数值 cell', async () => {
    let row = 0;
    const bytes = await editWorkbook(readFileSync(LAIWU_XLSX), (wb) => {
      row = figureRow(wb, '政策性减收合计');
      wb.getWorksheet('数据表')!.getCell(row, 3).value = 2.18;
    });
    const loaded = await readWorkbook(bytes, 'x.xlsx');
    const { issues } = validateFinalAccounts(loaded.value, loaded.sourceMap);
    expect(issues).toEqual([expect.objectContaining({ code: 'figure-sum', place: { file: 'x.xlsx', path: 'figures.政策性减收合计.value', sheet: '数据表', cell: `C${row}`, label: '政策性减收合计' } })]);
    // Its parts are named at their cells too, so the writer can see which one may be wrong.
    expect(issues[0]!.involves).toEqual(expect.arrayContaining([expect.objectContaining({ sheet: '数据表', path: 'figures.总分机构调库减收.value' })]));
  });
});

describe('attachments: a name, or a report attached by its file name', () => {
  it('the label column says which: 附件名称 or 附件报告文件 (a drop-down)', async () => {
    let cells: unknown[][] = [];
    let validation: unknown;
    await editWorkbook(readFileSync(LAIWU_XLSX), (wb) => {
      const ws = wb.getWorksheet('基本信息')!;
      cells = [0, 1, 2].map((i) => [ws.getCell(rowOf(wb, '基本信息', `meta.attachments[${i}]`), 2).value, ws.getCell(rowOf(wb, '基本信息', `meta.attachments[${i}]`), 4).value]);
      validation = ws.getCell(rowOf(wb, '基本信息', 'meta.attachments[1]'), 2).dataValidation;
    });
    expect(cells).toEqual([
      ['附件名称', '济南市莱芜区2024年决算草案表'],
      ['附件报告文件', 'laiwu-2024-performance.json'],
      ['附件名称', null],
    ]);
    expect(validation).toMatchObject({ type: 'list', formulae: ['"附件名称,附件报告文件"'] });
    const loaded = await loadDatasetFile(LAIWU_XLSX);
    expect((loaded.value as any).meta.attachments).toEqual(['济南市莱芜区2024年决算草案表', { report: 'laiwu-2024-performance.json' }]);
    expect(loaded.sourceMap.locate(['meta', 'attachments', 1, 'report'])).toMatchObject({ sheet: '基本信息', cell: 'D23' });
  });

  it('a writer attaches a report by picking 附件报告文件 in a spare row; an empty label means a name', async () => {
    const bytes = await editWorkbook(readFileSync(LAIWU_XLSX), (wb) => {
      const ws = wb.getWorksheet('基本信息')!;
      const r = rowOf(wb, '基本信息', 'meta.attachments[2]');
      ws.getCell(r, 2).value = ' 附件报告文件 ';
      ws.getCell(r, 4).value = 'hecheng-2025-work-plan.json';
      const r3 = rowOf(wb, '基本信息', 'meta.attachments[3]');
      ws.getCell(r3, 2).value = null;
      ws.getCell(r3, 4).value = '其他材料';
    });
    expect((await read(bytes)).meta.attachments).toEqual(['济南市莱芜区2024年决算草案表', { report: 'laiwu-2024-performance.json' }, { report: 'hecheng-2025-work-plan.json' }, '其他材料']);
  });

  it('a label that names no form is refused at its cell', async () => {
    let r = 0;
    const bytes = await editWorkbook(readFileSync(LAIWU_XLSX), (wb) => {
      r = rowOf(wb, '基本信息', 'meta.attachments[1]');
      wb.getWorksheet('基本信息')!.getCell(r, 2).value = '报告';
    });
    const issues = await refusal(readWorkbook(bytes, 'x.xlsx'));
    expect(issues).toEqual([
      expect.objectContaining({
        code: 'xlsx-list-form',
        message: `第 ${r} 行“项目”列的“报告”无法识别：应为 “附件名称”、“附件报告文件” 之一（可从下拉列表中选择），它说明本行填写的是什么。`,
        place: { file: 'x.xlsx', sheet: '基本信息', cell: `B${r}`, path: 'meta.attachments[1]' },
      }),
    ]);
  });

  it('an attached file missing beside the workbook is named at its cell', async () => {
    const dir = tmp();
    const file = join(dir, 'laiwu.xlsx');
    copyFileSync(LAIWU_XLSX, file);
    const loaded = await loadDatasetFile(file);
    const r = buildReportDoc(loaded, defaultTemplates(), { linked: await loadLinkedReports(loaded, file) });
    expect(r.doc).toBeNull();
    expect(r.issues).toEqual([
      expect.objectContaining({ code: 'attachment-file', place: { file, path: 'meta.attachments[1].report', sheet: '基本信息', cell: 'D23', label: '附件报告文件' } }),
    ]);
    // An attached report may itself be a workbook; with the JSON beside it the build succeeds.
    copyFileSync(join(DATA, 'laiwu-2024-performance.json'), join(dir, 'laiwu-2024-performance.json'));
    const again = buildReportDoc(loaded, defaultTemplates(), { linked: await loadLinkedReports(loaded, file) });
    expect(again.doc).not.toBeNull();
  });

  it('export refuses a report embedded in the dataset, by name and place, and writes nothing', async () => {
    const dir = tmp();
    const raw = laiwuRaw();
    raw.meta.attachments[1] = { report: JSON.parse(readFileSync(join(DATA, 'laiwu-2024-performance.json'), 'utf8')) };
    const text = JSON.stringify(raw, null, 2);
    writeFileSync(join(dir, 'embedded.json'), text);
    const c = capture();
    expect(await main(['export', join(dir, 'embedded.json')], c.out)).toBe(1);
    const { line, column } = placeOf(text, ['meta', 'attachments', 1]);
    expect(c.text()).toContain(
      `错误［导出工作簿］文件 ${join(dir, 'embedded.json')} 第 ${line} 行第 ${column} 列：附件第 2 项直接写入了整个报告的数据（{"report": {…}}），工作簿中只能填写报告数据文件的文件名：请把这份报告的数据另存为 JSON 文件（如 laiwu-2024-performance.json），放在数据文件所在目录，把这一项改为 {"report": "文件名.json"} 后再导出。（数据路径 meta.attachments[1]）`,
    );
    expect(c.text()).toContain('有 1 处数据无法写入工作簿，未导出');
    expect(existsSync(join(dir, 'embedded.xlsx'))).toBe(false);
  });
});

describe('optional fields: year-end balance, other change of the debt balance, tax growth left out', () => {
  it('have rows, and read back as the JSON has them', async () => {
    const raw = laiwuRaw();
    raw.fundBudget.district.yearEndBalance = 1234;
    raw.stateCapitalBudget.level.yearEndBalance = 0;
    raw.debt.balance.otherChange = -5300;
    delete raw.analysis.tax.growth;
    const bytes = await exported(raw);
    expect(await read(bytes)).toEqual(raw);
    const { sourceMap } = await readWorkbook(bytes, 'x.xlsx');
    expect(sourceMap.locate(['fundBudget', 'district', 'yearEndBalance'])).toMatchObject({ sheet: '政府性基金预算', cell: expect.stringMatching(/^D\d+$/) });
    expect(sourceMap.locate(['stateCapitalBudget', 'level', 'yearEndBalance'])).toMatchObject({ sheet: '国有资本经营预算', cell: expect.stringMatching(/^E\d+$/) });
    expect(sourceMap.locate(['debt', 'balance', 'otherChange'])).toMatchObject({ sheet: '政府债务', cell: expect.stringMatching(/^D\d+$/) });
  });

  it('the year-end balance takes part in the balance rule, at its cell', async () => {
    const raw = laiwuRaw();
    raw.fundBudget.district.yearEndBalance = 1234; // 总收入 = 总支出 + 1234 no longer holds
    const loaded = await readWorkbook(await exported(raw), 'x.xlsx');
    const { issues } = validateFinalAccounts(loaded.value, loaded.sourceMap);
    const balance = issues.find((i) => i.code === 'budget-balance')!;
    expect(balance.involves).toEqual(expect.arrayContaining([expect.objectContaining({ path: 'fundBudget.district.yearEndBalance', sheet: '政府性基金预算' })]));
  });
});

describe('dataset tables (自有表格)', () => {
  const withTables = () => {
    const raw = laiwuRaw();
    raw.tables = [
      {
        title: '2024年一般公共预算收入明细表',
        unit: '万元',
        header: [[{ text: '项目', rowSpan: 2 }, { text: '金额', colSpan: 2 }], ['上年', '本年']],
        rows: [
          ['税收收入', 359213, 348061],
          ['其中：增值税', null, 120000],
          [{ text: '小计', colSpan: 2 }, 468061],
          [{ value: 7, rowSpan: 2 }, '甲', '乙'],
          ['丙', '丁'],
        ],
        widths: [3, 1, 1],
        note: '注：本表为测试数据。',
      },
      { title: '没有数据的表', header: [['甲', '乙', '丙', '丁', '戊', '己', '庚', '辛', '壬']], rows: [] },
    ];
    return raw;
  };

  it('each table a block of rows, spans as merged cells; read back value for value', async () => {
    const raw = withTables();
    const bytes = await exported(raw);
    const xml = part(bytes, sheetPart(bytes, '自有表格'));
    expect(xml).not.toContain('<sheetProtection');
    let merges: string[] = [];
    await editWorkbook(bytes, (wb) => {
      const ws = wb.getWorksheet('自有表格')!;
      const [h] = rowsOf(wb, '自有表格', 'tables[].header[]');
      const body = rowsOf(wb, '自有表格', 'tables[].rows[]');
      merges = [ws.getCell(h!, 3), ws.getCell(h!, 4), ws.getCell(body[2]!, 3), ws.getCell(body[3]!, 3)].map((c) => `${c.address}:${c.isMerged}:${String(c.value)}`);
      // The second table needs nine columns: the sheet has them (and more than the eight offered).
      expect(ws.getRow(3).getCell(11).value).toBe('第9列');
    });
    expect(merges).toEqual([expect.stringMatching(/:true:项目$/), expect.stringMatching(/:true:金额$/), expect.stringMatching(/:true:小计$/), expect.stringMatching(/:true:7$/)]);
    expect(await read(bytes)).toEqual(raw);
  });

  it('builds the same document as the JSON, figures in cells traced to the cell', async () => {
    const raw = withTables();
    const loaded = await readWorkbook(await exported(raw), 'x.xlsx');
    const fromXlsx = buildReportDoc(loaded, defaultTemplates(), { linked: await loadLinkedReports(loaded, LAIWU) });
    const fromJson = buildFromRaw(raw);
    expect(fromXlsx.doc && docText(fromXlsx.doc)).toBe(fromJson.doc && docText(fromJson.doc));
    expect(docText(fromJson.doc!)).toContain('2024年一般公共预算收入明细表');
    expect(loaded.sourceMap.locate(['tables', 0, 'rows', 0, 1])).toMatchObject({ sheet: '自有表格', cell: expect.stringMatching(/^D\d+$/) });
  });

  it('a number shown with fewer decimals than the report prints (two) reads as the sheet shows it; one shown with more, as it is', async () => {
    const edited = await editWorkbook(await exported(withTables()), (wb) => {
      const ws = wb.getWorksheet('自有表格')!;
      const body = rowsOf(wb, '自有表格', 'tables[].rows[]');
      const set = (r: number, c: number, value: number, numFmt: string) => {
        const cell = ws.getCell(body[r]!, c);
        cell.value = value;
        cell.style = { ...cell.style, numFmt };
      };
      set(0, 4, 12.3456789, '0.0');
      set(0, 5, 0.123456, '0.0%');
      set(1, 5, 2.5, '0');
      set(2, 5, -2.5, '#,##0');
      set(4, 4, 1.23456, 'General');
      set(4, 5, 1.2345, '0.000');
    });
    const back = await read(edited);
    // 1.2345 under 0.000 shows 1.235 and prints 1.23 (the value to two decimals), not 1.24 (rounded twice);
    // 0.123456 under 0.0% shows 12.3% and keeps its %.
    expect([back.tables[0].rows[0][1], back.tables[0].rows[0][2], back.tables[0].rows[1][2], back.tables[0].rows[2][1], back.tables[0].rows[4][0], back.tables[0].rows[4][1]]).toEqual([12.3, '12.3%', 3, -3, 1.23456, 1.2345]);
  });

  it('a cell written two ways comes back in one: {"text": "x"} without spans is "x"', async () => {
    const raw = withTables();
    raw.tables[0].rows[4] = ['丙', { text: ' 丁 ' }];
    raw.tables[0].rows[1][1] = '';
    const back = await read(await exported(raw));
    expect(back).toEqual(plain(canonicalData(FINAL_ACCOUNTS_WORKBOOK, raw)));
    expect(back.tables[0].rows[4]).toEqual(['丙', '丁']);
    expect(back.tables[0].rows[1][1]).toBeNull();
    // export accepts it: the workbook reads back as the dataset in that form.
    const dir = tmp();
    writeFileSync(join(dir, 'd.json'), JSON.stringify(raw));
    for (const f of ['laiwu-2024-performance.json']) copyFileSync(join(DATA, f), join(dir, f));
    expect(await main(['export', join(dir, 'd.json')], capture().out)).toBe(0);
  });

  it('a writer pastes a table into the blank block: merges, numbers, a SUM formula', async () => {
    const bytes = await editWorkbook(readFileSync(LAIWU_XLSX), (wb) => {
      const ws = wb.getWorksheet('自有表格')!;
      ws.getCell(rowsOf(wb, '自有表格', 'tables[].title')[0]!, 3).value = '债务明细表';
      const [h1, h2] = rowsOf(wb, '自有表格', 'tables[].header[]');
      ws.mergeCells(h1!, 3, h2!, 3);
      ws.getCell(h1!, 3).value = '项目';
      ws.mergeCells(h1!, 4, h1!, 5);
      ws.getCell(h1!, 4).value = '余额';
      ws.getCell(h2!, 4).value = '一般';
      ws.getCell(h2!, 5).value = '专项';
      const [b1, b2, b3] = rowsOf(wb, '自有表格', 'tables[].rows[]');
      ws.getCell(b1!, 3).value = '区本级';
      ws.getCell(b1!, 4).value = 100;
      ws.getCell(b1!, 5).value = '1,000'; // a text cell stays text
      ws.getCell(b2!, 3).value = '镇街';
      ws.getCell(b2!, 4).value = 20;
      ws.getCell(b2!, 5).value = 30;
      ws.getCell(b3!, 3).value = '合计';
      ws.getCell(b3!, 4).value = { formula: `SUM(D${b1}:D${b2})` } as never;
      ws.getCell(b3!, 5).value = null;
    });
    const loaded = await readWorkbook(bytes, 'pasted.xlsx');
    expect(plain(loaded.value).tables).toEqual([
      {
        title: '债务明细表',
        header: [[{ text: '项目', rowSpan: 2 }, { text: '余额', colSpan: 2 }], ['一般', '专项']],
        rows: [
          ['区本级', 100, '1,000'],
          ['镇街', 20, 30],
          ['合计', 120, null],
        ],
      },
    ]);
    expect(loaded.sourceMap.locate(['tables', 0, 'rows', 2, 1])).toMatchObject({ sheet: '自有表格', cell: expect.stringMatching(/^D\d+$/) });
  });

  it('a merge reaching from the header into the body, and rows before any title, are refused at their cells', async () => {
    let cell = '';
    const bytes = await editWorkbook(await exported(withTables()), (wb) => {
      const ws = wb.getWorksheet('自有表格')!;
      // The first table's spare header row (the third) merged with its first body row.
      const [, , h3] = rowsOf(wb, '自有表格', 'tables[].header[]');
      const [b1] = rowsOf(wb, '自有表格', 'tables[].rows[]');
      expect(b1).toBe(h3! + 1);
      ws.mergeCells(h3!, 4, b1!, 4);
      ws.getCell(h3!, 4).value = '跨行';
      cell = `D${h3}`;
      // The help row made a row of a table before any title.
      ws.unMergeCells('B4');
      ws.getCell(4, 1).value = 'tables[].note';
      ws.getCell(4, 3).value = '孤立的表注';
    });
    const issues = await refusal(readWorkbook(bytes, 'x.xlsx'));
    expect(issues.map((i) => [i.code, i.place?.cell])).toEqual([
      ['xlsx-table-block', 'A4'],
      ['xlsx-table-merge', cell],
    ]);
    expect(issues[1]!.message).toContain('跨出了表头');
  });

  it('export refuses a table that does not form a grid, at its place', async () => {
    const dir = tmp();
    const raw = withTables();
    raw.tables[0].rows[1] = ['其中：增值税', 120000]; // two columns where the table has three
    const text = JSON.stringify(raw, null, 2);
    writeFileSync(join(dir, 'ragged.json'), text);
    const c = capture();
    expect(await main(['export', join(dir, 'ragged.json')], c.out)).toBe(1);
    expect(c.text()).toMatch(/^错误［导出工作簿］文件 .*ragged\.json 第 \d+ 行第 \d+ 列：表格“2024年一般公共预算收入明细表”的表体第 2 行只有 2 列，其他行有 3 列.*无法排成工作簿中的单元格/m);
    expect(existsSync(join(dir, 'ragged.xlsx'))).toBe(false);
  });

  it('a workbook without the sheet (made before tables existed) reads the same', async () => {
    const bytes = await editWorkbook(readFileSync(LAIWU_XLSX), (wb) => {
      wb.removeWorksheet(wb.getWorksheet('自有表格')!.id);
    });
    expect(await read(bytes)).toEqual(laiwuRaw());
  });
});

describeWithLibreOfficeCalc('tables after a round trip through LibreOffice', () => {
  it('keep their merges and cells', async () => {
    const dir = tmp();
    const raw = laiwuRaw();
    raw.tables = [{ title: '表', header: [[{ text: '项目', rowSpan: 2 }, { text: '金额', colSpan: 2 }], ['上年', '本年']], rows: [['甲', 1, 2], [{ text: '合计', colSpan: 2 }, 3]] }];
    const file = join(dir, 'in.xlsx');
    writeFileSync(file, await exported(raw));
    const out = join(dir, 'out');
    const r = spawnSync(LIBREOFFICE!, ['--headless', `-env:UserInstallation=file://${dir}/profile`, '--convert-to', 'xlsx', '--outdir', out, file], { encoding: 'utf8', timeout: 180000 });
    expect(r.status).toBe(0);
    expect(await read(readFileSync(join(out, 'in.xlsx')))).toEqual(raw);
  });
});

it('the example workbook and the JSON agree on every part added since (a guard for npm run examples:xlsx)', async () => {
  const json = JSON.parse(readFileSync(LAIWU, 'utf8'));
  expect(await read(readFileSync(LAIWU_XLSX))).toEqual(json);
});
