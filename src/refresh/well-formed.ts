import { firstXmlForbidden, hasXmlForbidden } from '../model/xml-chars';

/**
 * A small XML 1.0 well-formedness check for the parts of a package refresh writes: one root
 * element, every tag closed in order, attributes quoted and not repeated, references that exist,
 * no "<" or stray "&" in text, no character XML forbids, no DTD (Office refuses one). What it
 * accepts, Word, WPS and LibreOffice can read as XML; what it refuses, they cannot open. It is not
 * a parser: nothing is built, the text is only scanned (a document.xml of 400 KB in a few ms).
 */

export interface XmlFault {
  line: number;
  column: number;
  /** What is wrong, in Chinese. */
  message: string;
}

// Names as XML 1.0 allows them, the ranges above U+00BF taken whole (a check, not a validator).
const NAME = '[A-Za-z_:\\u00C0-\\uFFFD][-.0-9A-Za-z_:\\u00B7\\u00C0-\\uFFFD]*';
const START_TAG = new RegExp(`<(${NAME})((?:\\s+${NAME}\\s*=\\s*(?:"[^"<]*"|'[^'<]*'))*)\\s*(/?)>`, 'y');
const END_TAG = new RegExp(`</(${NAME})\\s*>`, 'y');
const ATTR = new RegExp(`(${NAME})\\s*=\\s*(?:"([^"<]*)"|'([^'<]*)')`, 'g');
const REFERENCE = /&(?:(lt|gt|amp|quot|apos)|#([0-9]+)|#x([0-9a-fA-F]+));/y;

/** Whether a character reference names a character XML allows. */
function allowedCode(n: number): boolean {
  return n === 0x9 || n === 0xa || n === 0xd || (n >= 0x20 && n <= 0xd7ff) || (n >= 0xe000 && n <= 0xfffd) || (n >= 0x10000 && n <= 0x10ffff);
}

/** The first reference in `s` that is not one ("&" alone, an unknown name, a forbidden character), as an offset, or -1. */
function badReference(s: string): number {
  for (let i = s.indexOf('&'); i >= 0; i = s.indexOf('&', i + 1)) {
    REFERENCE.lastIndex = i;
    const m = REFERENCE.exec(s);
    if (!m) return i;
    if (!m[1] && !allowedCode(m[2] !== undefined ? Number(m[2]) : parseInt(m[3]!, 16))) return i;
  }
  return -1;
}

/** The first well-formedness fault of an XML document, or null. */
export function xmlFault(xml: string): XmlFault | null {
  const fault = (at: number, message: string): XmlFault => {
    const before = xml.slice(0, at);
    const line = before.split('\n').length;
    return { line, column: at - before.lastIndexOf('\n'), message };
  };
  if (hasXmlForbidden(xml)) {
    const f = firstXmlForbidden(xml)!;
    return fault([...xml].slice(0, f.position - 1).join('').length, `含有 XML 不允许的字符 ${f.code}（${f.name}）`);
  }
  const open: string[] = [];
  let roots = 0;
  let i = xml.charCodeAt(0) === 0xfeff ? 1 : 0;
  if (xml.startsWith('<?xml', i)) {
    const end = xml.indexOf('?>', i);
    if (end < 0) return fault(i, 'XML 声明没有结束');
    i = end + 2;
  }
  while (i < xml.length) {
    const lt = xml.indexOf('<', i);
    const text = xml.slice(i, lt < 0 ? xml.length : lt);
    if (text) {
      if (!open.length && text.trim()) return fault(i, '根元素之外有文字');
      const bad = badReference(text);
      if (bad >= 0) return fault(i + bad, '“&”不是有效的实体引用');
      const cdataEnd = text.indexOf(']]>');
      if (cdataEnd >= 0) return fault(i + cdataEnd, '文字中不能出现“]]>”');
    }
    if (lt < 0) break;
    i = lt;
    if (xml.startsWith('<!--', i)) {
      const end = xml.indexOf('-->', i + 4);
      if (end < 0) return fault(i, '注释没有结束');
      i = end + 3;
    } else if (xml.startsWith('<![CDATA[', i)) {
      if (!open.length) return fault(i, 'CDATA 段在根元素之外');
      const end = xml.indexOf(']]>', i + 9);
      if (end < 0) return fault(i, 'CDATA 段没有结束');
      i = end + 3;
    } else if (xml.startsWith('<?', i)) {
      const end = xml.indexOf('?>', i + 2);
      if (end < 0) return fault(i, '处理指令没有结束');
      i = end + 2;
    } else if (xml.startsWith('<!', i)) {
      return fault(i, '不允许 DOCTYPE 或其他声明');
    } else if (xml.startsWith('</', i)) {
      END_TAG.lastIndex = i;
      const m = END_TAG.exec(xml);
      if (!m) return fault(i, '结束标记不完整');
      const expected = open.pop();
      if (expected !== m[1]) return fault(i, expected ? `结束标记 </${m[1]}> 与开始标记 <${expected}> 不配对` : `多余的结束标记 </${m[1]}>`);
      i = END_TAG.lastIndex;
    } else {
      START_TAG.lastIndex = i;
      const m = START_TAG.exec(xml);
      if (!m) return fault(i, '标记不完整或属性写法不正确');
      const attrs = m[2]!;
      // Most tags have one attribute and no reference: nothing more to look at.
      const several = attrs.indexOf('=') !== attrs.lastIndexOf('=');
      if (several || attrs.includes('&')) {
        const seen = new Set<string>();
        for (const a of attrs.matchAll(ATTR)) {
          if (seen.has(a[1]!)) return fault(i, `属性 ${a[1]} 重复`);
          seen.add(a[1]!);
          const bad = badReference(a[2] ?? a[3] ?? '');
          if (bad >= 0) return fault(i, `属性 ${a[1]} 中的“&”不是有效的实体引用`);
        }
      }
      if (!open.length && roots++) return fault(i, '有不止一个根元素');
      if (!m[3]) open.push(m[1]!);
      i = START_TAG.lastIndex;
    }
  }
  if (open.length) return fault(xml.length, `元素 <${open[open.length - 1]}> 没有结束（文件不完整）`);
  if (!roots) return fault(0, '没有根元素');
  return null;
}
