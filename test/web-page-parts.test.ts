import { gunzipSync } from 'node:zlib';
import { gzipPieces, runWebBuild } from '../src/web/build';
import { resultPageParts } from '../src/web/views';
import { WORKBOOK_ZIP_LIMITS } from '../src/load/sniff';
import { file } from './web-helpers';

// The result page is encoded piece by piece (the text around the preview, then each preview block):
// the pieces must make exactly the page, whatever the data says.

const chrome = { auth: false };
const options = { id: 'abc', pdf: false, pdfHint: '' };

async function laiwu(government: string) {
  const raw = JSON.parse(file('laiwu-2024.json').toString('utf8'));
  raw.meta.government = government;
  return runWebBuild({
    dataset: { name: 'laiwu-2024.json', bytes: Buffer.from(JSON.stringify(raw)) },
    attachments: [{ name: 'laiwu-2024-performance.json', bytes: file('laiwu-2024-performance.json') }],
    zip: WORKBOOK_ZIP_LIMITS,
  });
}

describe('the result page in pieces', () => {
  it('is the text before the preview, each block of the report, the text after; gzipped, exactly the page', async () => {
    const r = await laiwu('济南市莱芜区人民政府');
    const parts = resultPageParts(chrome, r, options);
    expect(parts.length).toBe(r.doc!.blocks.length + 2);
    expect(parts[0]).toMatch(/<article class="paper" aria-label="报告预览">$/);
    expect(parts[1]).toBe('<div class="b-meeting"><p>区十九届人大常委会</p><p>第二十八次会议材料</p></div>');
    expect(parts[parts.length - 1]).toMatch(/^<\/article>/);
    // The same page made with the preview in place, without the slot and the split.
    const whole = resultPageParts(chrome, r, options, false);
    expect(whole).toHaveLength(1);
    expect(parts.join('')).toBe(whole[0]);
    expect(gunzipSync(gzipPieces(parts)).toString('utf8')).toBe(whole[0]);
  });

  it('a data text that looks like the slot for the preview stays text, and the page stays whole', async () => {
    const r = await laiwu('济南市莱芜区人民政府<!--fiscal-report:preview-->');
    expect(r.doc).toBeTruthy();
    const page = resultPageParts(chrome, r, options).join('');
    expect(page).toBe(resultPageParts(chrome, r, options, false)[0]);
    expect(page).toContain('济南市莱芜区人民政府&lt;!--fiscal-report:preview--&gt;');
    expect(page).not.toContain('<!--fiscal-report:preview-->');
    expect(page.match(/<article class="paper"/g)).toHaveLength(1);
    expect(gunzipSync(gzipPieces(resultPageParts(chrome, r, options))).toString('utf8')).toBe(page);
  });

  it('a page without a preview (the data did not build) is one piece', async () => {
    const r = await runWebBuild({ dataset: { name: 'x.json', bytes: Buffer.from('{"kind": "final-accounts"}') }, attachments: [], zip: WORKBOOK_ZIP_LIMITS });
    expect(r.doc).toBeFalsy();
    const parts = resultPageParts(chrome, r, options);
    expect(parts).toHaveLength(1);
    expect(gunzipSync(gzipPieces(parts)).toString('utf8')).toBe(parts[0]);
  });

  it('grows its buffer for a page longer than it has held, and gives a very large one back', () => {
    const long = ['<p>', '预算'.repeat(200_000), '</p>'];
    expect(gunzipSync(gzipPieces(long)).toString('utf8')).toBe(long.join(''));
    const huge = ['<p>', '决算'.repeat(1_000_000), '</p>'];
    expect(gunzipSync(gzipPieces(huge)).toString('utf8')).toBe(huge.join(''));
    expect(gunzipSync(gzipPieces(['短'])).toString('utf8')).toBe('短');
  });
});
