/**
 * The peers of `npm run bench`: the `docx` package and docxtemplater rendering the same text
 * fiscal-report writes (headings, paragraphs, tables cell by cell; no validation, composition,
 * styles or bookmarks), so the bench can put them side by side with fiscal-report in the same run.
 * Plain CommonJS; run as its own process, or required by the bench for the in-process measurement:
 *
 *   node scripts/bench-peer.js <peer> batch <contents.json> <procs> <index> <outdir>   # its share of a batch; prints ms
 *   node scripts/bench-peer.js <peer> one <contents.json> <out.docx>                     # one document; prints "ms bytes maxRssKb"
 *
 * <peer>: docx | docxtemplater. contents.json: an array of documents, each an array of items
 * {h: text} | {p: text} | {t: rows of cell texts}.
 */
const { readFileSync, writeFileSync, mkdirSync } = require('node:fs');
const { join } = require('node:path');
const { Document, Packer, Paragraph, Table, TableRow, TableCell, HeadingLevel } = require('docx');

/** The docx package: each item as its object (a heading paragraph, a paragraph, a table of rows of cells). */
function renderDocx(items) {
  const children = items.map((it) =>
    it.t
      ? new Table({ rows: it.t.map((row) => new TableRow({ children: row.map((c) => new TableCell({ children: [new Paragraph(c)] })) })) })
      : it.h !== undefined
        ? new Paragraph({ text: it.h, heading: HeadingLevel.HEADING_1 })
        : new Paragraph(it.p),
  );
  return Packer.toBuffer(new Document({ sections: [{ children }] }));
}

/**
 * docxtemplater as it is used: a template document with tags, filled with the data. The template
 * is one loop over the items: a heading paragraph, a paragraph, or a table of each width the items
 * have, whose row repeats for each row ({-w:tr rows}). Made once per set of widths with the docx
 * package, so no binary file is kept in the repository.
 */
const templates = new Map();
function docxtemplaterTemplate(widths) {
  const key = widths.join(',');
  let t = templates.get(key);
  if (!t) {
    const p = (text, options = {}) => new Paragraph({ text, ...options });
    const table = (w) => {
      const cells = Array.from({ length: w }, (_, i) => new TableCell({ children: [p(`${i === 0 ? '{-w:tr rows}' : ''}{c${i}}${i === w - 1 ? '{/rows}' : ''}`)] }));
      return [p(`{#isT${w}}`), new Table({ rows: [new TableRow({ children: cells })] }), p(`{/isT${w}}`)];
    };
    const children = [p('{#items}'), p('{#isH}'), p('{h}', { heading: HeadingLevel.HEADING_1 }), p('{/isH}'), p('{#isP}'), p('{p}'), p('{/isP}'), ...widths.flatMap(table), p('{/items}')];
    t = Packer.toBuffer(new Document({ sections: [{ children }] }));
    templates.set(key, t);
  }
  return t;
}

async function renderDocxtemplater(items) {
  // Required here: the docx peer alone does not load it.
  const PizZip = require('pizzip');
  const Docxtemplater = require('docxtemplater');
  const widthOf = (rows) => Math.max(1, ...rows.map((r) => r.length));
  const widths = [...new Set(items.filter((it) => it.t).map((it) => widthOf(it.t)))].sort((x, y) => x - y);
  const table = (rows) => {
    const w = widthOf(rows);
    return { [`isT${w}`]: true, rows: rows.map((row) => Object.fromEntries(Array.from({ length: w }, (_, i) => [`c${i}`, row[i] ?? '']))) };
  };
  const data = { items: items.map((it) => (it.t ? table(it.t) : it.h !== undefined ? { isH: true, h: it.h } : { isP: true, p: it.p })) };
  const doc = new Docxtemplater(new PizZip(await docxtemplaterTemplate(widths)), { paragraphLoop: true });
  doc.render(data);
  return doc.getZip().generate({ type: 'nodebuffer', compression: 'DEFLATE' });
}

const PEERS = { docx: renderDocx, docxtemplater: renderDocxtemplater };

/** The document a peer writes for these items, as bytes. */
function render(peer, items) {
  const r = PEERS[peer];
  if (!r) throw new Error(`unknown peer ${peer}: one of ${Object.keys(PEERS).join(', ')}`);
  return Promise.resolve(r(items));
}

async function main() {
  const [peer, mode, file, ...rest] = process.argv.slice(2);
  const docs = JSON.parse(readFileSync(file, 'utf8'));
  if (mode === 'one') {
    const t = performance.now();
    const bytes = await render(peer, docs[0]);
    writeFileSync(rest[0], bytes);
    console.log(`${performance.now() - t} ${bytes.length} ${process.resourceUsage().maxRSS}`);
    return;
  }
  const [procs, index, out] = rest;
  mkdirSync(out, { recursive: true });
  const t = performance.now();
  for (let k = Number(index); k < docs.length; k += Number(procs)) writeFileSync(join(out, `${k}.docx`), await render(peer, docs[k]));
  console.log(performance.now() - t);
}

module.exports = { render, PEERS: Object.keys(PEERS) };

if (require.main === module)
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
