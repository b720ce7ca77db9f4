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
 * next to the quiz records, for the records page to list and export.
 *
 * The 受講記録 form after a test (quiz.html, form.learner-record) completes the quiz record
 * that quiz.js has just appended (announced by its 'kenshu:quiz-result' event) with the same
 * learner fields, so a test record the learner saved reads
 *   {type: "quiz", site, build, quiz, kind, title, score, max, pass, result, band, attempt,
 *    date, course, learner: {id: value}, recorded, integrity: "self-reported", uid}
 * and is then sent like every completed record (kenshu.js). The learner's details are kept
 * under "learner" and filled in next time.
 */
(function () {
	'use strict';
	var kenshu = window.kenshu;
	if (!kenshu) return;

	function each(list, fn) {
		Array.prototype.forEach.call(list, fn);
	}

	function today() {
		var d = new Date();
		function two(n) { return (n < 10 ? '0' : '') + n; }
		return d.getFullYear() + '-' + two(d.getMonth() + 1) + '-' + two(d.getDate());
	}

	/* Show or clear the error of one control; returns true when the value is acceptable. */
	function check(form, control, errorEl) {
		var value = control.type === 'checkbox' ? (control.checked ? '1' : '') : control.value.trim();
		var message = '';
		if (control.required && !value) {
			message = form.getAttribute('data-msg-required');
		} else if (value && control.getAttribute('pattern')) {
			var re;
			try {
				re = new RegExp('^(?:' + control.getAttribute('pattern') + ')$');
			} catch (e) {
				re = null;
			}
			if (re && !re.test(value)) message = form.getAttribute('data-msg-pattern');
		} else if (value && control.type === 'number' && control.validity && !control.validity.valid) {
			message = form.getAttribute('data-msg-pattern');
		}
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

	var download = kenshu.download, csv = kenshu.csv;

	/* ---- acknowledgement ---- */
	function setupAck(form) {
		var info = JSON.parse(form.getAttribute('data-ack'));
		var controls = form.querySelectorAll('input, select');
		var learner = kenshu.store.get('learner', {});
		var history = form.parentNode.querySelector('.ack-history');
		each(controls, function (c) {
			if (c.name === 'date') c.value = today();
			else if (learner[c.name]) c.value = learner[c.name];
		});
		function showHistory() {
			var mine = kenshu.store.get('records', []).filter(function (r) {
				return r.type === 'acknowledgement' && r.document === info.document;
			});
			if (!history || !mine.length) return;
			var ul = history.querySelector('ul');
			ul.textContent = '';
			mine.forEach(function (r) {
				var li = document.createElement('li');
				var who = info.fields.length ? r.learner[info.fields[0].id] : '';
				li.textContent = r.date + ' ' + who + ' (' + r.version + ')';
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
			kenshu.records.add({
				type: 'acknowledgement',
				site: kenshu.site,
				build: kenshu.build,
				course: form.getAttribute('data-course') || '',
				document: info.document,
				title: info.title,
				version: info.version,
				learner: values,
				date: form.elements.date.value,
				recorded: new Date().toISOString(),
				integrity: 'self-reported'
			});
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
			var list = kenshu.records.list();
			target = null;
			for (var i = list.length - 1; i >= 0 && !target; i--) {
				if (list[i].type === 'quiz' && list[i].quiz === e.detail.quiz && !list[i].learner) target = list[i];
			}
			if (!target) return;
			var auto = {
				course: form.getAttribute('data-course'),
				title: target.title,
				score: target.score,
				pass: target.pass,
				result: form.getAttribute(target.result === 'pass' ? 'data-passed' : 'data-failed'),
				attempt: target.attempt,
				date: new Date(target.date).toLocaleString(document.documentElement.lang || undefined),
				site: target.site,
				build: target.build
			};
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
			var list = kenshu.records.list(), saved = null;
			list.forEach(function (r) {
				if (r.type === 'quiz' && r.quiz === target.quiz && r.date === target.date && r.attempt === target.attempt) {
					r.course = form.getAttribute('data-course') || '';
					r.learner = values;
					r.recorded = new Date().toISOString();
					r.integrity = 'self-reported';
					r.uid = r.uid || kenshu.records.uid();
					saved = r;
				}
			});
			if (!saved) return;
			kenshu.records.save(list);
			kenshu.store.set('learner', values);
			kenshu.records.submit(saved);
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

		function filled(r) {
			return columns.some(function (c) { return r[c.id] !== '' && r[c.id] !== false; });
		}

		function validate() {
			var ok = checkAll(form, form.querySelectorAll('.field input, .field select, .field textarea'));
			if (!tbody) return ok;
			var first = null;
			each(tbody.rows, function (tr) {
				var r = {};
				var controls = tr.querySelectorAll('input, select, textarea');
				each(controls, function (c) { r[c.name] = c.type === 'checkbox' ? c.checked : c.value; });
				if (!filled(r)) return;
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

		function stamp() {
			return new Date().toISOString().slice(0, 10).replace(/-/g, '');
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
				var head = scalars.map(function (f) { return f.label; })
					.concat(columns.map(function (c) { return c.label; }));
				var base = scalars.map(function (f) { return state.fields[f.id]; });
				var lines = [head];
				var rows = state.rows.filter(filled);
				if (!rows.length) lines.push(base);
				rows.forEach(function (r) {
					lines.push(base.concat(columns.map(function (c) { return r[c.id]; })));
				});
				download(def.id + '-' + stamp() + '.csv', 'text/csv;charset=utf-8', csv(lines));
			} else if (action === 'json' && validate()) {
				download(def.id + '-' + stamp() + '.json', 'application/json', JSON.stringify({
					form: def.id,
					title: def.title,
					site: kenshu.site,
					build: kenshu.build,
					exported: new Date().toISOString(),
					fields: state.fields,
					rows: state.rows.filter(filled)
				}, null, 2));
			}
		});
	}

	each(document.querySelectorAll('form.ack-form'), setupAck);
	each(document.querySelectorAll('form.learner-record'), setupLearnerRecord);
	each(document.querySelectorAll('form.record-form'), setupRecordForm);
})();
