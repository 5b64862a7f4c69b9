#!/usr/bin/env python3
"""What recording costs a one-shot prompt's start-up: the real tinychat binary asks a loopback
server for a one-event answer, alternately with -n and recorded (the default). Two wall times
are taken: until the answer's first byte reaches standard output (start-up as a user sees it),
and of the whole process (which also settles the answer in the store once it is out).
Alternating keeps both on the same machine state.

    bench/startup_ab.py [--cli build/tinychat] [--runs 150] [--other PATH]

--other runs a second binary (e.g. an older build) the same way, interleaved with the first.
Each binary records into a store of its own in a temporary folder."""

import argparse
import http.server
import os
import statistics
import subprocess
import tempfile
import threading
import time

CHUNK = ('{"id":"chatcmpl-1","object":"chat.completion.chunk","created":1700000000,'
         '"model":"gpt-4o-2024-08-06","choices":[{"index":0,"delta":%s,'
         '"logprobs":null,"finish_reason":%s}]}')
BODY = ("data: " + CHUNK % ('{"role":"assistant","content":""}', "null") + "\n\n" +
        "data: " + CHUNK % ('{"content":"Hi."}', "null") + "\n\n" +
        "data: " + CHUNK % ("{}", '"stop"') + "\n\ndata: [DONE]\n\n").encode()


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Content-Length", str(len(BODY)))
        self.end_headers()
        self.wfile.write(BODY)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cli", default="build/tinychat")
    parser.add_argument("--other")
    parser.add_argument("--runs", type=int, default=150)
    args = parser.parse_args()
    runs = max(1, min(args.runs, 10000))

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base_url = "http://127.0.0.1:%d/v1" % server.server_address[1]
    folder = tempfile.mkdtemp(prefix="tinychat-startup-")
    binaries = [args.cli] + ([args.other] if args.other else [])
    times = {}

    def run(binary, index, record):
        env = dict(os.environ, OPENAI_API_KEY="bench-key",
                   XDG_CONFIG_HOME=os.path.join(folder, "config"),
                   TINYCHAT_DB=os.path.join(folder, "store%d.db" % index))
        argv = [binary] + ([] if record else ["-n"]) + ["--base-url", base_url, "-m", "gpt-4o", "hi"]
        start = time.perf_counter()
        child = subprocess.Popen(argv, env=env, stdout=subprocess.PIPE)
        child.stdout.read(1)  # the answer's first byte: the end of start-up as a user sees it
        first = time.perf_counter()
        child.stdout.read()
        if child.wait() != 0:
            raise SystemExit("%s exited with %d" % (binary, child.returncode))
        end = time.perf_counter()
        return (first - start) * 1000, (end - start) * 1000

    for index, binary in enumerate(binaries):  # warm the page cache and create the stores
        for _ in range(5):
            run(binary, index, True)
    for _ in range(runs):
        for index, binary in enumerate(binaries):
            for record in (False, True):
                times.setdefault((binary, record), []).append(run(binary, index, record))
    for binary in binaries:
        for what, which in (("first answer byte", 0), ("whole process", 1)):
            plain = statistics.median(t[which] for t in times[(binary, False)])
            recorded = statistics.median(t[which] for t in times[(binary, True)])
            print("%s, %s: -n %.2f ms, recorded %.2f ms (medians of %d): %+.2f ms" %
                  (binary, what, plain, recorded, runs, recorded - plain))
    server.shutdown()


if __name__ == "__main__":
    main()
