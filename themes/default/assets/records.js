/*
 * records.js: the "My records" page (records.html). It lists every test record and
 * acknowledgement kept in this browser (window.kenshu.records; the shape is documented in
 * kenshu.js and forms.js) with whether each was sent to the intranet, and exports the ones
 * the learner completed as CSV (UTF-8 with BOM, CRLF, Excel-safe cells) or JSON, or prints
 * them as an A4 受講記録 with signature and seal boxes. Every word comes from the page's data
 * attributes.
 *
 * The CSV is the contract with "kenshu records merge" (generator/export.h): the columns type,
 * site, course, item, title, version, attempt, score, max, pass, result, date, recorded,
 * build, integrity, then a column for each learner field, named and with the fixed values
 * (quiz, pass, acknowledged, self-reported, ...) in the words of the site's language, which
 * the page's data-export holds ({lang, columns, values, roles}, by machine name); a theme
 * without it exports the machine names themselves, as sites before did. A learner field is
 * headed by its role's word (氏名, 社員番号, 所属) when it is one of those and so labelled,
 * else by its label and id, "部署 (section)", else learner.<id>. The JSON export keeps the
 * records as they are kept, with the site's lang. Times in both exports and on the page
 * follow kenshu.dates (kenshu.js): local time, with its UTC offset in the files.
 *
 * The pure core, window.kenshu.recordsPage (also module.exports, for node:test), turns the
 * list into the table's cells and the export files; the wiring below reads the page.
 */
(function () {
	'use strict';
	var kenshu = typeof window !== 'undefined' ? (window.kenshu = window.kenshu || {}) : require('./kenshu.js');
	var COLUMNS = ['type', 'site', 'course', 'item', 'title', 'version', 'attempt', 'score', 'max',
		'pass', 'result', 'date', 'recorded', 'build', 'integrity'];

	function complete(r) { return kenshu.records.completed(r); }

	/* Test records and acknowledgements, oldest first. */
	function shown(list) {
		return list.filter(function (r) {
			return r && (r.type === 'acknowledgement' || (r.type === 'quiz' && r.kind === 'test'));
		});
	}

	/* The learner as the table names them: the site's fields in order, else whatever was kept. */
	function learnerText(r, fields) {
		var parts = fields.map(function (f) { return r.learner[f.id]; }).filter(Boolean);
		return parts.length ? parts.join(' ') : Object.keys(r.learner).map(function (k) { return r.learner[k]; }).join(' ');
	}

	/*
	 * The table's cells for r: kind, title, learner, score, result, date, sending state.
	 * say(name) gives the page's word for name; state is kenshu.records.status(r).
	 */
	function cells(r, fields, say, state) {
		var quiz = r.type === 'quiz';
		return [
			quiz ? say('kind-test') : say('kind-ack'),
			r.title + (quiz ? '' : ' (' + r.version + ')'),
			complete(r) ? learnerText(r, fields) : say('incomplete'),
			quiz ? String(r.score) : '',
			quiz ? (r.result === 'pass' ? say('passed') : say('failed')) : say('acknowledged'),
			kenshu.dates.show(quiz ? r.date : r.date || r.recorded),
			state === 'sent' ? say('sent') : state === 'pending' ? say('pending') : complete(r) ? say('local') : ''
		];
	}

	/* Learner field ids: the site's, then any others found in the records. */
	function learnerKeys(fields, list) {
		var keys = fields.map(function (f) { return f.id; });
		list.forEach(function (r) {
			Object.keys(r.learner).forEach(function (k) { if (keys.indexOf(k) < 0) keys.push(k); });
		});
		return keys;
	}

	function own(map, name) { return !!map && Object.prototype.hasOwnProperty.call(map, name); }

	/* The word of words (the page's data-export, or null) in group for name, else name itself. */
	function word(words, group, name) {
		return words && own(words[group], name) ? words[group][name] : name;
	}

	/* The header of learner field k, labelled label (undefined: not a field of this site). */
	function learnerHeader(k, label, words) {
		if (!words) return 'learner.' + k;
		if (own(words.roles, k) && (label === undefined || label === words.roles[k])) return words.roles[k];
		return label === undefined ? 'learner.' + k : label + ' (' + k + ')';
	}

	function row(r, keys, words) {
		var quiz = r.type === 'quiz';
		var v = {
			type: word(words, 'values', r.type), site: r.site, course: r.course, item: quiz ? r.quiz : r.document,
			title: r.title, version: quiz ? '' : r.version, attempt: quiz ? r.attempt : '', score: quiz ? r.score : '',
			max: quiz ? r.max : '', pass: quiz ? r.pass : '',
			result: word(words, 'values', quiz ? r.result : 'acknowledged'),
			date: kenshu.dates.exported(r.date), recorded: kenshu.dates.exported(r.recorded),
			build: r.build, integrity: word(words, 'values', r.integrity)
		};
		return COLUMNS.map(function (c) { return v[c] === null || v[c] === undefined ? '' : v[c]; })
			.concat(keys.map(function (k) { return r.learner[k] === undefined ? '' : r.learner[k]; }));
	}

	/*
	 * The records a learner completed, as the rows of the CSV export (header first), in words
	 * (the page's data-export; null for the machine names).
	 */
	function csvRows(list, fields, words) {
		var mine = shown(list).filter(complete), keys = learnerKeys(fields, mine), labels = {};
		fields.forEach(function (f) { labels[f.id] = f.label; });
		return [COLUMNS.map(function (c) { return word(words, 'columns', c); })
			.concat(keys.map(function (k) { return learnerHeader(k, own(labels, k) ? labels[k] : undefined, words); }))]
			.concat(mine.map(function (r) { return row(r, keys, words); }));
	}

	/* The JSON export: the completed records as kept, their times in the date rule; lang the site's. */
	function json(site, course, lang, list, now) {
		var records = shown(list).filter(complete).map(function (r) {
			var out = {};
			Object.keys(r).forEach(function (k) { out[k] = r[k]; });
			out.date = kenshu.dates.exported(r.date);
			out.recorded = kenshu.dates.exported(r.recorded);
			return out;
		});
		return { site: site, course: course, lang: lang, exported: kenshu.dates.stamp(now), records: records };
	}

	function fileName(site, now, ext) {
		return 'records-' + site + '-' + kenshu.dates.compact(now) + '.' + ext;
	}

	kenshu.recordsPage = { shown: shown, cells: cells, csvRows: csvRows, json: json, fileName: fileName };
	if (typeof module !== 'undefined' && module.exports) module.exports = kenshu.recordsPage;
	if (typeof document === 'undefined') return;

	var root = document.getElementById('records');
	if (!kenshu.records || !kenshu.records.list || !root) return;
	var fields = JSON.parse(root.getAttribute('data-fields') || '[]');
	var words = JSON.parse(root.getAttribute('data-export') || 'null');
	var tbody = root.querySelector('.records-table tbody');
	var scroller = root.querySelector('.records-scroll'), scrollNote = root.querySelector('.records-scroll-note');

	/* On a phone the last columns are out of sight: said in words while the table overflows. */
	function noteOverflow() {
		scrollNote.hidden = scroller.scrollWidth <= scroller.clientWidth;
	}

	function say(name) { return root.getAttribute('data-' + name) || ''; }

	function render() {
		var list = shown(kenshu.records.list());
		tbody.textContent = '';
		root.querySelector('.records-none').hidden = list.length > 0;
		list.forEach(function (r) {
			var tr = document.createElement('tr'), state = kenshu.records.status(r);
			cells(r, fields, say, state).forEach(function (text, i) {
				var td = document.createElement('td');
				td.textContent = text;
				if (i === 6) td.className = 'records-state is-' + (state || 'local');
				tr.appendChild(td);
			});
			if (!complete(r)) tr.className = 'is-incomplete';
			tbody.appendChild(tr);
		});
		noteOverflow();
	}

	root.addEventListener('click', function (e) {
		var action = e.target.getAttribute && e.target.getAttribute('data-action');
		var now = new Date();
		if (action === 'print') {
			window.print();
		} else if (action === 'csv') {
			kenshu.download(fileName(kenshu.site, now, 'csv'), 'text/csv;charset=utf-8',
				kenshu.csv(csvRows(kenshu.records.list(), fields, words)));
		} else if (action === 'json') {
			kenshu.download(fileName(kenshu.site, now, 'json'), 'application/json',
				JSON.stringify(json(kenshu.site, root.getAttribute('data-site-title'), words ? words.lang : undefined,
					kenshu.records.list(), now), null, 2));
		}
	});

	root.querySelector('.records-today').textContent = kenshu.dates.day(new Date());
	document.addEventListener('kenshu:records', render);
	window.addEventListener('resize', noteOverflow);
	render();
})();
