#!/usr/bin/env python3
"""Throughput of Glint through `./glint up`, written to docs/benchmarks.md.

Measures, for one file (1 GiB by default), a few rounds each of:
  - upload-to-active: POST /v2/images, PUT /file, until GET shows the image active;
  - download: GET /file of that image, checked against its MD5;
  - stage + glance-direct import to active: PUT /stage, POST /import, until GET shows it active;
  - raw S3 put/get of the same file straight to the embedded S3 store (curl with SigV4), the ceiling
    that the store itself puts on any upload.
Starts `./glint up --detach` when nothing answers on the API port, and stops it again afterwards.

    bench/benchmark.py [--size-mib 1024] [--rounds 3] [--output docs/benchmarks.md]
"""
import argparse
import hashlib
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
API = "http://127.0.0.1:9292"
S3 = "http://127.0.0.1:9391"
S3_USER = "glint:glint-secret-key"
UPLOAD_WORKER_METRICS = "http://127.0.0.1:9301/q/metrics"
MIB = 1024 * 1024


def api_up():
    try:
        urllib.request.urlopen(API + "/versions", timeout=2)
    except urllib.error.HTTPError as e:
        return e.code == 300
    except OSError:
        return False
    return True


def request(method, path, body=None):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(API + path, data=data, method=method,
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=60) as response:
        text = response.read()
        return json.loads(text) if text else None


def curl(*args, output="/dev/null"):
    """Runs curl, returns (http code, seconds) as curl itself measured them."""
    out = subprocess.run(["curl", "-s", "-S", "-o", str(output), "-w", "%{http_code} %{time_total}", *args],
                         check=True, capture_output=True, text=True).stdout.split()
    return int(out[0]), float(out[1])


class RssSampler(threading.Thread):
    """Highest resident memory of image-api while an upload runs: flat means the data streamed through."""

    def __init__(self):
        super().__init__(daemon=True)
        pid_file = Path(os.environ.get("GLINT_DATA_DIR", ROOT / ".glint-data")) / "pids" / "image-api.pid"
        self.status = Path(f"/proc/{pid_file.read_text().strip()}/status") if pid_file.exists() else None
        self.peak_kib = 0
        self.running = True

    def run(self):
        while self.running and self.status is not None:
            try:
                for line in self.status.read_text().splitlines():
                    if line.startswith("VmRSS:"):
                        self.peak_kib = max(self.peak_kib, int(line.split()[1]))
            except OSError:
                return
            time.sleep(0.1)


def upload_to_active(path):
    image = request("POST", "/v2/images", {"name": "benchmark", "disk_format": "raw", "container_format": "bare"})
    start = time.monotonic()
    code, _ = curl("-X", "PUT", "-H", "Content-Type: application/octet-stream", "-T", str(path),
                   f"{API}/v2/images/{image['id']}/file")
    if code != 204:
        raise SystemExit(f"upload answered {code}")
    while request("GET", f"/v2/images/{image['id']}")["status"] != "active":
        if time.monotonic() - start > 600:
            raise SystemExit("image not active after 600 s")
        time.sleep(0.05)
    return image["id"], time.monotonic() - start


def stage_import_to_active(path):
    image = request("POST", "/v2/images", {"name": "benchmark-import", "disk_format": "raw",
                                           "container_format": "bare"})
    start = time.monotonic()
    code, _ = curl("-X", "PUT", "-H", "Content-Type: application/octet-stream", "-T", str(path),
                   f"{API}/v2/images/{image['id']}/stage")
    if code != 204:
        raise SystemExit(f"stage answered {code}")
    request("POST", f"/v2/images/{image['id']}/import", {"method": {"name": "glance-direct"}})
    while (status := request("GET", f"/v2/images/{image['id']}")["status"]) != "active":
        if status == "queued" or time.monotonic() - start > 600:
            raise SystemExit(f"import did not finish: {status}")
        time.sleep(0.05)
    return image["id"], time.monotonic() - start


def download(image_id, expected_md5, scratch):
    target = scratch / "download"
    code, seconds = curl(f"{API}/v2/images/{image_id}/file", output=target)
    if code != 200:
        raise SystemExit(f"download answered {code}")
    if md5_of(target) != expected_md5:
        raise SystemExit("downloaded data differs from the upload")
    target.unlink()
    return seconds


def raw_s3(path, scratch, round_number):
    sigv4 = ["--aws-sigv4", "aws:amz:us-east-1:s3", "--user", S3_USER, "-H", "x-amz-content-sha256: UNSIGNED-PAYLOAD"]
    url = f"{S3}/glint-images/benchmark/raw-{round_number}"
    code, put = curl(*sigv4, "-T", str(path), url)
    if code != 200:
        raise SystemExit(f"raw S3 PUT answered {code}")
    code, get = curl(*sigv4, url, output=scratch / "raw")
    if code != 200:
        raise SystemExit(f"raw S3 GET answered {code}")
    (scratch / "raw").unlink()
    curl(*sigv4, "-X", "DELETE", url)
    return put, get


def verifications():
    """Uploads the upload-worker has verified so far, by method (store-checksum, reread) and outcome."""
    counts = {}
    try:
        with urllib.request.urlopen(UPLOAD_WORKER_METRICS, timeout=10) as response:
            text = response.read().decode()
    except OSError:
        return counts
    for line in text.splitlines():
        if line.startswith("glint_uploads_verified_total{"):
            labels, value = line[len("glint_uploads_verified_total{"):].split("} ")
            tags = dict(part.split("=", 1) for part in labels.split(","))
            key = f"{tags['method'].strip(chr(34))} -> {tags['outcome'].strip(chr(34))}"
            counts[key] = counts.get(key, 0) + int(float(value))
    return counts


def load_average():
    return open("/proc/loadavg").read().split()[0]


def md5_of(path):
    digest = hashlib.md5()
    with open(path, "rb") as f:
        while chunk := f.read(8 * MIB):
            digest.update(chunk)
    return digest.hexdigest()


def rate(size, seconds):
    return size / MIB / seconds


def summary(label, size, seconds):
    rates = [rate(size, s) for s in seconds]
    return (f"| {label} | {statistics.median(seconds):.2f} | {statistics.median(rates):.0f} "
            f"| {' / '.join(f'{r:.0f}' for r in rates)} |")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size-mib", type=int, default=1024)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--output", default=str(ROOT / "docs" / "benchmarks.md"))
    args = parser.parse_args()

    started_here = False
    if not api_up():
        print("starting ./glint up --detach", flush=True)
        subprocess.run([str(ROOT / "glint"), "up", "--detach"], check=True)
        started_here = True
    try:
        with tempfile.TemporaryDirectory(prefix="glint-bench-") as tmp:
            scratch = Path(tmp)
            source = scratch / "image.raw"
            size = args.size_mib * MIB
            with open(source, "wb") as f:
                for _ in range(args.size_mib):
                    f.write(os.urandom(MIB))
            expected_md5 = md5_of(source)
            uploads, downloads, imports, puts, gets, peaks = [], [], [], [], [], []
            # Others may share the machine: the load around the rounds says how far to trust them.
            load_before, verified_before = load_average(), verifications()
            for round_number in range(1, args.rounds + 1):
                sampler = RssSampler()
                sampler.start()
                image_id, seconds = upload_to_active(source)
                sampler.running = False
                sampler.join()
                peaks.append(sampler.peak_kib / 1024)
                uploads.append(seconds)
                downloads.append(download(image_id, expected_md5, scratch))
                request("DELETE", f"/v2/images/{image_id}")
                imported_id, imported = stage_import_to_active(source)
                imports.append(imported)
                request("DELETE", f"/v2/images/{imported_id}")
                put, get = raw_s3(source, scratch, round_number)
                puts.append(put)
                gets.append(get)
                print(f"round {round_number}: upload-to-active {seconds:.2f} s, download {downloads[-1]:.2f} s, "
                      f"stage + import {imported:.2f} s, "
                      f"raw S3 put {put:.2f} s, get {get:.2f} s", flush=True)
            load_after, verified_after = load_average(), verifications()
    finally:
        if started_here:
            subprocess.run([str(ROOT / "glint"), "down"], check=False)

    commit = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
                            capture_output=True, text=True).stdout.strip()
    cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")),
               platform.processor())
    rows = [
        summary("upload-to-active (`PUT /file` until active)", size, uploads),
        summary("download (`GET /file`)", size, downloads),
        summary("stage + glance-direct import to active (`PUT /stage`, `POST /import`)", size, imports),
        summary("raw S3 PUT, same file, straight to the store", size, puts),
        summary("raw S3 GET", size, gets),
    ]
    report = "\n".join([
        "# Benchmarks",
        "",
        "Written by `bench/benchmark.py` (run it again to refresh this page). Glint runs through",
        "`./glint up` on its embedded infrastructure; transfers are made with curl on loopback.",
        "",
        f"- measured: {datetime.now(timezone.utc).strftime('%Y-%m-%d %H:%M UTC')}, commit `{commit}`",
        f"- machine: {os.cpu_count()} cores ({cpu}), {round(os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30)} GiB",
        f"- file: {args.size_mib} MiB of random data, {args.rounds} rounds",
        f"- image-api peak resident memory during the uploads (JVM with -Xmx192m, glint-infra JvmFootprint): "
        f"{' / '.join(f'{p:.0f}' for p in peaks)} MiB",
        f"- upload-worker verification (`glint.upload-worker.verify`), uploads by method: "
        + (", ".join(f"{key}: {verified_after[key] - verified_before.get(key, 0)}" for key in sorted(verified_after)
                     if verified_after[key] != verified_before.get(key, 0)) or "not reported"),
        f"- load average (1 min) before / after the rounds: {load_before} / {load_after}",
        "",
        "| what | median s | median MiB/s | MiB/s per round |",
        "|---|---|---|---|",
        *rows,
        "",
    ])
    notes_file = ROOT / "docs" / "benchmarks-notes.md"
    if notes_file.exists():
        report += "\n" + notes_file.read_text()
    Path(args.output).write_text(report)
    print(report)


if __name__ == "__main__":
    sys.exit(main())
