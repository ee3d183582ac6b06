import type { DocOrigin } from '../model/doc';

/**
 * What a report was built from (kind, district, year), recorded in the DOCX as custom document
 * properties (docProps/custom.xml, 文件→属性→自定义 in Word). Word, WPS and LibreOffice keep them
 * when the writer saves the draft, so `refresh` can refuse data of another district, year or kind.
 */

export const ORIGIN_NAMES: Record<keyof DocOrigin, string> = {
  kind: 'FiscalReportKind',
  district: 'FiscalReportDistrict',
  year: 'FiscalReportYear',
};

/** The format id Office gives user-defined properties. */
const FMTID = '{D5CDD505-2E9C-101B-9397-08002B2CF9AE}';
const CUSTOM_OPEN =
  '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">';

const decodeXml = (s: string) =>
  s.replace(/&(lt|gt|amp|quot|apos|#(\d+)|#x([0-9a-fA-F]+));/g, (_, name: string, dec?: string, hex?: string) =>
    dec ? String.fromCodePoint(Number(dec)) : hex ? String.fromCodePoint(parseInt(hex, 16)) : ({ lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" } as Record<string, string>)[name]!,
  );
const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The three properties, numbered from `pid` (Office numbers user-defined properties from 2). */
function originProperties(o: DocOrigin, pid: number): string {
  const prop = (name: string, value: string, n: number) => `<property fmtid="${FMTID}" pid="${n}" name="${name}"><vt:lpwstr>${escapeXml(value)}</vt:lpwstr></property>`;
  return prop(ORIGIN_NAMES.kind, o.kind, pid) + prop(ORIGIN_NAMES.district, o.district, pid + 1) + prop(ORIGIN_NAMES.year, String(o.year), pid + 2);
}

/** docProps/custom.xml of a new report: its origin, or no property at all. */
export function customXml(origin: DocOrigin | undefined): string {
  const head = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
  return origin ? `${head}${CUSTOM_OPEN}${originProperties(origin, 2)}</Properties>` : `${head}${CUSTOM_OPEN.replace(/>$/, '/>')}`;
}

const PROPERTY = /<property\b([^>]*)>([\s\S]*?)<\/property>/g;
const attr = (attrs: string, name: string) => new RegExp(`\\b${name}="([^"]*)"`).exec(attrs)?.[1];

/** The origin a draft records in its custom properties, or null when it records none (or only part). */
export function recordedOrigin(custom: string | undefined): DocOrigin | null {
  if (!custom) return null;
  const found: Partial<Record<keyof DocOrigin, string>> = {};
  for (const m of custom.matchAll(PROPERTY)) {
    const name = attr(m[1]!, 'name');
    const key = (Object.keys(ORIGIN_NAMES) as (keyof DocOrigin)[]).find((k) => ORIGIN_NAMES[k] === (name && decodeXml(name)));
    // Whatever type the program that saved the draft gave the value (lpwstr, i4, r8 …): its text.
    if (key) found[key] = decodeXml(m[2]!.replace(/<[^>]*>/g, '')).trim();
  }
  const year = Number(found.year);
  if (!found.kind || !found.district || !Number.isInteger(year)) return null;
  return { kind: found.kind, district: found.district, year };
}

const KEYWORD_KINDS: Record<string, string> = { 决算: 'final-accounts', 预算绩效管理: 'performance', 工作计划: 'work-plan' };

/**
 * The origin a draft made before the record existed says in its core properties: the keywords
 * every build wrote ("决算,预算执行,莱芜区,2024", "预算绩效管理,莱芜区,2024", "工作计划,河城区,2025",
 * a draft adding ",草稿"). Null when they are not in that form (edited, or another program's file).
 */
export function coreOrigin(core: string | undefined): DocOrigin | null {
  const keywords = core && /<cp:keywords>([^<]*)<\/cp:keywords>/.exec(core)?.[1];
  if (!keywords) return null;
  const parts = decodeXml(keywords).split(',').map((s) => s.trim());
  const kind = Object.hasOwn(KEYWORD_KINDS, parts[0] ?? '') ? KEYWORD_KINDS[parts[0]!]! : null;
  if (!kind) return null;
  const [district, year] = kind === 'final-accounts' ? [parts[2], parts[3]] : [parts[1], parts[2]];
  if (!district || !year || !/^\d{4}$/.test(year)) return null;
  return { kind, district, year: Number(year) };
}

/** The package with `origin` recorded in docProps/custom.xml: our properties replaced, any others kept. */
export function recordOrigin(files: Record<string, Uint8Array>, origin: DocOrigin, enc: (s: string) => Uint8Array, dec: (b: Uint8Array) => string): void {
  const name = 'docProps/custom.xml';
  const old = files[name] ? dec(files[name]) : undefined;
  if (old && /<Properties\b[^>]*>/.test(old)) {
    const ours = new Set(Object.values(ORIGIN_NAMES));
    const kept = old.replace(PROPERTY, (m, attrs: string) => (ours.has(decodeXml(attr(attrs, 'name') ?? '')) ? '' : m));
    const pids = [...kept.matchAll(/\bpid="(\d+)"/g)].map((m) => Number(m[1]));
    const props = originProperties(origin, Math.max(1, ...pids) + 1);
    const xml = /<Properties\b[^>]*\/>/.test(kept) ? kept.replace(/<Properties\b([^>]*)\/>/, `<Properties$1>${props}</Properties>`) : kept.replace(/<\/Properties>\s*$/, `${props}</Properties>`);
    files[name] = enc(xml);
    return;
  }
  files[name] = enc(customXml(origin));
  const types = files['[Content_Types].xml'] && dec(files['[Content_Types].xml']);
  if (types && !types.includes('PartName="/docProps/custom.xml"'))
    files['[Content_Types].xml'] = enc(types.replace('</Types>', '<Override ContentType="application/vnd.openxmlformats-officedocument.custom-properties+xml" PartName="/docProps/custom.xml"/></Types>'));
  const rels = files['_rels/.rels'] && dec(files['_rels/.rels']);
  if (rels && !rels.includes('Target="docProps/custom.xml"')) {
    const ids = [...rels.matchAll(/\bId="rId(\d+)"/g)].map((m) => Number(m[1]));
    const id = `rId${Math.max(0, ...ids) + 1}`;
    files['_rels/.rels'] = enc(rels.replace('</Relationships>', `<Relationship Id="${id}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties" Target="docProps/custom.xml"/></Relationships>`));
  }
}

const KIND_NAMES: Record<string, string> = { 'final-accounts': '决算报告', performance: '预算绩效管理报告', 'work-plan': '工作计划' };

/** "莱芜区2024年决算报告" */
export function describeOrigin(o: DocOrigin): string {
  return `${o.district}${o.year}年${Object.hasOwn(KIND_NAMES, o.kind) ? KIND_NAMES[o.kind] : o.kind}`;
}
