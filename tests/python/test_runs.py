"""fdl.run and the readers of run directories and sweep databases."""
import json
import os
import pathlib
import subprocess

import numpy as np
import pytest

import fdl

CLI = pathlib.Path(fdl.__file__).resolve().parents[2] / "fdl"


def test_experiments_are_listed():
    names = [name for name, claim, summary in fdl.experiments()]
    assert "gd-least-squares" in names and "autodiff-clarke" in names


def test_run_returns_the_result_as_a_dict():
    r = fdl.run("gd-least-squares", iterations=800, seed=3, init="gaussian", tolerance__loss=1e-18)
    assert r["experiment"] == "gd-least-squares" and r["verdict"]["passed"]
    assert r["config"]["iterations"] == 800 and r["config"]["seed"] == 3 and r["config"]["tolerance.loss"] == 1e-18
    w, w_star = np.array(r["solution"]), np.array(r["reference"])
    assert w.shape == (50,) and np.linalg.norm(w - w_star) == pytest.approx(r["metrics"]["distance_to_reference"], abs=1e-15)
    assert r["series"]["iteration"][-1] == 800


def test_run_accepts_dotted_keys_and_flags_bad_input_as_value_error():
    r = fdl.run("autodiff-clarke", directions=3, **{"cost.n": 20, "cost.d": 5, "cost.m": 10, "cost.repeats": 1})
    assert r["config"]["cost.n"] == 20 and r["verdict"]["passed"]
    with pytest.raises(ValueError, match="unknown config key 'nope'"):
        fdl.run("gd-least-squares", nope=1)
    with pytest.raises(ValueError, match="config key 'eta' .*expected a number in"):
        fdl.run("gd-least-squares", eta=10.0)
    with pytest.raises(ValueError, match="unknown experiment"):
        fdl.run("no-such-experiment")


def test_same_seed_same_numbers():
    a, b = (fdl.run("gd-least-squares", iterations=300, seed=9, init="gaussian") for _ in range(2))
    assert json.dumps([a["metrics"], a["solution"]]) == json.dumps([b["metrics"], b["solution"]])


def test_load_run_reads_what_fdl_run_wrote(tmp_path):
    r = fdl.run("gd-least-squares", iterations=4000, record_every=1, seed=2, out=tmp_path / "run")
    loaded = fdl.load_run(tmp_path / "run")
    assert loaded["metrics"] == r["metrics"] and r["series"] == "metrics.csv"
    assert loaded["series"]["iteration"] == [float(t) for t in range(4001)]
    assert loaded["series"]["loss"][-1] == r["metrics"]["final_loss"]
    assert [x["config"]["seed"] for x in fdl.load_runs(tmp_path)] == [2]


@pytest.mark.skipif(not CLI.exists(), reason="the CLI is not built")
def test_load_sweep_reads_every_row(tmp_path):
    f = tmp_path / "s.toml"
    f.write_text('experiment = "gd-least-squares"\nseeds = [1, 2]\n[grid]\neta = [1.0, 3.0]\n')
    subprocess.run([str(CLI), "sweep", str(f), "--db", str(tmp_path / "s.sqlite")], check=True, capture_output=True)
    runs = fdl.load_sweep(tmp_path / "s.sqlite")
    assert len(runs) == 4
    assert sorted(r["status"] for r in runs) == ["diverged", "diverged", "done", "done"]
    for r in runs:
        assert r["passed"] == (r["status"] == "done") and r["metrics"] == r["result"]["metrics"]
        assert r["config"]["seed"] in (1, 2) and "version" in r["provenance"]
    with pytest.raises(FileNotFoundError):
        fdl.load_sweep(tmp_path / "missing.sqlite")
