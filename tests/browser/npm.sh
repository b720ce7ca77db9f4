# Sourced by run.sh and screenshots.sh with $here set to tests/browser: playwright-core and
# the other packages from the committed lock file, when node_modules is missing or older than
# it. npm keeps its own copy of the installed tree in node_modules/.package-lock.json.
stamp=$here/node_modules/.package-lock.json
if [ ! -f "$stamp" ] || [ -n "$(find "$here/package-lock.json" -newer "$stamp")" ]; then
	echo "$(basename "$0"): npm ci in tests/browser" >&2
	(cd "$here" && npm ci --no-audit --no-fund >&2)
	touch "$stamp"
fi
