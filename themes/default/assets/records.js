/*
 * records.js: the "My records" page (records.html). It lists every test record and
 * acknowledgement kept in this browser (window.kenshu.records; the shape is documented in
 * kenshu.js and forms.js) with whether each was sent to the intranet, and exports the ones
 * the learner completed as CSV (UTF-8 with BOM, CRLF, Excel-safe cells) or JSON, or prints
 * them as an A4 受講記録 with signature and seal boxes. Every word comes from the page's data
 * attributes.
 *
 * The CSV columns are the contract with "kenshu records merge" (generator/roster.h): type,
 * site, course, item, title, version, attempt, score, max, pass, result, date, recorded,
 * build, integrity, then learner.<field id> for each learner field.
 */
(function () {
	'use strict';
	var kenshu = window.kenshu;
	var root = document.getElementById('records');
	if (!kenshu || !kenshu.records || !root) return;
	var fields = JSON.parse(root.getAttribute('data-fields') || '[]');
	var tbody = root.querySelector('.records-table tbody');
	var COLUMNS = ['type', 'site', 'course', 'item', 'title', 'version', 'attempt', 'score', 'max',
		'pass', 'result', 'date', 'recorded', 'build', 'integrity'];

	function say(name) { return root.getAttribute('data-' + name) || ''; }
	function two(n) { return (n < 10 ? '0' : '') + n; }
	function day(d) { return d.getFullYear() + '-' + two(d.getMonth() + 1) + '-' + two(d.getDate()); }
	function when(iso) {
		var d = new Date(iso);
		if (/^\d{4}-\d{2}-\d{2}$/.test(iso) || isNaN(d.getTime())) return iso || '';
		return day(d) + ' ' + two(d.getHours()) + ':' + two(d.getMinutes());
	}

	/* Test records and acknowledgements, oldest first. */
	function shown() {
		return kenshu.records.list().filter(function (r) {
			return r && (r.type === 'acknowledgement' || (r.type === 'quiz' && r.kind === 'test'));
		});
	}
	function complete(r) { return !!(r.learner && typeof r.learner === 'object'); }

	function learnerText(r) {
		if (!complete(r)) return say('incomplete');
		var parts = fields.map(function (f) { return r.learner[f.id]; }).filter(Boolean);
		return parts.length ? parts.join(' ') : Object.keys(r.learner).map(function (k) { return r.learner[k]; }).join(' ');
	}

	function statusText(r) {
		var s = kenshu.records.status(r);
		if (s === 'sent') return say('sent');
		if (s === 'pending') return say('pending');
		return complete(r) ? say('local') : '';
	}

	function render() {
		var list = shown();
		tbody.textContent = '';
		root.querySelector('.records-none').hidden = list.length > 0;
		list.forEach(function (r) {
			var tr = document.createElement('tr');
			var quiz = r.type === 'quiz';
			var cells = [
				quiz ? say('kind-test') : say('kind-ack'),
				r.title + (quiz ? '' : ' (' + r.version + ')'),
				learnerText(r),
				quiz ? String(r.score) : '',
				quiz ? (r.result === 'pass' ? say('passed') : say('failed')) : say('acknowledged'),
				when(quiz ? r.date : r.date || r.recorded),
				statusText(r)
			];
			cells.forEach(function (text, i) {
				var td = document.createElement('td');
				td.textContent = text;
				if (i === 6) td.className = 'records-state is-' + (kenshu.records.status(r) || 'local');
				tr.appendChild(td);
			});
			if (!complete(r)) tr.className = 'is-incomplete';
			tbody.appendChild(tr);
		});
	}

	/* Learner field ids: the site's, then any others found in the records. */
	function learnerKeys(list) {
		var keys = fields.map(function (f) { return f.id; });
		list.forEach(function (r) {
			Object.keys(r.learner).forEach(function (k) { if (keys.indexOf(k) < 0) keys.push(k); });
		});
		return keys;
	}

	function row(r, keys) {
		var quiz = r.type === 'quiz';
		var v = {
			type: r.type, site: r.site, course: r.course, item: quiz ? r.quiz : r.document, title: r.title,
			version: quiz ? '' : r.version, attempt: quiz ? r.attempt : '', score: quiz ? r.score : '',
			max: quiz ? r.max : '', pass: quiz ? r.pass : '', result: quiz ? r.result : 'acknowledged',
			date: r.date, recorded: r.recorded, build: r.build, integrity: r.integrity
		};
		return COLUMNS.map(function (c) { return v[c] === null || v[c] === undefined ? '' : v[c]; })
			.concat(keys.map(function (k) { return r.learner[k] === undefined ? '' : r.learner[k]; }));
	}

	function stamp() { return day(new Date()).replace(/-/g, ''); }

	root.addEventListener('click', function (e) {
		var action = e.target.getAttribute && e.target.getAttribute('data-action');
		if (!action) return;
		var list = shown().filter(complete);
		if (action === 'print') {
			window.print();
		} else if (action === 'csv') {
			var keys = learnerKeys(list);
			var lines = [COLUMNS.concat(keys.map(function (k) { return 'learner.' + k; }))];
			list.forEach(function (r) { lines.push(row(r, keys)); });
			kenshu.download('records-' + kenshu.site + '-' + stamp() + '.csv', 'text/csv;charset=utf-8', kenshu.csv(lines));
		} else if (action === 'json') {
			kenshu.download('records-' + kenshu.site + '-' + stamp() + '.json', 'application/json', JSON.stringify({
				site: kenshu.site,
				course: root.getAttribute('data-site-title'),
				exported: new Date().toISOString(),
				records: list
			}, null, 2));
		}
	});

	root.querySelector('.records-today').textContent = day(new Date());
	document.addEventListener('kenshu:records', render);
	render();
})();
