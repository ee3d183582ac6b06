/**
 * npm run docx-parts — writes src/docx/parts.generated.json: the package parts the docx package
 * writes the same for every report (styles, footers, settings…, see src/docx/skeleton.ts). Run it
 * after changing styles.ts, layout.ts page or font settings, or upgrading docx; the tests fail
 * until the file is current.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateParts } from '../src/docx/skeleton';

export const PARTS_FILE = join(__dirname, '..', 'src', 'docx', 'parts.generated.json');

export async function partsJson(): Promise<string> {
  return JSON.stringify(await generateParts(), null, 1) + '\n';
}

if (require.main === module) {
  partsJson().then((json) => {
    writeFileSync(PARTS_FILE, json);
    console.log(`已写入 ${PARTS_FILE}`);
  });
}
