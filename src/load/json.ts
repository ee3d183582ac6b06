import type { Node, ParseError } from 'jsonc-parser';
import { FiscalError, type Issue } from '../model/issue';
import { mapSource, type SourceMap } from './source-map';
import { decodeUtf8 } from './sniff';
import { assertXmlText } from './xml-text';

export interface Loaded {
  value: unknown;
  sourceMap: SourceMap;
  /** Warnings the loader found (e.g. a workbook formula whose saved result was stale). */
  issues?: Issue[];
}

const SYNTAX_ZH: Record<string, string> = {
  InvalidSymbol: '无效字符',
  InvalidNumberFormat: '数字格式不正确',
  PropertyNameExpected: '此处应为用双引号括起的字段名',
  ValueExpected: '此处应为一个值',
  ColonExpected: '此处缺少冒号“:”',
  CommaExpected: '此处缺少逗号“,”',
  CloseBraceExpected: '缺少右花括号“}”',
  CloseBracketExpected: '缺少右方括号“]”',
  EndOfFileExpected: '文件在此处应已结束（多余内容）',
  InvalidCommentToken: 'JSON 不允许注释',
  UnexpectedEndOfComment: '注释未结束',
  UnexpectedEndOfString: '字符串未结束（缺少右引号）',
  UnexpectedEndOfNumber: '数字未结束',
  InvalidUnicode: 'Unicode 转义不正确',
  InvalidEscapeCharacter: '转义字符不正确',
  InvalidCharacter: '字符串中含有不允许的控制字符（如换行），请改用 \\n',
};

/** Offsets where each line starts, for turning offsets into line/column in O(log n). */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

function lineColumn(starts: number[], offset: number): { line: number; column: number } {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - starts[lo]! + 1 };
}

/**
 * Parses JSON text keeping the position of every value. Objects are built without prototypes'
 * special keys taking effect ("__proto__" is an ordinary key here), and duplicate keys are refused:
 * silently keeping the last of two figures is how wrong numbers reach a report.
 *
 * Valid JSON without duplicate keys (every build that succeeds) is read by JSON.parse, and the
 * positions are found only when a message needs one: reading every position up front took longer
 * than validating the dataset. Anything else goes through the full parser, whose messages place
 * each syntax error and duplicate key.
 */
export function parseJson(text: string, file: string): Loaded {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const keys = assertNestingWithin(body, file);
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return parseWithPlaces(body, file);
  }
  // JSON.parse keeps one of two equal keys: fewer keys in the value than in the text is a duplicate.
  if (keysIn(value) !== keys) return parseWithPlaces(body, file);
  let located: SourceMap | null = null;
  const loaded: Loaded = {
    value,
    sourceMap: {
      file,
      locate: (path) => (located ??= mapSource(file, placesOf(body))).locate(path),
    },
  };
  texts.set(loaded, body);
  return loaded;
}

const texts = new WeakMap<Loaded, string>();
/**
 * The text a dataset was parsed from (valid JSON without duplicate keys; undefined otherwise): with
 * its file name, everything a build of it depends on, so a build can be reused for the same text.
 */
export function loadedText(loaded: Loaded): string | undefined {
  return texts.get(loaded);
}

/**
 * A JSON file's bytes: UTF-8 or refused (sniff.ts decodeUtf8), parsed as parseJson does, and
 * refused when a text holds a character XML forbids (xml-text.ts).
 */
export function parseJsonBytes(bytes: Uint8Array, file: string): Loaded {
  return assertXmlText(parseJson(decodeUtf8(bytes, file), file));
}

/**
 * Deepest nesting of objects and arrays a dataset may have. The deepest example is 9 levels; a
 * report's outline (four heading levels, items, points) stays well under 30. Past this the file is
 * refused before any parser or walk sees it: both the full parser and every later walk of the value
 * recurse once per level, and a file nested a few thousand levels deep (a fuzzer's, or a broken
 * export) would otherwise end in a stack overflow — on the CLI's main thread at about 2,000 levels,
 * in the web page's worker threads (4 MB stacks) at about 10,000.
 */
export const MAX_JSON_DEPTH = 100;

/**
 * Refuses text nested deeper than MAX_JSON_DEPTH, placed at the bracket that goes one level too
 * deep. Works on any text, valid JSON or not: brackets inside strings do not count, and an
 * unterminated string ends the scan (the parser then places that). Returns how many object keys
 * the text has, read as valid JSON reads (a string right after "{" or after "," in an object):
 * the same scan tells duplicates (keysIn), with no second pass over the text.
 */
export function assertNestingWithin(text: string, file: string): number {
  let depth = 0;
  let keys = 0;
  let expectKey = false;
  // Whether the container at each depth is an object (depth 0: the top level, neither).
  const inObject: boolean[] = [false];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      if (expectKey) {
        keys++;
        expectKey = false;
      }
      for (i++; i < text.length; i++) {
        const d = text.charCodeAt(i);
        if (d === 0x5c /* \ */) i++;
        else if (d === 0x22 || d === 0x0a) break;
      }
    } else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      if (++depth > MAX_JSON_DEPTH) {
        const { line, column } = lineColumn(lineStarts(text), i);
        const message = `数据的层次过深：此处的“${text[i]}”已是第 ${depth} 层括号，超过上限 ${MAX_JSON_DEPTH} 层（数据文件通常不超过 10 层）。文件可能已损坏，或不是本工具的数据文件：请检查该位置附近的括号是否成对。`;
        throw new FiscalError(`无法读取 ${file}：数据的层次过深`, [
          { code: 'json-too-deep', severity: 'error', message, place: { file, line, column }, actual: `第 ${depth} 层` },
        ]);
      }
      inObject[depth] = expectKey = c === 0x7b;
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      if (depth > 0) depth--;
      expectKey = false;
    } else if (c === 0x2c /* , */) {
      expectKey = inObject[depth] === true;
    }
  }
  return keys;
}

/** How many keys the objects of a parsed value have, all levels together. */
function keysIn(v: unknown): number {
  if (v === null || typeof v !== 'object') return 0;
  let n = 0;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) n += keysIn(v[i]);
    return n;
  }
  // JSON.parse makes every key an own enumerable property ("__proto__" too), on plain objects.
  for (const k in v) n += 1 + keysIn((v as Record<string, unknown>)[k]);
  return n;
}

/** The offset of the quote that closes the string whose opening quote is at `open`, in valid JSON. */
function closingQuote(text: string, open: number): number {
  let j = text.indexOf('"', open + 1);
  for (;;) {
    let k = j - 1;
    while (text.charCodeAt(k) === 0x5c /* \ */) k--;
    if ((j - 1 - k) % 2 === 0) return j;
    j = text.indexOf('"', j + 1);
  }
}

/**
 * The place of every value of valid JSON without duplicate keys (what JSON.parse read), by its path
 * as pathToString writes it: the same places the full parser gives (parseWithPlaces), found by one
 * scan of the text without building a syntax tree or a second value. A build locates every figure
 * of a report (the web page's traces, the numbers audit), so this runs in most builds of the page.
 * Nesting is within MAX_JSON_DEPTH (assertNestingWithin ran first), so the recursion is shallow.
 */
export function placesOf(text: string): Map<string, { line: number; column: number }> {
  const starts = lineStarts(text);
  const places = new Map<string, { line: number; column: number }>();
  const n = text.length;
  let i = 0;
  const space = () => {
    for (; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) return;
    }
  };
  const value = (path: string): void => {
    space();
    places.set(path, lineColumn(starts, i));
    const c = text.charCodeAt(i);
    if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      const close = c === 0x7b ? 0x7d : 0x5d;
      i++;
      space();
      if (text.charCodeAt(i) === close) {
        i++;
        return;
      }
      for (let k = 0; ; k++) {
        if (c === 0x7b) {
          space();
          const end = closingQuote(text, i);
          const raw = text.slice(i + 1, end);
          const key = raw.includes('\\') ? (JSON.parse(text.slice(i, end + 1)) as string) : raw;
          i = end + 1;
          space();
          i++; // the colon
          value(path ? `${path}.${key}` : key);
        } else value(`${path}[${k}]`);
        space();
        if (text.charCodeAt(i++) !== 0x2c /* , */) return; // the closing bracket
      }
    }
    if (c === 0x22 /* " */) {
      i = closingQuote(text, i) + 1;
      return;
    }
    // A number, true, false or null.
    for (; i < n; i++) {
      const d = text.charCodeAt(i);
      if (d === 0x2c || d === 0x7d || d === 0x5d || d === 0x20 || d === 0x0a || d === 0x0d || d === 0x09) return;
    }
  };
  value('');
  return places;
}

/** The full parser: the value with the place of every part, or the syntax errors and duplicate keys, placed. */
function parseWithPlaces(body: string, file: string): Loaded {
  // The full parser is loaded only for JSON with an error or a duplicate key: valid files never need it.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { parseTree, printParseErrorCode } = require('jsonc-parser') as typeof import('jsonc-parser');
  const errors: ParseError[] = [];
  const root = parseTree(body, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  const starts = lineStarts(body);
  if (errors.length || !root) {
    const issues: Issue[] = errors.map((e) => {
      const { line, column } = lineColumn(starts, e.offset);
      const code = printParseErrorCode(e.error);
      return {
        code: 'json-syntax',
        severity: 'error',
        message: `JSON 语法错误：${SYNTAX_ZH[code] ?? code}。请用文本编辑器打开文件，检查该位置附近的引号、逗号和括号。`,
        place: { file, line, column },
        actual: body.slice(e.offset, e.offset + Math.max(e.length, 1)) || '（文件结尾）',
      };
    });
    if (!issues.length) issues.push({ code: 'json-syntax', severity: 'error', message: 'JSON 文件为空。', place: { file } });
    throw new FiscalError(`无法读取 ${file}：JSON 语法错误`, issues);
  }

  const places = new Map<string, { line: number; column: number }>();
  const dupes: Issue[] = [];
  // Each node's path string is made from its parent's (as pathToString writes it), not from a
  // copied array of segments: the web page's traces and the audit locate hundreds of figures per
  // build, and this map is what they read.
  const build = (node: Node, path: string): unknown => {
    places.set(path, lineColumn(starts, node.offset));
    switch (node.type) {
      case 'object': {
        const obj: Record<string, unknown> = {};
        for (const prop of node.children ?? []) {
          const [keyNode, valueNode] = prop.children ?? [];
          if (!keyNode || !valueNode) continue;
          const key = String(keyNode.value);
          const child = path ? `${path}.${key}` : key;
          if (Object.prototype.hasOwnProperty.call(obj, key)) {
            const { line, column } = lineColumn(starts, keyNode.offset);
            dupes.push({
              code: 'json-duplicate-key',
              severity: 'error',
              message: `字段“${key}”重复出现。请删除其中一个，只保留正确的数值。`,
              place: { file, path: child, line, column },
              actual: key,
            });
          }
          Object.defineProperty(obj, key, {
            value: build(valueNode, child),
            enumerable: true,
            writable: true,
            configurable: true,
          });
        }
        return obj;
      }
      case 'array':
        return (node.children ?? []).map((child, i) => build(child, `${path}[${i}]`));
      default:
        return node.value;
    }
  };
  const value = build(root, '');
  if (dupes.length) throw new FiscalError(`无法读取 ${file}：字段重复`, dupes);
  return { value, sourceMap: mapSource(file, places) };
}
