import { mapBlockRuns, type Block, type Run } from './model/doc';
import type { Issue } from './model/issue';
import type { Source } from './model/source';
import type { Loaded } from './load/json';
import type { LinkedReport } from './load/linked';
import type { SourceMap } from './load/source-map';
import { pathToString, type PathSegment } from './load/path';
import type { TemplateSet } from './render/engine';
import { buildNarrativeDoc } from './pipeline-narrative';
import { NARRATIVE_KINDS } from './validate/schema/narrative';

/** Reports a dataset points to (attachments entries {"report": "file.json"}), loaded by the CLI. */
export type LinkedReports = ReadonlyMap<string, LinkedReport>;

/** An attachments entry of the final-accounts dataset: a name, or a report to attach. */
export type AttachmentEntry = string | { report: string | Record<string, unknown> };

export interface AttachedReports {
  /** The attachment note's names, in order: the entry's name, or the attached report's title. */
  names: string[];
  /** The attached reports, each on a new page: 附件N label, title, then its salutation and body. */
  blocks: Block[];
  issues: Issue[];
}

/** Places inside an embedded report are places inside the dataset that embeds it. */
function subSourceMap(parent: SourceMap, prefix: PathSegment[]): SourceMap {
  return { file: parent.file, locate: (path) => parent.locate([...prefix, ...path]) };
}

function prefixSource(src: Source, prefix: string): Source {
  return 'path' in src ? { path: `${prefix}.${src.path}` } : { derivation: src.derivation, inputs: src.inputs.map((s) => prefixSource(s, prefix)) };
}

/**
 * Builds the reports the final-accounts dataset attaches (by file or embedded) with the same
 * pipeline that builds them standalone, and turns each into an attachment: 附件N on a new page,
 * the report's title, then its salutation and body. Figure sources are prefixed with the
 * attachments entry's path, and figure marks numbered from 0 across all attachments (offsetFigures
 * moves them past the main report's), so the numbers audit stays one list.
 */
export function attachReports(
  entries: readonly AttachmentEntry[],
  sourceMap: SourceMap,
  templates: TemplateSet,
  linked: LinkedReports,
): AttachedReports {
  const names: string[] = [];
  const blocks: Block[] = [];
  const issues: Issue[] = [];
  let nextId = 0;
  entries.forEach((entry, i) => {
    if (typeof entry === 'string') {
      names.push(entry);
      return;
    }
    const at: PathSegment[] = ['meta', 'attachments', i, 'report'];
    let loaded: Loaded | undefined;
    if (typeof entry.report === 'string') {
      const hit = linked.get(entry.report);
      if (hit && 'failed' in hit) {
        issues.push(...hit.failed);
        names.push(entry.report);
        return;
      }
      loaded = hit;
      if (!loaded) {
        issues.push({
          code: 'attachment-missing',
          severity: 'error',
          message: `附件 ${i + 1} 的报告文件“${entry.report}”未读取：请检查文件名（相对于本数据文件所在目录）。`,
          place: sourceMap.locate(at),
          actual: entry.report,
        });
        names.push(entry.report);
        return;
      }
    } else {
      loaded = { value: entry.report, sourceMap: subSourceMap(sourceMap, at) };
    }
    const kind = (loaded.value as { kind?: unknown } | null)?.kind;
    if (!NARRATIVE_KINDS.includes(kind as never)) {
      issues.push({
        code: 'attachment-kind',
        severity: 'error',
        message: `附件 ${i + 1} 须是预算绩效管理报告（kind 为 "performance"）或工作计划（"work-plan"），实为 ${JSON.stringify(kind ?? null)}。`,
        place: loaded.sourceMap.locate(['kind']),
        actual: String(kind),
      });
      names.push(typeof entry.report === 'string' ? entry.report : `附件${i + 1}`);
      return;
    }
    const built = buildNarrativeDoc(loaded, templates);
    issues.push(...built.issues);
    if (!built.doc) {
      names.push(typeof entry.report === 'string' ? entry.report : `附件${i + 1}`);
      return;
    }
    names.push(built.doc.properties.title);
    const prefix = pathToString(at);
    const ids = new Map<number, number>();
    const runs = (rs: Run[]): Run[] =>
      rs.map((r) => {
        if (!r.fig) return r.slot !== undefined ? { ...r, slot: `${prefix}>${r.slot}` } : r;
        let id = ids.get(r.fig.id);
        if (id === undefined) ids.set(r.fig.id, (id = nextId++));
        return { ...r, fig: { id, source: prefixSource(r.fig.source, prefix), key: `${prefix}>${r.fig.key}` }, ...(r.slot !== undefined ? { slot: `${prefix}>${r.slot}` } : {}) };
      });
    const [first, ...rest] = built.doc.blocks;
    const title = first?.type === 'title' ? first.runs : [{ text: built.doc.properties.title }];
    blocks.push({ type: 'attachment', label: `附件${i + 1}`, title: runs(title) });
    for (const b of first?.type === 'title' ? rest : built.doc.blocks) blocks.push(mapBlockRuns(b, runs));
  });
  return { names, blocks, issues };
}


/** Moves the figure marks of blocks by `offset`, past those of the document they are appended to. */
export function offsetFigures(blocks: Block[], offset: number): Block[] {
  return blocks.map((b) => mapBlockRuns(b, (rs) => rs.map((r) => (r.fig ? { ...r, fig: { ...r.fig, id: r.fig.id + offset } } : r))));
}
