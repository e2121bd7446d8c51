#!/bin/sh
# Updates the vendored Apache ECharts in web/static/vendor/echarts from npm.
# The binary serves it with go:embed, so neither building nor running the
# server needs the network; only this script does.
#
#   sh web/vendor-echarts.sh [VERSION]    # default: the version in VERSION
set -eu
here=$(cd "$(dirname "$0")" && pwd)
dest="$here/static/vendor/echarts"
version=${1:-$(cat "$dest/VERSION")}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
npm init -y >/dev/null
npm install --no-audit --no-fund "echarts@$version" >/dev/null
cp node_modules/echarts/dist/echarts.min.js node_modules/echarts/LICENSE \
	node_modules/echarts/NOTICE "$dest/"
node -e 'console.log(require("./node_modules/echarts/package.json").version)' >"$dest/VERSION"
echo "echarts $(cat "$dest/VERSION") vendored into $dest"
