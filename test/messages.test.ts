import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { WORKBOOK_ZIP_LIMITS } from '../src/load/sniff';
import { DEFAULT_LIMITS } from '../src/web/app';
import { show } from '../src/validate/rules/identity';
import { DATA, LAIWU, laiwuRaw } from './helpers';
import { cli, issuesOf, laiwuWorkbook, tmp, writeDataset } from './validate-helpers';
import { zipBomb } from './web-helpers';
import * as X from './fuzz/xlsx-xml';

// Issue 18, "Messages": every message Chinese, placed and short — the workbook library's English
// is not passed on, template errors always name a line, a helper given nothing does not print the
// view model, and the CLI reads workbooks within the web page's inflation limit.

/** English a library writes (the project's messages are Chinese; paths and file names are not sentences). */
const ENGLISH = /\b(?:Cannot|Unexpected|Invalid|Unclosed|Unmatched|expected|received|not defined|doesn't|Missing|Parse error|Lexical error|Error)\b/;


describe('a corrupt workbook is described in Chinese, without the library\'s English', () => {
  it('a worksheet cut short: the sheet named, with the line and column in its part and what is wrong there', async () => {
    const file = laiwuWorkbook((parts, sheet) => {
      const part = sheet('一般公共预算');
      const xml = X.partText(parts, part);
      X.setPartText(parts, part, xml.slice(0, Math.floor(xml.length / 2)));
    });
    const { code, issues } = await issuesOf(file);
    expect(code).toBe(1);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ code: 'xlsx-corrupt', place: { file } });
    expect(issues[0].message).toMatch(/^工作簿中工作表“一般公共预算”的内容已损坏（该部件第 \d+ 行第 \d+ 列：/);
    expect(issues[0].message).not.toMatch(ENGLISH);
  });

  it('the shared strings cut short, a cell pointing past them, a cell address the library cannot read: Chinese only', async () => {
    const cases = [
      laiwuWorkbook((parts) => X.setPartText(parts, 'xl/sharedStrings.xml', X.partText(parts, 'xl/sharedStrings.xml').slice(0, 5000))),
      laiwuWorkbook((parts, sheet) => X.setPartText(parts, sheet('基本信息'), X.partText(parts, sheet('基本信息')).replace('<v>12</v>', '<v>99999</v>'))),
      laiwuWorkbook((parts, sheet) => X.setPartText(parts, sheet('一般公共预算'), X.partText(parts, sheet('一般公共预算')).replace('r="D6"', 'r="6D"'))),
    ];
    for (const file of cases) {
      const { code, issues } = await issuesOf(file);
      expect(code).toBe(1);
      for (const i of issues) {
        expect(i.message).toMatch(/[\u4e00-\u9fff]/);
        expect(i.message).not.toMatch(ENGLISH);
      }
      expect(issues.map((i) => i.code)).toContain('xlsx-corrupt');
    }
  });

  it('the shared strings missing: refused as damaged, not read as a workbook without a report kind', async () => {
    const file = laiwuWorkbook((parts) => {
      delete parts['xl/sharedStrings.xml'];
    });
    const { issues } = await issuesOf(file);
    expect(issues).toEqual([expect.objectContaining({ code: 'xlsx-corrupt' })]);
    expect(issues[0].message).toContain('单元格文字表（xl/sharedStrings.xml）缺失');
  });
});

describe('template errors are Chinese and always name a line', () => {
  const cases: [string, string, RegExp][] = [
    ['{{wan}}', '助手 wan 缺少参数', /^第 2 行/],
    ['{{wan debt}}', '实为对象（含', /^第 2 行/],
    ['{{#if}}x{{/if}}', '{{#if}} 需要且只能有一个参数', /^第 2 行/],
    ['{{#each}}x{{/each}}', '{{#each}} 需要一个列表作参数', /^第 2 行/],
    ['{{#if debt}}x{{/each}}', '块的开头 {{#if}} 与结尾 {{/each}} 不配对', /^第 2 行/],
    ['{{ }}', '模板语法错误', /^第 2 行/],
    ['{{!-- 未结束的注释', '模板语法错误', /^第 2 行/],
    ['{{> final-accounts/没有这个子模板}}', '找不到子模板 final-accounts/没有这个子模板', /^第 2 行/],
    ['{{yi nosuch.limit.total}}', '字段“nosuch”在数据中不存在，无法取其中的“limit”', /^第 2 行/],
    ['{{* decorate}}', '未知的修饰器', /^第 2 行/],
    ['{{> final-accounts/debt}}', '模板层层调用过深', /^第 2 行/],
    ['{{h 7}}', '标题级别', /^第 2 行/],
  ];

  it.each(cases)('%s → %s, at its line', async (line, message, where) => {
    const dir = tmp();
    mkdirSync(join(dir, 'final-accounts'));
    writeFileSync(join(dir, 'final-accounts', 'debt.hbs'), `政府债务\n${line}\n`);
    const r = await cli(['build', LAIWU, '--templates', dir, '--out', join(dir, 'out')]);
    expect(r.code).toBe(1);
    const text = r.text.split('\n').find((l) => l.includes('［模板］'))!;
    expect(text).toBeDefined();
    const after = text.slice(text.indexOf('debt.hbs') + 'debt.hbs '.length);
    expect(after).toMatch(where);
    expect(text).toContain(message);
    expect(text).not.toMatch(ENGLISH);
    expect(text.length).toBeLessThan(300);
  });

  it('{{wan}} with no argument does not print the view model (it printed 49 KB of it)', async () => {
    const dir = tmp();
    mkdirSync(join(dir, 'final-accounts'));
    writeFileSync(join(dir, 'final-accounts', 'debt.hbs'), '{{wan}}\n');
    const r = await cli(['build', LAIWU, '--templates', dir, '--out', join(dir, 'out')]);
    expect(r.text).toMatch(/debt\.hbs 第 1 行第 1 列：助手 wan 缺少参数：应写成 \{\{wan 数据中的数字\}\}/);
    expect(r.text).not.toContain('莱芜区财政局');
    expect(r.text.length).toBeLessThan(300);
  });
});

describe('the CLI reads workbooks within the web page\'s inflation limit', () => {
  it('one limit for both: the web page\'s default is the loader\'s', () => {
    expect(DEFAULT_LIMITS.maxInflated).toBe(WORKBOOK_ZIP_LIMITS.maxInflated);
    expect(DEFAULT_LIMITS.maxZipEntries).toBe(WORKBOOK_ZIP_LIMITS.maxEntries);
  });

  it('a 300 MB zip bomb named .xlsx is refused by validate and build before it is unpacked whole (it was validated at 1 GB of memory)', async () => {
    const file = join(tmp(), 'bomb.xlsx');
    writeFileSync(file, zipBomb(300));
    const rss = process.memoryUsage().rss;
    const { code, issues } = await issuesOf(file);
    expect(code).toBe(1);
    expect(issues).toEqual([expect.objectContaining({ code: 'xlsx-too-large', place: { file } })]);
    expect(issues[0].message).toContain('超过上限 100 MB');
    const build = await cli(['build', file, '--out', join(tmp(), 'out')]);
    expect(build.code).toBe(1);
    expect(build.text).toContain('超过上限 100 MB');
    expect(process.memoryUsage().rss - rss).toBeLessThan(200 * 1048576);
  });
});

describe('messages are short', () => {
  it('a value of 6,000 characters is quoted cut to 40 in the message', async () => {
    const raw = laiwuRaw();
    const name = Object.keys(raw.figures)[0]!;
    raw.figures[name].unit = '很长'.repeat(3000);
    const { file } = writeDataset(raw);
    const { issues } = await issuesOf(file);
    const unit = issues.find((i) => i.place?.path === `figures.${name}.unit`);
    expect(unit).toBeDefined();
    expect(unit.message.length).toBeLessThan(400);
    expect(unit.message).toMatch(/实为 文字 "(很长){19}很…"/);
  });

  it('a sum rule given 1e308 (the fuzzer found it in the 决算草案表) says the number in scientific notation, not in 309 digits', async () => {
    const raw = JSON.parse(readFileSync(join(DATA, 'qinghe-2024.json'), 'utf8'));
    const table = Object.values(raw.classified).find((t: any) => t?.rows?.length > 1 && t.rows[1].lastYear !== undefined) as any;
    table.rows[1].lastYear = -1e308;
    const { file } = writeDataset(raw, tmp(), 'qinghe-2024.json');
    const { issues } = await issuesOf(file);
    const sums = issues.filter((i) => i.code === 'classified-sum');
    expect(sums.length).toBeGreaterThan(0);
    for (const i of sums) expect(i.message.length).toBeLessThan(400);
    expect(sums.map((i) => i.message).join('\n')).toMatch(/-1e\+308/);
    // Ordinary figures are written out as before.
    expect(show(470383.5)).toBe('470383.5');
    expect(show(-0)).toBe('0');
    expect(show(1e-300)).toBe('1e-300');
  });
});
