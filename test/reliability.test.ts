import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { main } from '../src/cli';
import { checkUpload } from '../src/web/build';
import { packReport } from '../src/docx/pack';
import { xmlFault } from '../src/refresh/well-formed';
import { hasXmlForbidden } from '../src/model/xml-chars';
import { FiscalError } from '../src/model/issue';
import { DATA, docxPart, laiwuRaw, mustBuild, ROOT, xmlParagraphs } from './helpers';
import { capture, placeOf, tmp, writeDataset } from './validate-helpers';
import { damagePart, editWorkbook, patchPart } from './xlsx-helpers';

// Issue 18: what a fuzzer found. Each input that printed a wrong number, wrote a file Word cannot
// open, or crashed is refused with its place, through the CLI, and nothing is written.

const performanceRaw = (): any => JSON.parse(readFileSync(join(DATA, 'laiwu-2024-performance.json'), 'utf8'));

/** Runs the CLI in process; the output directory is a fresh one unless given. */
async function cli(args: string[]): Promise<{ code: number; text: string }> {
  const { out, lines } = capture();
  const code = await main(args, out);
  return { code, text: lines.join('\n') };
}

/** build into a fresh directory: the exit code, the messages, and what was written there. */
async function build(file: string): Promise<{ code: number; text: string; written: string[] }> {
  const outDir = join(tmp(), 'out');
  const r = await cli(['build', file, '--out', outDir]);
  return { ...r, written: existsSync(outDir) ? readdirSync(outDir) : [] };
}

/** validate --json: the exit code and the issues. */
async function validate(file: string): Promise<{ code: number; issues: any[] }> {
  const r = await cli(['validate', file, '--json']);
  return { code: r.code, issues: JSON.parse(r.text).issues };
}

/** GBK bytes of a text, from the decoder's table (Node has no GBK encoder). */
let gbkTable: Map<string, number[]> | null = null;
function gbk(text: string): Buffer {
  if (!gbkTable) {
    gbkTable = new Map();
    const dec = new TextDecoder('gbk');
    for (let a = 0x81; a <= 0xfe; a++)
      for (let b = 0x40; b <= 0xfe; b++) {
        const ch = dec.decode(Uint8Array.of(a, b));
        if (ch.length === 1 && ch !== '\ufffd' && !gbkTable.has(ch)) gbkTable.set(ch, [a, b]);
      }
  }
  const bytes: number[] = [];
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (code < 0x80) bytes.push(code);
    else bytes.push(...(gbkTable.get(ch) ?? [0x3f]));
  }
  return Buffer.from(bytes);
}

describe('a JSON file that is not UTF-8 is refused with the web page\'s message', () => {
  const MESSAGE = /不是 UTF-8 编码（可能是 GBK）.*另存为.*UTF-8/;

  it('a dataset saved as GBK: build says so (not "duplicate field"), places the first bad byte, exits 1 and writes nothing', async () => {
    const dir = tmp();
    const file = join(dir, 'gbk.json');
    const text = JSON.stringify(laiwuRaw(), null, 2);
    writeFileSync(file, gbk(text));
    const r = await build(file);
    expect(r.code).toBe(1);
    expect(r.text).toMatch(MESSAGE);
    expect(r.text).not.toContain('重复');
    const firstLine = text.split('\n').findIndex((l) => /[^\x00-\x7f]/.test(l)) + 1;
    expect(r.text).toContain(`文件 ${file} 第 ${firstLine} 行`);
    expect(r.written).toEqual([]);
    const v = await validate(file);
    expect(v.code).toBe(1);
    expect(v.issues).toEqual([expect.objectContaining({ code: 'file-encoding', place: expect.objectContaining({ file, line: firstLine }) })]);
  });

  it('two stray bytes in a text (which used to print as "����") are refused at their line', async () => {
    const raw = laiwuRaw();
    raw.meta.bureau = 'BUREAU-MARK';
    const { file, text } = writeDataset(raw);
    const bytes = Buffer.from(text, 'utf8');
    const at = bytes.indexOf('BUREAU-MARK');
    writeFileSync(file, Buffer.concat([bytes.subarray(0, at), Buffer.from([0xc4, 0xea]), bytes.subarray(at + 'BUREAU-MARK'.length)]));
    const r = await build(file);
    expect(r.code).toBe(1);
    expect(r.text).toMatch(MESSAGE);
    expect(r.text).toContain(`第 ${placeOf(text, ['meta', 'bureau']).line} 行`);
    expect(r.written).toEqual([]);
  });

  it('one function for the CLI and the web page: the same message for an upload', () => {
    const bytes = gbk('{"kind": "performance", "meta": {"district": "莱芜区"}}');
    let web: FiscalError | null = null;
    try {
      checkUpload({ name: 'data.json', bytes });
    } catch (e) {
      web = e as FiscalError;
    }
    expect(web?.issues[0]?.message).toMatch(MESSAGE);
    expect(web?.issues[0]?.code).toBe('file-encoding');
  });

  it('an attached report saved as GBK is refused in its own file', async () => {
    const dir = tmp();
    const { file } = writeDataset(laiwuRaw(), dir);
    const report = join(dir, 'laiwu-2024-performance.json');
    writeFileSync(report, gbk(readFileSync(report, 'utf8')));
    const v = await validate(file);
    expect(v.code).toBe(1);
    expect(v.issues).toEqual([expect.objectContaining({ code: 'file-encoding', place: expect.objectContaining({ file: report }) })]);
  });
});

describe('characters XML forbids are refused where they are read, and never written', () => {
  it('a vertical tab in a narrative text: U+000B named, placed at its line, nothing written', async () => {
    const raw = performanceRaw();
    raw.sections[0].text = '今年\u000B以来，工作扎实推进。';
    const { file, text } = writeDataset(raw, tmp(), 'performance.json');
    const r = await build(file);
    expect(r.code).toBe(1);
    expect(r.text).toContain(`文件 ${file} 第 ${placeOf(text, ['sections', 0, 'text']).line} 行`);
    expect(r.text).toContain('（数据路径 sections[0].text）');
    expect(r.text).toMatch(/不允许的字符 U\+000B（垂直制表符），在第 3 个字符处/);
    expect(r.written).toEqual([]);
  });

  it('U+FFFE, U+FFFF, NUL and a lone surrogate anywhere in the data, the bureau (core.xml) included: validate reports each', async () => {
    const raw = laiwuRaw();
    raw.meta.bureau = '济南市莱芜区财政局\uFFFE';
    raw.meta.government = '莱芜区人民政府\uFFFF';
    raw.analysis.problems[0].text = '\u0000问题';
    raw.plans[0].lead = '加强\uD800管理';
    const { file, text } = writeDataset(raw);
    const v = await validate(file);
    expect(v.code).toBe(1);
    const found = v.issues.filter((i) => i.code === 'text-forbidden-char').map((i) => [i.place.path, i.place.line, i.actual]);
    expect(found).toEqual(
      expect.arrayContaining([
        ['meta.bureau', placeOf(text, ['meta', 'bureau']).line, 'U+FFFE'],
        ['meta.government', placeOf(text, ['meta', 'government']).line, 'U+FFFF'],
        ['analysis.problems[0].text', placeOf(text, ['analysis', 'problems', 0, 'text']).line, 'U+0000'],
        ['plans[0].lead', placeOf(text, ['plans', 0, 'lead']).line, 'U+D800'],
      ]),
    );
    expect(found).toHaveLength(4);
    // A character outside the BMP is an ordinary character.
    raw.meta.bureau = '济南市莱芜区财政局𠮷';
    raw.meta.government = '莱芜区人民政府';
    raw.analysis.problems[0].text = '问题';
    raw.plans[0].lead = '加强管理';
    expect((await validate(writeDataset(raw).file)).code).toBe(0);
  });

  it('in a workbook (Excel keeps them as _x000C_): the sheet and cell', async () => {
    const bytes = await editWorkbook(readFileSync(join(DATA, 'laiwu-2024-performance.xlsx')), (wb) => {
      wb.getWorksheet('正文')!.getCell('E9').value = '首创MARK联动机制。';
    });
    const file = join(tmp(), 'performance.xlsx');
    writeFileSync(file, patchPart(bytes, 'xl/sharedStrings.xml', (xml) => xml.replace('MARK', '_x000C_')));
    const r = await build(file);
    expect(r.code).toBe(1);
    expect(r.text).toMatch(/工作表“正文” 单元格 E9.*不允许的字符 U\+000C（换页符）/);
    expect(r.written).toEqual([]);
  });

  it('each forbidden character is found by the writer\'s check, and nothing else is (characters outside the BMP, tab, line ends)', () => {
    for (const bad of ['\u0000', '\u000B', '\u001F', '\uFFFE', '\uFFFF', '\uD800', '\uDC00', '\uDBFF\uDBFF', '😀\uD83D'])
      expect([bad, hasXmlForbidden(`甲${bad}乙`)]).toEqual([bad, true]);
    for (const good of ['', '财政收入470383万元', '😀𠀀', '\t\n\r', '\uFFFD', '\uE000'])
      expect([good, hasXmlForbidden(good)]).toEqual([good, false]);
  });

  it('the DOCX writer refuses to write a part holding one (an internal error, not a broken file)', async () => {
    const doc = mustBuild(laiwuRaw());
    const para = doc.blocks.find((b) => b.type === 'paragraph' && b.runs.length > 0) as any;
    para.runs[0].text += '\uFFFF';
    await expect(packReport(doc)).rejects.toThrow(/word\/document\.xml 中含有 XML 不允许的字符 U\+FFFF.*内部错误/);
    const clean = mustBuild(laiwuRaw());
    clean.properties.author = '财政局\u0001';
    await expect(packReport(clean)).rejects.toThrow(/docProps\/core\.xml 中含有 XML 不允许的字符 U\+0001/);
  });
});

describe('dates are checked as dates, where they are written', () => {
  const workPlanRaw = (): any => JSON.parse(readFileSync(join(DATA, 'hecheng-2025-work-plan.json'), 'utf8'));

  it.each(['2025-02-30', '2025-13-01', '2025-04-31', '2025-00-10'])('an impossible meeting date %s: validate reports it at its line, build blames the data (not a template) and writes nothing', async (date) => {
    const raw = laiwuRaw();
    raw.meta.meeting.date = date;
    const { file, text } = writeDataset(raw);
    const v = await validate(file);
    expect(v.code).toBe(1);
    expect(v.issues).toEqual([
      expect.objectContaining({ code: 'schema-invalid-date', place: expect.objectContaining({ path: 'meta.meeting.date', line: placeOf(text, ['meta', 'meeting', 'date']).line }) }),
    ]);
    expect(v.issues[0].message).toContain('不是实际存在的日期');
    const b = await build(file);
    expect(b.code).toBe(1);
    expect(b.text).toContain('（数据路径 meta.meeting.date）');
    expect(b.text).not.toMatch(/template|\.hbs/);
    expect(b.written).toEqual([]);
  });

  it('for every kind: a work plan\'s and a performance report\'s date', async () => {
    const plan = workPlanRaw();
    plan.meta.date = '2025-02-29';
    const perf = performanceRaw();
    perf.meta.date = '2024-11-31';
    for (const [raw, name] of [[plan, 'plan.json'], [perf, 'performance.json']] as const) {
      const v = await validate(writeDataset(raw, tmp(), name).file);
      expect(v.code).toBe(1);
      expect(v.issues).toEqual([expect.objectContaining({ code: 'schema-invalid-date', place: expect.objectContaining({ path: 'meta.date' }) })]);
    }
  });

  it('in a workbook, a date typed as text is placed at its cell', async () => {
    const bytes = await editWorkbook(readFileSync(join(DATA, 'hecheng-2025-work-plan.xlsx')), (wb) => {
      wb.getWorksheet('基本信息')!.getCell('D9').value = '2025-02-30';
    });
    const file = join(tmp(), 'plan.xlsx');
    writeFileSync(file, bytes);
    const v = await validate(file);
    expect(v.code).toBe(1);
    expect(v.issues).toEqual([expect.objectContaining({ code: 'schema-invalid-date', place: expect.objectContaining({ sheet: '基本信息', cell: 'D9' }) })]);
  });

  it.each(['2108-01-01', '2150-06-30', '1979-12-31'])('a date a DOCX cannot hold (%s) is a validation error, and build writes nothing rather than crash', async (date) => {
    const raw = laiwuRaw();
    raw.meta.meeting.date = date;
    const { file } = writeDataset(raw);
    const v = await validate(file);
    expect(v.code).toBe(1);
    expect(v.issues).toEqual([expect.objectContaining({ code: 'schema-invalid-date', place: expect.objectContaining({ path: 'meta.meeting.date' }), expected: '1980-01-01 至 2107-12-31' })]);
    expect(v.issues[0].message).toContain('年份应在 1980 至 2107 年之间');
    const b = await build(file);
    expect(b.code).toBe(1);
    expect(b.text).not.toContain('RangeError');
    expect(b.written).toEqual([]);
  });

  it('the zip writer clamps a date it cannot hold instead of throwing RangeError', async () => {
    const entryDate = (bytes: Buffer) => {
      const d = bytes.readUInt16LE(12);
      return [1980 + (d >> 9), (d >> 5) & 15, d & 31];
    };
    const doc = mustBuild(laiwuRaw());
    doc.properties.created = '2150-06-30';
    expect(entryDate(await packReport(doc))).toEqual([2107, 12, 31]);
    doc.properties.created = '1970-01-01';
    expect(entryDate(await packReport(doc))).toEqual([1980, 1, 1]);
    doc.properties.created = '2025-08-29';
    expect(entryDate(await packReport(doc))).toEqual([2025, 8, 29]);
  });
});

describe('figure units are words printed after the number', () => {
  const firstFigure = (raw: any) => Object.keys(raw.figures)[0]!;

  it.each([
    ['1个', '不能以数字或符号开头'],
    ['个 项', '不能有空格或换行'],
    ['{个}', '不能有花括号'],
  ])('the unit "%s" is refused at its place', async (unit, says) => {
    const raw = performanceRaw();
    const name = firstFigure(raw);
    raw.figures[name].unit = unit;
    const { file, text } = writeDataset(raw, tmp(), 'performance.json');
    const v = await validate(file);
    expect(v.code).toBe(1);
    expect(v.issues).toEqual([
      expect.objectContaining({ code: 'schema-invalid-unit', place: expect.objectContaining({ path: `figures.${name}.unit`, line: placeOf(text, ['figures', name, 'unit']).line }) }),
    ]);
    expect(v.issues[0].message).toContain(says);
    const b = await build(file);
    expect(b.code).toBe(1);
    expect(b.written).toEqual([]);
  });

  it('in the final-accounts figures table too ("161个" can no longer be printed)', async () => {
    const raw = laiwuRaw();
    const name = Object.keys(raw.figures).find((n) => raw.figures[n].unit === '个')!;
    raw.figures[name].unit = '1个';
    const { file, text } = writeDataset(raw);
    const v = await validate(file);
    expect(v.issues).toEqual([expect.objectContaining({ code: 'schema-invalid-unit', place: expect.objectContaining({ path: `figures.${name}.unit`, line: placeOf(text, ['figures', name, 'unit']).line }) })]);
  });

  it('a line break in a unit (JSON \\n) is a located validation error, not "数字标记不完整（内部错误）"', async () => {
    const raw = performanceRaw();
    const name = firstFigure(raw);
    raw.figures[name].unit = '万\n元';
    const { file, text } = writeDataset(raw, tmp(), 'performance.json');
    const b = await build(file);
    expect(b.code).toBe(1);
    expect(b.text).not.toContain('内部错误');
    expect(b.text).toContain(`第 ${placeOf(text, ['figures', name, 'unit']).line} 行`);
    expect(b.text).toContain('"万\\n元"');
    expect(b.written).toEqual([]);
    expect((await validate(file)).issues).toEqual([expect.objectContaining({ code: 'schema-invalid-unit' })]);
  });

  it('a line break typed with Alt+Enter in the workbook\'s unit cell: the sheet and cell', async () => {
    let cell = '';
    const bytes = await editWorkbook(readFileSync(join(DATA, 'laiwu-2024-performance.xlsx')), (wb) => {
      const c = wb.getWorksheet('数据表')!.getCell(5, 6);
      cell = c.address;
      c.value = '个\n项';
    });
    const file = join(tmp(), 'performance.xlsx');
    writeFileSync(file, bytes);
    const b = await build(file);
    expect(b.code).toBe(1);
    expect(b.text).not.toContain('内部错误');
    expect(b.text).toContain(`工作表“数据表” 单元格 ${cell}`);
    expect(b.written).toEqual([]);
  });
});

describe('a brace that is not part of a {{名称}} reference is an error with its place', () => {
  it.each([
    ['目标{{NAME}，全年完成。', '“{{”没有配对的“}}”', '目标{{NAME}，全年完成。'],
    ['目标NAME}}，全年完成。', '“}}”前没有配对的“{{”', 'NAME}}'],
    ['目标{NAME}}，全年完成。', '“}}”前没有配对的“{{”', '{NAME}}'],
  ])('in narrative text: %s', async (typed, says, shown) => {
    const raw = performanceRaw();
    const name = Object.keys(raw.figures)[0]!;
    raw.sections[0].text = typed.replace('NAME', name);
    const { file, text } = writeDataset(raw, tmp(), 'performance.json');
    const v = await validate(file);
    expect(v.code).toBe(1);
    expect(v.issues).toEqual([
      expect.objectContaining({ code: 'prose-unmatched-brace', place: expect.objectContaining({ path: 'sections[0].text', line: placeOf(text, ['sections', 0, 'text']).line }) }),
    ]);
    expect(v.issues[0].message).toContain(says);
    expect(v.issues[0].message).toContain(shown.replace('NAME', name));
    // Where it sits, as the writer sees the report.
    expect(v.issues[0].message).toMatch(/^“一、.*”的正文中/);
    const b = await build(file);
    expect(b.code).toBe(1);
    expect(b.written).toEqual([]);
  });

  it('in the final-accounts narrative, and in a workbook cell', async () => {
    const raw = laiwuRaw();
    raw.analysis.problems[0].text = '税收{{税收收入';
    const { file, text } = writeDataset(raw);
    const v = await validate(file);
    expect(v.code).toBe(1);
    expect(v.issues).toEqual([
      expect.objectContaining({ code: 'prose-unmatched-brace', place: expect.objectContaining({ path: 'analysis.problems[0].text', line: placeOf(text, ['analysis', 'problems', 0, 'text']).line }) }),
    ]);
    const bytes = await editWorkbook(readFileSync(join(DATA, 'laiwu-2024-performance.xlsx')), (wb) => {
      wb.getWorksheet('正文')!.getCell('E9').value = '首创{{联动机制。';
    });
    const xlsx = join(tmp(), 'performance.xlsx');
    writeFileSync(xlsx, bytes);
    const w = await validate(xlsx);
    expect(w.issues).toEqual([expect.objectContaining({ code: 'prose-unmatched-brace', place: expect.objectContaining({ sheet: '正文', cell: 'E9' }) })]);
  });

  it('text that cannot cite figures (a name, a label) prints as typed: {{ or }} there is an error too', async () => {
    const raw = laiwuRaw();
    raw.meta.bureau = '{{财政局}}';
    const { file, text } = writeDataset(raw);
    const v = await validate(file);
    expect(v.code).toBe(1);
    expect(v.issues).toEqual([expect.objectContaining({ code: 'text-braces', place: expect.objectContaining({ path: 'meta.bureau', line: placeOf(text, ['meta', 'bureau']).line }) })]);
  });

  it('a single brace is text like any other and prints as typed', async () => {
    const raw = performanceRaw();
    raw.sections[0].text = '按{甲}类{乙}项管理。';
    const { file } = writeDataset(raw, tmp(), 'performance.json');
    expect((await validate(file)).code).toBe(0);
  });

  it('complete references pass, as in every example', async () => {
    for (const f of ['laiwu-2024.json', 'laiwu-2024-performance.json', 'hecheng-2025-work-plan.json']) expect((await validate(join(DATA, f))).code).toBe(0);
  });
});

describe('figures named like Object.prototype members (constructor, toString …) are ordinary names', () => {
  const NAMES = ['constructor', 'toString', 'hasOwnProperty', 'valueOf', 'isPrototypeOf', 'propertyIsEnumerable', 'toLocaleString', '__defineGetter__', '__lookupGetter__'];
  const docText = (file: string) => xmlParagraphs(docxPart(readFileSync(file), 'word/document.xml')).join('\n');

  it('in a narrative report: defined, summed and cited, they print', async () => {
    const raw = performanceRaw();
    NAMES.forEach((n, i) => (raw.figures[n] = { value: i + 1, unit: '个' }));
    raw.figures['合计'] = { sum: NAMES, unit: '个' };
    raw.sections[0].text = `${NAMES.map((n) => `{{${n}}}`).join('、')}，共{{合计}}。`;
    const outDir = join(tmp(), 'out');
    const r = await cli(['build', writeDataset(raw, tmp(), 'performance.json').file, '--out', outDir]);
    expect(r.code).toBe(0);
    const [docx] = readdirSync(outDir).filter((f) => f.endsWith('.docx'));
    expect(docText(join(outDir, docx!))).toContain('1个、2个、3个、4个、5个、6个、7个、8个、9个，共45个。');
  });

  it('a figure citing a path through __proto__ (the fuzzer\'s "__proto__.x") is refused as a field not in the data, not an internal error', async () => {
    const raw = performanceRaw();
    raw.figures['年度'] = { from: '__proto__.x', unit: '年' };
    const r = await cli(['validate', writeDataset(raw, tmp(), 'performance.json').file]);
    expect(r.code).toBe(1);
    expect(r.text).not.toContain('程序内部错误');
    expect(r.text).toContain('figures.年度.from');
  });

  it('in the final-accounts report, with a name in a message that stays a name', async () => {
    const raw = laiwuRaw();
    raw.figures.constructor = { value: 3, unit: '户' };
    raw.figures.toString = { value: 4, unit: '户' };
    raw.analysis.problems[0].text = '共有{{constructor}}，其中{{toString}}。';
    const { file } = writeDataset(raw);
    expect((await validate(file)).code).toBe(0);
    const b = await build(file);
    expect(b.code).toBe(0);
    raw.figures.constructor.unit = '1户';
    const v = await validate(writeDataset(raw).file);
    expect(v.issues).toEqual([expect.objectContaining({ code: 'schema-invalid-unit', place: expect.objectContaining({ path: 'figures.constructor.unit' }) })]);
    expect(v.issues[0].message).toMatch(/^“数据表·constructor·单位”/);
  });

  it.each(['toString', 'constructor', 'valueOf'])('{{%s}} cited but not defined: an unknown-figure error at its place, no crash', async (name) => {
    const raw = performanceRaw();
    raw.sections[0].text = `共{{${name}}}。`;
    const { file, text } = writeDataset(raw, tmp(), 'performance.json');
    const v = await validate(file);
    expect(v.code).toBe(1);
    expect(v.issues).toEqual([expect.objectContaining({ code: 'prose-unknown-figure', place: expect.objectContaining({ path: 'sections[0].text', line: placeOf(text, ['sections', 0, 'text']).line }) })]);
    const b = await build(file);
    expect(b.code).toBe(1);
    expect(b.written).toEqual([]);
    const fa = laiwuRaw();
    fa.plans[0].text = `{{${name}}}`;
    expect((await validate(writeDataset(fa).file)).issues).toEqual([expect.objectContaining({ code: 'prose-unknown-figure', place: expect.objectContaining({ path: 'plans[0].text' }) })]);
  });

  it('__proto__, which no object can hold as a name, is refused at its place rather than silently lost', async () => {
    for (const [raw, name] of [[performanceRaw(), 'performance.json'], [laiwuRaw(), 'data.json']] as const) {
      Object.defineProperty(raw.figures, '__proto__', { value: { value: 1, unit: '个' }, enumerable: true });
      const { file, text } = writeDataset(raw, tmp(), name);
      expect(text).toContain('"__proto__"');
      const v = await validate(file);
      expect(v.code).toBe(1);
      expect(v.issues).toEqual([expect.objectContaining({ code: 'figure-name', place: expect.objectContaining({ path: 'figures.__proto__', line: placeOf(text, ['figures', '__proto__']).line }) })]);
      const b = await build(file);
      expect(b.code).toBe(1);
      expect(b.written).toEqual([]);
    }
  });
});

describe('a title from the data never names a path', () => {
  // Found by the fuzzer: a workbook's title cell showing "#DIV/0!" made build --draft --audit write
  // the report into a new directory "#DIV" and exit 0; "../" in a title would have left --out.
  it.each([[[]], [['--audit']], [['--draft', '--audit']]])('build %j writes the report and its audit directly inside --out, nothing outside', async (extra) => {
    for (const title of ['#DIV/0!', '../../逃逸/{{报告年度}}报告', '..\\..\\a:b']) {
      const raw = performanceRaw();
      raw.meta.title = title;
      const dir = tmp();
      mkdirSync(join(dir, 'in'));
      const { file } = writeDataset(raw, join(dir, 'in'), 'performance.json');
      const outDir = join(dir, 'out');
      const r = await cli(['build', file, '--out', outDir, ...extra]);
      expect(r.code).toBe(0);
      expect(readdirSync(dir).sort()).toEqual(['in', 'out']);
      const written = readdirSync(outDir, { withFileTypes: true });
      expect(written.filter((e) => !e.isFile())).toEqual([]);
      expect(written.map((e) => e.name).filter((n) => n.endsWith('.docx'))).toHaveLength(1);
      expect(written.map((e) => e.name).filter((n) => n.endsWith('.audit.json'))).toHaveLength(extra.includes('--audit') ? 1 : 0);
    }
  });
});

describe('build --out naming an existing file', () => {
  it('a Chinese message and exit 2 from the real CLI process, no stack trace, the file untouched and nothing written', () => {
    const dir = tmp();
    const file = join(dir, 'output');
    writeFileSync(file, 'not a directory');
    const r = spawnSync(process.execPath, ['--require', 'tsx/cjs', join(ROOT, 'test', 'run-cli.ts'), 'build', join(DATA, 'laiwu-2024.json'), '--out', file], { cwd: ROOT, encoding: 'utf8', timeout: 60000 });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`输出目录 ${file} 是一个已存在的文件，不是目录`);
    expect(r.stderr).not.toMatch(/\n\s+at |Error:|EEXIST/);
    expect(readFileSync(file, 'utf8')).toBe('not a directory');
    expect(readdirSync(dir)).toEqual(['output']);
  });

  it('a file where a parent directory should be, and refresh --out naming a directory: the same', async () => {
    const dir = tmp();
    const file = join(dir, 'output');
    writeFileSync(file, 'x');
    const nested = await cli(['build', join(DATA, 'laiwu-2024.json'), '--out', join(file, 'reports')]);
    expect(nested.code).toBe(2);
    expect(nested.text).toContain(`路径中的 ${file} 是一个文件，不是目录`);
    const drafts = tmp();
    expect((await cli(['build', join(DATA, 'laiwu-2024.json'), '--out', drafts])).code).toBe(0);
    const draft = join(drafts, readdirSync(drafts).find((f) => f.endsWith('.docx'))!);
    const r = await cli(['refresh', draft, '--data', join(DATA, 'laiwu-2024.json'), '--out', dir]);
    expect(r.code).toBe(2);
    expect(r.text).toContain(`输出文件 ${dir} 是一个已存在的目录`);
    expect(readdirSync(dir)).toEqual(['output']);
  });
});

describe('a figure\'s unit agrees with what it cites and how it is computed', () => {
  const unitIssues = (issues: any[]) => issues.filter((i) => i.severity === 'error');

  it('a growth rate cited with unit 万元 ("-7.2万元" where 下降7.2% is meant): located error, involving the cited field, nothing written', async () => {
    const raw = laiwuRaw();
    raw.figures['上半年收入增减'].unit = '万元';
    const { file, text } = writeDataset(raw);
    const v = await validate(file);
    expect(v.code).toBe(1);
    expect(unitIssues(v.issues)).toEqual([
      expect.objectContaining({
        code: 'figure-unit-kind',
        place: expect.objectContaining({ path: 'figures.上半年收入增减.unit', line: placeOf(text, ['figures', '上半年收入增减', 'unit']).line }),
        expected: '“%”',
        actual: '万元',
        involves: expect.arrayContaining([expect.objectContaining({ path: 'firstHalf.general.district.income.growth', line: placeOf(text, ['firstHalf', 'general', 'district', 'income', 'growth']).line })]),
      }),
    ]);
    expect(v.issues[0].message).toContain('是比率或增长率（百分数），单位应为“%”，实为“万元”');
    const b = await build(file);
    expect(b.code).toBe(1);
    expect(b.written).toEqual([]);
  });

  it('an amount cited with unit % ("1165436%"), a completion rate with 个百分点, a count with 万元: each refused', async () => {
    const raw = laiwuRaw();
    raw.figures['全区收入总计'] = { from: 'generalBudget.district.income.total', unit: '%' };
    raw.figures['上半年收入完成率'].unit = '个百分点';
    raw.figures['新增债券项目数'] = { from: 'debt.bonds.newBonds.projectCount', unit: '万元' };
    raw.debt.bonds.newBonds.projectCount = 12;
    const v = await validate(writeDataset(raw).file);
    expect(unitIssues(v.issues).map((i) => [i.code, i.place.path, i.expected]).sort()).toEqual([
      ['figure-unit-kind', 'figures.上半年收入完成率.unit', '“%”'],
      ['figure-unit-kind', 'figures.全区收入总计.unit', '“万元”或“亿元”'],
      ['figure-unit-kind', 'figures.新增债券项目数.unit', '计量词（如“个”“项”“户”）'],
    ]);
    raw.figures['全区收入总计'].unit = '亿元';
    raw.figures['上半年收入完成率'].unit = '%';
    raw.figures['新增债券项目数'].unit = '个';
    expect((await validate(writeDataset(raw).file)).code).toBe(0);
  });

  it('the year cited with a count word; the year in a workbook: its cell', async () => {
    const raw = performanceRaw();
    raw.figures['报告年度'].unit = '个';
    const v = await validate(writeDataset(raw, tmp(), 'performance.json').file);
    expect(unitIssues(v.issues)).toEqual([expect.objectContaining({ code: 'figure-unit-kind', place: expect.objectContaining({ path: 'figures.报告年度.unit' }), expected: '“年”或“年度”' })]);
    const bytes = await editWorkbook(readFileSync(join(DATA, 'laiwu-2024-performance.xlsx')), (wb) => {
      const ws = wb.getWorksheet('数据表')!;
      expect(ws.getCell('B5').value).toBe('报告年度');
      ws.getCell('F5').value = '万元';
    });
    const file = join(tmp(), 'performance.xlsx');
    writeFileSync(file, bytes);
    const w = await validate(file);
    expect(unitIssues(w.issues)).toEqual([expect.objectContaining({ code: 'figure-unit-kind', place: expect.objectContaining({ sheet: '数据表', cell: 'F5' }) })]);
  });

  it('computations: a ratio is a rate, a sum of amounts an amount, a difference of rates 个百分点 or %', async () => {
    const raw = performanceRaw();
    raw.figures['甲'] = { value: 10, unit: '万元' };
    raw.figures['乙'] = { value: 40, unit: '万元' };
    raw.figures['甲率'] = { value: 12.5, unit: '%' };
    raw.figures['乙率'] = { value: 10, unit: '%' };
    raw.figures['占比'] = { ratio: ['甲', '乙'], unit: '万元' };
    raw.figures['合计'] = { sum: ['甲', '乙'], unit: '%' };
    raw.figures['率差'] = { difference: ['甲率', '乙率'], unit: '个百分点' };
    raw.figures['率差2'] = { difference: ['甲率', '乙率'], unit: '%' };
    raw.figures['率差3'] = { difference: ['甲率', '乙率'], unit: '万元' };
    const v = await validate(writeDataset(raw, tmp(), 'performance.json').file);
    expect(unitIssues(v.issues).map((i) => [i.code, i.place.path])).toEqual([
      ['figure-invalid', 'figures.占比.unit'],
      ['figure-units', 'figures.合计.sum'],
      ['figure-units', 'figures.率差3.difference'],
    ]);
  });

  it('"增减" (增长/下降) on a figure that is not a rate is refused at its word', async () => {
    const raw = laiwuRaw();
    raw.figures['非税收入增减'].unit = '万元';
    const v = await validate(writeDataset(raw).file);
    expect(unitIssues(v.issues)).toEqual([expect.objectContaining({ code: 'figure-unit-kind', place: expect.objectContaining({ path: 'figures.非税收入增减.word' }) })]);
  });

  it('a year or a count shown in 万元 or 亿元 ("2024万元"): refused at its show, in JSON and in the workbook\'s 显示为 cell; an amount keeps either', async () => {
    for (const show of ['万元', '亿元']) {
      const raw = performanceRaw();
      raw.figures['年度'].show = show;
      raw.figures['绩效监控项目数'].show = show;
      raw.figures['绩效监控金额'].show = show === '万元' ? '亿元' : '万元';
      const { file, text } = writeDataset(raw, tmp(), 'performance.json');
      const v = await validate(file);
      expect(v.code).toBe(1);
      expect(unitIssues(v.issues).map((i) => [i.code, i.place.path, i.place.line, i.actual])).toEqual([
        ['figure-invalid', 'figures.年度.show', placeOf(text, ['figures', '年度', 'show']).line, '年'],
        ['figure-invalid', 'figures.绩效监控项目数.show', placeOf(text, ['figures', '绩效监控项目数', 'show']).line, '个'],
      ]);
      expect(v.issues[0].message).toContain(`以${show}显示（show）只用于金额，单位应为万元或亿元，实为“年”`);
      const b = await build(file);
      expect(b.code).toBe(1);
      expect(b.written).toEqual([]);
    }
    const bytes = await editWorkbook(readFileSync(join(DATA, 'laiwu-2024-performance.xlsx')), (wb) => {
      const ws = wb.getWorksheet('数据表')!;
      expect([ws.getCell('G3').value, ws.getCell('B6').value]).toEqual(['显示为', '年度']);
      ws.getCell('G6').value = '万元';
    });
    const file = join(tmp(), 'performance.xlsx');
    writeFileSync(file, bytes);
    const w = await validate(file);
    expect(unitIssues(w.issues)).toEqual([expect.objectContaining({ code: 'figure-invalid', place: expect.objectContaining({ sheet: '数据表', cell: 'G6' }) })]);
  });
});

describe('refresh checks that the new data is the draft\'s: kind, district, year', () => {
  /** A draft built by the CLI in a directory of its own. */
  async function draftOf(raw: any, name = 'data.json'): Promise<{ dir: string; draft: string }> {
    const dir = tmp();
    const outDir = join(dir, 'drafts');
    expect((await cli(['build', writeDataset(raw, tmp(), name).file, '--out', outDir])).code).toBe(0);
    return { dir: outDir, draft: join(outDir, readdirSync(outDir).find((f) => f.endsWith('.docx'))!) };
  }
  const refreshed = (dir: string) => readdirSync(dir).filter((f) => f.includes('（更新）'));
  /** The Laiwu data moved to another district or year, its attached performance report with it (embedded). */
  const moved = (change: { district?: string; year?: number }): any => {
    const raw = laiwuRaw();
    const perf = performanceRaw();
    Object.assign(raw.meta, change);
    Object.assign(perf.meta, change);
    raw.meta.attachments[1] = { report: perf };
    return raw;
  };
  const rewrite = (file: string, edit: (files: Record<string, Uint8Array>) => void) => {
    const files = unzipSync(readFileSync(file));
    edit(files);
    writeFileSync(file, zipSync(files));
  };

  it('records kind, district and year in the draft (custom document properties)', async () => {
    const { draft } = await draftOf(laiwuRaw());
    const custom = docxPart(readFileSync(draft), 'docProps/custom.xml');
    expect(custom).toContain('name="FiscalReportKind"><vt:lpwstr>final-accounts</vt:lpwstr>');
    expect(custom).toContain('name="FiscalReportDistrict"><vt:lpwstr>莱芜区</vt:lpwstr>');
    expect(custom).toContain('name="FiscalReportYear"><vt:lpwstr>2024</vt:lpwstr>');
  });

  it('another district\'s data is refused with a Chinese message at the new data\'s district, and nothing is written', async () => {
    const { dir, draft } = await draftOf(laiwuRaw());
    const other = moved({ district: '钢城区' });
    other.generalBudget.reserveFund.arranged += 1;
    const { file, text } = writeDataset(other);
    const r = await cli(['refresh', draft, '--data', file]);
    expect(r.code).toBe(1);
    expect(r.text).toContain('稿件是莱芜区2024年决算报告，新数据是钢城区2024年决算报告（区县不同）');
    expect(r.text).toContain(`文件 ${file} 第 ${placeOf(text, ['meta', 'district']).line} 行`);
    expect(r.text).toContain('--force');
    expect(refreshed(dir)).toEqual([]);
  });

  it('another year, and another kind of report (a performance dataset into a final-accounts draft), are refused', async () => {
    const { dir, draft } = await draftOf(laiwuRaw());
    const nextYear = moved({ year: 2025 });
    nextYear.meta.meeting.date = '2026-08-28';
    const y = await cli(['refresh', draft, '--data', writeDataset(nextYear).file]);
    expect(y.code).toBe(1);
    expect(y.text).toContain('新数据是莱芜区2025年决算报告（年度不同）');
    const k = await cli(['refresh', draft, '--data', join(DATA, 'laiwu-2024-performance.json')]);
    expect(k.code).toBe(1);
    expect(k.text).toContain('新数据是莱芜区2024年预算绩效管理报告（报告类型不同）');
    expect(refreshed(dir)).toEqual([]);
  });

  it('--force refreshes on purpose, says so, and the refreshed draft records the new data', async () => {
    const { dir, draft } = await draftOf(laiwuRaw());
    const { file } = writeDataset(moved({ district: '钢城区' }));
    const r = await cli(['refresh', draft, '--data', file, '--force']);
    expect(r.code).toBe(0);
    expect(r.text).toContain('已按 --force 用钢城区2024年决算报告的数据更新');
    const [out] = refreshed(dir);
    expect(docxPart(readFileSync(join(dir, out!)), 'docProps/custom.xml')).toContain('<vt:lpwstr>钢城区</vt:lpwstr>');
    // Now the draft is 钢城区's: the same data refreshes it without --force.
    expect((await cli(['refresh', join(dir, out!), '--data', file, '--out', join(dir, 'again.docx')])).code).toBe(0);
  });

  it('a draft from before the record: checked against its core properties (keywords), and given the record when refreshed', async () => {
    const { dir, draft } = await draftOf(laiwuRaw());
    rewrite(draft, (files) => delete files['docProps/custom.xml']);
    const refused = await cli(['refresh', draft, '--data', writeDataset(moved({ district: '钢城区' })).file]);
    expect(refused.code).toBe(1);
    expect(refused.text).toContain('稿件是莱芜区2024年决算报告，新数据是钢城区2024年决算报告');
    const ok = await cli(['refresh', draft, '--data', writeDataset(laiwuRaw()).file]);
    expect(ok.code).toBe(0);
    const out = readFileSync(join(dir, refreshed(dir)[0]!));
    expect(docxPart(out, 'docProps/custom.xml')).toContain('<vt:lpwstr>莱芜区</vt:lpwstr>');
    expect(docxPart(out, '[Content_Types].xml')).toContain('PartName="/docProps/custom.xml"');
    expect(docxPart(out, '_rels/.rels')).toContain('Target="docProps/custom.xml"');
  });

  it('a draft that says nothing of its origin is refused unless --force', async () => {
    const { dir, draft } = await draftOf(laiwuRaw());
    rewrite(draft, (files) => {
      delete files['docProps/custom.xml'];
      files['docProps/core.xml'] = strToU8(strFromU8(files['docProps/core.xml']!).replace(/<cp:keywords>[^<]*<\/cp:keywords>/, '<cp:keywords></cp:keywords>'));
    });
    const data = writeDataset(laiwuRaw()).file;
    const r = await cli(['refresh', draft, '--data', data]);
    expect(r.code).toBe(1);
    expect(r.text).toContain(`文件 ${draft}：稿件中没有记录它由哪份数据生成`);
    expect(refreshed(dir)).toEqual([]);
    expect((await cli(['refresh', draft, '--data', data, '--force'])).code).toBe(0);
  });
});

describe('refresh never writes a file that cannot be opened', () => {
  async function draftOf(): Promise<{ dir: string; draft: string }> {
    const outDir = join(tmp(), 'drafts');
    expect((await cli(['build', join(DATA, 'laiwu-2024.json'), '--out', outDir])).code).toBe(0);
    return { dir: outDir, draft: join(outDir, readdirSync(outDir).find((f) => f.endsWith('.docx'))!) };
  }
  const damage = (file: string, part: string, edit: (xml: string) => string) => {
    const files = unzipSync(readFileSync(file));
    files[part] = strToU8(edit(strFromU8(files[part]!)));
    writeFileSync(file, zipSync(files));
  };

  it.each([
    ['cut short', (xml: string) => xml.slice(0, Math.floor(xml.length * 0.6))],
    ['a tag closed out of order', (xml: string) => xml.replace('</w:p>', '</w:r>')],
    ['a stray ampersand', (xml: string) => xml.replace('莱芜区', '莱芜&区')],
    ['a character XML forbids', (xml: string) => xml.replace('莱芜区', '莱芜\uFFFF区')],
  ])('a document.xml %s: a Chinese message, exit 1, nothing written', async (_what, edit) => {
    const { dir, draft } = await draftOf();
    damage(draft, 'word/document.xml', edit);
    const r = await cli(['refresh', draft, '--data', join(DATA, 'laiwu-2024.json')]);
    expect(r.code).toBe(1);
    expect(r.text).toMatch(new RegExp(`文件 ${draft.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}：稿件的 word/document\\.xml 已损坏（第 \\d+ 行第 \\d+ 列：`));
    expect(r.text).toContain('未写出任何文件');
    expect(readdirSync(dir).filter((f) => f.endsWith('.docx'))).toEqual([basename(draft)]);
  });

  it('another part damaged (styles.xml): the refreshed package is read back and refused', async () => {
    const { dir, draft } = await draftOf();
    damage(draft, 'word/styles.xml', (xml) => xml.slice(0, xml.length - 20));
    const r = await cli(['refresh', draft, '--data', join(DATA, 'laiwu-2024.json')]);
    expect(r.code).toBe(1);
    expect(r.text).toContain('更新后的 word/styles.xml 不是完整的 XML');
    expect(readdirSync(dir).filter((f) => f.endsWith('.docx'))).toEqual([basename(draft)]);
  });

  it('a part whose bytes changed in a copy (it still unpacks, its CRC-32 no longer matches): refused, nothing written', async () => {
    const { dir, draft } = await draftOf();
    writeFileSync(draft, damagePart(readFileSync(draft), 'word/document.xml', (xml) => xml.replace('莱芜区', '莱芜\uFFFD区')));
    const r = await cli(['refresh', draft, '--data', join(DATA, 'laiwu-2024.json')]);
    expect(r.code).toBe(1);
    expect(r.text).toContain('稿件的 word/document.xml 已损坏（其内容与压缩包记录的校验值不符');
    expect(readdirSync(dir).filter((f) => f.endsWith('.docx'))).toEqual([basename(draft)]);
  });

  it('an intact draft refreshes, and what it writes reads back as XML in every part', async () => {
    const { dir, draft } = await draftOf();
    const raw = laiwuRaw();
    raw.generalBudget.reserveFund.spent += 1;
    expect((await cli(['refresh', draft, '--data', writeDataset(raw).file])).code).toBe(0);
    const out = readdirSync(dir).find((f) => f.includes('（更新）'))!;
    const files = unzipSync(readFileSync(join(dir, out)));
    for (const [name, data] of Object.entries(files)) if (/\.(xml|rels)$/.test(name)) expect([name, xmlFault(strFromU8(data))]).toEqual([name, null]);
  });
});
