#!/usr/bin/env python3
"""Run the comparison matrix: one process per (library, model, stream), one at a time.

    python bench/compare/orchestrate.py [--n N] [--cheap] [--models m,..] [--streams s,..]
                                        [--libs l,..] [--timeout S]

For each (model, stream) cell the libraries run back to back, so every ratio compares runs made
minutes apart on the same machine state. Each runner prints one JSON record; this script adds
the wall time of the runner process (every runner reports its own peak RSS, VmHWM; wait4's
ru_maxrss is the fallback), and writes
build/compare-results/<library>__<model>__<stream>.json, plus run.json (machine and versions).
Records from an earlier run are removed first.
"""

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from common import CHEAP_MODELS, MODELS, RESULTS_DIR, load_manifest  # noqa: E402

RUNNERS = HERE / "runners"
LIBRARIES = {
    "river": [RUNNERS / "river_runner.py", "--lib", "river"],
    "capymoa": [RUNNERS / "capymoa_runner.py", "--loop", "moa"],
    "capymoa_pyloop": [RUNNERS / "capymoa_runner.py", "--loop", "python"],
    "streamwise_py_dict": [RUNNERS / "river_runner.py", "--lib", "streamwise"],
    "streamwise_py_numpy": [RUNNERS / "streamwise_runner.py", "--api", "numpy"],
    "streamwise_native": [RUNNERS / "streamwise_runner.py", "--api", "native"],
}
DEFAULT_LIBS = ["river", "capymoa", "streamwise_py_dict", "streamwise_py_numpy",
                "streamwise_native"]
STREAM_ORDER = ["elec", "sea", "agrawal", "phishing", "friedman", "trump", "series"]
# Stochastic models whose one-seed accuracy says little on a short stream (River's own ARF moves
# by several points across seeds on 2,000 rows): on streams of at most SPREAD_MAX_N rows they also
# run under SPREAD_SEEDS, in River and natively, untimed for the report, and report.py compares
# the seed means (seed_spread.json).
SPREAD_MODELS = ["arf10_clf"]
SPREAD_SEEDS = [1, 2, 3, 4]
SPREAD_LIBS = ["river", "streamwise_native"]
SPREAD_MAX_N = 20_000


def cells(models, streams, manifest):
    for model in models:
        task = MODELS[model][0]
        for stream in streams:
            if manifest[stream]["task"] == task:
                yield model, stream


def run_one(lib, model, stream, n, timeout, seed=None):
    argv = [sys.executable, *map(str, LIBRARIES[lib]), "--model", model, "--stream", stream]
    if n is not None:
        argv += ["--n", str(n)]
    if seed is not None:
        argv += ["--seed", str(seed)]
    with tempfile.TemporaryFile() as fout, tempfile.TemporaryFile() as ferr:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, stdout=fout, stderr=ferr)
        deadline = start + timeout
        while True:  # poll with wait4 so we get this child's own rusage
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                proc.kill()
                pid, status, usage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.05)
        proc.returncode = os.waitstatus_to_exitcode(status)
        wall = time.perf_counter() - start
        fout.seek(0)
        ferr.seek(0)
        out = fout.read().decode(errors="replace")
        err = ferr.read().decode(errors="replace")
    base = {"library": lib, "model": model, "stream": stream}
    if time.perf_counter() > deadline:
        return {**base, "status": "error", "reason": f"timed out after {timeout}s"}
    if proc.returncode != 0:
        return {**base, "status": "error",
                "reason": f"exit {proc.returncode}: " + err.strip()[-600:]}
    rec = json.loads(out.strip().splitlines()[-1])
    if rec.get("status") == "ok" and "peak_rss_kb" not in rec:
        rec["peak_rss_kb"] = usage.ru_maxrss
        rec["peak_rss_source"] = "wait4 ru_maxrss of the runner"
    rec["process_wall_s"] = wall
    return rec


def machine_info():
    info = {"python": platform.python_version(), "platform": platform.platform(),
            "machine": platform.machine(), "cpu_count": os.cpu_count(),
            "started_utc": time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime())}
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                info["cpu"] = line.split(":", 1)[1].strip()
                break
        info["mem_total"] = Path("/proc/meminfo").read_text().splitlines()[0].split(":")[1].strip()
        info["loadavg_start"] = Path("/proc/loadavg").read_text().split()[:3]
    except OSError:
        pass
    try:
        java = subprocess.run(["java", "-version"], capture_output=True, text=True, timeout=60)
        info["java"] = java.stderr.splitlines()[0] if java.stderr else "?"
    except (OSError, subprocess.SubprocessError):
        info["java"] = "not found"
    # Versions come from a child process: importing the libraries here would raise this
    # process's RSS, and Linux carries a parent's peak RSS over fork+exec into every child's
    # ru_maxrss, which would inflate every runner's peak-memory figure.
    code = ("import json, importlib\nout = {}\nfor m in ('river', 'capymoa', 'numpy', "
            "'matplotlib'):\n    try:\n        out[m] = importlib.import_module(m).__version__\n"
            "    except Exception as e:\n        out[m] = 'unavailable (%s)' % type(e).__name__\n"
            "print(json.dumps(out))")
    try:
        res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                             timeout=300)
        info.update(json.loads(res.stdout))
    except (OSError, subprocess.SubprocessError, ValueError):
        pass
    return info


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=None, help="cap every stream at N rows")
    ap.add_argument("--cheap", action="store_true",
                    help=f"only the cheap models: {', '.join(CHEAP_MODELS)}")
    ap.add_argument("--models", default=None, help="comma-separated model keys")
    ap.add_argument("--streams", default=None, help="comma-separated stream names")
    ap.add_argument("--libs", default=",".join(DEFAULT_LIBS),
                    help=f"comma-separated, from {', '.join(LIBRARIES)}")
    ap.add_argument("--timeout", type=float, default=3600, help="seconds per run")
    ap.add_argument("--keep", action="store_true",
                    help="keep records of earlier runs (the report merges them)")
    args = ap.parse_args()

    manifest = load_manifest()
    models = args.models.split(",") if args.models else (
        CHEAP_MODELS if args.cheap else list(MODELS))
    streams = args.streams.split(",") if args.streams else [
        s for s in STREAM_ORDER if s in manifest]
    libs = args.libs.split(",")
    for name, known in ((models, MODELS), (streams, manifest), (libs, LIBRARIES)):
        bad = [x for x in name if x not in known]
        if bad:
            sys.exit(f"error: unknown {bad}; known: {', '.join(known)}")

    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    earlier = []
    if args.keep and (RESULTS_DIR / "run.json").exists():
        old = json.loads((RESULTS_DIR / "run.json").read_text())
        earlier = old.pop("earlier_runs", []) + [old]
    if not args.keep:
        for old in [*RESULTS_DIR.glob("*__*__*.json"), RESULTS_DIR / "seed_spread.json"]:
            old.unlink(missing_ok=True)
    info = machine_info()
    info.update({"n_cap": args.n, "models": models, "streams": streams, "libs": libs})
    if earlier:
        info["earlier_runs"] = earlier
    (RESULTS_DIR / "run.json").write_text(json.dumps(info, indent=1) + "\n")

    failures = 0
    spread_path = RESULTS_DIR / "seed_spread.json"
    spread = json.loads(spread_path.read_text()) if spread_path.exists() else {}
    for model, stream in cells(models, streams, manifest):
        main_metrics = {}
        for lib in libs:
            rec = run_one(lib, model, stream, args.n, args.timeout)
            path = RESULTS_DIR / f"{lib}__{model}__{stream}.json"
            path.write_text(json.dumps(rec) + "\n")
            if rec["status"] == "ok":
                main_metrics[lib] = rec["metric"]
            if rec["status"] == "ok":
                sps = rec.get("samples_per_s")
                print(f"{lib:20s} {model:14s} {stream:9s} n={rec['n']:<7d} "
                      f"{rec['metric_name']}={rec['metric']:.6g}  "
                      f"{sps:,.0f} samples/s  peak {rec['peak_rss_kb'] / 1024:.0f} MiB", flush=True)
            else:
                failures += rec["status"] == "error"
                print(f"{lib:20s} {model:14s} {stream:9s} {rec['status']}: {rec['reason']}",
                      flush=True)
        rows = min(args.n or manifest[stream]["n"], manifest[stream]["n"])
        if model in SPREAD_MODELS and rows <= SPREAD_MAX_N:
            for lib in SPREAD_LIBS:
                if lib not in main_metrics:
                    continue
                metrics = [main_metrics[lib]]
                for seed in SPREAD_SEEDS:
                    rec = run_one(lib, model, stream, args.n, args.timeout, seed=seed)
                    if rec["status"] != "ok":
                        failures += 1
                        print(f"{lib} {model} {stream} seed {seed}: {rec.get('reason')}")
                        break
                    metrics.append(rec["metric"])
                else:
                    spread[f"{lib}|{model}|{stream}"] = {"seeds": [42, *SPREAD_SEEDS],
                                                         "metrics": metrics}
                    print(f"{lib:20s} {model:14s} {stream:9s} seeds 42,"
                          f"{','.join(map(str, SPREAD_SEEDS))}: "
                          + " ".join(f"{m:.4f}" for m in metrics), flush=True)
            spread_path.write_text(json.dumps(spread, indent=1) + "\n")
    info["finished_utc"] = time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime())
    (RESULTS_DIR / "run.json").write_text(json.dumps(info, indent=1) + "\n")
    if failures:
        sys.exit(f"{failures} run(s) failed; see the records in {RESULTS_DIR}")


if __name__ == "__main__":
    main()
