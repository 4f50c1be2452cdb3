#!/usr/bin/env python3
"""Load a page in headless Chromium and report what a reader's browser saw, as JSON.

Usage: check_page.py CHROMIUM PAGE.html SCREENSHOT.png

Drives Chromium through the DevTools protocol over a pipe (--remote-debugging-pipe:
commands on fd 3, answers on fd 4, NUL-terminated JSON), standard library only. Prints one
JSON object: console messages and uncaught exceptions, failed requests, every requested
URL, the DOM checks of DOM_CHECKS, and the screenshot's path. The Rust test
(tests/page_browser.rs) decides what passes.
"""
import base64
import json
import os
import pathlib
import subprocess
import sys
import tempfile
import time

DOM_CHECKS = r"""
(() => {
  const q = (s) => Array.from(document.querySelectorAll(s));
  const charts = q('svg.chart');
  const tables = q('main table');
  return {
    title: document.title,
    sections: q('main section[id]').map((s) => s.id),
    charts: charts.length,
    charts_with_text: charts.filter((c) => c.querySelector('title') && c.querySelector('desc')
      && (c.getAttribute('aria-labelledby') || '').split(' ').every((id) => document.getElementById(id))).length,
    chart_segments: q('svg.chart rect').length,
    chart_width_px: charts.length ? Math.round(charts[0].getBoundingClientRect().width) : 0,
    tables: tables.length,
    tables_with_caption_and_headers: tables.filter((t) => t.caption && t.querySelector('th[scope]')).length,
    inspection_rows: q('table.inspections tbody tr').length,
    source_links: q('table.inspections a[href]:not([href^="#"])').length,
    row_links_resolved: q('table.inspections a[href^="#rows-"]').filter((a) => document.getElementById(a.getAttribute('href').slice(1))).length,
    reject_rows: q('table.rejects tbody tr').length,
    code_rows: q('table.codes tbody tr').length,
    latest_rows: q('table.latest tbody tr').length,
    scripts: q('script').length,
    external: q('[src],link[href]').map((e) => e.getAttribute('src') || e.getAttribute('href')),
    height_px: document.documentElement.scrollHeight,
  };
})()
"""


class Browser:
    def __init__(self, chromium):
        self.to_r, self.to_w = os.pipe()
        self.from_r, self.from_w = os.pipe()
        self.profile = tempfile.TemporaryDirectory()
        args = [chromium, "--headless=new", "--remote-debugging-pipe", "--no-sandbox",
                "--disable-gpu", "--no-first-run", "--no-default-browser-check",
                "--disable-extensions", "--disable-background-networking",
                "--window-size=1280,1000", "--hide-scrollbars",
                f"--user-data-dir={self.profile.name}", "about:blank"]

        def fds():
            # Via fresh descriptors, so that neither dup2 overwrites the other's source.
            a, b = os.dup(self.to_r), os.dup(self.from_w)
            os.dup2(a, 3)
            os.dup2(b, 4)

        self.proc = subprocess.Popen(args, pass_fds=(3, 4), preexec_fn=fds,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(self.to_r)
        os.close(self.from_w)
        self.buf = b""
        self.next_id = 0
        self.events = []

    def send(self, method, params=None, session=None):
        self.next_id += 1
        msg = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        os.write(self.to_w, json.dumps(msg).encode() + b"\0")
        want = self.next_id
        while True:
            m = self.read()
            if m.get("id") == want:
                if "error" in m:
                    raise RuntimeError(f"{method}: {m['error']}")
                return m.get("result", {})
            self.events.append(m)

    def read(self):
        while b"\0" not in self.buf:
            chunk = os.read(self.from_r, 1 << 16)
            if not chunk:
                raise RuntimeError("chromium closed the pipe")
            self.buf += chunk
        msg, self.buf = self.buf.split(b"\0", 1)
        return json.loads(msg)

    def wait_for(self, method, timeout=30):
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if any(e.get("method") == method for e in self.events):
                return
            self.events.append(self.read())
        raise RuntimeError(f"timed out waiting for {method}")

    def close(self):
        try:
            self.send("Browser.close")
        except RuntimeError:
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.profile.cleanup()


def collect(events):
    console, failed, requests = [], [], []
    for e in events:
        m, p = e.get("method"), e.get("params", {})
        if m == "Runtime.consoleAPICalled" and p.get("type") in ("error", "assert", "warning"):
            console.append(p.get("type") + ": " + " ".join(str(a.get("value", a.get("description", ""))) for a in p.get("args", [])))
        elif m == "Runtime.exceptionThrown":
            console.append("exception: " + p.get("exceptionDetails", {}).get("text", ""))
        elif m == "Log.entryAdded" and p.get("entry", {}).get("level") in ("error", "warning"):
            console.append("log: " + p["entry"].get("text", ""))
        elif m == "Network.loadingFailed":
            failed.append(p.get("errorText", "") + " " + p.get("requestId", ""))
        elif m == "Network.responseReceived" and p.get("response", {}).get("status", 200) >= 400:
            failed.append(f"HTTP {p['response']['status']} {p['response'].get('url')}")
        elif m == "Network.requestWillBeSent":
            requests.append(p.get("request", {}).get("url", ""))
    return console, failed, requests


def main():
    chromium, page, shot = sys.argv[1], pathlib.Path(sys.argv[2]).absolute(), pathlib.Path(sys.argv[3])
    b = Browser(chromium)
    try:
        target = b.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        s = b.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        for domain in ("Runtime", "Log", "Network", "Page"):
            b.send(f"{domain}.enable", session=s)
        b.send("Page.navigate", {"url": page.as_uri()}, session=s)
        b.wait_for("Page.loadEventFired")
        dom = b.send("Runtime.evaluate", {"expression": DOM_CHECKS, "returnByValue": True}, session=s)
        dom = dom.get("result", {}).get("value", {})
        height = min(int(dom.get("height_px", 1000)), 8000)
        b.send("Emulation.setDeviceMetricsOverride",
               {"width": 1280, "height": height, "deviceScaleFactor": 1, "mobile": False}, session=s)
        png = b.send("Page.captureScreenshot", {"format": "png"}, session=s)["data"]
        shot.parent.mkdir(parents=True, exist_ok=True)
        shot.write_bytes(base64.b64decode(png))
        console, failed, requests = collect(b.events)
        print(json.dumps({"console": console, "failed": failed, "requests": requests,
                          "dom": dom, "screenshot": str(shot)}))
    finally:
        b.close()


if __name__ == "__main__":
    main()
