#!/usr/bin/env python3
"""Generates the benchmark's upstream tree: a PEP 503 index with correct sha256 fragments, and its files.

Usage: gen.py WORKDIR BIG_MB LINKS [ROOT_PROJECTS]

Writes into WORKDIR:
  up/simple/index.html                    the project list
  up/simple/<project>/index.html          project pages (PEP 503 HTML, relative links with #sha256=)
  up/files/<wheel>                        a ~70 KB wheel (a real one from the local corpus when there is one)
  up/files/bigfile-1.0.0.tar.gz           BIG_MB MiB of random bytes
  up/files/midpkg-1.0.0-py3-none-any.whl  5 MiB of random bytes (the larger wheel of issue 11)
  up/slow/slowpkg-1.0.0.tar.gz            2 MiB of random bytes, served rate-limited (single-flight test)
  up/slow/slowhead-1.0.0.tar.gz           the same, for HEAD on a file not cached yet
  up/simple/index.html                    the project list: the real projects and ROOT_PROJECTS (default 740,000)
                                          made-up names, about 35 MB, pypi.org's size
  names.env                               shell variables naming what was generated, for run.sh
The two LINKS-link pages (huge-a, huge-b) list files that do not exist: they are only parsed, never fetched.
"""

import hashlib
import html
import os
import random
import re
import sys

CORPORA = ("/opt/pypi/files", "/opt/wheels")
PAGE_VERSIONS = 50  # the artifact's project page lists 50 versions x (wheel + sdist) = 100 links


def sha256_file(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def normalize(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def pick_wheel():
    """The local wheel closest to 70 KB (between 50 and 100 KB), or None."""
    best = None
    for corpus in CORPORA:
        if not os.path.isdir(corpus):
            continue
        for name in sorted(os.listdir(corpus)):
            path = os.path.join(corpus, name)
            if not name.endswith(".whl") or not os.path.isfile(path):
                continue
            size = os.path.getsize(path)
            if 50_000 <= size <= 100_000 and (best is None or abs(size - 70_000) < abs(best[1] - 70_000)):
                best = (path, size)
    return best[0] if best else None


def random_file(path, mib, seed):
    rnd = random.Random(seed)
    with open(path, "wb") as f:
        for _ in range(mib):
            f.write(rnd.randbytes(1 << 20))


def fake_sha(rnd):
    return "%064x" % rnd.getrandbits(256)


def page(project, links):
    """A PEP 503 page; links are (href, filename, extra attributes)."""
    out = ['<!DOCTYPE html>\n<html>\n<head><meta name="pypi:repository-version" content="1.0">'
           "<title>Links for %s</title></head>\n<body>\n<h1>Links for %s</h1>\n" % (project, project)]
    for href, filename, attrs in links:
        out.append('<a href="%s"%s>%s</a><br/>\n' % (html.escape(href), attrs, html.escape(filename)))
    out.append("</body>\n</html>\n")
    return "".join(out)


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def main():
    work, big_mb, n_links = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    n_root = int(sys.argv[4]) if len(sys.argv) > 4 else 740_000
    up = os.path.join(work, "up")
    files = os.path.join(up, "files")
    slow = os.path.join(up, "slow")
    os.makedirs(files, exist_ok=True)
    os.makedirs(slow, exist_ok=True)
    rnd = random.Random(42)

    # The ~70 KB artifact and its project page (100 links; only the real wheel exists upstream).
    src = pick_wheel()
    if src:
        wheel = os.path.basename(src)
        with open(src, "rb") as i, open(os.path.join(files, wheel), "wb") as o:
            o.write(i.read())
    else:
        wheel = "benchpkg-1.0.0-py3-none-any.whl"
        with open(os.path.join(files, wheel), "wb") as o:
            o.write(rnd.randbytes(70_000))
    project = normalize(wheel.split("-")[0])
    dist = wheel.split("-")[0]
    links = [("../../files/%s#sha256=%s" % (wheel, sha256_file(os.path.join(files, wheel))), wheel,
              ' data-requires-python="&gt;=3.8"')]
    for v in range(PAGE_VERSIONS - 1):
        for name in ("%s-0.%d.0-py3-none-any.whl" % (dist, v), "%s-0.%d.0.tar.gz" % (dist, v)):
            links.append(("../../files/%s#sha256=%s" % (name, fake_sha(rnd)), name,
                          ' data-requires-python="&gt;=3.8"'))
    write(os.path.join(up, "simple", project, "index.html"), page(project, links))

    # The large artifact.
    big = "bigfile-1.0.0.tar.gz"
    random_file(os.path.join(files, big), big_mb, 7)
    write(os.path.join(up, "simple", "bigfile", "index.html"),
          page("bigfile", [("../../files/%s#sha256=%s" % (big, sha256_file(os.path.join(files, big))), big, "")]))

    # A 5 MiB wheel: hits of every size must keep up with nginx, not only small ones.
    mid = "midpkg-1.0.0-py3-none-any.whl"
    random_file(os.path.join(files, mid), 5, 5)
    write(os.path.join(up, "simple", "midpkg", "index.html"),
          page("midpkg", [("../../files/%s#sha256=%s" % (mid, sha256_file(os.path.join(files, mid))), mid, "")]))

    # A slow file nobody has asked for yet: a HEAD on it must not wait for the whole download.
    head_name = "slowhead-1.0.0.tar.gz"
    random_file(os.path.join(slow, head_name), 2, 13)
    write(os.path.join(up, "simple", "slowhead", "index.html"),
          page("slowhead", [("../../slow/%s#sha256=%s" % (head_name, sha256_file(os.path.join(slow, head_name))),
                             head_name, "")]))

    # The single-flight file, under /slow/ where the upstream nginx rate-limits it.
    slow_name = "slowpkg-1.0.0.tar.gz"
    random_file(os.path.join(slow, slow_name), 2, 11)
    slow_sha = sha256_file(os.path.join(slow, slow_name))
    write(os.path.join(up, "simple", "slowpkg", "index.html"),
          page("slowpkg", [("../../slow/%s#sha256=%s" % (slow_name, slow_sha), slow_name, "")]))

    # Two synthetic pages of n_links links each: the first is timed cold, the second cold with a warmer JIT.
    for huge in ("huge-a", "huge-b"):
        links = []
        for i in range(n_links):
            name = "%s-%d.%d.%d.tar.gz" % (huge.replace("-", "_"), i // 1000, (i // 10) % 100, i % 10)
            attrs = ' data-requires-python="&gt;=3.%d"' % (6 + i % 8) if i % 3 else ""
            links.append(("../../files/%s#sha256=%s" % (name, fake_sha(rnd)), name, attrs))
        write(os.path.join(up, "simple", huge, "index.html"), page(huge, links))

    # The project list, pypi.org-sized: the real projects and n_root made-up names, written as a stream.
    projects = [project, "bigfile", "midpkg", "slowpkg", "slowhead", "huge-a", "huge-b"]
    with open(os.path.join(up, "simple", "index.html"), "w", encoding="utf-8") as f:
        f.write('<!DOCTYPE html>\n<html>\n<head><meta name="pypi:repository-version" content="1.0">'
                "<title>Simple index</title></head>\n<body>\n")
        for p in projects:
            f.write('<a href="%s/">%s</a><br/>\n' % (p, p))
        for i in range(n_root):
            name = "proj-%s-%06d" % (("abcdefghijklmnopqrstuvwxyz"[i % 26]) * (1 + i % 5), i)
            f.write('<a href="%s/">%s</a><br/>\n' % (name, name))
        f.write("</body>\n</html>\n")

    with open(os.path.join(work, "names.env"), "w") as f:
        f.write("WHEEL=%s\nWHEEL_PROJECT=%s\nWHEEL_SRC=%s\nBIG=%s\nMID=%s\nSLOW=%s\nSLOW_SHA=%s\nSLOW_HEAD=%s\n"
                "ROOT_PROJECTS=%d\n" % (wheel, project, src or "random-bytes", big, mid, slow_name, slow_sha,
                                        head_name, n_root + len(projects)))


if __name__ == "__main__":
    main()
