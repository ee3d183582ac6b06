import * as X from './xlsx-xml';
import { BALANCES, COMPARABLE, DEDUCT_WORDS, FRAMES, GROWTH_WORDS, JOINERS, LAYOUTS, ORDERS, RATE_WORDS, REVENUE_ITEMS, SEPARATORS } from '../../src/style/schema';

/**
 * The mutations of the fuzzer (test/fuzz.test.ts, npm run fuzz): what a writer, another program
 * or a damaged disk can do to a dataset. Each takes the example's bytes and a seeded random
 * source and gives new bytes and a short description of what it did, so a failing case can be
 * told and made again from its seed.
 */

/** A small seeded generator (mulberry32): the same seed gives the same cases on every machine. */
export class Rng {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0;
  }
  next(): number {
    let t = (this.s = (this.s + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)]!;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
}

type Json = unknown;
type Seg = string | number;

/** Every place in a JSON value, with its path: leaves and containers. */
export function places(v: Json, path: Seg[] = [], out: { path: Seg[]; value: Json }[] = []): { path: Seg[]; value: Json }[] {
  out.push({ path, value: v });
  if (Array.isArray(v)) v.forEach((x, i) => places(x, [...path, i], out));
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) places(x, [...path, k], out);
  return out;
}

function parentOf(root: Json, path: Seg[]): { parent: Record<string, Json> | Json[]; key: Seg } | null {
  if (!path.length) return null;
  let cur = root as Record<string, Json>;
  for (const seg of path.slice(0, -1)) cur = cur[seg as string] as Record<string, Json>;
  return { parent: cur, key: path[path.length - 1]! };
}

export function setAt(root: Json, path: Seg[], value: Json): void {
  const p = parentOf(root, path);
  if (p) (p.parent as Record<string, Json>)[p.key as string] = value;
}

function removeAt(root: Json, path: Seg[]): void {
  const p = parentOf(root, path);
  if (!p) return;
  if (Array.isArray(p.parent)) p.parent.splice(p.key as number, 1);
  else delete (p.parent as Record<string, Json>)[p.key as string];
}

export const show = (path: Seg[]) => path.map((s) => (typeof s === 'number' ? `[${s}]` : `.${s}`)).join('').replace(/^\./, '') || '（根）';

/** Texts that trip a report: XML-forbidden characters, braces, markup, numbers, very long text. */
const NASTY_TEXT = [
  '',
  ' ',
  '\u0000',
  '文字\u000b中间',
  '\ufffe',
  '\uffff',
  '\ud800孤立',
  '少一个{{全区一般公共预算收入}',
  '{{全区一般公共预算收入}}',
  '{{没有这个数字}}',
  '}}多余',
  '{{',
  '{单个花括号}',
  '<w:t>标记</w:t>',
  '&amp; & < > " \'',
  ']]>',
  '# 标题\n\n---\n\n::: title\n伪造\n:::',
  '| 表 | 格 |\n|---|---|',
  '😀表情𠮷',
  '\u202e反向\u202c',
  '换\n行',
  '制表\t符',
  '零宽\u200b字符',
  '全角１２３４５６',
  '文中写了数字123万元',
  '很长'.repeat(3000),
  '一是二是三是',
];

const NASTY_NUMBERS: Json[] = [0, -0, 1, -1, 0.5, -470383, 1e15, 1e308, -1e308, 1e-9, 12345678901234567890, 2.675, 99.995, 100.005, 123456.789, '470383', '1,000', 'abc', null, true, [], {}];

const UNITS = ['万元', '亿元', '%', '个', '个百分点', '年', '年度', '户', '1个', '万 元', '元\n', '{{x}}', '', '％'];

const DATES = ['2025-02-30', '2025-13-01', '2108-01-01', '1979-12-31', '2025-2-3', '2025/08/29', '2025-08-29T10:00:00', '', '0000-00-00'];

const STYLE_CHOICES: Record<string, readonly Json[]> = {
  frame: [...FRAMES, '不存在'],
  rateWord: [...RATE_WORDS, '完成'],
  growthWord: [...GROWTH_WORDS],
  comparable: [...COMPARABLE],
  order: [...ORDERS],
  separator: [...SEPARATORS, ';'],
  lastJoiner: [...JOINERS],
  deductWord: [...DEDUCT_WORDS],
  balance: [...BALANCES],
  revenueItems: [...REVENUE_ITEMS],
  surplus: [true, false, 'yes'],
  yearLead: [true, false],
  amounts: [{ unit: '亿元', digits: 2, keepZeros: true }, { unit: '万元', thousands: true }, { unit: '亿元', digits: 0 }, { unit: '亿元', digits: 4 }, { digits: 9 }, { unit: '元' }],
  rates: [{ digits: 1, keepZeros: true }, { digits: 0 }, { digits: -1 }],
  growth: [{ digits: 1, keepZeros: true }, { digits: 4 }],
  scopes: [{ district: '区', level: '区本级', layout: '小标题' }, { layout: '同段' }, { district: '', level: '区级' }],
  title: ['关于{{区名}}{{年度}}年财政决算的报告', '关于{{区名}}{{没有}}年的报告', '{{区名}', '关于2024年的报告'],
  opening: ['受区政府委托，我报告{{全区一般公共预算收入}}。', '{{'],
  salutation: ['各位委员：', ''],
};

export interface Mutated {
  bytes: Buffer;
  what: string[];
}

/** Structural and value mutations of a JSON dataset, on its parsed value. */
function mutateValue(root: Json, rng: Rng, kind: string | undefined): string {
  const all = places(root);
  const leaves = all.filter((p) => p.path.length && (p.value === null || typeof p.value !== 'object'));
  const numbers = leaves.filter((p) => typeof p.value === 'number');
  const strings = leaves.filter((p) => typeof p.value === 'string');
  const containers = all.filter((p) => p.path.length && p.value && typeof p.value === 'object');
  const op = rng.int(12);
  switch (op) {
    case 0:
    case 1: {
      // A number: another number, a string, null, something else.
      const p = rng.pick(numbers.length ? numbers : leaves);
      const v = rng.chance(0.5) && typeof p.value === 'number' ? rng.pick([p.value * 10, p.value + 1, -p.value, p.value / 3, Math.round(p.value) + 0.005, 0]) : rng.pick(NASTY_NUMBERS);
      setAt(root, p.path, v);
      return `数字 ${show(p.path)} → ${JSON.stringify(v)}`;
    }
    case 2:
    case 3: {
      const p = rng.pick(strings.length ? strings : leaves);
      const v = rng.pick(NASTY_TEXT);
      setAt(root, p.path, rng.chance(0.3) && typeof p.value === 'string' ? `${p.value}${v}` : v);
      return `文字 ${show(p.path)} → ${JSON.stringify(v.slice(0, 30))}`;
    }
    case 4: {
      const p = rng.pick(all.filter((x) => x.path.length));
      removeAt(root, p.path);
      return `删除 ${show(p.path)}`;
    }
    case 5: {
      // A container becomes another type, or a leaf becomes a container.
      const p = rng.pick(containers.length ? containers : leaves);
      const v = rng.pick<Json>([[], {}, null, '文字', 0, Array.isArray(p.value) ? { ...(p.value as Json[]) } : [p.value]]);
      setAt(root, p.path, v);
      return `类型 ${show(p.path)} → ${Array.isArray(v) ? '列表' : v === null ? 'null' : typeof v}`;
    }
    case 6: {
      // An array item repeated, or an unknown key added.
      const arrays = containers.filter((c) => Array.isArray(c.value) && (c.value as Json[]).length);
      if (arrays.length && rng.chance(0.6)) {
        const a = rng.pick(arrays);
        const xs = a.value as Json[];
        xs.splice(rng.int(xs.length + 1), 0, structuredClone(rng.pick(xs)));
        return `重复一项 ${show(a.path)}`;
      }
      const o = rng.pick(containers.filter((c) => !Array.isArray(c.value)).concat([{ path: [], value: root }]));
      const key = rng.pick(['__proto__', 'constructor', 'toString', '未知字段', 'x'.repeat(300), '']);
      Object.defineProperty(o.value as object, key, { value: rng.pick(NASTY_NUMBERS), enumerable: true, writable: true, configurable: true });
      return `加字段 ${show(o.path)}.${key.slice(0, 20)}`;
    }
    case 7: {
      // A figure of the figures table: its unit, its source, its format.
      const figs = (root as { figures?: Record<string, Record<string, Json>> }).figures;
      const names = figs && typeof figs === 'object' ? Object.keys(figs) : [];
      if (!names.length) return mutateValue(root, rng, kind);
      const name = rng.pick(names);
      const f = figs![name]!;
      if (!f || typeof f !== 'object') return mutateValue(root, rng, kind);
      const field = rng.pick(['unit', 'unit', 'from', 'show', 'digits', 'word', 'value', 'ratio', 'sum']);
      const fromPaths = numbers.map((n) => show(n.path)).filter((s) => !s.startsWith('figures'));
      const v: Json =
        field === 'unit'
          ? rng.pick(UNITS)
          : field === 'from'
            ? rng.chance(0.8) && fromPaths.length
              ? rng.pick(fromPaths)
              : rng.pick(['meta.year', 'no.such.path', 'meta.district', '__proto__.x', ''])
            : field === 'show'
              ? rng.pick(['亿元', '万元', '%', ''])
              : field === 'digits'
                ? rng.pick<Json>([0, 1, 2, 4, 9, -1, 2.5])
                : field === 'word'
                  ? rng.pick(['增减', '变化'])
                  : field === 'value'
                    ? rng.pick(NASTY_NUMBERS)
                    : [rng.pick(names), rng.pick(names)];
      f[field] = v;
      return `数据表 ${name}.${field} → ${JSON.stringify(v)}`;
    }
    case 8: {
      // A date.
      const dates = strings.filter((s) => /^\d{4}-\d{2}-\d{2}$/.test(s.value as string));
      if (!dates.length) return mutateValue(root, rng, kind);
      const p = rng.pick(dates);
      const v = rng.pick(DATES);
      setAt(root, p.path, v);
      return `日期 ${show(p.path)} → ${v}`;
    }
    case 9: {
      // The house style (final accounts): a choice, valid or not.
      if (kind !== 'final-accounts') return mutateValue(root, rng, kind);
      const r = root as { style?: Json };
      if (typeof r.style !== 'object' || r.style === null || Array.isArray(r.style)) r.style = {};
      const key = rng.pick(Object.keys(STYLE_CHOICES));
      const v = rng.pick(STYLE_CHOICES[key]!);
      (r.style as Record<string, Json>)[key] = v;
      return `格式 style.${key} → ${JSON.stringify(v)}`;
    }
    case 10: {
      // A whole optional section dropped, or emptied.
      const o = root as Record<string, Json>;
      const keys = Object.keys(o).filter((k) => k !== 'kind');
      if (!keys.length) return mutateValue(root, rng, kind);
      const k = rng.pick(keys);
      if (rng.chance(0.5)) delete o[k];
      else o[k] = Array.isArray(o[k]) ? [] : {};
      return `整段 ${k} ${k in o ? '清空' : '删除'}`;
    }
    default: {
      // The year or the kind.
      const o = root as { kind?: Json; meta?: Record<string, Json> };
      if (rng.chance(0.5) && o.meta && typeof o.meta === 'object') {
        const v = rng.pick<Json>([0, 1979, 2108, 2024.5, -1, '2024', 99999, 2023]);
        o.meta.year = v;
        return `年度 → ${JSON.stringify(v)}`;
      }
      const v = rng.pick<Json>(['final-accounts', 'performance', 'work-plan', '决算报告', 'other', 1, null]);
      o.kind = v;
      return `类型 kind → ${JSON.stringify(v)}`;
    }
  }
}

/** Mutations of the JSON text or bytes themselves: what an editor or a transfer can do. */
function mutateText(bytes: Buffer, rng: Rng): Mutated {
  const text = bytes.toString('utf8');
  switch (rng.int(8)) {
    case 0: {
      const at = rng.int(bytes.length);
      return { bytes: bytes.subarray(0, at), what: [`截断于第 ${at} 字节`] };
    }
    case 1: {
      const at = rng.int(bytes.length);
      const junk = Buffer.from(rng.pick([[0xc4, 0xea], [0xff], [0x00], [0xe4, 0xb8], [0x7b], [0x22], [0x5c]]));
      return { bytes: Buffer.concat([bytes.subarray(0, at), junk, bytes.subarray(at)]), what: [`第 ${at} 字节插入 ${junk.toString('hex')}`] };
    }
    case 2: {
      const depth = rng.pick([99, 101, 150, 2000, 5000, 20000]);
      const open = rng.chance(0.5) ? '[' : '{"a":';
      const close = open === '[' ? ']' : '}';
      const body = text.replace(/\}\s*$/, `, "nested": ${open.repeat(depth)}1${close.repeat(rng.chance(0.8) ? depth : depth - 1)}}`);
      return { bytes: Buffer.from(body), what: [`嵌套 ${depth} 层`] };
    }
    case 3:
      return { bytes: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text.replace(/\n/g, '\r\n'))]), what: ['BOM 与 CRLF'] };
    case 4: {
      // A key written twice.
      const m = [...text.matchAll(/\n(\s+)("[^"\n]+": [^\n{[]+),?\n/g)];
      if (!m.length) return { bytes, what: ['（无可重复的字段）'] };
      const hit = rng.pick(m);
      const at = hit.index! + 1;
      return { bytes: Buffer.from(`${text.slice(0, at)}${hit[1]}${hit[2]},\n${text.slice(at)}`), what: ['字段重复'] };
    }
    case 5: {
      const at = rng.int(text.length);
      const ch = rng.pick([',', '}', ']', '"', ':', '//注释', '/*', 'NaN', 'Infinity', "'"]);
      return { bytes: Buffer.from(text.slice(0, at) + ch + text.slice(at)), what: [`插入“${ch}”`] };
    }
    case 6:
      return { bytes: Buffer.from(''), what: ['空文件'] };
    default: {
      // GBK-like bytes throughout a text.
      const at = text.indexOf('区');
      return at < 0 ? { bytes, what: ['（无）'] } : { bytes: Buffer.concat([Buffer.from(text.slice(0, at)), Buffer.from([0xc7, 0xf8]), Buffer.from(text.slice(at + 1))]), what: ['GBK 字节'] };
    }
  }
}

export function mutateJson(bytes: Buffer, rng: Rng): Mutated {
  if (rng.chance(0.15)) return mutateText(bytes, rng);
  const root = JSON.parse(bytes.toString('utf8')) as Json;
  const kind = (root as { kind?: string }).kind;
  const n = 1 + rng.int(3);
  const what: string[] = [];
  for (let i = 0; i < n; i++) what.push(mutateValue(root, rng, kind));
  return { bytes: Buffer.from(JSON.stringify(root, null, 2)), what };
}

// ── Workbooks ───────────────────────────────────────────────────────────────────────────────────

const FORMULAS = (ref: string) => [
  { f: `${ref}*1`, cached: undefined },
  { f: `SUM(${ref}:${ref})`, cached: '1' },
  { f: '('.repeat(5000) + '1' + ')'.repeat(5000), cached: undefined },
  { f: '('.repeat(50) + '1' + ')'.repeat(50), cached: undefined },
  { f: 'ROUND(470383,1e10)', cached: undefined },
  { f: 'ROUND(470383.456,-2)', cached: undefined },
  { f: 'ROUND(2.675,2)', cached: '2.68' },
  { f: '1/0', cached: undefined },
  { f: '1E+308*10', cached: undefined },
  { f: 'VLOOKUP(A1,B:C,2,0)', cached: '5' },
  { f: 'NOSUCH(1)', cached: undefined },
  { f: "'不存在的表'!A1+1", cached: undefined },
  { f: 'A1:B2', cached: undefined },
  { f: '-'.repeat(3000) + '1', cached: undefined },
  { f: '1+'.repeat(4000) + '1', cached: undefined },
  { f: 'SUM(A1:XFD1048576)', cached: undefined },
  { f: `${ref}+1`, cached: '999' },
];

const CELL_TEXTS = ['abc', '1,234', '４７０３８３', '50.76亿', '100.08%', '−12.5', '1e5', '', ' ', '=1+1', '#DIV/0!', '{{全区一般公共预算收入}}', '\u0001', '2025-02-30', '很长'.repeat(2000), 'TRUE'];

/** Mutations of a workbook's parts (cells, hidden keys, formulas, damaged parts) or of its bytes. */
export function mutateXlsx(bytes: Buffer, rng: Rng): Mutated {
  const op = rng.int(12);
  if (op === 0) {
    // The bytes themselves: cut, or a few flipped.
    if (rng.chance(0.5)) {
      const at = rng.int(bytes.length);
      return { bytes: bytes.subarray(0, at), what: [`截断于第 ${at} 字节`] };
    }
    const b = Buffer.from(bytes);
    for (let i = 0; i < 1 + rng.int(8); i++) b[rng.int(b.length)] = rng.int(256);
    return { bytes: b, what: ['随机改写若干字节'] };
  }
  const parts = X.unzipParts(bytes);
  const sheets = [...X.sheetParts(parts).entries()];
  const strings = X.sharedStrings(parts);
  const what: string[] = [];
  const n = op === 1 ? 1 : 1 + rng.int(3);
  for (let k = 0; k < n; k++) {
    const [sheetName, part] = rng.pick(sheets);
    let xml = X.partText(parts, part);
    const cells = X.cellsOf(xml, strings);
    const rowsOf = (col: string) => cells.filter((c) => c.ref.startsWith(col) && /^\d/.test(c.ref.slice(col.length)));
    const which = op === 1 ? 11 : rng.int(11);
    if (which <= 3) {
      // A value cell (not column A, not row 1): a number, a text, a formula, a flag, an error.
      const data = cells.filter((c) => !/^A\d/.test(c.ref) && !/^[A-Z]+1$/.test(c.ref));
      if (!data.length) continue;
      const cell = rng.pick(data);
      const r = rng.int(6);
      const content: X.NewContent =
        r === 0
          ? { kind: 'number', value: String(rng.pick([0, -1, 1e308, 0.1 + 0.2, 470383, 12345678901234567890, 2024])) }
          : r === 1
            ? { kind: 'text', text: rng.pick(CELL_TEXTS) }
            : r === 2 || r === 3
              ? (() => {
                  const f = rng.pick(FORMULAS(rng.pick(data).ref));
                  return { kind: 'formula' as const, formula: f.f, ...(f.cached !== undefined ? { cached: f.cached } : {}) };
                })()
              : r === 4
                ? { kind: 'bool', value: rng.chance(0.5) }
                : rng.chance(0.5)
                  ? { kind: 'error', text: rng.pick(['#DIV/0!', '#REF!', '#N/A', '错误'.repeat(500)]) }
                  : { kind: 'empty' };
      xml = X.replaceCell(xml, cell, content);
      what.push(`${sheetName}!${cell.ref} → ${content.kind === 'formula' ? `=${content.formula.slice(0, 30)}` : content.kind === 'text' ? JSON.stringify(content.text.slice(0, 20)) : content.kind}`);
    } else if (which <= 5) {
      // A hidden key in column A: another row's key (a duplicate), nonsense, a prototype name, empty.
      const keys = rowsOf('A').filter((c) => c.ref !== 'A1');
      if (!keys.length) continue;
      const cell = rng.pick(keys);
      const v = rng.pick(['', '__proto__', 'constructor', 'toString', 'meta.attachments[99999999999]', 'meta..year', 'generalBudget.*.income.total', 'figures', 'kind', '#sheet:meta', rng.pick(keys).text, `${cell.text}x`, `${cell.text}[0]`, cell.text.replace(/\.[^.]+$/, ''), '很长的键'.repeat(200)]);
      xml = X.replaceCell(xml, cell, v === '' ? { kind: 'empty' } : { kind: 'text', text: v });
      what.push(`${sheetName}!${cell.ref} 的键 → ${JSON.stringify(v.slice(0, 40))}`);
    } else if (which === 6) {
      // A column key in the hidden row 1, or the sheet mark in A1.
      const head = cells.filter((c) => /^[A-Z]+1$/.test(c.ref));
      if (!head.length) continue;
      const cell = rng.pick(head);
      const v = rng.pick(['', 'value', 'label', 'district', '#sheet:meta', '#sheet:debt', '#sheet:', 'x']);
      xml = X.replaceCell(xml, cell, v === '' ? { kind: 'empty' } : { kind: 'text', text: v });
      what.push(`${sheetName}!${cell.ref} 的列标识 → ${JSON.stringify(v)}`);
    } else if (which === 7) {
      // A long chain of formulas ending in a value cell.
      const data = cells.filter((c) => !/^A\d/.test(c.ref) && !/^[A-Z]+1$/.test(c.ref) && /^\d/.test(c.text));
      if (!data.length) continue;
      const target = rng.pick(data);
      const len = rng.pick([150, 199, 201, 900, 3000]);
      const start = X.lastRow(xml) + 1;
      const rows = Array.from({ length: len }, (_, i) => ({
        r: start + i,
        cells: [{ ref: `Z${start + i}`, c: (i === len - 1 ? { kind: 'number', value: target.text } : { kind: 'formula', formula: `Z${start + i + 1}` }) as X.NewContent }],
      }));
      xml = X.appendRows(xml, rows);
      xml = X.replaceCell(xml, X.cellsOf(xml, strings).find((c) => c.ref === target.ref)!, { kind: 'formula', formula: `Z${start}`, ...(rng.chance(0.5) ? { cached: target.text } : {}) });
      what.push(`${sheetName}!${target.ref} → ${len} 个单元格的公式链`);
    } else if (which === 8) {
      // A cycle.
      const data = cells.filter((c) => !/^A\d/.test(c.ref) && !/^[A-Z]+1$/.test(c.ref));
      if (data.length < 2) continue;
      const a = rng.pick(data);
      const b = rng.pick(data);
      xml = X.replaceCell(xml, a, { kind: 'formula', formula: `${b.ref}+1` });
      const again = X.cellsOf(xml, strings).find((c) => c.ref === b.ref)!;
      xml = X.replaceCell(xml, again, { kind: 'formula', formula: `${a.ref}+1` });
      what.push(`${sheetName}!${a.ref}、${b.ref} 循环引用`);
    } else if (which === 9) {
      // Merged cells over data.
      const ref = rng.pick(['D5:E9', 'A1:C3', 'B4:D4', 'A1:XFD1048576', 'C5:C5']);
      xml = xml.includes('<mergeCells') ? xml.replace(/<mergeCells[^>]*>/, `$&<mergeCell ref="${ref}"/>`) : xml.replace('</sheetData>', `</sheetData><mergeCells count="1"><mergeCell ref="${ref}"/></mergeCells>`);
      what.push(`${sheetName} 合并 ${ref}`);
    } else {
      // A damaged or missing part.
      const names = Object.keys(parts).filter((p) => /\.(xml|rels)$/.test(p));
      const name = rng.pick(names);
      if (rng.chance(0.3)) {
        delete parts[name];
        what.push(`删除部件 ${name}`);
        continue;
      }
      const t = X.partText(parts, name);
      const variants = [t.slice(0, rng.int(t.length)), t.replace(/<\/[a-zA-Z:]+>/, ''), t.replace('<', '<<'), `${t}<extra>`, t.replace(/<v>\d+<\/v>/, '<v>99999</v>'), t.replace(/r="([A-Z]+)(\d+)"/, 'r="$2$1"'), t.replace(/&amp;/, '&'), t.replace(/<t>/, '<t>&#1;')];
      X.setPartText(parts, name, rng.pick(variants));
      what.push(`改写部件 ${name}`);
      continue;
    }
    X.setPartText(parts, part, xml);
  }
  return { bytes: X.zipParts(parts), what };
}

/** Number formats a writer's workbook may carry: honest ones, ones that show another number, broken ones. */
const NUMBER_FORMATS = [
  '#,##0,', '#,##0.0,', '0!.0000', '0\\.0000', '0"0000"', '"0."0000', ';;;', '"有";"无"', '0.0\\%', '0.0%', '0.00##%', '[=0]"-";0.0%',
  '0.00"万元"', '0.00"万m3"', '#,##0.00_);[红色](#,##0.00)', '_ * #,##0.00_ ;_ * -#,##0.00_ ;_ * "-"??_ ;_ @_ ', 'yyyy"年"m"月"d"日"',
  '0.00E+00', '# ??/100', 'G/通用格式', '[DBNum1][$-804]G/通用格式', '@', '"约"0.0', '[>=10000]0.0,"万";0', '0"', '[', '"', '\\', '!',
];

/**
 * Gives one number cell of a workbook a number format of its own (a <numFmt> and an <xf> like the
 * cell's, appended to the styles): what the reader must read as shown, refuse, or place. Bytes that
 * do not unpack are left as they are.
 */
export function withNumberFormat(bytes: Buffer, rng: Rng): Mutated {
  let parts: X.Parts;
  try {
    parts = X.unzipParts(bytes);
  } catch {
    return { bytes, what: [] };
  }
  if (!parts['xl/styles.xml']) return { bytes, what: [] };
  const strings = X.sharedStrings(parts);
  // Every number cell of every sheet (not the keys in column A and row 1).
  const candidates = [...X.sheetParts(parts).entries()]
    .filter(([, p]) => parts[p])
    .flatMap(([sheetName, part]) =>
      X.cellsOf(X.partText(parts, part), strings)
        .filter((c) => !/^A\d/.test(c.ref) && !/^[A-Z]+1$/.test(c.ref) && /^-?\d+(\.\d+)?(E[-+]?\d+)?$/i.test(c.text))
        .map((cell) => ({ sheetName, part, cell })),
    );
  if (!candidates.length) return { bytes, what: [] };
  const { sheetName, part, cell } = rng.pick(candidates);
  const xml = X.partText(parts, part);
  const code = rng.pick(NUMBER_FORMATS);
  let styles = X.partText(parts, 'xl/styles.xml');
  const xfs = /<cellXfs\b[^>]*>([\s\S]*?)<\/cellXfs>/.exec(styles);
  if (!xfs) return { bytes, what: [] };
  const id = Math.max(163, ...[...styles.matchAll(/numFmtId="(\d+)"/g)].map((m) => Number(m[1]))) + 1;
  const numFmt = `<numFmt numFmtId="${id}" formatCode="${X.escapeXml(code)}"/>`;
  styles = /<numFmts\b[^>]*\/>/.test(styles)
    ? styles.replace(/<numFmts\b[^>]*\/>/, `<numFmts count="1">${numFmt}</numFmts>`)
    : /<numFmts\b[^>]*>/.test(styles)
      ? styles.replace(/<numFmts\b[^>]*>/, (m) => m + numFmt)
      : styles.replace(/(<styleSheet\b[^>]*>)/, `$1<numFmts count="1">${numFmt}</numFmts>`);
  const list = [...xfs[1]!.matchAll(/<xf\b[^>]*?(?:\/>|>[\s\S]*?<\/xf>)/g)].map((m) => m[0]);
  const own = list[Number(/\d+/.exec(cell.style)?.[0] ?? 0)] ?? '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>';
  const xf = (/\bnumFmtId="\d+"/.test(own) ? own.replace(/\bnumFmtId="\d+"/, `numFmtId="${id}"`) : own.replace(/^<xf\b/, `<xf numFmtId="${id}"`)).replace(/\sapplyNumberFormat="\w+"/, '').replace(/^<xf\b/, '<xf applyNumberFormat="1"');
  styles = styles.replace('</cellXfs>', `${xf}</cellXfs>`);
  X.setPartText(parts, 'xl/styles.xml', styles);
  const element = xml.slice(cell.start, cell.end);
  const styled = /\ss="\d+"/.test(element) ? element.replace(/\ss="\d+"/, ` s="${list.length}"`) : element.replace(/^<c\b/, `<c s="${list.length}"`);
  X.setPartText(parts, part, xml.slice(0, cell.start) + styled + xml.slice(cell.end));
  return { bytes: X.zipParts(parts), what: [`${sheetName}!${cell.ref} 数字格式 → ${JSON.stringify(code)}`] };
}
