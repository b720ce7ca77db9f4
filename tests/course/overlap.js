'use strict';
// Checks that the example course is written in its own words: no sentence of 40 characters
// or more in the course's Markdown and YAML appears verbatim in a seed text.
// Usage: node overlap.js SEEDS_DIR FILE_OR_DIR...
const fs = require('node:fs');
const path = require('node:path');

const MIN = 40;
const [seedsDir, ...inputs] = process.argv.slice(2);
if (!seedsDir || !inputs.length) {
  console.error('usage: node overlap.js SEEDS_DIR FILE_OR_DIR...');
  process.exit(2);
}

function files(p) {
  const st = fs.statSync(p);
  if (st.isFile()) return [p];
  return fs.readdirSync(p).sort().flatMap((n) => files(path.join(p, n)))
    .filter((f) => /\.(md|ya?ml)$/.test(f));
}

// Seeds with all white space removed, so line breaks inside a sentence do not hide it.
const seeds = fs.readdirSync(seedsDir).filter((n) => n.endsWith('.txt')).sort()
  .map((n) => ({ name: n, text: fs.readFileSync(path.join(seedsDir, n), 'utf8').replace(/\s+/g, '') }));
if (!seeds.length) {
  console.error(`overlap.js: no seed texts in ${seedsDir}`);
  process.exit(2);
}

let checked = 0;
const hits = [];
for (const file of inputs.flatMap(files)) {
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  lines.forEach((line, i) => {
    // Markdown and YAML syntax is not part of a sentence.
    const text = line.replace(/^\s*(?:[-*>#|]+\s*|\d+\.\s+|[a-z_]+:\s*)+/, '').replace(/[*`|]/g, '');
    for (const raw of text.split(/(?<=[。！？])/)) {
      const sentence = raw.replace(/\s+/g, '');
      if ([...sentence].length < MIN) continue;
      checked++;
      const seed = seeds.find((s) => s.text.includes(sentence));
      if (seed) hits.push(`${file}:${i + 1}: also in ${seed.name}: ${raw.trim()}`);
    }
  });
}
for (const h of hits) console.log(h);
console.log(`overlap: ${checked} sentences of ${MIN}+ characters checked, ${hits.length} found in the seeds`);
process.exit(hits.length ? 1 : 0);
