import type { ReportDoc } from '../model/doc';
import { reportToDocument } from './document';
import { packDeterministic } from './deterministic';

/** ReportDoc → DOCX bytes, identical for identical input (dates from the document, not the clock). */
export async function packReport(doc: ReportDoc): Promise<Buffer> {
  return packDeterministic(reportToDocument(doc), doc.properties.created);
}
