import { Packer } from 'docx';
import type { ReportDoc } from '../model/doc';
import { reportToDocument } from './document';

/** ReportDoc → DOCX bytes. */
export async function packReport(doc: ReportDoc): Promise<Buffer> {
  return Packer.toBuffer(reportToDocument(doc));
}
