'use strict';
// The page scripts' pure cores, loaded as node modules (each asset exports its core when
// there is no document), and inZone, which runs a function with the local time zone set.
const path = require('node:path');

const dir = path.join(__dirname, '..', '..', 'themes', 'default', 'assets');
const load = (name) => require(path.join(dir, name));

function inZone(tz, fn) {
  const was = process.env.TZ;
  process.env.TZ = tz;
  try {
    return fn();
  } finally {
    if (was === undefined) delete process.env.TZ;
    else process.env.TZ = was;
  }
}

module.exports = {
  dir,
  inZone,
  kenshu: load('kenshu.js'),
  quiz: load('quiz.js'),
  records: load('records.js'),
  forms: load('forms.js'),
  progress: load('progress.js'),
  glossary: load('glossary.js'),
  scorm: load('scorm.js'),
};
