#!/usr/bin/env python3
"""Memory and idle CPU of every process of a running `./glint up` (issue 12's memory targets).

Finds the processes from the data directory: the launcher (glint.pid) and its descendants (the five
services, the Kafka, PostgreSQL and S3 child JVMs), plus the postmaster (postgres/postmaster.pid) and
its descendants, which pg_ctl starts outside the launcher's tree. For each it reads RSS and PSS
(/proc/PID/smaps_rollup: PSS splits shared pages between the processes that map them, so the
PostgreSQL backends' shared buffers and the JVMs' shared libraries count once in the sum), and CPU
time (/proc/PID/stat utime+stime, plus cutime+cstime for children that exited in the window).

Phases, each optional:
  idle      CPU over --idle-seconds (after --settle-seconds), memory at its end
  load      wrk against GET /v2/images for --load-seconds; memory sampled through it (the peak)
  transfer  a --transfer-mib upload (PUT /file, until active) and download (GET /file) with curl,
            timed; memory sampled through it (the peak)

    bench/memory.py [--data-dir DIR] [--port-offset N] [--idle-seconds 60] [--load-seconds 30]
                    [--transfer-mib 256] [--json FILE] [--markdown]

GLINT_DATA_DIR and GLINT_PORT_OFFSET are read as ./glint reads them. Nothing is started or stopped.
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import benchmark  # bench/benchmark.py: the timed upload and download

ROOT = Path(__file__).resolve().parent.parent
SERVICES = ["image-api", "upload-worker", "import-worker", "task-executor", "scrubber"]
# The order of the report's rows.
COMPONENTS = ["launcher", *SERVICES, "kafka", "s3", "postgres-jvm", "postgres", "postgres-backends"]
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
KIB = 1024
MIB = 1024 * 1024


def read(path):
    try:
        return Path(path).read_text()
    except OSError:
        return None


def children_by_parent():
    tree = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            stat = read(f"/proc/{entry}/stat")
            if stat:
                # The command name in parentheses may hold spaces; the fields after it do not.
                ppid = int(stat[stat.rindex(")") + 2:].split()[1])
                tree.setdefault(ppid, []).append(int(entry))
    return tree


def descendants(root, tree):
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(tree.get(pid, []))
    return found


def pid_from(file, first_line=True):
    text = read(file)
    if not text:
        return None
    value = text.splitlines()[0].strip() if first_line else text.strip()
    return int(value) if value.isdigit() and Path(f"/proc/{value}").exists() else None


def component(pid):
    """Which part of the suite a process is, from its command line."""
    cmdline = (read(f"/proc/{pid}/cmdline") or "").replace("\0", " ")
    # The servers' JVMs have the launcher's jar on their classpath too (for ChildMain).
    for marker, name in (("KafkaNodeMain", "kafka"), ("S3NodeMain", "s3"), ("PostgresNodeMain", "postgres-jvm")):
        if marker in cmdline:
            return name
    if "glint-infra-launcher.jar" in cmdline:
        return "launcher"
    if "quarkus-run.jar" in cmdline:
        for service in SERVICES:
            if f"/{service}/target/quarkus-app/" in cmdline:
                return service
    if cmdline.startswith("postgres: "):
        # Backends show "postgres: USER DATABASE HOST(PORT) STATE"; the auxiliary processes
        # (checkpointer, walwriter, ...) one or two words.
        return "postgres-backends" if re.match(r"postgres: \S+ \S+ \S+\(\d+\)", cmdline) else "postgres"
    if "/postgres" in cmdline.split(" ")[0]:
        return "postgres"
    return "other"


class Suite:
    def __init__(self, data_dir):
        self.data_dir = data_dir
        self.launcher = pid_from(data_dir / "glint.pid")
        if self.launcher is None:
            raise SystemExit(f"no running ./glint up with data in {data_dir} (GLINT_DATA_DIR, --data-dir)")

    def processes(self):
        """{pid: component} of everything running now."""
        tree = children_by_parent()
        pids = set(descendants(self.launcher, tree))
        postmaster = pid_from(self.data_dir / "postgres" / "postmaster.pid")
        if postmaster:
            pids.update(descendants(postmaster, tree))
        # Services survive a crash of the launcher; their pid files still name them.
        for service in SERVICES:
            pid = pid_from(self.data_dir / "pids" / f"{service}.pid", first_line=False)
            if pid:
                pids.update(descendants(pid, tree))
        named = {pid: component(pid) for pid in pids}
        return {pid: name for pid, name in named.items() if Path(f"/proc/{pid}").exists()}

    def postgres_port(self):
        lines = (read(self.data_dir / "postgres" / "postmaster.pid") or "").splitlines()
        return int(lines[3]) if len(lines) > 3 and lines[3].strip().isdigit() else None


def memory(pid):
    """(RSS, PSS, PSS of anonymous memory) in KiB, or None for a process that has gone."""
    text = read(f"/proc/{pid}/smaps_rollup")
    if text is None:
        return None
    values = {}
    for line in text.splitlines()[1:]:
        parts = line.split()
        if len(parts) >= 2 and parts[1].isdigit():
            values[parts[0].rstrip(":")] = int(parts[1])
    return values.get("Rss", 0), values.get("Pss", 0), values.get("Pss_Anon", 0)


def cpu_ticks(pid):
    """(own utime+stime, reaped children's cutime+cstime) in clock ticks."""
    stat = read(f"/proc/{pid}/stat")
    if stat is None:
        return None
    fields = stat[stat.rindex(")") + 2:].split()
    # Fields 14-17 of proc(5); the list starts at field 3 (state).
    utime, stime, cutime, cstime = (int(fields[i]) for i in (11, 12, 13, 14))
    return utime + stime, cutime + cstime


def threads(pid):
    for line in (read(f"/proc/{pid}/status") or "").splitlines():
        if line.startswith("Threads:"):
            return int(line.split()[1])
    return 0


def snapshot(suite):
    """Per component: processes, RSS, PSS, anonymous PSS (KiB), threads."""
    rows = {name: {"processes": 0, "rss": 0, "pss": 0, "pss_anon": 0, "threads": 0} for name in COMPONENTS}
    for pid, name in suite.processes().items():
        measured = memory(pid)
        if measured is None:
            continue
        row = rows.setdefault(name, {"processes": 0, "rss": 0, "pss": 0, "pss_anon": 0, "threads": 0})
        row["processes"] += 1
        row["rss"] += measured[0]
        row["pss"] += measured[1]
        row["pss_anon"] += measured[2]
        row["threads"] += threads(pid)
    return rows


def pss_total(rows):
    return sum(row["pss"] for row in rows.values())


def backends_by_client(suite):
    """PostgreSQL connections per client component, from the sockets to the PostgreSQL port."""
    port = suite.postgres_port()
    if port is None:
        return {}
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in (read(table) or "").splitlines()[1:]:
            fields = line.split()
            remote_port = int(fields[2].split(":")[1], 16)
            if remote_port == port and fields[3] == "01":  # ESTABLISHED
                inodes.add(fields[9])
    counts = {}
    for pid, name in suite.processes().items():
        if name.startswith("postgres"):
            continue
        try:
            links = [os.readlink(f"/proc/{pid}/fd/{fd}") for fd in os.listdir(f"/proc/{pid}/fd")]
        except OSError:
            continue
        mine = sum(1 for link in links if link.startswith("socket:[") and link[8:-1] in inodes)
        if mine:
            counts[name] = counts.get(name, 0) + mine
    return counts


def cpu_window(suite, seconds):
    """CPU per component over the window, as a percentage of one core."""
    def sample():
        return {pid: (name, cpu_ticks(pid)) for pid, name in suite.processes().items()}

    before = sample()
    start = time.monotonic()
    time.sleep(seconds)
    after = sample()
    elapsed = time.monotonic() - start
    used = {}
    for pid, (name, ticks) in after.items():
        if ticks is None:
            continue
        own, reaped = ticks
        if pid in before and before[pid][1] is not None:
            own -= before[pid][1][0]
            reaped -= before[pid][1][1]
        # A process new in the window counts all its time; reaped children count their whole time.
        used[name] = used.get(name, 0) + own + reaped
    return {name: 100.0 * ticks / CLOCK_TICKS / elapsed for name, ticks in used.items()}


class PeakSampler(threading.Thread):
    """The highest PSS sum (and its per-component rows) while something runs."""

    def __init__(self, suite, interval=1.0):
        super().__init__(daemon=True)
        self.suite, self.interval = suite, interval
        self.peak, self.running = None, True

    def run(self):
        while self.running:
            rows = snapshot(self.suite)
            if self.peak is None or pss_total(rows) > pss_total(self.peak):
                self.peak = rows
            time.sleep(self.interval)

    def stop(self):
        self.running = False
        self.join()
        return self.peak


def wrk(url, seconds, connections):
    out = subprocess.run(["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", url],
                         capture_output=True, text=True, check=True).stdout
    rate = re.search(r"Requests/sec:\s+([\d.]+)", out)
    p99 = re.search(r"\s99%\s+(\S+)", out)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {"requests_per_second": float(rate.group(1)) if rate else None,
            "p99": p99.group(1) if p99 else None,
            "non_2xx": int(errors.group(1)) if errors else 0}


def transfer(api, mib):
    """Seconds of a MIB upload until active and of its download, timed as bench/benchmark.py times them."""
    benchmark.API = api
    with tempfile.TemporaryDirectory(prefix="glint-memory-") as tmp:
        source = Path(tmp) / "image.raw"
        with open(source, "wb") as f:
            for _ in range(mib):
                f.write(os.urandom(MIB))
        image_id, upload = benchmark.upload_to_active(source)
        code, download = benchmark.curl(f"{api}/v2/images/{image_id}/file")
        if code != 200:
            raise SystemExit(f"download answered {code}")
        benchmark.request("DELETE", f"/v2/images/{image_id}")
        return {"mib": mib, "upload_to_active_s": round(upload, 2), "download_s": round(download, 2)}


def mib(kib):
    return f"{kib / KIB:.0f}"


def table(title, rows, cpu=None, markdown=False):
    header = ["component", "processes", "threads", "RSS MiB", "PSS MiB"] + (["CPU % of a core"] if cpu is not None else [])
    lines = [f"{title}:"] if not markdown else [f"**{title}**", ""]
    body = []
    for name in COMPONENTS + sorted(set(rows) - set(COMPONENTS)):
        row = rows.get(name)
        if not row or not row["processes"]:
            continue
        cells = [name, str(row["processes"]), str(row["threads"]), mib(row["rss"]), mib(row["pss"])]
        if cpu is not None:
            cells.append(f"{cpu.get(name, 0.0):.2f}")
        body.append(cells)
    total = ["**total**" if markdown else "total", str(sum(r["processes"] for r in rows.values())),
             str(sum(r["threads"] for r in rows.values())),
             mib(sum(r["rss"] for r in rows.values())), mib(pss_total(rows))]
    if cpu is not None:
        total.append(f"{sum(cpu.values()):.2f}")
    body.append(total)
    if markdown:
        lines.append("| " + " | ".join(header) + " |")
        lines.append("|" + "|".join("---" if i == 0 else "---:" for i in range(len(header))) + "|")
        lines.extend("| " + " | ".join(cells) + " |" for cells in body)
    else:
        widths = [max(len(str(c)) for c in col) for col in zip(header, *body)]
        for cells in [header, *body]:
            lines.append("  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(cells, widths))))
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data-dir", default=os.environ.get("GLINT_DATA_DIR", str(ROOT / ".glint-data")))
    parser.add_argument("--port-offset", type=int, default=int(os.environ.get("GLINT_PORT_OFFSET", "0")))
    parser.add_argument("--settle-seconds", type=float, default=0, help="wait before the idle window")
    parser.add_argument("--idle-seconds", type=float, default=60, help="the idle CPU window (0: skip)")
    parser.add_argument("--load-seconds", type=int, default=0, help="wrk against GET /v2/images (0: skip)")
    parser.add_argument("--load-connections", type=int, default=16)
    parser.add_argument("--transfer-mib", type=int, default=0, help="timed upload and download (0: skip)")
    parser.add_argument("--json", help="also write the figures to this file")
    parser.add_argument("--markdown", action="store_true", help="tables as Markdown")
    args = parser.parse_args()

    suite = Suite(Path(args.data_dir).resolve())
    api = f"http://127.0.0.1:{9292 + args.port_offset}"
    result = {"date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "load_average": read("/proc/loadavg").split()[:3]}
    if args.settle_seconds:
        time.sleep(args.settle_seconds)

    cpu = cpu_window(suite, args.idle_seconds) if args.idle_seconds else None
    idle = snapshot(suite)
    result["idle"] = {"rows": idle, "pss_total_kib": pss_total(idle), "cpu_percent": cpu,
                      "postgres_connections": backends_by_client(suite)}
    print(table(f"idle (CPU over {args.idle_seconds:.0f} s)" if cpu else "idle", idle, cpu, args.markdown))
    connections = result["idle"]["postgres_connections"]
    print(f"\nPostgreSQL backends: {idle['postgres-backends']['processes']}; connections by client: "
          + ", ".join(f"{name} {count}" for name, count in sorted(connections.items())))

    if args.load_seconds:
        sampler = PeakSampler(suite)
        sampler.start()
        load = wrk(f"{api}/v2/images", args.load_seconds, args.load_connections)
        peak = sampler.stop()
        result["load"] = {"wrk": load, "peak_rows": peak, "peak_pss_total_kib": pss_total(peak),
                          "postgres_connections": backends_by_client(suite)}
        print("\n" + table(f"peak during wrk GET /v2/images, {args.load_seconds} s, {args.load_connections} connections",
                           peak, markdown=args.markdown))
        print(f"\nwrk: {load['requests_per_second']} requests/s, p99 {load['p99']}, non-2xx {load['non_2xx']}")

    if args.transfer_mib:
        sampler = PeakSampler(suite, interval=0.5)
        sampler.start()
        timings = transfer(api, args.transfer_mib)
        peak = sampler.stop()
        result["transfer"] = {**timings, "peak_rows": peak, "peak_pss_total_kib": pss_total(peak)}
        print("\n" + table(f"peak during a {args.transfer_mib} MiB upload and download", peak, markdown=args.markdown))
        print(f"\n{args.transfer_mib} MiB: upload to active {timings['upload_to_active_s']} s, "
              f"download {timings['download_s']} s")

    after = snapshot(suite)
    print(f"\nPSS sum now: {mib(pss_total(after))} MiB; load average {read('/proc/loadavg').split()[0]}")
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
