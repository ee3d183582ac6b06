import { Packer, type Document } from 'docx';
import { strFromU8, strToU8, unzipSync, zipSync, type Zippable } from 'fflate';

/**
 * Byte-identical DOCX for identical input. The `docx` package stamps docProps/core.xml with the
 * clock (dcterms:created / dcterms:modified) and zips with the current time as every entry's date;
 * both are replaced here by the document's own date (the meeting date for a final-accounts report),
 * so two builds of the same data, on any machine, in any time zone, give the same bytes.
 *
 * Nothing else in the package depends on the clock (checked part by part); a test packs twice and
 * compares bytes.
 */

/** 2025-08-29 → the parts of a calendar date; anything else is refused (the validator checks dates). */
function calendarDate(date: string): { y: number; m: number; d: number } {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(date);
  if (!m) throw new Error(`deterministic DOCX: date "${date}" is not YYYY-MM-DD`);
  return { y: Number(m[1]), m: Number(m[2]), d: Number(m[3]) };
}

/** core.xml with both timestamps set to midnight UTC of `date`. */
export function fixCoreDates(coreXml: string, date: string): string {
  const { y, m, d } = calendarDate(date);
  const stamp = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}T00:00:00Z`;
  return coreXml.replace(/(<dcterms:(created|modified)\b[^>]*>)[^<]*(<\/dcterms:\2>)/g, `$1${stamp}$3`);
}

/**
 * Zips package parts in the order given, [Content_Types].xml first, every entry dated `date` at
 * 00:00. fflate writes DOS dates from a Date's local fields, so the Date is built from local fields
 * too: the stored date is the same whatever the machine's time zone.
 */
export function zipParts(parts: Iterable<[string, string | Uint8Array]>, date: string): Uint8Array {
  const { y, m, d } = calendarDate(date);
  // DOS dates start in 1980.
  const mtime = new Date(Math.max(y, 1980), m - 1, d, 0, 0, 0, 0);
  const entries: [string, Uint8Array][] = [];
  for (const [path, data] of parts) entries.push([path, typeof data === 'string' ? strToU8(data) : data]);
  entries.sort(([a], [b]) => (a === '[Content_Types].xml' ? -1 : b === '[Content_Types].xml' ? 1 : 0));
  const zippable: Zippable = {};
  for (const [path, data] of entries) zippable[path] = data;
  return zipSync(zippable, { mtime, level: 6 });
}

/** Any DOCX bytes (e.g. from `Packer.toBuffer`) → the same package with fixed dates. */
export function repackDeterministic(docx: Uint8Array, date: string): Buffer {
  const files = unzipSync(docx);
  const parts: [string, string | Uint8Array][] = Object.entries(files).map(([path, data]) =>
    path === 'docProps/core.xml' ? [path, fixCoreDates(strFromU8(data), date)] : [path, data],
  );
  return Buffer.from(zipParts(parts, date));
}

type Compiled = Map<string, string | Uint8Array>;
interface PackerInternals {
  compiler?: { compile(file: Document): Compiled };
}

/**
 * A docx Document → deterministic DOCX bytes. Uses the package's own compiler to get the parts
 * without zipping twice; should a later `docx` drop that (unexported) compiler, falls back to
 * repacking what `Packer.toBuffer` gives, with the same result.
 */
export async function packDeterministic(document: Document, date: string): Promise<Buffer> {
  const compiler = (Packer as unknown as PackerInternals).compiler;
  if (compiler && typeof compiler.compile === 'function') {
    const parts = compiler.compile(document);
    const core = parts.get('docProps/core.xml');
    if (typeof core === 'string') parts.set('docProps/core.xml', fixCoreDates(core, date));
    return Buffer.from(zipParts(parts, date));
  }
  return repackDeterministic(await Packer.toBuffer(document), date);
}
