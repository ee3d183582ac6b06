import { deflateEntry, dosDate, zipEntries, type ZipEntry } from './zip';
import type { ReportDoc } from '../model/doc';
import { customXml } from './origin';

/**
 * Makes the package byte-identical for identical input: docProps/core.xml and the zip entries are
 * dated by the dataset, never the clock; entries in a fixed order, a fixed compression level.
 */

type Properties = ReportDoc['properties'];

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The document's date (YYYY-MM-DD from the dataset) as W3CDTF, midnight UTC. */
function w3cdtf(date: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new Error(`文档日期格式应为 YYYY-MM-DD，实为“${date}”（内部错误）`);
  return `${date}T00:00:00Z`;
}

export function coreXml(p: Properties): string {
  const when = w3cdtf(p.created);
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
    `<dc:title>${escapeXml(p.title)}</dc:title>` +
    `<dc:subject>${escapeXml(p.subject)}</dc:subject>` +
    `<dc:creator>${escapeXml(p.author)}</dc:creator>` +
    `<cp:keywords>${escapeXml(p.keywords)}</cp:keywords>` +
    `<cp:lastModifiedBy>${escapeXml(p.author)}</cp:lastModifiedBy>` +
    '<cp:revision>1</cp:revision>' +
    `<dcterms:created xsi:type="dcterms:W3CDTF">${when}</dcterms:created>` +
    `<dcterms:modified xsi:type="dcterms:W3CDTF">${when}</dcterms:modified>` +
    '</cp:coreProperties>'
  );
}

export function appXml(p: Properties): string {
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">' +
    '<Application>fiscal-report</Application>' +
    `<Company>${escapeXml(p.author)}</Company>` +
    '</Properties>'
  );
}

/** [Content_Types].xml and the package relationships first, as Word writes them; the rest by name. */
function entryOrder(a: string, b: string): number {
  const rank = (n: string) => (n === '[Content_Types].xml' ? 0 : n === '_rels/.rels' ? 1 : 2);
  return rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0);
}

/**
 * The package's bytes: the report's own parts and the shared parts, compressed (zip.ts), with
 * docProps/core.xml and app.xml from the document's properties. The zip entries are dated by the
 * document, in a fixed order: same parts, same bytes.
 */
export function packageBytes(entries: readonly ZipEntry[], properties: Properties): Buffer {
  const all = [
    ...entries,
    deflateEntry('docProps/core.xml', coreXml(properties)),
    deflateEntry('docProps/app.xml', appXml(properties)),
    deflateEntry('docProps/custom.xml', customXml(properties.origin)),
  ];
  all.sort((a, b) => entryOrder(a.name, b.name));
  return zipEntries(all, dosDate(properties.created));
}
