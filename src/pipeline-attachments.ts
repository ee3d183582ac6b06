import { mapBlockRuns, type Block, type Run } from './model/doc';
import type { Issue } from './model/issue';
import type { Source } from './model/source';
import type { SourceMap } from './load/source-map';
import { pathToString } from './load/path';
import type { TemplateSet } from './render/engine';
import { loadedText, type Loaded } from './load/json';
import type { ComposeResult } from './pipeline';
import { buildNarrativeDoc } from './pipeline-narrative';
import { attachedReport, reportPath, type AttachingReport, type AttachmentEntry, type LinkedReports } from './validate/attachments';

export type { AttachmentEntry, LinkedReports };

export interface AttachedReports {
  /** The attachment note's names, in order: the entry's name, or the attached report's title. */
  names: string[];
  /** The attached reports, each on a new page: 附件N label, title, then its salutation and body. */
  blocks: Block[];
  issues: Issue[];
}

function prefixSource(src: Source, prefix: string): Source {
  return 'path' in src ? { path: `${prefix}.${src.path}` } : { derivation: src.derivation, inputs: src.inputs.map((s) => prefixSource(s, prefix)) };
}

/** Attached reports built, by template set and file name + text (a batch attaches one report to many datasets). */
const builtAttached = new WeakMap<TemplateSet, Map<string, ComposeResult>>();
const MAX_CACHED = 32;

/**
 * An attached report, built once per template set and distinct file (its name and text: all the
 * build depends on) in a process. Shared between uses: attachReports gives each use its own runs
 * and the blocks holding them (drafts annotate the runs) and its own issues, so a use never sees
 * another's changes; what stays shared (page breaks, column widths) nothing changes.
 * Reports read from workbooks or with parse problems are built each time.
 */
function buildAttached(loaded: Loaded, templates: TemplateSet): ComposeResult {
  const text = loadedText(loaded);
  if (text === undefined || loaded.issues?.length) return buildNarrativeDoc(loaded, templates, { attached: true });
  let cache = builtAttached.get(templates);
  if (!cache) builtAttached.set(templates, (cache = new Map()));
  const key = `${loaded.sourceMap.file}\0${text}`;
  let built = cache.get(key);
  if (!built) {
    built = buildNarrativeDoc(loaded, templates, { attached: true });
    if (cache.size >= MAX_CACHED) cache.clear();
    cache.set(key, built);
  }
  return built;
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
  owner: AttachingReport = {},
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
    const found = attachedReport(entry, i, sourceMap, linked, owner);
    if ('issues' in found) {
      issues.push(...found.issues);
      names.push(found.name);
      return;
    }
    const { loaded } = found;
    const at = reportPath(i);
    const built = buildAttached(loaded, templates);
    issues.push(...structuredClone(built.issues), ...(loaded.issues ?? []));
    if (!built.doc) {
      names.push(typeof entry.report === 'string' ? entry.report : `附件${i + 1}`);
      return;
    }
    names.push(built.doc.properties.title);
    const prefix = pathToString(at);
    const ids = new Map<number, number>();
    // Every run a new object (and every block holding runs, by mapBlockRuns): the built report stays as it was.
    const runs = (rs: Run[]): Run[] =>
      rs.map((r) => {
        if (!r.fig) return r.slot !== undefined ? { ...r, slot: `${prefix}>${r.slot}` } : { ...r };
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
