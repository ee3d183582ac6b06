import { packReport } from '../src/docx/pack';
import { docxPart, laiwuRaw, mustBuild } from './helpers';

describe('deterministic DOCX bytes', () => {
  const doc = mustBuild(laiwuRaw());

  it('two packs of the same document are byte-identical, even a second apart', async () => {
    const a = await packReport(doc);
    await new Promise((r) => setTimeout(r, 1100));
    const b = await packReport(doc);
    expect(Buffer.compare(a, b)).toBe(0);
  });

  it('dates the package by the document, not the clock', async () => {
    const core = docxPart(await packReport(doc), 'docProps/core.xml');
    expect(core).toContain('<dcterms:created xsi:type="dcterms:W3CDTF">2025-08-29T00:00:00Z</dcterms:created>');
    expect(core).toContain('<dcterms:modified xsi:type="dcterms:W3CDTF">2025-08-29T00:00:00Z</dcterms:modified>');
  });

  it('the same bytes whatever the time zone', async () => {
    const tz = process.env.TZ;
    try {
      process.env.TZ = 'Asia/Shanghai';
      const a = await packReport(doc);
      process.env.TZ = 'America/Los_Angeles';
      const b = await packReport(doc);
      expect(Buffer.compare(a, b)).toBe(0);
    } finally {
      if (tz === undefined) delete process.env.TZ;
      else process.env.TZ = tz;
    }
  });
});
