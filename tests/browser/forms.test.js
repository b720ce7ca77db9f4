'use strict';
// Documents and record forms in the example course, opened from file://: a form keeps what
// was typed across a reload, refuses to export while a required field is empty, exports CSV
// with a UTF-8 BOM and the columns of its definition, a 社員番号 01234 written so that Excel
// keeps its zero; a policy's 確認書 is stored with the document's version; and a policy
// prints on A4 with its header on every page. The English course of "kenshu new" exports its
// form with its English columns.
const test = require('node:test');
const assert = require('node:assert');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const { launch, newContext, sitesFromEnv, fileUrl } = require('./lib.js');

const site = sitesFromEnv().find((s) => fs.existsSync(path.join(s.root, 'form-session-record.html')));
// The downloaded CSVs and the printed PDF, removed when the tests end.
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'kenshu-forms-'));
process.on('exit', () => fs.rmSync(scratch, { recursive: true, force: true }));

test('documents and forms', { skip: !site && 'no site with form-session-record.html' }, async (t) => {
  const browser = await launch();
  const context = await newContext(browser);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const form = fileUrl(site.root, 'form-session-record.html');

  await t.test('a form keeps its values across a reload', async () => {
    await page.goto(form);
    await page.fill('#f-course', '情報セキュリティ基礎研修');
    await page.selectOption('#f-method', '集合研修');
    await page.fill('table[data-field="attendees"] tbody tr:nth-child(2) input[name="name"]', '山本 一郎');
    await page.reload();
    assert.strictEqual(await page.inputValue('#f-course'), '情報セキュリティ基礎研修');
    assert.strictEqual(await page.inputValue('#f-method'), '集合研修');
    assert.strictEqual(await page.inputValue('table[data-field="attendees"] tbody tr:nth-child(2) input[name="name"]'), '山本 一郎');
  });

  await t.test('export is refused while a required field is empty', async () => {
    await page.goto(form);
    await page.fill('#f-course', '');
    let downloaded = false;
    page.once('download', () => { downloaded = true; });
    await page.click('button[data-action="csv"]');
    await page.waitForTimeout(500);
    assert.strictEqual(downloaded, false, 'a CSV was downloaded although 研修名 is empty');
    assert.strictEqual(await page.getAttribute('#f-course', 'aria-invalid'), 'true');
    assert.ok((await page.textContent('#f-course-error')).length > 0, 'no error message shown');
    assert.strictEqual(await page.evaluate(() => document.activeElement.id), 'f-course');
  });

  await t.test('CSV export: UTF-8 BOM, CRLF, the columns of the definition', async () => {
    await page.goto(form);
    await page.fill('#f-course', '情報セキュリティ基礎研修');
    await page.fill('#f-held_on', '2026-04-10');
    await page.selectOption('#f-method', '集合研修');
    await page.fill('#f-summary', '5か条と報告の流れ, "演習" を実施');
    await page.fill('#f-instructor', '=高橋');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('button[data-action="csv"]')]);
    const file = path.join(scratch, 'export-1.csv');
    await download.saveAs(file);
    const bytes = fs.readFileSync(file);
    assert.deepStrictEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'no UTF-8 BOM');
    const text = bytes.subarray(3).toString('utf8');
    assert.ok(text.endsWith('\r\n') && !/[^\r]\n/.test(text), 'lines must end with CRLF');
    const def = JSON.parse(await page.getAttribute('form.record-form', 'data-form'));
    const table = def.fields.find((f) => f.type === 'table');
    const want = def.fields.filter((f) => f.type !== 'table' && f.type !== 'signature').map((f) => f.label)
      .concat(table.columns.filter((c) => c.type !== 'signature').map((c) => c.label));
    const lines = text.trimEnd().split('\r\n');
    assert.strictEqual(lines[0], want.join(','));
    assert.strictEqual(lines.length, 2, 'one attendee row was filled, so one data line');
    assert.ok(lines[1].includes('"5か条と報告の流れ, ""演習"" を実施"'), 'quoting: ' + lines[1]);
    assert.ok(lines[1].includes(",'=高橋,"), 'a formula-like cell is neutralised: ' + lines[1]);
    assert.ok(lines[1].endsWith('山本 一郎,'), 'the attendee row: ' + lines[1]);
  });

  await t.test('CSV export: a 社員番号 with a leading zero keeps it in Excel', async () => {
    await page.goto(fileUrl(site.root, 'form-sign-in-sheet.html'));
    const row = 'table[data-field="attendees"] tbody tr:nth-child(1)';
    await page.fill(`${row} input[name="employee_id"]`, '01234');
    await page.fill(`${row} input[name="name"]`, '山本 一郎');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('button[data-action="csv"]')]);
    const file = path.join(scratch, 'export-2.csv');
    await download.saveAs(file);
    const lines = fs.readFileSync(file, 'utf8').slice(1).trimEnd().split('\r\n');
    assert.strictEqual(lines[0], '研修名,実施日,社員番号,所属,氏名');
    assert.strictEqual(lines[1], ',,"=""01234""",,山本 一郎');
  });

  await t.test('a policy acknowledgement is stored with the document version', async () => {
    const doc = fileUrl(site.root, 'basic-policy.html');
    await page.goto(doc);
    const version = (await page.textContent('.doc-version')).trim();
    await page.fill('#ack-name', '山本 一郎');
    await page.fill('#ack-employee_id', '12ab');
    await page.selectOption('#ack-branch', { index: 1 });
    await page.click('.ack-form button[type="submit"]');
    assert.strictEqual(await page.getAttribute('#ack-employee_id', 'aria-invalid'), 'true', 'a bad 社員番号 was accepted');
    await page.fill('#ack-employee_id', '1234');
    await page.click('.ack-form button[type="submit"]');
    const records = await page.evaluate(() => window.kenshu.store.get('records', []));
    const ack = records.filter((r) => r.type === 'acknowledgement');
    assert.strictEqual(ack.length, 1);
    assert.strictEqual(ack[0].version, version);
    assert.strictEqual(ack[0].document, 'basic-policy');
    assert.strictEqual(ack[0].learner.employee_id, '1234');
    assert.ok((await page.textContent('.ack-form .form-status')).length > 0, 'no confirmation shown');
    await page.reload();
    assert.ok(await page.isVisible('.ack-history'), 'the stored acknowledgement is not listed after a reload');
  });

  await t.test('a policy prints on A4 with organisation, title and version on every page', async () => {
    const doc = fileUrl(site.root, 'handbook.html');
    await page.goto(doc);
    const title = (await page.textContent('h1')).trim();
    const version = (await page.textContent('.doc-version')).trim();
    const org = (await page.textContent('.doc-org')).trim();
    const pdf = path.join(scratch, 'doc.pdf');
    await page.emulateMedia({ media: 'print' });
    await page.pdf({ path: pdf, preferCSSPageSize: true });
    await page.emulateMedia({ media: 'screen' });
    const info = execFileSync('pdfinfo', [pdf]).toString();
    const size = info.match(/Page size:\s+([\d.]+) x ([\d.]+) pts/);
    assert.ok(size, info);
    assert.ok(Math.abs(Number(size[1]) - 595.3) < 2 && Math.abs(Number(size[2]) - 841.9) < 2, 'not A4: ' + size[0]);
    const pages = Number(info.match(/Pages:\s+(\d+)/)[1]);
    assert.ok(pages >= 2, 'the handbook should take more than one page');
    for (let i = 1; i <= pages; i++) {
      const text = execFileSync('pdftotext', ['-f', String(i), '-l', String(i), '-layout', pdf, '-']).toString();
      assert.ok(text.includes(org), `page ${i} has no organisation name in its header`);
      assert.ok(text.includes(title) && text.includes(version), `page ${i} has no title and version`);
      assert.ok(text.includes(`${i} / ${pages}`), `page ${i} has no page number`);
    }
  });

  assert.deepStrictEqual(errors, []);
  await browser.close();
});

const english = process.env.KENSHU_NEW_EN;
test('an English course\'s form', { skip: !english && 'KENSHU_NEW_EN is set by run.sh' }, async () => {
  const browser = await launch();
  const context = await newContext(browser);
  const page = await context.newPage();
  await page.goto(fileUrl(fs.realpathSync(english), 'form-session-record.html'));
  await page.fill('#f-course', 'Security basics');
  await page.fill('#f-held_on', '2026-04-10');
  await page.fill('#f-instructor', 'Jane Doe');
  await page.fill('table[data-field="attendees"] tbody tr:nth-child(1) input[name="name"]', 'John Smith');
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('button[data-action="csv"]')]);
  const file = path.join(scratch, 'export-3.csv');
  await download.saveAs(file);
  const text = fs.readFileSync(file, 'utf8');
  assert.ok(text.startsWith('\ufeff') && text.endsWith('\r\n'), 'a BOM and CRLF, as in Japanese');
  assert.deepStrictEqual(text.slice(1).trimEnd().split('\r\n'), ['Course,Date,Instructor,Name',
    'Security basics,2026-04-10,Jane Doe,John Smith']);
  await browser.close();
});
