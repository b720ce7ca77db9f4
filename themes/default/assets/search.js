/*
 * search.js: the search box in every page's header, and the results page (search.html).
 * The index, assets/search-index.js, is a classic script that kenshu's search module writes
 * (its format is described in generator/search.h); it is loaded with a <script> tag the first
 * time the box is used, so search works from file:// with no fetch. The query goes through
 * the same steps as the indexed text: NFKC, lower case, katakana as hiragana, then the same
 * tokens (CJK bigrams at consecutive positions, Latin words). Every interface word comes from
 * data attributes that the templates fill from strings.yaml.
 */
(function () {
	'use strict';

	var ESCAPE = 16; /* Rice codes: see search.h */
	var B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
	var DROPDOWN_MAX = 8;
	var SNIPPET_LEAD = 24; /* characters shown before the first match */
	var VAL = new Int8Array(128);
	var c;
	for (c = 0; c < 64; c++) VAL[B64.charCodeAt(c)] = c;

	var WORD;
	try {
		WORD = new RegExp('[\\p{L}\\p{N}\\p{M}]', 'u');
	} catch (e) {
		WORD = /[0-9A-Za-z\u00AA\u00B5\u00BA\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u02FF\u0370-\u1FFF]/;
	}
	var MARK;
	try {
		MARK = new RegExp('[\\p{M}\\uFF9E\\uFF9F]', 'u');
	} catch (e) {
		MARK = /[\u0300-\u036F\u3099\u309A\uFF9E\uFF9F]/;
	}

	/* Kanji, kana and Hangul, as in search.c. */
	function isCJK(cp) {
		return (cp >= 0x3005 && cp <= 0x3007) || (cp >= 0x3041 && cp <= 0x3096) ||
			(cp >= 0x309D && cp <= 0x309F) || (cp >= 0x30A1 && cp <= 0x30FA) ||
			(cp >= 0x30FC && cp <= 0x30FF) || (cp >= 0x31F0 && cp <= 0x31FF) ||
			(cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x4E00 && cp <= 0x9FFF) ||
			(cp >= 0xAC00 && cp <= 0xD7AF) || (cp >= 0xF900 && cp <= 0xFAFF) ||
			(cp >= 0x20000 && cp <= 0x3FFFF);
	}

	/* Lower case and kana folding, code point by code point, of NFKC text. */
	function fold(s) {
		var out = '', i = 0, cp, ch, low;
		while (i < s.length) {
			cp = s.codePointAt(i);
			ch = String.fromCodePoint(cp);
			i += ch.length;
			low = ch.toLowerCase();
			if (low !== ch) {
				cp = low.codePointAt(0); /* one code point, as utf8proc_tolower gives */
				ch = String.fromCodePoint(cp);
			}
			if (cp >= 0x30A1 && cp <= 0x30F6) ch = String.fromCharCode(cp - 0x60);
			out += ch;
		}
		return out;
	}

	function normalize(s) {
		return fold(String(s).normalize('NFKC'));
	}

	/*
	 * The tokens of a normalised query term, with positions as search_tokenize gives them:
	 * t is 'b' (bigram), 'u' (a lone CJK character: any bigram starting with it, or itself)
	 * or 'w' (a word).
	 */
	function tokenize(norm) {
		var chars = Array.from(norm), toks = [], pos = 0, i = 0, j, m, cp;
		while (i < chars.length) {
			cp = chars[i].codePointAt(0);
			if (isCJK(cp)) {
				for (j = i; j < chars.length && isCJK(chars[j].codePointAt(0)); j++);
				if (j - i === 1) toks.push({ k: chars[i], p: pos, t: 'u' });
				for (m = i; m < j - 1; m++) toks.push({ k: chars[m] + chars[m + 1], p: pos + m - i, t: 'b' });
				pos += j - i;
				i = j;
			} else if (WORD.test(chars[i])) {
				for (j = i; j < chars.length && !isCJK(chars[j].codePointAt(0)) && WORD.test(chars[j]); j++);
				toks.push({ k: chars.slice(i, j).join(''), p: pos++, t: 'w' });
				i = j;
			} else {
				if (chars[i] === '\n') pos++;
				i++;
			}
		}
		return toks;
	}

	/* The index, once loaded: documents, sections and postings, decoded on demand. */
	var ix = null;

	function prepare(data) {
		var i, s, n = data.s.length, at = 0;
		ix = {
			chars: Array.from(data.chars),
			ones: data.ones,
			docs: data.d,
			secs: data.s,
			terms: data.t,
			secDoc: new Int32Array(n),
			start: new Float64Array(n + 1),
			headLen: new Int32Array(n),
			first: new Int32Array(data.d.length),
			cache: new Map(),
			keys: null, /* sorted token keys, for prefixes */
			byChar: null /* first character -> bigram keys */
		};
		for (i = 0; i < n; i++) {
			s = data.s[i];
			ix.secDoc[i] = s[0];
			ix.headLen[i] = s[3];
			ix.start[i] = at;
			at += s[4];
			if (i === 0 || data.s[i - 1][0] !== s[0]) ix.first[s[0]] = i;
		}
		ix.start[n] = at;
	}

	var EMPTY = new Float64Array(0);

	/* A coded heading or snippet as text (see search.h). */
	function symbol(str, i) {
		var code = str.charCodeAt(i);
		return code - 0x20 - (code > 0x22 ? 1 : 0) - (code > 0x5C ? 1 : 0);
	}
	function uncode(str) {
		var out = '', i = 0, a, r, two = (92 - ix.ones) * 93;
		while (i < str.length) {
			a = symbol(str, i++);
			if (a < ix.ones) {
				r = a;
			} else if (a < 92) {
				r = ix.ones + (a - ix.ones) * 93 + symbol(str, i++);
			} else {
				r = ix.ones + two + symbol(str, i) * 93 + symbol(str, i + 1);
				i += 2;
			}
			out += ix.chars[r];
		}
		return out;
	}

	/* A token's positions, ascending: k, the count, then Rice-coded gaps (search.h). */
	function decode(str) {
		var i = 1, acc = 0, nb = 0, k = VAL[str.charCodeAt(0)], mult = Math.pow(2, k);
		var n, out, pos = -1, q, j, low;
		/* m bits (m < 25) as a number; acc keeps the nb bits not yet read. */
		function take(m) {
			var v;
			while (nb < m) {
				acc = (acc << 6) | VAL[str.charCodeAt(i++)];
				nb += 6;
			}
			nb -= m;
			v = acc >>> nb;
			acc &= (1 << nb) - 1;
			return v;
		}
		function gamma() {
			var m = 0;
			while (!take(1)) m++;
			return Math.pow(2, m) + (m > 24 ? take(m - 24) * 16777216 + take(24) : take(m)) - 1;
		}
		n = gamma() + 1;
		out = new Float64Array(n);
		for (j = 0; j < n; j++) {
			/* The hot loop reads the unary part and the low bits in place. */
			for (q = 0; ;) {
				if (nb === 0) {
					acc = VAL[str.charCodeAt(i++)];
					nb = 6;
				}
				nb--;
				if (((acc >>> nb) & 1) === 0 || ++q === ESCAPE) break;
			}
			acc &= (1 << nb) - 1;
			if (q === ESCAPE) q += gamma();
			if (k <= 24) {
				while (nb < k) {
					acc = (acc << 6) | VAL[str.charCodeAt(i++)];
					nb += 6;
				}
				nb -= k;
				low = acc >>> nb;
				acc &= (1 << nb) - 1;
			} else {
				low = take(k - 24) * 16777216 + take(24);
			}
			pos += q * mult + low + 1;
			out[j] = pos;
		}
		return out;
	}

	function postings(key) {
		var list = ix.cache.get(key);
		if (!list) {
			list = Object.prototype.hasOwnProperty.call(ix.terms, key) ? decode(ix.terms[key]) : EMPTY;
			ix.cache.set(key, list);
		}
		return list;
	}

	/* Several postings lists as one (a prefix, a lone character), through a bit set. */
	function union(lists) {
		var words, out, total = 0, i, j, w, x, list, n = 0;
		lists = lists.filter(function (l) { return l.length > 0; });
		if (lists.length === 0) return EMPTY;
		if (lists.length === 1) return lists[0];
		words = new Int32Array(Math.floor(ix.start[ix.start.length - 1] / 32) + 1);
		for (i = 0; i < lists.length; i++) {
			list = lists[i];
			total += list.length;
			for (j = 0; j < list.length; j++) words[list[j] >>> 5] |= 1 << (list[j] & 31);
		}
		out = new Float64Array(total);
		for (w = 0; w < words.length; w++) {
			for (x = words[w]; x !== 0; x &= x - 1) out[n++] = w * 32 + 31 - Math.clz32(x & -x);
		}
		return out.subarray(0, n);
	}

	function sortedKeys() {
		if (!ix.keys) ix.keys = Object.keys(ix.terms).sort();
		return ix.keys;
	}

	function withPrefix(prefix) {
		var keys = sortedKeys(), lo = 0, hi = keys.length, mid, out = [];
		while (lo < hi) {
			mid = (lo + hi) >> 1;
			if (keys[mid] < prefix) lo = mid + 1;
			else hi = mid;
		}
		for (; lo < keys.length && keys[lo].lastIndexOf(prefix, 0) === 0; lo++) out.push(keys[lo]);
		return out;
	}

	function bigramsOf(ch) {
		var k, first;
		if (!ix.byChar) {
			ix.byChar = new Map();
			for (k in ix.terms) {
				if (!Object.prototype.hasOwnProperty.call(ix.terms, k)) continue;
				first = String.fromCodePoint(k.codePointAt(0));
				if (first.length < k.length && isCJK(k.codePointAt(0))) {
					if (!ix.byChar.has(first)) ix.byChar.set(first, []);
					ix.byChar.get(first).push(k);
				}
			}
		}
		return ix.byChar.get(ch) || [];
	}

	/* The positions a query token stands for; unions are kept, as decoded lists are. */
	function tokenList(tok, prefix) {
		var name, list;
		if (tok.t === 'b' || (tok.t === 'w' && !prefix)) return postings(tok.k);
		name = '\u0000' + tok.t + tok.k;
		if (!(list = ix.cache.get(name))) {
			if (tok.t === 'u') list = union([postings(tok.k)].concat(bigramsOf(tok.k).map(postings)));
			else list = union(withPrefix(tok.k).map(postings));
			ix.cache.set(name, list);
		}
		return list;
	}

	/*
	 * Where one query term occurs as a phrase (its tokens at the same distances as in the
	 * query): the sections, ascending, with the number of occurrences in each and whether one
	 * starts in the section's head.
	 */
	function matchTerm(toks) {
		var lists = [], offs = [], at = [], driver = 0, i, j, st, ok, sec = 0, list, want, a;
		var found = { secs: [], hits: [], head: [] }, last = -1;
		for (i = 0; i < toks.length; i++) {
			lists.push(tokenList(toks[i], i === toks.length - 1 && toks[i].t === 'w'));
			offs.push(toks[i].p - toks[0].p);
			at.push(0);
			if (lists[i].length === 0) return found;
			if (lists[i].length < lists[driver].length) driver = i;
		}
		for (j = 0; j < lists[driver].length; j++) {
			st = lists[driver][j] - offs[driver];
			/* Linear steps: no dearer than decoding the lists was. */
			for (i = 0, ok = true; i < lists.length && ok; i++) {
				if (i === driver) continue;
				list = lists[i];
				want = st + offs[i];
				for (a = at[i]; a < list.length && list[a] < want; a++);
				at[i] = a;
				ok = list[a] === want;
			}
			if (!ok) continue;
			while (ix.start[sec + 1] <= st) sec++;
			if (sec !== last) {
				found.secs.push(sec);
				found.hits.push(0);
				found.head.push(false);
				last = sec;
			}
			found.hits[found.hits.length - 1]++;
			if (st - ix.start[sec] < ix.headLen[sec]) found.head[found.head.length - 1] = true;
		}
		return found;
	}

	/*
	 * Search the loaded index. Words separated by spaces must all occur in a result (each as a
	 * phrase); results rank by where they occur (title, then heading, then body, added up
	 * over the words), then by the number of occurrences, then in reading order. Returns
	 * { terms: the normalised words, results: [{ doc, sec }] }, sec being the section to show
	 * and link to (see describe).
	 */
	function query(q) {
		var parts = normalize(q || '').split(/\s+/), terms = [], toks = [], i, j, t;
		var nd, ns, sum, hits, count, rank, secRank, secHits, touched = [], best, results = [];
		for (i = 0; i < parts.length; i++) {
			t = tokenize(parts[i]);
			if (t.length) {
				terms.push(parts[i]);
				toks.push(t);
			}
		}
		if (!ix || !toks.length) return { terms: terms, results: [] };
		nd = ix.docs.length;
		ns = ix.secs.length;
		sum = new Int32Array(nd);
		hits = new Int32Array(nd);
		count = new Int32Array(nd);
		rank = new Int8Array(nd);
		secRank = new Int8Array(ns).fill(3);
		secHits = new Int32Array(ns);
		for (i = 0; i < toks.length; i++) {
			var found = matchTerm(toks[i]), docs = [];
			rank.fill(3);
			for (j = 0; j < found.secs.length; j++) {
				var sec = found.secs[j], doc = ix.secDoc[sec];
				var r = found.head[j] ? (ix.first[doc] === sec ? 0 : 1) : 2;
				if (rank[doc] === 3) docs.push(doc);
				if (r < rank[doc]) rank[doc] = r;
				hits[doc] += found.hits[j];
				if (secHits[sec] === 0) touched.push(sec);
				if (r < secRank[sec]) secRank[sec] = r;
				secHits[sec] += found.hits[j];
			}
			if (!docs.length) return { terms: terms, results: [] };
			for (j = 0; j < docs.length; j++) {
				count[docs[j]]++;
				sum[docs[j]] += rank[docs[j]];
			}
		}
		/* The section to show: best place, then most occurrences, then first. */
		best = new Int32Array(nd).fill(-1);
		touched.sort(function (x, y) { return x - y; });
		for (j = 0; j < touched.length; j++) {
			var s = touched[j], d = ix.secDoc[s], b = best[d];
			if (count[d] !== toks.length) continue;
			if (b < 0) results.push(d);
			if (b < 0 || secRank[s] < secRank[b] || (secRank[s] === secRank[b] && secHits[s] > secHits[b])) best[d] = s;
		}
		results.sort(function (x, y) { return sum[x] - sum[y] || hits[y] - hits[x] || x - y; });
		return {
			terms: terms,
			results: results.map(function (d) { return { doc: d, sec: best[d] }; })
		};
	}

	/* What a result shows: { title, heading, href, snippet }. */
	function describe(r) {
		var s = ix.secs[r.sec], doc = ix.docs[r.doc], href = doc[1], heading = uncode(s[2]);
		if (s[1] !== '') href = href.split('#')[0] + '#' + (s[1] === 0 ? heading : s[1]);
		return { title: doc[0], heading: heading, href: href, snippet: uncode(s[5]) };
	}

	/* text with every occurrence of the (normalised) terms as <mark>, appended to el. */
	function highlight(el, text, terms, trim) {
		var norm = '', from = [], to = [], i = 0, j, k, n, cp, ch, ranges = [], start, at;
		while (i < text.length) {
			cp = text.codePointAt(i);
			j = i + String.fromCodePoint(cp).length;
			while (j < text.length && MARK.test(ch = String.fromCodePoint(text.codePointAt(j)))) j += ch.length;
			n = normalize(text.slice(i, j));
			for (k = 0; k < n.length; k++) {
				from.push(i);
				to.push(j);
			}
			norm += n;
			i = j;
		}
		terms.forEach(function (t) {
			if (!t) return;
			for (at = norm.indexOf(t); at >= 0; at = norm.indexOf(t, at + t.length))
				ranges.push([from[at], to[at + t.length - 1]]);
		});
		ranges.sort(function (x, y) { return x[0] - y[0] || y[1] - x[1]; });
		start = 0;
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

	/*
	 * One search for the most frequent token as the index arrives, so that the engine has
	 * compiled the decoder, the unions and the matcher before the first real query: on the
	 * 2,000-lesson bench this adds about 100 ms to loading and takes the first query from
	 * about 60 ms to 20.
	 */
	function prime() {
		var k, n, most = 0, best = '';
		for (k in ix.terms) {
			n = Object.prototype.hasOwnProperty.call(ix.terms, k) ? ix.terms[k].length : 0;
			if (n > most) {
				most = n;
				best = k;
			}
		}
		if (best) query(best);
	}

	/* Loading the index with a script tag, once; callbacks wait for it. */
	var loading = null;
	function load(src, done) {
		if (ix) return done(true);
		if (window.KENSHU_SEARCH) {
			prepare(window.KENSHU_SEARCH);
			return done(true);
		}
		if (loading) return loading.push(done);
		loading = [done];
		var s = document.createElement('script');
		s.src = src;
		s.onload = function () {
			var waiting = loading;
			if (window.KENSHU_SEARCH) {
				prepare(window.KENSHU_SEARCH);
				prime();
			}
			loading = null;
			waiting.forEach(function (f) { f(!!ix); });
		};
		s.onerror = function () {
			var waiting = loading;
			loading = null;
			waiting.forEach(function (f) { f(false); });
		};
		document.head.appendChild(s);
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

	var form = document.querySelector('form.search');
	var indexSrc = (form && form.getAttribute('data-search-index')) || 'assets/search-index.js';
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
		function update() {
			var q = input.value, res;
			if (!q.trim()) {
				shown = '';
				status.textContent = '';
				open(false);
				return;
			}
			if (!ix) {
				status.textContent = strings.loading;
				load(indexSrc, function (ok) { if (ok) update(); });
				return;
			}
			if (q === shown && !popup.hidden) return;
			shown = q;
			res = query(q);
			list.textContent = '';
			options = [];
			active = -1;
			input.removeAttribute('aria-activedescendant');
			res.results.slice(0, DROPDOWN_MAX).map(describe).forEach(function (r, i) {
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
			none.hidden = res.results.length > 0;
			list.hidden = res.results.length === 0;
			all.href = action + '?q=' + encodeURIComponent(q);
			all.hidden = res.results.length === 0;
			status.textContent = res.results.length ? countText(strings, res.results.length) : strings.none;
			open(true);
		}
		var later = debounce(update, 60);

		input.addEventListener('focus', function () { load(indexSrc, function () {}); });
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

	/* search.html: every result for ?q=, updated as the query is edited. */
	function setupPage(page) {
		var input = page.querySelector('input[name="q"]');
		var pageForm = page.querySelector('form');
		var status = page.querySelector('[data-search-page-status]');
		var list = page.querySelector('[data-search-results]');
		var q = '';
		try {
			q = new URLSearchParams(location.search).get('q') || '';
		} catch (e) {
			q = '';
		}
		function show() {
			var text = input.value, res;
			if (!text.trim()) {
				list.textContent = '';
				status.textContent = status.getAttribute('data-empty') || '';
				return;
			}
			if (!ix) {
				status.textContent = strings.loading;
				load(indexSrc, function (ok) { if (ok) show(); });
				return;
			}
			res = query(text);
			list.textContent = '';
			res.results.map(describe).forEach(function (r) {
				var li = el('li', 'search-result'), a = el('a');
				a.href = r.href;
				resultContent(a, r, res.terms);
				li.appendChild(a);
				list.appendChild(li);
			});
			status.textContent = res.results.length ? countText(strings, res.results.length) : strings.none;
		}
		function remember() {
			try {
				history.replaceState(null, '', '?q=' + encodeURIComponent(input.value));
			} catch (e) { /* some browsers refuse it on file:// */ }
		}
		input.value = q;
		input.addEventListener('input', debounce(function () { show(); remember(); }, 120));
		pageForm.addEventListener('submit', function (e) {
			e.preventDefault();
			show();
			remember();
		});
		show();
	}

	window.kenshu = window.kenshu || {};
	window.kenshu.search = {
		load: function (done) { load(indexSrc, done); },
		query: query,
		describe: describe,
		normalize: normalize,
		tokenize: tokenize
	};
	if (form) setupBox();
	var page = document.querySelector('[data-search-page]');
	if (page) setupPage(page);
})();
