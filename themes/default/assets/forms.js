/*
 * forms.js: the 確認書 (acknowledgement) at the end of a document and the record forms
 * (content/forms). A form keeps what is typed in the browser as it is typed, checks required
 * fields and patterns, and exports CSV (UTF-8 with BOM and CRLF, so Excel on Japanese Windows
 * opens it) and JSON. Every message comes from the page (data-msg-* attributes), so no
 * interface words live here.
 *
 * Acknowledgements are appended to the shared "records" list (window.kenshu.store) as
 *   {type: "acknowledgement", site, build, document, title, version, learner: {id: value},
 *    date, recorded}
 * next to the quiz records, for the records page to list and export.
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

	function download(name, type, text) {
		var blob = new Blob([text], { type: type });
		var a = document.createElement('a');
		a.href = URL.createObjectURL(blob);
		a.download = name;
		document.body.appendChild(a);
		a.click();
		setTimeout(function () {
			URL.revokeObjectURL(a.href);
			a.remove();
		}, 1000);
	}

	/* One CSV cell; a leading = + - @ is neutralised so Excel does not run it as a formula. */
	function cell(v) {
		var s = v === true ? '\u2713' : v === false || v === null || v === undefined ? '' : String(v);
		if (/^[=+\-@\t\r]/.test(s)) s = "'" + s;
		return /[",\r\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
	}

	function csv(rows) {
		return '\ufeff' + rows.map(function (r) { return r.map(cell).join(','); }).join('\r\n') + '\r\n';
	}

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
			var records = kenshu.store.get('records', []);
			records.push({
				type: 'acknowledgement',
				site: kenshu.site,
				build: kenshu.build,
				document: info.document,
				title: info.title,
				version: info.version,
				learner: values,
				date: form.elements.date.value,
				recorded: new Date().toISOString()
			});
			kenshu.store.set('records', records);
			kenshu.store.set('learner', values);
			form.querySelector('.form-status').textContent = form.getAttribute('data-msg-done');
			showHistory();
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
	each(document.querySelectorAll('form.record-form'), setupRecordForm);
})();
