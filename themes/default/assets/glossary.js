/*
 * glossary.js: the definition of a linked term (a.term) as a popup. Each page carries the
 * definitions of its terms as hidden role="tooltip" elements that the links name in
 * aria-describedby. The popup shows while the mouse is over the term (or over the popup),
 * while the term has keyboard focus, and after a first tap on a touch screen; a second tap
 * follows the link to the glossary entry. Escape closes it. A classic script that works
 * from file://.
 */
(function () {
	'use strict';
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
		var view = document.documentElement.clientWidth;
		var gap = 6;
		var left, top;
		tip.style.left = '0px';
		tip.style.top = '0px';
		tip.style.maxWidth = Math.min(360, view - 16) + 'px';
		left = Math.max(8, Math.min(r.left, view - tip.offsetWidth - 8));
		top = r.bottom + gap;
		/* Above the term when there is no room below it. */
		if (top + tip.offsetHeight > window.innerHeight && r.top - gap - tip.offsetHeight > 0)
			top = r.top - gap - tip.offsetHeight;
		tip.style.left = left + window.pageXOffset + 'px';
		tip.style.top = top + window.pageYOffset + 'px';
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
			/* A touch has no hover: the first tap shows, the second follows the link. */
			var type = e.pointerType || pointer;
			if (e.detail !== 0 && (type === 'touch' || type === 'pen') && !tapOpened) {
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
