import { unzipSync } from 'fflate';
import { crc32, deflateRawSync, inflateRawSync } from 'node:zlib';
import { deflateEntry, deflateWritten, dosDate, LEVEL, zipEntries } from '../src/docx/zip';
import { jsCrc32 } from '../src/crc32';
import { packReport } from '../src/docx/pack';
import { laiwuRaw, mustBuild } from './helpers';

describe('the DOCX package is reproducible', () => {
  it('gives byte-identical files for two builds of the same dataset', async () => {
    const a = await packReport(mustBuild(laiwuRaw()));
    // A build later in time, from a fresh parse of the same data.
    await new Promise((r) => setTimeout(r, 1100));
    const b = await packReport(mustBuild(laiwuRaw()));
    expect(Buffer.compare(a, b)).toBe(0);
  });

  it('writes entries in a fixed order dated from the dataset, not the clock', async () => {
    const bytes = await packReport(mustBuild(laiwuRaw()));
    const names = Object.keys(unzipSync(bytes));
    expect(names.slice(0, 2)).toEqual(['[Content_Types].xml', '_rels/.rels']);
    expect(names.slice(2)).toEqual([...names.slice(2)].sort());
    // Local file headers: DOS date of 2025-08-29 (the meeting date), time 00:00.
    const dosDate = ((2025 - 1980) << 9) | (8 << 5) | 29;
    let at = 0;
    for (let n = 0; n < names.length; n++) {
      expect(bytes.readUInt32LE(at)).toBe(0x04034b50);
      expect(bytes.readUInt16LE(at + 10)).toBe(0);
      expect(bytes.readUInt16LE(at + 12)).toBe(dosDate);
      at += 30 + bytes.readUInt16LE(at + 26) + bytes.readUInt16LE(at + 28) + bytes.readUInt32LE(at + 18);
    }
  });

  it('changes the bytes when the data changes (the date too)', async () => {
    const raw = laiwuRaw();
    raw.meta.meeting.date = '2025-09-01';
    const a = await packReport(mustBuild(laiwuRaw()));
    const b = await packReport(mustBuild(raw));
    expect(Buffer.compare(a, b)).not.toBe(0);
  });
});

describe('the zip writer', () => {
  it('computes CRC-32 without zlib.crc32 (Node before 20.15) as zlib does', () => {
    const data = Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 7919) & 0xff));
    expect(jsCrc32(data)).toBe(crc32(data));
    expect(jsCrc32(new Uint8Array(0))).toBe(0);
    // Going on from the CRC of the bytes before, as a part written in segments needs.
    expect(jsCrc32(data.subarray(3000), jsCrc32(data.subarray(0, 3000)))).toBe(crc32(data));
  });

  it('compresses a long part a segment at a time into one stream that every reader inflates to the same text', () => {
    // Varied text, as a long table's rows are: about 1.4 MB, in segments of 64 KB.
    const rows = Array.from({ length: 12_000 }, (_, i) => `<w:tr><w:tc><w:p><w:r><w:t>明细项目${i + 1}</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>${(1000 + i * 7.31).toFixed(2)}</w:t></w:r></w:p></w:tc></w:tr>`);
    const text = `<w:tbl>${rows.join('')}</w:tbl>`;
    const bytes = Buffer.from(text, 'utf8');
    let pieces = 0;
    const long = deflateWritten(
      'word/document.xml',
      (write) => {
        for (let i = 0; i < rows.length; i += 50) {
          write(i === 0 ? '<w:tbl>' : '');
          write(rows.slice(i, i + 50).join(''));
          pieces++;
        }
        write('</w:tbl>');
      },
      LEVEL,
      64 << 10,
    );
    expect(pieces).toBeGreaterThan(20);
    expect(long.size).toBe(bytes.length);
    expect(long.crc).toBe(crc32(bytes));
    expect(inflateRawSync(long.data).equals(bytes)).toBe(true);
    // fflate (refresh and adopt read drafts with it) reads the package's part the same.
    const files = unzipSync(zipEntries([long], dosDate('2025-08-29')));
    expect(Buffer.from(files['word/document.xml']!).equals(bytes)).toBe(true);
    // Text ending exactly at a segment's end (the last segment empty), and at two.
    for (const segments of [1, 2]) {
      const exact = Buffer.alloc((64 << 10) * segments, 'x<w:t>');
      const e = deflateWritten('b.xml', (write) => write(exact.toString('utf8')), LEVEL, 64 << 10);
      expect(e.size).toBe(exact.length);
      expect(e.crc).toBe(crc32(exact));
      expect(inflateRawSync(e.data).equals(exact)).toBe(true);
      expect(Buffer.from(unzipSync(zipEntries([e], dosDate('2025-08-29')))['b.xml']!).equals(exact)).toBe(true);
    }
    // Within one segment, the bytes are one-piece deflate's, as before.
    const short = deflateWritten('a.xml', (write) => write(text), LEVEL, bytes.length + 1);
    expect(Buffer.from(short.data).equals(deflateRawSync(bytes, { level: LEVEL }))).toBe(true);
  });

  it('writes a package any unzip reads back, part for part', async () => {
    const entries = [deflateEntry('a.xml', '<a/>'), deflateEntry('word/文档.xml', '中文'.repeat(1000))];
    const files = unzipSync(zipEntries(entries, dosDate('1975-01-02')));
    expect(Object.keys(files)).toEqual(['a.xml', 'word/文档.xml']);
    expect(Buffer.from(files['word/文档.xml']!).toString('utf8')).toBe('中文'.repeat(1000));
  });
});
