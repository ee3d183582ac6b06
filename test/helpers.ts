import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { unzipSync, strFromU8 } from 'fflate';
import { parseJson } from '../src/load/json';
import { loadLinkedJsonReports } from '../src/load/linked';
import { loadTemplates } from '../src/load/templates';
import { buildReportDoc, type BuildOptions } from '../src/pipeline';
import { blockText, type ReportDoc } from '../src/model/doc';
import type { TemplateSet } from '../src/render/engine';

export const ROOT = join(__dirname, '..');
export const DATA = join(ROOT, 'data');
export const LAIWU = join(DATA, 'laiwu-2024.json');

/** The Laiwu example as a fresh mutable object: tests derive variants from it. */
export function laiwuRaw(): any {
  return JSON.parse(readFileSync(LAIWU, 'utf8'));
}

let templates: TemplateSet | null = null;
export function defaultTemplates(): TemplateSet {
  return (templates ??= loadTemplates());
}

/**
 * Builds a document model from a raw dataset object (serialised so the source map is real).
 * Reports it attaches by file name are read from `dir` (data/, where the examples keep them).
 */
export function buildFromRaw(raw: unknown, file = 'test.json', set: TemplateSet = defaultTemplates(), options: BuildOptions = {}, dir = DATA) {
  const loaded = parseJson(JSON.stringify(raw, null, 2), file);
  return buildReportDoc(loaded, set, { linked: loadLinkedJsonReports(loaded, join(dir, file)), ...options });
}

export function mustBuild(raw: unknown): ReportDoc {
  const r = buildFromRaw(raw);
  if (!r.doc) throw new Error(`build failed: ${JSON.stringify(r.issues, null, 1)}`);
  return r.doc;
}

export function docText(doc: ReportDoc): string {
  return doc.blocks.map(blockText).join('\n');
}

/** Whitespace removed, as the seed comparison wants. */
export const squash = (s: string) => s.replace(/\s+/g, '');

export function docxPart(bytes: Uint8Array, name: string): string {
  const files = unzipSync(bytes);
  const f = files[name];
  if (!f) throw new Error(`${name} not in package: ${Object.keys(files).join(', ')}`);
  return strFromU8(f);
}

export function docxParts(bytes: Uint8Array): string[] {
  return Object.keys(unzipSync(bytes)).sort();
}

/** Paragraph texts of word/document.xml. */
export function xmlParagraphs(xml: string): string[] {
  return [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((m) =>
    [...m[0].matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((t) => t[1]).join(''),
  );
}

/** What a run is set in, as Word resolves it: its own properties, else its paragraph style's (and the styles it is based on), else the document defaults. */
export interface RunFace {
  text: string;
  eastAsia?: string;
  latin?: string;
  hint?: string;
  size?: number;
  bold: boolean;
}

function rPrFace(rPr: string): Partial<RunFace> {
  const fonts = /<w:rFonts ([^>]*)\/>/.exec(rPr)?.[1] ?? '';
  const attr = (name: string) => new RegExp(`w:${name}="([^"]*)"`).exec(fonts)?.[1];
  const size = /<w:sz w:val="(\d+)"\/>/.exec(rPr)?.[1];
  const face: Partial<RunFace> = {};
  if (attr('eastAsia')) face.eastAsia = attr('eastAsia');
  if (attr('ascii')) face.latin = attr('ascii');
  if (attr('hint')) face.hint = attr('hint');
  if (size) face.size = Number(size);
  if (/<w:b\/>/.test(rPr)) face.bold = true;
  return face;
}

/** The face of each run of a <w:p>…</w:p>, resolved against styles.xml. */
export function runFaces(paragraphXml: string, stylesXml: string): RunFace[] {
  const styleFace = (id: string): Partial<RunFace> => {
    const style = new RegExp(`<w:style w:type="paragraph" w:styleId="${id}"[^>]*>([\\s\\S]*?)</w:style>`).exec(stylesXml)?.[1];
    if (!style) return rPrFace(/<w:rPrDefault>([\s\S]*?)<\/w:rPrDefault>/.exec(stylesXml)?.[1] ?? '');
    const based = /<w:basedOn w:val="([^"]+)"\/>/.exec(style)?.[1];
    return { ...(based ? styleFace(based) : rPrFace(/<w:rPrDefault>([\s\S]*?)<\/w:rPrDefault>/.exec(stylesXml)?.[1] ?? '')), ...rPrFace(/<w:rPr>([\s\S]*?)<\/w:rPr>/.exec(style)?.[1] ?? '') };
  };
  const base = styleFace(/<w:pStyle w:val="([^"]+)"\/>/.exec(paragraphXml)?.[1] ?? 'Normal');
  return [...paragraphXml.matchAll(/<w:r>([\s\S]*?)<\/w:r>/g)].map((m) => {
    const run = m[1]!;
    const own = rPrFace(/^<w:rPr>([\s\S]*?)<\/w:rPr>/.exec(run)?.[1] ?? '');
    const text = [...run.matchAll(/<w:t[^>]*>([^<]*)<\/w:t>/g)].map((t) => t[1]).join('');
    return { bold: false, ...base, ...own, text };
  });
}

/** Every example dataset in data/ (JSON), built as `fiscal-report build` builds it: name → document. */
export function exampleDocs(options: BuildOptions = {}): { name: string; doc: ReportDoc }[] {
  const { readdirSync } = require('node:fs') as typeof import('node:fs');
  return readdirSync(DATA)
    .filter((f: string) => f.endsWith('.json'))
    .sort()
    .map((f: string) => {
      const r = buildFromRaw(JSON.parse(readFileSync(join(DATA, f), 'utf8')), f, defaultTemplates(), options);
      if (!r.doc) throw new Error(`${f} does not build: ${JSON.stringify(r.issues.filter((i) => i.severity === 'error'), null, 1)}`);
      return { name: f, doc: r.doc };
    });
}

/** A copy of the Laiwu example with one figure off by one: a draft with comments on the sentences showing it. */
export function laiwuBroken(): any {
  const raw = laiwuRaw();
  raw.generalBudget.district.expenditure.lines[raw.generalBudget.district.expenditure.lines.length - 1].amount += 1;
  return raw;
}

/** A copy of a narrative example whose figures table has a part-sum error (figure-sum): its draft. */
export function performanceBroken(): any {
  const raw = JSON.parse(readFileSync(join(DATA, 'laiwu-2024-performance.json'), 'utf8'));
  raw.figures['整体自评部门数'].value += 1;
  return raw;
}
