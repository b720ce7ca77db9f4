/*
 * search-core.js: the search itself, with no page around it: the query normalised and cut
 * into tokens as kenshu's search module cuts the indexed text (NFKC, lower case, katakana as
 * hiragana; CJK bigrams at consecutive positions, Latin words), token positions decoded,
 * phrases matched and results ranked. The index comes in shards (format in
 * generator/search.h): open() takes the manifest, tokenShards() and textShards() name the
 * shards a query and its results need (bodyShards() those whose snippet must be cut from the
 * rest of a section's text), addShard() takes one as it arrives, and query() and describe()
 * answer from what has arrived; find() locates the words searched for in a text, for
 * snippets and highlighting. Loading the shards is search.js's job, so this file runs
 * unchanged under node:test (module.exports) and in the page (kenshuSearchCore).
 */
(function (root) {
	'use strict';

	var ESCAPE = 16; /* Rice codes: see search.h */
	var B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
	var VAL = new Int8Array(128);
	var c;
	for (c = 0; c < 64; c++) VAL[B64.charCodeAt(c)] = c;

	var WORD, MARK;
	try {
		WORD = new RegExp('[\\p{L}\\p{N}\\p{M}]', 'u');
		MARK = new RegExp('[\\p{M}\\uFF9E\\uFF9F]', 'u');
	} catch (e) {
		WORD = /[0-9A-Za-z\u00AA\u00B5\u00BA\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u02FF\u0370-\u1FFF]/;
		MARK = /[\u0300-\u036F\u3099\u309A\uFF9E\uFF9F]/;
	}
	var SNIPPET = 64; /* characters of a snippet cut around a match, as search.c keeps */
	var LEAD = 12; /* of them before the match */
	var ELLIPSIS = '\u2026';

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
	 * Where the normalised terms occur in text, as [from, to] ranges of text, sorted: each
	 * character normalised with the marks that follow it, so a range never splits one.
	 */
	function find(text, terms) {
		var norm = '', from = [], to = [], i = 0, j, k, n, cp, ch, ranges = [], at;
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
		return ranges.sort(function (x, y) { return x[0] - y[0] || y[1] - x[1]; });
	}

	/* SNIPPET characters of text from a little before the first of the terms, or null. */
	function around(text, terms) {
		var ranges = find(text, terms), start, end;
		if (!ranges.length) return null;
		start = Math.max(0, ranges[0][0] - LEAD);
		if ((text.charCodeAt(start) & 0xFC00) === 0xDC00) start--;
		end = Math.min(text.length, Math.max(start + SNIPPET, ranges[0][1]));
		if ((text.charCodeAt(end - 1) & 0xFC00) === 0xD800) end++;
		return (start > 0 ? ELLIPSIS : '') + text.slice(start, end) + (end < text.length ? ELLIPSIS : '');
	}

	/* A stored snippet that shows none of the terms while its section's text goes on. */
	function missing(snippet, terms) {
		return snippet.slice(-1) === ELLIPSIS && find(snippet, terms).length === 0;
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

	/*
	 * A query as words separated by spaces, each normalised and cut into tokens; a token
	 * stands for a prefix (every token it begins) when it is a lone CJK character or the
	 * word a term ends with, which may still be being typed.
	 */
	function parse(q) {
		var parts = normalize(q || '').split(/\s+/), terms = [], toks = [], i, t;
		for (i = 0; i < parts.length; i++) {
			t = tokenize(parts[i]);
			if (t.length) {
				terms.push(parts[i]);
				toks.push(t);
			}
		}
		return { terms: terms, toks: toks };
	}

	function isPrefix(toks, i) {
		return toks[i].t === 'u' || (toks[i].t === 'w' && i === toks.length - 1);
	}

	/*
	 * Strings in code point order, as the index sorts its tokens (UTF-8 byte order): UTF-16
	 * units compare the same way except the surrogates, which stand for code points above
	 * every other unit's.
	 */
	function unit(u) {
		return u >= 0xE000 ? u - 0x800 : u >= 0xD800 ? u + 0x2000 : u;
	}
	function compare(a, b) {
		var n = Math.min(a.length, b.length), i, x, y;
		for (i = 0; i < n; i++) {
			x = a.charCodeAt(i);
			y = b.charCodeAt(i);
			if (x !== y) return unit(x) - unit(y);
		}
		return a.length - b.length;
	}

	/* The last index i of sorted list with list[i] <= key (by less), or -1. */
	function floor(list, key, cmp) {
		var lo = 0, hi = list.length, mid;
		while (lo < hi) {
			mid = (lo + hi) >> 1;
			if (cmp(list[mid], key) <= 0) lo = mid + 1;
			else hi = mid;
		}
		return lo - 1;
	}
	function byNumber(a, b) { return a - b; }

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

	/* The manifest's section table: numbers of 5 bits a character, low bits first. */
	function numbers(str) {
		var out = [], i = 0, v, shift, d;
		while (i < str.length) {
			v = 0;
			shift = 1;
			do {
				d = VAL[str.charCodeAt(i++)];
				v += (d & 31) * shift;
				shift *= 32;
			} while (d & 32);
			out.push(v);
		}
		return out;
	}

	var EMPTY = new Float64Array(0);
	var has = Object.prototype.hasOwnProperty;

	/* The index of a manifest: sections, where positions start, and the shards so far. */
	function Index(m) {
		var nums = numbers(m.s), n = nums.length / 2, i, doc = -1, at = 0;
		this.chars = Array.from(m.chars);
		this.ones = m.ones;
		this.firstKeys = m.t;
		this.firstDocs = m.d;
		this.firstBodies = m.b || [];
		this.secDoc = new Int32Array(n);
		this.headLen = new Int32Array(n);
		this.start = new Float64Array(n + 1);
		this.first = [];
		for (i = 0; i < n; i++) {
			if (nums[2 * i] & 1) this.first[++doc] = i;
			this.secDoc[i] = doc;
			this.headLen[i] = nums[2 * i] >>> 1;
			this.start[i] = at;
			at += nums[2 * i + 1];
		}
		this.start[n] = at;
		this.ndocs = doc + 1;
		this.shards = new Map();
		this.keys = new Map(); /* token shard -> its keys, sorted */
		this.cache = new Map(); /* token, or a prefix -> its positions */
	}

	Index.prototype.addShard = function (id, data) {
		this.shards.set(id, data);
	};

	/* The token shard holding key, if any token sorts at or before it. */
	Index.prototype.shardOf = function (key) {
		var i = floor(this.firstKeys, key, compare);
		return i < 0 ? null : 't' + i;
	};

	/* The token shards that may hold tokens beginning with prefix. */
	Index.prototype.prefixShards = function (prefix) {
		var i = Math.max(floor(this.firstKeys, prefix, compare), 0), out = [];
		if (!this.firstKeys.length) return out;
		for (out.push('t' + i++); i < this.firstKeys.length && this.firstKeys[i].lastIndexOf(prefix, 0) === 0; i++)
			out.push('t' + i);
		return out;
	};

	function loaded(ix, id) {
		var data = ix.shards.get(id);
		if (!data) throw new Error('search: shard ' + id + ' is not loaded');
		return data;
	}

	/* The shards query q needs, in the order of its tokens, each once. */
	Index.prototype.tokenShards = function (q) {
		var p = parse(q), seen = new Set(), out = [], i, j, toks, ids, k;
		for (i = 0; i < p.toks.length; i++) {
			toks = p.toks[i];
			for (j = 0; j < toks.length; j++) {
				ids = isPrefix(toks, j) ? this.prefixShards(toks[j].k) : [this.shardOf(toks[j].k)];
				for (k = 0; k < ids.length; k++) {
					if (ids[k] && !seen.has(ids[k])) {
						seen.add(ids[k]);
						out.push(ids[k]);
					}
				}
			}
		}
		return out;
	};

	Index.prototype.postings = function (key) {
		var list = this.cache.get(key), id, data;
		if (!list) {
			id = this.shardOf(key);
			data = id ? loaded(this, id) : {};
			list = has.call(data, key) ? decode(data[key]) : EMPTY;
			this.cache.set(key, list);
		}
		return list;
	};

	/* Every token that begins with prefix (itself included). */
	Index.prototype.withPrefix = function (prefix) {
		var ids = this.prefixShards(prefix), out = [], i, keys, at;
		for (i = 0; i < ids.length; i++) {
			keys = this.keys.get(ids[i]);
			if (!keys) {
				keys = Object.keys(loaded(this, ids[i])).sort(compare);
				this.keys.set(ids[i], keys);
			}
			for (at = floor(keys, prefix, compare), at += at < 0 || keys[at] !== prefix ? 1 : 0;
				at < keys.length && keys[at].lastIndexOf(prefix, 0) === 0; at++)
				out.push(keys[at]);
		}
		return out;
	};

	/* Several postings lists as one (a prefix, a lone character), through a bit set. */
	Index.prototype.union = function (lists) {
		var words, out, total = 0, i, j, w, x, list, n = 0;
		lists = lists.filter(function (l) { return l.length > 0; });
		if (lists.length === 0) return EMPTY;
		if (lists.length === 1) return lists[0];
		words = new Int32Array(Math.floor(this.start[this.start.length - 1] / 32) + 1);
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
	};

	/* The positions a query token stands for; unions are kept, as decoded lists are. */
	Index.prototype.tokenList = function (tok, prefix) {
		var name = '\u0000' + tok.k, list;
		if (!prefix) return this.postings(tok.k);
		if (!(list = this.cache.get(name))) {
			list = this.union(this.withPrefix(tok.k).map(this.postings, this));
			this.cache.set(name, list);
		}
		return list;
	};

	/*
	 * Where one query term occurs as a phrase (its tokens at the same distances as in the
	 * query): the sections, ascending, with the number of occurrences in each and whether one
	 * starts in the section's head.
	 */
	Index.prototype.matchTerm = function (toks) {
		var lists = [], offs = [], at = [], driver = 0, i, j, st, ok, sec = 0, list, want, a;
		var found = { secs: [], hits: [], head: [] }, last = -1;
		for (i = 0; i < toks.length; i++) {
			lists.push(this.tokenList(toks[i], isPrefix(toks, i)));
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
			while (this.start[sec + 1] <= st) sec++;
			if (sec !== last) {
				found.secs.push(sec);
				found.hits.push(0);
				found.head.push(false);
				last = sec;
			}
			found.hits[found.hits.length - 1]++;
			if (st - this.start[sec] < this.headLen[sec]) found.head[found.head.length - 1] = true;
		}
		return found;
	};

	/*
	 * Search, once the shards tokenShards(q) names have been added. Words separated by spaces
	 * must all occur in a result (each as a phrase); results rank by where they occur (title,
	 * then heading, then body, added up over the words), then by the number of occurrences,
	 * then in reading order. Returns { terms: the normalised words, results: [{ doc, sec }] },
	 * sec being the section to show and link to (see describe).
	 */
	Index.prototype.query = function (q) {
		var p = parse(q), toks = p.toks, i, j, nd = this.ndocs, ns = this.headLen.length;
		var sum, hits, count, rank, secRank, secHits, touched = [], best, results = [];
		var found, docs, sec, doc, r, s, d, b;
		if (!toks.length) return { terms: p.terms, results: [] };
		sum = new Int32Array(nd);
		hits = new Int32Array(nd);
		count = new Int32Array(nd);
		rank = new Int8Array(nd);
		secRank = new Int8Array(ns).fill(3);
		secHits = new Int32Array(ns);
		for (i = 0; i < toks.length; i++) {
			found = this.matchTerm(toks[i]);
			docs = [];
			rank.fill(3);
			for (j = 0; j < found.secs.length; j++) {
				sec = found.secs[j];
				doc = this.secDoc[sec];
				r = found.head[j] ? (this.first[doc] === sec ? 0 : 1) : 2;
				if (rank[doc] === 3) docs.push(doc);
				if (r < rank[doc]) rank[doc] = r;
				hits[doc] += found.hits[j];
				if (secHits[sec] === 0) touched.push(sec);
				if (r < secRank[sec]) secRank[sec] = r;
				secHits[sec] += found.hits[j];
			}
			if (!docs.length) return { terms: p.terms, results: [] };
			for (j = 0; j < docs.length; j++) {
				count[docs[j]]++;
				sum[docs[j]] += rank[docs[j]];
			}
		}
		/* The section to show: best place, then most occurrences, then first. */
		best = new Int32Array(nd).fill(-1);
		touched.sort(byNumber);
		for (j = 0; j < touched.length; j++) {
			s = touched[j];
			d = this.secDoc[s];
			b = best[d];
			if (count[d] !== toks.length) continue;
			if (b < 0) results.push(d);
			if (b < 0 || secRank[s] < secRank[b] || (secRank[s] === secRank[b] && secHits[s] > secHits[b])) best[d] = s;
		}
		results.sort(function (x, y) { return sum[x] - sum[y] || hits[y] - hits[x] || x - y; });
		return {
			terms: p.terms,
			results: results.map(function (x) { return { doc: x, sec: best[x] }; })
		};
	};

	/* The text shard of document doc. */
	Index.prototype.textShard = function (doc) {
		return 'd' + floor(this.firstDocs, doc, byNumber);
	};

	/* The text shards that describe() needs for these results, each once. */
	Index.prototype.textShards = function (results) {
		var seen = new Set(), out = [], i, id;
		for (i = 0; i < results.length; i++) {
			id = this.textShard(results[i].doc);
			if (!seen.has(id)) {
				seen.add(id);
				out.push(id);
			}
		}
		return out;
	};

	/* A coded heading or snippet as text (see search.h). */
	function symbol(str, i) {
		var code = str.charCodeAt(i);
		return code - 0x20 - (code > 0x22 ? 1 : 0) - (code > 0x5C ? 1 : 0);
	}
	Index.prototype.uncode = function (str) {
		var out = '', i = 0, a, r, two = (92 - this.ones) * 93;
		while (i < str.length) {
			a = symbol(str, i++);
			if (a < this.ones) {
				r = a;
			} else if (a < 92) {
				r = this.ones + (a - this.ones) * 93 + symbol(str, i++);
			} else {
				r = this.ones + two + symbol(str, i) * 93 + symbol(str, i + 1);
				i += 2;
			}
			out += this.chars[r];
		}
		return out;
	};

	/* The body shard of document doc. */
	Index.prototype.bodyShard = function (doc) {
		return 'b' + floor(this.firstBodies, doc, byNumber);
	};

	/*
	 * The body shards that describe(r, terms) needs for these results (their text shards
	 * added), each once: those of results whose stored snippet shows none of the terms.
	 */
	Index.prototype.bodyShards = function (results, terms) {
		var seen = new Set(), out = [], i, id;
		for (i = 0; i < results.length; i++) {
			if (!missing(this.describe(results[i]).snippet, terms)) continue;
			id = this.bodyShard(results[i].doc);
			if (!seen.has(id)) {
				seen.add(id);
				out.push(id);
			}
		}
		return out;
	};

	/*
	 * What a result shows, once its text shard is added: { title, heading, href, snippet }.
	 * Given the query's terms, a snippet that shows none of them is cut instead around the
	 * first in the section's text (its body shard added), when the text has one.
	 */
	Index.prototype.describe = function (r, terms) {
		var id = this.textShard(r.doc), shard = loaded(this, id);
		var e = shard[r.doc - this.firstDocs[+id.slice(1)]], at = 2 + 3 * (r.sec - this.first[r.doc]);
		var anchor = e[at], heading = this.uncode(e[at + 1]), href = e[1], snippet = this.uncode(e[at + 2]);
		var body, rest;
		if (anchor !== '') href = href.split('#')[0] + '#' + (anchor === 0 ? heading : anchor);
		if (terms && missing(snippet, terms)) {
			id = this.bodyShard(r.doc);
			body = loaded(this, id)[r.doc - this.firstBodies[+id.slice(1)]];
			rest = this.uncode(body[r.sec - this.first[r.doc]]);
			snippet = around(snippet.slice(0, -1) + rest, terms) || snippet;
		}
		return { title: e[0], heading: heading, href: href, snippet: snippet };
	};

	var core = {
		normalize: normalize,
		find: find,
		tokenize: tokenize,
		decode: decode,
		compare: compare,
		open: function (manifest) { return new Index(manifest); }
	};
	if (typeof module === 'object' && module.exports) module.exports = core;
	else root.kenshuSearchCore = core;
})(this);
