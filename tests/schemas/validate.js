'use strict';
// Validates a course's YAML files and front matter against the JSON Schemas of schemas/, each
// file against the schema its place in the course calls for, as an editor would (YAML 1.2 as
// the yaml package reads it, which VS Code's YAML extension uses too). An empty document or
// front matter is an empty mapping, and a page without front matter has an empty one, as
// kenshu reads them. One line per invalid file: "FILE: what is wrong".
// Usage: node validate.js [--modelines] [--misspell] ROOT
//   --modelines  each YAML file must start with the yaml-language-server line that names its
//                schema by a path relative to the file, and that schema must be there
//   --misspell   each file must also be invalid with the first key of its mapping (of the
//                glossary's first entry) misspelt
// Exit status: 0 when every file is valid, 1 when one is not, 2 on a usage or setup error (a
// package missing, a schema that does not compile).
const fs = require('node:fs');
const path = require('node:path');
const { createRequire } = require('node:module');

process.on('uncaughtException', (e) => {
  console.error(`validate.js: ${e.message}`);
  process.exit(2);
});

// ajv and yaml are installed with the browser tests' packages (tests/browser/package.json).
const need = createRequire(path.join(__dirname, '..', 'browser', 'package.json'));
const Ajv = need('ajv');
const YAML = need('yaml');

const schemaDir = path.join(__dirname, '..', '..', 'schemas');
const args = process.argv.slice(2);
const modelines = args.includes('--modelines');
const misspell = args.includes('--misspell');
const roots = args.filter((a) => !a.startsWith('--'));
const unknown = args.filter((a) => a.startsWith('--') && a !== '--modelines' && a !== '--misspell');
if (roots.length !== 1 || unknown.length) {
  console.error('usage: node validate.js [--modelines] [--misspell] ROOT');
  process.exit(2);
}

// Keywords for editors that validation passes over: VS Code shows these messages and notes.
const ajv = new Ajv({ allErrors: true, allowUnionTypes: true, strict: true,
  strictRequired: false });
ajv.addKeyword('patternErrorMessage');
ajv.addKeyword('enumDescriptions');
ajv.addKeyword('errorMessage');

const validators = {};
function validator(kind) {
  if (!validators[kind]) {
    const file = path.join(schemaDir, `${kind}.schema.json`);
    validators[kind] = ajv.compile(JSON.parse(fs.readFileSync(file, 'utf8')));
  }
  return validators[kind];
}

// Extensions count in any case, names do not.
const md = /\.(md|markdown)$/i;
const yml = /\.(yaml|yml)$/i;
const named = (name, stem) => name.startsWith(`${stem}.`) &&
  !name.slice(stem.length + 1).includes('.');

// The schema a file's place calls for (path relative to ROOT, with '/'), and whether its YAML
// is the front matter of a Markdown page; null for a file kenshu does not read as either.
function place(rel) {
  const parts = rel.split('/');
  const name = parts[parts.length - 1];
  const page = md.test(name) && !name.startsWith('_');
  if (rel === 'site.yaml') return { kind: 'site' };
  if (parts[0] === 'quizzes' && parts.length === 2 && yml.test(name)) return { kind: 'quiz' };
  if (parts[0] !== 'content') return null;
  if (parts.length === 2 && md.test(name) && named(name, 'index')) {
    return { kind: 'home', page: true };
  }
  if (parts.length === 2 && yml.test(name) && named(name, 'glossary')) return { kind: 'glossary' };
  if (parts.length === 3 && parts[1] === 'forms' && yml.test(name)) return { kind: 'form' };
  if (parts.length === 3 && parts[1] === 'documents' && page) {
    return { kind: 'document', page: true };
  }
  if (parts.length === 4 && parts[1] === 'lessons' && yml.test(name) && named(name, '_module')) {
    return { kind: 'module' };
  }
  if (parts.length === 4 && parts[1] === 'lessons' && page) return { kind: 'lesson', page: true };
  return null;
}

// The files under dir, hidden ones left out as kenshu leaves them.
function walk(dir, rel) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).filter((e) => !e.name.startsWith('.'))
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name), `${rel}${e.name}/`) :
      [`${rel}${e.name}`]));
}

// The front matter of a page as kenshu splits it off: '---' on the first line, up to a line
// of '---' or '...'; '' when there is none.
function frontMatter(text) {
  if (!text.startsWith('---\n')) return '';
  const lines = text.slice(4).split('\n');
  const end = lines.findIndex((l) => l === '---' || l === '...');
  if (end < 0) throw new Error('front matter is not closed');
  return lines.slice(0, end).join('\n');
}

function load(text) {
  const doc = YAML.parseDocument(text);
  if (doc.errors.length) throw new Error(doc.errors[0].message.split('\n')[0]);
  const data = doc.toJS();
  return data === null || data === undefined ? {} : data;
}

function errors(kind, data) {
  const validate = validator(kind);
  if (validate(data)) return '';
  return validate.errors.map((e) => `${e.instancePath || '/'} ${e.message}`).join('; ');
}

// The data with the first key of its mapping misspelt, two letters swapped ("title" gives
// "titel"), or null when it has no key to misspell.
function misspelt(data) {
  const map = Array.isArray(data) ? data[0] : data;
  if (!map || typeof map !== 'object' || Array.isArray(map) || !Object.keys(map).length) {
    return null;
  }
  const key = Object.keys(map)[0];
  const wrong = key.length > 1 ? key.slice(0, -2) + key.slice(-1) + key.slice(-2, -1) : `${key}x`;
  const copy = Object.fromEntries(Object.entries(map).map(([k, v]) => [k === key ? wrong : k, v]));
  return Array.isArray(data) ? [copy, ...data.slice(1)] : copy;
}

const root = roots[0];
const files = ['site.yaml', ...walk(path.join(root, 'content'), 'content/'),
  ...walk(path.join(root, 'quizzes'), 'quizzes/')]
  .filter((rel) => fs.existsSync(path.join(root, rel)) && place(rel));
let bad = 0;
for (const rel of files) {
  const where = place(rel);
  // The byte order mark and CRLF line ends, which kenshu accepts, removed as kenshu does.
  const text = fs.readFileSync(path.join(root, rel), 'utf8').replace(/^\uFEFF/, '')
    .replace(/\r\n/g, '\n');
  const problems = [];
  let data = null;
  try {
    data = load(where.page ? frontMatter(text) : text);
  } catch (e) {
    problems.push(`not read: ${e.message}`);
  }
  if (data !== null) {
    const found = errors(where.kind, data);
    if (found) problems.push(`not valid against ${where.kind}.schema.json: ${found}`);
    const wrong = misspell && misspelt(data);
    if (wrong && !errors(where.kind, wrong)) {
      const key = Object.keys(Array.isArray(wrong) ? wrong[0] : wrong)[0];
      problems.push(`still valid with the key '${key}'`);
    }
  }
  if (modelines && !where.page) {
    const dir = path.posix.dirname(rel);
    const want = path.posix.relative(dir, `schemas/${where.kind}.schema.json`);
    const line = `# yaml-language-server: $schema=${want}`;
    if (text.split('\n')[0] !== line) problems.push(`its first line is not '${line}'`);
    else if (!fs.existsSync(path.join(root, dir, want))) problems.push(`${want} is not there`);
  }
  for (const p of problems) console.log(`${rel}: ${p}`);
  if (problems.length) bad++;
}
process.exit(bad ? 1 : 0);
