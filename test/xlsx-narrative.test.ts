import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../src/cli';
import { loadDatasetFile } from '../src/load/dataset';
import { loadLinkedReports } from '../src/load/linked';
import { parsePath } from '../src/load/path';
import { readWorkbook } from '../src/load/xlsx';
import { buildReportDoc } from '../src/pipeline';
import { validateNarrative } from '../src/validate/narrative';
import { buildWorkbook } from '../src/workbook/build';
import { canonicalData } from '../src/workbook/fit';
import { findWorkbook } from '../src/workbook/kinds';
import { PERFORMANCE_WORKBOOK, WORK_PLAN_WORKBOOK } from '../src/workbook/narrative-kinds';
import { schemaAt } from '../src/workbook/schema-paths';
import type { KindWorkbook } from '../src/workbook/spec';
import { DATA, defaultTemplates, docText, laiwuRaw } from './helpers';
import { LIBREOFFICE } from './libreoffice';
import { describeWithLibreOfficeCalc, editWorkbook, type ExcelWorkbook, plain, refusal, schemaLeaves, workbookPaths } from './xlsx-helpers';

// The performance report and the work plan in a workbook: 基本信息, the body in document order
// (正文), and the figures (数据表). Read back as the JSON gives them; built the same.

const EXAMPLES = ['laiwu-2024-performance', 'laiwu-2020-performance', 'licheng-2023-performance', 'hecheng-2025-work-plan'];
const rawOf = (name: string): any => JSON.parse(readFileSync(join(DATA, `${name}.json`), 'utf8'));
const tmp = () => mkdtempSync(join(tmpdir(), 'fiscal-report-xlsx-narrative-'));
const capture = () => {
  const lines: string[] = [];
  return { out: { log: (s: string) => lines.push(s), error: (s: string) => lines.push(s) }, text: () => lines.join('\n') };
};
const specOf = (raw: { kind: string }): KindWorkbook => findWorkbook(raw.kind)!;

async function textOf(file: string): Promise<string> {
  const loaded = await loadDatasetFile(file);
  const { doc, issues } = buildReportDoc(loaded, defaultTemplates(), { linked: await loadLinkedReports(loaded, file) });
  if (!doc) throw new Error(JSON.stringify(issues, null, 1));
  return docText(doc);
}

/** Column letters of the 正文 sheet: 类型 级别 标题／引领语 正文 连排 下级条目排法. */
const C = { type: 2, level: 3, lead: 4, text: 5, runIn: 6, list: 7 };

/** Fills the 正文 sheet's rows from row 5 on (row 4 is the help row). */
function fillBody(wb: ExcelWorkbook, rows: [string, number | null, string | null, string | null, string?, string?][]): number[] {
  const ws = wb.getWorksheet('正文')!;
  return rows.map(([type, level, lead, text, runIn, list], i) => {
    const r = 5 + i;
    expect(ws.getCell(r, 1).value).toBe('body');
    ws.getCell(r, C.type).value = type;
    ws.getCell(r, C.level).value = level;
    ws.getCell(r, C.lead).value = lead;
    ws.getCell(r, C.text).value = text;
    if (runIn) ws.getCell(r, C.runIn).value = runIn;
    if (list) ws.getCell(r, C.list).value = list;
    return r;
  });
}

describe.each(EXAMPLES)('data/%s.xlsx beside the JSON', (name) => {
  const json = join(DATA, `${name}.json`);
  const xlsx = join(DATA, `${name}.xlsx`);

  it('is what export writes from the JSON today (regenerate: npm run examples:xlsx)', async () => {
    const raw = rawOf(name);
    expect(Buffer.compare(await buildWorkbook(specOf(raw), { data: raw }), readFileSync(xlsx))).toBe(0);
  });

  it('loads to the same dataset, value for value', async () => {
    const raw = rawOf(name);
    // The examples are written in the workbook's own form: nothing to canonicalise.
    expect(canonicalData(specOf(raw), raw)).toEqual(raw);
    const loaded = await loadDatasetFile(xlsx);
    expect(plain(loaded.value)).toEqual(raw);
    expect(loaded.issues).toBeUndefined();
  });

  it('builds the same document text', async () => {
    expect(await textOf(xlsx)).toBe(await textOf(json));
  });
});

describe('the 正文 sheet', () => {
  it('lists the body in document order: sections with their level, items, points, paragraphs', async () => {
    let rows: unknown[][] = [];
    await editWorkbook(readFileSync(join(DATA, 'laiwu-2024-performance.xlsx')), (wb) => {
      const ws = wb.getWorksheet('正文')!;
      rows = [5, 6, 7, 8, 9].map((r) => [C.type, C.level, C.lead, C.runIn].map((c) => ws.getCell(r, c).value));
    });
    expect(rows).toEqual([
      ['段落', null, null, null],
      ['部分', 1, '{{报告年度}}工作开展情况', null],
      ['部分', 2, '夯实“基础桩”，制度建设取得新成效', '是'],
      ['条目', 1, null, null],
      ['分点', null, null, null],
    ]);
  });

  it('places every part at its cells, so the validator names the cell', async () => {
    const bytes = await editWorkbook(readFileSync(join(DATA, 'laiwu-2024-performance.xlsx')), (wb) => {
      const ws = wb.getWorksheet('正文')!;
      ws.getCell(9, C.text).value = '首创{{没有的数据}}联动机制。';
    });
    const loaded = await readWorkbook(bytes, 'p.xlsx');
    const { issues } = validateNarrative(loaded.value, loaded.sourceMap);
    expect(issues).toEqual([
      expect.objectContaining({ code: 'prose-unknown-figure', place: { file: 'p.xlsx', path: 'sections[0].sections[0].items[0].points[0].text', sheet: '正文', cell: 'E9', label: '分点·正文' } }),
    ]);
    expect(loaded.sourceMap.locate(parsePath('sections[0].sections[0].heading'))).toMatchObject({ sheet: '正文', cell: 'D7' });
    expect(loaded.sourceMap.locate(parsePath('figures.报告年度.from'))).toMatchObject({ sheet: '数据表' });
  });

  it('a writer fills a blank workbook: the report is what the rows say, numbered by the report', async () => {
    const blank = await buildWorkbook(WORK_PLAN_WORKBOOK, { prefill: WORK_PLAN_WORKBOOK.prefill!({ district: '河城区', year: 2025 }) });
    const bytes = await editWorkbook(blank, (wb) => {
      const meta = wb.getWorksheet('基本信息')!;
      const set = (label: string, v: string | Date) => {
        for (let r = 1; r <= meta.rowCount; r++) if (meta.getCell(r, 1).value === label) meta.getCell(r, 4).value = v;
      };
      set('meta.title', '{{年度}}工作情况及下一年工作计划');
      set('meta.author', '河城区财政局');
      set('meta.date', new Date(Date.UTC(2025, 9, 29)));
      fillBody(wb, [
        ['部分', 1, '主要工作开展情况', null],
        ['条目', 1, '预算管理更加规范', '全年完成各项任务。', undefined, '编号'],
        ['条目', 2, null, '下级条目一。'],
        ['段落', null, null, '下级条目一的第二段。'],
        ['部分', 1, '下一步工作计划', null, '否', '一是二是'],
        ['条目', null, null, '强化预算约束。'],
        ['分点', null, '加强收入征管', '分点正文。'],
        ['结束语', null, null, '特此报告。'],
      ]);
      const figures = wb.getWorksheet('数据表')!;
      figures.getCell(5, 2).value = '年度';
      figures.getCell(5, 4).value = '引用';
      figures.getCell(5, 5).value = 'meta.year';
      figures.getCell(5, 6).value = '年';
    });
    const loaded = await readWorkbook(bytes, 'w.xlsx');
    expect(plain(loaded.value)).toEqual({
      kind: 'work-plan',
      meta: { district: '河城区', year: 2025, title: '{{年度}}工作情况及下一年工作计划', author: '河城区财政局', date: '2025-10-29' },
      sections: [
        { heading: '主要工作开展情况', items: [{ lead: '预算管理更加规范', text: '全年完成各项任务。', list: 'numbered', items: [{ text: ['下级条目一。', '下级条目一的第二段。'] }] }] },
        { heading: '下一步工作计划', runIn: false, list: 'enumerated', items: [{ text: '强化预算约束。', points: [{ lead: '加强收入征管', text: '分点正文。' }] }] },
      ],
      closing: '特此报告。',
      figures: { 年度: { from: 'meta.year', unit: '年' } },
    });
    const built = buildReportDoc(loaded, defaultTemplates());
    expect(built.issues).toEqual([]);
    expect(docText(built.doc!)).toContain('一、主要工作开展情况');
    expect(docText(built.doc!)).toContain('二、下一步工作计划');
    expect(docText(built.doc!)).toContain('2025年工作情况及下一年工作计划');
  });

  it('refuses rows it cannot place, each at its cell with the fix', async () => {
    const blank = await buildWorkbook(PERFORMANCE_WORKBOOK, {});
    const bytes = await editWorkbook(blank, (wb) => {
      fillBody(wb, [
        [null as unknown as string, null, '没有类型', null],
        ['标题', 1, '未知类型', null],
        ['部分', 2, '跳级的部分', null],
        ['部分', null, '没有级别的部分', null],
        ['部分', 1, '第一部分', null],
        ['条目', 2, null, '跳级的条目'],
        ['分点', null, null, '没有条目的分点'],
        ['条目', 1, null, '条目'],
        ['段落', null, null, '第二段'],
        ['分点', null, null, '段落之后的分点'],
        ['段落', 1, null, '段落不用级别'],
        ['部分', 1, '连排错', null, '也许'],
        ['结束语', null, null, '以上报告'],
        ['段落', null, null, '结束语之后'],
      ]);
    });
    const issues = await refusal(readWorkbook(bytes, 'p.xlsx'));
    expect(issues.map((i) => [i.place?.cell, i.message.replace(/：.*$/, '')])).toEqual([
      ['B5', '第 5 行'],
      ['B6', '第 6 行'],
      ['C7', '第 7 行'],
      ['C8', '第 8 行'],
      ['C10', '第 10 行'],
      ['B11', '第 11 行'],
      ['B14', '第 14 行'],
      ['C15', '第 15 行'],
      ['F16', '第 16 行'],
      ['B18', '第 18 行'],
    ]);
    expect(issues.every((i) => i.code === 'xlsx-outline' && i.place?.sheet === '正文')).toBe(true);
    const says = (cell: string) => issues.find((i) => i.place?.cell === cell)!.message;
    expect(says('B5')).toBe('第 5 行：填写了内容，但没有选择“类型”：请在 B5 选择 部分、条目、分点、段落、结束语 之一，或清空这一行。');
    expect(says('C7')).toContain('这是第 2 级部分，但前面没有第 1 级部分');
    expect(says('B14')).toContain('“分点”须紧接在它的条目（或其他分点）之后');
    expect(says('C15')).toBe('第 15 行：“段落”行不使用“级别”列，C15 中的内容不会被读取：请清空该单元格，或改选“类型”。');
    expect(says('F16')).toBe('第 16 行：“连排”应为“是”或“否”（或不填），实为“也许”。');
    expect(says('B18')).toContain('结束语（第 17 行起）之后还有“段落”');
  });

  it('the root list style is picked by its Chinese label; another word is refused at its cell', async () => {
    let r = 0;
    const read = async (label: string) =>
      readWorkbook(
        await editWorkbook(readFileSync(join(DATA, 'licheng-2023-performance.xlsx')), (wb) => {
          const ws = wb.getWorksheet('基本信息')!;
          for (let k = 1; k <= ws.rowCount; k++) if (ws.getCell(k, 1).value === 'list') r = k;
          expect(ws.getCell(r, 4).value).toBe('一是二是');
          ws.getCell(r, 4).value = label;
        }),
        'p.xlsx',
      );
    expect(plain((await read('编号')).value).list).toBe('numbered');
    const issues = await refusal(read('列表'));
    expect(issues).toEqual([
      expect.objectContaining({
        code: 'xlsx-choice',
        message: '“正文中不属于任何部分的条目的排法（可不填）”为“列表”，无法识别：应为 “分段”、“一是二是”、“编号” 之一（可从下拉列表中选择）。',
        place: { file: 'p.xlsx', path: 'list', sheet: '基本信息', cell: `D${r}`, label: '正文中不属于任何部分的条目的排法' },
      }),
    ]);
  });

  it('a blank workbook names the empty cells to fill', async () => {
    const dir = tmp();
    const file = join(dir, 'p.xlsx');
    const c = capture();
    expect(await main(['init', 'performance', '--district', '莱芜区', '--year', '2025', '--out', file], c.out)).toBe(0);
    expect(c.text()).toContain('请在黄色单元格中填写数据，然后运行：fiscal-report build');
    const v = capture();
    expect(await main(['validate', file, '--json'], v.out)).toBe(1);
    const r = JSON.parse(v.text());
    expect(r.kind).toBe('performance');
    expect(r.issues.map((i: any) => [i.place.path, i.place.sheet, i.place.cell])).toEqual([
      ['meta.title', '基本信息', 'D7'],
      ['meta.author', '基本信息', 'D10'],
      // In the same round: the report has no body yet.
      ['', '正文', 'B5'],
    ]);
    // With a title and an author, what is missing is the body.
    const filled = await editWorkbook(readFileSync(file), (wb) => {
      const ws = wb.getWorksheet('基本信息')!;
      ws.getCell(7, 4).value = '关于预算绩效管理工作情况的报告';
      ws.getCell(10, 4).value = '济南市莱芜区财政局';
    });
    const loaded = await readWorkbook(filled, 'p.xlsx');
    expect(validateNarrative(loaded.value, loaded.sourceMap).issues).toEqual([
      expect.objectContaining({ code: 'narrative-empty', place: expect.objectContaining({ sheet: '正文' }) }),
    ]);
  });
});

describe('fiscal-report init and export for the narrative kinds', () => {
  it('init performance / work-plan (or by Chinese name) write blank workbooks named after the kind', async () => {
    const dir = tmp();
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      const c = capture();
      expect(await main(['init', 'performance', '--district', '莱芜区', '--year', '2024'], c.out)).toBe(0);
      expect(await main(['init', '工作计划', '--district', '河城区', '--year', '2025'], c.out)).toBe(0);
      const p = await readWorkbook(readFileSync(join(dir, '莱芜区2024年预算绩效管理报告数据.xlsx')), 'p.xlsx');
      expect(plain(p.value)).toEqual({ kind: 'performance', meta: { district: '莱芜区', year: 2024 }, figures: {} });
      const w = await readWorkbook(readFileSync(join(dir, '河城区2025年工作计划数据.xlsx')), 'w.xlsx');
      expect(plain(w.value)).toMatchObject({ kind: 'work-plan', meta: { district: '河城区', year: 2025 } });
      const u = capture();
      expect(await main(['init', 'budget'], u.out)).toBe(2);
      expect(u.text()).toContain('可用：final-accounts（决算报告）、performance（预算绩效管理报告）、work-plan（工作计划）');
    } finally {
      process.chdir(cwd);
    }
  });

  it('export writes each example as the shipped workbook', async () => {
    const dir = tmp();
    for (const name of EXAMPLES) {
      const file = join(dir, `${name}.xlsx`);
      const c = capture();
      expect([name, await main(['export', join(DATA, `${name}.json`), '--out', file], c.out)]).toEqual([name, 0]);
      expect(Buffer.compare(readFileSync(file), readFileSync(join(DATA, `${name}.xlsx`)))).toBe(0);
    }
  });

  it('export accepts the other ways the JSON may say the same (a paragraph as a list of one, empty lists)', async () => {
    const raw = rawOf('licheng-2023-performance');
    raw.text = [raw.text];
    raw.sections = [];
    raw.items[0].points = [];
    const dir = tmp();
    writeFileSync(join(dir, 'p.json'), JSON.stringify(raw));
    expect(await main(['export', join(dir, 'p.json')], capture().out)).toBe(0);
    const back = plain((await readWorkbook(readFileSync(join(dir, 'p.xlsx')), 'p.xlsx')).value);
    expect(back).toEqual(rawOf('licheng-2023-performance'));
  });
});

describe('the 数据表 sheet cites by name (issue 17: writers\' words, not data paths)', () => {
  it.each([PERFORMANCE_WORKBOOK, WORK_PLAN_WORKBOOK])('the blank $name workbook lists only the names its own sheets fill (年度), offered in 计算对象 by a drop-down', async (spec) => {
    await editWorkbook(await buildWorkbook(spec), (wb) => {
      const names = wb.getWorksheet('可引用的数据')!;
      const rows: string[][] = [];
      names.eachRow((row, r) => {
        if (r > 3) rows.push([2, 3, 4].map((c) => String(row.getCell(c).value ?? '')));
      });
      expect(rows).toEqual([['年度', '基本信息', '年度']]);
      const figures = wb.getWorksheet('数据表')!;
      const validations: unknown[] = [];
      figures.eachRow({ includeEmpty: true }, (row) => row.eachCell({ includeEmpty: true }, (cell) => validations.push(cell.dataValidation)));
      expect(validations).toContainEqual(expect.objectContaining({ type: 'list', formulae: ["'可引用的数据'!$B$4:$B$4"] }));
      // The help row names a name this workbook has, not a final-accounts path.
      const help: string[] = [];
      figures.eachRow((row) => row.eachCell((cell) => help.push(String(cell.value ?? ''))));
      expect(help.join('\n')).toContain('如 年度；');
      expect(help.join('\n')).not.toContain('firstHalf');
    });
  });

  it('the example workbook shows 年度 where the JSON says meta.year, and reads it back as meta.year', async () => {
    const bytes = readFileSync(join(DATA, 'laiwu-2024-performance.xlsx'));
    const texts: string[] = [];
    await editWorkbook(bytes, (wb) => wb.getWorksheet('数据表')!.eachRow((row) => row.eachCell((cell) => texts.push(String(cell.value ?? '')))));
    expect(texts).toContain('年度');
    expect(texts).not.toContain('meta.year');
    const loaded = await readWorkbook(bytes, 'laiwu-2024-performance.xlsx');
    const froms = Object.values((loaded.value as any).figures).map((f: any) => f.from).filter(Boolean);
    expect(froms).toEqual(Object.values(rawOf('laiwu-2024-performance').figures).map((f: any) => f.from).filter(Boolean));
    expect(froms).toContain('meta.year');
  });
});

describe('the workbook descriptions agree with the schemas', () => {
  it.each([PERFORMANCE_WORKBOOK, WORK_PLAN_WORKBOOK])('$kind: every row path exists, every field has a place', (spec) => {
    const { paths, subtrees } = workbookPaths(spec);
    for (const p of paths) expect([p, schemaAt(spec.schema, parsePath(p.replace(/\[\]/g, '[0]'))).schema !== null]).toEqual([p, true]);
    const holds = (leaf: string) => paths.includes(leaf) || subtrees.some((t) => leaf === t || leaf.startsWith(`${t}.`) || leaf.startsWith(`${t}[`));
    expect(schemaLeaves(spec.schema).filter((l) => !holds(l))).toEqual([]);
    expect(subtrees).toEqual(['text', 'items', 'sections', 'closing', 'figures']);
  });
});

describe('a final-accounts workbook attaching a performance workbook', () => {
  it('builds the same report as with the JSON attached', async () => {
    const dir = tmp();
    copyFileSync(join(DATA, 'laiwu-2024-performance.xlsx'), join(dir, 'perf.xlsx'));
    const raw = laiwuRaw();
    raw.meta.attachments[1] = { report: 'perf.xlsx' };
    const file = join(dir, 'laiwu.xlsx');
    writeFileSync(file, await buildWorkbook(findWorkbook('final-accounts')!, { data: raw }));
    const text = await textOf(file);
    expect(text).toBe(await textOf(join(DATA, 'laiwu-2024.json')));
    // validate checks it in its own file: a problem in the attached workbook is named at its cell.
    const broken = await editWorkbook(readFileSync(join(dir, 'perf.xlsx')), (wb) => {
      wb.getWorksheet('正文')!.getCell(9, C.text).value = '首创{{没有的数据}}联动机制。';
    });
    writeFileSync(join(dir, 'perf.xlsx'), broken);
    const c = capture();
    expect(await main(['validate', file, '--json'], c.out)).toBe(1);
    expect(JSON.parse(c.text()).issues).toEqual([
      expect.objectContaining({ code: 'prose-unknown-figure', place: expect.objectContaining({ file: join(dir, 'perf.xlsx'), sheet: '正文', cell: 'E9' }) }),
    ]);
  });
});

describeWithLibreOfficeCalc('a narrative workbook saved by LibreOffice', () => {
  it('builds the same document text', async () => {
    const dir = tmp();
    const out = join(dir, 'lo');
    const r = spawnSync(LIBREOFFICE!, ['--headless', `-env:UserInstallation=file://${dir}/profile`, '--convert-to', 'xlsx', '--outdir', out, join(DATA, 'hecheng-2025-work-plan.xlsx')], {
      encoding: 'utf8',
      timeout: 180000,
    });
    expect(r.status).toBe(0);
    expect(await textOf(join(out, 'hecheng-2025-work-plan.xlsx'))).toBe(await textOf(join(DATA, 'hecheng-2025-work-plan.json')));
  });
});
