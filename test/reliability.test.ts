import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../src/cli';
import { checkUpload } from '../src/web/build';
import { packReport } from '../src/docx/pack';
import { FiscalError } from '../src/model/issue';
import { DATA, laiwuRaw, mustBuild } from './helpers';
import { capture, placeOf, tmp, writeDataset } from './validate-helpers';
import { editWorkbook, patchPart } from './xlsx-helpers';

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
      checkUpload({ name: 'data.json', bytes }, { maxInflated: 1 << 20, maxEntries: 10 });
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
    expect(r.text).toContain('（sections[0].text）');
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
