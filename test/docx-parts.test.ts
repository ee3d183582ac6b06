import { readFileSync } from 'node:fs';
import { PARTS_FILE, partsJson } from '../scripts/docx-parts';

// The package parts every report shares are generated from the docx package (src/docx/skeleton.ts)
// and stored; after changing styles, page setup or the docx version, run `npm run docx-parts`.
describe('the stored package parts', () => {
  it('are what the docx package writes now', async () => {
    const stored = readFileSync(PARTS_FILE, 'utf8');
    expect(stored === (await partsJson())).toBe(true);
  });
});
