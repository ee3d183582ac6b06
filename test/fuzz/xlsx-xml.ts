import { strFromU8, strToU8, unzipSync, zipSync, type Zippable } from 'fflate';

/**
 * Edits a workbook's parts as XML text, without a workbook library: fast enough to make hundreds
 * of mutated workbooks, and able to write what no library would (a formula nested 5,000 deep, a
 * cached result that disagrees with its cells, a hidden key changed to anything).
 */

export type Parts = Record<string, Uint8Array>;

export const unzipParts = (bytes: Uint8Array): Parts => unzipSync(bytes);

export function zipParts(parts: Parts): Buffer {
  const z: Zippable = {};
  for (const [name, data] of Object.entries(parts)) if (!name.endsWith('/')) z[name] = [data, { level: 1 }];
  return Buffer.from(zipSync(z));
}

export const partText = (parts: Parts, name: string): string => strFromU8(parts[name]!);
export const setPartText = (parts: Parts, name: string, xml: string): void => {
  parts[name] = strToU8(xml);
};

export const escapeXml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Worksheet part names by sheet name (workbook.xml → its rels). */
export function sheetParts(parts: Parts): Map<string, string> {
  const wb = partText(parts, 'xl/workbook.xml');
  const rels = partText(parts, 'xl/_rels/workbook.xml.rels');
  const target = new Map<string, string>();
  for (const m of rels.matchAll(/<Relationship\b[^>]*?Id="([^"]+)"[^>]*?Target="([^"]+)"/g)) target.set(m[1]!, m[2]!);
  for (const m of rels.matchAll(/<Relationship\b[^>]*?Target="([^"]+)"[^>]*?Id="([^"]+)"/g)) target.set(m[2]!, m[1]!);
  const out = new Map<string, string>();
  for (const m of wb.matchAll(/<sheet\b[^>]*?name="([^"]+)"[^>]*?r:id="([^"]+)"/g)) {
    const t = target.get(m[2]!);
    if (t) out.set(m[1]!.replace(/&amp;/g, '&'), t.startsWith('/') ? t.slice(1) : `xl/${t}`);
  }
  return out;
}

/** The shared strings, in order (plain text of each <si>). */
export function sharedStrings(parts: Parts): string[] {
  if (!parts['xl/sharedStrings.xml']) return [];
  const xml = partText(parts, 'xl/sharedStrings.xml');
  return [...xml.matchAll(/<si>([\s\S]*?)<\/si>/g)].map((m) =>
    [...m[1]!.matchAll(/<t\b[^>]*>([\s\S]*?)<\/t>/g)].map((t) => t[1]!.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&')).join(''),
  );
}

export interface CellXml {
  ref: string;
  /** Start and end offsets of the whole <c> element in the sheet's XML. */
  start: number;
  end: number;
  /** The style attribute (s="…"), kept when the cell is rewritten. */
  style: string;
  /** Shared-string text, inline text, or the number as written; '' for an empty cell. */
  text: string;
  formula?: string;
}

const CELL = /<c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g;

export function cellsOf(xml: string, strings: string[]): CellXml[] {
  const out: CellXml[] = [];
  for (const m of xml.matchAll(CELL)) {
    const attrs = m[1]!;
    const ref = /\br="([A-Z]+\d+)"/.exec(attrs)?.[1];
    if (!ref) continue;
    const body = m[2] ?? '';
    const type = /\bt="([^"]+)"/.exec(attrs)?.[1];
    const v = /<v>([\s\S]*?)<\/v>/.exec(body)?.[1] ?? '';
    const text = type === 's' ? (strings[Number(v)] ?? '') : type === 'inlineStr' ? (/<t\b[^>]*>([\s\S]*?)<\/t>/.exec(body)?.[1] ?? '') : v;
    const f = /<f\b[^>]*>([\s\S]*?)<\/f>/.exec(body)?.[1];
    out.push({ ref, start: m.index!, end: m.index! + m[0].length, style: /\bs="\d+"/.exec(attrs)?.[0] ?? '', text, ...(f !== undefined ? { formula: f } : {}) });
  }
  return out;
}

export type NewContent =
  | { kind: 'number'; value: string }
  | { kind: 'text'; text: string }
  | { kind: 'formula'; formula: string; cached?: string }
  | { kind: 'bool'; value: boolean }
  | { kind: 'error'; text: string }
  | { kind: 'empty' };

export function cellXml(ref: string, style: string, c: NewContent): string {
  const s = style ? ` ${style}` : '';
  switch (c.kind) {
    case 'number':
      return `<c r="${ref}"${s}><v>${escapeXml(c.value)}</v></c>`;
    case 'text':
      return `<c r="${ref}"${s} t="inlineStr"><is><t xml:space="preserve">${escapeXml(c.text)}</t></is></c>`;
    case 'formula':
      return `<c r="${ref}"${s}><f>${escapeXml(c.formula)}</f>${c.cached !== undefined ? `<v>${escapeXml(c.cached)}</v>` : ''}</c>`;
    case 'bool':
      return `<c r="${ref}"${s} t="b"><v>${c.value ? 1 : 0}</v></c>`;
    case 'error':
      return `<c r="${ref}"${s} t="e"><v>${escapeXml(c.text)}</v></c>`;
    case 'empty':
      return `<c r="${ref}"${s}/>`;
  }
}

/** The sheet's XML with one existing cell replaced. */
export function replaceCell(xml: string, cell: CellXml, c: NewContent): string {
  return xml.slice(0, cell.start) + cellXml(cell.ref, cell.style, c) + xml.slice(cell.end);
}

/** The sheet's XML with rows appended after its last row (row numbers must be past the last). */
export function appendRows(xml: string, rows: { r: number; cells: { ref: string; c: NewContent }[] }[]): string {
  const add = rows.map((row) => `<row r="${row.r}">${row.cells.map((x) => cellXml(x.ref, '', x.c)).join('')}</row>`).join('');
  return xml.includes('</sheetData>') ? xml.replace('</sheetData>', `${add}</sheetData>`) : xml.replace(/<sheetData\/>/, `<sheetData>${add}</sheetData>`);
}

export function lastRow(xml: string): number {
  let max = 0;
  for (const m of xml.matchAll(/<row\b[^>]*?\br="(\d+)"/g)) max = Math.max(max, Number(m[1]));
  return max;
}
