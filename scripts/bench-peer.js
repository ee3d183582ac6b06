/**
 * The peer of `npm run bench`: the `docx` package rendering the same text fiscal-report writes
 * (headings, paragraphs, tables cell by cell; no validation, composition, styles or bookmarks), so
 * the bench can put the two side by side in the same run. Plain CommonJS, run as its own process:
 *
 *   node scripts/bench-peer.js batch <contents.json> <procs> <index> <outdir>   # its share of a batch; prints ms
 *   node scripts/bench-peer.js one <contents.json> <out.docx>                      # one document; prints "ms bytes maxRssKb"
 *
 * contents.json: an array of documents, each an array of items {h: text} | {p: text} | {t: rows of cell texts}.
 */
const { readFileSync, writeFileSync, mkdirSync } = require('node:fs');
const { join } = require('node:path');
const { Document, Packer, Paragraph, Table, TableRow, TableCell, HeadingLevel } = require('docx');

function render(items) {
  const children = items.map((it) =>
    it.t
      ? new Table({ rows: it.t.map((row) => new TableRow({ children: row.map((c) => new TableCell({ children: [new Paragraph(c)] })) })) })
      : it.h !== undefined
        ? new Paragraph({ text: it.h, heading: HeadingLevel.HEADING_1 })
        : new Paragraph(it.p),
  );
  return Packer.toBuffer(new Document({ sections: [{ children }] }));
}

async function main() {
  const [mode, file, ...rest] = process.argv.slice(2);
  const docs = JSON.parse(readFileSync(file, 'utf8'));
  if (mode === 'one') {
    const t = performance.now();
    const bytes = await render(docs[0]);
    writeFileSync(rest[0], bytes);
    console.log(`${performance.now() - t} ${bytes.length} ${process.resourceUsage().maxRSS}`);
    return;
  }
  const [procs, index, out] = rest;
  mkdirSync(out, { recursive: true });
  const t = performance.now();
  for (let k = Number(index); k < docs.length; k += Number(procs)) writeFileSync(join(out, `${k}.docx`), await render(docs[k]));
  console.log(performance.now() - t);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
