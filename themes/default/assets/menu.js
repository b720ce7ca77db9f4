/*
 * menu.js: on a phone, the navigation column behind the header's 目次 (Contents) button, so
 * that a page starts with its own title rather than with the whole course's contents. The
 * button (aria-expanded, aria-controls) opens and closes it; Escape closes it and gives the
 * focus back to the button. Without this script the button stays hidden and the column shows
 * as it always did; on a wide screen the stylesheet shows the column and hides the button,
 * whatever the state.
 */
(function () {
	'use strict';

	var button = document.querySelector('.nav-toggle');
	var nav = button && document.getElementById(button.getAttribute('aria-controls'));
	if (!nav) return;

	function set(open) {
		button.setAttribute('aria-expanded', open ? 'true' : 'false');
		nav.classList.toggle('is-collapsed', !open);
	}

	button.addEventListener('click', function () {
		set(button.getAttribute('aria-expanded') !== 'true');
	});
	document.addEventListener('keydown', function (e) {
		if (e.key !== 'Escape' || button.getAttribute('aria-expanded') !== 'true') return;
		if (!nav.contains(document.activeElement) && document.activeElement !== button) return;
		set(false);
		button.focus();
	});
	set(false);
	button.hidden = false;
})();
