#!/usr/bin/env python3
"""Same-machine baseline: upload throughput of real OpenStack Glance, timed like bench/benchmark.py times Glint.

Sets up a throwaway Glance from Debian 12's packages (python3-glance, run by `glance-api`, the
eventlet server Debian's own init script starts: Debian ships uwsgi for it disabled), then, for each
round: POST /v2/images (raw, bare), PUT /file with curl exactly as benchmark.py's `upload_to_active`
does, GET until the image is active (the clock runs from just before curl to that GET, as in
benchmark.py), checks that the image is active with the file's size, MD5 `checksum` and SHA-512
`os_hash_value`, and deletes it.

    bench/glance_baseline.py [--size-mib 1024] [--rounds 4] [--file PATH] [--workers N]
                             [--workdir DIR] [--port 9492] [--output FILE] [--keep]
                             [--store {file,s3}] [--s3-endpoint URL] [--s3-access-key KEY]
                             [--s3-secret-key SECRET] [--s3-bucket BUCKET]

    e.g.  bench/glance_baseline.py --output /tmp/glance-baseline.md     (1 GiB, 4 rounds, file store)
          bench/glance_baseline.py --size-mib 64 --rounds 2             (a quick check)
          bench/glance_baseline.py --store s3 --output /tmp/glance-s3.md
                                      (Glance's s3 store driver writing into the S3 server at
                                       --s3-endpoint, default Glint's S3Proxy on http://127.0.0.1:9391)

Needs root only to install the packages: when `glance-api` or `glance-manage` is missing it runs
`apt-get install -y --no-install-recommends glance-api` (retried after `apt-get update` if it fails);
with --store s3 likewise python3-boto3 when glance-api's interpreter cannot import boto3.

The Glance it starts (configuration written to --workdir, default .glance-bench in the repository, which is
on the same filesystem as the repository; the script marks the directory as its own and refuses to
use a non-empty directory it did not create; it is removed at the end unless --keep or a failure):
  - glance-api.conf: bind 127.0.0.1:--port (9492), `workers` left unset, so Glance's default
    applies: min(number of CPUs, 8), i.e. 2 on a 2-core machine (--workers N sets it);
    [database] sqlite file in the workdir, created by `glance-manage db_sync`;
    [glance_store] stores = file, default_store = file (the single-store settings: deprecated since
    Rocky in favour of enabled_backends, but still the ones Glance 25 reads when enabled_backends is
    unset), filesystem_store_datadir = WORKDIR/images; hashing_algorithm left at its default,
    sha512 (Glance's store driver computes MD5 `checksum` and SHA-512 `os_hash_value` over the data
    as it writes it, in the same loop); notifications off (noop driver); staging, lock and log
    paths inside the workdir.
  - No Keystone: [paste_deploy] gives config_file = the Debian paste ini copied into the workdir and
    no flavor, so the pipeline is Debian's plain `glance-api` one, whose `unauthenticated-context`
    middleware gives every request an admin context (is_admin, no user, no project, no roles).
    Requests therefore need no auth headers at all, and none are sent; images get no owner.
  - Policy: an empty policy file and an empty policy.d in the workdir, so only Glance 25's built-in
    defaults apply (enforce_new_defaults is false there, and the admin context passes every rule);
    no property protections (none are configured by default).
PUT /file answers 204 with the image already active (Glance writes the data, hashes it and saves
the image before it answers), so the first GET afterwards finds it active. On the way the data also
passes Debian's backported in-flight format inspector (raw: it only records the virtual size); the
file store writes 64 KiB chunks without fsync. Expected in Glance's log and harmless: the
deprecation warnings for `stores`/`default_store`, "Unable to create trust" (INFO, no Keystone), and
on each DELETE "deletion of staged image data has failed" (there never was a staged copy).
With --store s3 (glance_store's s3 driver, boto3; the version's own option names):
  - [glance_store] stores = s3, default_store = s3, s3_store_host = --s3-endpoint (a full
    http:// URL: glance_store then hands it to boto3 as endpoint_url with use_ssl off; an endpoint
    that is not an AWS host name gets no region from the driver, so boto3 signs for us-east-1;
    the driver has no region option, and glance-api runs with AWS_DEFAULT_REGION=us-east-1 and
    without ~/.aws files or proxy variables), s3_store_access_key / s3_store_secret_key,
    s3_store_bucket = --s3-bucket (default glance-bench), s3_store_create_bucket_on_put = True,
    s3_store_bucket_url_format = path. The multipart settings are written out with the values the
    installed driver has as defaults (read from it at start-up, printed, and put in the markdown):
    in glance_store 4.1.0 s3_store_large_object_size = 100 (MiB; an image whose Content-Length is
    at least that goes multipart), s3_store_large_object_chunk_size = 10 (MiB parts, raised when
    more than 10,000 parts would be needed), s3_store_thread_pools = 10 (a GreenPool of 10
    concurrent part uploads). So 1 GiB goes as 103 parts (102 of 10 MiB, one of 4 MiB); smaller
    images are read completely into memory and sent with one PutObject.
  - The driver computes MD5 `checksum` and SHA-512 `os_hash_value` itself, as the file store does;
    boto3 (Debian's 1.26 / botocore 1.29) adds a Content-MD5 of every PutObject / UploadPart body
    and, the endpoint being plain http, signs the payload with its SHA-256 (x-amz-content-sha256).
  - show_image_direct_url = True (s3 only), so GET /v2/images/ID shows the image's s3:// location;
    after each round the script checks that it names --s3-bucket and the image id, and HEADs the
    object itself (SigV4, standard library): its Content-Length must be the file's size and, for a
    single-part object, its ETag the file's MD5. After the image's DELETE it HEADs the object again
    to confirm Glance removed it from the bucket. At the end (on failures too) any object this run's
    images left behind is deleted, and the bucket is removed if it is empty and did not exist
    before the run (Glance created it); nothing else in the S3 server is touched.
  - The S3 server's CPU seconds per round are reported too when --s3-endpoint is on this machine
    (the process listening on its port, found through /proc; a shared server's figure includes
    whatever else it served meanwhile).
The random file (unless --file) is written into the workdir and removed with it. The first round
also pays each worker's lazy set-up (policy, database): look at the later rounds too.

Reported per round: upload-to-active seconds, MiB/s (2^20 B/s) and MB/s (10^6 B/s), curl's own
time_total, the CPU seconds (user + system, from /proc) that the glance-api process tree spent in
the round, curl's CPU seconds, and the 1-minute load average before/after; then the medians.
--output writes a short markdown section (a table like docs/benchmarks.md's) with the Glance version,
the configuration, the date (UTC) and the machine. Glance's log is scanned for warnings and errors.

Standard library only (the s3 checks sign their own requests); runs glance-api in a session of its own and stops that whole session at the
end, on errors and on Ctrl-C / SIGTERM too.
"""
import argparse
import hashlib
import multiprocessing
import os
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import hmac
import math
import xml.etree.ElementTree as ElementTree
import json
import re
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MIB = 1024 * 1024
MARKER = ".glance-baseline"
CLK_TCK = os.sysconf("SC_CLK_TCK")
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
REQUEST_CONTEXT = re.compile(r"\[[^\]]*req-[^\]]*\]\s*")
PROXY_VARS = {"http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"}
OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # loopback only, never a proxy
CURL_ENV = {k: v for k, v in os.environ.items() if k not in PROXY_VARS}
S3_REGION = "us-east-1"
S3_SETTINGS = ("s3_store_large_object_size", "s3_store_large_object_chunk_size", "s3_store_thread_pools")


def log(message):
    print(message, flush=True)


# ---------------------------------------------------------------- installation and configuration

def apt_install(package, missing):
    """apt-get install of one package (after apt-get update when the lists are stale); needs root."""
    if os.geteuid() != 0:
        raise SystemExit(f"{missing}: run `apt-get install -y {package}` as root")
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    install = ["apt-get", "install", "-y", "--no-install-recommends", package]
    log(f"installing {package} from Debian's packages: " + " ".join(install))
    if subprocess.run(install, env=env).returncode != 0:
        subprocess.run(["apt-get", "update"], env=env, check=True)
        subprocess.run(install, env=env, check=True)


def ensure_glance_installed():
    if shutil.which("glance-api") and shutil.which("glance-manage"):
        return
    apt_install("glance-api", "glance-api is not installed")
    if not (shutil.which("glance-api") and shutil.which("glance-manage")):
        raise SystemExit("glance-api / glance-manage still missing after apt-get install")


def package_version(name):
    result = subprocess.run(["dpkg-query", "-W", "-f", "${Version}", name], capture_output=True, text=True)
    return result.stdout.strip() or "not installed"


def glance_python():
    """The interpreter glance-api runs on (its #! line), which is the one that has to import boto3."""
    try:
        first = Path(shutil.which("glance-api")).read_text(errors="replace").splitlines()[0]
    except (OSError, IndexError, TypeError):
        first = ""
    words = first[2:].split() if first.startswith("#!") else []
    if words and Path(words[0]).name == "env" and len(words) > 1:
        return shutil.which(words[1]) or words[1]
    return words[0] if words else "/usr/bin/python3"


def ensure_boto3_installed(python):
    check = [python, "-c", "import boto3"]
    if subprocess.run(check, capture_output=True).returncode == 0:
        return
    apt_install("python3-boto3", f"{python} cannot import boto3 (Glance's s3 driver needs it)")
    if subprocess.run(check, capture_output=True).returncode != 0:
        raise SystemExit(f"{python} still cannot import boto3 after apt-get install python3-boto3")


S3_DRIVER_PROBE = """
import json, boto3, botocore
from glance_store._drivers import s3
print(json.dumps({"defaults": {o.name: o.default for o in s3._S3_OPTS},
                  "write_chunk": s3.Store.WRITE_CHUNKSIZE, "max_parts": s3.MAX_PART_NUM,
                  "boto3": boto3.__version__, "botocore": botocore.__version__}))
"""


def s3_driver_info(python):
    """The installed glance_store s3 driver's option defaults and the boto3 / botocore it imports."""
    result = subprocess.run([python, "-c", S3_DRIVER_PROBE], capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"cannot load glance_store's s3 driver with {python}:\n{result.stderr[-2000:]}")
    info = json.loads(result.stdout.strip().splitlines()[-1])
    missing = [name for name in S3_SETTINGS if name not in info["defaults"]]
    if missing:
        raise SystemExit(f"this glance_store's s3 driver has no option {', '.join(missing)}")
    return info


def s3_plan(size, settings, max_parts):
    """How the driver (glance_store 4.1.0 Store.add) sends SIZE bytes: (multipart?, parts, part bytes)."""
    if size < settings["s3_store_large_object_size"] * MIB:
        return False, 1, size
    part = max(settings["s3_store_large_object_chunk_size"] * MIB, math.ceil(size / max_parts))
    return True, math.ceil(size / part), part


def default_workers():
    """Glance 25's own default (glance.common.wsgi.get_num_workers): the CPU count, at most 8."""
    return min(multiprocessing.cpu_count(), 8)


def prepare_workdir(workdir):
    """Creates (or reuses, if it is ours) the work directory and empties what a run leaves behind."""
    if workdir.exists() and any(workdir.iterdir()) and not (workdir / MARKER).exists():
        raise SystemExit(f"{workdir} exists, is not empty and was not made by this script: choose another --workdir")
    workdir.mkdir(parents=True, exist_ok=True)
    (workdir / MARKER).write_text("made by bench/glance_baseline.py; removed at the end of a run\n")
    for stale in ("images", "staging", "locks", "policy.d", "glance.sqlite", "glance-api.log",
                  "glance-api.out", "glance-manage.log", "image.raw"):
        path = workdir / stale
        if path.is_dir():
            shutil.rmtree(path)
        elif path.exists():
            path.unlink()
    for sub in ("images", "staging", "locks", "policy.d"):
        (workdir / sub).mkdir()


def store_config(workdir, store, s3=None, bucket=None, settings=None):
    """The [glance_store] lines for --store file or s3."""
    if store == "file":
        return ["stores = file", "default_store = file", f"filesystem_store_datadir = {workdir / 'images'}"]
    return [
        "stores = s3",
        "default_store = s3",
        f"s3_store_host = {s3.endpoint}",
        f"s3_store_access_key = {s3.access_key}",
        f"s3_store_secret_key = {s3.secret_key}",
        f"s3_store_bucket = {bucket}",
        "s3_store_create_bucket_on_put = True",
        "s3_store_bucket_url_format = path",
        "# the installed driver's defaults, written out:",
        *(f"{name} = {settings[name]}" for name in S3_SETTINGS),
    ]


def write_config(workdir, port, workers, store="file", s3=None, bucket=None, settings=None):
    paste = workdir / "glance-api-paste.ini"
    shutil.copyfile("/etc/glance/glance-api-paste.ini", paste)
    policy = workdir / "policy.yaml"
    policy.write_text("# no overrides: Glance's built-in policy defaults only\n")  # YAML: "{}" would warn as JSON
    conf = workdir / "glance-api.conf"
    lines = [
        "[DEFAULT]",
        "bind_host = 127.0.0.1",
        f"bind_port = {port}",
        *([f"workers = {workers}"] if workers is not None else ["# workers: unset, Glance's default"]),
        "debug = false",
        f"log_file = {workdir / 'glance-api.log'}",
        "use_stderr = false",
        f"node_staging_uri = file://{workdir / 'staging'}",
        *(["show_image_direct_url = True"] if store == "s3" else []),
        "",
        "[database]",
        f"connection = sqlite:///{workdir / 'glance.sqlite'}",
        "",
        "[glance_store]",
        *store_config(workdir, store, s3, bucket, settings),
        "",
        "[paste_deploy]",
        f"config_file = {paste}",
        "",
        "[oslo_policy]",
        f"policy_file = {policy}",
        f"policy_dirs = {workdir / 'policy.d'}",
        "",
        "[oslo_concurrency]",
        f"lock_path = {workdir / 'locks'}",
        "",
        "[oslo_messaging_notifications]",
        "driver = noop",
        "",
    ]
    conf.write_text("\n".join(lines))
    return conf


def db_sync(conf, workdir):
    with open(workdir / "glance-manage.log", "w") as out:
        result = subprocess.run(["glance-manage", "--config-file", str(conf), "db_sync"],
                                stdout=out, stderr=subprocess.STDOUT)
    if result.returncode != 0:
        raise SystemExit(f"glance-manage db_sync failed:\n{tail(workdir / 'glance-manage.log')}")


def tail(path, lines=30):
    try:
        return "\n".join(Path(path).read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


# ---------------------------------------------------------------- S3 (checks and clean-up only)

class S3:
    """Just enough of S3 for the checks: path-style requests with an empty body, signed with SigV4."""
    EMPTY_SHA256 = hashlib.sha256(b"").hexdigest()

    def __init__(self, endpoint, access_key, secret_key, region=S3_REGION):
        parts = urllib.parse.urlsplit(endpoint)
        if parts.scheme not in ("http", "https") or not parts.hostname or parts.path not in ("", "/"):
            raise SystemExit(f"--s3-endpoint must look like http://HOST:PORT, not {endpoint!r}")
        self.endpoint, self.host = f"{parts.scheme}://{parts.netloc}", parts.netloc
        self.hostname, self.port = parts.hostname, parts.port or (443 if parts.scheme == "https" else 80)
        self.access_key, self.secret_key, self.region = access_key, secret_key, region

    def call(self, method, bucket, key=None, query=None):
        """(HTTP status, headers, body) of METHOD /bucket[/key][?query]; HTTP errors are answers too."""
        path = "/" + urllib.parse.quote(bucket, safe="-_.~")
        if key is not None:
            path += "/" + urllib.parse.quote(key, safe="/-_.~")
        query = sorted((query or {}).items())
        canonical_query = "&".join(f"{urllib.parse.quote(k, safe='-_.~')}={urllib.parse.quote(str(v), safe='-_.~')}"
                                   for k, v in query)
        now = datetime.now(timezone.utc)
        amz_date, day = now.strftime("%Y%m%dT%H%M%SZ"), now.strftime("%Y%m%d")
        headers = {"host": self.host, "x-amz-content-sha256": self.EMPTY_SHA256, "x-amz-date": amz_date}
        signed = ";".join(sorted(headers))
        canonical = "\n".join([method, path, canonical_query,
                               "".join(f"{k}:{headers[k]}\n" for k in sorted(headers)), signed,
                               self.EMPTY_SHA256])
        scope = f"{day}/{self.region}/s3/aws4_request"
        to_sign = "\n".join(["AWS4-HMAC-SHA256", amz_date, scope, hashlib.sha256(canonical.encode()).hexdigest()])
        key_bytes = ("AWS4" + self.secret_key).encode()
        for part in (day, self.region, "s3", "aws4_request"):
            key_bytes = hmac.new(key_bytes, part.encode(), hashlib.sha256).digest()
        signature = hmac.new(key_bytes, to_sign.encode(), hashlib.sha256).hexdigest()
        headers["authorization"] = (f"AWS4-HMAC-SHA256 Credential={self.access_key}/{scope}, "
                                    f"SignedHeaders={signed}, Signature={signature}")
        del headers["host"]  # urllib sends Host itself, with the same value
        url = self.endpoint + path + (f"?{canonical_query}" if canonical_query else "")
        req = urllib.request.Request(url, method=method, headers=headers)
        try:
            with OPENER.open(req, timeout=60) as response:
                return response.status, response.headers, response.read()
        except urllib.error.HTTPError as error:
            with error:
                return error.code, error.headers, error.read()

    def keys(self, bucket):
        """The keys in BUCKET (the first 1,000 are plenty for a bucket this script uses)."""
        status, _headers, body = self.call("GET", bucket, query={"list-type": "2", "max-keys": "1000"})
        if status != 200:
            raise OSError(f"listing bucket {bucket} answered {status}: {body[:300]!r}")
        root = ElementTree.fromstring(body)
        return [element.text for element in root.iter() if element.tag.split("}")[-1] == "Key"]


def listening_pid(port):
    """The process with a TCP socket listening on PORT (IPv4 or IPv6), or None."""
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            rows = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for row in rows:
            fields = row.split()
            if len(fields) > 9 and fields[3] == "0A" and int(fields[1].rsplit(":", 1)[1], 16) == port:
                inodes.add(f"socket:[{fields[9]}]")
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                if any(os.readlink(f"/proc/{entry}/fd/{fd}") in inodes for fd in os.listdir(f"/proc/{entry}/fd")):
                    return int(entry)
            except OSError:
                continue
    return None


def process_cpu(pid):
    """user + system CPU seconds of one process (and its reaped children), None if it is gone."""
    stat = read_stat(pid) if pid is not None else None
    return None if stat is None else sum(int(v) for v in stat[11:15]) / CLK_TCK


# ---------------------------------------------------------------- the glance-api process

class GlanceApi:
    def __init__(self, conf, workdir, api, store="file"):
        self.conf, self.workdir, self.api = conf, workdir, api
        self.process = None
        # Loopback only: no proxies. For boto3 (s3 store): no ~/.aws config or credentials files, no
        # AWS_* variables from the caller, and the region the driver leaves to boto3 made explicit.
        self.env = {k: v for k, v in os.environ.items() if k not in PROXY_VARS}
        if store == "s3":
            self.env = {k: v for k, v in self.env.items() if not k.startswith("AWS_")}
            self.env.update(AWS_CONFIG_FILE=str(workdir / "no-aws-config"),
                            AWS_SHARED_CREDENTIALS_FILE=str(workdir / "no-aws-credentials"),
                            AWS_DEFAULT_REGION=S3_REGION)

    def start(self):
        out = open(self.workdir / "glance-api.out", "w")
        # A session of its own: Ctrl-C on the terminal does not reach it, and stop() ends all of it.
        self.process = subprocess.Popen(["glance-api", "--config-file", str(self.conf)], stdout=out,
                                        stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                        start_new_session=True, cwd=self.workdir, env=self.env)
        out.close()
        deadline = time.monotonic() + 90
        while not self.answers():
            if self.process.poll() is not None:
                raise SystemExit(f"glance-api exited with {self.process.returncode}:\n"
                                 f"{tail(self.workdir / 'glance-api.out')}\n{tail(self.workdir / 'glance-api.log')}")
            if time.monotonic() > deadline:
                raise SystemExit(f"glance-api did not answer in 90 s:\n{tail(self.workdir / 'glance-api.log')}")
            time.sleep(0.25)

    def answers(self):
        try:
            OPENER.open(self.api + "/versions", timeout=2).close()
        except urllib.error.HTTPError:
            return True  # Glance answers /versions with 300 Multiple Choices
        except OSError:
            return False
        return True

    def pids(self):
        """All live processes of glance-api's session (the parent and its forked workers)."""
        found = []
        if self.process is None:
            return found
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                stat = read_stat(entry)
                if stat is not None and int(stat[3]) == self.process.pid:  # field 6: session id
                    found.append(int(entry))
        return found

    def cpu_seconds(self):
        """user + system CPU of the tree, reaped children included (cutime/cstime)."""
        total = 0
        for pid in self.pids():
            stat = read_stat(pid)
            if stat is not None:
                total += sum(int(v) for v in stat[11:15])  # utime, stime, cutime, cstime
        return total / CLK_TCK

    def stop(self):
        if self.process is None:
            return
        sid = self.process.pid
        try:
            os.killpg(sid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            pass
        deadline = time.monotonic() + 10
        while (left := self.pids()) and time.monotonic() < deadline:
            time.sleep(0.2)
        for pid in self.pids():  # whatever is still in its session after the grace period
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        self.process = None


def read_stat(pid):
    """Fields of /proc/PID/stat after the command name: [0] is field 3 (state), [1] ppid, [3] session, ..."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return text[text.rindex(")") + 2:].split()


# ---------------------------------------------------------------- the measurement

def request(api, method, path, body=None):
    data = None if body is None else json.dumps(body).encode()
    headers = {"Content-Type": "application/json"} if body is not None else {}
    req = urllib.request.Request(api + path, data=data, method=method, headers=headers)
    with OPENER.open(req, timeout=60) as response:
        text = response.read()
        return json.loads(text) if text else None


def curl(*args, output="/dev/null"):
    """Runs curl as benchmark.py does; returns (http code, seconds as curl measured them)."""
    out = subprocess.run(["curl", "-s", "-S", "-o", str(output), "-w", "%{http_code} %{time_total}", *args],
                         check=True, capture_output=True, text=True, env=CURL_ENV).stdout.split()
    return int(out[0]), float(out[1])


def children_cpu():
    usage = os.times()
    return usage.children_user + usage.children_system


def upload_to_active(api, path, created):
    """benchmark.py's upload_to_active, against Glance: (image id, seconds to active, curl's time_total).
    The new image's id is appended to CREATED as soon as it exists."""
    image = request(api, "POST", "/v2/images", {"name": "glance-baseline", "disk_format": "raw",
                                                "container_format": "bare"})
    created.append(image["id"])
    start = time.monotonic()
    code, curl_seconds = curl("-X", "PUT", "-H", "Content-Type: application/octet-stream", "-T", str(path),
                              f"{api}/v2/images/{image['id']}/file")
    if code != 204:
        raise SystemExit(f"upload answered {code}")
    while request(api, "GET", f"/v2/images/{image['id']}")["status"] != "active":
        if time.monotonic() - start > 600:
            raise SystemExit("image not active after 600 s")
        time.sleep(0.05)
    return image["id"], time.monotonic() - start, curl_seconds


def check_image(api, image_id, size, md5, sha512):
    image = request(api, "GET", f"/v2/images/{image_id}")
    problems = []
    if image["status"] != "active":
        problems.append(f"status {image['status']}")
    if image.get("size") != size:
        problems.append(f"size {image.get('size')} != {size}")
    if image.get("checksum") != md5:
        problems.append(f"checksum {image.get('checksum')} != {md5}")
    if image.get("os_hash_algo") != "sha512" or image.get("os_hash_value") != sha512:
        problems.append(f"os_hash {image.get('os_hash_algo')}:{image.get('os_hash_value')} != sha512:{sha512}")
    if problems:
        raise SystemExit(f"image {image_id} is not what was uploaded: {'; '.join(problems)}")
    return image


def hide_credentials(url):
    return re.sub(r"//[^/@]*@", "//***@", url or "")


def check_s3_object(s3, bucket, image, size, md5):
    """The image's location must be BUCKET/<image id>, and that object must have the file's size (and,
    if it went in one part, the file's MD5 as ETag). Returns a one-line description."""
    url = image.get("direct_url") or ""
    if not url.startswith(("s3://", "s3+http://", "s3+https://")) or url.rsplit("/", 2)[-2:] != [bucket, image["id"]]:
        raise SystemExit(f"image {image['id']}: location {hide_credentials(url)!r} is not {bucket}/{image['id']}")
    status, headers, _body = s3.call("HEAD", bucket, image["id"])
    if status != 200:
        raise SystemExit(f"image {image['id']} is active but HEAD {bucket}/{image['id']} answered {status}")
    length, etag = int(headers.get("Content-Length", -1)), (headers.get("ETag") or "").strip('"')
    if length != size:
        raise SystemExit(f"object {bucket}/{image['id']} has {length} bytes, not {size}")
    if "-" in etag:
        kind = f"ETag {etag} (multipart: MD5 of the parts' MD5s)"
    elif etag == md5:
        kind = "ETag = the file's MD5"
    else:
        raise SystemExit(f"object {bucket}/{image['id']} has ETag {etag}, not the file's MD5 {md5}")
    return f"{hide_credentials(url)}: {length} bytes, {kind}"


def s3_object_gone(s3, bucket, key):
    status, _headers, body = s3.call("HEAD", bucket, key)
    if status not in (200, 404):
        raise SystemExit(f"HEAD {bucket}/{key} answered {status}: {body[:300]!r}")
    return status == 404


def clean_up_s3(s3, bucket, created, bucket_existed):
    """Deletes the objects this run's images left in BUCKET; removes BUCKET if it is empty and Glance
    created it during this run. Touches nothing else. Never raises: it runs in a finally block."""
    try:
        status, _headers, _body = s3.call("HEAD", bucket)
        if status == 404:
            log(f"s3: bucket {bucket} does not exist, nothing to clean up")
            return
        left = [key for key in created if not s3_object_gone(s3, bucket, key)]
        for key in left:
            status, _headers, body = s3.call("DELETE", bucket, key)
            log(f"s3: deleted the object {bucket}/{key} left behind (DELETE answered {status})")
        keys = s3.keys(bucket)
        if keys:
            log(f"s3: bucket {bucket} kept: it holds {len(keys)} object(s) this run did not create")
        elif bucket_existed:
            log(f"s3: bucket {bucket} is empty; kept, as it existed before this run")
        else:
            status, _headers, body = s3.call("DELETE", bucket)
            log(f"s3: bucket {bucket} is empty and was created during this run: removed "
                f"(DELETE answered {status}{'' if status == 204 else ': ' + body[:200].decode(errors='replace')})")
    except (OSError, SystemExit, ElementTree.ParseError) as error:
        log(f"s3: clean-up of bucket {bucket} failed: {error}")


def digests(path):
    md5, sha512 = hashlib.md5(), hashlib.sha512()
    with open(path, "rb") as f:
        while chunk := f.read(8 * MIB):
            md5.update(chunk)
            sha512.update(chunk)
    return md5.hexdigest(), sha512.hexdigest()


def load_average():
    return open("/proc/loadavg").read().split()[0]


def log_findings(path):
    """Distinct WARNING / ERROR / CRITICAL messages of Glance's log, with how often each came."""
    counts = {}
    try:
        lines = Path(path).read_text(errors="replace").splitlines()
    except OSError:
        return counts
    for line in lines:
        parts = line.split(None, 5)  # date time pid LEVEL logger [req] message
        if len(parts) >= 5 and parts[3] in ("WARNING", "ERROR", "CRITICAL"):
            message = parts[3] + " " + parts[4] + " " + (parts[5] if len(parts) > 5 else "")
            message = UUID.sub("<id>", REQUEST_CONTEXT.sub("", message))
            key = message[:220]
            counts[key] = counts.get(key, 0) + 1
    return counts


# ---------------------------------------------------------------- report

def machine():
    cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")),
               platform.processor())
    memory = round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30)
    return f"{os.cpu_count()} cores ({cpu}), {memory} GiB"


def markdown(info, rounds, size):
    seconds = [r["seconds"] for r in rounds]
    mib = [size / MIB / s for s in seconds]
    mb = [size / 1e6 / s for s in seconds]
    cpu = [r["glance_cpu"] for r in rounds]
    curl_cpu = [r["curl_cpu"] for r in rounds]
    s3 = info.get("s3")
    if s3 is None:
        store_line = "`file` store (`filesystem_store_datadir` on the repository's filesystem)"
        store_lines = []
    else:
        settings = s3["settings"]
        multipart, parts, part = s3_plan(size, settings, s3["max_parts"])
        store_line = (f"`s3` store (glance_store's s3 driver; boto3 {s3['boto3']}, botocore {s3['botocore']}) "
                      f"writing to the S3 server at {s3['endpoint']}, bucket `{s3['bucket']}`")
        server_cpu = [r.get("server_cpu") for r in rounds]
        deleted = sum(1 for r in rounds if r.get("object_deleted"))
        store_lines = [
            f"- s3 settings: s3_store_bucket_url_format = path, s3_store_create_bucket_on_put = True, "
            f"s3_store_large_object_size = {settings['s3_store_large_object_size']} (MiB), "
            f"s3_store_large_object_chunk_size = {settings['s3_store_large_object_chunk_size']} (MiB), "
            f"s3_store_thread_pools = {settings['s3_store_thread_pools']} (all three the driver's defaults); "
            f"boto3 signs with SigV4 for {S3_REGION}: " +
            (f"this file went multipart, {parts} parts of up to {part / MIB:g} MiB, at most "
             f"{settings['s3_store_thread_pools']} at a time"
             if multipart else "this file went in one PutObject (the driver buffers it whole in memory first)") +
            "; over plain http boto3 adds a Content-MD5 and a SHA-256 payload signature to every body, "
            "on top of the driver's own MD5 + SHA-512",
            f"- checked after each round: the image's s3 location (`show_image_direct_url`) is "
            f"`{s3['bucket']}/<image id>` and a HEAD of that object gives the file's size "
            f"({'multipart ETag' if multipart else 'ETag = MD5'}); after the image's DELETE the object was gone "
            f"(Glance deleted it) in {deleted} of {len(rounds)} rounds",
        ]
        if all(c is not None for c in server_cpu):
            store_lines.append(f"- S3 server CPU seconds per round (pid {s3['server_pid']}, listening on "
                               f"{s3['endpoint']}; shared, so anything else it served meanwhile counts too): "
                               f"{' / '.join(f'{c:.2f}' for c in server_cpu)}")
    lines = [
        "## Baseline: OpenStack Glance on the same machine" + ("" if s3 is None else " (s3 store)"),
        "",
        "Written by `bench/glance_baseline.py`: real Glance from Debian 12's packages, timed like",
        "`bench/benchmark.py` times Glint (`POST /v2/images`, curl `PUT /file`, until `GET` shows it active).",
        "",
        f"- measured: {info['date']}",
        f"- machine: {machine()}",
        f"- Glance: python3-glance {info['glance']}, python3-glance-store {info['glance_store']}; "
        f"`glance-api` (eventlet) with {info['workers']} workers ({info['workers_note']})",
        f"- config: {store_line}, sqlite database, "
        f"no Keystone (unauthenticated admin context), hashing_algorithm sha512 (plus MD5 `checksum`)",
        *store_lines,
        f"- file: {size // MIB} MiB of {info['file_note']}, {len(rounds)} rounds",
        f"- glance-api CPU seconds (user + system, all its processes) per round: "
        f"{' / '.join(f'{c:.2f}' for c in cpu)}; curl: {' / '.join(f'{c:.2f}' for c in curl_cpu)}",
        f"- load average (1 min) before / after the rounds: {info['load_before']} / {info['load_after']}",
        "",
        "| what | median s | median MiB/s | median MB/s | MiB/s per round |",
        "|---|---|---|---|---|",
        f"| Glance{'' if s3 is None else ', s3 store,'} upload-to-active (`PUT /file` until active) "
        f"| {statistics.median(seconds):.2f} "
        f"| {statistics.median(mib):.0f} | {statistics.median(mb):.0f} | {' / '.join(f'{r:.0f}' for r in mib)} |",
        "",
    ]
    return "\n".join(lines)


# ---------------------------------------------------------------- main

def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size-mib", type=int, default=1024, help="size of the random file (default 1024)")
    parser.add_argument("--rounds", type=int, default=4, help="uploads to time (default 4)")
    parser.add_argument("--file", type=Path, help="upload this existing file instead of a random one")
    parser.add_argument("--workers", type=int, help="glance-api workers (default: Glance's own, min(CPUs, 8))")
    parser.add_argument("--workdir", type=Path, default=ROOT / ".glance-bench",
                        help="configuration, sqlite database and image store (default %(default)s)")
    parser.add_argument("--port", type=int, default=9492, help="port glance-api binds on 127.0.0.1 (default 9492)")
    parser.add_argument("--output", type=Path, help="write a markdown section with the results to this file")
    parser.add_argument("--keep", action="store_true", help="keep the work directory (config, log, database)")
    parser.add_argument("--store", choices=("file", "s3"), default="file",
                        help="Glance's store: file (default) or s3 (the s3 driver, into --s3-endpoint)")
    parser.add_argument("--s3-endpoint", default="http://127.0.0.1:9391",
                        help="S3-compatible server for --store s3 (default %(default)s)")
    parser.add_argument("--s3-access-key", default="glint", help="its access key (default %(default)s)")
    parser.add_argument("--s3-secret-key", default="glint-secret-key", help="its secret key (default %(default)s)")
    parser.add_argument("--s3-bucket", default="glance-bench",
                        help="bucket Glance writes to, created if missing (default %(default)s)")
    args = parser.parse_args()
    if args.rounds < 1 or (args.file is None and args.size_mib < 1):
        parser.error("--rounds and --size-mib must be at least 1")

    # SIGTERM (and SIGHUP) unwind like Ctrl-C does, through the finally blocks that stop glance-api.
    def interrupted(signum, _frame):
        raise KeyboardInterrupt(f"signal {signum}")
    signal.signal(signal.SIGTERM, interrupted)
    signal.signal(signal.SIGHUP, interrupted)
    signal.signal(signal.SIGINT, signal.default_int_handler)  # even when started with SIGINT ignored (`&`)

    ensure_glance_installed()
    workdir = args.workdir.resolve()
    api = f"http://127.0.0.1:{args.port}"
    workers = args.workers if args.workers is not None else default_workers()
    workers_note = "set with --workers" if args.workers is not None else "Glance's default: min(CPUs, 8)"
    info = {"glance": package_version("python3-glance"), "glance_store": package_version("python3-glance-store"),
            "workers": workers, "workers_note": workers_note}
    log(f"Glance: python3-glance {info['glance']}, python3-glance-store {info['glance_store']}")
    log(f"glance-api workers: {workers} ({workers_note})")

    s3, settings, created, bucket_existed, server_pid = None, None, [], True, None
    if args.store == "s3":
        python = glance_python()
        ensure_boto3_installed(python)
        driver = s3_driver_info(python)
        settings = {name: driver["defaults"][name] for name in S3_SETTINGS}
        s3 = S3(args.s3_endpoint, args.s3_access_key, args.s3_secret_key)
        try:
            status, _headers, body = s3.call("HEAD", args.s3_bucket)
        except OSError as error:
            raise SystemExit(f"no S3 server answers at {s3.endpoint}: {error}")
        if status not in (200, 404):
            raise SystemExit(f"HEAD bucket {args.s3_bucket} at {s3.endpoint} answered {status} "
                             "(wrong --s3-access-key / --s3-secret-key?)")
        bucket_existed = status == 200
        if s3.hostname in ("127.0.0.1", "localhost", "::1"):
            server_pid = listening_pid(s3.port)
        info["s3"] = {"endpoint": s3.endpoint, "bucket": args.s3_bucket, "settings": settings,
                      "max_parts": driver["max_parts"], "boto3": driver["boto3"], "botocore": driver["botocore"],
                      "server_pid": server_pid}
        log(f"store: s3 (glance_store's s3 driver, {python}: boto3 {driver['boto3']}, "
            f"botocore {driver['botocore']}), endpoint {s3.endpoint}, bucket {args.s3_bucket} "
            f"({'exists' if bucket_existed else 'missing: Glance creates it on the first upload'}), "
            f"path-style, SigV4 region {S3_REGION}")
        log("s3 settings (the driver's defaults): " + ", ".join(
            f"{name} = {settings[name]}{' MiB' if 'size' in name else ''}" for name in S3_SETTINGS)
            + f"; the driver reads the request in {driver['write_chunk'] // MIB} MiB chunks")
        if server_pid is not None:
            log(f"S3 server process: pid {server_pid} ({Path(f'/proc/{server_pid}/comm').read_text().strip()}), "
                "its CPU is reported per round (a shared server: includes whatever else it serves)")
    else:
        log(f"store: file ({workdir / 'images'})")

    prepare_workdir(workdir)
    glance = GlanceApi(write_config(workdir, args.port, args.workers, args.store, s3, args.s3_bucket, settings),
                       workdir, api, args.store)
    succeeded = False
    try:
        if glance.answers():
            raise SystemExit(f"something already answers on {api}: stop it or choose another --port")
        db_sync(glance.conf, workdir)
        log(f"starting glance-api on {api} (config {glance.conf})")
        started = time.monotonic()
        glance.start()
        time.sleep(1)  # let the forked workers settle before counting them
        log(f"glance-api answers after {time.monotonic() - started:.1f} s; "
            f"its processes: {len(glance.pids())} (parent + workers)")

        if args.file is not None:
            source = args.file.resolve()
            info["file_note"] = f"`{source.name}`"
        else:
            source = workdir / "image.raw"
            log(f"writing {args.size_mib} MiB of random data to {source}")
            with open(source, "wb") as f:
                for _ in range(args.size_mib):
                    f.write(os.urandom(MIB))
            info["file_note"] = "random data"
        size = source.stat().st_size
        md5, sha512 = digests(source)
        log(f"file: {size} bytes, md5 {md5}")
        if s3 is not None:
            multipart, parts, part = s3_plan(size, settings, driver["max_parts"])
            log(f"s3: the driver sends this file as " +
                (f"a multipart upload: {parts} parts of up to {part / MIB:g} MiB, "
                 f"at most {settings['s3_store_thread_pools']} at a time" if multipart else
                 f"one PutObject (below s3_store_large_object_size; buffered whole in memory first)"))

        rounds = []
        info["load_before"] = load_average()
        for number in range(1, args.rounds + 1):
            load_before = load_average()
            glance_cpu, curl_cpu, server_cpu = glance.cpu_seconds(), children_cpu(), process_cpu(server_pid)
            image_id, seconds, curl_seconds = upload_to_active(api, source, created)
            glance_cpu, curl_cpu = glance.cpu_seconds() - glance_cpu, children_cpu() - curl_cpu
            server_after = process_cpu(server_pid)
            server_cpu = None if server_cpu is None or server_after is None else server_after - server_cpu
            image = check_image(api, image_id, size, md5, sha512)
            result = {"seconds": seconds, "curl": curl_seconds, "glance_cpu": glance_cpu, "curl_cpu": curl_cpu,
                      "server_cpu": server_cpu}
            if s3 is not None:
                log(f"round {number}: in the bucket: {check_s3_object(s3, args.s3_bucket, image, size, md5)}")
            request(api, "DELETE", f"/v2/images/{image_id}")
            if s3 is not None:
                result["object_deleted"] = s3_object_gone(s3, args.s3_bucket, image_id)
                log(f"round {number}: after DELETE /v2/images/{image_id} the object is " +
                    ("gone: Glance deleted it" if result["object_deleted"] else
                     "STILL in the bucket (removed at the end)"))
            rounds.append(result)
            log(f"round {number}: {seconds:.2f} s to active ({size / MIB / seconds:.0f} MiB/s, "
                f"{size / 1e6 / seconds:.0f} MB/s; curl time_total {curl_seconds:.2f} s), "
                f"glance-api CPU {glance_cpu:.2f} s, curl CPU {curl_cpu:.2f} s, " +
                ("" if server_cpu is None else f"S3 server CPU {server_cpu:.2f} s, ") +
                f"load {load_before} -> {load_average()}")
        info["load_after"] = load_average()
        info["date"] = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")

        seconds = [r["seconds"] for r in rounds]
        cpus = [r["glance_cpu"] for r in rounds]
        server_cpus = [r["server_cpu"] for r in rounds]
        log(f"median: {statistics.median(seconds):.2f} s, "
            f"{statistics.median(size / MIB / s for s in seconds):.0f} MiB/s, "
            f"{statistics.median(size / 1e6 / s for s in seconds):.0f} MB/s; "
            f"glance-api CPU per round {' / '.join(f'{c:.2f}' for c in cpus)} s "
            f"(median {statistics.median(cpus):.2f} s); " +
            ("" if None in server_cpus else f"S3 server CPU per round {' / '.join(f'{c:.2f}' for c in server_cpus)} s; ") +
            f"load average (1 min) {info['load_before']} -> {info['load_after']}")
        if args.output:
            args.output.write_text(markdown(info, rounds, size))
            log(f"wrote {args.output}")
        succeeded = True
    finally:
        glance.stop()
        if s3 is not None:
            clean_up_s3(s3, args.s3_bucket, created, bucket_existed)
        findings = log_findings(workdir / "glance-api.log")
        if findings:
            log("glance-api log, warnings and errors (count x message):")
            for message, count in findings.items():
                log(f"  {count} x {message}")
        if succeeded and not args.keep:
            shutil.rmtree(workdir)
        else:
            (workdir / "image.raw").unlink(missing_ok=True)
            log(f"kept {workdir} (glance-api.conf, glance-api.log, glance-api.out)")


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        sys.exit("interrupted; glance-api stopped")
