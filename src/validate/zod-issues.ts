import type { z } from 'zod';
import { excerpt, type Issue } from '../model/issue';

const CJK = /[\u4e00-\u9fff]/;
import type { PathSegment } from '../load/path';
import type { SourceMap } from '../load/source-map';
import { labelPath } from './labels';
import { DATE_YEARS } from './schema/common';

const TYPE_ZH: Record<string, string> = {
  number: '数字',
  string: '文字',
  object: '对象（{…}）',
  array: '列表（[…]）',
  boolean: '是/否（true/false）',
  int: '整数',
  undefined: '空',
};

function typeOf(v: unknown): string {
  if (v === undefined) return '缺失';
  if (v === null) return '空值 null';
  if (Array.isArray(v)) return '列表';
  if (typeof v === 'string') return `文字 "${excerpt(v)}"`;
  if (typeof v === 'number') return `数字 ${v}`;
  if (typeof v === 'object') return '对象';
  return String(v);
}

function valueAt(root: unknown, path: readonly PathSegment[]): unknown {
  let cur: unknown = root;
  for (const seg of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = Object.prototype.hasOwnProperty.call(cur, seg) ? (cur as Record<string, unknown>)[seg as string] : undefined;
  }
  return cur;
}

/** zod's issue codes turned into Chinese messages that say what is wrong and how to fix it. */
export function zodToIssues(
  error: z.ZodError,
  raw: unknown,
  sourceMap: SourceMap,
  /** How a path is named in messages (the dataset's Chinese field names by default). */
  label: (path: readonly PathSegment[]) => string = labelPath,
): Issue[] {
  const out: Issue[] = [];
  for (const zi of error.issues) {
    const path = zi.path.filter((p): p is PathSegment => typeof p !== 'symbol');
    const actualValue = valueAt(raw, path);
    // A workbook cell goes by its row label as the sheet shows it.
    const field = path.length ? `“${sourceMap.locate(path).label ?? label(path)}”` : '文件顶层';
    let message: string;
    let expected: string | undefined;
    let code = `schema-${zi.code.replace(/_/g, '-')}`;
    switch (zi.code) {
      case 'invalid_type': {
        expected = TYPE_ZH[zi.expected] ?? zi.expected;
        if (actualValue === undefined) message = `缺少必填项${field}，请补充${expected}。`;
        else if (zi.expected === 'number' && typeof actualValue === 'string')
          message = `${field}应为数字，实为文字 "${excerpt(actualValue)}"：请去掉引号、千分位逗号和单位，只填数值（万元）。`;
        else message = `${field}应为${expected}，实为${typeOf(actualValue)}。`;
        break;
      }
      case 'unrecognized_keys':
        message = `${field}中有未知字段 ${zi.keys.map((k) => `“${k}”`).join('、')}：请检查拼写，或删除该字段。`;
        for (const key of zi.keys) {
          out.push({
            code: 'schema-unknown-key',
            severity: 'error',
            message: `${field}中有未知字段“${key}”：请检查拼写，或删除该字段。`,
            place: sourceMap.locate([...path, key]),
            actual: key,
          });
        }
        continue;
      case 'too_small':
        if (zi.origin === 'string') message = `${field}不能为空，请填写内容。`;
        else if (zi.origin === 'array') message = `${field}至少需要 ${String(zi.minimum)} 项。`;
        else message = `${field}不能小于 ${String(zi.minimum)}，实为 ${typeOf(actualValue)}。`;
        expected = `≥ ${String(zi.minimum)}`;
        break;
      case 'too_big':
        message = `${field}不能大于 ${String(zi.maximum)}，实为 ${typeOf(actualValue)}。`;
        expected = `≤ ${String(zi.maximum)}`;
        break;
      case 'invalid_value':
        expected = zi.values.map(String).join(' / ');
        message = `${field}应为 ${expected} 之一，实为 ${typeOf(actualValue)}。`;
        break;
      case 'invalid_format':
        message =
          zi.format === 'regex' && path[path.length - 1] === 'date'
            ? `${field}日期格式应为 YYYY-MM-DD（如 2025-08-29），实为 ${typeOf(actualValue)}。`
            : zi.format === 'regex' && zi.message === 'classified-code'
              ? `${field}应为政府收支分类科目编码（类 3 位、款 5 位、项 7 位数字，如 101、10101），债务表为 lastYearBalance、limit、issued、repaid、balance 之一，实为 ${typeOf(actualValue)}。`
              : `${field}格式不正确，实为 ${typeOf(actualValue)}。`;
        break;
      case 'custom':
        if (zi.message === 'date-invalid' || zi.message === 'date-range') code = 'schema-invalid-date';
        if (zi.message === 'date-invalid') {
          message = `${field}不是实际存在的日期，实为 ${typeOf(actualValue)}：月份应为 1–12，日应在该月的天数之内（如 2 月没有 30 日）。请改正为 YYYY-MM-DD 格式的日期（如 2025-08-29）。`;
          expected = 'YYYY-MM-DD';
        } else if (zi.message === 'date-range') {
          message = `${field}的年份应在 ${DATE_YEARS.min} 至 ${DATE_YEARS.max} 年之间（DOCX 文件能记录的日期范围），实为 ${typeOf(actualValue)}：请核对年份。`;
          expected = `${DATE_YEARS.min}-01-01 至 ${DATE_YEARS.max}-12-31`;
        } else if (zi.message === 'unit-digit') {
          code = 'schema-invalid-unit';
          message = `${field}不能以数字或符号开头，实为 ${typeOf(actualValue)}：单位印在数字之后，以数字开头会与数值连成另一个数（16 和“1个”印成“161个”）。请只写计量词，如“个”“项”“万元”。`;
        } else if (zi.message === 'unit-space') {
          code = 'schema-invalid-unit';
          message = `${field}中不能有空格或换行，实为 ${typeof actualValue === 'string' ? `文字 ${JSON.stringify(excerpt(actualValue))}` : typeOf(actualValue)}：单位紧接数字印出。请删去空格和换行（Excel 中的 Alt+Enter），只写计量词，如“个”“万元”。`;
        } else if (zi.message === 'unit-brace') {
          code = 'schema-invalid-unit';
          message = `${field}中不能有花括号，实为 ${typeOf(actualValue)}：花括号用于在文字中引用数据（{{名称}}）。请只写计量词，如“个”“万元”。`;
        } else message = CJK.test(zi.message) ? `${field}不正确：${zi.message}` : `${field}不正确，实为 ${typeOf(actualValue)}。`;
        break;
      case 'invalid_union':
        message = `${field}的写法不正确，实为 ${typeOf(actualValue)}。`;
        break;
      default:
        // zod's own words are English: not shown.
        message = `${field}不正确，实为 ${typeOf(actualValue)}。`;
    }
    const issue: Issue = {
      code,
      severity: 'error',
      message,
      place: sourceMap.locate(path),
      actual: actualValue === undefined ? '（缺失）' : typeOf(actualValue),
    };
    if (expected !== undefined) issue.expected = expected;
    out.push(issue);
  }
  return out;
}
