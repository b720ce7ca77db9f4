/*
 * quiz.js: the engine of a quiz page (theme quiz.html). kenshu renders every question as
 * plain, accessible HTML and embeds the configuration as JSON in <script id="quiz-data">
 * (settings, hashed answers, sealed explanations, interface strings); this script draws and
 * shuffles the questions, scores a submission, shows the result and the review, counts and
 * enforces attempts, and keeps the results in the browser. No interface words live here.
 *
 * The answer key (see generator/quiz.h, the same functions in C): a question holds only
 * h = FNV-1a("salt\nqid\n" + its correct choice ids sorted and joined by ","), as 8 hex
 * digits; with partial credit also ch[k] = FNV-1a("salt\nqid\ncid\n1" or "...\n0") per
 * choice. Its explanation and per-choice feedback, x, are JSON XORed with the keystream
 * FNV-1a("salt\nqid\nids\nk") (4 bytes per k, least significant first) and base64'd, so they
 * open only with the correct ids, which review finds by trying combinations against h. This
 * keeps the answers out of the page source; it cannot stop a determined cheat.
 *
 * Scoring (SPEC): percent = points earned / points of the questions asked × 100, passed when
 * percent ≥ pass. single, truefalse, and multiple without partial: full points when the picks
 * are exactly the correct set, else 0. multiple with partial: points × max(0, right picks −
 * wrong picks) / number of correct choices. The score shown and recorded is the percent
 * rounded down to a whole number (so a shown 79 never passes a pass mark of 80).
 *
 * Kept through window.kenshu.store (localStorage under the site id, so it survives a rebuild;
 * memory only when the browser blocks storage):
 *   "quizzes": {<quiz id>: {kind, title, page, attempts, best, passed, last}}, where last is
 *              {score, result, band, date} of the latest attempt;
 *   "records": a list shared with the other record kinds; each submitted attempt appends
 *     {type: "quiz", site, build, quiz, kind, title, score, max, pass, result, band,
 *      attempt, date}
 *     kind "test" | "survey"; score: test percent (whole number) or survey total; max: 100 or
 *     the highest survey total; pass: the pass mark, null for a survey; result "pass" |
 *     "fail" | "done" (survey); band: the survey band's label, else null; attempt: 1, 2, ...
 *     for this quiz in this browser; date: the time of submission, in kenshu.dates's rule
 *     (local time with its UTC offset, see kenshu.js).
 * The records list is written only through kenshu.records (kenshu.js).
 *
 * The pure core, window.kenshu.quiz (also this file's module.exports, for node:test), does
 * the hashing, drawing, scoring, attempt counting and the record of an attempt on plain data;
 * the wiring below it reads the page and writes the result into it.
 */
(function () {
	'use strict';
	var kenshu = typeof window !== 'undefined' ? (window.kenshu = window.kenshu || {}) : require('./kenshu.js');

	function utf8(s) {
		if (typeof TextEncoder === 'function') return new TextEncoder().encode(s);
		var bin = unescape(encodeURIComponent(s)), out = new Uint8Array(bin.length);
		for (var i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
		return out;
	}
	function fnv1a(s) {
		var b = utf8(s), h = 0x811c9dc5;
		for (var i = 0; i < b.length; i++) {
			h ^= b[i];
			h = Math.imul(h, 0x01000193) >>> 0;
		}
		return h >>> 0;
	}
	function hex(h) {
		return ('0000000' + h.toString(16)).slice(-8);
	}
	function joinSorted(ids) {
		return ids.slice().sort(function (a, b) { return a < b ? -1 : a > b ? 1 : 0; }).join(',');
	}
	function answerHash(salt, qid, ids) {
		return hex(fnv1a(salt + '\n' + qid + '\n' + joinSorted(ids)));
	}
	function choiceHash(salt, qid, cid, correct) {
		return hex(fnv1a(salt + '\n' + qid + '\n' + cid + '\n' + (correct ? '1' : '0')));
	}
	function unseal(salt, qid, ids, b64) {
		var bin = atob(b64), bytes = new Uint8Array(bin.length), key = joinSorted(ids), block = 0;
		for (var j = 0; j < bin.length; j++) {
			if (j % 4 === 0) block = fnv1a(salt + '\n' + qid + '\n' + key + '\n' + (j / 4));
			bytes[j] = bin.charCodeAt(j) ^ ((block >>> (8 * (j % 4))) & 255);
		}
		return JSON.parse(new TextDecoder('utf-8').decode(bytes));
	}

	/*
	 * The questions of one sitting, in the pool's order: cfg.draw drawn from the whole pool,
	 * or with cfg.draws (a count per group, each question's group its index) that many from
	 * each group, so that every part of the course is asked about every time. random() is
	 * Math.random in the page.
	 */
	function draw(cfg, random) {
		var ids = cfg.questions.map(function (q) { return q.id; }), drawn = {};
		function pick(list, n) {
			list = list.slice();
			for (var i = list.length - 1; i > 0; i--) {
				var j = Math.floor(random() * (i + 1)), t = list[i];
				list[i] = list[j];
				list[j] = t;
			}
			list.slice(0, n).forEach(function (id) { drawn[id] = true; });
		}
		if (cfg.draws) {
			cfg.draws.forEach(function (n, g) {
				pick(cfg.questions.filter(function (q) { return q.group === g; }).map(function (q) { return q.id; }), n);
			});
		} else if (cfg.draw > 0 && cfg.draw < ids.length) {
			pick(ids, cfg.draw);
		} else {
			return ids;
		}
		return ids.filter(function (id) { return drawn[id]; });
	}


	function shuffle(list, random) {
		var a = list.slice();
		for (var i = a.length - 1; i > 0; i--) {
			var j = Math.floor(random() * (i + 1)), t = a[i];
			a[i] = a[j];
			a[j] = t;
		}
		return a;
	}

	/* The correct choice ids of q, found by trying combinations against its hash. */
	function answerOf(salt, q) {
		var ids = q.choices, n = ids.length, mask, sub, k;
		if (q.type !== 'multiple') {
			for (k = 0; k < n; k++) if (answerHash(salt, q.id, [ids[k]]) === q.h) return [ids[k]];
			return [];
		}
		for (mask = 1; mask < (1 << n); mask++) {
			sub = [];
			for (k = 0; k < n; k++) if (mask & (1 << k)) sub.push(ids[k]);
			if (answerHash(salt, q.id, sub) === q.h) return sub;
		}
		return [];
	}

	function pointsFor(salt, q, picks) {
		if (answerHash(salt, q.id, picks) === q.h) return q.points;
		if (!q.partial || !q.ch) return 0;
		var right = 0, wrong = 0, correct = 0;
		q.choices.forEach(function (cid, k) {
			var ok = choiceHash(salt, q.id, cid, true) === q.ch[k];
			if (ok) correct++;
			if (picks.indexOf(cid) >= 0) {
				if (ok) right++;
				else wrong++;
			}
		});
		return correct ? q.points * Math.max(0, right - wrong) / correct : 0;
	}

	function byId(cfg) {
		var out = {};
		cfg.questions.forEach(function (q) { out[q.id] = q; });
		return out;
	}

	/*
	 * A test's outcome for the asked question ids and picks (id -> chosen ids): points got per
	 * question, how many fully right, the score shown (whole percent, rounded down) and passed.
	 */
	function scoreTest(cfg, asked, picks) {
		var qs = byId(cfg), earned = 0, total = 0, right = 0, got = {};
		asked.forEach(function (id) {
			var q = qs[id];
			got[id] = pointsFor(cfg.salt, q, picks[id]);
			earned += got[id];
			total += q.points;
			if (got[id] >= q.points) right++;
		});
		var percent = total ? earned * 100 / total : 0;
		return { got: got, right: right, score: Math.floor(percent + 1e-9), passed: percent + 1e-9 >= cfg.pass };
	}

	/*
	 * A survey's outcome: the total, the first band it reaches (or null), each group's score
	 * against its highest, and the questions answered below the top step that carry advice
	 * ({id, n: their number as shown, advice}).
	 */
	function scoreSurvey(cfg, asked, picks) {
		var qs = byId(cfg), total = 0, advice = [], band = null;
		var groups = (cfg.groups || []).map(function (name) { return { name: name, score: 0, max: 0 }; });
		asked.forEach(function (id, n) {
			var q = qs[id], step = cfg.scale[parseInt(picks[id][0].slice(1), 10)];
			total += step.points;
			if (q.group !== null && q.group !== undefined) {
				groups[q.group].score += step.points;
				groups[q.group].max += cfg.top;
			}
			if (step.points < cfg.top && q.advice) advice.push({ id: id, n: n + 1, advice: q.advice });
		});
		for (var i = 0; i < (cfg.bands || []).length; i++) {
			if (total >= cfg.bands[i].min) {
				band = cfg.bands[i];
				break;
			}
		}
		return { total: total, band: band, groups: groups, advice: advice };
	}

	/* The asked positions (0-based) left without an answer. */
	function unanswered(asked, picks) {
		var out = [];
		asked.forEach(function (id, n) { if (!picks[id] || !picks[id].length) out.push(n); });
		return out;
	}

	function attemptsLeft(cfg, st) {
		return cfg.kind === 'test' && cfg.attempts > 0 ? Math.max(0, cfg.attempts - (st.attempts || 0)) : Infinity;
	}

	/*
	 * The kept state of a quiz after one more attempt: {score, passed} for a test, {score,
	 * band} for a survey, at date. The attempt is counted, the best score kept, and a test
	 * passed once stays passed.
	 */
	function attempted(cfg, st, outcome, date) {
		var test = cfg.kind === 'test', was = st || {};
		var best = was.best === null || was.best === undefined ? outcome.score : Math.max(was.best, outcome.score);
		return {
			kind: cfg.kind, title: cfg.title, page: cfg.page,
			attempts: (was.attempts || 0) + 1,
			best: test ? best : was.best === undefined ? null : was.best,
			passed: test ? !!was.passed || outcome.passed : false,
			last: { score: outcome.score, result: test ? (outcome.passed ? 'pass' : 'fail') : 'done',
				band: test ? null : outcome.band || null, date: date }
		};
	}

	/* The record of the attempt st.last, for the records list (the shape is in the header). */
	function record(cfg, st, site, build) {
		var test = cfg.kind === 'test';
		return { type: 'quiz', site: site || '', build: build || '', quiz: cfg.id, kind: cfg.kind,
			title: cfg.title, score: st.last.score, max: test ? 100 : cfg.max, pass: test ? cfg.pass : null,
			result: st.last.result, band: st.last.band, attempt: st.attempts, date: st.last.date };
	}

	/* Whether the review of the answers shows after this attempt. */
	function reviewShown(cfg, st) {
		return cfg.review === 'after_submit' || (cfg.review === 'after_pass' && !!st.passed);
	}

	function fmt(s, vals) {
		return String(s || '').replace(/\{(\w+)\}/g, function (m, k) {
			return Object.prototype.hasOwnProperty.call(vals, k) ? String(vals[k]) : m;
		});
	}

	kenshu.quiz = {
		hash: fnv1a, answerHash: answerHash, choiceHash: choiceHash, unseal: unseal, draw: draw,
		shuffle: shuffle, answerOf: answerOf, pointsFor: pointsFor, scoreTest: scoreTest,
		scoreSurvey: scoreSurvey, unanswered: unanswered, attemptsLeft: attemptsLeft,
		attempted: attempted, record: record, reviewShown: reviewShown, fmt: fmt
	};
	if (typeof module !== 'undefined' && module.exports) module.exports = kenshu.quiz;
	if (typeof document === 'undefined') return;

	var dataEl = document.getElementById('quiz-data');
	var form = document.getElementById('quiz-form');
	if (!dataEl || !form || !kenshu.store) return;
	var cfg = JSON.parse(dataEl.textContent);
	var S = cfg.strings || {};
	var isTest = cfg.kind === 'test';
	var store = kenshu.store;

	function $(id) { return document.getElementById(id); }
	function each(list, fn) { Array.prototype.forEach.call(list, fn); }
	function el(tag, cls, text) {
		var e = document.createElement(tag);
		if (cls) e.className = cls;
		if (text !== undefined) e.textContent = text;
		return e;
	}
	function round2(n) { return Math.round(n * 100) / 100; }

	var questions = {}; // id -> {q: config, el: fieldset}
	cfg.questions.forEach(function (q) {
		questions[q.id] = { q: q, el: $('q-' + q.id) };
	});
	var resultSec = $('quiz-result'), resultBody = $('quiz-result-body');
	var heading = $('quiz-result-heading'), retake = $('quiz-retake'), submitBtn = $('quiz-submit');
	var errorEl = $('quiz-error'), stateEl = $('quiz-state');
	var asked = []; // question ids in the order shown
	var busy = false;

	function states() {
		var all = store.get('quizzes', {});
		return all && typeof all === 'object' && !Array.isArray(all) ? all : {};
	}
	function myState() {
		var st = states()[cfg.id];
		return st && typeof st === 'object' ? st : { attempts: 0, best: null, passed: false, last: null };
	}
	function saveState(st) {
		var all = states();
		all[cfg.id] = st;
		store.set('quizzes', all);
		/* progress.js shows the new result in the header at once. */
		try {
			document.dispatchEvent(new CustomEvent('kenshu:progress'));
		} catch (e) { /* an old browser: the header shows it on the next page */ }
	}
	/* Count the attempt, keep it and its record, and tell scorm.js and forms.js. */
	function keep(outcome) {
		var st = attempted(cfg, myState(), outcome, kenshu.dates.stamp(new Date()));
		saveState(st);
		kenshu.records.add(record(cfg, st, kenshu.site, kenshu.build));
		announce({ quiz: cfg.id, kind: cfg.kind, score: outcome.score, min: isTest ? 0 : cfg.min,
			max: isTest ? 100 : cfg.max, pass: isTest ? cfg.pass : null, passed: isTest && outcome.passed });
		return st;
	}
	/* Tells other scripts (scorm.js) that a result was kept: a 'kenshu:quiz-result' event on document. */
	function announce(detail) {
		var ev;
		try {
			ev = new CustomEvent('kenshu:quiz-result', { detail: detail });
		} catch (e) {
			return;
		}
		document.dispatchEvent(ev);
	}
	function left(st) {
		return attemptsLeft(cfg, st);
	}

	function resultWord(r) {
		return r === 'pass' ? S.passed : r === 'fail' ? S.failed : '';
	}

	/*
	 * The line under the facts: the last result, the best score and what is left. The result
	 * just submitted is this attempt's (now true), not an earlier one.
	 */
	function showState(now) {
		var st = myState(), parts = [];
		if (!st.attempts || !st.last) {
			stateEl.hidden = true;
			return;
		}
		if (isTest) {
			parts.push(fmt(now ? S.this_result : S.last_result, { result: resultWord(st.last.result), score: st.last.score,
				date: kenshu.dates.show(st.last.date) }));
			if (st.best !== null && st.best !== undefined) parts.push(fmt(S.best, { best: st.best }));
			if (cfg.attempts > 0) {
				parts.push(left(st) > 0 ? fmt(S.attempts_left, { n: left(st) }) :
					fmt(S.no_attempts_left, { max: cfg.attempts }));
			}
		} else {
			parts.push(fmt(S.total, { total: st.last.score, min: cfg.min, max: cfg.max }) +
				(st.last.band ? ' ' + st.last.band : ''));
		}
		stateEl.textContent = parts.join(' ');
		stateEl.hidden = false;
	}

	function clearReview(fs) {
		fs.classList.remove('is-right', 'is-wrong', 'is-partial');
		each(fs.querySelectorAll('.quiz-badge'), function (b) { b.parentNode.removeChild(b); });
		each(fs.querySelectorAll('.quiz-choice'), function (li) { li.classList.remove('is-answer', 'is-picked'); });
		var fb = $(fs.id + '-feedback');
		fb.textContent = '';
		fb.hidden = true;
	}

	/* A fresh attempt: draw, shuffle, clear. */
	function start() {
		var ids = isTest ? draw(cfg, Math.random) : cfg.questions.map(function (q) { return q.id; });
		if (isTest && cfg.shuffle) ids = shuffle(ids, Math.random);
		asked = ids;
		var shown = {};
		ids.forEach(function (id, n) {
			var fs = questions[id].el;
			shown[id] = true;
			form.insertBefore(fs, errorEl);
			fs.querySelector('.quiz-number').textContent = S.question_label + (n + 1);
			if (cfg.shuffle && questions[id].q.type !== 'truefalse') {
				var ul = fs.querySelector('.quiz-choices');
				shuffle(Array.prototype.slice.call(ul.children), Math.random).forEach(function (li) { ul.appendChild(li); });
			}
		});
		cfg.questions.forEach(function (q) {
			var fs = questions[q.id].el;
			if (!shown[q.id]) form.insertBefore(fs, errorEl);
			fs.hidden = !shown[q.id];
			fs.disabled = !shown[q.id];
			each(fs.querySelectorAll('input'), function (i) { i.checked = false; });
			clearReview(fs);
		});
		errorEl.hidden = true;
		submitBtn.hidden = false;
		resultSec.hidden = true;
		form.hidden = false;
		busy = false;
	}

	function picksOf(id) {
		var picks = [];
		each(questions[id].el.querySelectorAll('input:checked'), function (i) { picks.push(i.value); });
		return picks;
	}

	function badge(li, text) {
		li.querySelector('label').appendChild(el('span', 'quiz-badge', text));
	}

	function review(id, picks, got) {
		var q = questions[id].q, fs = questions[id].el, fb = $(fs.id + '-feedback');
		var key = answerOf(cfg.salt, q), sealed = null;
		fs.classList.add(got >= q.points ? 'is-right' : got > 0 ? 'is-partial' : 'is-wrong');
		fb.appendChild(el('p', 'quiz-verdict-q', got >= q.points ? S.right : got > 0 ?
			fmt(S.partly, { points: round2(got), max: q.points }) : S.wrong));
		if (q.x) {
			try {
				sealed = unseal(cfg.salt, q.id, key, q.x);
			} catch (e) {
				sealed = null;
			}
		}
		var notes = el('dl', 'quiz-choice-feedback');
		each(fs.querySelectorAll('.quiz-choice'), function (li) {
			var cid = li.getAttribute('data-cid');
			var isAnswer = key.indexOf(cid) >= 0, picked = picks.indexOf(cid) >= 0;
			if (isAnswer) {
				li.classList.add('is-answer');
				badge(li, S.answer_mark);
			}
			if (picked) {
				li.classList.add('is-picked');
				badge(li, S.your_choice);
			}
			if (sealed && sealed.f && sealed.f[cid] && (isAnswer || picked)) {
				notes.appendChild(el('dt', '', li.querySelector('label').firstChild.textContent));
				notes.appendChild(el('dd', '', sealed.f[cid]));
			}
		});
		if (sealed && sealed.e) {
			var p = el('p', 'quiz-explanation');
			p.appendChild(el('strong', '', S.explanation));
			p.appendChild(document.createTextNode(' ' + sealed.e));
			fb.appendChild(p);
		}
		if (notes.children.length) fb.appendChild(notes);
		fb.hidden = false;
	}

	function finish(st) {
		each(form.querySelectorAll('.quiz-question'), function (fs) { fs.disabled = true; });
		submitBtn.hidden = true;
		retake.hidden = left(st) <= 0;
		resultSec.hidden = false;
		showState(true);
		heading.focus();
	}

	function submitTest(picks) {
		var outcome = scoreTest(cfg, asked, picks), passed = outcome.passed, score = outcome.score;
		var st = keep(outcome);

		resultBody.textContent = '';
		resultBody.appendChild(el('p', 'quiz-verdict ' + (passed ? 'is-pass' : 'is-fail'), passed ? S.passed : S.failed));
		resultBody.appendChild(el('p', 'quiz-score', fmt(S.score, { score: score, pass: cfg.pass })));
		resultBody.appendChild(el('p', '', fmt(S.correct_count, { correct: outcome.right, asked: asked.length })));
		resultBody.appendChild(el('p', '', cfg.attempts > 0 ? fmt(S.attempt_of, { n: st.attempts, max: cfg.attempts }) :
			fmt(S.attempt, { n: st.attempts })));
		if (cfg.attempts > 0) {
			resultBody.appendChild(el('p', 'quiz-attempts', left(st) > 0 ?
				fmt(S.attempts_left, { n: left(st) }) : fmt(S.no_attempts_left, { max: cfg.attempts })));
		}
		if (reviewShown(cfg, st)) {
			asked.forEach(function (id) { review(id, picks[id], outcome.got[id]); });
		} else {
			resultBody.appendChild(el('p', 'quiz-note', cfg.review === 'never' ? S.review_never : S.review_after_pass));
		}
		finish(st);
	}

	/* The survey chart: one bar per group, its score against the group's highest score. */
	function chart(groups) {
		var NS = 'http://www.w3.org/2000/svg', W = 320, ROW = 44;
		var svg = document.createElementNS(NS, 'svg'), label = [];
		svg.setAttribute('viewBox', '0 0 ' + W + ' ' + (groups.length * ROW));
		svg.setAttribute('class', 'quiz-chart');
		svg.setAttribute('role', 'img');
		function add(tag, attrs, text) {
			var e = document.createElementNS(NS, tag);
			for (var k in attrs) e.setAttribute(k, attrs[k]);
			if (text !== undefined) e.textContent = text;
			svg.appendChild(e);
			return e;
		}
		groups.forEach(function (g, i) {
			var y = i * ROW, value = fmt(S.group_score, { score: g.score, max: g.max });
			var w = g.max > 0 ? Math.max(0, Math.min(1, g.score / g.max)) * W : 0;
			label.push(g.name + ' ' + value);
			add('text', { x: 0, y: y + 15, 'class': 'quiz-chart-label' }, g.name);
			add('text', { x: W, y: y + 15, 'text-anchor': 'end', 'class': 'quiz-chart-value' }, value);
			add('rect', { x: 0, y: y + 22, width: W, height: 14, rx: 3, 'class': 'quiz-chart-track' });
			add('rect', { x: 0, y: y + 22, width: w.toFixed(1), height: 14, rx: 3, 'class': 'quiz-chart-bar' });
		});
		svg.setAttribute('aria-label', S.by_group + ': ' + label.join(S.list_separator || ', '));
		return svg;
	}

	function submitSurvey(picks) {
		var outcome = scoreSurvey(cfg, asked, picks), band = outcome.band;
		var st = keep({ score: outcome.total, band: band ? band.label : null });

		resultBody.textContent = '';
		resultBody.appendChild(el('p', 'quiz-score', fmt(S.total, { total: outcome.total, min: cfg.min, max: cfg.max })));
		if (band) {
			var b = el('div', 'quiz-band');
			b.appendChild(el('p', 'quiz-band-label', band.label));
			if (band.message) b.appendChild(el('p', '', band.message));
			resultBody.appendChild(b);
		}
		if (outcome.groups.length) {
			resultBody.appendChild(el('h3', '', S.by_group));
			resultBody.appendChild(chart(outcome.groups));
		}
		resultBody.appendChild(el('h3', '', S.advice));
		if (outcome.advice.length) {
			var ul = el('ul', 'quiz-advice');
			outcome.advice.forEach(function (a) {
				var li = el('li');
				var prompt = questions[a.id].el.querySelector('.quiz-prompt').textContent;
				li.appendChild(el('strong', '', S.question_label + a.n + ' ' + prompt));
				li.appendChild(el('p', '', a.advice));
				ul.appendChild(li);
			});
			resultBody.appendChild(ul);
		} else {
			resultBody.appendChild(el('p', '', S.advice_none));
		}
		finish(st);
	}

	form.addEventListener('submit', function (e) {
		e.preventDefault();
		if (busy) return;
		var picks = {};
		asked.forEach(function (id) { picks[id] = picksOf(id); });
		var missing = unanswered(asked, picks);
		if (missing.length) {
			errorEl.textContent = fmt(S.unanswered, {
				list: missing.map(function (n) { return S.question_label + (n + 1); }).join(S.list_separator || ', ')
			});
			errorEl.hidden = false;
			questions[asked[missing[0]]].el.querySelector('input').focus();
			return;
		}
		busy = true;
		errorEl.hidden = true;
		if (isTest) submitTest(picks);
		else submitSurvey(picks);
	});

	retake.addEventListener('click', function () {
		if (left(myState()) <= 0) return;
		start();
		showState(); /* the result just shown is now the earlier one */
		var first = questions[asked[0]].el.querySelector('input');
		if (first) first.focus();
	});

	if (!store.persistent()) $('quiz-storage').hidden = false;
	start();
	showState();
	if (left(myState()) <= 0) {
		form.hidden = true; /* every attempt is used: the state line says so */
		stateEl.setAttribute('role', 'status');
	}
})();
