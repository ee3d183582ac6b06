import type { Loaded } from '../load/json';
import type { TemplateSet } from '../render/engine';
import { buildReportDoc, type ComposeResult } from '../pipeline';

/**
 * The report kinds a batch job can ask for, by the id used in datasets (`kind`) and in batch
 * configs (`kinds`). A new kind adds an entry here; the config schema and its JSON Schema follow
 * (run `npm run schema` and commit the result).
 */
export interface ReportKind {
  /** Chinese name for messages. */
  name: string;
  build(loaded: Loaded, templates: TemplateSet, previous?: Loaded): ComposeResult;
}

export type KindId = 'final-accounts';

export const REPORT_KINDS: Record<KindId, ReportKind> = {
  'final-accounts': {
    name: '决算和上半年预算执行情况的报告',
    // The previous year's dataset is read, located and part of the job's key; the cross-year
    // checks that use it come with the validation rules (`--previous`).
    build: (loaded, templates) => buildReportDoc(loaded, templates),
  },
};

export const KIND_IDS = Object.keys(REPORT_KINDS) as [KindId, ...KindId[]];

export function isKind(id: unknown): id is KindId {
  return typeof id === 'string' && Object.prototype.hasOwnProperty.call(REPORT_KINDS, id);
}
