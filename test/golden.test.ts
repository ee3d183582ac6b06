import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { packReport } from '../src/docx/pack';
import { docxPart, laiwuRaw, mustBuild, ROOT } from './helpers';

// Golden files pin generated output. After a deliberate change, regenerate with
// UPDATE_GOLDEN=1 npm test and review the diff before committing it.
const GOLDEN = join(ROOT, 'test', 'golden');
const update = process.env.UPDATE_GOLDEN === '1';

function golden(name: string, actual: string): void {
  const file = join(GOLDEN, name);
  if (update || !existsSync(file)) {
    mkdirSync(GOLDEN, { recursive: true });
    writeFileSync(file, actual);
    if (!update) throw new Error(`golden file ${name} was missing and has been written: review it and run the tests again`);
    return;
  }
  expect(actual).toBe(readFileSync(file, 'utf8'));
}

/** Pretty-printed XML (one element per line) so golden diffs are readable. */
function prettyXml(xml: string): string {
  return xml.replace(/></g, '>\n<') + '\n';
}

describe('golden output for the Laiwu example', () => {
  const doc = mustBuild(laiwuRaw());

  it('document model (JSON)', () => {
    golden('laiwu-2024.doc.json', JSON.stringify(doc, null, 1) + '\n');
  });

  it('word/document.xml and word/styles.xml', async () => {
    const bytes = await packReport(doc);
    golden('laiwu-2024.document.xml', prettyXml(docxPart(bytes, 'word/document.xml')));
    golden('laiwu-2024.styles.xml', prettyXml(docxPart(bytes, 'word/styles.xml')));
  });
});
