import type { ReportDoc } from '../model/doc';
import { writeDocumentXml } from './document';
import { commentsXml } from './comments';
import { packageBytes } from './package';
import { deflateEntry, deflateWritten, type ZipEntry } from './zip';
import PARTS from './parts.generated.json';

type Variant = 'plain' | 'comments';

/** The parts every report of a variant shares, compressed once per process. */
const shared: Partial<Record<Variant, ZipEntry[]>> = {};
function sharedEntries(v: Variant): ZipEntry[] {
  return (shared[v] ??= Object.entries({ ...PARTS.common, ...PARTS[v].parts }).map(([name, xml]) => deflateEntry(name, xml)));
}

/**
 * ReportDoc → DOCX bytes; identical documents give identical bytes (package.ts). The report's own
 * parts are written here (xml.ts); the rest of the package is what the docx package writes the same
 * for every report (skeleton.ts, stored in parts.generated.json).
 */
export function packReportSync(doc: ReportDoc): Buffer {
  const comments = doc.comments?.length ? doc.comments : null;
  const v: Variant = comments ? 'comments' : 'plain';
  const own = [deflateWritten('word/document.xml', (write) => writeDocumentXml(doc, PARTS[v], write))];
  if (comments) own.push(deflateEntry('word/comments.xml', commentsXml(PARTS.comments.commentsOpen, comments, doc.properties.created)));
  return packageBytes([...sharedEntries(v), ...own], doc.properties);
}

export async function packReport(doc: ReportDoc): Promise<Buffer> {
  return packReportSync(doc);
}
