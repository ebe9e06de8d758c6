#!/usr/bin/env python3
"""A large Disqus export for measuring `thread-widget import` (docs/benchmarks.md,
"Import"): the real export's posts (../shared/corpora/threads) repeated into
THREADS threads of POSTS posts each, every post but a thread's first a reply to
the one before it.

    scripts/generate-disqus-export.py OUT.xml [THREADS=200] [POSTS=500]
"""
import re
import sys
from pathlib import Path

src_path = Path(__file__).resolve().parent.parent.parent / "shared/corpora/threads/disqus-yesilmavihayat-export-2023.xml"
out_path = sys.argv[1]
threads = int(sys.argv[2]) if len(sys.argv) > 2 else 200
per = int(sys.argv[3]) if len(sys.argv) > 3 else 500
src = src_path.read_text(encoding="utf-8")
posts = re.findall(r'<post dsq:id="(\d+)">(.*?)</post>', src, re.S)
out = [src[: src.index("<post ")]]
for t in range(threads):
    out.append(f'<thread dsq:id="{10**9 + t}">\n<id>page-{t}</id>\n<link>https://example.org/p/{t}</link>\n<title>Page {t}</title>\n</thread>\n')
n = 0
for t in range(threads):
    for i in range(per):
        _, body = posts[(t * per + i) % len(posts)]
        n += 1
        body = body.replace('<thread dsq:id="9796275722" />', f'<thread dsq:id="{10**9 + t}" />')
        parent = f'<parent dsq:id="{2 * 10**9 + n - 1}" />' if i > 0 else ""
        out.append(f'<post dsq:id="{2 * 10**9 + n}">{body}{parent}</post>\n')
out.append("</disqus>\n")
Path(out_path).write_text("".join(out), encoding="utf-8")
