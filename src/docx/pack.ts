import type { ReportDoc } from '../model/doc';
import { documentXml } from './document';
import { commentsXml } from './comments';
import { packageBytes } from './package';
import PARTS from './parts.generated.json';

/**
 * ReportDoc → DOCX bytes; identical documents give identical bytes (package.ts). The report's own
 * parts are written here (xml.ts); the rest of the package is what the docx package writes the same
 * for every report (skeleton.ts, stored in parts.generated.json).
 */
export function packReportSync(doc: ReportDoc): Buffer {
  const comments = doc.comments?.length ? doc.comments : null;
  const v = comments ? PARTS.comments : PARTS.plain;
  const parts: Record<string, string> = { ...PARTS.common, ...v.parts, 'word/document.xml': documentXml(doc, v) };
  if (comments) parts['word/comments.xml'] = commentsXml(PARTS.comments.commentsOpen, comments, doc.properties.created);
  return packageBytes(parts, doc.properties);
}

export async function packReport(doc: ReportDoc): Promise<Buffer> {
  return packReportSync(doc);
}
