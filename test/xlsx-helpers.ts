import { existsSync, realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { crc32 as zlibCrc32 } from 'node:zlib';
import { z } from 'zod';
import type * as ExcelJSModule from 'exceljs';
import { readWorkbook } from '../src/load/xlsx';
import { FiscalError, type Issue } from '../src/model/issue';
import { Amount, Figures, IsoDate, Item, Rate, Text } from '../src/validate/schema/common';
import { buildWorkbook } from '../src/workbook/build';
import { loadExcel } from '../src/workbook/excel';
import type { KindWorkbook } from '../src/workbook/spec';
import { LIBREOFFICE } from './libreoffice';

/** LibreOffice with its spreadsheet component (Calc), which converting workbooks needs. */
function hasCalc(): boolean {
  if (!LIBREOFFICE) return false;
  const which = spawnSync('which', [LIBREOFFICE], { encoding: 'utf8' }).stdout.trim();
  if (!which) return false;
  const program = dirname(realpathSync(which));
  return ['libsclo.so', 'scalc', 'scalc.exe', 'libsclo.dylib'].some((f) => existsSync(join(program, f)));
}
export const LIBREOFFICE_CALC = hasCalc();
export const describeWithLibreOfficeCalc = LIBREOFFICE_CALC ? describe : describe.skip;
if (LIBREOFFICE && !LIBREOFFICE_CALC) {
  console.warn('LibreOffice 未安装 Calc 组件：跳过工作簿经 LibreOffice 往返的测试（Debian: apt-get install libreoffice-calc）');
}

// A tiny report kind, described the same way as the real ones, so messy-cell tests can build a
// small workbook, spoil one cell and read it back. That it works at all shows the description is
// what drives the reader and the writer.

const Side = z
  .object({
    total: Amount,
    current: z.object({ amount: Amount, completionRate: Rate.optional(), growth: Rate.optional() }).strict().optional(),
    lines: z.array(z.object({ label: Text, amount: Amount }).strict()),
  })
  .strict();

export const TinySchema = z
  .object({
    kind: z.literal('tiny'),
    meta: z.object({ name: Text, year: z.number().int(), date: IsoDate.optional(), tags: z.array(Text) }).strict(),
    budget: z.object({ district: Side, level: Side, note: Text.optional() }).strict(),
    items: z.array(Item),
    figures: Figures.default({}),
  })
  .strict();

export const TINY: KindWorkbook = {
  kind: 'tiny',
  name: '测试报告',
  schema: TinySchema,
  fileName: () => '测试',
  sheets: [
    {
      type: 'grid',
      id: 'meta',
      name: '基本信息',
      title: '基本信息',
      columns: [{ key: 'value', title: '内容' }],
      rows: [
        { kind: 'value', path: 'kind', label: '报告类型', type: 'kind' },
        { kind: 'value', path: 'meta.name', label: '区名', type: 'text' },
        { kind: 'value', path: 'meta.year', label: '年度', type: 'int', unit: '年' },
        { kind: 'value', path: 'meta.date', label: '日期', type: 'date' },
        { kind: 'list', path: 'meta.tags', label: '标签', fields: [{ field: null, column: 'value', type: 'text' }], itemLabel: '标签', blankRows: 2 },
      ],
    },
    {
      type: 'grid',
      id: 'budget',
      name: '预算',
      title: '预算（万元）',
      columns: [
        { key: 'district', title: '全区' },
        { key: 'level', title: '区级' },
      ],
      rows: [
        { kind: 'section', label: '一、收入' },
        { kind: 'value', path: 'budget.*.total', label: '合计', type: 'amount', unit: '万元', formula: '{budget.*.current.amount}+{budget.*.lines}' },
        { kind: 'value', path: 'budget.*.current.amount', label: '当年收入', type: 'amount', unit: '万元' },
        { kind: 'value', path: 'budget.*.current.completionRate', label: '完成率', type: 'rate', unit: '%' },
        { kind: 'value', path: 'budget.*.current.growth', label: '增长', type: 'rate', unit: '%' },
        ...(['district', 'level'] as const).map((s) => ({
          kind: 'list' as const,
          path: `budget.${s}.lines`,
          label: `构成（${s}）`,
          fields: [
            { field: 'label', column: 'label', type: 'text' as const },
            { field: 'amount', column: s, type: 'amount' as const },
          ],
          unit: '万元',
          blankRows: 2,
        })),
        { kind: 'value', path: 'budget.note', label: '说明', type: 'longtext' },
      ],
    },
    { type: 'narrative', id: 'narrative', name: '文字材料', title: '文字材料', parts: [{ path: 'items', label: '事项', items: 2, points: 1 }] },
    { type: 'figures', id: 'figures', name: '数据表', title: '数据表', path: 'figures', blankRows: 3 },
  ],
};

export function tinyData(): any {
  return {
    kind: 'tiny',
    meta: { name: '测试区', year: 2024, date: '2025-08-29', tags: ['甲', '乙'] },
    budget: {
      district: { total: 300, current: { amount: 100, completionRate: 100.08, growth: -0.52 }, lines: [{ label: '转贷收入', amount: 200 }] },
      level: { total: 150, current: { amount: 150, completionRate: 99.7 }, lines: [] },
      note: '说明文字',
    },
    items: [
      { lead: '引领语一', text: '正文{{甲}}', points: [{ lead: '分项', text: '分项正文' }] },
      { text: '第二项正文' },
    ],
    figures: {
      甲: { value: 2.04, unit: '亿元' },
      乙: { from: 'budget.district.total', unit: '万元', show: '亿元' },
      丙: { ratio: ['甲', '乙'], unit: '%', digits: 1 },
    },
  };
}

export type ExcelWorkbook = InstanceType<typeof ExcelJSModule.Workbook>;

/** Builds the tiny workbook, lets the test spoil it through exceljs, and returns the bytes. */
export async function tinyWorkbook(edit?: (wb: ExcelWorkbook) => void | Promise<void>, data: unknown = tinyData()): Promise<Buffer> {
  const bytes = await buildWorkbook(TINY, { data });
  if (!edit) return bytes;
  return editWorkbook(bytes, edit);
}

export async function editWorkbook(bytes: Uint8Array, edit: (wb: ExcelWorkbook) => void | Promise<void>): Promise<Buffer> {
  const ExcelJS = await loadExcel();
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  await edit(wb);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Row of a key in a sheet (column A). */
export function rowOf(wb: ExcelWorkbook, sheet: string, key: string): number {
  const ws = wb.getWorksheet(sheet)!;
  for (let r = 1; r <= ws.rowCount; r++) if (ws.getCell(r, 1).value === key) return r;
  throw new Error(`no row ${key} in ${sheet}`);
}

export async function readTiny(bytes: Uint8Array, file = 'tiny.xlsx') {
  return readWorkbook(bytes, file, [TINY]);
}

/** The issues a read refuses with (fails the test if it does not refuse). */
export async function refusal(read: Promise<unknown>): Promise<Issue[]> {
  try {
    await read;
  } catch (e) {
    if (e instanceof FiscalError) return e.issues;
    throw e;
  }
  throw new Error('expected the workbook to be refused');
}

/** Rewrites one part of a package, as another spreadsheet program would have written it. */
export function patchPart(bytes: Uint8Array, part: string, edit: (xml: string) => string): Buffer {
  const files = unzipSync(bytes);
  const f = files[part];
  if (!f) throw new Error(`${part} not in package: ${Object.keys(files).join(', ')}`);
  files[part] = strToU8(edit(strFromU8(f)));
  return Buffer.from(zipSync(files));
}

export function part(bytes: Uint8Array, name: string): string {
  const f = unzipSync(bytes)[name];
  if (!f) throw new Error(`${name} not in package`);
  return strFromU8(f);
}

/** The worksheet part of a sheet by its name. */
export function sheetPart(bytes: Uint8Array, sheet: string): string {
  const wbXml = part(bytes, 'xl/workbook.xml');
  const rid = new RegExp(`<sheet [^>]*name="${sheet}"[^>]*r:id="([^"]+)"`).exec(wbXml)?.[1];
  const rels = part(bytes, 'xl/_rels/workbook.xml.rels');
  const target = new RegExp(`<Relationship [^>]*Id="${rid}"[^>]*Target="([^"]+)"`).exec(rels)?.[1] ?? new RegExp(`Target="([^"]+)"[^>]*Id="${rid}"`).exec(rels)?.[1];
  if (!target) throw new Error(`sheet ${sheet} not found`);
  return target.startsWith('/') ? target.slice(1) : `xl/${target}`;
}

/** Plain JSON (prototype-free objects compare equal to literals). */
export const plain = (v: unknown) => JSON.parse(JSON.stringify(v));

// ── The workbook description against the dataset schema ───────────────────────────────────────

type ZodDef = { type: string; shape?: Record<string, z.ZodType>; element?: z.ZodType; innerType?: z.ZodType; options?: z.ZodType[]; valueType?: z.ZodType; getter?: () => z.ZodType; in?: z.ZodType };
const zdef = (s: z.ZodType): ZodDef => (s as unknown as { _zod: { def: ZodDef } })._zod.def;

/**
 * Every leaf path of a zod schema, arrays as "[]" and records as ".x" (a.b[].c, figures.x.unit);
 * recursive (lazy) schemas are followed to a fixed depth.
 */
export function schemaLeaves(schema: z.ZodType, path = '', depth = 0): string[] {
  const d = zdef(schema);
  switch (d.type) {
    case 'object':
      return Object.entries(d.shape ?? {}).flatMap(([k, v]) => schemaLeaves(v, path ? `${path}.${k}` : k, depth));
    case 'array':
      return schemaLeaves(d.element!, `${path}[]`, depth);
    case 'optional':
    case 'default':
    case 'nullable':
    case 'prefault':
    case 'readonly':
      return schemaLeaves(d.innerType!, path, depth);
    case 'pipe':
      return schemaLeaves(d.in!, path, depth);
    case 'union':
      return [...new Set((d.options ?? []).flatMap((o) => schemaLeaves(o, path, depth)))];
    case 'record':
      return schemaLeaves(d.valueType!, `${path}.x`, depth);
    case 'lazy':
      return depth > 3 ? [] : schemaLeaves(d.getter!(), path, depth + 1);
    default:
      return [path];
  }
}

/**
 * What a kind's workbook holds: the paths of its rows ("[]" for items; a "*" row once per value
 * column), and the subtrees whole sheets hold (figures, tables, a narrative body).
 */
export function workbookPaths(spec: KindWorkbook): { paths: string[]; subtrees: string[] } {
  const paths: string[] = [];
  const subtrees: string[] = [];
  for (const sheet of spec.sheets) {
    if (sheet.type === 'grid')
      for (const r of sheet.rows) {
        if (r.kind === 'value') paths.push(...(r.path.includes('*') ? sheet.columns.map((c) => r.path.replace(/\*/g, c.key)) : [r.path]));
        if (r.kind === 'list') {
          paths.push(...r.fields.map((f) => `${r.path}[]${f.field ? `.${f.field}` : ''}`));
          // A list whose items take forms ({"report": …}) holds each form's field.
          paths.push(...(r.forms ?? []).flatMap((f) => (f.field ? [`${r.path}[].${f.field}`] : [])));
          // Parts of an item (含…, 增值税 under 税收收入), on the rows below it: their fields at
          // each depth they may take (recursive ones as deep as schemaLeaves follows them).
          const parts = r.parts;
          if (parts) {
            const fields = (parts.fields ?? r.fields.flatMap((f) => (f.field ? [f.field] : []))).filter((f) => f !== null);
            let base = `${r.path}[]`;
            for (let depth = 1; depth <= (parts.depth ?? 6); depth++) {
              base = `${base}.${parts.field}[]`;
              paths.push(...fields.map((f) => `${base}.${f}`));
            }
          }
        }
      }
    else if (sheet.type === 'narrative') paths.push(...sheet.parts.flatMap((p) => [`${p.path}[].lead`, `${p.path}[].text`, `${p.path}[].points[].lead`, `${p.path}[].points[].text`]));
    else if (sheet.type === 'figures' || sheet.type === 'tables' || sheet.type === 'style') subtrees.push(sheet.path);
    // A standard table's sheet holds the whole table (its rows found by code, not by key).
    else if (sheet.type === 'classified') subtrees.push(`classified.${sheet.table}`);
    else subtrees.push(...(sheet as { paths?: string[] }).paths ?? []);
  }
  return { paths, subtrees };
}

/**
 * A package with one part's content changed but its recorded CRC-32 left as it was (local header
 * and central directory): what a disk or a broken copy does to a file, where the part still unpacks.
 */
export function damagePart(bytes: Uint8Array, name: string, edit: (xml: string) => string): Buffer {
  const before = unzipSync(bytes)[name];
  if (!before) throw new Error(`${name} not in package`);
  const crc = zlibCrc32(before);
  const out = patchPart(bytes, name, edit);
  const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
  const nameBytes = Buffer.from(name, 'utf8');
  for (let at = 0; at + 46 < out.length; at++) {
    const sig = view.getUint32(at, true);
    if (sig === 0x04034b50 && out.subarray(at + 30, at + 30 + nameBytes.length).equals(nameBytes)) view.setUint32(at + 14, crc, true);
    if (sig === 0x02014b50 && out.subarray(at + 46, at + 46 + nameBytes.length).equals(nameBytes)) view.setUint32(at + 16, crc, true);
  }
  return out;
}
