"""Experiments and their results from Python.

    import fdl
    r = fdl.run("gd-least-squares", iterations=500, seed=3)   # the result.json of the run, as a dict
    r["verdict"]["passed"], r["metrics"]["final_loss"], r["solution"]
    fdl.run("autodiff-clarke", **{"cost.n": 50})                # dotted keys; or cost__n=50
    fdl.load_run("results/verify/gd-least-squares")             # a run directory written by `fdl run --out`
    fdl.load_sweep("sweep.sqlite")                              # the rows of a sweep database
"""
import csv
import json
import math
import pathlib
import sqlite3

from . import _fdl


def experiments():
    """The registered experiments as (name, claim, summary) tuples."""
    return _fdl.experiments()


def _text(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    return str(value)


def run(name, seed=None, out=None, **overrides):
    """Run experiment `name` with config overrides (``a__b=1`` sets key ``a.b``) and return its
    result.json as a dict; with `out`, also write the run directory (result.json, metrics.csv,
    plots). Unknown keys, wrong types and out-of-range values raise ValueError."""
    settings = [(key.replace("__", "."), _text(value)) for key, value in overrides.items()]
    if seed is not None:
        settings.append(("seed", _text(seed)))
    return json.loads(_fdl.run_experiment(name, settings, "" if out is None else str(out)))


def _number(text):
    return float(text) if text.lower() not in ("nan", "-nan") else math.nan


def load_run(directory):
    """The result.json of a run directory as a dict, with `series` read from metrics.csv when
    result.json points there (columns as lists of floats)."""
    directory = pathlib.Path(directory)
    result = json.loads((directory / "result.json").read_text())
    if isinstance(result.get("series"), str):
        with open(directory / result["series"], newline="") as f:
            rows = list(csv.reader(f))
        result["series"] = {name: [_number(r[i]) for r in rows[1:]] for i, name in enumerate(rows[0])}
    return result


def load_runs(folder):
    """Every run below `folder` (each directory holding a result.json), sorted by path."""
    return [load_run(p.parent) for p in sorted(pathlib.Path(folder).rglob("result.json"))]


def load_sweep(database):
    """The rows of a sweep database's table `runs` as dicts; config, metrics, provenance and the
    full result (when the run did not fail) parsed from JSON."""
    if not pathlib.Path(database).is_file():
        raise FileNotFoundError(f"sweep database {database!s} does not exist")
    connection = sqlite3.connect(str(database))
    try:
        connection.row_factory = sqlite3.Row
        rows = connection.execute("SELECT * FROM runs ORDER BY rowid").fetchall()
    finally:
        connection.close()
    out = []
    for row in rows:
        d = dict(row)
        d["passed"] = bool(d["passed"])
        for key in ("config", "metrics", "provenance"):
            d[key] = json.loads(d[key])
        d["result"] = json.loads(d["result"]) if d["result"] else None
        out.append(d)
    return out
