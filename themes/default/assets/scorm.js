/*
 * scorm.js: reports tests to an LMS when the site runs inside one as a SCORM 1.2 package
 * (kenshu build --scorm). It looks for the LMS's API object in the frames above this page
 * (window.parent, at most 10 levels) and then in the opener's; when there is none, as on the
 * plain site and in the offline ZIP, it does nothing at all.
 *
 * With an LMS: LMSInitialize, then the learner's earlier quiz results are taken back from
 * cmi.suspend_data into window.kenshu.store (so a relaunch on another computer shows them).
 * When quiz.js keeps a result (the 'kenshu:quiz-result' event), the test this SCO was
 * launched for ("?sco=<quiz id>" from the manifest, remembered for the pages the learner
 * opens from it) sets cmi.core.score.raw/min/max and cmi.core.lesson_status from the best
 * attempt (passed once stays passed), and cmi.core.session_time; every result goes into
 * cmi.suspend_data. Each change is committed at once. On pagehide the data is committed and
 * the session finished, except when the learner follows a link to another page of the
 * course, which carries on the same session.
 *
 * cmi.suspend_data (at most 4096 characters in SCORM 1.2) is compact JSON:
 *   {"v":1,"q":{<quiz id>: {"k": kind, "g": page, "a": attempts, "b": best, "p": 1|0,
 *                           "s": last score, "r": last result, "d": last date}}}
 */
(function () {
	'use strict';
	var LIMIT = 4096;

	function apiIn(win) {
		for (var i = 0; win && i < 10; i++) {
			try {
				if (win.API && typeof win.API.LMSInitialize === 'function') return win.API;
			} catch (e) { /* a frame of another origin */ }
			var up = null;
			try {
				up = win.parent;
			} catch (e) {
				return null;
			}
			if (!up || up === win) return null;
			win = up;
		}
		return null;
	}
	function findApi() {
		var api = apiIn(window);
		try {
			if (!api && window.opener) api = apiIn(window.opener);
			if (!api && window.top && window.top.opener) api = apiIn(window.top.opener);
		} catch (e) {
			api = null;
		}
		return api;
	}

	var api = findApi();
	if (!api) return;

	var kenshu = window.kenshu || {};
	var store = kenshu.store;
	var site = kenshu.site || 'site';
	var loaded = Date.now();

	function call(name, a, b) {
		try {
			return String(b === undefined ? api[name](a) : api[name](a, b));
		} catch (e) {
			return '';
		}
	}
	function session(key, value) {
		try {
			if (value === undefined) return window.sessionStorage.getItem('kenshu:' + site + ':scorm-' + key);
			window.sessionStorage.setItem('kenshu:' + site + ':scorm-' + key, value);
		} catch (e) { /* storage blocked: this page alone */ }
		return null;
	}

	var started = call('LMSInitialize', '') === 'true';
	/* Not started because an earlier page of this course already did: the session goes on. */
	call('LMSGetValue', 'cmi.core.lesson_status');
	if (!started && call('LMSGetLastError') !== '0') return;

	var match = /[?&]sco=([^&#]*)/.exec(window.location.search);
	var sco = null;
	if (match) {
		try {
			sco = decodeURIComponent(match[1]);
		} catch (e) {
			sco = match[1];
		}
	}
	if (started || sco) {
		session('start', String(loaded));
		if (sco) session('sco', sco);
	} else {
		sco = session('sco');
		loaded = parseInt(session('start'), 10) || loaded;
	}

	function states() {
		var all = store ? store.get('quizzes', {}) : {};
		return all && typeof all === 'object' && !Array.isArray(all) ? all : {};
	}

	/* Earlier results from the LMS into the store, where the LMS knows more attempts. */
	(function restore() {
		var saved;
		try {
			saved = JSON.parse(call('LMSGetValue', 'cmi.suspend_data') || '{}');
		} catch (e) {
			return;
		}
		if (!saved || !saved.q || typeof saved.q !== 'object' || !store) return;
		var all = states(), changed = false;
		Object.keys(saved.q).forEach(function (id) {
			var s = saved.q[id], st = all[id];
			if (!s || typeof s !== 'object' || (st && (st.attempts || 0) >= (s.a || 0))) return;
			all[id] = {
				kind: s.k || 'test', title: st && st.title || '', page: s.g || (st && st.page) || '',
				attempts: s.a || 0, best: typeof s.b === 'number' ? s.b : null, passed: !!s.p,
				last: s.r ? { score: s.s, result: s.r, band: null, date: s.d || '' } : null
			};
			changed = true;
		});
		if (changed) store.set('quizzes', all);
	})();

	function suspendData() {
		var all = states(), q = {}, text;
		Object.keys(all).forEach(function (id) {
			var st = all[id];
			if (!st || typeof st !== 'object' || !st.attempts) return;
			q[id] = { k: st.kind, g: st.page, a: st.attempts, b: st.best, p: st.passed ? 1 : 0 };
			if (st.last) {
				q[id].s = st.last.score;
				q[id].r = st.last.result;
				q[id].d = st.last.date;
			}
		});
		text = JSON.stringify({ v: 1, q: q });
		/* Over the limit: dates go first, then every quiz but this SCO's. */
		if (text.length > LIMIT) {
			Object.keys(q).forEach(function (id) { delete q[id].d; });
			text = JSON.stringify({ v: 1, q: q });
		}
		if (text.length > LIMIT) {
			var mine = {};
			if (sco && q[sco]) mine[sco] = q[sco];
			text = JSON.stringify({ v: 1, q: mine });
		}
		return text.length > LIMIT ? '' : text;
	}

	function pad(n, width) {
		var s = String(n);
		while (s.length < width) s = '0' + s;
		return s;
	}
	/* SCORM 1.2 CMITimespan: HHHH:MM:SS.SS */
	function sessionTime() {
		var cs = Math.max(0, Math.floor((Date.now() - loaded) / 10));
		var h = Math.min(9999, Math.floor(cs / 360000));
		return pad(h, 4) + ':' + pad(Math.floor(cs / 6000) % 60, 2) + ':' +
			pad(Math.floor(cs / 100) % 60, 2) + '.' + pad(cs % 100, 2);
	}

	var status = call('LMSGetValue', 'cmi.core.lesson_status');
	if (status === 'not attempted' || status === '') call('LMSSetValue', 'cmi.core.lesson_status', 'incomplete');
	call('LMSCommit', '');

	document.addEventListener('kenshu:quiz-result', function (e) {
		var r = e.detail || {};
		if (r.kind === 'test' && (!sco || r.quiz === sco)) {
			var st = states()[r.quiz] || {};
			var passed = !!st.passed || !!r.passed;
			var best = typeof st.best === 'number' ? Math.max(st.best, r.score) : r.score;
			call('LMSSetValue', 'cmi.core.score.min', String(r.min || 0));
			call('LMSSetValue', 'cmi.core.score.max', String(r.max || 100));
			call('LMSSetValue', 'cmi.core.score.raw', String(best));
			call('LMSSetValue', 'cmi.core.lesson_status', passed ? 'passed' : 'failed');
		}
		call('LMSSetValue', 'cmi.core.session_time', sessionTime());
		call('LMSSetValue', 'cmi.suspend_data', suspendData());
		call('LMSCommit', '');
	});

	/* A link to another page of the course keeps the session open for that page. */
	var inside = false;
	document.addEventListener('click', function (e) {
		var a = e.target && e.target.closest ? e.target.closest('a[href]') : null;
		if (!a || e.defaultPrevented || (a.target && a.target !== '_self') || a.hasAttribute('download')) return;
		var href = a.getAttribute('href');
		if (!href || href.charAt(0) === '#' || /^[a-z][a-z0-9+.-]*:/i.test(href)) return;
		inside = true;
		window.setTimeout(function () { inside = false; }, 2000);
	});

	var done = false;
	window.addEventListener('pagehide', function () {
		if (done) return;
		call('LMSSetValue', 'cmi.core.session_time', sessionTime());
		call('LMSSetValue', 'cmi.suspend_data', suspendData());
		call('LMSCommit', '');
		if (!inside) {
			call('LMSFinish', '');
			done = true;
		}
	});
})();
