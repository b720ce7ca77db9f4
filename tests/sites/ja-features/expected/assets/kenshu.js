/*
 * kenshu.js: what every page shares. window.kenshu.store keeps data in localStorage under
 * the site id (from <meta name="kenshu-site">), so records and progress survive a rebuild of
 * the site; when the browser blocks storage it falls back to memory for this page view.
 */
(function () {
	'use strict';
	var meta = document.querySelector('meta[name="kenshu-site"]');
	var prefix = 'kenshu:' + (meta ? meta.content : 'site') + ':';
	var memory = {};
	var storage = null;
	try {
		storage = window.localStorage;
		storage.setItem(prefix + 'probe', '1');
		storage.removeItem(prefix + 'probe');
	} catch (e) {
		storage = null;
	}
	function get(key, fallback) {
		var raw = null;
		try {
			raw = storage ? storage.getItem(prefix + key) : null;
		} catch (e) {
			raw = null;
		}
		if (raw === null && Object.prototype.hasOwnProperty.call(memory, key)) raw = memory[key];
		if (raw === null) return fallback;
		try {
			return JSON.parse(raw);
		} catch (e) {
			return fallback;
		}
	}
	function set(key, value) {
		var raw = JSON.stringify(value);
		memory[key] = raw;
		try {
			if (storage) storage.setItem(prefix + key, raw);
			return !!storage;
		} catch (e) {
			return false;
		}
	}
	window.kenshu = {
		store: { get: get, set: set, persistent: function () { return !!storage; } },
		site: meta ? meta.content : '',
		build: (document.querySelector('meta[name="kenshu-build"]') || {}).content || ''
	};
})();
