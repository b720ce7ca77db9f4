/*
 * search.js: the search box in every page's header, and the results page (search.html): the
 * page around search-core.js, which holds the search itself. The index is a manifest,
 * assets/search-index.js, and shards under assets/search/ (format in generator/search.h), all
 * classic scripts that kenshu's search module writes; the core and the manifest are loaded
 * with <script> tags the first time the box is used, then each query loads the shards its
 * tokens and the results it shows need, so search works from file:// with no fetch and the
 * first query on a course of 10,000 lessons loads one to three megabytes, not all 80. Every
 * interface word comes from data attributes that the templates fill from strings.yaml.
 */
(function () {
	'use strict';

	var DROPDOWN_MAX = 8;
	var SNIPPET_LEAD = 24; /* characters shown before the first match */

	/* The core (kenshuSearchCore) and the index, once their scripts have run. */
	var core = null;
	var ix = null;

	/* Scripts loaded once each; callbacks wait for their script, then learn whether it ran. */
	var scripts = new Map();
	function script(src, keep, done) {
		var waiting = scripts.get(src), s;
		if (waiting === true) return done(true);
		if (waiting) return waiting.push(done);
		scripts.set(src, [done]);
		s = document.createElement('script');
		s.src = src;
		s.onload = s.onerror = function (e) {
			var list = scripts.get(src), ok = e.type === 'load';
			scripts.set(src, ok || undefined);
			/* A shard has given its data away: its element need not stay in the page. */
			if (!keep) s.parentNode.removeChild(s);
			list.forEach(function (f) { f(ok); });
		};
		document.head.appendChild(s);
	}

	/* Each shard script calls this with its name and data; shards are asked for once ix is. */
	window.KENSHU_SEARCH_SHARD = function (id, data) {
		if (ix) ix.addShard(id, data);
	};

	var form = document.querySelector('form.search');
	var indexSrc = (form && form.getAttribute('data-search-index')) || 'assets/search-index.js';
	var base = indexSrc.replace(/[^\/]*$/, '');

	/* The core and the manifest, once; done(ok). */
	function load(done) {
		if (ix) return done(true);
		script(base + 'search-core.js', true, function (ok) {
			if (!ok || !window.kenshuSearchCore) return done(false);
			core = window.kenshuSearchCore;
			script(indexSrc, true, function (ok2) {
				if (!ok2 || !window.KENSHU_SEARCH) return done(false);
				if (!ix) ix = core.open(window.KENSHU_SEARCH);
				done(true);
			});
		});
	}

	/* The shards named, those not yet loaded loaded at once; done(ok) after the last. */
	function shards(ids, done) {
		var left = ids.length + 1, failed = false;
		function one(ok) {
			failed = failed || !ok;
			if (--left === 0) done(!failed);
		}
		ids.forEach(function (id) { script(base + 'search/' + id + '.js', false, one); });
		one(true);
	}

	/*
	 * Search for q and describe its first limit results: done({ terms, count, results }), or
	 * done(null) when a script would not load. When everything needed is already loaded, done
	 * is called before search returns.
	 */
	function search(q, limit, done) {
		load(function (ok) {
			if (!ok) return done(null);
			shards(ix.tokenShards(q), function (ok2) {
				var res, shown;
				if (!ok2) return done(null);
				res = ix.query(q);
				shown = res.results.slice(0, limit);
				shards(ix.textShards(shown), function (ok3) {
					if (!ok3) return done(null);
					shards(ix.bodyShards(shown, res.terms), function (ok4) {
						if (!ok4) return done(null);
						done({
							terms: res.terms,
							count: res.results.length,
							results: shown.map(function (r) { return ix.describe(r, res.terms); })
						});
					});
				});
			});
		});
	}

	/* text with every occurrence of the (normalised) terms as <mark>, appended to el. */
	function highlight(el, text, terms, trim) {
		var ranges = core.find(text, terms), start = 0, i;
		if (trim && ranges.length && ranges[0][0] > SNIPPET_LEAD) {
			start = ranges[0][0] - Math.floor(SNIPPET_LEAD / 2);
			if ((text.charCodeAt(start) & 0xFC00) === 0xDC00) start--;
			el.appendChild(document.createTextNode('\u2026'));
		}
		i = start;
		ranges.forEach(function (r) {
			if (r[0] < i) return; /* inside or overlapping a range already marked */
			if (r[0] > i) el.appendChild(document.createTextNode(text.slice(i, r[0])));
			var m = document.createElement('mark');
			m.textContent = text.slice(r[0], r[1]);
			el.appendChild(m);
			i = r[1];
		});
		if (i < text.length) el.appendChild(document.createTextNode(text.slice(i)));
	}

	function el(tag, cls, text) {
		var e = document.createElement(tag);
		if (cls) e.className = cls;
		if (text) e.textContent = text;
		return e;
	}

	function countText(strings, n) {
		return n === 1 ? strings.countOne : strings.count.replace('{n}', String(n));
	}

	/* One result: title (and heading), then the snippet, both highlighted. */
	function resultContent(parent, r, terms) {
		var title = el('span', 'search-result-title');
		highlight(title, r.title, terms, false);
		if (r.heading) {
			title.appendChild(el('span', 'search-result-sep', ' \u203A '));
			highlight(title, r.heading, terms, false);
		}
		parent.appendChild(title);
		if (r.snippet) {
			var snip = el('span', 'search-result-snippet');
			highlight(snip, r.snippet, terms, true);
			parent.appendChild(snip);
		}
	}

	var strings = {
		none: form ? form.getAttribute('data-none') : '',
		count: form ? form.getAttribute('data-count') : '{n}',
		countOne: form ? form.getAttribute('data-count-one') : '1',
		loading: form ? form.getAttribute('data-loading') : ''
	};

	function debounce(f, ms) {
		var timer = null;
		return function () {
			clearTimeout(timer);
			timer = setTimeout(f, ms);
		};
	}

	/* The header's combobox: results as you type in a listbox, arrows, Enter, Escape. */
	function setupBox() {
		var input = form.querySelector('.search-input');
		var popup = form.querySelector('.search-popup');
		var list = form.querySelector('.search-list');
		var all = form.querySelector('.search-all');
		var status = form.querySelector('[data-search-status]');
		var action = form.getAttribute('action') || 'search.html';
		var none = el('p', 'search-none');
		var options = [], active = -1, shown = '';
		if (!input || !popup || !list) return;
		popup.insertBefore(none, list);
		none.hidden = true;

		function open(on) {
			popup.hidden = !on;
			input.setAttribute('aria-expanded', on ? 'true' : 'false');
			if (!on) select(-1);
		}
		function select(i) {
			if (active >= 0 && options[active]) options[active].setAttribute('aria-selected', 'false');
			active = i;
			if (i >= 0 && options[i]) {
				options[i].setAttribute('aria-selected', 'true');
				input.setAttribute('aria-activedescendant', options[i].id);
				if (options[i].scrollIntoView) options[i].scrollIntoView({ block: 'nearest' });
			} else {
				input.removeAttribute('aria-activedescendant');
			}
		}
		/* The results for the box's query, shown when they are at hand. */
		function update() {
			var q = input.value, pending = true;
			if (!q.trim()) {
				shown = '';
				status.textContent = '';
				open(false);
				return;
			}
			if (q === shown && !popup.hidden) return;
			search(q, DROPDOWN_MAX, function (res) {
				pending = false;
				if (res && input.value === q) render(q, res);
			});
			if (pending) status.textContent = strings.loading;
		}
		function render(q, res) {
			shown = q;
			list.textContent = '';
			options = [];
			active = -1;
			input.removeAttribute('aria-activedescendant');
			res.results.forEach(function (r, i) {
				var li = el('li', 'search-option'), a = el('a');
				li.id = 'search-opt-' + i;
				li.setAttribute('role', 'option');
				li.setAttribute('aria-selected', 'false');
				a.href = r.href;
				a.tabIndex = -1;
				resultContent(a, r, res.terms);
				li.appendChild(a);
				list.appendChild(li);
				options.push(li);
			});
			none.textContent = strings.none;
			none.hidden = res.count > 0;
			list.hidden = res.count === 0;
			all.href = action + '?q=' + encodeURIComponent(q);
			all.hidden = res.count === 0;
			status.textContent = res.count ? countText(strings, res.count) : strings.none;
			open(true);
		}
		var later = debounce(update, 60);

		input.addEventListener('focus', function () { load(function () {}); });
		input.addEventListener('input', later);
		input.addEventListener('keydown', function (e) {
			if (e.isComposing || e.keyCode === 229) return; /* the IME is converting */
			if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
				e.preventDefault();
				update();
				if (!options.length) return;
				if (popup.hidden) open(true);
				if (e.key === 'ArrowDown') select(active + 1 < options.length ? active + 1 : 0);
				else select(active > 0 ? active - 1 : options.length - 1);
			} else if (e.key === 'Enter') {
				if (!popup.hidden && active >= 0 && options[active]) {
					e.preventDefault();
					location.href = options[active].firstChild.href;
				} else if (!input.value.trim()) {
					e.preventDefault();
				}
			} else if (e.key === 'Escape') {
				if (!popup.hidden) {
					e.preventDefault();
					open(false);
				} else if (input.value) {
					e.preventDefault();
					input.value = '';
					update();
				}
			}
		});
		/* Keep the focus in the box while a result is clicked, close when it leaves. */
		popup.addEventListener('mousedown', function (e) { e.preventDefault(); });
		form.addEventListener('focusout', function (e) {
			if (!e.relatedTarget || !form.contains(e.relatedTarget)) open(false);
		});
		form.addEventListener('submit', function (e) {
			if (!input.value.trim()) e.preventDefault();
		});
	}

	/*
	 * search.html: the results for ?q=, updated as the query is edited, PAGE_RESULTS at a
	 * time: each result shown loads the text shard that holds its title and snippet, and a
	 * word found on every page of a large course would otherwise load nearly all of them.
	 */
	var PAGE_RESULTS = 50;
	function setupPage(page) {
		var input = page.querySelector('input[name="q"]');
		var pageForm = page.querySelector('form');
		var status = page.querySelector('[data-search-page-status]');
		var list = page.querySelector('[data-search-results]');
		var more = page.querySelector('[data-search-more]');
		var shown = PAGE_RESULTS;
		var q = '';
		try {
			q = new URLSearchParams(location.search).get('q') || '';
		} catch (e) {
			q = '';
		}
		/* Show the results of the query in the box; with keep, as many as shown already. */
		function show(keep) {
			var text = input.value, pending = true;
			if (!keep) shown = PAGE_RESULTS;
			if (more) more.hidden = true;
			if (!text.trim()) {
				list.textContent = '';
				status.textContent = status.getAttribute('data-empty') || '';
				return;
			}
			search(text, shown, function (res) {
				pending = false;
				if (!res || input.value !== text) return;
				list.textContent = '';
				res.results.forEach(function (r) {
					var li = el('li', 'search-result'), a = el('a');
					a.href = r.href;
					resultContent(a, r, res.terms);
					li.appendChild(a);
					list.appendChild(li);
				});
				status.textContent = res.count ? countText(strings, res.count) : strings.none;
				if (more) more.hidden = res.count <= res.results.length;
			});
			if (pending) status.textContent = strings.loading;
		}
		function remember() {
			try {
				history.replaceState(null, '', '?q=' + encodeURIComponent(input.value));
			} catch (e) { /* some browsers refuse it on file:// */ }
		}
		input.value = q;
		if (more) {
			more.addEventListener('click', function () {
				shown += PAGE_RESULTS;
				show(true);
			});
		}
		input.addEventListener('input', debounce(function () { show(); remember(); }, 120));
		pageForm.addEventListener('submit', function (e) {
			e.preventDefault();
			show();
			remember();
		});
		show();
	}

	window.kenshu = window.kenshu || {};
	window.kenshu.search = { load: load, search: search };
	if (form) setupBox();
	var page = document.querySelector('[data-search-page]');
	if (page) setupPage(page);
})();
