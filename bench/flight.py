#!/usr/bin/env python3
"""Sends N requests for one URL at the same instant and checks every body's sha256.

Usage: flight.py URL N SHA256 — prints "<clients with the right bytes> <statuses>".
Each client connects first; a barrier then releases all requests together, so they overlap for sure.
"""

import hashlib
import http.client
import sys
import threading
import urllib.parse


def main():
    url, n, expected = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    u = urllib.parse.urlsplit(url)
    barrier = threading.Barrier(n, timeout=30)
    results = [None] * n

    def client(i):
        try:
            conn = http.client.HTTPConnection(u.hostname, u.port, timeout=90)
            conn.connect()
            barrier.wait()
            conn.request("GET", u.path)
            resp = conn.getresponse()
            h = hashlib.sha256()
            while True:
                block = resp.read(1 << 16)
                if not block:
                    break
                h.update(block)
            results[i] = (resp.status, h.hexdigest())
            conn.close()
        except Exception as e:  # a failed client counts as wrong bytes, with its error as status
            results[i] = (type(e).__name__, "")

    threads = [threading.Thread(target=client, args=(i,), daemon=True) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    ok = sum(1 for r in results if r and r[0] == 200 and r[1] == expected)
    statuses = {}
    for r in results:
        key = str(r[0]) if r else "no-answer"
        statuses[key] = statuses.get(key, 0) + 1
    print(ok, ",".join("%s:%d" % kv for kv in sorted(statuses.items())))


if __name__ == "__main__":
    main()
