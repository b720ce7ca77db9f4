/*
 * scorm.js: reports to an LMS when the site runs inside one as a SCORM package (kenshu build
 * --scorm, SCORM 1.2 or 2004). It looks for the LMS's API object in the frames above this
 * page (window.parent, at most 10 levels) and then in the opener's: API_1484_11 (SCORM 2004)
 * first, then API (SCORM 1.2). When there is neither, as on the plain site and in the offline
 * ZIP, it does nothing at all. The two versions differ only in names (VERSIONS below).
 *
 * Every item of the package's organization but a module is a SCO launched at one page with
 * "?sco=KIND:NAME" (generator/scorm.c): "home", "lesson:<page>", "test:<quiz id>" or
 * "survey:<quiz id>". The SCO is remembered for the pages the learner opens from it, which
 * carry on the same LMS session.
 *
 * With an LMS: initialize, then take the learner's earlier results back from
 * cmi.suspend_data into window.kenshu.store (quiz results and lessons read, so that a
 * relaunch on another computer shows them), and for a lesson the LMS has as completed, the
 * lesson as read. Then the SCO reports, from the store, by the site's own rules:
 *   home    completed
 *   lesson  completed when read (progress.js: its end reached or its box ticked), else
 *           incomplete (unticking takes the mark back)
 *   test    once taken: the best score (raw 0-100 of 0-100; scaled raw/100 in 2004) and
 *           passed or failed, passed once staying passed (quiz.js); completed
 *   survey  once done: completed
 * An SCO with nothing to report yet is incomplete. It reports again on every quiz result
 * ('kenshu:quiz-result', from quiz.js) and read mark ('kenshu:read', from progress.js), with
 * the session time and cmi.suspend_data, and commits each change at once.
 *
 * The location (cmi.core.lesson_location, cmi.location) is the page the learner is on; a
 * launch whose location is another page of the course (window.kenshuCourse's home page,
 * modules, lessons and tests) goes on to that page. On pagehide the
 * data is committed and the session finished with exit "suspend", so that the LMS keeps the
 * data and location for the next launch; except when the learner follows a link to another
 * page of the course, which carries on the same session.
 *
 * cmi.suspend_data (at most 4096 characters in SCORM 1.2, 64000 in 2004) is compact JSON:
 *   {"v":1,"q":{<quiz id>: {"k": kind, "g": page, "a": attempts, "b": best, "p": 1|0,
 *                           "s": last score, "r": last result, "d": last date}},
 *    "r":[<lesson page read>, ...]}
 *
 * The pure core, window.kenshu.scorm (also module.exports, for node:test), maps the kept
 * results to and from the LMS's data on plain values; the wiring below finds the API and
 * calls it.
 */
(function () {
	'use strict';
	var kenshu = typeof window !== 'undefined' ? (window.kenshu = window.kenshu || {}) : {};

	/* The API object's name, its functions and the data model's names, in each version. */
	var VERSIONS = [{
		version: '2004', api: 'API_1484_11', initialize: 'Initialize', terminate: 'Terminate',
		get: 'GetValue', set: 'SetValue', commit: 'Commit', error: 'GetLastError',
		completion: 'cmi.completion_status', location: 'cmi.location', exit: 'cmi.exit',
		sessionTime: 'cmi.session_time', limit: 64000
	}, {
		version: '1.2', api: 'API', initialize: 'LMSInitialize', terminate: 'LMSFinish',
		get: 'LMSGetValue', set: 'LMSSetValue', commit: 'LMSCommit', error: 'LMSGetLastError',
		completion: 'cmi.core.lesson_status', location: 'cmi.core.lesson_location',
		exit: 'cmi.core.exit', sessionTime: 'cmi.core.session_time', limit: 4096
	}];
	var KINDS = ['home', 'lesson', 'test', 'survey'];

	function isMap(v) { return !!v && typeof v === 'object' && !Array.isArray(v); }

	/* "KIND:NAME" (or "home") as {kind, name}; null for anything else. */
	function parseSco(text) {
		var at = typeof text === 'string' ? text.indexOf(':') : -1;
		var kind = at < 0 ? text : text.slice(0, at), name = at < 0 ? '' : text.slice(at + 1);
		if (KINDS.indexOf(kind) < 0 || (kind === 'home') !== (name === '')) return null;
		return { kind: kind, name: name };
	}

	/* The SCO the page was launched for, from its query string ("?sco=KIND:NAME"), or null. */
	function scoOf(search) {
		var match = /[?&]sco=([^&#]*)/.exec(search), text;
		if (!match) return null;
		try {
			text = decodeURIComponent(match[1]);
		} catch (e) {
			text = match[1];
		}
		return parseSco(text);
	}

	/*
	 * The kept quiz states (quiz.js's "quizzes") and read map (progress.js's "read") with the
	 * results of cmi.suspend_data text taken in: a quiz where the LMS knows more attempts, a
	 * lesson read that the store does not have (read at date). Each is null when it does not
	 * change.
	 */
	function restore(states, read, text, date) {
		var saved, quizzes = {}, lessons = {}, out = { quizzes: null, read: null };
		try {
			saved = JSON.parse(text || '{}');
		} catch (e) {
			return out;
		}
		if (!isMap(saved)) return out;
		if (isMap(saved.q)) {
			Object.keys(states).forEach(function (id) { quizzes[id] = states[id]; });
			Object.keys(saved.q).forEach(function (id) {
				var s = saved.q[id], st = quizzes[id];
				if (!isMap(s) || (st && (st.attempts || 0) >= (s.a || 0))) return;
				quizzes[id] = {
					kind: s.k || 'test', title: st && st.title || '', page: s.g || (st && st.page) || '',
					attempts: s.a || 0, best: typeof s.b === 'number' ? s.b : null, passed: !!s.p,
					last: s.r ? { score: s.s, result: s.r, band: null, date: s.d || '' } : null
				};
				out.quizzes = quizzes;
			});
		}
		if (Array.isArray(saved.r)) {
			Object.keys(read).forEach(function (page) { lessons[page] = read[page]; });
			saved.r.forEach(function (page) {
				if (typeof page !== 'string' || lessons[page]) return;
				lessons[page] = date;
				out.read = lessons;
			});
		}
		return out;
	}

	/*
	 * cmi.suspend_data for the kept states and read map, at most limit characters: over it,
	 * the quizzes' dates go first, then every quiz and lesson but sco's own; '' when even that
	 * is too long.
	 */
	function suspendData(states, read, sco, limit) {
		var q = {}, r = Object.keys(read).filter(function (page) { return read[page]; }).sort(), text;
		function json() { return JSON.stringify({ v: 1, q: q, r: r }); }
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
		text = json();
		if (text.length > limit) {
			Object.keys(q).forEach(function (id) { delete q[id].d; });
			text = json();
		}
		if (text.length > limit) {
			var mine = {};
			if (sco && sco.kind !== 'lesson' && q[sco.name]) mine[sco.name] = q[sco.name];
			q = mine;
			r = sco && sco.kind === 'lesson' && read[sco.name] ? [sco.name] : [];
			text = json();
		}
		return text.length > limit ? '' : text;
	}

	function pad(n, width) {
		var s = String(n);
		while (s.length < width) s = '0' + s;
		return s;
	}
	/*
	 * A duration in ms as the session time of version v: SCORM 1.2's CMITimespan,
	 * HHHH:MM:SS.SS (at most 9999 hours), or SCORM 2004's ISO 8601 duration, PTnHnMn.nnS.
	 */
	function sessionTime(v, ms) {
		var cs = Math.max(0, Math.floor(ms / 10));
		var h = Math.floor(cs / 360000), m = Math.floor(cs / 6000) % 60, s = cs % 6000;
		if (v.version === '2004') return 'PT' + h + 'H' + m + 'M' + s / 100 + 'S';
		return pad(Math.min(9999, h), 4) + ':' + pad(m, 2) + ':' + pad(Math.floor(s / 100), 2) + '.' +
			pad(s % 100, 2);
	}

	/*
	 * What sco reports in version v from the kept states and read map, as [element, value]
	 * pairs; none for a quiz not taken yet (nor for a test kept without a best score).
	 */
	function report(v, sco, states, read) {
		var st = sco && sco.kind !== 'home' && sco.kind !== 'lesson' ? states[sco.name] : null;
		var done = sco && (sco.kind === 'home' || (sco.kind === 'lesson' ? !!read[sco.name] :
			!!(st && st.attempts) && (sco.kind !== 'test' || typeof st.best === 'number')));
		if (!sco || (!done && sco.kind !== 'lesson')) return [];
		if (sco.kind !== 'test') return [[v.completion, done ? 'completed' : 'incomplete']];
		if (v.version === '1.2') {
			return [['cmi.core.score.min', '0'], ['cmi.core.score.max', '100'],
				['cmi.core.score.raw', String(st.best)], [v.completion, st.passed ? 'passed' : 'failed']];
		}
		return [['cmi.score.min', '0'], ['cmi.score.max', '100'], ['cmi.score.raw', String(st.best)],
			['cmi.score.scaled', String(st.best / 100)], [v.completion, 'completed'],
			['cmi.success_status', st.passed ? 'passed' : 'failed']];
	}

	/* Whether the completion value the LMS keeps says done (1.2's passed and failed too). */
	function completed(v, value) {
		return value === 'completed' || (v.version === '1.2' && (value === 'passed' || value === 'failed'));
	}
	/* Whether it says nothing yet. */
	function untouched(value) {
		return value === '' || value === 'not attempted' || value === 'unknown';
	}

	/* The page of the course a path names: its last segment, index.html for a folder. */
	function pageOf(pathname) {
		var last = String(pathname || '').split('/').pop();
		try {
			last = decodeURIComponent(last);
		} catch (e) { /* as it is */ }
		return last || 'index.html';
	}
	/*
	 * The page a launch goes on to from the kept location, or null to stay on page: a page
	 * that course (window.kenshuCourse) still has, the home page, a module, a lesson or a
	 * test, so that a location kept before an update of the package never leads nowhere.
	 */
	function resumeTo(location, page, course) {
		var known = location === 'index.html' || course.lessons.indexOf(location) >= 0 ||
			course.tests.indexOf(location) >= 0 || Object.prototype.hasOwnProperty.call(course.modules, location);
		return known && location !== page ? location : null;
	}

	/* Whether a link's href opens another page of the course (not a fragment, not a scheme). */
	function staysInCourse(href) {
		return !!href && href.charAt(0) !== '#' && !/^[a-z][a-z0-9+.-]*:/i.test(href);
	}

	kenshu.scorm = { VERSIONS: VERSIONS, parseSco: parseSco, scoOf: scoOf, restore: restore,
		suspendData: suspendData, sessionTime: sessionTime, report: report, completed: completed,
		untouched: untouched, pageOf: pageOf, resumeTo: resumeTo, staysInCourse: staysInCourse };
	if (typeof module !== 'undefined' && module.exports) module.exports = kenshu.scorm;
	if (typeof document === 'undefined') return;

	/* Version v's API in win or the frames above it. */
	function apiIn(win, v) {
		for (var i = 0; win && i < 10; i++) {
			try {
				var api = win[v.api];
				if (api && typeof api[v.initialize] === 'function') return api;
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
	function findApi(v) {
		var api = apiIn(window, v);
		try {
			if (!api && window.opener) api = apiIn(window.opener, v);
			if (!api && window.top && window.top.opener) api = apiIn(window.top.opener, v);
		} catch (e) {
			api = null;
		}
		return api;
	}

	var v, api = null;
	for (var i = 0; !api && i < VERSIONS.length; i++) {
		v = VERSIONS[i];
		api = findApi(v);
	}
	if (!api) return;

	var store = kenshu.store;
	var site = kenshu.site || 'site';
	var loaded = Date.now();
	var page = pageOf(window.location.pathname);

	function call(name, a, b) {
		try {
			return String(b === undefined ? api[name](a) : api[name](a, b));
		} catch (e) {
			return '';
		}
	}
	function get(element) { return call(v.get, element); }
	function set(element, value) { return call(v.set, element, value); }
	function session(key, value) {
		try {
			if (value === undefined) return window.sessionStorage.getItem('kenshu:' + site + ':scorm-' + key);
			window.sessionStorage.setItem('kenshu:' + site + ':scorm-' + key, value);
		} catch (e) { /* storage blocked: this page alone */ }
		return null;
	}

	var started = call(v.initialize, '') === 'true';
	/* Not started because an earlier page of this course already did: the session goes on. */
	var status = get(v.completion);
	if (!started && call(v.error) !== '0') return;

	var sco = scoOf(window.location.search);
	if (started || sco) {
		session('start', String(loaded));
		if (sco) session('sco', sco.kind === 'home' ? 'home' : sco.kind + ':' + sco.name);
	} else {
		sco = parseSco(session('sco'));
		loaded = parseInt(session('start'), 10) || loaded;
	}

	function states() {
		var all = store ? store.get('quizzes', {}) : {};
		return isMap(all) ? all : {};
	}
	function readMap() {
		var r = store ? store.get('read', {}) : {};
		return isMap(r) ? r : {};
	}

	/* Earlier results from the LMS into the store. */
	if (store) {
		var now = kenshu.dates.stamp(new Date());
		var saved = restore(states(), readMap(), get('cmi.suspend_data'), now);
		if (saved.quizzes) store.set('quizzes', saved.quizzes);
		if (saved.read) store.set('read', saved.read);
		if (sco && sco.kind === 'lesson' && completed(v, status) && !readMap()[sco.name]) {
			var read = readMap();
			read[sco.name] = now;
			store.set('read', read);
		}
	}

	/* What this SCO reports, the session time and the data to keep, committed. */
	function send() {
		report(v, sco, states(), readMap()).forEach(function (pair) { set(pair[0], pair[1]); });
		set(v.sessionTime, sessionTime(v, Date.now() - loaded));
		set('cmi.suspend_data', suspendData(states(), readMap(), sco, v.limit));
		call(v.commit, '');
	}

	/* A link to another page of the course keeps the session open for that page. */
	var inside = false;
	function leaving() {
		inside = true;
		window.setTimeout(function () { inside = false; }, 2000);
	}

	if (untouched(status)) set(v.completion, 'incomplete');
	report(v, sco, states(), readMap()).forEach(function (pair) { set(pair[0], pair[1]); });
	var course = window.kenshuCourse || { lessons: [], modules: {}, tests: [] };
	var resume = started ? resumeTo(get(v.location), page, course) : null;
	if (!resume) set(v.location, page);
	call(v.commit, '');
	if (resume) {
		leaving();
		window.location.replace(resume);
	}

	document.addEventListener('kenshu:quiz-result', send);
	document.addEventListener('kenshu:read', send);

	document.addEventListener('click', function (e) {
		var a = e.target && e.target.closest ? e.target.closest('a[href]') : null;
		if (!a || e.defaultPrevented || (a.target && a.target !== '_self') || a.hasAttribute('download')) return;
		if (staysInCourse(a.getAttribute('href'))) leaving();
	});

	var done = false;
	window.addEventListener('pagehide', function () {
		if (done) return;
		set(v.sessionTime, sessionTime(v, Date.now() - loaded));
		set('cmi.suspend_data', suspendData(states(), readMap(), sco, v.limit));
		if (inside) {
			call(v.commit, '');
			return;
		}
		set(v.exit, 'suspend');
		call(v.commit, '');
		call(v.terminate, '');
		done = true;
	});
})();
