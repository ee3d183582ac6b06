import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { adopt, type AdoptResult } from '../src/adopt';
import { readDocx } from '../src/adopt/docx-read';
import { packReport } from '../src/docx/pack';
import { parseJson } from '../src/load/json';
import { loadLinkedJsonReports } from '../src/load/linked';
import type { ReportDoc } from '../src/model/doc';
import type { StyleInput } from '../src/style/schema';
import { DATA, buildFromRaw, defaultTemplates } from './helpers';
import { LIBREOFFICE } from './libreoffice';
import { tmp } from './validate-helpers';

export const rawOf = (name: string): any => JSON.parse(readFileSync(join(DATA, `${name}.json`), 'utf8'));

/** A dataset's report as DOCX bytes, as `build` writes it. */
export async function docxOf(raw: unknown, file: string): Promise<{ doc: ReportDoc; bytes: Uint8Array }> {
  const r = buildFromRaw(raw, file);
  if (!r.doc) throw new Error(`build failed: ${JSON.stringify(r.issues, null, 1)}`);
  return { doc: r.doc, bytes: await packReport(r.doc) };
}

/** The DOCX without the bookmarks fiscal-report binds figures with: a report adopt may not rely on. */
export function stripBookmarks(bytes: Uint8Array): Uint8Array {
  const files = unzipSync(bytes);
  const xml = strFromU8(files['word/document.xml']!);
  files['word/document.xml'] = strToU8(xml.replace(/<w:bookmark(?:Start|End)\b[^>]*\/>/g, ''));
  return zipSync(files);
}

/**
 * The document's text as it reads, paragraph by paragraph (table cells too), in order: read as
 * adopt reads a DOCX, so a run-in heading set as Word's style separator is one paragraph with its
 * text however a program saved it, and a paragraph LibreOffice cut at a section's page is one.
 */
export function docxTexts(bytes: Uint8Array): string[] {
  return readDocx(bytes, 'report.docx').paragraphs.map((p) => p.text);
}

/** Re-saves DOCX files through LibreOffice ("MS Word 2007 XML"), all in one run: no longer our XML. */
export function resaveWithLibreOffice(files: Record<string, Uint8Array>): Record<string, Uint8Array> {
  const dir = tmp();
  const input = join(dir, 'in');
  const output = join(dir, 'out');
  mkdirSync(input);
  const paths = Object.entries(files).map(([name, bytes]) => {
    const p = join(input, `${name}.docx`);
    writeFileSync(p, bytes);
    return p;
  });
  const r = spawnSync(LIBREOFFICE!, ['--headless', `-env:UserInstallation=file://${dir}/profile`, '--convert-to', 'docx:MS Word 2007 XML', '--outdir', output, ...paths], { encoding: 'utf8', timeout: 300000 });
  if (r.status !== 0) throw new Error(`LibreOffice failed: ${r.stderr}`);
  // A file LibreOffice could not save is missing from the result (its caller says so).
  return Object.fromEntries(Object.keys(files).flatMap((name) => (existsSync(join(output, `${name}.docx`)) ? [[name, new Uint8Array(readFileSync(join(output, `${name}.docx`)))]] : [])));
}

/** adopt on bytes and a raw dataset (the reports it attaches read from data/). */
export function adoptRaw(docx: Uint8Array, raw: unknown, file = 'data.json', docxName = '去年的报告.docx'): AdoptResult {
  const loaded = parseJson(JSON.stringify(raw, null, 2), join(DATA, file));
  return adopt({ docx: readDocx(docx, docxName), loaded, templates: defaultTemplates(), linked: loadLinkedJsonReports(loaded, join(DATA, file)) });
}

/**
 * Builds a dataset with a style in place of its own, with the numbers audit. `allowUnplaced`: as
 * adopt's own builds do, print the style's {{?…}} numbers (an ordinary build refuses them).
 */
export function buildWithStyle(raw: any, style: StyleInput, file = 'data.json', allowUnplaced = false) {
  const r = buildFromRaw({ ...raw, style }, file, undefined, { audit: true, allowUnplaced });
  if (!r.doc) throw new Error(`build failed: ${JSON.stringify(r.issues, null, 1)}`);
  return r;
}
