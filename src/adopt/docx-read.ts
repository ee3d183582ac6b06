import type * as Fflate from 'fflate';
import { FiscalError } from '../model/issue';
import { corruptEntry } from '../load/zip-crc';
import { decodeXml, xmlText } from '../refresh/ooxml';
import { chineseNumber } from '../render/numerals';

/**
 * The loader of `adopt`: a report written in Word or WPS (any styles, no bookmarks relied on) read
 * into its paragraphs, in order: text with the numbering Word adds itself (一、（一）1.), heading
 * level (by style, outline level or numbering), run-in headings (a 黑体/楷体 or bold lead ending in
 * 。 and the text after it in one paragraph), and whether a paragraph sits in a table. Nothing else
 * of the layout matters to adopt.
 */

export interface DocxRun {
  text: string;
  bold: boolean;
  /** The East Asian font the run is set in (its own or its paragraph style's). */
  font: string | null;
}

export type HeadingLevel = 1 | 2 | 3 | 4;

export interface DocxParagraph {
  /** The paragraph's text as it reads, the numbering Word adds first (一、……). */
  text: string;
  /** The paragraph style's name (Heading 1, 标题 2 …), when it has one. */
  style: string | null;
  /** 1–4 for a heading (一、（一）1.（1）), by style, outline level or numbering; null for text. */
  level: HeadingLevel | null;
  /** A run-in heading: the lead (number and words up to its 。) and the text after it. */
  runIn: { lead: string; body: string } | null;
  inTable: boolean;
  /** Starts a new page (page break before it, or a break in the previous paragraph). */
  pageBreak: boolean;
  runs: DocxRun[];
  /**
   * Ends a section at the end of a sentence, and the next section only runs on with body text: the
   * paragraph may be one LibreOffice cut where a page of the section began (it writes a section's
   * end so), or one that ended there. Which, only the text can tell (adopt's joinCuts).
   */
  mayContinue?: true;
}

export interface DocxText {
  file: string;
  paragraphs: DocxParagraph[];
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const fflate = (): typeof Fflate => require('fflate') as typeof Fflate;

const OLE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const startsWith = (b: Uint8Array, sig: number[]) => sig.every((x, i) => b[i] === x);

function refuse(file: string, code: string, message: string): never {
  throw new FiscalError(`无法读取 ${file}：${message}`, [{ code, severity: 'error', message, place: { file } }], 1);
}

/** The package's parts we read, or a refusal that says what the file is instead. */
function openPackage(bytes: Uint8Array, file: string): Record<string, string> {
  if (bytes.length === 0) refuse(file, 'adopt-empty', '文件是空的（0 字节）：请选择去年报告的 Word 文档（.docx）。');
  if (startsWith(bytes, OLE)) {
    const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf16le');
    if (text.includes('EncryptedPackage')) refuse(file, 'adopt-encrypted', '文档设置了打开密码（已加密），无法读取：请在 Word 或 WPS 中取消密码后另存，再试。');
    refuse(file, 'adopt-doc', '这是旧版 Word 文档（.doc，Word 97-2003 格式），无法读取：请在 Word 或 WPS 中打开，“另存为”Word 文档（*.docx）后再试。');
  }
  if (!startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) {
    const head = Buffer.from(bytes.subarray(0, 512)).toString('utf8').replace(/^\ufeff/, '').trimStart();
    const hint = head.startsWith('%PDF')
      ? '这是 PDF 文件：请选择报告的 Word 文档（.docx）。'
      : head.startsWith('{\\rtf')
        ? '这是 RTF 文档：请在 Word 或 WPS 中“另存为”Word 文档（*.docx）。'
        : head.startsWith('{')
          ? '看起来是 JSON 数据文件：去年的报告请选 .docx，数据文件用 --data 指定。'
          : '请确认选对了文件：去年报告的 Word 文档（.docx）。';
    refuse(file, 'adopt-not-docx', `文件内容不是 Word 文档（.docx）。${hint}`);
  }
  let files: Record<string, Uint8Array>;
  const names: string[] = [];
  try {
    files = fflate().unzipSync(bytes, {
      filter: (f) => {
        names.push(f.name);
        return /^word\/(document|styles|numbering)\.xml$/.test(f.name);
      },
    });
  } catch {
    refuse(file, 'adopt-corrupt', '文件已损坏（压缩包结构不完整，可能是下载或复制未完成）：请在 Word 或 WPS 中打开后重新保存，再试。');
  }
  const changed = corruptEntry(bytes, files);
  if (changed) refuse(file, 'adopt-corrupt', `文件中的 ${changed} 已损坏（其内容与压缩包记录的校验值不符，文件在保存、复制或下载中受损）：请在 Word 或 WPS 中打开后重新保存，再试；打不开时请用备份。`);
  if (!files['word/document.xml']) {
    if (names.some((n) => n.startsWith('xl/'))) refuse(file, 'adopt-not-docx', '这是 Excel 工作簿，不是 Word 文档：去年的报告请选 .docx，数据工作簿用 --data 指定。');
    refuse(file, 'adopt-not-docx', '这是一个压缩包，但不是 Word 文档（.docx）：请选择去年报告的 Word 文档。');
  }
  const out: Record<string, string> = {};
  for (const [name, data] of Object.entries(files)) out[name] = Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('utf8');
  return out;
}

const attr = (xml: string, name: string) => new RegExp(`\\b${name}="([^"]*)"`).exec(xml)?.[1];
/** w:b, w:b w:val="true|1|on" on; w:val="false|0|off" off; absent: undefined. */
function boolProp(rPr: string, tag: string): boolean | undefined {
  const m = new RegExp(`<w:${tag}(\\s[^>]*)?/>`).exec(rPr);
  if (!m) return undefined;
  const v = m[1] ? attr(m[1], 'w:val') : undefined;
  return v === undefined || !/^(false|0|off)$/.test(v);
}
const eastAsiaFont = (rPr: string) => {
  const fonts = /<w:rFonts\b([^>]*)\/>/.exec(rPr)?.[1];
  return fonts ? (attr(fonts, 'w:eastAsia') ?? attr(fonts, 'w:ascii') ?? null) : null;
};

interface ParaStyle {
  name: string;
  basedOn: string | null;
  outline: number | null;
  numId: string | null;
  ilvl: number;
  bold: boolean | undefined;
  font: string | null;
}

function readStyles(xml: string | undefined): Map<string, ParaStyle> {
  const out = new Map<string, ParaStyle>();
  if (!xml) return out;
  for (const m of xml.matchAll(/<w:style\b([^>]*)>([\s\S]*?)<\/w:style>/g)) {
    if (attr(m[1]!, 'w:type') !== 'paragraph') continue;
    const id = attr(m[1]!, 'w:styleId');
    if (!id) continue;
    const body = m[2]!;
    const pPr = /<w:pPr>([\s\S]*?)<\/w:pPr>/.exec(body)?.[1] ?? '';
    const rPr = /<w:rPr>([\s\S]*?)<\/w:rPr>/.exec(body)?.[1] ?? '';
    const outline = /<w:outlineLvl w:val="(\d)"/.exec(pPr)?.[1];
    out.set(id, {
      name: /<w:name w:val="([^"]*)"/.exec(body)?.[1] ?? id,
      basedOn: /<w:basedOn w:val="([^"]*)"/.exec(body)?.[1] ?? null,
      outline: outline !== undefined ? Number(outline) : null,
      numId: /<w:numId w:val="(\d+)"/.exec(pPr)?.[1] ?? null,
      ilvl: Number(/<w:ilvl w:val="(\d)"/.exec(pPr)?.[1] ?? 0),
      bold: boolProp(rPr, 'b'),
      font: eastAsiaFont(rPr),
    });
  }
  return out;
}

/** A style with what it inherits from the styles it is based on. */
function resolvedStyle(styles: Map<string, ParaStyle>, id: string | null): ParaStyle | null {
  let s = id ? styles.get(id) : undefined;
  if (!s) return null;
  const chain: ParaStyle[] = [];
  for (let i = 0; s && i < 10; i++, s = s.basedOn ? styles.get(s.basedOn) : undefined) chain.push(s);
  const pick = <K extends keyof ParaStyle>(k: K) => chain.map((c) => c[k]).find((v) => v !== null && v !== undefined) as ParaStyle[K] | undefined;
  return { name: chain[0]!.name, basedOn: null, outline: pick('outline') ?? null, numId: pick('numId') ?? null, ilvl: chain.find((c) => c.numId)?.ilvl ?? 0, bold: pick('bold'), font: pick('font') ?? null };
}

/** Word's automatic numbering (numbering.xml): the label each numbered paragraph gets. */
class Numbering {
  private readonly nums = new Map<string, { abstract: string; starts: Map<number, number> }>();
  private readonly levels = new Map<string, Map<number, { start: number; format: string; text: string }>>();
  private readonly counters = new Map<string, number[]>();
  private readonly lastNum = new Map<string, string>();

  constructor(xml: string | undefined) {
    if (!xml) return;
    for (const m of xml.matchAll(/<w:abstractNum\b[^>]*w:abstractNumId="(\d+)"[^>]*>([\s\S]*?)<\/w:abstractNum>/g)) {
      const lv = new Map<number, { start: number; format: string; text: string }>();
      for (const l of m[2]!.matchAll(/<w:lvl\b[^>]*w:ilvl="(\d)"[^>]*>([\s\S]*?)<\/w:lvl>/g)) {
        lv.set(Number(l[1]), {
          start: Number(/<w:start w:val="(\d+)"/.exec(l[2]!)?.[1] ?? 1),
          format: /<w:numFmt w:val="([^"]*)"/.exec(l[2]!)?.[1] ?? 'decimal',
          text: decodeXml(/<w:lvlText w:val="([^"]*)"/.exec(l[2]!)?.[1] ?? ''),
        });
      }
      this.levels.set(m[1]!, lv);
    }
    for (const m of xml.matchAll(/<w:num\b[^>]*w:numId="(\d+)"[^>]*>([\s\S]*?)<\/w:num>/g)) {
      const abstract = /<w:abstractNumId w:val="(\d+)"/.exec(m[2]!)?.[1];
      if (abstract === undefined) continue;
      const starts = new Map<number, number>();
      for (const o of m[2]!.matchAll(/<w:lvlOverride w:ilvl="(\d)"[^>]*>([\s\S]*?)<\/w:lvlOverride>/g)) {
        const st = /<w:startOverride w:val="(\d+)"/.exec(o[2]!)?.[1];
        if (st !== undefined) starts.set(Number(o[1]), Number(st));
      }
      this.nums.set(m[1]!, { abstract, starts });
    }
  }

  /** The next label of list `numId` at level `ilvl` (一、（一）1.), '' for bullets and unknown lists. */
  next(numId: string, ilvl: number): string {
    const num = this.nums.get(numId);
    const lv = num && this.levels.get(num.abstract);
    const def = lv?.get(ilvl);
    if (!num || !lv || !def) return '';
    let c = this.counters.get(num.abstract);
    // Another w:num of the same list that restarts it (startOverride) begins counting again.
    if (!c || (this.lastNum.get(num.abstract) !== numId && num.starts.size)) {
      c = [];
      this.counters.set(num.abstract, c);
    }
    this.lastNum.set(num.abstract, numId);
    const startOf = (l: number) => num.starts.get(l) ?? lv.get(l)?.start ?? 1;
    c[ilvl] = c[ilvl] === undefined ? startOf(ilvl) : c[ilvl]! + 1;
    c.length = ilvl + 1;
    if (def.format === 'bullet' || def.format === 'none') return '';
    return def.text.replace(/%(\d)/g, (_, d: string) => {
      const l = Number(d) - 1;
      return formatNumber(c![l] ?? startOf(l), lv.get(l)?.format ?? 'decimal');
    });
  }
}

const CIRCLED = '①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳';

function formatNumber(n: number, format: string): string {
  if (/^(chinese|ideograph|japanese|taiwanese)/i.test(format) && !/Legal/i.test(format)) return chineseNumber(n);
  if (format === 'decimalFullWidth' || format === 'decimalFullWidth2') return String(n).replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d)));
  if (format === 'decimalEnclosedCircle' || format === 'decimalEnclosedCircleChinese') return CIRCLED[n - 1] ?? String(n);
  if (format === 'lowerLetter') return String.fromCharCode(96 + ((n - 1) % 26) + 1);
  if (format === 'upperLetter') return String.fromCharCode(64 + ((n - 1) % 26) + 1);
  return String(n);
}

/** The heading level a paragraph's numbering says: 一、 1; （一） 2; 1. 3; （1） 4. */
export function numberedLevel(text: string): HeadingLevel | null {
  if (/^[一二三四五六七八九十]+、/.test(text)) return 1;
  if (/^[（(][一二三四五六七八九十]+[）)]/.test(text)) return 2;
  if (/^[0-9０-９]+[.．、](?![0-9０-９])/.test(text)) return 3;
  if (/^[（(][0-9０-９]+[）)]/.test(text)) return 4;
  return null;
}

function headingLevelOfStyle(style: ParaStyle | null): HeadingLevel | null {
  if (!style) return null;
  const byName = /^(?:heading|标题)\s*(\d)$/i.exec(style.name.trim())?.[1];
  const lvl = byName !== undefined ? Number(byName) - 1 : style.outline;
  return lvl !== null && lvl >= 0 && lvl <= 3 ? ((lvl + 1) as HeadingLevel) : null;
}

const EMPHASIS_FONT = /黑体|楷体|楷|Hei|Kai|小标宋|方正/;

/**
 * A run-in heading: the paragraph opens with a lead set apart (bold, or in another font than the
 * text after it) that ends in 。 (or ：), and text follows in the same paragraph.
 */
function runInOf(label: string, runs: DocxRun[]): { lead: string; body: string } | null {
  if (runs.length < 2) return null;
  const first = runs[0]!;
  const sameLead = (r: DocxRun) => (first.bold ? r.bold : r.font === first.font);
  let i = 0;
  let lead = '';
  while (i < runs.length && sameLead(runs[i]!)) lead += runs[i++]!.text;
  const body = runs.slice(i).map((r) => r.text).join('');
  if (!body.trim() || !/[。：:]$/.test(lead.trim())) return null;
  const apart = first.bold ? !runs[i]!.bold : runs[i]!.font !== first.font && (EMPHASIS_FONT.test(first.font ?? '') || !!label);
  return apart ? { lead: label + lead.trim(), body } : null;
}

const SPACE = /^[\s\u3000\u00a0]+|[\s\u3000\u00a0]+$/g;

/** A paragraph read on into the next one (readDocx). */
interface RunOn {
  label: string;
  runs: DocxRun[];
  style: ParaStyle | null;
  level: HeadingLevel | null;
  heading: boolean;
}

const SECTION = /<w:sectPr\b[\s\S]*?<\/w:sectPr>/;
const SENTENCE_END = /[。！？；：”’」）)!?.:;]$/;

/** A section's page: its size and the width its text runs in, how it starts, whether its page numbers restart. */
interface SectionPage {
  start: string;
  restarts: boolean;
  page: string;
}

function sectionPage(sectPr: string): SectionPage {
  const attr = (tag: string, name: string) => new RegExp(`<w:${tag}\\b[^>]*\\bw:${name}="([^"]*)"`).exec(sectPr)?.[1] ?? '';
  return {
    start: /<w:type w:val="([^"]*)"/.exec(sectPr)?.[1] ?? 'nextPage',
    restarts: /<w:pgNumType\b[^>]*\bw:start=/.test(sectPr),
    // Not the top and bottom margins: LibreOffice writes the first page's and the others' apart
    // (their footers' room differs), on the same page.
    page: [attr('pgSz', 'w'), attr('pgSz', 'h'), attr('pgSz', 'orient'), attr('pgMar', 'left'), attr('pgMar', 'right'), attr('cols', 'num')].join(' '),
  };
}

/**
 * The section after a break only runs on from the one before: a new page of the same size, its
 * text as wide, its page numbers continued. What LibreOffice's cut leaves; a writer's own section break
 * starts something of its own (a landscape table, numbers from 1, an odd page).
 */
function runsOn(own: SectionPage | undefined, next: SectionPage | undefined): boolean {
  return !!own && !!next && next.start === 'nextPage' && !next.restarts && next.page === own.page;
}

/** Short, and not sentences of text: a line that is a heading when it opens with a heading's number. */
const shortLine = (text: string) => text.length <= 40 && !/[。；]./.test(text);

/** The next paragraph with text is body text: not in a table, not a heading by its style or its numbering. */
function bodyTextFollows(items: RegExpExecArray[] | RegExpMatchArray[], at: number, styles: Map<string, ParaStyle>, defaultStyle: string | null): boolean {
  for (let i = at + 1; i < items.length; i++) {
    const tag = items[i]![0];
    if (tag.startsWith('<w:tbl') || tag === '</w:tbl>') return false;
    const inner = items[i]![1] ?? '';
    const text = xmlText(inner).replace(SPACE, '');
    if (!text) continue;
    const pPr = /^\s*<w:pPr>([\s\S]*?)<\/w:pPr>/.exec(inner)?.[1] ?? '';
    const style = resolvedStyle(styles, /<w:pStyle w:val="([^"]*)"/.exec(pPr)?.[1] ?? defaultStyle);
    if (headingLevelOfStyle(style) || /<w:numId w:val="[1-9]/.test(pPr)) return false;
    return !(numberedLevel(text) && shortLine(text));
  }
  return false;
}

/** The paragraphs of a DOCX (body text and table cells, in document order). */
export function readDocx(bytes: Uint8Array, file: string): DocxText {
  const parts = openPackage(bytes, file);
  const styles = readStyles(parts['word/styles.xml']);
  const numbering = new Numbering(parts['word/numbering.xml']);
  const defaultStyle = [...styles.entries()].find(([id]) => id === 'Normal' || /^(normal|正文)$/i.test(styles.get(id)!.name))?.[0] ?? null;
  let xml = parts['word/document.xml']!;
  // Text boxes and fallbacks hold paragraphs of their own inside a run: not the report's text flow.
  xml = xml.replace(/<mc:Fallback>[\s\S]*?<\/mc:Fallback>/g, '').replace(/<w:txbxContent>[\s\S]*?<\/w:txbxContent>/g, '');
  const body = /<w:body>([\s\S]*)<\/w:body>/.exec(xml)?.[1];
  if (body === undefined) refuse(file, 'adopt-corrupt', 'Word 文档的正文（word/document.xml）无法读取，文件可能已损坏：请在 Word 或 WPS 中打开后重新保存，再试。');
  const paragraphs: DocxParagraph[] = [];
  let tableDepth = 0;
  let breakPending = false;
  /** A paragraph whose mark is hidden (Word's style separator, or its mark only hidden after a re-save): it runs on into the next. */
  let runOn: RunOn | null = null;
  const items = [...body.matchAll(/<w:tbl>|<w:tbl\s[^>]*>|<\/w:tbl>|<w:p\/>|<w:p\b[^>]*\/>|<w:p(?:\s[^>]*)?>([\s\S]*?)<\/w:p>/g)];
  // Every section's page, in order (the last one is the body's own), to tell LibreOffice's cuts.
  const sections = [...body.matchAll(new RegExp(SECTION.source, 'g'))].map((m) => sectionPage(m[0]));
  let sectionsEnded = 0;
  for (const [at, m] of items.entries()) {
    const tag = m[0];
    if (tag.startsWith('<w:tbl')) {
      tableDepth++;
      continue;
    }
    if (tag === '</w:tbl>') {
      tableDepth = Math.max(0, tableDepth - 1);
      continue;
    }
    const inner = m[1] ?? '';
    const pPr = /^\s*<w:pPr>([\s\S]*?)<\/w:pPr>/.exec(inner)?.[1] ?? '';
    const endsSection = SECTION.test(pPr);
    // This paragraph's section, and the one after it, when it ends one.
    const ended = endsSection ? { own: sections[sectionsEnded], next: sections[sectionsEnded + 1] } : null;
    if (endsSection) sectionsEnded++;
    const styleId = /<w:pStyle w:val="([^"]*)"/.exec(pPr)?.[1] ?? defaultStyle;
    const style = resolvedStyle(styles, styleId);
    const runs: DocxRun[] = [];
    let breakAfter = false;
    for (const r of inner.matchAll(/<w:r(?:\s[^>]*)?>([\s\S]*?)<\/w:r>/g)) {
      const run = r[1]!;
      const rPr = /^\s*<w:rPr>([\s\S]*?)<\/w:rPr>/.exec(run)?.[1] ?? '';
      if (/<w:br\b[^>]*w:type="page"/.test(run)) breakAfter = true;
      // Hidden text is not part of the report as it reads.
      if (boolProp(rPr, 'vanish')) continue;
      let text = '';
      for (const t of run.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)) text += decodeXml(t[1]!);
      if (!text) continue;
      runs.push({ text, bold: boolProp(rPr, 'b') ?? style?.bold ?? false, font: eastAsiaFont(rPr) ?? style?.font ?? null });
    }
    const numId = /<w:numId w:val="(\d+)"/.exec(pPr)?.[1] ?? style?.numId ?? null;
    const ilvl = Number(/<w:ilvl w:val="(\d)"/.exec(pPr)?.[1] ?? style?.ilvl ?? 0);
    let label = numId && numId !== '0' ? numbering.next(numId, ilvl) : '';
    const markRPr = /<w:rPr>([\s\S]*?)<\/w:rPr>/.exec(pPr)?.[1] ?? '';
    let joined: RunOn | null = null;
    if (runOn) {
      joined = runOn;
      runs.unshift(...runOn.runs);
      label = runOn.label;
      runOn = null;
    }
    const before = runs.map((r) => r.text).join('');
    if (!tableDepth && runs.length) {
      // A run-in heading written as Word writes one (its paragraph mark hidden: the style
      // separator): this paragraph and the next read as one.
      if (!joined && (boolProp(markRPr, 'vanish') || boolProp(markRPr, 'specVanish'))) {
        runOn = { label, runs, style, level: headingLevelOfStyle(style), heading: true };
        continue;
      }
      // A section break inside a sentence: LibreOffice cuts a paragraph where a new section's page
      // begins, and writes the section's end into the first part. The layout's, not the writer's
      // paragraph. (At a sentence's end it may be either: mayContinue below.)
      if (ended && before.trim().length >= 20 && !headingLevelOfStyle(style) && !SENTENCE_END.test(before.trim())) {
        runOn = joined ? { ...joined, runs } : { label, runs, style, level: null, heading: false };
        continue;
      }
    }
    const raw = runs.map((r) => r.text).join('');
    const text = (label + raw).replace(SPACE, '');
    const pageBreak: boolean = breakPending || /<w:pageBreakBefore(?:\s+w:val="(?:true|1|on)")?\s*\/>/.test(pPr);
    breakPending = breakAfter;
    if (!text) {
      // An empty paragraph carries a page break on to the next one.
      breakPending ||= pageBreak;
      continue;
    }
    // Leading spaces typed for indentation are not text.
    if (runs.length) runs[0] = { ...runs[0]!, text: runs[0]!.text.replace(/^[\s\u3000\u00a0]+/, '') };
    const heading = joined?.heading ? joined : null;
    const styled = heading ? heading.level : headingLevelOfStyle(joined?.style ?? style);
    const numbered = numberedLevel(text);
    const runIn = tableDepth ? null : heading ? { lead: (heading.label + heading.runs.map((r) => r.text).join('')).trim(), body: runs.slice(heading.runs.length).map((r) => r.text).join('') } : runInOf(label, runs.filter((r) => r.text));
    // A heading by its style, or a short numbered line that is not a sentence of text.
    const level = styled ?? (numbered && (runIn || shortLine(text)) ? numbered : null);
    const mayContinue = !!ended && !tableDepth && !level && raw.trim().length >= 20 && runsOn(ended.own, ended.next) && bodyTextFollows(items, at, styles, defaultStyle);
    paragraphs.push({ text, style: style?.name ?? null, level: tableDepth ? null : level, runIn: runIn && level ? runIn : null, inTable: tableDepth > 0, pageBreak, runs, ...(mayContinue ? { mayContinue: true as const } : {}) });
  }
  return { file, paragraphs };
}
