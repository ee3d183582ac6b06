import { FiscalError, type Issue } from '../model/issue';
import { firstXmlForbidden } from '../model/xml-chars';
import type { Loaded } from './json';
import { walkStrings } from './path';

/**
 * Refuses a dataset whose text holds a character XML 1.0 forbids (model/xml-chars.ts): such a
 * character, invisible in most editors (it comes with text copied from other programs), would make
 * a DOCX that Word and WPS cannot open. Every string of the dataset and every field name is
 * checked, whether or not the report prints it; each is placed (line or cell) with the character
 * named as U+XXXX and its position in the text.
 */
export function xmlTextIssues(loaded: Loaded): Issue[] {
  const issues: Issue[] = [];
  walkStrings(loaded.value, (text, path, what) => {
    const f = firstXmlForbidden(text);
    if (!f) return;
    const more = f.count > 1 ? `（共 ${f.count} 处）` : '';
    const message = `${what === 'key' ? '字段名（或数据名称）' : '文字'}中含有不允许的字符 ${f.code}（${f.name}），在第 ${f.position} 个字符处${more}：Word 和 WPS 无法打开含有这种字符的文件。它通常随从其他软件复制的文字而来，在编辑器中看不见；请删除该字符后重试。`;
    issues.push({ code: 'text-forbidden-char', severity: 'error', message, place: loaded.sourceMap.locate(path), actual: f.code });
  });
  return issues;
}

/** The loaded dataset, or a FiscalError listing every text that holds a forbidden character. */
export function assertXmlText(loaded: Loaded): Loaded {
  const issues = xmlTextIssues(loaded);
  if (issues.length) throw new FiscalError(`无法读取 ${loaded.sourceMap.file}：文字中含有不允许的字符`, issues);
  return loaded;
}
