import { parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import { FiscalError, type Issue } from '../model/issue';
import { pathToString, type PathSegment } from './path';
import { mapSource, type SourceMap } from './source-map';

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
 */
export function parseJson(text: string, file: string): Loaded {
  const errors: ParseError[] = [];
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
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
  const build = (node: Node, path: PathSegment[]): unknown => {
    places.set(pathToString(path), lineColumn(starts, node.offset));
    switch (node.type) {
      case 'object': {
        const obj: Record<string, unknown> = {};
        for (const prop of node.children ?? []) {
          const [keyNode, valueNode] = prop.children ?? [];
          if (!keyNode || !valueNode) continue;
          const key = String(keyNode.value);
          if (Object.prototype.hasOwnProperty.call(obj, key)) {
            const { line, column } = lineColumn(starts, keyNode.offset);
            dupes.push({
              code: 'json-duplicate-key',
              severity: 'error',
              message: `字段“${key}”重复出现。请删除其中一个，只保留正确的数值。`,
              place: { file, path: pathToString([...path, key]), line, column },
              actual: key,
            });
          }
          Object.defineProperty(obj, key, {
            value: build(valueNode, [...path, key]),
            enumerable: true,
            writable: true,
            configurable: true,
          });
        }
        return obj;
      }
      case 'array':
        return (node.children ?? []).map((child, i) => build(child, [...path, i]));
      default:
        return node.value;
    }
  };
  const value = build(root, []);
  if (dupes.length) throw new FiscalError(`无法读取 ${file}：字段重复`, dupes);
  return { value, sourceMap: mapSource(file, places) };
}
