import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { packReport } from '../src/docx/pack';
import { loadDatasetFile } from '../src/load/dataset';
import { loadLinkedReports } from '../src/load/linked';
import { readWorkbook } from '../src/load/xlsx';
import { buildReportDoc } from '../src/pipeline';
import { StyleSchema } from '../src/style/schema';
import { PARAGRAPH_KEYS } from '../src/style/resolve';
import { buildWorkbook } from '../src/workbook/build';
import { exportDataset } from '../src/workbook/export';
import { canonicalData } from '../src/workbook/fit';
import { FINAL_ACCOUNTS_WORKBOOK } from '../src/workbook/final-accounts';
import { STYLE_SHEET } from '../src/workbook/style-sheet';
import type { ValueRow } from '../src/workbook/spec';
import { DATA, defaultTemplates, docxPart, laiwuRaw, xmlParagraphs } from './helpers';
import { LIBREOFFICE } from './libreoffice';
import { describeWithLibreOfficeCalc, editWorkbook, part, plain, refusal, rowOf, schemaLeaves, sheetPart, type ExcelWorkbook } from './xlsx-helpers';

// The final-accounts workbook's side of the house style (issue 13): the 格式 sheet, the new fields
// of the dataset, and sections a district does not have, left empty.

const SPEC = FINAL_ACCOUNTS_WORKBOOK;
const json = (name: string) => join(DATA, `${name}.json`);
const xlsx = (name: string) => join(DATA, `${name}.xlsx`);
const raw = (name: string): any => JSON.parse(readFileSync(json(name), 'utf8'));
const tmp = () => mkdtempSync(join(tmpdir(), 'fiscal-report-xlsx-style-'));

/** The paragraphs of the DOCX a build from the file gives, with the files it names read beside it (as the CLI does). */
async function docxParagraphs(file: string): Promise<string[]> {
  const loaded = await loadDatasetFile(file);
  const { doc, issues } = buildReportDoc(loaded, defaultTemplates(), { linked: await loadLinkedReports(loaded, file) });
  if (!doc) throw new Error(JSON.stringify(issues, null, 1));
  return xmlParagraphs(docxPart(await packReport(doc), 'word/document.xml')).filter(Boolean);
}

/** The issues of a build (validation included) of a loaded workbook. */
async function buildIssues(file: string, bytes: Uint8Array) {
  writeFileSync(file, bytes);
  const loaded = await loadDatasetFile(file);
  return buildReportDoc(loaded, defaultTemplates(), { linked: await loadLinkedReports(loaded, file) }).issues;
}

/** The cell of a key's row in a sheet's column ("C" for the 格式 sheet's 选择). */
const cellOf = (wb: ExcelWorkbook, sheet: string, key: string, col: string) => `${col}${rowOf(wb, sheet, key)}`;

const STYLED = ['lanxi-2024', 'songyan-2024', 'luwan-2024'] as const;

describe('the four final-accounts examples as workbooks', () => {
  it.each(['laiwu-2024', ...STYLED])('data/%s.xlsx is what export writes from the JSON today (regenerate: npm run examples:xlsx)', async (name) => {
    const result = await exportDataset(await loadDatasetFile(json(name)), json(name));
    expect(result.ok).toBe(true);
    expect(Buffer.compare((result as { bytes: Buffer }).bytes, readFileSync(xlsx(name)))).toBe(0);
  });

  it.each(['laiwu-2024', ...STYLED])('%s: export → read is the identity (the dataset as the schema reads it)', async (name) => {
    const data = SPEC.schema.parse(raw(name));
    const back = await readWorkbook(await buildWorkbook(SPEC, { data: raw(name) }), 'x.xlsx');
    expect(back.issues).toBeUndefined();
    expect(plain(SPEC.schema.parse(back.value))).toEqual(plain(canonicalData(SPEC, data)));
  });

  it.each([
    ['lanxi-2024', '收入总量为'],
    ['songyan-2024', '超收'],
    ['luwan-2024', '可用财力总计'],
  ])('a workbook filled in the %s style builds the same paragraphs as the JSON (DOCX text)', async (name, mark) => {
    const [fromJson, fromWorkbook] = await Promise.all([docxParagraphs(json(name)), docxParagraphs(xlsx(name))]);
    expect(fromWorkbook).toEqual(fromJson);
    // The budget paragraphs in the district's own style are among them.
    expect(fromWorkbook.some((p) => p.includes(mark))).toBe(true);
  });

  it('澜溪区 names its style file on the 格式 sheet, and nothing else there', async () => {
    const loaded = await loadDatasetFile(xlsx('lanxi-2024'));
    expect((loaded.value as any).style).toBe('styles/lanxi.style.json');
    expect(loaded.sourceMap.locate(['style'])).toMatchObject({ sheet: '格式', cell: 'C5' });
    // The paragraphs are the style's: 加上 frame in 亿元, 区 / 区本级 under sub-headings.
    expect((await docxParagraphs(xlsx('lanxi-2024'))).some((p) => /^区一般公共预算收入\d+\.\d\d亿元，为调整预算的\d+\.\d%.*加上.*收入总量为\d+\.\d\d亿元。/.test(p))).toBe(true);
  });

  it('the 澜溪区 style chosen on the 格式 sheet (not by file name) builds the same paragraphs', async () => {
    const data = raw('lanxi-2024');
    data.style = JSON.parse(readFileSync(join(DATA, 'styles', 'lanxi.style.json'), 'utf8'));
    const bytes = await buildWorkbook(SPEC, { data });
    await editWorkbook(bytes, (wb) => {
      const ws = wb.getWorksheet('格式')!;
      expect(ws.getCell(cellOf(wb, '格式', 'style.frame', 'C')).value).toBe('加上');
      expect(ws.getCell(cellOf(wb, '格式', 'style.amounts.keepZeros', 'C')).value).toBe('是');
      expect(ws.getCell(cellOf(wb, '格式', 'style', 'C')).value).toBeNull();
    });
    const file = join(tmp(), 'lanxi-inline.xlsx');
    writeFileSync(file, bytes);
    expect((await loadDatasetFile(file)).value).toMatchObject({ style: { frame: '加上', scopes: { district: '区', level: '区本级', layout: '小标题' }, amounts: { unit: '亿元', digits: 2, keepZeros: true } } });
    expect(await docxParagraphs(file)).toEqual(await docxParagraphs(json('lanxi-2024')));
  });
});

describe('the 格式 sheet', () => {
  const rows = STYLE_SHEET.rows.filter((r): r is ValueRow => r.kind === 'value');

  it("its drop-downs are the style schema's own words, each with what it prints beside it", () => {
    type Def = { type: string; entries?: Record<string, string>; shape?: Record<string, z.ZodType>; innerType?: z.ZodType };
    const def = (s: z.ZodType) => (s as unknown as { _zod: { def: Def } })._zod.def;
    const at = (path: string): z.ZodType =>
      path.split('.').reduce<z.ZodType>((s, k) => {
        let d = def(s);
        while (d.type === 'optional') d = def(d.innerType!);
        return d.shape![k]!;
      }, StyleSchema);
    const choiceRows = rows.filter((r) => r.choices);
    expect(choiceRows.length).toBe(12);
    for (const row of choiceRows) {
      let d = def(at(row.path));
      while (d.type === 'optional') d = def(d.innerType!);
      expect([row.path, row.choices!.map((c) => c.label)]).toEqual([row.path, Object.values(d.entries!)]);
      expect(row.choices!.every((c) => c.value === c.label)).toBe(true);
      // One line of example per word, in the drop-down's order.
      expect(row.example!.split('\n').map((l) => l.slice(0, l.indexOf('：')))).toEqual(row.choices!.map((c) => c.label));
    }
    expect(rows.find((r) => r.path === 'frame')!.example).toContain('加上：全区一般公共预算收入X，完成调整预算的R%，同比增长G%。加上A a、B b，收入总量为T。');
    // 是/否 fields are drop-downs of their own type.
    expect(rows.filter((r) => r.type === 'bool').map((r) => r.path)).toEqual(['surplus', 'yearLead', 'amounts.keepZeros', 'amounts.thousands', 'rates.keepZeros', 'growth.keepZeros']);
    expect(STYLE_SHEET.tables.find((t) => t.path === 'paragraphs')!.key.choices).toEqual(PARAGRAPH_KEYS);
  });

  it('every field of the style schema has a row or a table column (each heading and total word a row of its own)', () => {
    const held = new Set<string>(['', ...rows.map((r) => r.path)]);
    for (const t of STYLE_SHEET.tables) {
      held.add(`${t.path}.x`);
      for (const f of t.fields) held.add(`${t.path}.x.${f.field}`);
      // Several rows with the same place are a list of paragraphs.
      if (t.shape === 'paragraphs') for (const f of t.fields) held.add(`${t.path}.x[]`).add(`${t.path}.x[].${f.field}`);
    }
    // A record with listed keys (headings, totalWords) is held when every key has its row.
    const keyed = (leaf: string, keys: readonly string[]) => leaf.endsWith('.x') && keys.every((k) => held.has(leaf.replace(/\.x$/, `.${k}`)));
    const { HEADING_KEYS, TOTAL_WORD_KEYS } = require('../src/style/schema') as typeof import('../src/style/schema');
    const leaves = schemaLeaves(StyleSchema);
    expect(leaves).toEqual(expect.arrayContaining(['frame', 'amounts.thousands', 'headings.x', 'totalWords.x', 'formats.x.keepZeros', 'paragraphs.x.zeroText']));
    expect(leaves.filter((l) => !held.has(l) && !keyed(l, HEADING_KEYS) && !keyed(l, TOTAL_WORD_KEYS))).toEqual([]);
  });

  it('is empty for a dataset without a style, and reads back as no style (the default); a workbook without the sheet reads the same', async () => {
    const bytes = await buildWorkbook(SPEC, { data: laiwuRaw() });
    expect((await readWorkbook(bytes, 'x.xlsx')).value).not.toHaveProperty('style');
    const older = await editWorkbook(bytes, (wb) => {
      wb.removeWorksheet(wb.getWorksheet('格式')!.id);
    });
    expect(plain((await readWorkbook(older, 'x.xlsx')).value)).toEqual(laiwuRaw());
  });

  it('a choice that is not one of the words is an error naming the sheet, the cell and the words allowed', async () => {
    const cells: Record<string, string> = {};
    const bytes = await editWorkbook(readFileSync(xlsx('luwan-2024')), (wb) => {
      const ws = wb.getWorksheet('格式')!;
      const set = (key: string, col: string, v: string | number) => {
        cells[key] = cellOf(wb, '格式', key, col);
        ws.getCell(cells[key]!).value = v;
      };
      set('style.frame', 'C', '加入');
      set('style.yearLead', 'C', '可以');
      set('style.amounts.digits', 'C', 6);
      // The paragraphs table: a place the report has not.
      const r = rowOf(wb, '格式', 'style.paragraphs');
      cells.place = `B${r}`;
      ws.getCell(cells.place).value = '一般公共预算.中间';
    });
    const issues = await refusal(readWorkbook(bytes, 'x.xlsx'));
    expect(issues.map((i) => [i.code, i.place?.sheet, i.place?.cell])).toEqual([
      ['xlsx-choice', '格式', cells['style.frame']],
      ['xlsx-choice', '格式', cells['style.yearLead']],
      ['xlsx-not-a-number', '格式', cells['style.amounts.digits']],
      ['xlsx-choice', '格式', cells.place],
    ]);
    expect(issues[0]!.message).toBe('“句式”为“加入”，无法识别：应为 “其中”、“加上”、“合计” 之一（可从下拉列表中选择）。');
    expect(issues[1]!.message).toBe('“段首写年度”为“可以”，无法识别：应为“是”或“否”（可从下拉列表中选择），或不填。');
    expect(issues[2]!.message).toBe('“金额小数位数”应为小数位数 0 至 4 的整数，实为 6。');
    expect(issues[3]!.message).toContain('“位置”为“一般公共预算.中间”，无法识别：应为 “一般公共预算.全区”、“一般公共预算.区级”、“一般公共预算.之后”');
  });

  it('a choice typed in half-width punctuation reads as the schema’s word', async () => {
    const bytes = await editWorkbook(readFileSync(xlsx('luwan-2024')), (wb) => {
      wb.getWorksheet('格式')!.getCell(cellOf(wb, '格式', 'style.growthWord', 'C')).value = ' 比上年年份增长(下同) ';
      wb.getWorksheet('格式')!.getCell(cellOf(wb, '格式', 'style.separator', 'C')).value = ',';
    });
    expect((await readWorkbook(bytes, 'x.xlsx')).value).toMatchObject({ style: { growthWord: '比上年年份增长（下同）', separator: '，' } });
  });

  it('a style file named beside choices filled in is an error at the 格式文件 cell', async () => {
    const bytes = await editWorkbook(readFileSync(xlsx('luwan-2024')), (wb) => {
      wb.getWorksheet('格式')!.getCell('C5').value = 'styles/lanxi.style.json';
    });
    const issues = await refusal(readWorkbook(bytes, 'x.xlsx'));
    expect(issues).toEqual([expect.objectContaining({ code: 'xlsx-style-file', place: expect.objectContaining({ sheet: '格式', cell: 'C5' }) })]);
    expect(issues[0]!.message).toMatch(/^已填写“格式文件”（styles\/lanxi\.style\.json），本表中其他各项（C6、C8、.*）不会被使用/);
  });

  it('paragraphs written on the sheet: a row a paragraph, rows with one place a list; an unknown {{名称}} is reported at its cell', async () => {
    const dir = tmp();
    let textCell = '';
    const bytes = await editWorkbook(readFileSync(xlsx('luwan-2024')), (wb) => {
      const ws = wb.getWorksheet('格式')!;
      const r = rowOf(wb, '格式', 'style.paragraphs');
      // The first paragraph row is 一般公共预算.之后; two spare rows follow the second.
      ws.getCell(`B${r + 2}`).value = '一般公共预算.之后';
      ws.getCell(`C${r + 2}`).value = '全区一般公共预算收入{{没有这个数}}。';
      textCell = `C${r + 2}`;
    });
    const loaded = await readWorkbook(bytes, 'x.xlsx');
    expect((loaded.value as any).style.paragraphs['一般公共预算.之后']).toEqual([raw('luwan-2024').style.paragraphs['一般公共预算.之后'], '全区一般公共预算收入{{没有这个数}}。']);
    const issues = await buildIssues(join(dir, 'luwan.xlsx'), bytes);
    expect(issues.filter((i) => i.code === 'style-unknown-figure')).toEqual([
      expect.objectContaining({ place: { file: join(dir, 'luwan.xlsx'), path: 'style.paragraphs.一般公共预算.之后[1]', sheet: '格式', cell: textCell } }),
    ]);
  });

  it('a style written in JSON in ways that print alike exports, and reads back in one way', async () => {
    const data = laiwuRaw();
    data.style = { scopes: {}, headings: {}, paragraphs: { '一般公共预算.之后': [{ text: '甲{{年度}}' }], '决算情况.之后': [], '政府债务.之后': [{ text: '乙' }, '丙'] } };
    const dir = tmp();
    writeFileSync(join(dir, 'x.json'), JSON.stringify(data, null, 2));
    const result = await exportDataset(await loadDatasetFile(join(dir, 'x.json')), join(dir, 'x.json'));
    expect(result.ok).toBe(true);
    const back = (await readWorkbook((result as { bytes: Buffer }).bytes, 'x.xlsx')).value as any;
    expect(plain(back.style)).toEqual({ paragraphs: { '一般公共预算.之后': '甲{{年度}}', '政府债务.之后': ['乙', '丙'] } });
  });

  it('export refuses a style the sheet cannot hold, by name', async () => {
    const data = laiwuRaw();
    data.style = { frame: '其它', paragraphs: { 中间: '文字' } };
    const dir = tmp();
    writeFileSync(join(dir, 'x.json'), JSON.stringify(data, null, 2));
    const result = await exportDataset(await loadDatasetFile(join(dir, 'x.json')), join(dir, 'x.json'));
    expect(result).toMatchObject({ ok: false, reason: 'unfit' });
    const messages = (result as { issues: { message: string }[] }).issues.map((i) => i.message);
    expect(messages.some((m) => m.startsWith('格式中有误（“格式.frame”') && m.includes('工作簿的“格式”表中无法填写'))).toBe(true);
  });
});

describe('sections a district does not have', () => {
  it('a section left entirely empty reads back absent, not as zeros; export writes it empty', async () => {
    const data = laiwuRaw();
    delete data.fundBudget;
    delete data.generalBudget.level;
    delete data.generalBudget.stabilizationFund;
    delete data.generalBudget.reserveFund;
    delete data.socialInsuranceBudget.level;
    delete data.debt;
    delete data.firstHalf;
    const bytes = await buildWorkbook(SPEC, { data });
    // Written empty: the fund sheet's total keeps its formula, without a result, and nothing is typed.
    const fund = part(bytes, sheetPart(bytes, '政府性基金预算'));
    expect(fund).toMatch(/<c r="D6"[^>]*><f>[^<]+<\/f><\/c>/);
    expect(fund).not.toMatch(/<c r="D7"[^>]*><v>/);
    const back = plain((await readWorkbook(bytes, 'x.xlsx')).value);
    expect(back).toEqual(data);
    expect(back).not.toHaveProperty('fundBudget');
    expect(back.generalBudget).not.toHaveProperty('level');
  });

  it('a budget of zeros stays a budget (its totals are typed, so it reads back as there)', async () => {
    const data = raw('songyan-2024');
    expect(data.stateCapitalBudget.district.income).toEqual({ total: 0, lines: [] });
    const bytes = await buildWorkbook(SPEC, { data });
    expect(part(bytes, sheetPart(bytes, '国有资本经营预算'))).toMatch(/<c r="D6"[^>]*><v>0<\/v><\/c>/);
    expect((await readWorkbook(bytes, 'x.xlsx')).value).toMatchObject({ stateCapitalBudget: { district: { income: { total: 0, lines: [] } }, level: { income: { total: 0 } } } });
  });

  it('every sheet with a part that may be left out says so', async () => {
    const bytes = await buildWorkbook(SPEC, {});
    for (const sheet of ['一般公共预算', '政府性基金预算', '国有资本经营预算', '收入项目', '社会保险基金预算', '政府债务', '收支分析', '上半年执行']) {
      await editWorkbook(bytes, (wb) => {
        const help = wb.getWorksheet(sheet)!.getCell('B4').value;
        expect([sheet, String(help).includes(sheet === '收入项目' ? '可不填' : '整部分不填即报告中不写该部分')]).toEqual([sheet, true]);
      });
    }
  });
});

describe('lines: 减项 and 含于; revenue items', () => {
  it('a deducted line reads back as deduct, and the total formula takes it off', async () => {
    const bytes = readFileSync(xlsx('luwan-2024'));
    let shown: unknown;
    await editWorkbook(bytes, (wb) => {
      const ws = wb.getWorksheet('一般公共预算')!;
      shown = ws.getCell(`F${rowOf(wb, '一般公共预算', 'generalBudget.district.income.lines[2]')}`).value;
    });
    expect(shown).toBe('是');
    const loaded = await readWorkbook(bytes, 'x.xlsx');
    const income = (loaded.value as any).generalBudget.district.income;
    expect(income.lines[2]).toMatchObject({ deduct: true });
    // The total stays a formula (no stale warning): current + added lines − the deducted one.
    expect(part(bytes, sheetPart(bytes, '一般公共预算'))).toMatch(/<c r="D6"[^>]*><f>D7\+\(SUMIFS/);
    expect(income.total).toBe(income.current.amount + income.lines.reduce((s: number, l: any) => s + (l.deduct ? -l.amount : l.amount), 0));
    expect(loaded.issues).toBeUndefined();
  });

  it('含 parts sit under their line naming it; revenue items under theirs on the 收入项目 sheet', async () => {
    const loaded = await loadDatasetFile(xlsx('songyan-2024'));
    const v = loaded.value as any;
    expect(v.generalBudget.district.income.lines[0].includes).toEqual([{ label: '一般性转移支付收入', amount: 401200 }]);
    expect(v.generalBudget.district.income.current.items[0].items.map((i: any) => i.label)).toEqual(['增值税', '企业所得税']);
    expect(loaded.sourceMap.locate(['generalBudget', 'district', 'income', 'current', 'items', 0, 'items', 1, 'budget'])).toMatchObject({ sheet: '收入项目', cell: expect.stringMatching(/^E\d+$/) });
    expect(loaded.sourceMap.locate(['generalBudget', 'district', 'income', 'lines', 0, 'includes', 0, 'amount'])).toMatchObject({ sheet: '一般公共预算', cell: expect.stringMatching(/^D\d+$/) });
  });

  it('a blank workbook filled in: the total counts added lines, takes off deducted ones, and leaves out parts', async () => {
    const bytes = await editWorkbook(await buildWorkbook(SPEC, {}), (wb) => {
      const ws = wb.getWorksheet('一般公共预算')!;
      ws.getCell(`D${rowOf(wb, '一般公共预算', 'generalBudget.*.income.current.amount')}`).value = 1000;
      const row = (i: number) => rowOf(wb, '一般公共预算', `generalBudget.district.income.lines[${i}]`);
      const line = (i: number, label: string, amount: number, deduct?: string, of?: string) => {
        ws.getCell(`B${row(i)}`).value = label;
        ws.getCell(`D${row(i)}`).value = amount;
        if (deduct) ws.getCell(`F${row(i)}`).value = deduct;
        if (of) ws.getCell(`G${row(i)}`).value = of;
      };
      line(0, '上级补助收入', 300);
      line(1, '一般性转移支付收入', 200, undefined, '上级补助收入');
      line(2, '上解支出', 50, '是');
      line(3, '调入资金', 20, '否');
    });
    const income = (await readWorkbook(bytes, 'x.xlsx')).value as any;
    expect(income.generalBudget.district.income).toEqual({
      total: 1270,
      current: { amount: 1000 },
      lines: [
        { label: '上级补助收入', amount: 300, includes: [{ label: '一般性转移支付收入', amount: 200 }] },
        { label: '上解支出', amount: 50, deduct: true },
        { label: '调入资金', amount: 20, deduct: false },
      ],
    });
  });

  it('a row naming no line above it, or a part marked 减项, is an error at its cell', async () => {
    let cells: string[] = [];
    const bytes = await editWorkbook(readFileSync(xlsx('luwan-2024')), (wb) => {
      const ws = wb.getWorksheet('一般公共预算')!;
      const r = rowOf(wb, '一般公共预算', 'generalBudget.district.income.lines[3]');
      ws.getCell(`B${r}`).value = '某项';
      ws.getCell(`D${r}`).value = 1;
      ws.getCell(`G${r}`).value = '没有这一项';
      const r2 = rowOf(wb, '一般公共预算', 'generalBudget.district.income.lines[4]');
      ws.getCell(`B${r2}`).value = '其中一部分';
      ws.getCell(`D${r2}`).value = 1;
      ws.getCell(`F${r2}`).value = '是';
      ws.getCell(`G${r2}`).value = ws.getCell(`B${rowOf(wb, '一般公共预算', 'generalBudget.district.income.lines[0]')}`).value as string;
      cells = [`G${r}`, `F${r2}`];
    });
    const issues = await refusal(readWorkbook(bytes, 'x.xlsx'));
    expect(issues.map((i) => [i.code, i.place?.sheet, i.place?.cell])).toEqual([
      ['xlsx-list-part', '一般公共预算', cells[0]],
      ['xlsx-list-part', '一般公共预算', cells[1]],
    ]);
    expect(issues[0]!.message).toContain('“含于”为“没有这一项”，但它上面没有名为“没有这一项”的一项');
    expect(issues[1]!.message).toContain('只填名称和金额，不填“减项”');
  });
});

describeWithLibreOfficeCalc('the styled workbooks opened and saved by LibreOffice', () => {
  it('read back as the same datasets (格式 drop-downs, 是/否 cells, SUMIFS totals)', async () => {
    const dir = tmp();
    const r = spawnSync(LIBREOFFICE!, ['--headless', `-env:UserInstallation=file://${dir}/profile`, '--convert-to', 'xlsx', '--outdir', join(dir, 'out'), ...STYLED.map(xlsx)], {
      encoding: 'utf8',
      timeout: 180000,
    });
    expect(r.status).toBe(0);
    for (const name of STYLED) {
      const saved = readFileSync(join(dir, 'out', `${name}.xlsx`));
      expect(Buffer.compare(saved, readFileSync(xlsx(name)))).not.toBe(0);
      const back = await readWorkbook(saved, `${name}.xlsx`);
      expect([name, plain(SPEC.schema.parse(back.value))]).toEqual([name, plain(canonicalData(SPEC, SPEC.schema.parse(raw(name))))]);
    }
  });
});
