/*
 * glossary.js: the definition of a linked term (a.term) as a popup. Each page carries the
 * definitions of its terms as hidden role="tooltip" elements that the links name in
 * aria-describedby. The popup shows while the mouse is over the term (or over the popup),
 * while the term has keyboard focus, and after a first tap on a touch screen; a second tap
 * follows the link to the glossary entry. Escape closes it. A classic script that works
 * from file://. The definitions' text is kenshu's (glossary.c); this script only shows it.
 *
 * The pure core, window.kenshu.glossary (also module.exports, for node:test): where the popup
 * goes, and whether a click shows the popup instead of following the link.
 */
(function () {
	'use strict';
	var kenshu = typeof window !== 'undefined' ? (window.kenshu = window.kenshu || {}) : {};
	var GAP = 6, MARGIN = 8;

	/*
	 * The popup's place in the viewport: below the term, or above it when there is no room
	 * below; never past either side. term: {left, top, bottom}; tip: {width, height} at the
	 * width maxWidth(view.width) gives; view: {width, height}.
	 */
	function maxWidth(viewWidth) {
		return Math.min(360, viewWidth - 2 * MARGIN);
	}
	function position(term, tip, view) {
		var left = Math.max(MARGIN, Math.min(term.left, view.width - tip.width - MARGIN));
		var top = term.bottom + GAP;
		if (top + tip.height > view.height && term.top - GAP - tip.height > 0) top = term.top - GAP - tip.height;
		return { left: left, top: top };
	}
	/*
	 * A touch has no hover: a click by touch or pen (detail > 0: not the keyboard) on a term
	 * whose popup was not already open shows the popup instead of following the link.
	 */
	function tapShows(detail, pointerType, wasOpen) {
		return detail !== 0 && (pointerType === 'touch' || pointerType === 'pen') && !wasOpen;
	}

	kenshu.glossary = { maxWidth: maxWidth, position: position, tapShows: tapShows };
	if (typeof module !== 'undefined' && module.exports) module.exports = kenshu.glossary;
	if (typeof document === 'undefined') return;

	var links = document.querySelectorAll('a.term[aria-describedby]');
	var open = null; /* the link whose definition shows */
	var hideTimer = 0;
	var tapOpened = false; /* the definition showed before this tap began */
	var pointer = ''; /* the kind of pointer that pressed a term */

	if (!links.length) return;

	function tipOf(link) {
		return document.getElementById(link.getAttribute('aria-describedby'));
	}

	function place(link, tip) {
		var r = link.getBoundingClientRect();
		var view = { width: document.documentElement.clientWidth, height: window.innerHeight };
		tip.style.left = '0px';
		tip.style.top = '0px';
		tip.style.maxWidth = maxWidth(view.width) + 'px';
		var at = position(r, { width: tip.offsetWidth, height: tip.offsetHeight }, view);
		tip.style.left = at.left + window.pageXOffset + 'px';
		tip.style.top = at.top + window.pageYOffset + 'px';
	}

	function show(link) {
		var tip = tipOf(link);
		clearTimeout(hideTimer);
		if (!tip || open === link) return;
		hide();
		/* A child of <body>, so that no positioned ancestor moves it. */
		if (tip.parentNode !== document.body) document.body.appendChild(tip);
		tip.hidden = false;
		tip.classList.add('is-open');
		place(link, tip);
		open = link;
	}

	function hide() {
		var tip;
		clearTimeout(hideTimer);
		if (!open) return;
		tip = tipOf(open);
		if (tip) {
			tip.hidden = true;
			tip.classList.remove('is-open');
		}
		open = null;
	}

	/* Leave time to move the pointer from the term onto its popup. */
	function hideSoon() {
		clearTimeout(hideTimer);
		hideTimer = setTimeout(hide, 300);
	}

	function setup(link) {
		var tip = tipOf(link);
		link.addEventListener('pointerenter', function (e) {
			if (e.pointerType === 'mouse') show(link);
		});
		link.addEventListener('pointerleave', function (e) {
			if (e.pointerType === 'mouse' && open === link && document.activeElement !== link) hideSoon();
		});
		link.addEventListener('focus', function () {
			show(link);
		});
		link.addEventListener('blur', function () {
			if (open === link) hide();
		});
		link.addEventListener('pointerdown', function (e) {
			pointer = e.pointerType;
			tapOpened = open === link;
		});
		link.addEventListener('click', function (e) {
			/* The first tap shows, the second follows the link. */
			if (tapShows(e.detail, e.pointerType || pointer, tapOpened)) {
				e.preventDefault();
				show(link);
			}
			tapOpened = false;
			pointer = '';
		});
		if (tip) {
			tip.addEventListener('pointerenter', function () {
				if (open === link) clearTimeout(hideTimer);
			});
			tip.addEventListener('pointerleave', function (e) {
				if (e.pointerType === 'mouse' && open === link && document.activeElement !== link) hideSoon();
			});
		}
	}

	for (var i = 0; i < links.length; i++) setup(links[i]);

	document.addEventListener('keydown', function (e) {
		if ((e.key === 'Escape' || e.key === 'Esc') && open) {
			hide();
			e.preventDefault();
		}
	});
	document.addEventListener('pointerdown', function (e) {
		if (!open) return;
		if (e.target.closest && (e.target.closest('a.term') || e.target.closest('.term-tip'))) return;
		hide();
	});
	window.addEventListener('resize', function () {
		if (open) place(open, tipOf(open));
	});
})();
