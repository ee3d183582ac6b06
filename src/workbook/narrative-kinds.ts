import { PerformanceSchema, WorkPlanSchema } from '../validate/schema/narrative';
import { LIST_STYLES } from './build-outline';
import { DISTRICT_ROW, KIND_ROW, newWorkbookName, prefillDistrictYear, type GridRow, type KindWorkbook, type ValueColumn } from './spec';

// The workbooks of the narrative report kinds: the performance report (预算绩效管理工作情况报告)
// and the work plan (工作情况及工作计划). Three sheets: 基本信息, the body in document order (正文),
// and the figures the text cites (数据表).

const TEXT: ValueColumn[] = [{ key: 'value', title: '内容' }];

const TITLE_HINT = '标题中的年度等数字写成对数据表的引用，如 {{报告年度}}';

function narrativeWorkbook(kind: 'performance' | 'work-plan', name: string, schema: KindWorkbook['schema'], meta: GridRow[]): KindWorkbook {
  return {
    kind,
    name,
    schema,
    fileName: newWorkbookName(`${name}数据`),
    prefill: prefillDistrictYear,
    sheets: [
      {
        type: 'grid',
        id: 'meta',
        name: '基本信息',
        title: '基本信息',
        columns: TEXT,
        rows: [
          KIND_ROW,
          DISTRICT_ROW,
          { kind: 'value', path: 'meta.year', label: '年度', type: 'int', unit: '年' },
          ...meta,
          {
            kind: 'value',
            path: 'list',
            label: '正文中不属于任何部分的条目的排法（可不填）',
            type: 'text',
            choices: LIST_STYLES,
            hint: '分段（默认）、一是二是、编号',
          },
        ],
      },
      {
        type: 'outline',
        id: 'body',
        name: '正文',
        title: '正文（按报告中的先后顺序，每行一部分；序号由程序编排）',
        paths: ['text', 'items', 'sections', 'closing'],
        blankRows: 60,
      },
      { type: 'figures', id: 'figures', name: '数据表', title: '数据表（正文和标题中引用的数字）', path: 'figures', blankRows: 30, citable: true },
    ],
  };
}

/** meta.numbering: how level-3 headings and numbered items are numbered, 1. or 1、 (the kind's default when empty). */
function NUMBERING_ROW(byDefault: '1.' | '1、') {
  return {
    kind: 'value' as const,
    path: 'meta.numbering',
    label: `三级标题和编号条目的序号（可不填，默认为 ${byDefault}）`,
    type: 'text' as const,
    choices: [
      { value: '1.', label: '1.' },
      { value: '1、', label: '1、' },
    ],
  };
}

export const PERFORMANCE_WORKBOOK = narrativeWorkbook('performance', '预算绩效管理报告', PerformanceSchema, [
  { kind: 'value', path: 'meta.title', label: '标题', type: 'longtext', hint: TITLE_HINT },
  { kind: 'value', path: 'meta.titleNote', label: '标题附注（可不填，如 书面，印为“（书面）”）', type: 'text' },
  { kind: 'value', path: 'meta.salutation', label: '称谓（可不填，如 各位主任、各位委员：）', type: 'text' },
  { kind: 'value', path: 'meta.author', label: '编写单位（如 济南市莱芜区财政局；单独成文时印在文末落款）', type: 'text' },
  { kind: 'value', path: 'meta.date', label: '日期（可不填；单独成文时与编写单位一同印在文末落款）', type: 'date', hint: '如 2025-08-29' },
  NUMBERING_ROW('1.'),
]);

export const WORK_PLAN_WORKBOOK = narrativeWorkbook('work-plan', '工作计划', WorkPlanSchema, [
  { kind: 'value', path: 'meta.title', label: '标题', type: 'longtext', hint: TITLE_HINT },
  { kind: 'value', path: 'meta.author', label: '编写单位（印在标题下）', type: 'text' },
  { kind: 'value', path: 'meta.date', label: '日期（印在编写单位下）', type: 'date', hint: '如 2025-10-29' },
  NUMBERING_ROW('1、'),
]);
