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
 *
 * The pure core, window.kenshu.scorm (also module.exports, for node:test), maps the kept
 * results to and from the LMS's data on plain values; the wiring below finds the API and
 * calls it.
 */
(function () {
	'use strict';
	var kenshu = typeof window !== 'undefined' ? (window.kenshu = window.kenshu || {}) : {};
	var LIMIT = 4096;

	function isMap(v) { return !!v && typeof v === 'object' && !Array.isArray(v); }

	/* The test a SCO was launched for, from the page's query string ("?sco=<quiz id>"), or null. */
	function scoOf(search) {
		var match = /[?&]sco=([^&#]*)/.exec(search);
		if (!match) return null;
		try {
			return decodeURIComponent(match[1]);
		} catch (e) {
			return match[1];
		}
	}

	/*
	 * The kept quiz states (quiz.js's "quizzes") with the results of cmi.suspend_data text
	 * taken in where the LMS knows more attempts; null when nothing changes.
	 */
	function restore(states, text) {
		var saved, all = {}, changed = false;
		try {
			saved = JSON.parse(text || '{}');
		} catch (e) {
			return null;
		}
		if (!saved || !isMap(saved.q)) return null;
		Object.keys(states).forEach(function (id) { all[id] = states[id]; });
		Object.keys(saved.q).forEach(function (id) {
			var s = saved.q[id], st = all[id];
			if (!isMap(s) || (st && (st.attempts || 0) >= (s.a || 0))) return;
			all[id] = {
				kind: s.k || 'test', title: st && st.title || '', page: s.g || (st && st.page) || '',
				attempts: s.a || 0, best: typeof s.b === 'number' ? s.b : null, passed: !!s.p,
				last: s.r ? { score: s.s, result: s.r, band: null, date: s.d || '' } : null
			};
			changed = true;
		});
		return changed ? all : null;
	}

	/*
	 * cmi.suspend_data for the kept states, at most limit characters: over it, the dates go
	 * first, then every quiz but sco's; '' when even that is too long.
	 */
	function suspendData(states, sco, limit) {
		var q = {}, text;
		Object.keys(states).forEach(function (id) {
			var st = states[id];
			if (!isMap(st) || !st.attempts) return;
			q[id] = { k: st.kind, g: st.page, a: st.attempts, b: st.best, p: st.passed ? 1 : 0 };
			if (st.last) {
				q[id].s = st.last.score;
				q[id].r = st.last.result;
				q[id].d = st.last.date;
			}
		});
		text = JSON.stringify({ v: 1, q: q });
		if (text.length > limit) {
			Object.keys(q).forEach(function (id) { delete q[id].d; });
			text = JSON.stringify({ v: 1, q: q });
		}
		if (text.length > limit) {
			var mine = {};
			if (sco && q[sco]) mine[sco] = q[sco];
			text = JSON.stringify({ v: 1, q: mine });
		}
		return text.length > limit ? '' : text;
	}

	function pad(n, width) {
		var s = String(n);
		while (s.length < width) s = '0' + s;
		return s;
	}
	/* A duration in ms as SCORM 1.2's CMITimespan, HHHH:MM:SS.SS (at most 9999 hours). */
	function timespan(ms) {
		var cs = Math.max(0, Math.floor(ms / 10));
		var h = Math.min(9999, Math.floor(cs / 360000));
		return pad(h, 4) + ':' + pad(Math.floor(cs / 6000) % 60, 2) + ':' +
			pad(Math.floor(cs / 100) % 60, 2) + '.' + pad(cs % 100, 2);
	}

	/*
	 * The score and status a test's result r (quiz.js's 'kenshu:quiz-result' detail) gives
	 * the LMS, as [element, value] pairs: the best score so far, passed once stays passed.
	 * st is the quiz's kept state before the result.
	 */
	function scoreValues(st, r) {
		var passed = !!(st && st.passed) || !!r.passed;
		var best = st && typeof st.best === 'number' ? Math.max(st.best, r.score) : r.score;
		return [
			['cmi.core.score.min', String(r.min || 0)],
			['cmi.core.score.max', String(r.max || 100)],
			['cmi.core.score.raw', String(best)],
			['cmi.core.lesson_status', passed ? 'passed' : 'failed']
		];
	}

	/* Whether a link's href opens another page of the course (not a fragment, not a scheme). */
	function staysInCourse(href) {
		return !!href && href.charAt(0) !== '#' && !/^[a-z][a-z0-9+.-]*:/i.test(href);
	}

	kenshu.scorm = { scoOf: scoOf, restore: restore, suspendData: suspendData, timespan: timespan,
		scoreValues: scoreValues, staysInCourse: staysInCourse, LIMIT: LIMIT };
	if (typeof module !== 'undefined' && module.exports) module.exports = kenshu.scorm;
	if (typeof document === 'undefined') return;

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

	var sco = scoOf(window.location.search);
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
	var restored = store ? restore(states(), call('LMSGetValue', 'cmi.suspend_data')) : null;
	if (restored) store.set('quizzes', restored);

	function sessionTime() {
		return timespan(Date.now() - loaded);
	}

	var status = call('LMSGetValue', 'cmi.core.lesson_status');
	if (status === 'not attempted' || status === '') call('LMSSetValue', 'cmi.core.lesson_status', 'incomplete');
	call('LMSCommit', '');

	document.addEventListener('kenshu:quiz-result', function (e) {
		var r = e.detail || {};
		if (r.kind === 'test' && (!sco || r.quiz === sco)) {
			scoreValues(states()[r.quiz], r).forEach(function (v) { call('LMSSetValue', v[0], v[1]); });
		}
		call('LMSSetValue', 'cmi.core.session_time', sessionTime());
		call('LMSSetValue', 'cmi.suspend_data', suspendData(states(), sco, LIMIT));
		call('LMSCommit', '');
	});

	/* A link to another page of the course keeps the session open for that page. */
	var inside = false;
	document.addEventListener('click', function (e) {
		var a = e.target && e.target.closest ? e.target.closest('a[href]') : null;
		if (!a || e.defaultPrevented || (a.target && a.target !== '_self') || a.hasAttribute('download')) return;
		if (!staysInCourse(a.getAttribute('href'))) return;
		inside = true;
		window.setTimeout(function () { inside = false; }, 2000);
	});

	var done = false;
	window.addEventListener('pagehide', function () {
		if (done) return;
		call('LMSSetValue', 'cmi.core.session_time', sessionTime());
		call('LMSSetValue', 'cmi.suspend_data', suspendData(states(), sco, LIMIT));
		call('LMSCommit', '');
		if (!inside) {
			call('LMSFinish', '');
			done = true;
		}
	});
})();
