/*
 * progress.js: which quizzes this learner has passed, beside each lesson's quiz link, on the
 * quiz index and in the home page's summary. It reads what quiz.js keeps under "quizzes" in
 * window.kenshu.store (by quiz id, each with the page it lives on) and fills every
 * <span class="quiz-status" data-quiz-page="..."> with the matching data-* word, so no
 * interface words live here. Does nothing on a page without such elements.
 */
(function () {
	'use strict';
	var els = document.querySelectorAll('.quiz-status[data-quiz-page]');
	if (!els.length) return;
	var store = window.kenshu && window.kenshu.store;
	var all = store ? store.get('quizzes', {}) : {};
	var byPage = {};
	if (all && typeof all === 'object') {
		Object.keys(all).forEach(function (id) {
			if (all[id] && all[id].page) byPage[all[id].page] = all[id];
		});
	}
	Array.prototype.forEach.call(els, function (el) {
		var st = byPage[el.getAttribute('data-quiz-page')];
		var key = !st || !st.attempts ? 'not-taken' : st.kind === 'survey' ? 'done' : st.passed ? 'passed' : 'failed';
		el.textContent = el.getAttribute('data-' + key) || '';
		el.className = 'quiz-status is-' + key;
	});
	var summary = document.querySelector('.quiz-progress-summary');
	if (summary) {
		var passed = document.querySelectorAll('.quiz-progress-list .quiz-status.is-passed').length;
		summary.textContent = (summary.getAttribute('data-template') || '')
			.replace('{passed}', passed).replace('{total}', summary.getAttribute('data-total'));
		summary.hidden = false;
	}
})();
