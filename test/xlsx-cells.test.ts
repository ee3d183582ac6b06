import { withEastAsianDateFormats } from '../src/load/xlsx';
import { TinySchema, part, patchPart, plain, readTiny, refusal, rowOf, sheetPart, tinyData, tinyWorkbook } from './xlsx-helpers';

// What real workbooks hold, one case at a time: a small workbook is built, one thing in it is
// spoilt the way Excel, WPS, LibreOffice or a person would spoil it, and it is read back.
// Budget sheet columns: A key (hidden), B 项目, C 单位, D 全区, E 区级, F 说明.

const valueAt = async (bytes: Uint8Array, pick: (v: any) => unknown) => pick((await readTiny(bytes)).value);

describe('the tiny workbook', () => {
  it('reads back as the dataset it was written from, every value placed at its cell', async () => {
    const loaded = await readTiny(await tinyWorkbook());
    expect(plain(loaded.value)).toEqual(tinyData());
    expect(TinySchema.safeParse(loaded.value).success).toBe(true);
    expect(loaded.sourceMap.locate(['budget', 'level', 'current', 'amount'])).toMatchObject({ sheet: '预算', cell: 'E6' });
    expect(loaded.sourceMap.locate(['budget', 'district', 'lines', 0, 'label'])).toMatchObject({ sheet: '预算', cell: expect.stringMatching(/^B\d+$/) });
    expect(loaded.sourceMap.locate(['items', 0, 'points', 0, 'text'])).toMatchObject({ sheet: '文字材料', cell: expect.stringMatching(/^F\d+$/) });
    expect(loaded.sourceMap.locate(['figures', '丙', 'ratio'])).toMatchObject({ sheet: '数据表', cell: expect.stringMatching(/^E\d+$/) });
    expect(loaded.issues).toBeUndefined();
  });
});

describe('numbers stored as text', () => {
  it('a number typed as text (apostrophe, text-formatted cell) is read as the number', async () => {
    const bytes = await tinyWorkbook((wb) => {
      const ws = wb.getWorksheet('预算')!;
      ws.getCell(rowOf(wb, '预算', 'budget.*.current.amount'), 4).value = '100';
      ws.getCell(rowOf(wb, '基本信息', 'meta.year'), 4);
      wb.getWorksheet('基本信息')!.getCell(rowOf(wb, '基本信息', 'meta.year'), 4).value = '2024';
    });
    const v = (await readTiny(bytes)).value as any;
    expect(v.budget.district.current.amount).toBe(100);
    expect(v.meta.year).toBe(2024);
  });

  it('a total whose inputs are text is computed from them, with a warning that Excel showed another figure', async () => {
    const bytes = await tinyWorkbook((wb) => {
      wb.getWorksheet('预算')!.getCell(rowOf(wb, '预算', 'budget.*.current.amount'), 4).value = '1,234';
    });
    const loaded = await readTiny(bytes);
    expect((loaded.value as any).budget.district.total).toBe(1434);
    expect(loaded.issues).toEqual([
      expect.objectContaining({
        code: 'xlsx-formula-stale',
        severity: 'warning',
        place: expect.objectContaining({ sheet: '预算', cell: 'D5', path: 'budget.district.total' }),
      }),
    ]);
    expect(loaded.issues![0]!.message).toContain('保存的结果为 300，按它引用的单元格计算为 1434，已按 1434 读取');
  });
});

describe('thousands separators, full-width digits, stray spaces', () => {
  it.each([
    ['1,234,567.5', 1234567.5],
    ['470 383', 470383],
    ['  470383  ', 470383],
    ['\u00a0470383\u3000', 470383],
    ['４７０３８３', 470383],
    ['４７０，３８３．５', 470383.5],
    ['－１２．５', -12.5],
    ['−12.5', -12.5],
    ['+12', 12],
    ['4.7E+05', 470000],
  ])('amount typed as %j reads as %p', async (typed, expected) => {
    const bytes = await tinyWorkbook((wb) => {
      wb.getWorksheet('预算')!.getCell(rowOf(wb, '预算', 'budget.*.current.amount'), 5).value = typed;
    });
    expect(await valueAt(bytes, (v) => v.budget.level.current.amount)).toBe(expected);
  });

  it('stray spaces around keys and text are dropped; text keeps its inner spacing', async () => {
    const bytes = await tinyWorkbook((wb) => {
      const meta = wb.getWorksheet('基本信息')!;
      const r = rowOf(wb, '基本信息', 'meta.name');
      meta.getCell(r, 1).value = '  meta.name \u3000';
      meta.getCell(r, 4).value = '  测试 区\u3000 ';
    });
    expect(await valueAt(bytes, (v) => v.meta.name)).toBe('测试 区');
  });

  it('digits grouped wrongly are not guessed at: the cell is named', async () => {
    const bytes = await tinyWorkbook((wb) => {
      wb.getWorksheet('预算')!.getCell(rowOf(wb, '预算', 'budget.*.current.amount'), 5).value = '12,34';
    });
    const [issue] = await refusal(readTiny(bytes));
    expect(issue).toMatchObject({ code: 'xlsx-not-a-number', place: { sheet: '预算', cell: 'E6', path: 'budget.level.current.amount' } });
  });
});

describe('percentages', () => {
  const rateCell = (wb: any) => wb.getWorksheet('预算')!.getCell(rowOf(wb, '预算', 'budget.*.current.completionRate'), 4);

  it('a percent-formatted cell showing 100.08% (holding 1.0008) is 100.08', async () => {
    const bytes = await tinyWorkbook((wb) => {
      const c = rateCell(wb);
      c.value = 1.0008;
      c.numFmt = '0.00%';
    });
    expect(await valueAt(bytes, (v) => v.budget.district.current.completionRate)).toBe(100.08);
  });

  it('the built-in percent format (numFmtId 10, as Excel and WPS write it) is recognised', async () => {
    const bytes = await tinyWorkbook((wb) => {
      const c = rateCell(wb);
      c.value = 0.0021;
      c.numFmt = '0.00%';
    });
    const styles = part(bytes, 'xl/styles.xml');
    expect(styles).toMatch(/numFmtId="10"/);
    expect(await valueAt(bytes, (v) => v.budget.district.current.completionRate)).toBe(0.21);
  });

  it('a rate typed as a plain number, or as text with %, is the percentage shown', async () => {
    for (const [typed, fmt] of [
      [100.08, 'General'],
      ['100.08%', '@'],
      ['１００．０８％', '@'],
      ['100.08', '@'],
    ] as const) {
      const bytes = await tinyWorkbook((wb) => {
        const c = rateCell(wb);
        c.value = typed;
        c.numFmt = fmt;
      });
      expect(await valueAt(bytes, (v) => v.budget.district.current.completionRate)).toBe(100.08);
    }
  });

  it('binary noise from the percent conversion never reaches the dataset', async () => {
    const bytes = await tinyWorkbook((wb) => {
      const c = rateCell(wb);
      c.value = 0.1 + 0.2; // 0.30000000000000004
      c.numFmt = '0.00%';
    });
    expect(await valueAt(bytes, (v) => v.budget.district.current.completionRate)).toBe(30);
  });

  it('a percent sign in an amount is refused, naming the cell', async () => {
    const bytes = await tinyWorkbook((wb) => {
      wb.getWorksheet('预算')!.getCell(rowOf(wb, '预算', 'budget.*.current.amount'), 4).value = '12%';
    });
    const [issue] = await refusal(readTiny(bytes));
    expect(issue).toMatchObject({ code: 'xlsx-not-a-number', place: { sheet: '预算', cell: 'D6' } });
    expect(issue!.message).toContain('带百分号的“12%”');
  });

  it('an amount in a percent-formatted cell (a rate column\'s format copied over) is refused, not read as the percentage shown', async () => {
    const bytes = await tinyWorkbook((wb) => {
      const c = wb.getWorksheet('预算')!.getCell(rowOf(wb, '预算', 'budget.*.current.amount'), 4);
      c.value = 470383;
      c.style = { ...c.style, numFmt: '0.00%' };
    });
    const [issue] = await refusal(readTiny(bytes));
    expect(issue).toMatchObject({ code: 'xlsx-not-a-number', place: { sheet: '预算', cell: 'D6' } });
    expect(issue!.message).toContain('百分比格式显示的“47038300%”');
  });
});

describe('merged cells', () => {
  it('a value merged across 全区 and 区级 counts for both', async () => {
    const bytes = await tinyWorkbook((wb) => {
      const ws = wb.getWorksheet('预算')!;
      const r = rowOf(wb, '预算', 'budget.*.current.amount');
      ws.getCell(r, 5).value = null;
      ws.mergeCells(r, 4, r, 5);
      ws.getCell(r, 4).value = 150;
    });
    const v = (await readTiny(bytes)).value as any;
    expect(v.budget.district.current.amount).toBe(150);
    expect(v.budget.level.current.amount).toBe(150);
  });

  it('labels merged down several rows, and narrative text merged across columns, change nothing', async () => {
    const bytes = await tinyWorkbook((wb) => {
      const ws = wb.getWorksheet('预算')!;
      const r = rowOf(wb, '预算', 'budget.*.current.amount');
      ws.getCell(r + 1, 2).value = null;
      ws.mergeCells(r, 2, r + 1, 2);
      const n = wb.getWorksheet('文字材料')!;
      const rows: number[] = [];
      n.eachRow((row, i) => row.getCell(6).value === '第二项正文' && rows.push(i));
      n.mergeCells(rows[0]!, 6, rows[0]!, 7);
    });
    expect(plain((await readTiny(bytes)).value)).toEqual(tinyData());
  });
});

describe('rows and layout a writer may change', () => {
  it('reordered rows, relabelled rows, inserted comment rows and empty trailing rows read the same', async () => {
    const bytes = await tinyWorkbook((wb) => {
      // 基本信息 (no formulas): move the year row to the top, insert a comment row in the middle.
      const meta = wb.getWorksheet('基本信息')!;
      const year = rowOf(wb, '基本信息', 'meta.year');
      const values = [1, 2, 3, 4, 5].map((c) => meta.getCell(year, c).value);
      meta.spliceRows(year, 1);
      meta.insertRow(4, values);
      meta.insertRow(6, [null, '注：以下按区政府文件填写', null, null, '（说明）']);
      // 预算: swap the two rate rows, rename the total, add a comment under the table and
      // formatted but empty rows after it.
      const ws = wb.getWorksheet('预算')!;
      const a = rowOf(wb, '预算', 'budget.*.current.completionRate');
      const b = rowOf(wb, '预算', 'budget.*.current.growth');
      for (let c = 1; c <= 6; c++) {
        const [va, vb] = [ws.getCell(a, c).value, ws.getCell(b, c).value];
        ws.getCell(a, c).value = vb;
        ws.getCell(b, c).value = va;
      }
      ws.getCell(rowOf(wb, '预算', 'budget.*.total'), 2).value = '收入总计（改过的名称）';
      const last = ws.rowCount;
      ws.getCell(last + 2, 2).value = '制表：某某';
      for (let r = last + 3; r < last + 300; r++) {
        ws.getCell(r, 4).numFmt = '0.00';
        ws.getCell(r, 2).value = ' ';
      }
    });
    const loaded = await readTiny(bytes).catch((e) => {
      throw new Error(JSON.stringify(e.issues, null, 1));
    });
    expect(plain(loaded.value)).toEqual(tinyData());
  });

  it('list items follow the rows’ order; a copied row (same key) adds an item', async () => {
    const bytes = await tinyWorkbook((wb) => {
      const ws = wb.getWorksheet('基本信息')!;
      const r = rowOf(wb, '基本信息', 'meta.tags[0]');
      ws.insertRow(r, ['meta.tags[1]', '标签', null, '丙']);
    });
    expect(await valueAt(bytes, (v) => v.meta.tags)).toEqual(['丙', '甲', '乙']);
  });

  it('narrative items are ordered by 序号, points by 分项, wherever their rows stand', async () => {
    const bytes = await tinyWorkbook((wb) => {
      const n = wb.getWorksheet('文字材料')!;
      n.insertRow(6, ['items', '事项', 3, null, '第三项引领语', '第三项正文']);
      n.insertRow(6, ['items', '事项', 1, 2, '分项二', '分项二正文']);
    });
    const items = await valueAt(bytes, (v) => v.items);
    expect(items).toEqual([
      { lead: '引领语一', text: '正文{{甲}}', points: [{ lead: '分项', text: '分项正文' }, { lead: '分项二', text: '分项二正文' }] },
      { text: '第二项正文' },
      { lead: '第三项引领语', text: '第三项正文' },
    ]);
  });

  it('rich text (part of a cell bold) reads as its plain text', async () => {
    const bytes = await tinyWorkbook((wb) => {
      const ws = wb.getWorksheet('基本信息')!;
      ws.getCell(rowOf(wb, '基本信息', 'meta.name'), 4).value = { richText: [{ text: '测试', font: { bold: true } }, { text: '区' }] };
    });
    expect(await valueAt(bytes, (v) => v.meta.name)).toBe('测试区');
  });
});

describe('dates', () => {
  it.each([
    ['a date cell', (c: any) => ((c.value = new Date(Date.UTC(2025, 7, 29))), (c.numFmt = 'yyyy"年"m"月"d"日"'))],
    ['2025年8月29日 typed as text', (c: any) => (c.value = '2025年8月29日')],
    ['2025/8/29 typed as text', (c: any) => (c.value = '2025/8/29')],
    ['a serial day number', (c: any) => ((c.value = 45898), (c.numFmt = 'General'))],
  ])('%s reads as 2025-08-29', async (_label, set) => {
    const bytes = await tinyWorkbook((wb) => {
      set(wb.getWorksheet('基本信息')!.getCell(rowOf(wb, '基本信息', 'meta.date'), 4));
    });
    expect(await valueAt(bytes, (v) => v.meta.date)).toBe('2025-08-29');
  });
});

describe('East Asian built-in date formats (numFmtId 27–36, 50–58, as Chinese Excel and WPS write them)', () => {
  // Chinese Excel turns “3/4” or “3月4日” typed into a General cell into a date with built-in
  // format 58; styles.xml names the id only. exceljs writes every format it is given as a custom
  // one, so the workbook is rewritten afterwards the way Excel saves it: the id alone.
  const asBuiltIn = (bytes: Uint8Array, code: string, id: number) =>
    patchPart(bytes, 'xl/styles.xml', (xml) => {
      const esc = code.replace(/"/g, '&quot;');
      const custom = new RegExp(`<numFmt numFmtId="(\\d+)" formatCode="${esc.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"/>`).exec(xml);
      if (!custom) throw new Error(`format ${code} not in styles.xml`);
      return xml.replace(custom[0], '').replaceAll(`numFmtId="${custom[1]}"`, `numFmtId="${id}"`);
    });

  it('a figure cell Excel turned into a date (3月4日, format 58) is refused at its cell, not read as 46085', async () => {
    let cell = '';
    const bytes = asBuiltIn(
      await tinyWorkbook((wb) => {
        const c = wb.getWorksheet('预算')!.getCell(rowOf(wb, '预算', 'budget.*.current.amount'), 4);
        cell = c.address;
        c.value = new Date(Date.UTC(2026, 2, 4));
        c.style = { ...c.style, numFmt: 'm"月"d"日"' }; // this cell's own (styles are shared)
      }),
      'm"月"d"日"',
      58,
    );
    expect(part(bytes, 'xl/styles.xml')).not.toMatch(/formatCode="m&quot;月/);
    const issues = await refusal(readTiny(bytes));
    expect(issues).toEqual([expect.objectContaining({ code: 'xlsx-not-a-number', place: expect.objectContaining({ sheet: '预算', cell }) })]);
    expect(issues[0]!.message).toContain('实为日期 2026-03-04');
  });

  it.each([
    [31, 'yyyy"年"m"月"d"日"'],
    [57, 'yyyy"年"m"月"'],
    [28, 'm"月"d"日"'],
  ])('a text field holding a date formatted with built-in %i reads as the date, not its serial number (45898)', async (id, code) => {
    const bytes = asBuiltIn(
      await tinyWorkbook((wb) => {
        const c = wb.getWorksheet('基本信息')!.getCell(rowOf(wb, '基本信息', 'meta.name'), 4);
        c.value = new Date(Date.UTC(2025, 7, 29));
        c.style = { ...c.style, numFmt: code };
      }),
      code,
      id,
    );
    expect(await valueAt(bytes, (v) => v.meta.name)).toBe('2025-08-29');
  });

  it('a workbook defining the id itself keeps its own code; one using no such id is loaded as it is', async () => {
    const own = '<styleSheet xmlns="x"><numFmts count="1"><numFmt numFmtId="31" formatCode="0.0"/></numFmts><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="31"/></cellXfs></styleSheet>';
    expect(withEastAsianDateFormats(own)).toBeNull();
    expect(withEastAsianDateFormats('<styleSheet><cellXfs><xf numFmtId="14"/><xf numFmtId="164"/></cellXfs></styleSheet>')).toBeNull();
    // A conditional format's own number format (<dxf><numFmt>) is not one for cells; quotes either way.
    expect(withEastAsianDateFormats("<styleSheet><cellXfs><xf numFmtId='58'/></cellXfs><dxfs><dxf><numFmt numFmtId=\"58\" formatCode=\"0.0\"/></dxf></dxfs></styleSheet>")).toBe(
      "<styleSheet><numFmts><numFmt numFmtId=\"58\" formatCode=\"m&quot;月&quot;d&quot;日&quot;\"/></numFmts><cellXfs><xf numFmtId='58'/></cellXfs><dxfs><dxf><numFmt numFmtId=\"58\" formatCode=\"0.0\"/></dxf></dxfs></styleSheet>",
    );
    expect(withEastAsianDateFormats('<x:styleSheet xmlns:x="x"><x:cellXfs><x:xf numFmtId="58"/></x:cellXfs></x:styleSheet>')).toBe(
      '<x:styleSheet xmlns:x="x"><x:numFmts><x:numFmt numFmtId="58" formatCode="m&quot;月&quot;d&quot;日&quot;"/></x:numFmts><x:cellXfs><x:xf numFmtId="58"/></x:cellXfs></x:styleSheet>',
    );
    expect(withEastAsianDateFormats('<styleSheet><numFmts count="1"><numFmt numFmtId="164" formatCode="0.0"/></numFmts><cellXfs><xf numFmtId="31"/></cellXfs></styleSheet>')).toBe(
      '<styleSheet><numFmts count="1"><numFmt numFmtId="31" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/><numFmt numFmtId="164" formatCode="0.0"/></numFmts><cellXfs><xf numFmtId="31"/></cellXfs></styleSheet>',
    );
  });
});

describe('formulas', () => {
  it('a cached result is used for a formula this tool cannot compute', async () => {
    const bytes = await tinyWorkbook((wb) => {
      const ws = wb.getWorksheet('预算')!;
      ws.getCell(rowOf(wb, '预算', 'budget.*.current.amount'), 5).value = { formula: 'VLOOKUP(1,Z1:Z2,1,FALSE)', result: 150 } as any;
    });
    expect(await valueAt(bytes, (v) => v.budget.level.current.amount)).toBe(150);
  });

  it('a formula never calculated (no result, as a script writes it) is computed, not read as 0', async () => {
    const bytes = await tinyWorkbook((wb) => {
      const ws = wb.getWorksheet('预算')!;
      const r = rowOf(wb, '预算', 'budget.*.total');
      ws.getCell(r, 4).value = { formula: ws.getCell(r, 4).formula } as any;
      ws.getCell(r, 5).value = { formula: `ROUND(E${r + 1}*2/2,0)+SUM(E${r + 1}:E${r + 1})-'预算'!E${r + 1}` } as any;
    });
    const loaded = await readTiny(bytes);
    expect((loaded.value as any).budget.district.total).toBe(300);
    expect((loaded.value as any).budget.level.total).toBe(150);
    expect(loaded.issues).toBeUndefined();
  });

  it('a formula never calculated that cannot be computed here is refused, naming the cell', async () => {
    const bytes = await tinyWorkbook((wb) => {
      const ws = wb.getWorksheet('预算')!;
      ws.getCell(rowOf(wb, '预算', 'budget.*.total'), 5).value = { formula: 'INDIRECT("E6")' } as any;
    });
    const issues = await refusal(readTiny(bytes));
    expect(issues).toEqual([
      expect.objectContaining({ code: 'xlsx-formula-uncalculated', place: expect.objectContaining({ sheet: '预算', cell: 'E5', path: 'budget.level.total' }) }),
    ]);
    expect(issues[0]!.message).toContain('公式 =INDIRECT("E6") 没有计算结果');
    expect(issues[0]!.message).toContain('请在 Excel、WPS 或 LibreOffice 中打开此文件并保存后再试');
  });

  it('a formula never calculated over a cell with an error value says which, the value cut short however long the file made it', async () => {
    const long = `#${'错误'.repeat(400)}`;
    const bytes = await tinyWorkbook((wb) => {
      const ws = wb.getWorksheet('预算')!;
      const r = rowOf(wb, '预算', 'budget.*.total');
      ws.getCell(r + 1, 5).value = { formula: 'VLOOKUP(1,#REF!,1)', result: { error: long } } as any;
      ws.getCell(r, 5).value = { formula: `SUM(E${r + 1}:E${r + 1})` } as any;
    });
    const issues = await refusal(readTiny(bytes));
    const uncalculated = issues.find((i) => i.code === 'xlsx-formula-uncalculated')!;
    expect(uncalculated.message).toMatch(/区域 E6:E6 中有单元格的值为错误 #错误错误.*…）/);
    for (const i of issues) expect(Array.from(i.message).length).toBeLessThan(300);
  });

  it('a formula showing an error value (#REF!) is refused, naming the cell', async () => {
    const bytes = await tinyWorkbook((wb) => {
      wb.getWorksheet('预算')!.getCell(rowOf(wb, '预算', 'budget.*.total'), 5).value = { formula: 'VLOOKUP(1,#REF!,1)', result: { error: '#REF!' } } as any;
    });
    const [issue] = await refusal(readTiny(bytes));
    expect(issue).toMatchObject({ code: 'xlsx-cell-error', place: { sheet: '预算', cell: 'E5' } });
    expect(issue!.message).toContain('#REF!');
  });

  it('shared formulas (Excel’s fill-down) and cached results without <v> are read as Excel would', async () => {
    // Rewrite the sheet the way Excel writes a filled-down total: the second column's formula is a
    // shared copy of the first, and no cached results are stored.
    const base = await tinyWorkbook();
    const name = sheetPart(base, '预算');
    const bytes = patchPart(base, name, (xml) => {
      const d5 = /<c r="D5"[^>]*><f>([^<]*)<\/f><v>[^<]*<\/v><\/c>/.exec(xml);
      const e5 = /<c r="E5"[^>]*><f>[^<]*<\/f><v>[^<]*<\/v><\/c>/.exec(xml);
      expect(d5 && e5).toBeTruthy();
      return xml
        .replace(d5![0], `<c r="D5" s="${/s="(\d+)"/.exec(d5![0])![1]}"><f t="shared" ref="D5:E5" si="0">${d5![1]}</f></c>`)
        .replace(e5![0], `<c r="E5" s="${/s="(\d+)"/.exec(e5![0])![1]}"><f t="shared" si="0"/></c>`);
    });
    const v = (await readTiny(bytes)).value as any;
    expect(v.budget.district.total).toBe(300);
    // The shared copy slides one column: E6 + SUM(E…) — not the district's figures.
    expect(v.budget.level.total).toBe(150);
  });

  it('inline strings (as some exporters write text) are read', async () => {
    const base = await tinyWorkbook();
    const name = sheetPart(base, '基本信息');
    const sst = part(base, 'xl/sharedStrings.xml');
    const strings = [...sst.matchAll(/<si><t[^>]*>([^<]*)<\/t><\/si>/g)].map((m) => m[1]);
    const bytes = patchPart(base, name, (xml) =>
      xml.replace(/<c r="D5"([^>]*) t="s"><v>(\d+)<\/v><\/c>/, (_m, attrs, i) => `<c r="D5"${attrs} t="inlineStr"><is><t>${strings[Number(i)]}（内联）</t></is></c>`),
    );
    expect(await valueAt(bytes, (v) => v.meta.name)).toBe('测试区（内联）');
  });
});

describe('the figures table', () => {
  it('operands split on 、 ， , ； and line breaks; methods by Chinese name', async () => {
    const bytes = await tinyWorkbook((wb) => {
      const ws = wb.getWorksheet('数据表')!;
      const r = rowOf(wb, '数据表', 'figures') + 3;
      ws.getCell(r, 2).value = '丁';
      ws.getCell(r, 4).value = '求和';
      ws.getCell(r, 5).value = '甲， 乙;丙';
      ws.getCell(r, 6).value = '万元';
    });
    expect(await valueAt(bytes, (v) => v.figures.丁)).toEqual({ sum: ['甲', '乙', '丙'], unit: '万元' });
  });
});
