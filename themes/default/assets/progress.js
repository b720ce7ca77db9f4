/*
 * progress.js: the learner's progress, on every page. Two things count: lessons read and
 * tests passed. A lesson counts as read when the learner reaches its end (the "I have read
 * this lesson" box at the bottom comes into view) or ticks that box; unticking it takes the
 * mark back. Tests passed come from the quiz results quiz.js keeps. Both live in
 * window.kenshu.store:
 *   "read":    {<lesson page, e.g. "basics-passwords.html">: the time it was read, in
 *              kenshu.dates's rule (kenshu.js)}
 *   "quizzes": quiz.js's results, by quiz id, each with the page it lives on.
 *
 * What there is to read and pass comes from window.kenshuCourse (assets/course.js, written by
 * kenshu): "lessons" and "tests", the output names of every lesson and test, and "modules",
 * each module page's lessons.
 *
 * What it fills in (the words come from data-* attributes the theme writes from
 * strings.yaml, so no interface words live here):
 *   .header-progress           the header's "lessons 3/41 tests 1/9" and its bar
 *   [data-lesson-page]         a lesson link: a read mark after it
 *   [data-module]              a module (nav, home card): "{read}/{total}", done when all read
 *   .lesson-read               the lesson's own read box
 *   .quiz-status               beside each quiz link: passed, not passed, not taken, done
 *   .progress-lessons, .quiz-progress-summary   the home page's summary
 *   [data-action=reset-progress]  forgets both after the learner confirms; records stay
 * It renders again on the "kenshu:progress" event quiz.js sends after a result, and sends a
 * "kenshu:read" event when the read marks change (scorm.js reports them to an LMS).
 *
 * The pure core, window.kenshu.progress (also module.exports, for node:test), does the
 * counting on plain data; the wiring below reads the store and fills in the page.
 */
(function () {
	'use strict';
	var kenshu = typeof window !== 'undefined' ? (window.kenshu = window.kenshu || {}) : require('./kenshu.js');

	function fill(template, values) {
		return (template || '').replace(/\{(\w+)\}/g, function (m, k) {
			return Object.prototype.hasOwnProperty.call(values, k) ? values[k] : m;
		});
	}
	function isMap(v) { return !!v && typeof v === 'object' && !Array.isArray(v); }
	/* quiz.js's results (by quiz id) by the page each quiz lives on. */
	function byPage(all) {
		var out = {};
		if (isMap(all)) {
			Object.keys(all).forEach(function (id) {
				if (all[id] && all[id].page) out[all[id].page] = all[id];
			});
		}
		return out;
	}
	function quizState(st) {
		return !st || !st.attempts ? 'not-taken' : st.kind === 'survey' ? 'done' : st.passed ? 'passed' : 'failed';
	}
	/* How many of the lesson pages in list are read. */
	function countRead(list, read) {
		return list.filter(function (p) { return read[p]; }).length;
	}
	/*
	 * The course as a whole: lessons read, tests passed, and the header bar's percent of both
	 * together. course: window.kenshuCourse; read: the "read" map; quizzes: byPage's result.
	 */
	function overall(course, read, quizzes) {
		var nread = countRead(course.lessons, read);
		var npassed = course.tests.filter(function (p) { return quizState(quizzes[p]) === 'passed'; }).length;
		var all = course.lessons.length + course.tests.length;
		return { read: nread, lessons: course.lessons.length, passed: npassed, tests: course.tests.length,
			percent: all ? Math.round(100 * (nread + npassed) / all) : 0 };
	}
	/* The read map with page marked read (when first reached, at date) or unmarked. */
	function markRead(read, page, on, date) {
		var out = {};
		Object.keys(isMap(read) ? read : {}).forEach(function (p) { out[p] = read[p]; });
		if (on) out[page] = out[page] || date;
		else delete out[page];
		return out;
	}

	kenshu.progress = { fill: fill, byPage: byPage, quizState: quizState, countRead: countRead,
		overall: overall, markRead: markRead };
	if (typeof module !== 'undefined' && module.exports) module.exports = kenshu.progress;
	if (typeof document === 'undefined') return;

	var store = kenshu.store;
	var course = window.kenshuCourse || { lessons: [], modules: {}, tests: [] };
	if (!store) return;

	function each(list, fn) { Array.prototype.forEach.call(list, fn); }
	function readMap() {
		var r = store.get('read', {});
		return isMap(r) ? r : {};
	}

	/* A visually hidden word for screen readers, beside a mark that is only seen. */
	function mark(el, cls, symbol, words) {
		var m = el.querySelector('.' + cls);
		if (!m) {
			m = document.createElement('span');
			m.className = cls;
			m.innerHTML = '<span aria-hidden="true"></span><span class="sr-only"></span>';
			el.appendChild(m);
		}
		m.firstChild.textContent = symbol;
		m.lastChild.textContent = words;
		return m;
	}
	function unmark(el, cls) {
		var m = el.querySelector('.' + cls);
		if (m) m.remove();
	}

	var marks = document.querySelector('[data-progress-words]') || document.body;
	var readWord = marks.getAttribute('data-read') || '';

	function render() {
		var read = readMap(), quizzes = byPage(store.get('quizzes', {}));

		each(document.querySelectorAll('[data-lesson-page]'), function (a) {
			var done = !!read[a.getAttribute('data-lesson-page')];
			a.classList.toggle('is-read', done);
			if (done) mark(a, 'read-mark', '\u2713', readWord);
			else unmark(a, 'read-mark');
		});
		each(document.querySelectorAll('[data-module]'), function (el) {
			var list = course.modules[el.getAttribute('data-module')] || [], n = countRead(list, read);
			var out = el.querySelector('.module-progress') || el;
			out.textContent = fill(el.getAttribute('data-template'), { read: n, total: list.length });
			el.classList.toggle('is-read', list.length > 0 && n === list.length);
		});
		each(document.querySelectorAll('.quiz-status[data-quiz-page]'), function (el) {
			var key = quizState(quizzes[el.getAttribute('data-quiz-page')]);
			el.textContent = el.getAttribute('data-' + key) || '';
			el.className = 'quiz-status is-' + key;
		});

		var header = document.querySelector('.header-progress'), sum = overall(course, read, quizzes);
		if (header) {
			var parts = [];
			if (sum.lessons) parts.push(fill(header.getAttribute('data-lessons-template'), { read: sum.read, total: sum.lessons }));
			if (sum.tests) parts.push(fill(header.getAttribute('data-tests-template'), { passed: sum.passed, total: sum.tests }));
			header.querySelector('.header-progress-text').textContent = parts.join(' ');
			header.querySelector('.header-progress-fill').style.width = sum.percent + '%';
			header.hidden = false;
		}
		var lessonsSummary = document.querySelector('.progress-lessons');
		if (lessonsSummary && header) {
			lessonsSummary.textContent = fill(lessonsSummary.getAttribute('data-template'), { read: sum.read, total: sum.lessons });
			lessonsSummary.hidden = false;
		}
		var summary = document.querySelector('.quiz-progress-summary');
		if (summary) {
			var passed = document.querySelectorAll('.quiz-progress-list .quiz-status.is-passed').length;
			summary.textContent = fill(summary.getAttribute('data-template'), { passed: passed, total: summary.getAttribute('data-total') });
			summary.hidden = false;
		}
	}

	function changed() {
		render();
		try {
			document.dispatchEvent(new CustomEvent('kenshu:read'));
		} catch (e) { /* an old browser: no LMS hears of it before the next page */ }
	}
	function setRead(page, on) {
		store.set('read', markRead(readMap(), page, on, kenshu.dates.stamp(new Date())));
		changed();
	}

	/* The lesson's own box: ticked when read; reaching it marks the lesson read once. */
	each(document.querySelectorAll('.lesson-read[data-lesson-end]'), function (box) {
		var page = box.getAttribute('data-lesson-end');
		var input = box.querySelector('input[type="checkbox"]');
		input.checked = !!readMap()[page];
		box.hidden = false;
		input.addEventListener('change', function () { setRead(page, input.checked); });
		if (input.checked || typeof IntersectionObserver !== 'function') return;
		var seen = new IntersectionObserver(function (entries) {
			if (!entries.some(function (e) { return e.isIntersecting; })) return;
			seen.disconnect();
			input.checked = true;
			setRead(page, true);
		});
		seen.observe(box);
	});

	each(document.querySelectorAll('[data-action="reset-progress"]'), function (button) {
		button.hidden = false;
		button.addEventListener('click', function () {
			if (!window.confirm(button.getAttribute('data-confirm'))) return;
			store.set('read', {});
			store.set('quizzes', {});
			changed();
			var status = document.querySelector('.progress-status');
			if (status) status.textContent = button.getAttribute('data-done');
		});
	});

	render();
	/* A result on this page (quiz.js) or in another tab changes what this page shows. */
	document.addEventListener('kenshu:progress', render);
	window.addEventListener('storage', render);
	window.addEventListener('pageshow', function (e) { if (e.persisted) render(); });
})();
