/*
 * progress.js: the learner's progress, on every page. Two things count: lessons read and
 * tests passed. A lesson counts as read when the learner reaches its end (the "I have read
 * this lesson" box at the bottom comes into view) or ticks that box; unticking it takes the
 * mark back. Tests passed come from the quiz results quiz.js keeps. Both live in
 * window.kenshu.store:
 *   "read":    {<lesson page, e.g. "basics-passwords.html">: ISO 8601 time it was read}
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
 * It renders again on the "kenshu:progress" event quiz.js sends after a result.
 */
(function () {
	'use strict';
	var store = window.kenshu && window.kenshu.store;
	var course = window.kenshuCourse || { lessons: [], modules: {}, tests: [] };
	if (!store) return;

	function each(list, fn) { Array.prototype.forEach.call(list, fn); }
	function fill(template, values) {
		return (template || '').replace(/\{(\w+)\}/g, function (m, k) {
			return Object.prototype.hasOwnProperty.call(values, k) ? values[k] : m;
		});
	}
	function readMap() {
		var r = store.get('read', {});
		return r && typeof r === 'object' && !Array.isArray(r) ? r : {};
	}
	function quizzesByPage() {
		var all = store.get('quizzes', {}), byPage = {};
		if (all && typeof all === 'object') {
			Object.keys(all).forEach(function (id) {
				if (all[id] && all[id].page) byPage[all[id].page] = all[id];
			});
		}
		return byPage;
	}
	function quizState(st) {
		return !st || !st.attempts ? 'not-taken' : st.kind === 'survey' ? 'done' : st.passed ? 'passed' : 'failed';
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
		var read = readMap(), quizzes = quizzesByPage();
		function count(list) { return list.filter(function (p) { return read[p]; }).length; }

		each(document.querySelectorAll('[data-lesson-page]'), function (a) {
			var done = !!read[a.getAttribute('data-lesson-page')];
			a.classList.toggle('is-read', done);
			if (done) mark(a, 'read-mark', '\u2713', readWord);
			else unmark(a, 'read-mark');
		});
		each(document.querySelectorAll('[data-module]'), function (el) {
			var list = course.modules[el.getAttribute('data-module')] || [], n = count(list);
			var out = el.querySelector('.module-progress') || el;
			out.textContent = fill(el.getAttribute('data-template'), { read: n, total: list.length });
			el.classList.toggle('is-read', list.length > 0 && n === list.length);
		});
		each(document.querySelectorAll('.quiz-status[data-quiz-page]'), function (el) {
			var key = quizState(quizzes[el.getAttribute('data-quiz-page')]);
			el.textContent = el.getAttribute('data-' + key) || '';
			el.className = 'quiz-status is-' + key;
		});

		var header = document.querySelector('.header-progress');
		if (header) {
			var lessons = course.lessons, tests = course.tests;
			var nread = count(lessons);
			var npassed = tests.filter(function (p) { return quizState(quizzes[p]) === 'passed'; }).length;
			var parts = [];
			if (lessons.length) parts.push(fill(header.getAttribute('data-lessons-template'), { read: nread, total: lessons.length }));
			if (tests.length) parts.push(fill(header.getAttribute('data-tests-template'), { passed: npassed, total: tests.length }));
			header.querySelector('.header-progress-text').textContent = parts.join(' ');
			var pct = Math.round(100 * (nread + npassed) / (lessons.length + tests.length));
			header.querySelector('.header-progress-fill').style.width = pct + '%';
			header.hidden = false;
		}
		var lessonsSummary = document.querySelector('.progress-lessons');
		if (lessonsSummary && header) {
			var all = course.lessons;
			lessonsSummary.textContent = fill(lessonsSummary.getAttribute('data-template'), { read: count(all), total: all.length });
			lessonsSummary.hidden = false;
		}
		var summary = document.querySelector('.quiz-progress-summary');
		if (summary) {
			var passed = document.querySelectorAll('.quiz-progress-list .quiz-status.is-passed').length;
			summary.textContent = fill(summary.getAttribute('data-template'), { passed: passed, total: summary.getAttribute('data-total') });
			summary.hidden = false;
		}
	}

	function setRead(page, on) {
		var read = readMap();
		if (on) read[page] = read[page] || new Date().toISOString();
		else delete read[page];
		store.set('read', read);
		render();
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
			render();
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
