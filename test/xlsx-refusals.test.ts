import * as CFB from 'cfb';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { readWorkbook } from '../src/load/xlsx';
import { formatIssue } from '../src/model/issue';
import { damagePart, readTiny, refusal, rowOf, tinyWorkbook } from './xlsx-helpers';

// What cannot be read is refused with a Chinese message that names the file, the cell where there
// is one, and the fix.

describe('files that are not a readable workbook', () => {
  const refuse = async (bytes: Uint8Array, file = 'x.xlsx') => {
    const issues = await refusal(readTiny(bytes, file));
    expect(issues).toHaveLength(1);
    expect(issues[0]!.place).toEqual({ file });
    return issues[0]!;
  };

  it('random bytes', async () => {
    const issue = await refuse(Buffer.from([0x13, 0x37, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9]));
    expect(issue.code).toBe('xlsx-not-workbook');
    expect(issue.message).toContain('文件内容不是 Excel 工作簿（.xlsx）');
  });

  it('a JSON dataset given the wrong extension', async () => {
    const issue = await refuse(Buffer.from('{\n  "kind": "final-accounts"\n}'));
    expect(issue.message).toContain('看起来是 JSON 数据文件：请把扩展名改为 .json');
  });

  it('an empty file', async () => {
    expect((await refuse(Buffer.alloc(0))).code).toBe('xlsx-empty');
  });

  it('an old .xls workbook (OLE compound file with a Workbook stream)', async () => {
    const cfb = CFB.utils.cfb_new();
    CFB.utils.cfb_add(cfb, '/Workbook', Buffer.alloc(4096, 1));
    const issue = await refuse(CFB.write(cfb, { type: 'buffer' }) as Buffer, 'old.xls');
    expect(issue.code).toBe('xlsx-legacy-xls');
    expect(issue.message).toBe('这是旧版 Excel 97-2003 工作簿（.xls），不是 .xlsx：请在 Excel 或 WPS 中打开，“另存为”Excel 工作簿（*.xlsx）后再试。');
  });

  it('a password-encrypted workbook (OLE file holding EncryptionInfo and EncryptedPackage)', async () => {
    const cfb = CFB.utils.cfb_new();
    CFB.utils.cfb_add(cfb, '/EncryptionInfo', Buffer.from([4, 0, 4, 0, 0x40, 0, 0, 0]));
    CFB.utils.cfb_add(cfb, '/EncryptedPackage', Buffer.alloc(8192, 7));
    const issue = await refuse(CFB.write(cfb, { type: 'buffer' }) as Buffer);
    expect(issue.code).toBe('xlsx-encrypted');
    expect(issue.message).toContain('工作簿设置了打开密码（已加密），无法读取');
    expect(issue.message).toContain('清空密码');
  });

  it('a Word document, an OpenDocument spreadsheet, a damaged zip', async () => {
    const docx = zipSync({ '[Content_Types].xml': strToU8('<Types/>'), 'word/document.xml': strToU8('<w:document/>') });
    expect((await refuse(docx)).message).toContain('这是 Word 文档（.docx）');
    const ods = zipSync({ mimetype: strToU8('application/vnd.oasis.opendocument.spreadsheet'), 'content.xml': strToU8('<x/>') });
    expect((await refuse(ods, 'x.ods')).code).toBe('xlsx-ods');
    const good = await tinyWorkbook();
    expect((await refuse(good.subarray(0, 2000))).code).toBe('xlsx-corrupt');
  });

  it('a part whose bytes changed in a copy (it still unpacks, to "��" in a cell): its CRC-32 tells, the part is named', async () => {
    // Found by the fuzzer: bytes changed inside xl/sharedStrings.xml unpacked to U+FFFD, printed in the report with exit 0.
    const good = await tinyWorkbook();
    const strings = await refuse(damagePart(good, 'xl/sharedStrings.xml', (xml) => xml.replace('</t>', '\uFFFD</t>')));
    expect(strings.code).toBe('xlsx-corrupt');
    expect(strings.message).toContain('工作簿中的单元格文字表（xl/sharedStrings.xml）已损坏（其内容与压缩包记录的校验值不符');
    const sheet = Object.keys(unzipSync(good)).find((n) => /^xl\/worksheets\/sheet\d+\.xml$/.test(n))!;
    const issues = await refusal(readTiny(damagePart(good, sheet, (xml) => xml.replace('<v>', '<v>9'))));
    expect(issues[0]!.message).toMatch(/^工作簿中的工作表“[^”]+”已损坏（其内容与压缩包记录的校验值不符/);
    expect(issues[0]!.place).toEqual({ file: 'tiny.xlsx', sheet: expect.any(String) });
  });

  it('a workbook not made by fiscal-report (no 报告类型)', async () => {
    const bytes = await tinyWorkbook((wb) => {
      for (const ws of [...wb.worksheets]) wb.removeWorksheet(ws.id);
      wb.addWorksheet('Sheet1').getCell('A1').value = '收入';
    });
    const issue = await refuse(bytes);
    expect(issue.code).toBe('xlsx-no-kind');
    expect(issue.message).toContain('请用 fiscal-report init 生成空白工作簿后填写');
  });
});

describe('workbooks with a sheet, column, row or key missing', () => {
  it('a deleted sheet is named, with the sheets that are there', async () => {
    const bytes = await tinyWorkbook((wb) => wb.removeWorksheet(wb.getWorksheet('预算')!.id));
    const issues = await refusal(readTiny(bytes));
    expect(issues).toEqual([
      {
        code: 'xlsx-missing-sheet',
        severity: 'error',
        message: '工作簿中缺少工作表“预算”：请不要删除或重命名工作表（现有工作表：“基本信息”、“文字材料”、“数据表”）。可用 fiscal-report init 生成空白工作簿，把该表整张复制过来。',
        place: { file: 'tiny.xlsx', sheet: '预算' },
      },
    ]);
  });

  it('a renamed sheet is still found by its hidden mark', async () => {
    const bytes = await tinyWorkbook((wb) => {
      wb.getWorksheet('预算')!.name = '预算（改名）';
    });
    expect(((await readTiny(bytes)).value as any).budget.district.total).toBe(300);
  });

  it('a deleted required row: the key, the label and the fix', async () => {
    const bytes = await tinyWorkbook((wb) => {
      wb.getWorksheet('基本信息')!.spliceRows(rowOf(wb, '基本信息', 'meta.name'), 1);
    });
    const issues = await refusal(readTiny(bytes));
    expect(issues).toEqual([
      expect.objectContaining({
        code: 'xlsx-missing-key',
        place: { file: 'tiny.xlsx', sheet: '基本信息', path: 'meta.name' },
        message: '工作表“基本信息”中缺少“区名”一行（隐藏的 A 列中键为 meta.name 的行）：该行可能被删除，或键被改动。请从 fiscal-report init 生成的空白工作簿中复制这一行（整行，连同隐藏的 A 列）粘贴回来，再填写数值。',
      }),
    ]);
  });

  it('an optional row may be deleted', async () => {
    const bytes = await tinyWorkbook((wb) => {
      const ws = wb.getWorksheet('预算')!;
      ws.getRow(rowOf(wb, '预算', 'budget.*.current.growth')).getCell(1).value = '#deleted';
      ws.getRow(rowOf(wb, '预算', '#deleted')).values = [];
    });
    const v = (await readTiny(bytes)).value as any;
    expect(v.budget.district.current.growth).toBeUndefined();
    expect(v.budget.district.current.amount).toBe(100);
  });

  it('a key typed over is refused at its cell', async () => {
    const bytes = await tinyWorkbook((wb) => {
      wb.getWorksheet('预算')!.getCell(rowOf(wb, '预算', 'budget.note'), 1).value = 'budget.notes';
    });
    const issues = await refusal(readTiny(bytes));
    const unknown = issues.find((i) => i.code === 'xlsx-unknown-key')!;
    expect(unknown.place).toEqual({ file: 'tiny.xlsx', sheet: '预算', cell: expect.stringMatching(/^A\d+$/) });
    expect(unknown.message).toMatch(/^第 \d+ 行隐藏的 A 列中的键“budget\.notes”无法识别，此行不会被读取：请恢复原来的键/);
  });

  it('a row copied with its key is refused as a duplicate, naming both rows', async () => {
    const bytes = await tinyWorkbook((wb) => {
      const ws = wb.getWorksheet('预算')!;
      const r = rowOf(wb, '预算', 'budget.*.current.amount');
      ws.getCell(ws.rowCount + 1, 1).value = 'budget.*.current.amount';
      void r;
    });
    const [issue] = await refusal(readTiny(bytes));
    expect(issue).toMatchObject({ code: 'xlsx-duplicate-key', place: { sheet: '预算' } });
    expect(issue!.message).toMatch(/^键“budget\.\*\.current\.amount”出现了两次（第 6 行和第 \d+ 行），无法确定用哪一行：请删除多余的一行。$/);
  });

  it('figures typed in a row without a key are not dropped silently', async () => {
    const bytes = await tinyWorkbook((wb) => {
      const ws = wb.getWorksheet('预算')!;
      ws.insertRow(ws.rowCount + 1, [null, '新增的一项', '万元', 50]);
    });
    const [issue] = await refusal(readTiny(bytes));
    expect(issue!.code).toBe('xlsx-row-without-key');
    expect(issue!.place).toMatchObject({ sheet: '预算', cell: expect.stringMatching(/^A\d+$/) });
    expect(issue!.message).toMatch(/^第 \d+ 行没有键（隐藏的 A 列为空），其中 D\d+ 填写的内容不会被读取：要增加一项，请撤销工作表保护（无密码），复制已有的一行/);
  });

  it('a figure typed in a column its row does not use (a grey cell) is not dropped silently', async () => {
    const bytes = await tinyWorkbook((wb) => {
      const ws = wb.getWorksheet('预算')!;
      ws.getCell(rowOf(wb, '预算', 'budget.district.lines[0]'), 5).value = 80;
    });
    const [issue] = await refusal(readTiny(bytes));
    expect(issue).toMatchObject({ code: 'xlsx-cell-unused', place: { sheet: '预算', cell: expect.stringMatching(/^E\d+$/) } });
    expect(issue!.message).toMatch(/^第 \d+ 行（构成（district））不使用“区级”列，E\d+ 中填写的内容不会被读取：请把它填到本行的“项目”、“全区”列，或移到对应的行。$/);
  });

  it('the hidden column marks deleted', async () => {
    const bytes = await tinyWorkbook((wb) => {
      wb.getWorksheet('预算')!.getCell('E1').value = null;
    });
    const [issue] = await refusal(readTiny(bytes));
    expect(issue).toMatchObject({ code: 'xlsx-missing-column', place: { sheet: '预算', cell: 'A1' } });
    expect(issue!.message).toContain('缺少列标识 “level”（表头为“区级”的列）');
  });

  it('the 报告类型 cell changed', async () => {
    const bytes = await tinyWorkbook((wb) => {
      wb.getWorksheet('基本信息')!.getCell(rowOf(wb, '基本信息', 'kind'), 4).value = '预算报告';
    });
    const [issue] = await refusal(readTiny(bytes));
    expect(issue).toMatchObject({ code: 'xlsx-kind', place: { sheet: '基本信息', cell: 'D4', path: 'kind' } });
    expect(issue!.message).toBe('报告类型无法识别（实为“预算报告”），应为 “测试报告” 之一：请勿修改“报告类型”一行。');
  });
});

describe('cells that cannot be what their row says', () => {
  it('text where a number must be: sheet, cell, path, the text, the unit and the fix', async () => {
    const bytes = await tinyWorkbook((wb) => {
      const ws = wb.getWorksheet('预算')!;
      ws.getCell(rowOf(wb, '预算', 'budget.*.current.amount'), 5).value = '约1.5亿';
      ws.getCell(rowOf(wb, '预算', 'budget.*.current.completionRate'), 4).value = '完成';
    });
    const issues = await refusal(readTiny(bytes));
    const errors = issues.filter((i) => i.severity === 'error');
    expect(errors.map(formatIssue)).toEqual([
      '错误［单元格应填数字］文件 tiny.xlsx 工作表“预算” 单元格 E6“收入·当年收入·区级”：“收入·当年收入·区级”应为数字，实为文字“约1.5亿”：请只填数值（单位：万元），不带单位、文字或空格。（数据路径 budget.level.current.amount）',
      '错误［单元格应填数字］文件 tiny.xlsx 工作表“预算” 单元格 D7“收入·完成率·全区”：“收入·完成率·全区”应为数字，实为文字“完成”：请只填数值（单位：%），不带单位、文字或空格；百分比可填 100.08% 或 100.08。（数据路径 budget.district.current.completionRate）',
    ]);
  });

  // "1e400" typed as text read as Infinity and was refused as "应为数字，实为数字 Infinity" (review, 2027).
  it('a number typed as text past what a number can hold (1e400): the text, the range and the fix', async () => {
    const bytes = await tinyWorkbook((wb) => {
      const ws = wb.getWorksheet('预算')!;
      ws.getCell(rowOf(wb, '预算', 'budget.*.current.amount'), 5).value = '1e400';
      ws.getCell(rowOf(wb, '预算', 'budget.*.current.amount'), 4).value = '-1E+999';
    });
    const all = await refusal(readTiny(bytes));
    expect(all.some((i) => /Infinity/.test(i.message))).toBe(false);
    // (The totals' formulas over them show #NUM!, said at their own cells.)
    const errors = all.filter((i) => i.code === 'xlsx-number-range');
    expect(errors.map((i) => [i.code, i.place?.cell, i.actual])).toEqual([
      ['xlsx-number-range', 'D6', '-1E+999'],
      ['xlsx-number-range', 'E6', '1e400'],
    ]);
    expect(formatIssue(errors[1]!)).toBe(
      '错误［单元格中的数超出可以计算的范围］文件 tiny.xlsx 工作表“预算” 单元格 E6“收入·当年收入·区级”：“收入·当年收入·区级”填写的“1e400”超出了可以计算的数值范围（绝对值最大约 1.8×10^308，Excel 中最大 9.99E+307）：请填写实际的数值（单位：万元）；如是科学记数法写错了指数（如 1e400），请改正。（数据路径 budget.level.current.amount）',
    );
  });

  it('a date where a number must be (Excel turned 3-5 into a date)', async () => {
    const bytes = await tinyWorkbook((wb) => {
      const c = wb.getWorksheet('预算')!.getCell(rowOf(wb, '预算', 'budget.*.current.amount'), 4);
      c.value = new Date(Date.UTC(2025, 2, 5));
      c.numFmt = 'm-d';
    });
    const [issue] = await refusal(readTiny(bytes));
    expect(issue).toMatchObject({ code: 'xlsx-not-a-number', place: { sheet: '预算', cell: 'D6' } });
    expect(issue!.message).toContain('实为日期 2025-03-05');
  });

  it('narrative text without 序号, and two items with the same 序号', async () => {
    const bytes = await tinyWorkbook((wb) => {
      const n = wb.getWorksheet('文字材料')!;
      n.insertRow(n.rowCount + 1, ['items', '事项', null, null, '没有序号的一项', '正文']);
      n.insertRow(n.rowCount + 1, ['items', '事项', 1, null, '又一个第一项', '正文']);
    });
    const issues = await refusal(readTiny(bytes));
    expect(issues.map((i) => [i.code, i.place?.sheet, i.place?.cell?.[0]])).toEqual([
      ['xlsx-narrative-order', '文字材料', 'C'],
      ['xlsx-narrative-order', '文字材料', 'C'],
    ]);
    expect(issues[0]!.message).toMatch(/^“事项”第 \d+ 行没有填写“序号”/);
    expect(issues[1]!.message).toMatch(/^“事项”第 \d+ 行的序号 1 与第 \d+ 行重复/);
  });

  it('a figure row without a name, a repeated name, an unknown method', async () => {
    const bytes = await tinyWorkbook((wb) => {
      const ws = wb.getWorksheet('数据表')!;
      const r = rowOf(wb, '数据表', 'figures') + 3;
      ws.getCell(r, 3).value = 12;
      ws.getCell(r + 1, 2).value = '甲';
      ws.getCell(r + 1, 3).value = 1;
      ws.getCell(r + 2, 2).value = '戊';
      ws.getCell(r + 2, 4).value = '平均';
    });
    const issues = await refusal(readTiny(bytes));
    expect(issues.map((i) => i.code)).toEqual(['xlsx-figure-name', 'xlsx-figure-duplicate', 'xlsx-figure-method']);
    expect(issues[1]!.message).toMatch(/^数据表中的名称“甲”出现了两次（第 \d+ 行和第 \d+ 行）：名称必须唯一/);
    expect(issues[2]!.message).toContain('计算方式“平均”无法识别：应为 引用、求和、差额、比率、增长率 之一');
    expect(issues.every((i) => i.place?.sheet === '数据表' && /^[A-Z]\d+$/.test(i.place.cell ?? ''))).toBe(true);
  });

  it('every problem in the workbook is reported at once', async () => {
    const bytes = await tinyWorkbook((wb) => {
      wb.getWorksheet('基本信息')!.getCell(rowOf(wb, '基本信息', 'meta.year'), 4).value = '二〇二四';
      wb.getWorksheet('预算')!.getCell(rowOf(wb, '预算', 'budget.*.current.amount'), 5).value = 'n/a';
    });
    expect((await refusal(readTiny(bytes))).filter((i) => i.severity === 'error')).toHaveLength(2);
  });
});

it('the real reader picks the kind from the workbook (no kinds list given)', async () => {
  const bytes = await tinyWorkbook();
  const issues = await refusal(readWorkbook(bytes, 'tiny.xlsx'));
  expect(issues[0]!.code).toBe('xlsx-kind');
});
