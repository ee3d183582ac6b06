import { strFromU8, strToU8, unzipSync, zipSync, type Zippable } from 'fflate';
import type { ReportDoc } from '../model/doc';

/**
 * Makes the package byte-identical for identical input: the docx library stamps the clock into
 * docProps/core.xml and the zip entries, so the package is rewritten here with the dataset's
 * date in both, entries in a fixed order and a fixed compression level.
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

/**
 * What the docx library cannot write: paragraphs do not snap to the document grid
 * (<w:snapToGrid w:val="0"/>, layout.ts GRID says why). It goes into the paragraph defaults,
 * before w:spacing as CT_PPrBase orders it.
 */
export function patchStyles(xml: string): string {
  const at = xml.indexOf('<w:pPrDefault><w:pPr>');
  if (at < 0) throw new Error('styles.xml 缺少 w:pPrDefault（内部错误）');
  const insertAt = at + '<w:pPrDefault><w:pPr>'.length;
  return xml.slice(0, insertAt) + '<w:snapToGrid w:val="0"/>' + xml.slice(insertAt);
}

/** [Content_Types].xml and the package relationships first, as Word writes them; the rest by name. */
function entryOrder(a: string, b: string): number {
  const rank = (n: string) => (n === '[Content_Types].xml' ? 0 : n === '_rels/.rels' ? 1 : 2);
  return rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0);
}

/** Rewrites a docx package deterministically: same properties and parts give the same bytes. */
export function normalizePackage(bytes: Uint8Array, properties: Properties): Buffer {
  const files = unzipSync(bytes);
  files['docProps/core.xml'] = strToU8(coreXml(properties));
  files['docProps/app.xml'] = strToU8(appXml(properties));
  const styles = files['word/styles.xml'];
  if (styles) files['word/styles.xml'] = strToU8(patchStyles(strFromU8(styles)));
  // Zip entry times are DOS local times: a Date built from local fields encodes the same in
  // every time zone.
  const [y, m, d] = properties.created.split('-').map(Number) as [number, number, number];
  const mtime = new Date(Math.max(y, 1980), m - 1, d);
  const out: Zippable = {};
  for (const name of Object.keys(files).sort(entryOrder)) out[name] = [files[name]!, { level: 6, mtime }];
  return Buffer.from(zipSync(out));
}
