import type { Loaded } from '../load/json';
import type { TemplateSet } from '../render/engine';
import { buildReportDoc, type BuildOptions, type ComposeResult } from '../pipeline';

/**
 * The report kinds a batch job can ask for, by the id used in datasets (`kind`) and in batch
 * configs (`kinds`). A new kind adds an entry here; the config schema and its JSON Schema follow
 * (run `npm run schema` and commit the result).
 */
export interface ReportKind {
  /** Chinese name for messages. */
  name: string;
  build(loaded: Loaded, templates: TemplateSet, options: Pick<BuildOptions, 'previous' | 'linked' | 'style'>): ComposeResult;
}

export type KindId = 'final-accounts' | 'performance' | 'work-plan';

// One pipeline builds every kind (it dispatches on the dataset's kind); the previous year's dataset
// supplies 同比 bases and the roll-forward checks (`--previous`), attached reports come loaded.
const build: ReportKind['build'] = (loaded, templates, options) => buildReportDoc(loaded, templates, options);

export const REPORT_KINDS: Record<KindId, ReportKind> = {
  'final-accounts': { name: '决算和上半年预算执行情况的报告', build },
  performance: { name: '预算绩效管理工作情况的报告', build },
  'work-plan': { name: '工作情况及工作计划', build },
};

export const KIND_IDS = Object.keys(REPORT_KINDS) as [KindId, ...KindId[]];

export function isKind(id: unknown): id is KindId {
  return typeof id === 'string' && Object.prototype.hasOwnProperty.call(REPORT_KINDS, id);
}
