/*
 * kenshu.js: what every page shares. window.kenshu.store keeps data in localStorage under
 * the site id (from <meta name="kenshu-site">), so records and progress survive a rebuild of
 * the site; when the browser blocks storage it falls back to memory for this page view.
 *
 * window.kenshu.records is the one place the training records are kept and sent. The list
 * lives under the store key "records" (see quiz.js and forms.js for its two kinds); a record
 * completed by the learner carries a uid, its learner map, course, recorded (ISO time the
 * learner saved it) and integrity "self-reported" (a static page cannot prove who answered).
 * With <meta name="kenshu-submit"> (site.yaml records.submit_url) set, each completed record
 * is POSTed there as JSON; "submissions" maps uid to "pending" or "sent", and pending ones
 * are retried on every page load and when the browser comes back online, so none is lost.
 * The endpoint must accept a cross-origin POST (pages opened from file:// have origin null).
 *
 * kenshu.csv(rows) and kenshu.download(name, type, text) are the export helpers the record
 * forms and the records page share.
 */
(function () {
	'use strict';
	var meta = document.querySelector('meta[name="kenshu-site"]');
	var prefix = 'kenshu:' + (meta ? meta.content : 'site') + ':';
	var memory = {};
	var storage = null;
	try {
		storage = window.localStorage;
		storage.setItem(prefix + 'probe', '1');
		storage.removeItem(prefix + 'probe');
	} catch (e) {
		storage = null;
	}
	function get(key, fallback) {
		var raw = null;
		try {
			raw = storage ? storage.getItem(prefix + key) : null;
		} catch (e) {
			raw = null;
		}
		if (raw === null && Object.prototype.hasOwnProperty.call(memory, key)) raw = memory[key];
		if (raw === null) return fallback;
		try {
			return JSON.parse(raw);
		} catch (e) {
			return fallback;
		}
	}
	function set(key, value) {
		var raw = JSON.stringify(value);
		memory[key] = raw;
		try {
			if (storage) storage.setItem(prefix + key, raw);
			return !!storage;
		} catch (e) {
			return false;
		}
	}
	/* One CSV cell; a leading = + - @ is neutralised so Excel does not run it as a formula. */
	function cell(v) {
		var s = v === true ? '\u2713' : v === false || v === null || v === undefined ? '' : String(v);
		if (/^[=+\-@\t\r]/.test(s)) s = "'" + s;
		return /[",\r\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
	}
	/* UTF-8 with BOM and CRLF, so Excel on Japanese Windows opens it correctly. */
	function csv(rows) {
		return '\ufeff' + rows.map(function (r) { return r.map(cell).join(','); }).join('\r\n') + '\r\n';
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

	var submitUrl = (document.querySelector('meta[name="kenshu-submit"]') || {}).content || '';
	var sending = {};

	function list() {
		var l = get('records', []);
		return Array.isArray(l) ? l : [];
	}
	function submissions() {
		var s = get('submissions', {});
		return s && typeof s === 'object' && !Array.isArray(s) ? s : {};
	}
	function mark(uid, state) {
		var s = submissions();
		s[uid] = state;
		set('submissions', s);
		try {
			document.dispatchEvent(new CustomEvent('kenshu:records', { detail: { uid: uid, state: state } }));
		} catch (e) { /* an old browser: the records page shows it on its next load */ }
	}
	function post(record) {
		var uid = record.uid;
		if (!submitUrl || sending[uid]) return;
		sending[uid] = true;
		var xhr = new XMLHttpRequest();
		function failed() { sending[uid] = false; }
		try {
			xhr.open('POST', submitUrl, true);
			xhr.timeout = 10000;
			xhr.setRequestHeader('Content-Type', 'application/json');
			xhr.onload = function () {
				sending[uid] = false;
				if (xhr.status >= 200 && xhr.status < 300) mark(uid, 'sent');
			};
			xhr.onerror = failed;
			xhr.ontimeout = failed;
			xhr.onabort = failed;
			xhr.send(JSON.stringify(record));
		} catch (e) {
			failed();
		}
	}
	/* Keep r (completed by the learner) and send it when a submit URL is set. */
	function submit(r) {
		if (!submitUrl || !r.uid) return;
		if (submissions()[r.uid] !== 'sent') {
			mark(r.uid, 'pending');
			post(r);
		}
	}
	function flush() {
		if (!submitUrl) return;
		var s = submissions();
		list().forEach(function (r) {
			if (r.uid && s[r.uid] === 'pending') post(r);
		});
	}
	function uid() {
		return Date.now().toString(36) + '-' + Math.random().toString(36).slice(2, 10);
	}

	window.kenshu = {
		store: { get: get, set: set, persistent: function () { return !!storage; } },
		site: meta ? meta.content : '',
		build: (document.querySelector('meta[name="kenshu-build"]') || {}).content || '',
		csv: csv,
		download: download,
		records: {
			list: list,
			save: function (l) { return set('records', l); },
			/* Append a completed record r (uid, learner, ...) and send it. */
			add: function (r) {
				var l = list();
				if (!r.uid) r.uid = uid();
				l.push(r);
				set('records', l);
				submit(r);
				return r;
			},
			submit: submit,
			uid: uid,
			/* '' (not sent anywhere), 'pending' or 'sent'. */
			status: function (r) { return submitUrl && r.uid ? submissions()[r.uid] || '' : ''; },
			submitting: function () { return !!submitUrl; },
			flush: flush
		}
	};
	flush();
	window.addEventListener('online', flush);
})();
