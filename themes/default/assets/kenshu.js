/*
 * kenshu.js: what every page shares. window.kenshu.store keeps data in localStorage under
 * the site id (from <meta name="kenshu-site">), so records and progress survive a rebuild of
 * the site; when the browser blocks storage it falls back to memory for this page view.
 *
 * The pure core comes first and touches neither document nor window, so node:test loads this
 * file as a module (tests/scripts): kenshu.dates, kenshu.csv and the rules of kenshu.records.
 * The other page scripts build on it; the wiring to the page and the browser's storage
 * follows it.
 *
 * One date rule for everything a learner keeps or exports (kenshu.dates): times are the
 * learner's local time. A machine reads "YYYY-MM-DDThh:mm:ss+hh:mm" (local time with its UTC
 * offset, which "kenshu records merge" reads as it reads any ISO 8601 time); a person reads
 * "YYYY-MM-DD hh:mm"; a date alone is "YYYY-MM-DD", "YYYYMMDD" in a file name. Records kept
 * before this rule hold UTC times ("...Z"): every export writes them in local time too.
 *
 * window.kenshu.records is the one place the training records are kept and sent, and its
 * write() the only code that stores the list. The list lives under the store key "records"
 * (see quiz.js and forms.js for its two kinds); a record completed by the learner carries a
 * uid, its learner map, course, recorded (the time the learner saved it) and integrity
 * "self-reported" (a static page cannot prove who answered). With <meta name="kenshu-submit">
 * (site.yaml records.submit_url) set, each completed record is POSTed there as JSON;
 * "submissions" maps uid to "pending" or "sent", and pending ones are retried on every page
 * load and when the browser comes back online, so none is lost. The endpoint must accept a
 * cross-origin POST (pages opened from file:// have origin null).
 *
 * kenshu.csv(rows) and kenshu.download(name, type, text) are the export helpers the record
 * forms and the records page share.
 */
(function () {
	'use strict';
	var kenshu = typeof window !== 'undefined' ? (window.kenshu = window.kenshu || {}) : {};

	function two(n) { return (n < 10 ? '0' : '') + n; }
	function day(d) { return d.getFullYear() + '-' + two(d.getMonth() + 1) + '-' + two(d.getDate()); }
	function clock(d) { return two(d.getHours()) + ':' + two(d.getMinutes()); }
	/* The UTC offset of local time at d, as "+09:00". */
	function offset(d) {
		var m = -d.getTimezoneOffset(), sign = m < 0 ? '-' : '+';
		m = Math.abs(m);
		return sign + two(Math.floor(m / 60)) + ':' + two(m % 60);
	}
	var DAY = /^\d{4}-\d{2}-\d{2}$/;
	var STAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/;
	function parse(value) {
		var d = typeof value === 'string' && value ? new Date(value) : null;
		return d && !isNaN(d.getTime()) ? d : null;
	}
	kenshu.dates = {
		day: day,
		/* For a file name: "YYYYMMDD". */
		compact: function (d) { return day(d).replace(/-/g, ''); },
		/* For a machine: "YYYY-MM-DDThh:mm:ss+hh:mm". */
		stamp: function (d) {
			return day(d) + 'T' + clock(d) + ':' + two(d.getSeconds()) + offset(d);
		},
		/*
		 * A kept time or date as an export writes it: a date alone and a time already in the
		 * rule stay as they are (so exporting twice gives the same text, which merge relies on
		 * to drop duplicates); an older UTC time becomes local; anything else is left for
		 * merge to refuse at its line.
		 */
		exported: function (value) {
			var d;
			if (typeof value !== 'string' || DAY.test(value) || STAMP.test(value)) return value;
			d = parse(value);
			return d ? kenshu.dates.stamp(d) : value;
		},
		/* For a person: "YYYY-MM-DD hh:mm", a date alone as it is, '' for what is no date. */
		show: function (value) {
			var d;
			if (typeof value === 'string' && DAY.test(value)) return value;
			d = parse(value);
			return d ? day(d) + ' ' + clock(d) : '';
		}
	};

	/*
	 * One CSV cell. A leading = + - @ (or tab, CR) is neutralised with a ' so that Excel runs
	 * no formula. Numbers that Excel would change when it opens the file - digits with a
	 * leading zero (社員番号 01234 would show as 1234) or more than 11 of them (shown as
	 * 1.23457E+11, and rounded past 15), a decimal with a leading zero or a last 0 (a
	 * document's version 1.0 would show as 1, 1.10 as 1.1), a number with an exponent (1e5
	 * shown as 1.00E+05) - are written as the text formula ="01234", which Excel shows as
	 * typed: the one formula an export holds, made of a number alone ("kenshu records merge"
	 * reads it back as 01234, and Excel saves it again as 01234).
	 */
	function cell(v) {
		var s = v === true ? '\u2713' : v === false || v === null || v === undefined ? '' : String(v);
		if (/^(0[0-9]+(\.[0-9]+)?|[0-9]{12,}|[0-9]+\.[0-9]*0|[0-9]+(\.[0-9]+)?[eE][0-9]+)$/.test(s)) {
			return '"=""' + s + '"""';
		}
		if (/^[=+\-@\t\r]/.test(s)) s = "'" + s;
		return /[",\r\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
	}
	/* UTF-8 with BOM and CRLF, so Excel on Japanese Windows opens it correctly. */
	kenshu.csv = function (rows) {
		return '\ufeff' + rows.map(function (r) { return r.map(cell).join(','); }).join('\r\n') + '\r\n';
	};

	/* The rules of the records list; the list itself is kept by the wiring below. */
	kenshu.records = {
		completed: function (r) { return !!(r && r.learner && typeof r.learner === 'object'); },
		/* A new uid from the time (ms) and a random() in [0, 1). */
		uid: function (now, random) {
			return now.toString(36) + '-' + random().toString(36).slice(2, 10);
		},
		/* One attempt of a test: the same quiz, date and attempt number. */
		same: function (a, b) {
			return a.type === 'quiz' && b.type === 'quiz' && a.quiz === b.quiz && a.date === b.date &&
				a.attempt === b.attempt;
		},
		/* The newest attempt at quiz that no learner has completed yet, or null. */
		open: function (list, quiz) {
			for (var i = list.length - 1; i >= 0; i--) {
				var r = list[i];
				if (r && r.type === 'quiz' && r.quiz === quiz && !r.learner) return r;
			}
			return null;
		},
		/* r completed with the learner's details: {course, learner, recorded, uid}. */
		fill: function (r, details) {
			var out = {};
			Object.keys(r).forEach(function (k) { out[k] = r[k]; });
			out.course = details.course;
			out.learner = details.learner;
			out.recorded = details.recorded;
			out.integrity = 'self-reported';
			out.uid = r.uid || details.uid;
			return out;
		},
		/* The completed records still to be sent, given the uid -> state map. */
		pending: function (list, submissions) {
			return list.filter(function (r) { return r && r.uid && submissions[r.uid] === 'pending'; });
		}
	};

	if (typeof module !== 'undefined' && module.exports) module.exports = kenshu;
	if (typeof document === 'undefined') return;

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

	var rules = kenshu.records;
	var submitUrl = (document.querySelector('meta[name="kenshu-submit"]') || {}).content || '';
	var sending = {};

	function list() {
		var l = get('records', []);
		return Array.isArray(l) ? l : [];
	}
	/* The only writer of the records list. */
	function write(l) {
		return set('records', l);
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
	/* Send r (completed by the learner) when a submit URL is set. */
	function submit(r) {
		if (!submitUrl || !r.uid) return;
		if (submissions()[r.uid] !== 'sent') {
			mark(r.uid, 'pending');
			post(r);
		}
	}
	function flush() {
		if (submitUrl) rules.pending(list(), submissions()).forEach(post);
	}
	function newUid() {
		return rules.uid(Date.now(), Math.random);
	}

	kenshu.store = { get: get, set: set, persistent: function () { return !!storage; } };
	kenshu.site = meta ? meta.content : '';
	/*
	 * The content version, a hash of every source, is in course.js (loaded first), not in each
	 * page: a page's bytes then change only with what it shows, and a rebuild rewrites only
	 * the pages an edit touched. The footer shows it where the theme asks.
	 */
	kenshu.build = (window.kenshuCourse || {}).build || '';
	Array.prototype.forEach.call(document.querySelectorAll('[data-course-build]'), function (el) {
		el.textContent = kenshu.build;
	});
	kenshu.download = download;
	kenshu.records.list = list;
	/*
	 * Append r. A record that already names its learner (an acknowledgement) is complete: it
	 * gets a uid and is sent; a test attempt waits for complete(). Returns the record kept.
	 */
	kenshu.records.add = function (r) {
		var l = list();
		if (rules.completed(r) && !r.uid) r.uid = newUid();
		l.push(r);
		write(l);
		if (rules.completed(r)) submit(r);
		return r;
	};
	/*
	 * Complete the attempt target (see same()) with details {course, learner} and send it.
	 * Returns the completed record, or null when the attempt is no longer kept.
	 */
	kenshu.records.complete = function (target, details) {
		var l = list(), saved = null;
		for (var i = 0; i < l.length; i++) {
			if (l[i] && rules.same(l[i], target)) {
				l[i] = saved = rules.fill(l[i], { course: details.course, learner: details.learner,
					recorded: kenshu.dates.stamp(new Date()), uid: newUid() });
			}
		}
		if (!saved) return null;
		write(l);
		submit(saved);
		return saved;
	};
	/* '' (not sent anywhere), 'pending' or 'sent'. */
	kenshu.records.status = function (r) { return submitUrl && r.uid ? submissions()[r.uid] || '' : ''; };
	kenshu.records.submitting = function () { return !!submitUrl; };
	kenshu.records.flush = flush;

	flush();
	window.addEventListener('online', flush);
})();
