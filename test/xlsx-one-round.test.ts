import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../src/cli';
import { loadDatasetBytes } from '../src/load/dataset';
import { FiscalError, type Issue } from '../src/model/issue';
import { buildWorkbook } from '../src/workbook/build';
import { FINAL_ACCOUNTS_WORKBOOK } from '../src/workbook/final-accounts';
import { capture, tmp } from './validate-helpers';
import { editWorkbook, type ExcelWorkbook } from './xlsx-helpers';

// Issue 17: a writer fills the blank workbook and makes one mistake of each kind. One validation
// lists all of them, each at its cell, in the writer's words (sheet, cell, row label; the rule's
// name in Chinese), and nothing twice.

type Ws = NonNullable<ReturnType<ExcelWorkbook['getWorksheet']>>;

/** The cell of a row (by its hidden key in column A) and a column (by its hidden key in row 1). */
function cellAt(ws: Ws, key: string, column: string) {
  let row = 0;
  for (let r = 1; r <= ws.rowCount && !row; r++) if (ws.getCell(r, 1).value === key) row = r;
  let col = 0;
  ws.getRow(1).eachCell((c, n) => {
    if (c.value === column) col = n;
  });
  if (!row || !col) throw new Error(`no cell ${key} / ${column} in ${ws.name}`);
  return ws.getCell(row, col);
}

/** The n-th row (0-based) keyed `key` and the cell of a column in it. */
function nthCellAt(ws: Ws, key: string, n: number, column: string) {
  const rows: number[] = [];
  for (let r = 1; r <= ws.rowCount; r++) if (ws.getCell(r, 1).value === key) rows.push(r);
  let col = 0;
  ws.getRow(1).eachCell((c, i) => {
    if (c.value === column) col = i;
  });
  if (rows[n] === undefined || !col) throw new Error(`no row ${n} of ${key} / ${column} in ${ws.name}`);
  return ws.getCell(rows[n]!, col);
}

const cells: Record<string, string> = {};

async function filledWithMistakes(mistakes = true): Promise<Buffer> {
  const blank = await buildWorkbook(FINAL_ACCOUNTS_WORKBOOK, { prefill: FINAL_ACCOUNTS_WORKBOOK.prefill!({ district: '历城区', year: 2025 }) });
  return editWorkbook(blank, (wb) => {
    const meta = wb.getWorksheet('基本信息')!;
    const texts: Record<string, string> = {
      'meta.fullName': '济南市历城区',
      'meta.government': '历城区人民政府',
      'meta.reviewer': '区人民政府',
      'meta.bureau': '历城区财政局',
      'meta.speaker.title': '区财政局局长',
      'meta.speaker.name': '张三',
      'meta.meeting.committee': '区十九届人大常委会',
      'meta.meeting.session': '第二十八次会议',
      'meta.meeting.fullName': '历城区第十九届人民代表大会常务委员会第二十八次会议',
      'meta.meeting.date': '2026-08-29',
    };
    for (const [key, v] of Object.entries(texts)) cellAt(meta, key, 'value').value = v;

    const gb = wb.getWorksheet('一般公共预算')!;
    // (1) An empty required cell: 当年一般公共预算收入 left empty, the rest of the income filled in.
    const income = cellAt(gb, 'generalBudget.*.income.current.amount', 'district');
    cells.empty = income.address;
    if (!mistakes) income.value = 70000;
    const line = cellAt(gb, 'generalBudget.district.income.lines[0]', 'label');
    line.value = '税收返还';
    cellAt(gb, 'generalBudget.district.income.lines[0]', 'district').value = 30000;
    cellAt(gb, 'generalBudget.*.expenditure.current.amount', 'district').value = 80000;
    cellAt(gb, 'generalBudget.district.expenditure.lines[0]', 'label').value = '结转下年支出';
    cellAt(gb, 'generalBudget.district.expenditure.lines[0]', 'district').value = 20000;
    // (2) A completion rate typed as 100.08 into a percent-formatted cell: shows 10008%.
    const rate = cellAt(gb, 'generalBudget.*.expenditure.current.completionRate', 'district');
    expect(rate.numFmt).toMatch(/%/);
    rate.value = mistakes ? 100.08 : 1.0008;
    cells.percent = rate.address;
    // (3) A text in a number cell.
    const last = cellAt(gb, 'generalBudget.*.expenditure.current.lastYear', 'district');
    last.value = mistakes ? '7.9万' : 79000;
    cells.text = last.address;

    // (4) A rule broken in another part: the first half's completion rate against its budget.
    const half = wb.getWorksheet('上半年执行')!;
    cellAt(half, 'firstHalf.general.*.income.amount', 'district').value = 50000;
    cellAt(half, 'firstHalf.general.*.income.initialBudget', 'district').value = 100000;
    const halfRate = cellAt(half, 'firstHalf.general.*.income.completionRate', 'district');
    halfRate.value = mistakes ? 0.6 : 0.5; // 60%, where 50000 ÷ 100000 is 50%
    cells.rule = halfRate.address;
    cellAt(half, 'firstHalf.general.*.expenditure.amount', 'district').value = 40000;

    // (5) A number typed into the narrative text.
    const narrative = wb.getWorksheet('文字材料')!;
    nthCellAt(narrative, 'firstHalf.problems', 0, 'order').value = 1;
    const prose = nthCellAt(narrative, 'firstHalf.problems', 0, 'text');
    prose.value = mistakes ? '上半年收入下降3.5%，增收压力较大。' : '上半年收入{{上半年收入}}，增收压力较大。';
    cells.prose = prose.address;

    // (6) The figures table: names from the drop-down, one mistyped.
    const figures = wb.getWorksheet('数据表')!;
    const fig = (n: number, name: string, operand: string) => {
      nthCellAt(figures, 'figures', n, 'name').value = name;
      nthCellAt(figures, 'figures', n, 'method').value = '引用';
      nthCellAt(figures, 'figures', n, 'operands').value = operand;
      nthCellAt(figures, 'figures', n, 'unit').value = '万元';
      return nthCellAt(figures, 'figures', n, 'operands').address;
    };
    cells.typo = fig(0, '上半年收入', mistakes ? '上半年全区一般公共预算收人' : '上半年全区一般公共预算收入');
    // Cites the empty cell: said once, at that cell, not again here.
    fig(1, '全年收入', '全区一般公共预算收入');
    fig(2, '上半年支出', '上半年全区一般公共预算支出');
    // An older workbook's dotted path still reads.
    fig(3, '上半年支出（路径）', 'firstHalf.general.district.expenditure.amount');
  });
}

describe('the blank workbook filled with one mistake of each kind', () => {
  let issues: Issue[];
  let text: string;
  let file: string;

  beforeAll(async () => {
    const bytes = await filledWithMistakes();
    file = join(tmp(), '历城区2025年决算报告数据.xlsx');
    writeFileSync(file, bytes);
    const json = capture();
    expect(await main(['validate', file, '--json'], json.out)).toBe(1);
    issues = JSON.parse(json.lines.join('\n')).issues;
    const t = capture();
    expect(await main(['validate', file], t.out)).toBe(1);
    text = t.lines.join('\n');
  });

  const at = (cell: string, sheet: string) => issues.filter((i) => i.place?.sheet === sheet && i.place?.cell === cell);

  it('reports every mistake in one validation, each once, at its cell', () => {
    const empty = at(cells.empty!, '一般公共预算');
    expect(empty.map((i) => [i.code, i.severity])).toEqual([['schema-invalid-type', 'error']]);
    expect(empty[0]!.place!.label).toBe('一般公共预算收入（当年）·全区');

    const percent = at(cells.percent!, '一般公共预算');
    expect(percent.map((i) => [i.code, i.severity])).toEqual([['xlsx-percent-slip', 'error']]);
    expect(percent[0]!.message).toContain('显示为“10008%”，按 10008% 读取');
    expect(percent[0]!.message).toContain('请改填 100.08%');

    expect(at(cells.text!, '一般公共预算').map((i) => [i.code, i.severity, i.actual])).toEqual([['xlsx-not-a-number', 'error', '文字“7.9万”']]);

    const rule = at(cells.rule!, '上半年执行');
    expect(rule.map((i) => [i.code, i.severity])).toEqual([['half-completion', 'error']]);
    expect(rule[0]!.message).not.toMatch(/firstHalf/);
    expect(rule[0]!.place!.label).toBe('一般公共预算收入·完成年初预算·全区');

    const prose = at(cells.prose!, '文字材料');
    expect(prose.map((i) => [i.code, i.severity, i.actual])).toEqual([['prose-literal-number', 'warning', '3.5']]);

    const typo = at(cells.typo!, '数据表');
    expect(typo.map((i) => [i.code, i.severity])).toEqual([['figure-invalid', 'error']]);
    expect(typo[0]!.message).toContain('相近的名称：“上半年全区一般公共预算收入”');
  });

  it('says nothing else: no issue twice, nothing about what follows from a mistake', () => {
    const places = Object.values(cells);
    // Every issue is at one of the mistaken cells (the cell-error and rule errors in one list).
    expect(issues.filter((i) => !places.includes(i.place?.cell ?? ''))).toEqual([]);
    const keys = issues.map((i) => `${i.place?.sheet}!${i.place?.cell}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(issues.filter((i) => i.severity === 'error')).toHaveLength(5);
    // The figure citing the empty cell and the balance check built on it say nothing.
    expect(issues.some((i) => i.message.includes('全年收入') || i.code === 'budget-balance' || i.code === 'budget-total')).toBe(false);
    // The 10008% is named as the slip it is, and only there.
    expect(issues.filter((i) => JSON.stringify(i).includes('10008'))).toHaveLength(1);
  });

  it("speaks in the writer's words: sheet, cell and row label first, the rule's name in Chinese, the path last", () => {
    const lines = text.split('\n').filter((l) => /^\s+(错误|警告)/.test(l));
    expect(lines).toHaveLength(6);
    for (const l of lines) {
      expect(l).toMatch(/^\s+(错误|警告)［[^\]［］a-z]+］文件 .*工作表“[^”]+” 单元格 [A-Z]+\d+“[^”]+”：/);
      // The message itself has no dataset path, no English rule code: those are the last detail.
      const message = l.replace(/（数据路径 [^）]+）$/, '');
      expect(message).not.toMatch(/[a-z]+\.[a-z]+/i);
      expect(message).not.toMatch(/\[[a-z-]+\]/);
      expect(l).toMatch(/（数据路径 [\w.[\]\u4e00-\u9fa5]+）$/);
    }
    expect(text).toContain(`工作表“一般公共预算” 单元格 ${cells.empty}“一般公共预算收入（当年）·全区”：缺少必填项“一般公共预算收入（当年）·全区”`);
    expect(text).toContain(`工作表“上半年执行” 单元格 ${cells.rule}“一般公共预算收入·完成年初预算·全区”`);
  });

  it('build refuses the same workbook with the same list', async () => {
    const bytes = await filledWithMistakes();
    let thrown: unknown;
    try {
      await loadDatasetBytes(bytes, 'x.xlsx');
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(FiscalError);
    const codes = (thrown as FiscalError).issues.map((i) => i.code).sort();
    expect(codes).toEqual(issues.map((i) => i.code).sort());
  });
});

describe('计算对象 by name', () => {
  it('reads a name of the drop-down as the figure it names, and a dotted path as before', async () => {
    // The same workbook with every mistake put right reads, and validates, cleanly.
    const loaded = await loadDatasetBytes(await filledWithMistakes(false), 'x.xlsx');
    const figures = (loaded.value as any).figures;
    expect(figures['上半年收入'].from).toBe('firstHalf.general.district.income.amount');
    expect(figures['全年收入'].from).toBe('generalBudget.district.income.current.amount');
    expect(figures['上半年支出'].from).toBe(figures['上半年支出（路径）'].from);
    const { validateFinalAccounts } = await import('../src/validate');
    expect(validateFinalAccounts(loaded.value, loaded.sourceMap).issues.filter((i) => i.severity === 'error')).toEqual([]);
  });

  it('the blank workbook lists the names to choose from, with the sheet and row where each is filled in', async () => {
    const blank = await buildWorkbook(FINAL_ACCOUNTS_WORKBOOK);
    await editWorkbook(blank, (wb) => {
      const names = wb.getWorksheet('可引用的数据')!;
      const rows: string[][] = [];
      names.eachRow((row, r) => {
        if (r > 3) rows.push([2, 3, 4].map((c) => String(row.getCell(c).value ?? '')));
      });
      expect(rows).toContainEqual(['全区一般公共预算收入', '一般公共预算', '一般公共预算收入（当年）（全区）']);
      expect(rows).toContainEqual(['上半年全区一般公共预算收入', '上半年执行', '一般公共预算收入（全区）']);
      // Every name is filled in somewhere.
      expect(rows.filter((r) => !r[1] || !r[2])).toEqual([]);
      const figures = wb.getWorksheet('数据表')!;
      const operand = nthCellAt(figures, 'figures', 0, 'operands');
      expect(operand.dataValidation).toMatchObject({ type: 'list', formulae: [expect.stringMatching(/^'可引用的数据'!\$B\$4:\$B\$\d+$/)] });
    });
  });
});
