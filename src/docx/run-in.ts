import { strFromU8, strToU8, unzipSync, zipSync, type Zippable } from 'fflate';
import { runProps, STYLE_SEPARATOR_MARK } from './xml';
import { STYLE, STYLE_RUNS } from './style-ids';

/**
 * The one-paragraph form of run-in headings, for LibreOffice.
 *
 * A run-in heading is written as two paragraphs joined by Word's style separator (blocks.ts): the
 * heading paragraph's mark is hidden (w:vanish + w:specVanish), and Word and WPS set the body on in
 * the same line. LibreOffice 7.4 (Debian 12's, which makes the PDFs and the render checks) does not
 * honour it: measured, it hides the mark but still starts the body on a new line, flush left, so
 * "（一）夯实……成效。" stands alone on its line. The PDF path therefore converts the document with
 * each such pair joined back into one paragraph — the heading paragraph's properties, then the
 * heading's runs and the body's, whose runs name their own fonts — which LibreOffice lays out as the
 * run-in paragraph it is meant to be.
 */

const PAIR = new RegExp(
  // the separator mark closing the heading paragraph's properties, the heading's content, the
  // paragraph boundary, the body paragraph's own properties (the heading's apply to the whole), and
  // the body's content
  `${STYLE_SEPARATOR_MARK.replace(/[/]/g, '\\/')}<\\/w:pPr>((?:(?!<\\/w:p>)[\\s\\S])*)<\\/w:p><w:p(?:\\s[^>]*)?>(?:<w:pPr>(?:(?!<\\/w:pPr>)[\\s\\S])*<\\/w:pPr>)?((?:(?!<\\/w:p>)[\\s\\S])*)`,
  'g',
);

/**
 * The body's runs take their face from the Normal style in the DOCX (blocks.ts); joined into the
 * heading's paragraph they would take the heading's, so each run that names no properties is given
 * the body face and size there.
 */
const BODY_RUN = `<w:r>${runProps(STYLE_RUNS[STYLE.body]!.font, STYLE_RUNS[STYLE.body]!.size)}`;

/** document.xml with every style-separator pair joined into one paragraph. */
export function joinRunInHeadings(documentXml: string): string {
  return documentXml.includes('<w:specVanish/>') ? documentXml.replace(PAIR, (_, heading: string, body: string) => `</w:pPr>${heading}${body.replace(/<w:r>(?!<w:rPr>)/g, BODY_RUN)}`) : documentXml;
}

/** The DOCX as LibreOffice is given it for a PDF: run-in headings in one paragraph each; otherwise the same bytes. */
export function docxForLibreOffice(docx: Uint8Array): Uint8Array {
  const files = unzipSync(docx);
  const name = 'word/document.xml';
  const xml = files[name] ? strFromU8(files[name]) : '';
  const joined = joinRunInHeadings(xml);
  if (joined === xml) return docx;
  files[name] = strToU8(joined);
  const zippable: Zippable = {};
  for (const [n, data] of Object.entries(files)) zippable[n] = [data, { level: 6 }];
  return zipSync(zippable);
}
