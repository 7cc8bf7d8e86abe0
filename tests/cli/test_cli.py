"""The command line end to end on the demo experiment gd-least-squares: config errors, result
files, plots, the HTML report in headless Chromium, verify, sweeps into SQLite (rerun, SIGKILL and
resume, status, 2 MPI ranks) and determinism. Run by ctest with FDL_CLI=build/fdl."""
import json
import os
import pathlib
import random
import re
import shutil
import signal
import sqlite3
import subprocess
import time

import pytest

FDL = os.environ.get("FDL_CLI", str(pathlib.Path(__file__).resolve().parents[2] / "build" / "fdl"))
DEMO = "gd-least-squares"


def fdl(*args, cwd=None, timeout=120):
    return subprocess.run([FDL, *map(str, args)], capture_output=True, text=True, cwd=cwd, timeout=timeout)


def run_demo(tmp_path, *args, name="run"):
    out = tmp_path / name
    p = fdl("run", DEMO, "--out", out, *args)
    return p, out


# --- registry and config -------------------------------------------------------------------

def test_list_has_one_line_per_experiment():
    p = fdl("list")
    assert p.returncode == 0
    assert re.search(rf"^{DEMO}\s+demo\s+GD on", p.stdout, re.M)
    assert re.search(r"^autodiff-clarke\s+a1\s", p.stdout, re.M)


def test_run_help_lists_every_key_with_default_and_doc():
    p = fdl("run", DEMO, "--help")
    assert p.returncode == 0
    assert re.search(r"^\s+iterations\s+integer\s+2000\s+GD steps", p.stdout, re.M)
    assert re.search(r"^\s+init\s+text\s+zero\s+.*one of zero, gaussian", p.stdout, re.M)
    assert re.search(r"^\s+tolerance\.loss\s+number\s+1e-20\s", p.stdout, re.M)
    assert re.search(r"^\s+seed\s+integer\s+0\s", p.stdout, re.M)


@pytest.mark.parametrize("args, message", [
    (["--set", "nope=1"], "unknown config key 'nope' (from --set)"),
    (["--set", "iterations=many"], "config key 'iterations' (from --set): expected an integer in [0, 100000000], got 'many'"),
    (["--set", "eta=9"], "config key 'eta' (from --set): expected a number in [1e-06, 4], got '9'"),
    (["--set", "init=ones"], "config key 'init' (from --set): expected one of zero, gaussian, got 'ones'"),
    (["--set", "eta"], "--set 'eta': expected key=value"),
    (["--seed", "-3"], "config key 'seed' (from --seed): expected a non-negative integer, got '-3'"),
    (["--config", "/no/such.toml"], "cannot read config file '/no/such.toml': expected a readable TOML file"),
])
def test_bad_input_exits_2_naming_key_or_file(tmp_path, args, message):
    p = fdl("run", DEMO, "-q", *args)
    assert p.returncode == 2, p.stderr
    assert message in p.stderr
    assert not (tmp_path / "run").exists()


def test_bad_toml_file_exits_2_naming_file_and_line(tmp_path):
    f = tmp_path / "bad.toml"
    f.write_text("iterations = 10\n[tolerance\n")
    p = fdl("run", DEMO, "--config", f)
    assert p.returncode == 2
    assert f"config file '{f}' line 2" in p.stderr
    f.write_text("[tolerance]\nloss = \"small\"\n")
    p = fdl("run", DEMO, "--config", f)
    assert p.returncode == 2
    assert f"config key 'tolerance.loss' (from {f}): expected a number" in p.stderr


def test_unknown_experiment_exits_2():
    p = fdl("run", "no-such-experiment")
    assert p.returncode == 2 and "unknown experiment 'no-such-experiment'" in p.stderr


def test_config_file_tables_are_dotted_keys_and_set_overrides_it(tmp_path):
    f = tmp_path / "c.toml"
    f.write_text('iterations = 300\ninit = "gaussian"\nseed = 5\n[tolerance]\nloss = 0.5\ndistance = 0.5\n')
    p, out = run_demo(tmp_path, "--config", f, "--set", "iterations=400", "-q")
    assert p.returncode == 0, p.stderr
    config = json.loads((out / "result.json").read_text())["config"]
    assert config["iterations"] == 400 and config["init"] == "gaussian" and config["seed"] == 5
    assert config["tolerance.loss"] == 0.5 and config["n"] == 20


# --- result files and plots ------------------------------------------------------------------

def test_result_json_has_every_field_of_the_contract(tmp_path):
    p, out = run_demo(tmp_path, "--seed", "4", "--set", "iterations=1000", "-q")
    assert p.returncode == 0 and "verdict: PASS" in p.stdout
    r = json.loads((out / "result.json").read_text())
    assert r["experiment"] == DEMO and r["status"] == "done"
    assert r["config"] == {"n": 20, "d": 50, "iterations": 1000, "eta": 1.0, "init": "zero", "init_scale": 1.0,
                           "record_every": 10, "tolerance.loss": 1e-20, "tolerance.distance": 1e-8, "seed": 4}
    assert set(r["metrics"]) == {"final_loss", "distance_to_reference", "iterations", "smoothness"}
    assert r["metrics"]["final_loss"] <= 1e-20
    assert r["series"]["iteration"] == [float(t) for t in range(0, 1001, 10)]
    assert len(r["series"]["loss"]) == 101 and r["series"]["loss"][-1] == r["metrics"]["final_loss"]
    assert r["verdict"]["passed"] is True
    checks = r["verdict"]["checks"]
    assert [c["relation"] for c in checks] == ["<=", "<="] and checks[0]["threshold"] == 1e-20
    assert checks[1]["value"] == r["metrics"]["distance_to_reference"] and all(c["passed"] for c in checks)
    assert len(r["solution"]) == 50 and len(r["reference"]) == 50
    assert max(abs(a - b) for a, b in zip(r["solution"], r["reference"])) <= 1e-8
    prov = r["provenance"]
    assert re.fullmatch(r"\d+\.\d+\.\d+", prov["version"]) and prov["commit"]
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", prov["date"])
    assert prov["threads"] >= 1 and prov["wall_seconds"] > 0


def test_metrics_csv_holds_the_series(tmp_path):
    p, out = run_demo(tmp_path, "--set", "iterations=500", "--set", "record_every=100", "-q")
    lines = (out / "metrics.csv").read_text().splitlines()
    assert lines[0] == "iteration,loss,distance"
    assert [float(l.split(",")[0]) for l in lines[1:]] == [0, 100, 200, 300, 400, 500]
    r = json.loads((out / "result.json").read_text())
    assert [float(l.split(",")[1]) for l in lines[1:]] == r["series"]["loss"]


def test_long_series_go_to_metrics_csv_only(tmp_path):
    p, out = run_demo(tmp_path, "--set", "iterations=4000", "--set", "record_every=1", "-q")
    r = json.loads((out / "result.json").read_text())
    assert r["series"] == "metrics.csv"
    assert len((out / "metrics.csv").read_text().splitlines()) == 4002


def test_plots_are_svg_and_png_with_title_and_log_axis(tmp_path):
    p, out = run_demo(tmp_path, "-q")
    svg = (out / "convergence.svg").read_text()
    assert "<svg" in svg and "GD on least squares" in svg and "iteration t" in svg
    assert "10<tspan" in svg or "10^" in svg or "1x10" in svg  # log-scale tick labels
    png = (out / "convergence.png").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 5000


def test_a_part_switched_off_leaves_its_plots_out(tmp_path):
    out = tmp_path / "run"
    p = fdl("run", "overparam-deep", "--out", out, "-q", "--set", "deep.run=false", "--set", "shallow.widths=50,100",
            "--set", "shallow.iterations=20", "--set", "shallow.inits=1")
    assert p.returncode in (0, 1), p.stderr
    assert (out / "two_layer_loss.svg").exists() and (out / "two_layer_drift.svg").exists()
    assert not (out / "deep_loss.svg").exists() and not (out / "deep_drift.svg").exists()


def test_diverging_run_is_recorded_as_diverged_and_fails(tmp_path):
    p, out = run_demo(tmp_path, "--set", "eta=3", "--set", "iterations=3000", "-q")
    assert p.returncode == 1 and "verdict: FAIL" in p.stdout
    r = json.loads((out / "result.json").read_text())
    assert r["status"] == "diverged" and r["verdict"]["passed"] is False


def test_same_seed_gives_bit_identical_metrics_and_solution(tmp_path):
    texts = []
    for name in ("a", "b"):
        p, out = run_demo(tmp_path, "--seed", "11", "--set", "init=gaussian", "--threads", "1", "-q", name=name)
        r = json.loads((out / "result.json").read_text())
        texts.append(json.dumps([r["metrics"], r["solution"], r["series"]]))
    assert texts[0] == texts[1]
    p, out = run_demo(tmp_path, "--seed", "12", "--set", "init=gaussian", "-q", name="c")
    assert json.loads((out / "result.json").read_text())["solution"] != json.loads(texts[0])[1]


# --- progress line -----------------------------------------------------------------------------

def test_progress_line_only_on_a_terminal(tmp_path):
    args = [FDL, "run", DEMO, "--set", "iterations=1000000", "--set", "record_every=100000"]
    piped = subprocess.run(args, capture_output=True, text=True, timeout=120)
    assert piped.returncode == 0 and "ETA" not in piped.stderr + piped.stdout
    tty = subprocess.run(["script", "-qec", " ".join(args), "/dev/null"], capture_output=True, text=True, timeout=120)
    assert re.search(r"iteration \d+/1000000  loss \S+  \S+ it/s  ETA \S+ s", tty.stdout), tty.stdout[-500:]
    quiet = subprocess.run(["script", "-qec", " ".join(args + ["--quiet"]), "/dev/null"], capture_output=True, text=True, timeout=120)
    assert "verdict: PASS" in quiet.stdout and "ETA" not in quiet.stdout


# --- report in headless Chromium -----------------------------------------------------------------

CHROMIUM = shutil.which("chromium")
COUNT_IMAGES = ("<script>window.addEventListener('load', () => { const all = [...document.images];"
                " document.body.setAttribute('data-images', all.length + '/' +"
                " all.filter(i => i.complete && i.naturalWidth > 0).length); });</script></body>")


def chromium(*args):
    return subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", *args],
                          capture_output=True, text=True, timeout=120)


def check_rendered(html, tmp_path, images):
    """Every image of `html` decodes in Chromium, and its screenshot is not blank."""
    probe = tmp_path / "probe.html"
    probe.write_text(html.read_text().replace("</body>", COUNT_IMAGES))
    dom = chromium("--virtual-time-budget=10000", "--dump-dom", probe.as_uri()).stdout
    loaded = re.search(r'data-images="(\d+)/(\d+)"', dom)
    assert loaded, dom[-300:]
    assert int(loaded.group(1)) == images and int(loaded.group(2)) == images
    shot = tmp_path / "shot.png"
    chromium(f"--screenshot={shot}", "--window-size=1200,1600", html.as_uri())
    from PIL import Image
    pixels = Image.open(shot).convert("RGB")
    colors = pixels.getcolors(maxcolors=1 << 20)
    non_white = sum(n for n, c in colors if c != (255, 255, 255))
    assert len(colors) > 100 and non_white > 0.03 * pixels.width * pixels.height


@pytest.mark.skipif(CHROMIUM is None, reason="chromium not installed")
def test_report_of_runs_renders_with_every_plot_loaded(tmp_path):
    runs = tmp_path / "runs"
    for seed in (1, 2):
        assert fdl("run", DEMO, "--seed", seed, "--out", runs / f"seed{seed}", "-q").returncode == 0
    p = fdl("report", runs)
    assert p.returncode == 0, p.stderr
    html = runs / "report.html"
    text = html.read_text()
    assert "src=\"file:" not in text and "<link" not in text  # self-contained
    assert text.count("data:image/svg+xml;base64,") == 2 and text.count(">PASS<") >= 4
    assert "tolerance.distance" in text and "wall_seconds" in text
    check_rendered(html, tmp_path, images=2)


def test_report_of_nothing_is_bad_input(tmp_path):
    p = fdl("report", tmp_path)
    assert p.returncode == 2 and "found none" in p.stderr


# --- verify ------------------------------------------------------------------------------------------

@pytest.mark.skipif(CHROMIUM is None, reason="chromium not installed")
def test_verify_runs_everything_prints_claims_and_writes_report(tmp_path):
    # --quick: the long real-data runs are listed as skipped (the full verify is `make run`)
    p = fdl("verify", "--out", tmp_path / "v", "-q", "--quick", timeout=300)
    assert re.search(rf"^{DEMO}\s+demo\s+PASS", p.stdout, re.M)
    assert re.search(r"^autodiff-clarke\s+a1\s+PASS", p.stdout, re.M)
    assert re.search(r"^margin-fashion-mnist\s+c\s+skipped \(long", p.stdout, re.M)
    assert not (tmp_path / "v" / "margin-fashion-mnist").exists()
    # exit 0 and "all PASS" exactly when every experiment that ran says PASS (known deviations FAIL)
    verdicts = re.findall(r"^[a-z0-9-]+\s+[a-z0-9/]+\s+(PASS|FAIL)\b", p.stdout, re.M)
    skipped = re.findall(r"skipped \(long", p.stdout)
    assert len(verdicts) + len(skipped) == len(fdl("list").stdout.strip().splitlines()), p.stdout
    everything_passed = all(v == "PASS" for v in verdicts)
    assert p.returncode == (0 if everything_passed else 1), p.stdout + p.stderr
    assert ("all PASS" if everything_passed else "some FAIL") in p.stdout
    assert (tmp_path / "v" / DEMO / "result.json").exists()
    check_rendered(tmp_path / "v" / "report.html", tmp_path, images=len(list((tmp_path / "v").glob("*/*.png"))))


# --- sweeps ---------------------------------------------------------------------------------------------

def sweep_file(tmp_path, iterations=2000, seeds=(1, 2, 3)):
    f = tmp_path / "sweep.toml"
    f.write_text(f'experiment = "{DEMO}"\nseeds = {list(seeds)}\n[grid]\ninit = ["zero", "gaussian"]\n'
                 f'eta = [1.0, 3.0]\n[set]\niterations = {iterations}\nrecord_every = 1000\n')
    return f


def rows(db):
    with sqlite3.connect(db) as c:
        return c.execute("SELECT config_hash, experiment, config, status, passed, metrics, wall_seconds, provenance, result"
                         " FROM runs").fetchall()


def test_sweep_runs_grid_times_seeds_and_rerun_skips_finished(tmp_path):
    f, db = sweep_file(tmp_path), tmp_path / "s.sqlite"
    p = fdl("sweep", f, "--db", db)
    assert p.returncode == 0, p.stderr
    assert "12 jobs: 6 done (6 passed), 6 diverged, 0 failed, 0 pending" in p.stdout
    r = rows(db)
    assert len(r) == 12 and len({x[0] for x in r}) == 12
    for h, experiment, config, status, passed, metrics, wall, prov, result in r:
        config = json.loads(config)
        assert experiment == DEMO and config["iterations"] == 2000
        assert status == ("done" if config["eta"] == 1.0 else "diverged") and passed == (status == "done")
        assert json.loads(metrics) == json.loads(result)["metrics"] and "commit" in json.loads(prov) and wall >= 0
    with sqlite3.connect(db) as c:
        assert c.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    again = fdl("sweep", f, "--db", db)
    assert "12 jobs, 12 already finished" in again.stdout and len(rows(db)) == 12
    status = fdl("sweep", f, "--db", db, "--status")
    assert status.stdout.strip() == "12 jobs: 6 done (6 passed), 6 diverged, 0 failed, 0 pending"


def test_sweep_status_of_fresh_database_shows_all_pending(tmp_path):
    p = fdl("sweep", sweep_file(tmp_path), "--db", tmp_path / "s.sqlite", "--status")
    assert p.stdout.strip() == "12 jobs: 0 done (0 passed), 0 diverged, 0 failed, 12 pending"


def test_sweep_with_bad_key_exits_2_before_running(tmp_path):
    f = tmp_path / "bad.toml"
    f.write_text(f'experiment = "{DEMO}"\n[grid]\nstep = [1, 2]\n')
    p = fdl("sweep", f, "--db", tmp_path / "b.sqlite")
    assert p.returncode == 2 and "unknown config key 'step' (from [grid])" in p.stderr


def test_sweep_killed_at_random_moments_loses_and_duplicates_nothing(tmp_path):
    f, db = sweep_file(tmp_path, iterations=500000, seeds=(1, 2, 3, 4)), tmp_path / "k.sqlite"
    # Kill moments are drawn relative to this machine's speed: each job's shortest time over two
    # reference sweeps (the first runs cold), and at most half the work left, so that a later,
    # faster moment of a loaded machine still kills every early attempt midway.
    job_seconds = {}
    for r in range(2):
        reference = tmp_path / f"ref{r}.sqlite"
        assert fdl("sweep", f, "--db", reference).returncode == 0
        for x in rows(reference):
            job_seconds[x[0]] = min(x[6], job_seconds.get(x[0], x[6]))
    rng, kills, seen, midway = random.Random(1), 0, set(), False
    for attempt in range(40):  # killed at random moments, then (attempt 30 on) left to finish
        proc = subprocess.Popen([FDL, "sweep", str(f), "--db", str(db)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        remaining = sum(t for h, t in job_seconds.items() if h not in seen)
        try:
            proc.wait(timeout=rng.uniform(0.05, 0.5) * remaining if attempt < 30 else 300)
        except subprocess.TimeoutExpired:
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            kills += 1
        if db.exists():  # killed before its table was created: nothing finished yet
            with sqlite3.connect(db) as c:
                created = c.execute("SELECT count(*) FROM sqlite_master WHERE name = 'runs'").fetchone()[0]
            hashes = [x[0] for x in rows(db)] if created else []
            assert len(hashes) == len(set(hashes))   # none twice
            assert seen <= set(hashes)               # none lost
            midway |= proc.returncode != 0 and 0 < len(hashes) < 16
            seen = set(hashes)
        if proc.returncode == 0:
            break
    assert proc.returncode == 0 and kills >= 2 and midway  # some kill left the sweep half done
    assert len(seen) == 16
    resumed = {x[0]: x for x in rows(db)}
    for x in rows(reference):  # the killed-and-resumed sweep found exactly what an uninterrupted one does
        assert json.loads(resumed[x[0]][5]) == json.loads(x[5])


def test_report_of_a_sweep_database(tmp_path):
    f, db = sweep_file(tmp_path, seeds=(1,)), tmp_path / "s.sqlite"
    fdl("sweep", f, "--db", db)
    p = fdl("report", db)
    assert p.returncode == 0
    text = (tmp_path / "s.html").read_text()
    assert "4 finished runs, 2 PASS" in text and text.count("diverged") >= 2


# --- MPI -------------------------------------------------------------------------------------------------

MPIRUN = shutil.which("mpirun")


def mpirun(ranks, *args):
    env = dict(os.environ, OMPI_ALLOW_RUN_AS_ROOT="1", OMPI_ALLOW_RUN_AS_ROOT_CONFIRM="1", OMPI_MCA_rmaps_base_oversubscribe="1")
    return subprocess.run([MPIRUN, "--allow-run-as-root", "--oversubscribe", "-n", str(ranks), FDL, *map(str, args)],
                          capture_output=True, text=True, timeout=300, env=env)


@pytest.mark.skipif(MPIRUN is None, reason="OpenMPI not installed")
def test_two_rank_sweep_matches_one_process_bit_for_bit(tmp_path):
    f = sweep_file(tmp_path, iterations=20000)
    one, two = tmp_path / "one.sqlite", tmp_path / "two.sqlite"
    assert fdl("sweep", f, "--db", one).returncode == 0
    p = mpirun(2, "sweep", f, "--db", two)
    assert p.returncode == 0, p.stdout + p.stderr
    assert "2 rank(s)" in p.stdout and "12 jobs: 6 done (6 passed), 6 diverged" in p.stdout
    a, b = {x[0]: x for x in rows(one)}, {x[0]: x for x in rows(two)}
    assert a.keys() == b.keys() and len(b) == 12
    for h in a:
        ra, rb = json.loads(a[h][8]), json.loads(b[h][8])
        assert a[h][5] == b[h][5]  # metrics JSON, digit for digit
        assert ra["solution"] == rb["solution"] and ra["status"] == rb["status"]
    assert "already finished" in mpirun(2, "sweep", f, "--db", two).stdout and len(rows(two)) == 12
