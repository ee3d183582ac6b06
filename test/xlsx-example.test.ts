import { CLASSIFIED_TABLES } from '../src/model/classified';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDatasetFile } from '../src/load/dataset';
import { loadLinkedReports } from '../src/load/linked';
import { readWorkbook } from '../src/load/xlsx';
import { buildReportDoc } from '../src/pipeline';
import { validateFinalAccounts } from '../src/validate';
import { buildWorkbook } from '../src/workbook/build';
import { FINAL_ACCOUNTS_WORKBOOK } from '../src/workbook/final-accounts';
import { schemaAt } from '../src/workbook/schema-paths';
import { parsePath } from '../src/load/path';
import { defaultTemplates, docText, LAIWU, laiwuRaw, ROOT } from './helpers';
import { LIBREOFFICE } from './libreoffice';
import { describeWithLibreOfficeCalc, editWorkbook, part, patchPart, plain, refusal, rowOf, schemaLeaves, sheetPart, workbookPaths } from './xlsx-helpers';

const LAIWU_XLSX = join(ROOT, 'data', 'laiwu-2024.xlsx');

/** One cell's XML, so a failing match prints a cell and not a whole sheet. */
const cellXml = (xml: string, ref: string) => new RegExp(`<c r="${ref}"[^>]*?(?:/>|>.*?</c>)`).exec(xml)?.[0] ?? `(no cell ${ref})`;

/** The document text a build from the file gives, with the reports it attaches read beside it (as the CLI does). */
async function textOf(file: string): Promise<string> {
  const loaded = await loadDatasetFile(file);
  const { doc, issues } = buildReportDoc(loaded, defaultTemplates(), { linked: await loadLinkedReports(loaded, file) });
  if (!doc) throw new Error(JSON.stringify(issues, null, 1));
  return docText(doc);
}

describe('data/laiwu-2024.xlsx beside data/laiwu-2024.json', () => {
  it('is what export writes from the JSON today (regenerate: npm run examples:xlsx)', async () => {
    const fresh = await buildWorkbook(FINAL_ACCOUNTS_WORKBOOK, { data: laiwuRaw() });
    expect(Buffer.compare(fresh, readFileSync(LAIWU_XLSX))).toBe(0);
  });

  it('loads to the same dataset as the JSON', async () => {
    const [json, xlsx] = await Promise.all([loadDatasetFile(LAIWU), loadDatasetFile(LAIWU_XLSX)]);
    expect(plain(xlsx.value)).toEqual(json.value);
    expect(xlsx.issues).toBeUndefined();
  });

  it('builds the same document text', async () => {
    const [json, xlsx] = await Promise.all([textOf(LAIWU), textOf(LAIWU_XLSX)]);
    expect(xlsx).toBe(json);
    expect(xlsx).toContain('全区一般公共预算总收入1165436万元');
    // The attached performance report (附件2, named by its file in 基本信息) is in both.
    expect(xlsx).toContain('附件2\n关于2024年度预算绩效管理工作情况的报告（书面）');
  });

  it('places every value at its sheet and cell, so messages point into the workbook', async () => {
    const { sourceMap } = await loadDatasetFile(LAIWU_XLSX);
    expect(sourceMap.locate(['generalBudget', 'district', 'income', 'total'])).toEqual({
      file: LAIWU_XLSX,
      path: 'generalBudget.district.income.total',
      sheet: '一般公共预算',
      cell: 'D6',
    });
    expect(sourceMap.locate(['generalBudget', 'level', 'expenditure', 'lines', 2, 'label'])).toMatchObject({ sheet: '一般公共预算', cell: expect.stringMatching(/^B\d+$/) });
    expect(sourceMap.locate(['meta', 'meeting', 'date'])).toMatchObject({ sheet: '基本信息', cell: 'D17' });
    expect(sourceMap.locate(['debt', 'bonds', 'refinancing', 'uses', 1, 'purpose'])).toMatchObject({ sheet: '政府债务' });
    expect(sourceMap.locate(['firstHalf', 'highlights', 1, 'points', 2, 'text'])).toMatchObject({ sheet: '文字材料', cell: expect.stringMatching(/^F\d+$/) });
    expect(sourceMap.locate(['figures', '非税收入减收', 'difference'])).toMatchObject({ sheet: '数据表', cell: expect.stringMatching(/^E\d+$/) });
  });

  it('a rule broken in the workbook is reported at its cell', async () => {
    const bytes = readFileSync(LAIWU_XLSX);
    const name = sheetPart(bytes, '一般公共预算');
    // The district's completion rate 100.08% → 90%, with the adjusted budget given as well.
    const bad = patchPart(bytes, name, (xml) => {
      const rate = /<c r="D9"([^>]*)><v>1\.0008<\/v><\/c>/;
      expect(xml).toMatch(rate);
      return xml.replace(rate, '<c r="D9"$1><v>0.9</v></c>').replace(/<c r="D8"([^>]*)\/>/, '<c r="D8"$1><v>470007</v></c>');
    });
    const loaded = await readWorkbook(bad, 'bad.xlsx');
    const { issues } = validateFinalAccounts(loaded.value, loaded.sourceMap);
    expect(issues).toEqual([
      expect.objectContaining({ code: 'rate-base', place: { file: 'bad.xlsx', path: 'generalBudget.district.income.current.completionRate', sheet: '一般公共预算', cell: 'D9' } }),
    ]);
  });
});

describe('export → read is the identity', () => {
  it('for the Laiwu dataset, value for value', async () => {
    const raw = laiwuRaw();
    const loaded = await readWorkbook(await buildWorkbook(FINAL_ACCOUNTS_WORKBOOK, { data: raw }), 'x.xlsx');
    expect(plain(loaded.value)).toEqual(raw);
  });

  it('for a dataset using the other optional fields (bases instead of rates, notes, empty lists)', async () => {
    const raw = laiwuRaw();
    raw.generalBudget.district.income.current = { amount: 470383, adjustedBudget: 470007, lastYear: 469400 };
    raw.socialInsuranceBudget.level.lastYearAccumulated = 156498;
    raw.socialInsuranceBudget.district.income = { amount: 136965, budget: 132862, lastYear: 123249 };
    raw.firstHalf.fund.district.income = { amount: 74417, initialBudget: 271595.5, lastYear: 69875 };
    raw.stateCapitalBudget.level.expenditure.lines = [];
    raw.meta.attachments = [];
    delete raw.meta.levelNote;
    delete raw.analysis.incomeComparable;
    raw.analysis.problems = [];
    raw.figures = { 甲: { value: 1.5, unit: '%', word: '增减', digits: 1 }, 乙: { growth: ['甲', '甲'], unit: '%' } };
    const loaded = await readWorkbook(await buildWorkbook(FINAL_ACCOUNTS_WORKBOOK, { data: raw }), 'x.xlsx');
    expect(plain(loaded.value)).toEqual(raw);
  });

  it('a total that is not the sum of its parts is written as the figure, not as a formula that would change it', async () => {
    const raw = laiwuRaw();
    raw.debt.limit.total = 1; // general + special would be 2053198
    const bytes = await buildWorkbook(FINAL_ACCOUNTS_WORKBOOK, { data: raw });
    const xml = part(bytes, sheetPart(bytes, '政府债务'));
    expect(xml).not.toMatch(/<f>D\d+\+D\d+<\/f><v>1<\/v>/);
    expect(plain((await readWorkbook(bytes, 'x.xlsx')).value)).toEqual(raw);
  });
});

describe('totals are formulas', () => {
  it('with their results cached, so Excel shows sums and a reader can trust them', async () => {
    const bytes = readFileSync(LAIWU_XLSX);
    const xml = part(bytes, sheetPart(bytes, '一般公共预算'));
    // The district's lines sit in D14:D18 (a header row, the items, spare rows): deducted lines
    // (减项 是, column F) are taken off, parts of a line (含于, column G) are already in it.
    const lines = (c: string, a: number, b: number) =>
      `${c}7\\+\\(SUMIFS\\(${c}${a}:${c}${b},F${a}:F${b},&quot;&lt;&gt;是&quot;,G${a}:G${b},&quot;&quot;\\)-SUMIFS\\(${c}${a}:${c}${b},F${a}:F${b},&quot;是&quot;,G${a}:G${b},&quot;&quot;\\)\\)`;
    expect(cellXml(xml, 'D6')).toMatch(new RegExp(`^<c r="D6"[^>]*><f>${lines('D', 14, 18)}</f><v>1165436</v></c>$`));
    expect(cellXml(xml, 'E6')).toMatch(new RegExp(`^<c r="E6"[^>]*><f>${lines('E', 19, 23)}</f><v>1142834</v></c>$`));
    expect(part(bytes, 'xl/workbook.xml')).toContain('fullCalcOnLoad="1"');
  });

  it('a workbook whose formulas were never calculated reads the same (the formulas are computed)', async () => {
    let bytes: Buffer = readFileSync(LAIWU_XLSX);
    for (const sheet of ['一般公共预算', '政府性基金预算', '国有资本经营预算', '社会保险基金预算', '政府债务']) {
      bytes = patchPart(bytes, sheetPart(bytes, sheet), (xml) => xml.replace(/(<f>[^<]*<\/f>)<v>[^<]*<\/v>/g, '$1'));
    }
    expect(part(bytes, sheetPart(bytes, '政府债务'))).not.toMatch(/<\/f><v>/);
    const loaded = await readWorkbook(bytes, 'x.xlsx');
    expect(plain(loaded.value)).toEqual(laiwuRaw());
    expect(loaded.issues).toBeUndefined();
  });

  it('a stale result (inputs changed by a program, not recalculated) is recomputed, with a warning at the cell', async () => {
    const bytes = readFileSync(LAIWU_XLSX);
    const bad = patchPart(bytes, sheetPart(bytes, '政府债务'), (xml) => xml.replace(/<v>507559<\/v>/, '<v>507560</v>'));
    const loaded = await readWorkbook(bad, 'x.xlsx');
    expect((loaded.value as any).debt.limit.total).toBe(2053199);
    expect(loaded.issues).toEqual([expect.objectContaining({ code: 'xlsx-formula-stale', severity: 'warning', place: expect.objectContaining({ sheet: '政府债务', path: 'debt.limit.total' }) })]);
    // The warning reaches the build's issues; the report is still built.
    const built = buildReportDoc(loaded, defaultTemplates(), { linked: await loadLinkedReports(loaded, LAIWU_XLSX) });
    expect(built.doc).not.toBeNull();
    expect(built.issues.map((i) => i.code)).toContain('xlsx-formula-stale');
  });
});

describe('a blank workbook (init)', () => {
  it('has every part, the prefilled district and year, and formulas without results', async () => {
    const bytes = await buildWorkbook(FINAL_ACCOUNTS_WORKBOOK, { prefill: FINAL_ACCOUNTS_WORKBOOK.prefill!({ district: '历城区', year: 2025 }) });
    expect(part(bytes, 'xl/workbook.xml').match(/(?<=<sheet [^>]*)name="[^"]+"/g)).toEqual([
      'name="基本信息"',
      'name="一般公共预算"',
      'name="政府性基金预算"',
      'name="国有资本经营预算"',
      'name="收入项目"',
      'name="社会保险基金预算"',
      'name="政府债务"',
      'name="收支分析"',
      'name="上半年执行"',
      'name="文字材料"',
      'name="数据表"',
      'name="自有表格"',
      'name="格式"',
      // The standard 决算草案表, one sheet each, in the finance system's export shape.
      ...CLASSIFIED_TABLES.map((t) => `name="${t.sheet}"`),
    ]);
    const general = part(bytes, sheetPart(bytes, '一般公共预算'));
    expect(cellXml(general, 'D6')).toMatch(/^<c r="D6"[^>]*><f>D7\+\(SUMIFS\(D14:D19,F14:F19,[^<]*\)\)<\/f><\/c>$/);
    expect(general.includes('<sheetProtection sheet="1"')).toBe(true);
    expect(/<dataValidation type="decimal"[^>]*sqref="D6:E8"/.test(general)).toBe(true);
    const blankIssues = async (b: Uint8Array) =>
      refusal(
        (async () => {
          const loaded = await readWorkbook(b, '空白.xlsx');
          const { issues } = validateFinalAccounts(loaded.value, loaded.sourceMap);
          const { FiscalError } = await import('../src/model/issue');
          throw new FiscalError('blank', issues);
        })(),
      );
    const loaded = await readWorkbook(bytes, '空白.xlsx');
    expect((loaded.value as any).meta).toMatchObject({ district: '历城区', year: 2025, attachments: [] });
    // Every total of the general budget is computed (0), never read as a missing value.
    expect((loaded.value as any).generalBudget.district.income.total).toBe(0);
    // The optional sections, left empty, are absent: their formulas' zeros are not a section.
    expect(Object.keys(loaded.value as object).sort()).toEqual(['figures', 'generalBudget', 'kind', 'meta']);
    expect(Object.keys((loaded.value as any).generalBudget)).toEqual(['district']);
    const issues = await blankIssues(bytes);
    // What is missing is pointed at the cell to fill.
    expect(issues.find((i) => i.place?.path === 'meta.fullName')).toMatchObject({
      message: '缺少必填项“基本信息·全称”，请补充文字。',
      place: { sheet: '基本信息', cell: 'D6' },
    });
    expect(issues.filter((i) => i.message.includes('{…}'))).toEqual([]);
    // A section begun is there: what it still lacks is named at its cell.
    const begun = await editWorkbook(bytes, (wb) => {
      wb.getWorksheet('一般公共预算')!.getCell(rowOf(wb, '一般公共预算', 'generalBudget.stabilizationFund.used'), 4).value = 1200;
    });
    const begunIssues = await blankIssues(begun);
    expect(begunIssues.find((i) => i.place?.path === 'generalBudget.stabilizationFund.added')).toMatchObject({
      message: '缺少必填项“一般公共预算·预算稳定调节基金·补充”，请补充数字。',
      place: { sheet: '一般公共预算', cell: expect.stringMatching(/^D\d+$/) },
    });
    // Nothing is reported as a missing object ({…}): each empty cell is named instead.
    expect(begunIssues.filter((i) => i.message.includes('{…}'))).toEqual([]);
  });
});

describe('the workbook description agrees with the dataset schema', () => {
  const { paths, subtrees } = workbookPaths(FINAL_ACCOUNTS_WORKBOOK);
  const holds = (leaf: string) => paths.includes(leaf) || subtrees.some((t) => leaf === t || leaf.startsWith(`${t}.`) || leaf.startsWith(`${t}[`));

  it('every row path exists in the schema', () => {
    for (const p of paths) expect([p, schemaAt(FINAL_ACCOUNTS_WORKBOOK.schema, parsePath(p.replace(/\[\]/g, '[0]'))).schema !== null]).toEqual([p, true]);
    // The style is a field of its own schema (style/schema.ts), held whole by the 格式 sheet: see below.
    expect(subtrees).toEqual(['figures', 'tables', 'style', ...CLASSIFIED_TABLES.map((t) => `classified.${t.key}`)]);
  });

  it('every field of the schema has a row (optional ones too)', () => {
    const leaves = schemaLeaves(FINAL_ACCOUNTS_WORKBOOK.schema);
    expect(leaves).toEqual(expect.arrayContaining(['generalBudget.district.yearEndBalance', 'debt.balance.otherChange', 'meta.attachments[]', 'meta.attachments[].report', 'tables[].header[][].colSpan']));
    // The one form the workbook does not hold: a whole report embedded in an attachments entry
    // (export refuses it by name, see the export tests); a file name is what the workbook takes.
    expect(leaves.filter((l) => !holds(l))).toEqual(['meta.attachments[].report.x']);
  });

  it('every value of the Laiwu dataset sits in some row', () => {
    const leaves: string[] = [];
    const walk = (v: unknown, path: string) => {
      if (Array.isArray(v)) v.forEach((x) => walk(x, `${path}[]`));
      else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, path ? `${path}.${k}` : k);
      else leaves.push(path);
    };
    walk(laiwuRaw(), '');
    expect(leaves.filter((l) => !holds(l))).toEqual([]);
  });
});

describeWithLibreOfficeCalc('a workbook opened and saved by LibreOffice', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fiscal-report-xlsx-lo-'));
  const convert = (file: string, to: string, outdir: string) => {
    const r = spawnSync(LIBREOFFICE!, ['--headless', `-env:UserInstallation=file://${dir}/profile`, '--convert-to', to, '--outdir', outdir, file], {
      encoding: 'utf8',
      timeout: 180000,
    });
    expect(r.status).toBe(0);
  };

  it('builds the same document text (soffice --headless --convert-to xlsx)', async () => {
    const out = join(dir, 'lo');
    convert(LAIWU_XLSX, 'xlsx', out);
    const saved = join(out, 'laiwu-2024.xlsx');
    // The report it attaches by file name sits beside it, as in data/.
    copyFileSync(join(ROOT, 'data', 'laiwu-2024-performance.json'), join(out, 'laiwu-2024-performance.json'));
    expect(Buffer.compare(readFileSync(saved), readFileSync(LAIWU_XLSX))).not.toBe(0);
    // LibreOffice rewrote the package in its own dialect (its styles, number formats, formula cells).
    expect(part(readFileSync(saved), 'xl/styles.xml')).not.toBe(part(readFileSync(LAIWU_XLSX), 'xl/styles.xml'));
    expect(await textOf(saved)).toBe(await textOf(LAIWU));
  });

  it('and an .xls saved by LibreOffice is refused with the fix', async () => {
    const out = join(dir, 'xls');
    convert(LAIWU_XLSX, 'xls', out);
    const issues = await refusal(loadDatasetFile(join(out, 'laiwu-2024.xls')));
    expect(issues[0]).toMatchObject({ code: 'xlsx-legacy-xls' });
    expect(issues[0]!.message).toContain('“另存为”Excel 工作簿（*.xlsx）');
  });

  it('a blank workbook filled in and saved by LibreOffice reads what was typed', async () => {
    // A filled workbook whose totals were never computed by us: LibreOffice computes and saves them.
    const raw = laiwuRaw();
    const blankish = await buildWorkbook(FINAL_ACCOUNTS_WORKBOOK, { data: raw });
    let noResults: Buffer = blankish;
    for (const sheet of ['一般公共预算', '政府债务', '社会保险基金预算'])
      noResults = patchPart(noResults, sheetPart(noResults, sheet), (xml) => xml.replace(/(<f>[^<]*<\/f>)<v>[^<]*<\/v>/g, '$1'));
    const file = join(dir, 'filled.xlsx');
    writeFileSync(file, noResults);
    const out = join(dir, 'filled');
    convert(file, 'xlsx', out);
    const saved = readFileSync(join(out, 'filled.xlsx'));
    expect(part(saved, sheetPart(saved, '政府债务'))).toMatch(/<f[^>]*>D\d+\+D\d+<\/f><v>2053198<\/v>/);
    expect(plain((await readWorkbook(saved, 'filled.xlsx')).value)).toEqual(raw);
  });
});
