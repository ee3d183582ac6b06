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
