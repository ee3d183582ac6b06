import { Packer } from 'docx';
import type { ReportDoc } from '../model/doc';
import { reportToDocument } from './document';
import { normalizePackage } from './package';

/** ReportDoc → DOCX bytes; identical documents give identical bytes (package.ts). */
export async function packReport(doc: ReportDoc): Promise<Buffer> {
  return normalizePackage(await Packer.toBuffer(reportToDocument(doc)), doc.properties);
}
