import { readFileSync } from 'node:fs';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { PARTS_FILE, partsJson } from '../scripts/docx-parts';
import { packReportSync } from '../src/docx/pack';
import { refreshDraft } from '../src/refresh';
import { buildFromRaw, exampleDocs, laiwuBroken, laiwuRaw, mustBuild, performanceBroken } from './helpers';
import { stripIgnorable, validatePackages } from './ooxml-xsd';

// The package parts every report shares are generated from the docx package (src/docx/skeleton.ts)
// and stored; after changing styles, page setup or the docx version, run `npm run docx-parts`.
describe('the stored package parts', () => {
  it('are what the docx package writes now', async () => {
    const stored = readFileSync(PARTS_FILE, 'utf8');
    expect(stored === (await partsJson())).toBe(true);
  });
});

/** The refreshed draft a writer gets back: a figure typed over by hand (a conflict, commented), refreshed with corrected data. */
function refreshedDraft(): Uint8Array {
  const draft = packReportSync(buildFromRaw(laiwuBroken(), 'laiwu-2024.json', undefined, { draft: true }).doc!);
  const files = unzipSync(draft);
  const xml = strFromU8(files['word/document.xml']!);
  files['word/document.xml'] = strToU8(xml.replace('>470383<', '>470384<'));
  return refreshDraft(zipSync(files), mustBuild(laiwuRaw()), { comments: true, date: '2025-08-29T00:00:00Z' }).bytes;
}

// Word is far stricter than LibreOffice: an element out of schema order or an unknown attribute makes
// it report unreadable content. Every XML part of every package the program writes is validated
// against the ECMA-376 transitional schemas (test/xsd), ignoring only what mc:Ignorable declares.
describe('every XML part against the ECMA-376 schemas', () => {
  it('strips only what mc:Ignorable declares', () => {
    const xml =
      '<w:document xmlns:w="urn:w" xmlns:w14="urn:w14" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" mc:Ignorable="w14">' +
      '<w:p w14:paraId="1" w:rsid="2"><w14:x a="1"><w:r/></w14:x><w:r/></w:p></w:document>';
    expect(stripIgnorable(xml)).toBe('<w:document xmlns:w="urn:w" xmlns:w14="urn:w14" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><w:p w:rsid="2"><w:r/></w:p></w:document>');
  });

  it('of every example, a draft of each kind, an audit build and a refreshed draft', async () => {
    const packages = [
      ...exampleDocs().map(({ name, doc }) => ({ label: name, bytes: packReportSync(doc) })),
      { label: 'laiwu draft', bytes: packReportSync(buildFromRaw(laiwuBroken(), 'x.json', undefined, { draft: true }).doc!) },
      { label: 'performance draft', bytes: packReportSync(buildFromRaw(performanceBroken(), 'p.json', undefined, { draft: true }).doc!) },
      { label: 'audit build', bytes: packReportSync(buildFromRaw(laiwuRaw(), 'x.json', undefined, { audit: true }).doc!) },
      { label: 'refreshed draft', bytes: refreshedDraft() },
    ];
    expect(packages.length).toBeGreaterThanOrEqual(12);
    const problems = await validatePackages(packages);
    expect(problems.map((p) => `${p.part}: ${p.message}`)).toEqual([]);
  });

  it('finds a part out of schema order (the check can fail)', async () => {
    const files = unzipSync(packReportSync(mustBuild(laiwuRaw())));
    const xml = strFromU8(files['word/document.xml']!);
    files['word/document.xml'] = strToU8(xml.replace('<w:pStyle w:val="Title"/>', '<w:jc w:val="center"/><w:pStyle w:val="Title"/>'));
    const problems = await validatePackages([{ label: 'bad', bytes: zipSync(files) }]);
    expect(problems.some((p) => p.part === 'bad › word/document.xml')).toBe(true);
  });
});
