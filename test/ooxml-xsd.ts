import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { validateXML, memoryPages } from 'xmllint-wasm';

/**
 * Validates every XML part of a DOCX against the ECMA-376 transitional schemas (test/xsd, copied
 * from the shared bundle: see test/xsd/README.md) with xmllint compiled to WebAssembly. What a part
 * lists in mc:Ignorable (w14, w15, …) is stripped first, as Word ignores it and these schemas do not
 * know it; nothing else is.
 */

const XSD_DIR = join(__dirname, 'xsd');

type XmlFile = { fileName: string; contents: string };

/** Every schema file, flat by its file name (opc-xsd's imports of ../dc.xsd etc. point into the same folder). */
function schemaFiles(): XmlFile[] {
  const out: XmlFile[] = [];
  for (const dir of [XSD_DIR, join(XSD_DIR, 'opc-xsd')])
    for (const f of readdirSync(dir))
      if (f.endsWith('.xsd')) out.push({ fileName: f, contents: readFileSync(join(dir, f), 'utf8').replace(/schemaLocation="\.\.\//g, 'schemaLocation="') });
  return out;
}

let schemas: XmlFile[] | null = null;

/** The schema (its main XSD's file name) a part is validated against, by its content type. */
export function schemaFor(contentType: string): string | null {
  if (contentType === 'application/vnd.openxmlformats-package.relationships+xml') return 'opc-relationships.xsd';
  if (contentType === 'application/vnd.openxmlformats-package.core-properties+xml') return 'opc-coreProperties.xsd';
  if (contentType === 'application/vnd.openxmlformats-officedocument.extended-properties+xml') return 'shared-documentPropertiesExtended.xsd';
  if (contentType === 'application/vnd.openxmlformats-officedocument.custom-properties+xml') return 'shared-documentPropertiesCustom.xsd';
  if (contentType === 'application/vnd.openxmlformats-officedocument.theme+xml') return 'dml-main.xsd';
  if (/^application\/vnd\.openxmlformats-officedocument\.wordprocessingml\.[\w.]+\+xml$/.test(contentType)) return 'wml.xsd';
  return null;
}

/** The content type of each part, from [Content_Types].xml (overrides, then defaults by extension). */
export function contentTypes(files: Record<string, Uint8Array>): Map<string, string> {
  const ct = strFromU8(files['[Content_Types].xml']!);
  const attr = (tag: string, name: string) => new RegExp(`\\b${name}="([^"]*)"`).exec(tag)?.[1];
  const defaults = new Map<string, string>();
  const overrides = new Map<string, string>();
  for (const [tag] of ct.matchAll(/<Default\b[^>]*>/g)) defaults.set(attr(tag, 'Extension')!.toLowerCase(), attr(tag, 'ContentType')!);
  for (const [tag] of ct.matchAll(/<Override\b[^>]*>/g)) overrides.set(attr(tag, 'PartName')!.replace(/^\//, ''), attr(tag, 'ContentType')!);
  const out = new Map<string, string>();
  for (const name of Object.keys(files)) {
    if (name === '[Content_Types].xml') {
      out.set(name, 'content-types');
      continue;
    }
    const type = overrides.get(name) ?? defaults.get(name.slice(name.lastIndexOf('.') + 1).toLowerCase());
    if (type) out.set(name, type);
  }
  return out;
}

const MC = 'http://schemas.openxmlformats.org/markup-compatibility/2006';

/**
 * The part with what its mc:Ignorable declares taken out: elements and attributes in the ignorable
 * namespaces, and the mc:Ignorable attribute itself (markup-compatibility processing, ECMA-376 Part 3).
 */
export function stripIgnorable(xml: string): string {
  const root = /<([\w:]+)(\s[^>]*)?>/.exec(xml.replace(/^<\?xml[^>]*\?>\s*/, ''));
  const attrs = root?.[2] ?? '';
  const ns = new Map([...attrs.matchAll(/xmlns:(\w+)="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]));
  const mcPrefix = [...ns].find(([, uri]) => uri === MC)?.[0];
  if (!mcPrefix) return xml;
  const declared = new RegExp(`\\s${mcPrefix}:Ignorable="([^"]*)"`).exec(attrs)?.[1];
  if (declared === undefined) return xml;
  const ignorable = new Set(declared.trim().split(/\s+/).filter(Boolean));
  const isIgnored = (qname: string) => qname.includes(':') && ignorable.has(qname.slice(0, qname.indexOf(':')));
  let out = '';
  let skipDepth = 0;
  for (const m of xml.matchAll(/<[^>]+>|[^<]+/g)) {
    const tok = m[0];
    if (!tok.startsWith('<') || tok.startsWith('<?') || tok.startsWith('<!')) {
      if (!skipDepth) out += tok;
      continue;
    }
    const name = /^<\/?([^\s/>]+)/.exec(tok)![1]!;
    const closing = tok.startsWith('</');
    const selfClosing = tok.endsWith('/>');
    if (skipDepth) {
      if (closing) skipDepth--;
      else if (!selfClosing) skipDepth++;
      continue;
    }
    if (isIgnored(name)) {
      if (!closing && !selfClosing) skipDepth = 1;
      continue;
    }
    if (closing) {
      out += tok;
      continue;
    }
    out += tok.replace(/\s(\w+:\w+)="[^"]*"/g, (a, q: string) => (q === `${mcPrefix}:Ignorable` || isIgnored(q) ? '' : a));
  }
  return out;
}

export interface PartProblem {
  /** `label › part name` */
  part: string;
  message: string;
}

/**
 * Validates each XML part of each package; returns the problems (empty when all are valid). A part
 * whose content type has no schema here is a problem too: every XML part is checked.
 */
export async function validatePackages(packages: { label: string; bytes: Uint8Array }[]): Promise<PartProblem[]> {
  schemas ??= schemaFiles();
  const bySchema = new Map<string, XmlFile[]>();
  const problems: PartProblem[] = [];
  const names = new Map<string, string>();
  packages.forEach(({ label, bytes }, k) => {
    const files = unzipSync(bytes);
    const types = contentTypes(files);
    for (const part of Object.keys(files).sort()) {
      if (!/\.(xml|rels)$/i.test(part)) continue;
      const type = types.get(part);
      const schema = type === 'content-types' ? 'opc-contentTypes.xsd' : type ? schemaFor(type) : null;
      if (!schema) {
        problems.push({ part: `${label} › ${part}`, message: `no schema for content type ${type ?? '(none declared)'}` });
        continue;
      }
      const fileName = `p${k}_${part.replace(/[^\w.]/g, '_')}`;
      names.set(fileName, `${label} › ${part}`);
      let list = bySchema.get(schema);
      if (!list) bySchema.set(schema, (list = []));
      list.push({ fileName, contents: stripIgnorable(strFromU8(files[part]!)) });
    }
  });
  for (const [schema, xml] of bySchema) {
    const main = schemas.find((s) => s.fileName === schema)!;
    const result = await validateXML({ xml, schema: [main], preload: schemas.filter((s) => s !== main), initialMemoryPages: 4096, maxMemoryPages: memoryPages.GiB });
    for (const e of result.errors) {
      const file = e.loc?.fileName ?? '';
      problems.push({ part: names.get(file) ?? file, message: `${e.loc ? `line ${e.loc.lineNumber}: ` : ''}${e.message}` });
    }
    if (!result.valid && !result.errors.length) problems.push({ part: schema, message: result.rawOutput.slice(0, 2000) });
  }
  return problems;
}
