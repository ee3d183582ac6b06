import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { parseTree, type Node as JsonNode } from 'jsonc-parser';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../src/cli';
import { parseJson, placesOf } from '../src/load/json';
import { FiscalError } from '../src/model/issue';
import { validateFinalAccounts } from '../src/validate';
import { DATA, laiwuRaw, LAIWU } from './helpers';

function capture() {
  const lines: string[] = [];
  return { out: { log: (s: string) => lines.push(s), error: (s: string) => lines.push(s) }, lines };
}

const tmp = () => mkdtempSync(join(tmpdir(), 'fiscal-report-'));

describe('bad input gets Chinese messages with file, JSON path and line', () => {
  it('a figure typed as text: path, line, the bad value and the fix', () => {
    const raw = laiwuRaw();
    raw.generalBudget.district.income.total = '1,165,436';
    const text = JSON.stringify(raw, null, 2);
    const loaded = parseJson(text, 'bad.json');
    const { dataset, issues } = validateFinalAccounts(loaded.value, loaded.sourceMap);
    expect(dataset).toBeNull();
    expect(issues).toHaveLength(1);
    const issue = issues[0]!;
    const line = text.split('\n').findIndex((l) => l.includes('"1,165,436"')) + 1;
    expect(issue.place).toMatchObject({ file: 'bad.json', path: 'generalBudget.district.income.total', line });
    expect(issue.message).toBe('“一般公共预算·全区·收入·合计”应为数字，实为文字 "1,165,436"：请去掉引号、千分位逗号和单位，只填数值（万元）。');
  });

  it('a missing field and an unknown (misspelt) field', () => {
    const raw = laiwuRaw();
    delete raw.debt.limit.special;
    raw.debt.limit.specail = 1545639;
    const loaded = parseJson(JSON.stringify(raw, null, 2), 'bad.json');
    const { issues } = validateFinalAccounts(loaded.value, loaded.sourceMap);
    const messages = issues.map((i) => `${i.place?.path}: ${i.message}`);
    expect(messages).toEqual(
      expect.arrayContaining([
        'debt.limit.special: 缺少必填项“政府债务·限额·专项”，请补充数字。',
        'debt.limit.specail: “政府债务·限额”中有未知字段“specail”：请检查拼写，或删除该字段。',
      ]),
    );
    expect(issues.every((i) => (i.place?.line ?? 0) > 1)).toBe(true);
  });

  it('JSON syntax errors name line and column', () => {
    expect.assertions(3);
    try {
      parseJson('{\n  "kind": "final-accounts",\n  "meta": { "year": 2024, }\n}', 'syntax.json');
    } catch (e) {
      const issue = (e as FiscalError).issues[0]!;
      expect(issue.place).toMatchObject({ file: 'syntax.json', line: 3 });
      expect(issue.message).toContain('JSON 语法错误');
      expect(issue.code).toBe('json-syntax');
    }
  });

  it('duplicate keys are refused rather than silently keeping the last figure', () => {
    expect(() => parseJson('{"a": 1, "a": 2}', 'dup.json')).toThrow(FiscalError);
  });

  it('finds duplicate keys at any depth, however the key is written, and places them', () => {
    const dup = (text: string) => {
      try {
        parseJson(text, 'dup.json');
        return null;
      } catch (e) {
        return (e as FiscalError).issues[0]!;
      }
    };
    expect(dup('{"x": [{"b": 1}, {"b": 2}], "y": {"z": {"q": "a\\"", "q": 0}}}')).toMatchObject({ code: 'json-duplicate-key', place: { path: 'y.z.q', line: 1 } });
    expect(dup('{"a": 1, "\u0061": 2}')).toMatchObject({ code: 'json-duplicate-key' });
    expect(dup('{"a\\"b": 1, "a\\\\": 2, "a": {"a": [ "a", "a" ]}}')).toBeNull();
    expect(dup('{"a\\\\": 1, "a\\\\": 2}')).toMatchObject({ code: 'json-duplicate-key' });
    // Keys told from strings by where they stand: commas and braces inside strings, strings in arrays.
    expect(dup('{"a,b": 1, "c": "x,\\"{y\\"", "d": {"e": ["e", "e", {"e": 1}], "f": "}"}, "g": []}')).toBeNull();
    expect(dup('{"a,b": 1, "c": "x,\\"{y\\"", "d": {"e": ["e", "e", {"e": 1, "e": 1}], "f": "}"}}')).toMatchObject({ code: 'json-duplicate-key', place: { path: 'd.e[2].e' } });
    // __proto__ is an ordinary key, once or twice.
    expect(dup('{"__proto__": {"a": 1}, "b": 2}')).toBeNull();
    expect(dup('{"__proto__": 1, "__proto__": 2}')).toMatchObject({ code: 'json-duplicate-key', place: { path: '__proto__' } });
    expect(dup('[{"k": 1}, {"k": 2}, {"k": {"k": {"k": 3}}}]')).toBeNull();
  });

  it('places values found later as the full parser does (positions are read only when asked for)', () => {
    const text = '{\n  "kind": "final-accounts",\n  "meta": {\n    "year": 2024,\n    "list": [1, {"x": "y"}]\n  }\n}';
    const loaded = parseJson(text, 'ok.json');
    expect(loaded.value).toEqual(JSON.parse(text));
    expect(loaded.sourceMap.locate(['meta', 'list', 1, 'x'])).toEqual({ file: 'ok.json', path: 'meta.list[1].x', line: 5, column: 23 });
    expect(loaded.sourceMap.locate(['meta', 'missing'])).toEqual({ file: 'ok.json', path: 'meta.missing', line: 3, column: 11 });
  });

  it('the places of valid JSON come from one scan of the text, the same as the full parser gives for every value of every example (and odd spacing, escaped keys, empty containers)', () => {
    // What the full parser (jsonc-parser's syntax tree) places each value at, by its path.
    const fullParser = (text: string) => {
      const starts = [0];
      for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
      const at = (offset: number) => {
        let line = 0;
        while (line + 1 < starts.length && starts[line + 1]! <= offset) line++;
        return { line: line + 1, column: offset - starts[line]! + 1 };
      };
      const out = new Map<string, { line: number; column: number }>();
      const walk = (node: JsonNode, path: string) => {
        out.set(path, at(node.offset));
        if (node.type === 'object')
          for (const prop of node.children ?? []) {
            const [k, v] = prop.children!;
            walk(v!, path ? `${path}.${k!.value}` : String(k!.value));
          }
        else if (node.type === 'array') (node.children ?? []).forEach((c, i) => walk(c, `${path}[${i}]`));
      };
      walk(parseTree(text)!, '');
      return out;
    };
    const texts = readdirSync(DATA)
      .filter((f) => f.endsWith('.json'))
      .map((f) => readFileSync(join(DATA, f), 'utf8'));
    texts.push(' \r\n{ "a\\"b" :[ ],\t"c":{},"d" : [ 1 ,-2.5e3,true , null,"x\\\\" ,{ "\\u0065":"}]" } ] ,"e\\\\" :\n\n0 }\n');
    for (const text of texts) expect(placesOf(text)).toEqual(fullParser(text));
  });

  it('"__proto__" in a dataset is an ordinary (unknown) key, not a prototype', () => {
    const loaded = parseJson('{"__proto__": {"polluted": true}}', 'proto.json');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(loaded.value)).toBe(Object.prototype);
  });
});

describe('CLI build', () => {
  it('writes the report and says where', async () => {
    const dir = tmp();
    const { out, lines } = capture();
    expect(await main(['build', LAIWU, '--out', dir], out)).toBe(0);
    expect(readdirSync(dir)).toContain('关于莱芜区2024年决算和2025年上半年预算执行情况的报告.docx');
    expect(lines.join('\n')).toContain('已生成');
  });

  it('exits non-zero and writes nothing when the dataset fails the schema', async () => {
    const dir = tmp();
    const raw = laiwuRaw();
    raw.fundBudget.district.income.total = null;
    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify(raw, null, 2));
    const outDir = join(dir, 'out');
    const { out, lines } = capture();
    expect(await main(['build', file, '--out', outDir], out)).toBe(1);
    expect(existsSync(outDir)).toBe(false);
    expect(lines.join('\n')).toMatch(/错误［缺少或类型不对的数据］文件 .*bad\.json 第 \d+ 行第 \d+ 列：“政府性基金预算·全区·收入·合计”应为数字，实为空值 null。（数据路径 fundBudget\.district\.income\.total）/);
  });

  it('usage errors exit 2 with a Chinese message', async () => {
    const { out, lines } = capture();
    expect(await main(['build'], out)).toBe(2);
    expect(await main(['build', LAIWU, '--nonsense'], out)).toBe(2);
    expect(await main(['frobnicate'], out)).toBe(2);
    expect(lines.join('\n')).toContain('用法错误');
  });

  it('--help is in Chinese', async () => {
    const { out, lines } = capture();
    expect(await main(['--help'], out)).toBe(0);
    expect(lines.join('\n')).toContain('用法：');
  });

  it('a missing dataset file is named', async () => {
    const { out, lines } = capture();
    expect(await main(['build', 'no-such.json'], out)).toBe(2);
    expect(lines.join('\n')).toContain('no-such.json');
    expect(lines.join('\n')).toContain('文件不存在');
  });

  it('never overwrites a report a writer has edited', async () => {
    const dir = tmp();
    const { out } = capture();
    await main(['build', LAIWU, '--out', dir], out);
    const name = '关于莱芜区2024年决算和2025年上半年预算执行情况的报告';
    const edited = join(dir, `${name}.docx`);
    writeFileSync(edited, 'edited by a writer');
    await main(['build', LAIWU, '--out', dir], out);
    expect(require('node:fs').readFileSync(edited, 'utf8')).toBe('edited by a writer');
    expect(existsSync(join(dir, `${name}（新版）.docx`))).toBe(true);
    expect(await main(['build', LAIWU, '--out', dir, '--overwrite'], out)).toBe(0);
    expect(require('node:fs').readFileSync(edited, 'utf8')).not.toBe('edited by a writer');
  });
});

describe('templates', () => {
  it('a missing field is an error naming the template file and line', async () => {
    const dir = tmp();
    mkdirSync(join(dir, 'final-accounts'));
    writeFileSync(join(dir, 'final-accounts', 'debt.hbs'), '政府债务\n\n{{debt.nosuchfield}}\n');
    const { out, lines } = capture();
    expect(await main(['build', LAIWU, '--out', join(dir, 'out'), '--templates', dir], out)).toBe(1);
    expect(lines.join('\n')).toMatch(/final-accounts\/debt\.hbs.*第 3 行/);
    expect(lines.join('\n')).toContain('“nosuchfield”在数据中不存在');
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });

  it('a literal number given to a figure helper is refused', async () => {
    const dir = tmp();
    mkdirSync(join(dir, 'final-accounts'));
    writeFileSync(join(dir, 'final-accounts', 'debt.hbs'), '债务{{wan 100}}\n');
    const { out, lines } = capture();
    expect(await main(['build', LAIWU, '--out', join(dir, 'out'), '--templates', dir], out)).toBe(1);
    expect(lines.join('\n')).toContain('模板中不得直接写数字');
  });

  it('--templates overrides a partial by name', async () => {
    const dir = tmp();
    mkdirSync(join(dir, 'final-accounts'));
    writeFileSync(join(dir, 'final-accounts', 'debt.hbs'), '本区政府债务余额{{wan debt.balance.total}}。\n');
    const { out } = capture();
    expect(await main(['build', LAIWU, '--out', join(dir, 'out'), '--templates', dir], out)).toBe(0);
  });
});
