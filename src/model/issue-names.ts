import { RULES } from '../validate/rules';
import { NARRATIVE_FIGURE_RULES } from '../validate/rules/figures';

// What each kind of issue is about, in Chinese: the heading of its group in `validate`, the
// bracketed name of each issue line, the web page's issue list. The English code stays a detail.

const RULE_DESCRIPTIONS = new Map([...RULES, ...NARRATIVE_FIGURE_RULES].map((r) => [r.id, r.description]));

const GROUP_NAMES: Record<string, string> = {
  'figure-invalid': '数据表中的数字无法得出',
  'template-unsourced-number': '模板中直接写的数字',
  template: '模板',
  'templates-dir': '模板目录',
  'prose-unknown-figure': '文字中引用的数据不存在',
  'schema-kind': '数据文件的报告类型（kind）',
  'schema-invalid-type': '缺少或类型不对的数据',
  'schema-unknown-key': '无法识别的字段',
  'schema-too-small': '过小或为空的数据',
  'schema-too-big': '过大的数据',
  'schema-invalid-value': '不在可选范围内的数据',
  'schema-invalid-date': '日期不正确',
  'schema-invalid-unit': '单位的写法不正确',
  'narrative-too-deep': '标题层级超过四级',
  'narrative-empty': '报告没有正文',
  'narrative-empty-section': '没有内容的部分（报告中省略）',
  'narrative-empty-item': '没有内容的条目（报告中省略）',
  'narrative-runin-ignored': '不能连排的标题（单独成行）',
  'attachment-missing': '附件报告文件未读取',
  'attachment-file': '附件报告文件无法读取',
  'attachment-kind': '附件报告的类型',
  'attachment-origin': '附件报告的区县或年度与本报告不同',
  'style-missing': '格式文件未读取',
  'style-file': '格式文件无法读取',
  'style-unknown-figure': '格式中的文字引用的数字不存在',
  'style-paragraph-place': '格式中的段落位置',
  'style-needs-figure': '格式所需的数字',
  'style-word': '格式中的词语',
  'style-unplaced-number': '格式中未对应数据的数字（去年报告的原文）',
  'text-forbidden-char': '文字中含有不允许的（不可见的）字符',
  'file-encoding': '文件编码（须为 UTF-8）',
  'prose-unmatched-brace': '文字中不配对的花括号（引用数据写作 {{名称}}）',
  'text-braces': '不能引用数据的文字中有花括号',
  'figure-name': '数据表中不能使用的名称',
  'xlsx-not-a-number': '单元格应填数字',
  'xlsx-number-range': '单元格中的数超出可以计算的范围',
  'xlsx-not-a-date': '单元格应填日期',
  'xlsx-percent-slip': '百分比格式单元格中填了百分数（读成大 100 倍的比率）',
  'xlsx-number-format': '数字格式使显示的数与单元格中的值不同',
  'xlsx-format-unit': '数字格式写的单位与此项的单位不同',
  'xlsx-row-unit': '行的“单位”列改为了读取所用以外的单位',
  'xlsx-duplicate-sheet': '同一张表有两张工作表（复制出的副本）',
  'xlsx-duplicate-column': '同一列标识出现在两列（复制出的列）',
  'xlsx-classified-twice': '同一张标准表有两张填了数字的工作表',
  'xlsx-classified-growth': '标准表的比上年增长%与决算数为上年决算数的%不符',
  'xlsx-classified-debt-year': '债务表中余额的年份既不是上年末也不是年末',
  'xlsx-classified-rate-base': '标准表百分比列的基数（调整预算数或预算数）与表中的列不符',
  'xlsx-hidden-decimals': '数字格式未显示金额的全部小数（报告按单元格中的值印出）',
  'xlsx-amount-unit': '工作表写明的金额单位不是万元',
  'xlsx-hidden-sheet': '隐藏的工作表中的数据（仍写入报告）',
  'xlsx-hidden-cell': '隐藏的行或列中的数据（仍写入报告）',
  'xlsx-cell-error': '单元格显示错误值',
  'xlsx-cell-unused': '填在不使用的单元格中的内容',
  'xlsx-choice': '无法识别的选项',
  'xlsx-formula-stale': '公式保存的结果与计算不符',
  'xlsx-formula-uncalculated': '公式没有计算结果',
  'xlsx-figure-name': '数据表中没有名称的行',
  'xlsx-figure-duplicate': '数据表中重复的名称',
  'xlsx-figure-method': '数据表的计算方式',
  'xlsx-list-form': '无法识别的项目类型',
  'xlsx-list-part': '“含于”“上级项目”填写不正确',
  'xlsx-missing-sheet': '缺少的工作表',
  'xlsx-missing-column': '缺少的列',
  'xlsx-missing-key': '缺少的行',
  'xlsx-unknown-key': '无法识别的行',
  'xlsx-duplicate-key': '重复的行',
  'xlsx-row-without-key': '不会被读取的行',
  'xlsx-narrative-order': '文字材料的序号',
  'xlsx-kind': '报告类型',
};

/** What a group of issues is about, in Chinese, for the grouped listing. */
export function issueGroupName(code: string): string {
  const rule = RULE_DESCRIPTIONS.get(code);
  if (rule) return rule;
  if (GROUP_NAMES[code]) return GROUP_NAMES[code];
  if (code.startsWith('schema-')) return '数据格式：字段、类型、取值';
  if (code.startsWith('json-')) return 'JSON 文件语法';
  if (code.startsWith('xlsx-')) return '数据工作簿：单元格、工作表和文件';
  if (code.startsWith('previous-')) return '上年数据文件（--previous）';
  if (code.startsWith('file-')) return '数据文件';
  if (code.startsWith('upload-')) return '上传的文件';
  if (code.startsWith('attachment-')) return '附件报告';
  if (code.startsWith('style-')) return '本区格式（style）';
  if (code.startsWith('narrative-')) return '报告的部分和条目';
  if (code.startsWith('template')) return '模板';
  if (code.startsWith('export-')) return '导出工作簿';
  return '其他问题';
}
