"""``qderive sweep regime|scaling|scan``: the command line of the sweep engine.

Only argparse at import time: ``qderive claims`` must stay fast, so the sweep
machinery (xarray, dask, matplotlib) is imported when a sweep actually runs.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

__all__ = ["add_parser", "run"]

_SCHED_HELP = (
    "where cells run: omitted = a process pool on this machine; 'local' = a new "
    "dask LocalCluster on 127.0.0.1; 'tcp://HOST:PORT' = an existing dask scheduler; "
    "'serial' = this process"
)


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "claim", metavar="CLAIM", help="claim id (scaling: CLAIM or CLAIM:NAME of a further law)"
    )
    p.add_argument(
        "--set",
        dest="fixed",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="value of a parameter that is not swept (repeatable; default: the claim's)",
    )
    p.add_argument("--scheduler", metavar="ADDRESS|local", default=None, help=_SCHED_HELP)
    p.add_argument(
        "--workers",
        type=int,
        default=None,
        metavar="N",
        help="local processes or LocalCluster workers (default: CPU count)",
    )
    p.add_argument(
        "--retries",
        type=int,
        default=2,
        metavar="N",
        help="re-run a failing cell up to N times before reporting it (default 2)",
    )
    p.add_argument(
        "--out",
        type=Path,
        default=Path("sweeps"),
        metavar="DIR",
        help="output directory (default ./sweeps)",
    )
    p.add_argument(
        "--store",
        type=Path,
        default=None,
        metavar="PATH",
        help="cell store (default DIR/cells.sqlite); rerunning resumes from it",
    )
    p.add_argument(
        "--code-version",
        default=None,
        metavar="HASH",
        help="key cells by this code version instead of the hash of the current sources "
        "(reuse a sweep across an edit you know does not change its numbers)",
    )
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    p.add_argument("--json", action="store_true", help="print the result as JSON")


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Add ``sweep regime`` and ``sweep scaling`` to the ``qderive`` command line."""
    sweep = subparsers.add_parser(
        "sweep",
        help="regime maps and scaling fits; local by default, Dask cluster on request",
        description="Sweeps of a claim over a parameter grid. Finished cells are stored as they "
        "complete (keyed by claim, parameters and code version): rerun the same command "
        "to resume an interrupted sweep.",
    )
    sub = sweep.add_subparsers(dest="sweep_command", metavar="{regime,scaling,scan}", required=True)
    reg = sub.add_parser(
        "regime",
        help="map the closed form's relative error over a grid",
        description="Evaluate CLAIM's closed form and exact counterpart on a grid; "
        "write the relative error (NetCDF), a heat map with the "
        "tolerance contour (PNG) and the boundary of validity (CSV).",
        epilog="Without --grid, the grid the claim's regime specification registers "
        "(register_regime) is used; its axes may be dimensionless combinations "
        "(e.g. t_over_tau) that the specification maps to the claim's parameters.",
    )
    _common(reg)
    reg.add_argument(
        "--grid",
        action="append",
        default=[],
        metavar="p=lo:hi:n[:log]",
        help="a swept parameter (repeatable); also p=v1,v2,... (default: the claim's grid)",
    )
    reg.add_argument("--tolerance", type=float, default=None, help="default: the claim's tolerance")
    sca = sub.add_parser(
        "scaling",
        help="fit exponent and prefactor of an exact quantity vs N",
        description="Compute CLAIM's exact scaling quantity over N, fit y = A N^b "
        "with standard errors and compare with the derived exponent.",
    )
    _common(sca)
    sca.add_argument(
        "--N",
        dest="N",
        default=None,
        metavar="lo:hi:n[:log]",
        help="the N values (rounded to integers; default: the law's range)",
    )
    sca.add_argument(
        "--nsigma",
        type=float,
        default=3.0,
        help="agreement: |b_fit - b| <= nsigma * stderr + the law's finite-N allowance",
    )
    _add_scan(sub)
    sweep.set_defaults(func=run)
    return sweep


def _add_scan(sub: Any) -> None:
    scan = sub.add_parser(
        "scan",
        help="a registered parameter scan (e.g. a paper's figure)",
        description="Run a parameter scan registered with verify.sweep.register_scan "
        "(by the project's claim modules or a claims file) on the sweep engine. "
        "'qderive sweep scan --list' names them.",
        epilog="Defaults are the scan's own (a paper's grid). Its scalar parameters are "
        "set with --set p=v (numbers, never evaluated); --list shows each scan's "
        "parameters.",
    )
    scan.add_argument("name", metavar="SCAN", nargs="?", help="the scan's name (see --list)")
    scan.add_argument(
        "--list", action="store_true", help="name every registered scan and its parameters"
    )
    scan.add_argument(
        "--grid",
        action="append",
        default=[],
        metavar="p=lo:hi:n[:log]",
        help="the scan's axes (default: the scan's own grid)",
    )
    scan.add_argument(
        "--N", dest="N", type=int, default=None, help="atom number (default: the scan's)"
    )
    scan.add_argument(
        "--set",
        dest="fixed",
        action="append",
        default=[],
        metavar="p=v",
        help="a scalar parameter of the scan (a number; never evaluated)",
    )
    scan.add_argument(
        "--chi",
        type=float,
        default=None,
        help="old spelling of --set chi=VALUE (kept as an alias)",
    )
    scan.add_argument("--scheduler", metavar="ADDRESS|local", default=None, help=_SCHED_HELP)
    scan.add_argument(
        "--workers",
        type=int,
        default=None,
        metavar="N",
        help="local processes or LocalCluster workers (default: CPU count)",
    )
    scan.add_argument(
        "--retries",
        type=int,
        default=2,
        metavar="N",
        help="re-run a failing cell up to N times before reporting it (default 2)",
    )
    scan.add_argument(
        "--out",
        type=Path,
        default=Path("sweeps"),
        metavar="DIR",
        help="output directory (default ./sweeps)",
    )
    scan.add_argument(
        "--store",
        type=Path,
        default=None,
        metavar="PATH",
        help="cell store (default DIR/cells.sqlite); rerunning resumes from it",
    )
    scan.add_argument(
        "--code-version",
        default=None,
        metavar="HASH",
        help="key cells by this code version instead of the hash of the current sources",
    )
    scan.add_argument("--no-progress", action="store_true", help="no progress bar")
    scan.add_argument("--json", action="store_true", help="print the result as JSON")


def run(args: argparse.Namespace) -> int:
    """Run ``qderive sweep ...``; 0 = done, 1 = cells failed or the exponent disagrees,
    2 = bad input, 130 = interrupted (finished cells are kept; rerun to resume)."""
    from numeric import ParameterError

    store = args.store or args.out / "cells.sqlite"
    try:
        if args.sweep_command == "regime":
            return _regime(args, store)
        if args.sweep_command == "scan":
            return _scan(args, store)
        return _scaling(args, store)
    except (ParameterError, KeyError) as exc:
        msg = exc.args[0] if isinstance(exc, KeyError) and exc.args else str(exc)
        print(f"qderive sweep: {msg}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(
            f"\nqderive sweep: interrupted; finished cells are stored in {store} — "
            "rerun the same command to resume",
            file=sys.stderr,
        )
        return 130


def _regime(args: argparse.Namespace, store: Path) -> int:
    from ._grid import parse_assignments
    from ._regime import regime_map

    rm = regime_map(
        args.claim,
        args.grid or None,
        fixed=parse_assignments(args.fixed),
        tolerance=args.tolerance,
        store=store,
        scheduler=args.scheduler,
        workers=args.workers,
        retries=args.retries,
        code=args.code_version,
        progress=False if args.no_progress else None,
    )
    paths = rm.save(args.out)
    if args.json:
        b = rm.boundary
        print(
            json.dumps(
                {
                    "claim": rm.claim_id,
                    "tolerance": rm.tolerance,
                    "along": rm.along,
                    "fraction_valid": rm.fraction_valid,
                    "files": {k: str(v) for k, v in paths.items()},
                    "boundary": [
                        {
                            **{
                                d: float(b[d].values[i])
                                for d, i in zip(b["boundary"].dims, idx, strict=True)
                            },
                            "boundary": _num(b["boundary"].values[idx]),
                            "last_valid": _num(b["last_valid"].values[idx]),
                            "first_invalid": _num(b["first_invalid"].values[idx]),
                            "exceeded": bool(b["exceeded"].values[idx]),
                        }
                        for idx in _indices(b["boundary"].shape)
                    ],
                    "cells": len(rm.outcome.cells),
                    "computed": rm.outcome.computed,
                    "reused": rm.outcome.reused,
                    "code_version": rm.outcome.code,
                    "failures": [
                        {
                            "params": {
                                k: _num(v)
                                for k, v in f.params.items()
                                if k in rm.error.dims and k != rm.along
                            },
                            "error": f.summary,
                            "attempts": f.attempts,
                        }
                        for f in rm.failures
                    ],
                },
                indent=1,
            )
        )
    else:
        print(rm.summary())
        for k, v in paths.items():
            print(f"  {k}: {v}")
    return 1 if rm.failures else 0


def _scaling(args: argparse.Namespace, store: Path) -> int:
    from ._grid import parse_assignments
    from ._scaling import scaling_sweep

    fit, outcome = scaling_sweep(
        args.claim,
        args.N,
        fixed=parse_assignments(args.fixed),
        store=store,
        scheduler=args.scheduler,
        workers=args.workers,
        retries=args.retries,
        nsigma=args.nsigma,
        code=args.code_version,
        progress=False if args.no_progress else None,
    )
    paths = fit.save(args.out)
    if args.json:
        print(
            json.dumps(
                {
                    **fit.as_json(),
                    "files": {k: str(v) for k, v in paths.items()},
                    "failures": [
                        {"N": f.params.get("N"), "error": f.summary, "attempts": f.attempts}
                        for f in outcome.failures
                    ],
                },
                indent=1,
            )
        )
    else:
        print(fit)
        print("  " + str(outcome).replace("\n", "\n  "))
        for k, v in paths.items():
            print(f"  {k}: {v}")
    return 1 if outcome.failures or fit.agrees is False else 0


def _scan(args: argparse.Namespace, store: Path) -> int:
    from numeric import ParameterError

    from ._grid import parse_assignments
    from ._specs import scan_names, scan_spec

    if args.list or not args.name:
        for name in scan_names():
            spec = scan_spec(name)
            opts = ", ".join(sorted(_scan_options(spec.func)))
            print(f"{name:16s} {spec.description}\n{'':16s} parameters (--set p=v): {opts}")
        return 0
    func = scan_spec(args.name).func
    accepted = _scan_options(func) | _ENGINE_KW
    kw: dict[str, Any] = dict(parse_assignments(args.fixed))
    if getattr(args, "chi", None) is not None:  # the flag's old form, kept working
        print("qderive: note: --chi is now --set chi=VALUE; accepted as before", file=sys.stderr)
        kw.setdefault("chi", args.chi)
    if args.N is not None:
        kw["N"] = args.N
    for k in kw:
        if k not in accepted or k in _ENGINE_KW:
            allowed = sorted(accepted - _ENGINE_KW)
            raise ParameterError(k, f"a parameter of {args.name} ({', '.join(allowed)})", kw[k])
    res = func(
        args.grid or None,
        store=store,
        scheduler=args.scheduler,
        workers=args.workers,
        retries=args.retries,
        code=args.code_version,
        progress=False if args.no_progress else None,
        out=args.out,
        **kw,
    )
    if args.json:
        d = res.data
        print(
            json.dumps(
                {
                    "scan": res.name,
                    "attrs": {k: _jsonable(v) for k, v in d.attrs.items()},
                    "coords": {k: d[k].values.tolist() for k in d.dims},
                    "data": {
                        k: {"dims": list(v.dims), "values": _nested(v.values)}
                        for k, v in d.data_vars.items()
                    },
                    "files": {k: str(v) for k, v in res.files.items()},
                    "failures": [
                        {"params": f.params, "error": f.summary} for f in res.outcome.failures
                    ],
                },
                indent=1,
            )
        )
    else:
        print(res.summary())
    return 1 if res.outcome.failures else 0


_ENGINE_KW = {
    "scheduler",
    "workers",
    "store",
    "retries",
    "progress",
    "code",
    "out",
    "cluster_kwargs",
}


def _scan_options(func: Any) -> set[str]:
    """The scan's own keyword-only parameters (what ``--set`` may set)."""
    import inspect

    return {
        k
        for k, p in inspect.signature(func).parameters.items()
        if p.kind is p.KEYWORD_ONLY and k not in _ENGINE_KW
    }


def _jsonable(v: Any) -> Any:
    import numpy as np

    if isinstance(v, np.generic):
        return v.item()
    return v if isinstance(v, (str, int, float, bool, type(None))) else str(v)


def _nested(a: Any) -> Any:
    import numpy as np

    a = np.asarray(a)
    if a.ndim == 0:
        return _num(a) if np.issubdtype(a.dtype, np.number) else str(a)
    return [_nested(x) for x in a]


def _num(v: Any) -> float | None:
    v = float(v)
    return None if v != v else v  # NaN -> null in JSON (documented: valid over the whole range)


def _indices(shape: tuple[int, ...]):
    import numpy as np

    return np.ndindex(*shape)
