#!/usr/bin/python3
"""Glint and real Glance side by side, in one run, with the clients users use: writes docs/benchmarks.md.

Runs on Debian's own Python (/usr/bin/python3), where python3-glanceclient and the openstack CLI
live. Glance is Debian 12's glance-api (25, Zed), set up and run by bench/glance_baseline.py's
helpers (file store, its default 2 workers, sqlite, no Keystone); Glint is a running `./glint up`
(noauth; started with `./glint up --detach` when nothing answers at --glint). Both get the same
file and the same requests; each round measures Glint and Glance one after the other, and the order
alternates from round to round, so a change in the machine's load hits both alike.

Measures, each until the image is active and its size, MD5 `checksum` and SHA-512 `os_hash_value`
match the file:
  - upload, glanceclient `images.upload` (chunked: no Content-Length, how Nova and Cinder upload)
  - upload, `openstack image create --file` (the CLI, openstacksdk underneath)
  - upload, curl `PUT /file` with Content-Length, and curl with `Transfer-Encoding: chunked`
  - download, glanceclient `images.data` (checks the MD5 as it reads) and curl `GET /file` of an
    image downloaded before (hot: Glint serves it from image-api's cache), and curl's first download
    of a new image (cold: from Glint's store); Glance reads its file store either way
  - stage + glance-direct import (curl `PUT /stage`, `POST /import`)
  - with wrk (a native load driver): create image and list limit=100 over 1,000+ images, at
    concurrency 16, requests/s and p99 latency
  - the sum of the proportional set sizes (PSS, /proc/PID/smaps_rollup) of each server's processes,
    idle at the start and peak during the run (Glint: every process under `./glint up`'s launcher,
    infrastructure included; Glance: glance-api and its workers)

    bench/compare.py [--size-mib 1024] [--rounds 3] [--glint http://127.0.0.1:9292]
                     [--glance-port 9492] [--wrk-seconds 20] [--output docs/benchmarks.md]
                     [--only upload,download,import,metadata]

The results replace the part of --output between the markers `<!-- compare.py: begin -->` and
`<!-- compare.py: end -->` (added at the top when missing); the rest of the page is left alone.
"""
import argparse
import hashlib
import json
import os
import re
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

sys.path.insert(0, str(Path(__file__).resolve().parent))
import glance_baseline as gb  # noqa: E402  (Glance's set-up: packages, config, db_sync, process)

ROOT = Path(__file__).resolve().parent.parent
MIB = 1024 * 1024
BEGIN, END = "<!-- compare.py: begin -->", "<!-- compare.py: end -->"
OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))
CURL_ENV = {k: v for k, v in os.environ.items() if k.lower() not in ("http_proxy", "https_proxy", "all_proxy")}


# Glance without Keystone gives every request an admin context with no project, and then cannot
# import (a task needs an owner): this filter, ahead of Glance's own `context` middleware, says
# every request is an admin of project "bench", as Keystone's middleware would after validation.
BENCH_IDENTITY = '''
def filter_factory(global_conf, **local_conf):
    def make(app):
        def with_identity(environ, start_response):
            environ.setdefault("HTTP_X_IDENTITY_STATUS", "Confirmed")
            environ.setdefault("HTTP_X_USER_ID", "bench")
            environ.setdefault("HTTP_X_PROJECT_ID", "bench")
            environ.setdefault("HTTP_X_ROLES", "admin,member,reader")
            return app(environ, start_response)
        return with_identity
    return make
'''


def glance_with_project(workdir, port):
    conf = gb.write_config(workdir, port, None)
    (workdir / "bench_identity.py").write_text(BENCH_IDENTITY)
    paste = workdir / "glance-api-paste.ini"
    paste.write_text(paste.read_text() + "\n[pipeline:glance-api-bench]\npipeline = cors healthcheck http_proxy_to_wsgi "
                     "versionnegotiation osprofiler benchidentity context rootapp\n"
                     "\n[filter:benchidentity]\npaste.filter_factory = bench_identity:filter_factory\n")
    conf.write_text(conf.read_text().replace("[paste_deploy]\n", "[paste_deploy]\nflavor = bench\n"))
    glance = gb.GlanceApi(conf, workdir, f"http://127.0.0.1:{port}")
    glance.env["PYTHONPATH"] = str(workdir)
    return glance


def log(message):
    print(f"[{datetime.now().strftime('%H:%M:%S')}] {message}", flush=True)


# ---------------------------------------------------------------- HTTP and the clients

def call(api, method, path, body=None, headers=None):
    data = None if body is None else json.dumps(body).encode()
    all_headers = {"Content-Type": "application/json"} if body is not None else {}
    all_headers.update(headers or {})
    req = urllib.request.Request(api + path, data=data, method=method, headers=all_headers)
    with OPENER.open(req, timeout=120) as response:
        text = response.read()
        return json.loads(text) if text else None


def answers(api):
    try:
        OPENER.open(api + "/versions", timeout=2).close()
    except urllib.error.HTTPError:
        return True
    except OSError:
        return False
    return True


def curl(*args):
    out = subprocess.run(["curl", "-s", "-S", "-o", "/dev/null", "-w", "%{http_code}", *args], check=True,
                         capture_output=True, text=True, env=CURL_ENV).stdout
    return int(out)


def new_image(api, name="bench"):
    return call(api, "POST", "/v2/images", {"name": name, "disk_format": "raw", "container_format": "bare"})["id"]


def await_active(api, image_id, start, timeout=900):
    while True:
        status = call(api, "GET", f"/v2/images/{image_id}")["status"]
        if status == "active":
            return time.monotonic() - start
        if status in ("killed", "deleted") or time.monotonic() - start > timeout:
            raise SystemExit(f"image {image_id} at {api} ended {status}")
        time.sleep(0.05)


class File:
    def __init__(self, path):
        self.path = path
        self.size = path.stat().st_size
        md5, sha512 = hashlib.md5(), hashlib.sha512()
        with open(path, "rb") as f:
            while chunk := f.read(4 * MIB):
                md5.update(chunk)
                sha512.update(chunk)
        self.md5, self.sha512 = md5.hexdigest(), sha512.hexdigest()

    def check(self, api, image_id):
        image = call(api, "GET", f"/v2/images/{image_id}")
        if (image["status"], image.get("size"), image.get("checksum"), image.get("os_hash_value")) != (
                "active", self.size, self.md5, self.sha512):
            raise SystemExit(f"image {image_id} at {api} is not the file: {image['status']} {image.get('size')} "
                             f"{image.get('checksum')}")


def glanceclient(api):
    from glanceclient import Client
    return Client("2", endpoint=api)


class Measures:
    """Each measure: (api, file) -> seconds; the image it leaves behind is deleted by the caller."""

    def __init__(self, file):
        self.file = file
        self.downloadable = {}

    def upload_glanceclient(self, api):
        image_id = new_image(api)
        start = time.monotonic()
        with open(self.file.path, "rb") as data:
            glanceclient(api).images.upload(image_id, data)
        return image_id, await_active(api, image_id, start)

    def upload_cli(self, api):
        start = time.monotonic()
        out = subprocess.run(["openstack", "--os-auth-type", "none", "--os-endpoint", api, "image", "create",
                              "--disk-format", "raw", "--container-format", "bare", "--file", str(self.file.path),
                              "-f", "value", "-c", "id", "bench-cli"], check=True, capture_output=True, text=True,
                             env=CURL_ENV).stdout.strip()
        return out, await_active(api, out, start)

    def put_data(self, api, image_id, target="file", chunked=False):
        """curl PUT of the file to /file or /stage (chunked: no Content-Length); fails unless 204."""
        framing = ["-H", "Transfer-Encoding: chunked"] if chunked else []
        code = curl("-X", "PUT", "-H", "Content-Type: application/octet-stream", *framing, "-T", str(self.file.path),
                    f"{api}/v2/images/{image_id}/{target}")
        if code != 204:
            raise SystemExit(f"curl PUT /{target}{' (chunked)' if chunked else ''} at {api} answered {code}")

    def upload_curl_sized(self, api):
        image_id = new_image(api)
        start = time.monotonic()
        self.put_data(api, image_id)
        return image_id, await_active(api, image_id, start)

    def upload_curl_chunked(self, api):
        image_id = new_image(api)
        start = time.monotonic()
        self.put_data(api, image_id, chunked=True)
        return image_id, await_active(api, image_id, start)

    def stage_import(self, api):
        image_id = new_image(api)
        start = time.monotonic()
        self.put_data(api, image_id, target="stage")
        call(api, "POST", f"/v2/images/{image_id}/import", {"method": {"name": "glance-direct"}})
        return image_id, await_active(api, image_id, start)

    def download_glanceclient(self, api):
        image_id = self.downloadable[api]
        start = time.monotonic()
        md5 = hashlib.md5()
        # glanceclient checks the MD5 against the image's checksum itself, as Nova's download does.
        for chunk in glanceclient(api).images.data(image_id):
            md5.update(chunk)
        seconds = time.monotonic() - start
        if md5.hexdigest() != self.file.md5:
            raise SystemExit(f"download from {api} differs from the file")
        return None, seconds

    def download_curl(self, api):
        image_id = self.downloadable[api]
        start = time.monotonic()
        code = curl(f"{api}/v2/images/{image_id}/file")
        if code != 200:
            raise SystemExit(f"download from {api} answered {code}")
        return None, time.monotonic() - start

    def download_curl_cold(self, api):
        """The first download of a new image: for Glint from its store, not from image-api's cache."""
        image_id = new_image(api)
        self.put_data(api, image_id)
        await_active(api, image_id, time.monotonic())
        start = time.monotonic()
        code = curl(f"{api}/v2/images/{image_id}/file")
        if code != 200:
            raise SystemExit(f"download from {api} answered {code}")
        return image_id, time.monotonic() - start


UPLOADS = [
    ("upload-to-active, glanceclient `images.upload` (chunked)", "upload_glanceclient"),
    ("upload-to-active, `openstack image create --file`", "upload_cli"),
    ("upload-to-active, curl with Content-Length", "upload_curl_sized"),
    ("upload-to-active, curl chunked", "upload_curl_chunked"),
]
DOWNLOADS = [
    ("download, glanceclient `images.data` (hot)", "download_glanceclient"),
    ("download, curl `GET /file` (hot: Glint serves it from its image cache)", "download_curl"),
    ("download, curl `GET /file`, cold (first download of a new image)", "download_curl_cold"),
]
IMPORTS = [("stage + glance-direct import to active", "stage_import")]


# ---------------------------------------------------------------- memory

def pss_kib(pid):
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def descendants(root):
    children = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            stat = gb.read_stat(entry)
            if stat is not None:
                children.setdefault(int(stat[1]), []).append(int(entry))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children.get(pid, []))
    return found


class PssSampler(threading.Thread):
    """Peak of the summed PSS of each tree of processes, sampled every second."""

    def __init__(self, trees):
        super().__init__(daemon=True)
        self.trees = trees  # name -> callable giving the pids
        self.peak = {name: 0 for name in trees}
        self.running = True

    def sample(self):
        return {name: sum(pss_kib(pid) for pid in pids()) for name, pids in self.trees.items()}

    def run(self):
        while self.running:
            for name, kib in self.sample().items():
                self.peak[name] = max(self.peak[name], kib)
            time.sleep(1)


def glint_pids(data_dir):
    pid_file = data_dir / "glint.pid"
    if not pid_file.exists():
        raise SystemExit(f"no {pid_file}: is Glint running from ./glint up with GLINT_DATA_DIR={data_dir}?")
    return descendants(int(pid_file.read_text().split()[0]))


# ---------------------------------------------------------------- wrk

WRK_CREATE = """wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"name": "bench-wrk", "disk_format": "raw", "container_format": "bare"}'
"""


def wrk(url, seconds, script=None):
    args = ["wrk", "-t2", "-c16", f"-d{seconds}s", "--latency", "--timeout", "10s"]
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as lua:
        lua.write(script or "")
    try:
        out = subprocess.run(args + (["-s", lua.name] if script else []) + [url], check=True, capture_output=True,
                             text=True, env=CURL_ENV).stdout
    finally:
        os.unlink(lua.name)
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)\b", out)
    p99_ms = float(p99.group(1)) * {"us": 0.001, "ms": 1, "s": 1000}[p99.group(2)]
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return rate, p99_ms, int(errors.group(1)) if errors else 0


def count_images(api):
    total, marker = 0, None
    while True:
        page = call(api, "GET", "/v2/images?limit=1000" + (f"&marker={marker}" if marker else ""))["images"]
        total += len(page)
        if len(page) < 1000:
            return total
        marker = page[-1]["id"]


def top_up(api, wanted):
    have = count_images(api)
    for _ in range(max(0, wanted - have)):
        new_image(api, "bench-wrk")


def delete_bench_images(api):
    """Removes what the metadata runs created (queued images named bench-wrk)."""
    while True:
        page = call(api, "GET", "/v2/images?limit=1000&name=bench-wrk")["images"]
        if not page:
            return
        for image in page:
            try:
                call(api, "DELETE", f"/v2/images/{image['id']}")
            except urllib.error.HTTPError:
                pass


# ---------------------------------------------------------------- the run

def median(values):
    return statistics.median(values) if values else None


def ratio(glint, glance, higher_is_better):
    if not glint or not glance:
        return ""
    return f"{(glint / glance if higher_is_better else glance / glint):.2f} x"


def markdown(info, transfers, metadata, memory, size):
    lines = [BEGIN, "", "## Glint and Glance side by side", "",
             f"Written by `bench/compare.py` (run it again to refresh this part). One run, on this machine, "
             f"{info['date']}, commit `{info['commit']}`; {info['machine']}; load average (1 min) "
             f"before / after: {info['load_before']} / {info['load_after']}. Glance: Debian 12's glance-api "
             f"{info['glance']} (file store, {info['workers']} workers, sqlite, no Keystone: every request an admin of one project); Glint: `./glint up` "
             f"(noauth, its embedded PostgreSQL, Kafka and S3 store). Each round measured both, the order "
             f"alternating; every upload was checked (size, MD5 `checksum`, SHA-512 `os_hash_value`) and "
             f"every download's MD5. File: {size // MIB} MiB of random data, {info['rounds']} rounds; "
             f"figures are medians. Ratio: Glint's throughput over Glance's (above 1: Glint is faster).", "",
             "| measure | Glance s | Glance MB/s | Glint s | Glint MB/s | ratio | Glint per round s |",
             "|---|---|---|---|---|---|---|"]
    for label, result in transfers.items():
        glance, glint = median(result["glance"]), median(result["glint"])
        lines.append(f"| {label} | {glance:.2f} | {size / 1e6 / glance:.0f} | {glint:.2f} | {size / 1e6 / glint:.0f} | "
                     f"{ratio(size / glint, size / glance, True)} | "
                     f"{' / '.join(f'{s:.2f}' for s in result['glint'])} |")
    if metadata:
        lines += ["", f"Metadata API with `wrk -t2 -c16 -d{info['wrk_seconds']}s` (a native driver; the list "
                  f"runs over at least 1,000 images in each server; non-2xx answers counted):", "",
                  "| measure | Glance req/s | Glance p99 ms | Glint req/s | Glint p99 ms | ratio | errors (Glance / Glint) |",
                  "|---|---|---|---|---|---|---|"]
        for label, result in metadata.items():
            g, n = result["glance"], result["glint"]
            lines.append(f"| {label} | {g[0]:.0f} | {g[1]:.0f} | {n[0]:.0f} | {n[1]:.1f} | "
                         f"{ratio(n[0], g[0], True)} | {g[2]} / {n[2]} |")
    lines += ["", "Memory, summed proportional set size (PSS) of every process of each server:", "",
              "| | Glance | Glint |", "|---|---|---|",
              f"| idle, before the run | {memory['idle']['glance'] / 1024:.0f} MiB | {memory['idle']['glint'] / 1024:.0f} MiB |",
              f"| peak during the run | {memory['peak']['glance'] / 1024:.0f} MiB | {memory['peak']['glint'] / 1024:.0f} MiB |",
              "", END]
    return "\n".join(lines) + "\n"


def write_section(output, section):
    text = output.read_text() if output.exists() else "# Benchmarks\n"
    if BEGIN in text and END in text:
        text = text[:text.index(BEGIN)] + section.rstrip("\n") + text[text.index(END) + len(END):]
    else:
        head, _, rest = text.partition("\n")
        text = head + "\n\n" + section + rest
    output.write_text(text)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size-mib", type=int, default=1024)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--glint", default="http://127.0.0.1:9292", help="Glint's API (default %(default)s)")
    parser.add_argument("--glint-data-dir", type=Path,
                        default=Path(os.environ.get("GLINT_DATA_DIR", ROOT / ".glint-data")))
    parser.add_argument("--glance-port", type=int, default=9492)
    parser.add_argument("--workdir", type=Path, default=ROOT / ".glance-bench")
    parser.add_argument("--wrk-seconds", type=int, default=20)
    parser.add_argument("--only", default="upload,download,import,metadata")
    parser.add_argument("--output", type=Path, default=ROOT / "docs" / "benchmarks.md")
    args = parser.parse_args()
    only = set(args.only.split(","))

    if not answers(args.glint):
        raise SystemExit(f"Glint does not answer at {args.glint}: start it with `./glint up --detach` first")
    gb.ensure_glance_installed()
    workdir = args.workdir.resolve()
    gb.prepare_workdir(workdir)
    glance_api = f"http://127.0.0.1:{args.glance_port}"
    glance = glance_with_project(workdir, args.glance_port)
    info = {"glance": gb.package_version("python3-glance"), "workers": gb.default_workers(),
            "rounds": args.rounds, "wrk_seconds": args.wrk_seconds, "machine": gb.machine(),
            "commit": subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True,
                                     text=True).stdout.strip()}
    sampler = None
    try:
        if answers(glance_api):
            raise SystemExit(f"something already answers on {glance_api}")
        gb.db_sync(glance.conf, workdir)
        glance.start()
        time.sleep(2)
        apis = {"glance": glance_api, "glint": args.glint}
        sampler = PssSampler({"glance": glance.pids, "glint": lambda: glint_pids(args.glint_data_dir)})
        memory = {"idle": sampler.sample()}
        sampler.start()
        info["load_before"] = gb.load_average()

        path = workdir / "image.raw"
        with open(path, "wb") as f:
            for _ in range(args.size_mib):
                f.write(os.urandom(MIB))
        file = File(path)
        measures = Measures(file)
        for name, api in apis.items():
            image_id = new_image(api)
            measures.put_data(api, image_id)
            await_active(api, image_id, time.monotonic())
            measures.downloadable[api] = image_id
            # One of each upload first, unmeasured: JIT warm-up on one side, page cache on both.
            measures.upload_curl_chunked(api)

        chosen = (UPLOADS if "upload" in only else []) + (DOWNLOADS if "download" in only else []) + \
                 (IMPORTS if "import" in only else [])
        transfers = {label: {"glance": [], "glint": []} for label, _ in chosen}
        for number in range(1, args.rounds + 1):
            for label, method in chosen:
                order = ["glint", "glance"] if number % 2 else ["glance", "glint"]
                for name in order:
                    api = apis[name]
                    image_id, seconds = getattr(measures, method)(api)
                    if image_id is not None:
                        file.check(api, image_id)
                        call(api, "DELETE", f"/v2/images/{image_id}")
                    transfers[label][name].append(seconds)
                    log(f"round {number}, {label}, {name}: {seconds:.2f} s ({file.size / 1e6 / seconds:.0f} MB/s)")

        metadata = {}
        if "metadata" in only:
            for name in ("glance", "glint"):
                api = apis[name]
                create = wrk(f"{api}/v2/images", args.wrk_seconds, WRK_CREATE)
                top_up(api, 1000)
                listing = wrk(f"{api}/v2/images?limit=100", args.wrk_seconds)
                metadata.setdefault("create image (`POST /v2/images`)", {})[name] = create
                metadata.setdefault("list images, limit=100 over 1,000+", {})[name] = listing
                log(f"{name}: create {create[0]:.0f} req/s p99 {create[1]:.1f} ms; "
                    f"list {listing[0]:.0f} req/s p99 {listing[1]:.1f} ms")
                delete_bench_images(api)

        sampler.running = False
        memory["peak"] = sampler.peak
        info["load_after"] = gb.load_average()
        info["date"] = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
        section = markdown(info, transfers, metadata, memory, file.size)
        print(section)
        write_section(args.output, section)
        log(f"wrote {args.output}")
    finally:
        if sampler is not None:
            sampler.running = False
        glance.stop()
        (workdir / "image.raw").unlink(missing_ok=True)


if __name__ == "__main__":
    sys.exit(main())
