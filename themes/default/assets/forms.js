/*
 * forms.js: the 確認書 (acknowledgement) at the end of a document and the record forms
 * (content/forms). A form keeps what is typed in the browser as it is typed, checks required
 * fields and patterns, and exports CSV (UTF-8 with BOM and CRLF, so Excel on Japanese Windows
 * opens it) and JSON. Every message comes from the page (data-msg-* attributes), so no
 * interface words live here.
 *
 * Acknowledgements are appended to the shared "records" list (window.kenshu.records) as
 *   {type: "acknowledgement", site, build, course, document, title, version,
 *    learner: {id: value}, date, recorded, integrity: "self-reported", uid}
 * next to the quiz records, for the records page to list and export; date is the day the
 * learner gave (YYYY-MM-DD), recorded the time they saved it in kenshu.dates's rule.
 *
 * The 受講記録 form after a test (quiz.html, form.learner-record) completes the quiz record
 * that quiz.js has just appended (announced by its 'kenshu:quiz-result' event) with the same
 * learner fields, so a test record the learner saved reads
 *   {type: "quiz", site, build, quiz, kind, title, score, max, pass, result, band, attempt,
 *    date, course, learner: {id: value}, recorded, integrity: "self-reported", uid}
 * and is then sent like every completed record (kenshu.js), which alone writes the list. The
 * learner's details are kept under "learner" and filled in next time.
 *
 * The pure core, window.kenshu.forms (also module.exports, for node:test): a field's value
 * checked against required and pattern, the acknowledgement record, the lines of an
 * acknowledgement's history, the 受講記録's filled-in facts and a record form's exports.
 * Times follow kenshu.dates (kenshu.js): the learner's local time.
 */
(function () {
	'use strict';
	var kenshu = typeof window !== 'undefined' ? (window.kenshu = window.kenshu || {}) : require('./kenshu.js');

	/* What is wrong with a trimmed value: 'required', 'pattern' or '' (a bad pattern checks nothing). */
	function problem(value, required, pattern) {
		var re;
		if (required && !value) return 'required';
		if (!value || !pattern) return '';
		try {
			re = new RegExp('^(?:' + pattern + ')$');
		} catch (e) {
			return '';
		}
		return re.test(value) ? '' : 'pattern';
	}

	/*
	 * The acknowledgement of the document info ({document, title, version}): by has the
	 * learner map, the day they gave (YYYY-MM-DD), the course, site and build.
	 */
	function ackRecord(info, by, now) {
		return {
			type: 'acknowledgement',
			site: by.site,
			build: by.build,
			course: by.course,
			document: info.document,
			title: info.title,
			version: info.version,
			learner: by.learner,
			date: by.date,
			recorded: kenshu.dates.stamp(now),
			integrity: 'self-reported'
		};
	}

	/* The history under a document's 確認書: "date learner (version)" for each of its records. */
	function ackHistory(list, info) {
		return list.filter(function (r) {
			return r && r.type === 'acknowledgement' && r.document === info.document;
		}).map(function (r) {
			var who = info.fields.length && r.learner ? r.learner[info.fields[0].id] : '';
			return kenshu.dates.show(r.date) + ' ' + who + ' (' + r.version + ')';
		});
	}

	/* The facts the 受講記録 shows of the attempt r; words: {passed, failed} of the page. */
	function facts(r, course, words) {
		return {
			course: course, title: r.title, score: r.score, pass: r.pass,
			result: r.result === 'pass' ? words.passed : words.failed,
			attempt: r.attempt, date: kenshu.dates.show(r.date), site: r.site, build: r.build
		};
	}

	/* A row of a record form's table with something in it. */
	function filled(columns, r) {
		return columns.some(function (c) { return r[c.id] !== '' && r[c.id] !== false; });
	}

	/*
	 * A record form's CSV rows: the labels, then each filled table row after the form's own
	 * fields (scalars), or the fields alone when no row is filled. state: {fields, rows}.
	 */
	function formCsvRows(scalars, columns, state) {
		var base = scalars.map(function (f) { return state.fields[f.id]; });
		var rows = state.rows.filter(function (r) { return filled(columns, r); });
		var lines = [scalars.map(function (f) { return f.label; }).concat(columns.map(function (c) { return c.label; }))];
		if (!rows.length) lines.push(base);
		rows.forEach(function (r) {
			lines.push(base.concat(columns.map(function (c) { return r[c.id]; })));
		});
		return lines;
	}

	/* A record form's JSON export; where: {site, build}. */
	function formJson(def, columns, state, where, now) {
		return {
			form: def.id,
			title: def.title,
			site: where.site,
			build: where.build,
			exported: kenshu.dates.stamp(now),
			fields: state.fields,
			rows: state.rows.filter(function (r) { return filled(columns, r); })
		};
	}

	function fileName(id, now, ext) {
		return id + '-' + kenshu.dates.compact(now) + '.' + ext;
	}

	kenshu.forms = { problem: problem, ackRecord: ackRecord, ackHistory: ackHistory, facts: facts,
		filled: filled, formCsvRows: formCsvRows, formJson: formJson, fileName: fileName };
	if (typeof module !== 'undefined' && module.exports) module.exports = kenshu.forms;
	if (typeof document === 'undefined' || !kenshu.store) return;

	function each(list, fn) {
		Array.prototype.forEach.call(list, fn);
	}

	/* Show or clear the error of one control; returns true when the value is acceptable. */
	function check(form, control, errorEl) {
		var value = control.type === 'checkbox' ? (control.checked ? '1' : '') : control.value.trim();
		var why = problem(value, control.required, control.getAttribute('pattern'));
		if (!why && value && control.type === 'number' && control.validity && !control.validity.valid) why = 'pattern';
		var message = why ? form.getAttribute('data-msg-' + why) : '';
		if (message) control.setAttribute('aria-invalid', 'true');
		else control.removeAttribute('aria-invalid');
		if (errorEl) {
			errorEl.textContent = message;
			errorEl.hidden = !message;
		}
		return !message;
	}

	function checkAll(form, controls) {
		var first = null;
		each(controls, function (c) {
			var err = document.getElementById(c.id + '-error');
			if (!check(form, c, err) && !first) first = c;
		});
		var status = form.querySelector('.form-status');
		if (first) {
			if (status) status.textContent = form.getAttribute('data-msg-fix');
			first.focus();
			return false;
		}
		return true;
	}

	/* ---- acknowledgement ---- */
	function setupAck(form) {
		var info = JSON.parse(form.getAttribute('data-ack'));
		var controls = form.querySelectorAll('input, select');
		var learner = kenshu.store.get('learner', {});
		var history = form.parentNode.querySelector('.ack-history');
		each(controls, function (c) {
			if (c.name === 'date') c.value = kenshu.dates.day(new Date());
			else if (learner[c.name]) c.value = learner[c.name];
		});
		function showHistory() {
			var lines = ackHistory(kenshu.records.list(), info);
			if (!history || !lines.length) return;
			var ul = history.querySelector('ul');
			ul.textContent = '';
			lines.forEach(function (text) {
				var li = document.createElement('li');
				li.textContent = text;
				ul.appendChild(li);
			});
			history.hidden = false;
		}
		showHistory();
		form.addEventListener('submit', function (e) {
			e.preventDefault();
			if (!checkAll(form, controls)) return;
			var values = {};
			info.fields.forEach(function (f) {
				values[f.id] = form.elements[f.id].value.trim();
			});
			kenshu.records.add(ackRecord(info, { learner: values, date: form.elements.date.value,
				course: form.getAttribute('data-course') || '', site: kenshu.site, build: kenshu.build }, new Date()));
			kenshu.store.set('learner', values);
			form.querySelector('.form-status').textContent = form.getAttribute('data-msg-done');
			showHistory();
		});
	}

	/* ---- the 受講記録 after a test ---- */
	function setupLearnerRecord(form) {
		var controls = form.querySelectorAll('input, select');
		var target = null; /* the quiz record this form completes */
		function fill() {
			var learner = kenshu.store.get('learner', {});
			each(controls, function (c) {
				if (learner[c.name] && !c.value) c.value = learner[c.name];
			});
		}
		document.addEventListener('kenshu:quiz-result', function (e) {
			if (!e.detail || e.detail.kind !== 'test') return;
			target = kenshu.records.open(kenshu.records.list(), e.detail.quiz);
			if (!target) return;
			var auto = facts(target, form.getAttribute('data-course'),
				{ passed: form.getAttribute('data-passed'), failed: form.getAttribute('data-failed') });
			each(form.querySelectorAll('[data-auto]'), function (dd) {
				dd.textContent = String(auto[dd.getAttribute('data-auto')]);
			});
			form.querySelector('.form-status').textContent = '';
			form.querySelector('button[type="submit"]').disabled = false;
			fill();
			form.hidden = false;
		});
		form.addEventListener('submit', function (e) {
			e.preventDefault();
			if (!target || !checkAll(form, controls)) return;
			var values = {};
			each(controls, function (c) { values[c.name] = c.value.trim(); });
			if (!kenshu.records.complete(target, { course: form.getAttribute('data-course') || '', learner: values })) return;
			kenshu.store.set('learner', values);
			form.querySelector('button[type="submit"]').disabled = true;
			form.querySelector('.form-status').textContent = form.getAttribute('data-msg-done');
		});
	}

	/* ---- record forms ---- */
	function setupRecordForm(form) {
		var def = JSON.parse(form.getAttribute('data-form'));
		var key = 'form:' + def.id;
		var table = null;
		def.fields.forEach(function (f) {
			if (f.type === 'table') table = f;
		});
		var tbody = table ? form.querySelector('table[data-field="' + table.id + '"] tbody') : null;
		var scalars = def.fields.filter(function (f) {
			return f.type !== 'table' && f.type !== 'signature';
		});
		var columns = table ? table.columns.filter(function (c) { return c.type !== 'signature'; }) : [];

		function addRow() {
			var last = tbody.rows[tbody.rows.length - 1];
			var row = last.cloneNode(true);
			row.cells[0].textContent = String(tbody.rows.length + 1);
			each(row.querySelectorAll('input, select, textarea'), function (c) {
				if (c.type === 'checkbox') c.checked = false;
				else c.value = '';
				c.removeAttribute('aria-invalid');
				c.setAttribute('aria-label', c.getAttribute('aria-label').replace(/\d+$/, tbody.rows.length + 1));
			});
			tbody.appendChild(row);
			return row;
		}

		function read() {
			var state = { fields: {}, rows: [] };
			scalars.forEach(function (f) {
				var c = form.elements[f.id];
				state.fields[f.id] = c.type === 'checkbox' ? c.checked : c.value;
			});
			if (tbody) {
				each(tbody.rows, function (tr) {
					var r = {};
					columns.forEach(function (col) {
						var c = tr.querySelector('[name="' + col.id + '"]');
						r[col.id] = c.type === 'checkbox' ? c.checked : c.value;
					});
					state.rows.push(r);
				});
			}
			return state;
		}

		function write(state) {
			scalars.forEach(function (f) {
				var c = form.elements[f.id];
				var v = state.fields[f.id];
				if (v === undefined) return;
				if (c.type === 'checkbox') c.checked = !!v;
				else c.value = v;
			});
			if (tbody && state.rows) {
				while (tbody.rows.length < state.rows.length) addRow();
				state.rows.forEach(function (r, i) {
					columns.forEach(function (col) {
						var c = tbody.rows[i].querySelector('[name="' + col.id + '"]');
						if (r[col.id] === undefined) return;
						if (c.type === 'checkbox') c.checked = !!r[col.id];
						else c.value = r[col.id];
					});
				});
			}
		}

		function validate() {
			var ok = checkAll(form, form.querySelectorAll('.field input, .field select, .field textarea'));
			if (!tbody) return ok;
			var first = null;
			each(tbody.rows, function (tr) {
				var r = {};
				var controls = tr.querySelectorAll('input, select, textarea');
				each(controls, function (c) { r[c.name] = c.type === 'checkbox' ? c.checked : c.value; });
				if (!filled(columns, r)) return;
				columns.forEach(function (col) {
					var c = tr.querySelector('[name="' + col.id + '"]');
					c.required = !!col.required;
					if (!check(form, c, null) && !first) first = c;
				});
			});
			if (first && ok) {
				form.querySelector('.form-status').textContent = form.getAttribute('data-msg-fix');
				first.focus();
			}
			return ok && !first;
		}

		write(kenshu.store.get(key, { fields: {}, rows: [] }));
		form.addEventListener('input', function () { kenshu.store.set(key, read()); });
		form.addEventListener('change', function () { kenshu.store.set(key, read()); });
		form.addEventListener('submit', function (e) { e.preventDefault(); });
		form.addEventListener('click', function (e) {
			var action = e.target.getAttribute && e.target.getAttribute('data-action');
			if (!action) return;
			var state = read();
			if (action === 'add-row') {
				var row = addRow();
				row.querySelector('input, select, textarea').focus();
				kenshu.store.set(key, read());
			} else if (action === 'print') {
				window.print();
			} else if (action === 'clear') {
				if (!window.confirm(form.getAttribute('data-msg-clear'))) return;
				kenshu.store.set(key, { fields: {}, rows: [] });
				form.reset();
				form.querySelector('.form-status').textContent = '';
			} else if (action === 'csv' && validate()) {
				kenshu.download(fileName(def.id, new Date(), 'csv'), 'text/csv;charset=utf-8',
					kenshu.csv(formCsvRows(scalars, columns, state)));
			} else if (action === 'json' && validate()) {
				kenshu.download(fileName(def.id, new Date(), 'json'), 'application/json',
					JSON.stringify(formJson(def, columns, state, { site: kenshu.site, build: kenshu.build }, new Date()), null, 2));
			}
		});
	}

	each(document.querySelectorAll('form.ack-form'), setupAck);
	each(document.querySelectorAll('form.learner-record'), setupLearnerRecord);
	each(document.querySelectorAll('form.record-form'), setupRecordForm);
})();
