import type { Issue } from '../model/issue';
import { FiscalError } from '../model/issue';
import type { ZipLimits } from '../load/sniff';
import { loadLinkedReportsWith } from '../load/linked';
import { loadTemplates } from '../load/templates';
import { readDocx } from '../adopt/docx-read';
import { adopt, type AdoptSummary } from '../adopt';
import { styleFileName, summaryLines } from '../adopt/summary';
import { attachmentIndex, loadUpload, readIssues, type UploadFile } from './build';

/**
 * The web page's adopt: last year's report (.docx) and data uploaded → the style file (kept in memory
 * for its download) and the summary the CLI prints. Runs in a worker thread like a build.
 */
export interface AdoptRequest {
  report: UploadFile;
  dataset: UploadFile;
  attachments: UploadFile[];
  zip: ZipLimits;
}

export type WebAdoptResult =
  | { ok: true; name: string; style: string; lines: string[]; summary: AdoptSummary }
  | { ok: false; issues: Issue[] };

export async function runWebAdopt(req: AdoptRequest): Promise<WebAdoptResult> {
  try {
    const docx = readDocx(req.report.bytes, req.report.name);
    const loaded = await loadUpload(req.dataset, req.zip);
    const byName = attachmentIndex(loaded, req.attachments, true);
    const linked = await loadLinkedReportsWith(loaded, async (report) => {
      const hit = byName.get(report);
      return hit ? loadUpload(hit.upload, req.zip) : undefined;
    });
    const r = adopt({ docx, loaded, templates: loadTemplates(), linked });
    if (!r.ok) return { ok: false, issues: r.issues };
    const district = (loaded.value as { meta: { district: string } }).meta.district;
    return { ok: true, name: styleFileName(district), style: JSON.stringify(r.style, null, 2) + '\n', lines: summaryLines(r.summary), summary: r.summary };
  } catch (e) {
    if (e instanceof FiscalError) return { ok: false, issues: readIssues(e) };
    throw e;
  }
}
