#!/usr/bin/env bash
# Before `jekyll build`: the widget's files into thread-widget/ (from the npm
# tarball, or a copy of the built pkg/), and each thread in threads/ rendered
# with the command-line tool into _data/prerendered/NAME.json as {"html": …}.
#   THREAD_WIDGET: the CLI (default: thread-widget on PATH; cargo install --path ../..)
#   TARBALL: the package (default: ../../dist/thread-widget-0.1.0.tgz, from make package)
set -euo pipefail
cd "$(dirname "$0")"
cli=${THREAD_WIDGET:-thread-widget}
tarball=${TARBALL:-../../dist/thread-widget-0.1.0.tgz}
rm -rf thread-widget _data/prerendered
mkdir -p thread-widget _data/prerendered
tar -xzf "$tarball" -C thread-widget --strip-components=1
for f in threads/*.json; do
  "$cli" render "$f" | ruby -rjson -e 'print JSON.generate({ "html" => STDIN.read })' > "_data/prerendered/$(basename "$f" .json).json"
done
