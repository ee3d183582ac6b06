import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MAX_JSON_DEPTH } from '../src/load/json';
import { runWebBuild } from '../src/web/build';
import { WORKBOOK_ZIP_LIMITS } from '../src/load/sniff';
import { DATA, LAIWU, ROOT } from './helpers';
import { cli, issuesOf, laiwuWorkbook, tmp } from './validate-helpers';
import * as X from './fuzz/xlsx-xml';

// Issue 18, "Crashes with stack traces": each input that crashed the CLI (or the web page's
// worker) is refused with a Chinese message at its place; what is left of the unexpected errors
// prints one Chinese line, its details in a log file.

const STACK = /\n\s+at |TypeError|RangeError|node_modules|dist\/bundle/;

/** Sets one cell of a sheet part. */
function setCell(parts: X.Parts, part: string, ref: string, c: X.NewContent): void {
  const xml = X.partText(parts, part);
  const cell = X.cellsOf(xml, X.sharedStrings(parts)).find((x) => x.ref === ref)!;
  X.setPartText(parts, part, X.replaceCell(xml, cell, c));
}

/** The cell of the general budget's current income, district column (D7 in the shipped workbook), found by its row's key. */
const CURRENT = (() => {
  const parts = X.unzipParts(readFileSync(join(DATA, 'laiwu-2024.xlsx')));
  const cells = X.cellsOf(X.partText(parts, X.sheetParts(parts).get('一般公共预算')!), X.sharedStrings(parts));
  const key = cells.find((c) => c.ref.startsWith('A') && c.text === 'generalBudget.*.income.current.amount')!;
  return `D${key.ref.slice(1)}`;
})();

describe('JSON nested thousands of levels deep', () => {
  const nested = (depth: number) => `{"kind": "final-accounts", "x": ${'['.repeat(depth)}${']'.repeat(depth)}}`;

  it('2,000 levels: refused at the bracket that goes one level too deep, with line and column, exit 1 and no stack (it overflowed the CLI\'s stack)', async () => {
    const file = join(tmp(), 'deep.json');
    writeFileSync(file, nested(2000));
    const { code, issues, text } = await issuesOf(file);
    expect(code).toBe(1);
    expect(text).not.toMatch(STACK);
    expect(issues).toEqual([expect.objectContaining({ code: 'json-too-deep', place: { file, line: 1, column: nested(1).indexOf('[') + MAX_JSON_DEPTH } })]);
    expect(issues[0].message).toContain(`超过上限 ${MAX_JSON_DEPTH} 层`);
    const build = await cli(['build', file, '--out', join(tmp(), 'out')]);
    expect(build.code).toBe(1);
    expect(build.text).toContain(`超过上限 ${MAX_JSON_DEPTH} 层`);
  });

  it('the web page reads it with the same loader and says the same: 5,000 levels (which it survived only by its worker threads\' larger stacks) and 20,000 (which crashed them)', async () => {
    for (const depth of [5000, 20000]) {
      const r = await runWebBuild({ dataset: { name: 'deep.json', bytes: Buffer.from(nested(depth)) }, attachments: [], zip: WORKBOOK_ZIP_LIMITS });
      expect(r.doc).toBeNull();
      expect(r.issues).toEqual([expect.objectContaining({ code: 'json-too-deep', place: expect.objectContaining({ line: 1, column: nested(1).indexOf('[') + MAX_JSON_DEPTH }) })]);
    }
  });

  it('invalid JSON nested deep (which crashed the full parser) gets the same message; brackets in strings do not count', async () => {
    const file = join(tmp(), 'deep.json');
    writeFileSync(file, nested(3000).slice(0, -5));
    expect((await issuesOf(file)).issues[0].code).toBe('json-too-deep');
    const fine = JSON.parse(readFileSync(LAIWU, 'utf8'));
    fine.meta.bureau = '['.repeat(500) + '济南市莱芜区财政局';
    const ok = join(tmp(), 'ok.json');
    writeFileSync(ok, JSON.stringify(fine));
    expect((await issuesOf(ok)).issues.some((i) => i.code === 'json-too-deep')).toBe(false);
  });
});

/**
 * The Laiwu workbook with the current income (CURRENT) computed through a chain of 900 formulas
 * below the sheet (Z1 = Z2, Z2 = Z3, …, the last 470383); `cached`: the result Excel saved with it.
 */
function formulaChain(cached?: string): string {
  return laiwuWorkbook((parts, sheet) => {
    const part = sheet('一般公共预算');
    const xml = X.partText(parts, part);
    const start = X.lastRow(xml) + 1;
    const rows = Array.from({ length: 900 }, (_, i) => ({ r: start + i, cells: [{ ref: `Z${start + i}`, c: (i === 899 ? { kind: 'number', value: '470383' } : { kind: 'formula', formula: `Z${start + i + 1}` }) as X.NewContent }] }));
    X.setPartText(parts, part, X.appendRows(xml, rows));
    setCell(parts, part, CURRENT, { kind: 'formula', formula: `Z${start}`, ...(cached !== undefined ? { cached } : {}) });
  });
}

describe('workbook formulas that overflowed the evaluator', () => {
  it('a chain of 900 formulas: the saved result of the cell is used as Excel computed it (no stack overflow)', async () => {
    const file = formulaChain('470383');
    const { code, issues } = await issuesOf(file);
    expect(code).toBe(0);
    expect(issues.filter((i) => i.severity === 'error')).toEqual([]);
  });

  it('the same chain without saved results: the cell is named, and why (too long a chain to compute)', async () => {
    const file = formulaChain();
    const { code, issues, text } = await issuesOf(file);
    expect(code).toBe(1);
    expect(text).not.toMatch(STACK);
    expect(issues).toContainEqual(expect.objectContaining({ code: 'xlsx-formula-uncalculated', place: expect.objectContaining({ sheet: '一般公共预算', cell: CURRENT }) }));
    expect(issues.find((i) => i.code === 'xlsx-formula-uncalculated').message).toContain('公式层层引用超过 200 个单元格');
  });

  it('5,000 nested parentheses: refused at the cell as a formula it cannot compute, its text cut short', async () => {
    const file = laiwuWorkbook((parts, sheet) => setCell(parts, sheet('一般公共预算'), CURRENT, { kind: 'formula', formula: '('.repeat(5000) + '470383' + ')'.repeat(5000) }));
    const { code, issues, text } = await issuesOf(file);
    expect(code).toBe(1);
    expect(text).not.toMatch(STACK);
    const issue = issues.find((i) => i.code === 'xlsx-formula-uncalculated');
    expect(issue.place).toMatchObject({ sheet: '一般公共预算', cell: CURRENT });
    expect(issue.message).toContain('公式过长');
    expect(issue.message.length).toBeLessThan(400);
  });

  it('100 levels of parentheses compute; 101 are refused as nested too deep', async () => {
    const at = (n: number) => laiwuWorkbook((parts, sheet) => setCell(parts, sheet('一般公共预算'), CURRENT, { kind: 'formula', formula: '('.repeat(n) + '470383' + ')'.repeat(n) }));
    expect((await issuesOf(at(99))).code).toBe(0);
    const deep = await issuesOf(at(101));
    expect(deep.issues.find((i) => i.code === 'xlsx-formula-uncalculated').message).toContain('公式嵌套过深');
  });

  it('ROUND(x,1e10) is refused at its cell (it threw a DecimalError); ROUND with negative digits rounds to hundreds as Excel does', async () => {
    const huge = await issuesOf(laiwuWorkbook((parts, sheet) => setCell(parts, sheet('一般公共预算'), CURRENT, { kind: 'formula', formula: 'ROUND(470383,1e10)' })));
    expect(huge.text).not.toMatch(STACK);
    const issue = huge.issues.find((i) => i.code === 'xlsx-formula-uncalculated');
    expect(issue.place).toMatchObject({ cell: CURRENT });
    expect(issue.message).toContain('ROUND 的位数 10000000000 超出支持的范围');
    // 470383 → 470400: the totals then disagree by 17, which the rules say (the value was read).
    const hundreds = await issuesOf(laiwuWorkbook((parts, sheet) => setCell(parts, sheet('一般公共预算'), CURRENT, { kind: 'formula', formula: 'ROUND(470383,-2)' })));
    expect(hundreds.issues.find((i) => i.code === 'budget-balance')?.message).toContain('多 17');
  });
});

describe('workbooks the library choked on', () => {
  it('a changed hidden column key (the figures sheet\'s unit column renamed) is refused at row 1 of that sheet, not a crash', async () => {
    const file = laiwuWorkbook((parts, sheet) => {
      const part = sheet('数据表');
      const xml = X.partText(parts, part);
      const unit = X.cellsOf(xml, X.sharedStrings(parts)).find((c) => /^[A-Z]+1$/.test(c.ref) && c.text === 'unit')!;
      X.setPartText(parts, part, X.replaceCell(xml, unit, { kind: 'text', text: 'value' }));
    });
    const { code, issues, text } = await issuesOf(file);
    expect(code).toBe(1);
    expect(text).not.toMatch(STACK);
    expect(issues).toContainEqual(expect.objectContaining({ code: 'xlsx-missing-column', place: expect.objectContaining({ sheet: '数据表', cell: 'A1' }) }));
    expect(issues.find((i) => i.code === 'xlsx-missing-column').message).toContain('“unit”');
  });

  it('a merge over the whole sheet is refused at its cell before the library makes a cell object for each of 17 billion cells', async () => {
    const file = laiwuWorkbook((parts, sheet) => {
      const part = sheet('基本信息');
      X.setPartText(parts, part, X.partText(parts, part).replace('</sheetData>', '</sheetData><mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>'));
    });
    const { code, issues } = await issuesOf(file);
    expect(code).toBe(1);
    expect(issues).toEqual([expect.objectContaining({ code: 'xlsx-merge-too-large', place: expect.objectContaining({ sheet: '基本信息', cell: 'A1' }) })]);
  });

  it('two merges over the same cells are refused with both ranges named (the library said "Cannot merge already merged cells")', async () => {
    const file = laiwuWorkbook((parts, sheet) => {
      const part = sheet('一般公共预算');
      X.setPartText(parts, part, X.partText(parts, part).replace('</sheetData>', '</sheetData><mergeCells count="2"><mergeCell ref="D5:E6"/><mergeCell ref="E6:F7"/></mergeCells>'));
    });
    const { issues } = await issuesOf(file);
    expect(issues).toEqual([expect.objectContaining({ code: 'xlsx-merge-overlap', place: expect.objectContaining({ sheet: '一般公共预算', cell: 'E6' }) })]);
    expect(issues[0].message).toMatch(/E6:F7 与 D5:E6 重叠/);
  });

  it('a sheet listed without its content is refused by name, not read as an absent (optional) budget', async () => {
    const file = laiwuWorkbook((parts, sheet) => {
      delete parts[sheet('政府性基金预算')];
    });
    const { code, issues } = await issuesOf(file);
    expect(code).toBe(1);
    expect(issues).toEqual([expect.objectContaining({ code: 'xlsx-corrupt', place: expect.objectContaining({ sheet: '政府性基金预算' }) })]);
  });
});

describe('an unexpected error', () => {
  // A library failing inside a build, as nothing in the data can make it: zlib replaced before the
  // CLI loads (the real bundled CLI, as a writer runs it).
  const inject = () => {
    const dir = tmp();
    const file = join(dir, 'inject.js');
    writeFileSync(file, `const zlib = require('node:zlib'); zlib.deflateRawSync = () => { throw new TypeError("Cannot read properties of undefined (reading 'x')"); };`);
    return { dir, file };
  };
  const bin = join(ROOT, 'bin', 'fiscal-report.js');
  const hasBundle = existsSync(join(ROOT, 'dist', 'bundle', 'index.cjs'));
  const itBundle = hasBundle ? it : it.skip;

  itBundle('prints one Chinese line naming the file, the log file and whom to send them to — not a stack or the bundle\'s source; exit 1', () => {
    const { dir, file } = inject();
    const r = spawnSync(process.execPath, ['-r', file, bin, 'build', LAIWU, '--out', join(dir, 'out')], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, TMPDIR: dir } });
    expect(r.status).toBe(1);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^程序内部错误：处理 .*laiwu-2024\.json 时出现了本工具自身的问题（不是数据填写的问题）/);
    expect(lines[0]).toContain('负责 fiscal-report 的技术人员');
    expect(r.stderr.length).toBeLessThan(600);
    expect(r.stderr).not.toMatch(STACK);
    const log = /记录文件 (\S+\.log)/.exec(lines[0]!)?.[1];
    expect(log && existsSync(log)).toBe(true);
    const body = readFileSync(log!, 'utf8');
    expect(body).toContain(`命令：fiscal-report build ${LAIWU}`);
    expect(body).toMatch(/TypeError: Cannot read properties of undefined[\s\S]*\n\s+at /);
    expect(readdirSync(dir).filter((f) => f.endsWith('.log'))).toHaveLength(1);
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });

  itBundle('with --debug the stack follows the line, and no log file is written', () => {
    const { dir, file } = inject();
    const r = spawnSync(process.execPath, ['-r', file, bin, 'build', LAIWU, '--out', join(dir, 'out'), '--debug'], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, TMPDIR: dir } });
    expect(r.status).toBe(1);
    expect(r.stderr.split('\n')[0]).toMatch(/^程序内部错误：.*请把下面的详细信息/);
    expect(r.stderr).toMatch(/TypeError: Cannot read properties of undefined[\s\S]*\n\s+at /);
    expect(readdirSync(dir).filter((f) => f.endsWith('.log'))).toEqual([]);
  });

  it('in process (tests, the batch) main() answers it the same way instead of rejecting', async () => {
    const zlib = require('node:zlib') as typeof import('node:zlib');
    const original = zlib.deflateRawSync;
    (zlib as { deflateRawSync: unknown }).deflateRawSync = () => {
      throw new RangeError('Maximum call stack size exceeded');
    };
    try {
      const r = await cli(['build', LAIWU, '--out', join(tmp(), 'out')]);
      expect(r.code).toBe(1);
      expect(r.text).toMatch(/^程序内部错误：处理 .*laiwu-2024\.json 时/);
      expect(r.text).not.toMatch(STACK);
    } finally {
      (zlib as { deflateRawSync: unknown }).deflateRawSync = original;
    }
  });
});
