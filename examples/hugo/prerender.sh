#!/usr/bin/env bash
# Before `hugo`: the widget's files into static/thread-widget/ (from the npm
# tarball, or a copy of the built pkg/), and each thread in static/threads/
# rendered to prerendered/threads/NAME.html with the command-line tool.
#   THREAD_WIDGET: the CLI (default: thread-widget on PATH; cargo install --path ../..)
#   TARBALL: the package (default: ../../dist/thread-widget-0.1.0.tgz, from make package)
set -euo pipefail
cd "$(dirname "$0")"
cli=${THREAD_WIDGET:-thread-widget}
tarball=${TARBALL:-../../dist/thread-widget-0.1.0.tgz}
rm -rf static/thread-widget prerendered
mkdir -p static/thread-widget prerendered/threads
tar -xzf "$tarball" -C static/thread-widget --strip-components=1
for f in static/threads/*.json; do
  "$cli" render "$f" > "prerendered/threads/$(basename "$f" .json).html"
done
