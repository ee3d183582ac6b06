import { Packer } from 'docx';
import { unzipSync } from 'fflate';
import { packReport } from '../src/docx/pack';
import { reportToDocument } from '../src/docx/document';
import { fixCoreDates, repackDeterministic } from '../src/docx/deterministic';
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

  it('repacking the docx package output gives the same bytes as packing directly', async () => {
    const direct = await packReport(doc);
    const repacked = repackDeterministic(await Packer.toBuffer(reportToDocument(doc)), doc.properties.created);
    expect(Buffer.compare(direct, repacked)).toBe(0);
    expect(Object.keys(unzipSync(direct))[0]).toBe('[Content_Types].xml');
  });

  it('fixCoreDates touches only the two timestamps', () => {
    const xml = '<a><dc:title>2024</dc:title><dcterms:created xsi:type="x">2026-01-01T10:00:00.000Z</dcterms:created><dcterms:modified xsi:type="x">now</dcterms:modified></a>';
    expect(fixCoreDates(xml, '2025-08-29')).toBe(
      '<a><dc:title>2024</dc:title><dcterms:created xsi:type="x">2025-08-29T00:00:00Z</dcterms:created><dcterms:modified xsi:type="x">2025-08-29T00:00:00Z</dcterms:modified></a>',
    );
  });
});
