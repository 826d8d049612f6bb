#!/usr/bin/env python3
"""Soak test: mixed load on Pantry for a while, with kill -9s and restarts, then proof that nothing was lost.

Usage: soak.py --jar JAR --java JAVA --work DIR [--minutes 10] [--clients 16] [--seed 1]

Everything listens on 127.0.0.1. It generates an upstream tree (projects with real files of mixed sizes, correct
sha256 fragments, some large pages), serves it with Python's threaded http.server, runs Pantry in front of it, and
for --minutes drives --clients threads of mixed requests: pages (HTML and JSON, gzip or not, conditional), files
(whole, HEAD, ranges), unknown names. A chaos thread kills Pantry with SIGKILL (mostly) or SIGTERM every 15-60 s,
at random points under that load, and starts it again on the same data directory.

A file counts as acknowledged once Pantry served it with X-Pantry-Cache: HIT (it was in the cache). At the end
Pantry is restarted once more; every acknowledged file must then be a HIT again, byte-identical to the upstream,
and `pantry verify` must find nothing wrong. Exit status 0 when all of that holds, 1 otherwise.
"""

import argparse
import hashlib
import http.client
import os
import random
import signal
import subprocess
import sys
import threading
import time

GOOD = set()           # (project, filename) served as a HIT with the right bytes
GOOD_LOCK = threading.Lock()
STATS = {}
STATS_LOCK = threading.Lock()
PORT = [0]


def log(msg):
    print("[soak %s] %s" % (time.strftime("%H:%M:%S"), msg), flush=True)


def count(key):
    with STATS_LOCK:
        STATS[key] = STATS.get(key, 0) + 1


def generate(work, rnd):
    """Projects p000..p119 with 1-3 files each (1 KiB - 3 MiB), and 6 large pages (8,000 links) of absent files."""
    up = os.path.join(work, "up")
    files = {}
    for i in range(120):
        project = "p%03d" % i
        os.makedirs(os.path.join(up, "simple", project), exist_ok=True)
        links = []
        for v in range(rnd.randint(1, 3)):
            name = "%s-%d.0-py3-none-any.whl" % (project, v)
            size = rnd.choice([1024, 20_000, 70_000, 300_000, 3 << 20])
            data = rnd.randbytes(size)
            os.makedirs(os.path.join(up, "files"), exist_ok=True)
            with open(os.path.join(up, "files", name), "wb") as f:
                f.write(data)
            sha = hashlib.sha256(data).hexdigest()
            files[(project, name)] = sha
            links.append('<a href="../../files/%s#sha256=%s">%s</a><br>' % (name, sha, name))
        with open(os.path.join(up, "simple", project, "index.html"), "w") as f:
            f.write("<!DOCTYPE html><html><body>\n%s\n</body></html>\n" % "\n".join(links))
    for i in range(6):
        project = "big%d" % i
        os.makedirs(os.path.join(up, "simple", project), exist_ok=True)
        with open(os.path.join(up, "simple", project, "index.html"), "w") as f:
            f.write("<html><body>\n")
            for v in range(8000):
                f.write('<a href="../../files/%s-%d.tar.gz#sha256=%064x">%s-%d.tar.gz</a><br>\n'
                        % (project, v, rnd.getrandbits(256), project, v))
            f.write("</body></html>\n")
    return up, files


class Pantry:
    def __init__(self, java, jar, work, upstream_port):
        self.java, self.jar, self.work, self.upstream_port = java, jar, work, upstream_port
        self.proc = None
        self.lock = threading.Lock()
        self.log = open(os.path.join(work, "pantry.log"), "ab")

    def start(self):
        port_file = os.path.join(self.work, "port")
        if os.path.exists(port_file):
            os.remove(port_file)
        self.proc = subprocess.Popen(
            [self.java, "-Xmx512m", "-jar", self.jar, "serve", "--listen", "127.0.0.1:0", "--port-file", port_file,
             "--data", os.path.join(self.work, "data"),
             "--upstream", "http://127.0.0.1:%d/simple/" % self.upstream_port],
            stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.time() + 180
        while time.time() < deadline:
            if os.path.exists(port_file) and os.path.getsize(port_file) > 0:
                PORT[0] = int(open(port_file).read().strip())
                return
            if self.proc.poll() is not None:
                raise RuntimeError("pantry exited with %s; see %s/pantry.log" % (self.proc.returncode, self.work))
            time.sleep(0.1)
        raise RuntimeError("pantry did not start within 180 s")

    def stop(self, sig):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(90)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(30)


def request(method, path, headers=None, timeout=60):
    conn = http.client.HTTPConnection("127.0.0.1", PORT[0], timeout=timeout)
    try:
        conn.request(method, path, headers=headers or {})
        r = conn.getresponse()
        return r.status, dict((k.lower(), v) for k, v in r.getheaders()), r.read()
    finally:
        conn.close()


def client(rnd, files, until):
    keys = sorted(files)
    while time.time() < until:
        action = rnd.random()
        try:
            if action < 0.30:
                project = rnd.choice(keys)[0] if rnd.random() < 0.9 else "big%d" % rnd.randrange(6)
                accept = rnd.choice(["text/html", "application/vnd.pypi.simple.v1+json", "*/*"])
                enc = rnd.choice([{}, {"Accept-Encoding": "gzip"}])
                status, _, _ = request("GET", "/simple/%s/" % project, dict({"Accept": accept}, **enc))
                count("page %d" % status)
            elif action < 0.85:
                project, name = rnd.choice(keys)
                status, h, body = request("GET", "/files/main/%s/%s" % (project, name))
                count("file %d %s" % (status, h.get("x-pantry-cache", "-")))
                if status == 200 and h.get("x-pantry-cache") == "HIT":
                    if hashlib.sha256(body).hexdigest() != files[(project, name)]:
                        count("WRONG BYTES")
                        log("WRONG BYTES served for %s/%s" % (project, name))
                    else:
                        with GOOD_LOCK:
                            GOOD.add((project, name))
            elif action < 0.92:
                project, name = rnd.choice(keys)
                status, _, _ = request("HEAD", "/files/main/%s/%s" % (project, name))
                count("head %d" % status)
            elif action < 0.97:
                project, name = rnd.choice(keys)
                status, _, body = request("GET", "/files/main/%s/%s" % (project, name), {"Range": "bytes=0-99"})
                count("range %d" % status)
            else:
                status, _, _ = request("GET", "/simple/no-such-%d/" % rnd.randrange(1000))
                count("unknown %d" % status)
        except (OSError, http.client.HTTPException):
            count("connection error (restarts)")
            time.sleep(0.2)


def chaos(rnd, pantry, until):
    kills = 0
    while True:
        wait = rnd.uniform(15, 60)
        if time.time() + wait >= until:
            return kills
        time.sleep(wait)
        sig = signal.SIGKILL if rnd.random() < 0.8 else signal.SIGTERM
        log("%s to Pantry" % ("kill -9" if sig == signal.SIGKILL else "SIGTERM"))
        pantry.stop(sig)
        kills += 1
        pantry.start()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--jar", required=True)
    ap.add_argument("--java", default="java")
    ap.add_argument("--work", required=True)
    ap.add_argument("--minutes", type=float, default=10)
    ap.add_argument("--clients", type=int, default=16)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    rnd = random.Random(a.seed)
    up, files = generate(a.work, rnd)
    upstream = subprocess.Popen([sys.executable, "-m", "http.server", "0", "--bind", "127.0.0.1"], cwd=up,
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    line = upstream.stdout.readline()  # "Serving HTTP on 127.0.0.1 port N ..."
    upstream_port = int(line.split(" port ")[1].split()[0])
    threading.Thread(target=lambda: [None for _ in upstream.stdout], daemon=True).start()
    pantry = Pantry(a.java, a.jar, a.work, upstream_port)
    ok = False
    try:
        pantry.start()
        until = time.time() + a.minutes * 60
        log("%d files in %d projects; %d clients for %.1f min; upstream on %d" % (
            len(files), len(set(p for p, _ in files)), a.clients, a.minutes, upstream_port))
        workers = [threading.Thread(target=client, args=(random.Random(a.seed * 100 + i), files, until))
                   for i in range(a.clients)]
        for w in workers:
            w.start()
        kills = chaos(random.Random(a.seed + 7), pantry, until)
        for w in workers:
            w.join()
        log("load over; %d kills/stops; stopping Pantry gracefully and starting it once more" % kills)
        pantry.stop(signal.SIGTERM)
        pantry.start()
        lost = []
        for project, name in sorted(GOOD):
            status, h, body = request("GET", "/files/main/%s/%s" % (project, name))
            if status != 200 or h.get("x-pantry-cache") != "HIT" \
                    or hashlib.sha256(body).hexdigest() != files[(project, name)]:
                lost.append("%s/%s: %s %s" % (project, name, status, h.get("x-pantry-cache")))
        pantry.stop(signal.SIGTERM)
        verify = subprocess.run([a.java, "-jar", a.jar, "verify", "--no-progress", "--data",
                                 os.path.join(a.work, "data")], capture_output=True, text=True)
        for k in sorted(STATS):
            log("%8d  %s" % (STATS[k], k))
        log("acknowledged files (served as HIT): %d; lost or wrong after the last restart: %d" % (len(GOOD), len(lost)))
        for l in lost[:20]:
            log("  LOST " + l)
        log("pantry verify: exit %d, %s" % (verify.returncode, (verify.stdout.strip().splitlines() or [""])[-1]))
        ok = not lost and STATS.get("WRONG BYTES", 0) == 0 and verify.returncode == 0 and GOOD
        log("PASS" if ok else "FAIL")
    finally:
        pantry.stop(signal.SIGKILL)
        upstream.terminate()
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
