"""The ``qderive`` command line.

Global options come before the subcommand: ``--claims PATH`` (repeatable) loads a user's claims
file or module (as do ``$QDERIVE_CLAIMS`` and the ``qderive.claims`` entry points), ``--debug``
shows the traceback of an unexpected error, ``--version`` prints the version.  Any error ends as
one line on stderr: exit status 2 for bad input or a claims file that does not import, 1 for any
other failure; output piped into ``head`` ends cleanly.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from typing import Any

import numpy as np

__all__ = ["main"]

_USAGE_ERROR = 2
_MAX_MESSAGE = 200
_MAX_ECHO = 100


def _abbrev(text: object, n: int = _MAX_ECHO) -> str:
    """At most ``n`` characters of ``text`` (user input is never echoed whole)."""
    text = str(text)
    return text if len(text) <= n else text[: n - 3] + "..."


def _one_line(msg: object, n: int = _MAX_MESSAGE) -> str:
    return _abbrev(" ".join(str(msg).split()), n)


def _fail(msg: str, status: int = _USAGE_ERROR) -> int:
    print(f"qderive: error: {_one_line(msg, 2 * _MAX_MESSAGE)}", file=sys.stderr)
    return status


def _jsonable(v: Any) -> Any:
    if isinstance(v, np.ndarray):
        return v.tolist()
    if isinstance(v, np.generic):
        return v.item()
    if isinstance(v, dict):
        return {k: _jsonable(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [_jsonable(x) for x in v]
    return v


def _status_row(rep) -> str:
    return f"{rep.symbolic.status:8s} {rep.numeric.status:8s}"


# ---------------------------------------------------------------- claims / show
def _first_run_note(selected, full: bool, what: str) -> None:
    """On stderr: which claims are not in the check cache and are checked now (a first run is slow)."""
    from ._run import _cached, _entry_path

    todo = [c for c in selected if _cached(c, _entry_path(c, full)) is None]
    if not todo:
        return
    names = ", ".join(c.id for c in todo[:3]) + (", ..." if len(todo) > 3 else "")
    print(
        f"qderive: note: {what}; {len(todo)} of {len(selected)} not checked yet at this code "
        f"version ({names}): checking them now (symbolic derivation and exact solver; later runs "
        "read the check cache)",
        file=sys.stderr,
    )


def _check_all(selected, args: argparse.Namespace, *, desc: str, use_cache: bool = True):
    """Check ``selected`` over ``-j`` processes (the cores by default), each line as it finishes.

    The reports come back in the order of ``selected``; on a terminal each claim is printed on
    stderr as it finishes, under a progress bar.
    """
    from ._parallel import run_claims

    return run_claims(
        selected,
        full=getattr(args, "full_checks", args.full),
        use_cache=use_cache,
        workers=args.jobs,
        progress=sys.stderr.isatty() and not getattr(args, "json", False),
        desc=desc,
    )


def _cmd_claims(args: argparse.Namespace) -> int:
    from . import all_claims

    # statuses come from the check cache; claims not checked yet at this code version are checked now
    selected = [c for c in all_claims(args.paper) if not args.ids or c.id in args.ids]
    unknown = set(args.ids) - {c.id for c in all_claims()}
    if unknown:
        return _fail(f"unknown claim(s): {_abbrev(', '.join(sorted(unknown)))}")
    _first_run_note(selected, args.full, "claims shows the status of each claim's checks")
    reps = _check_all(selected, args, desc="claims")
    rows = list(zip(selected, reps, strict=True))
    if args.json:
        print(
            json.dumps(
                [
                    {
                        "id": c.id,
                        "paper": c.paper,
                        "equation": c.equation,
                        "title": c.title,
                        "symbolic": rep.symbolic.status,
                        "numeric": rep.numeric.status,
                        "worst_error": rep.numeric.worst_error,
                        "tolerance": c.tolerance,
                        "tolerance_note": c.tolerance_note,
                        "findings": len(rep.findings),
                    }
                    for c, rep in rows
                ],
                indent=1,
            )
        )
        return 0
    print(f"{'claim':24s} {'paper':11s} {'equation':16s} symbolic numeric  findings  title")
    for c, rep in rows:
        print(
            f"{c.id:24s} {c.paper:11s} {c.equation[:16]:16s} {_status_row(rep)} "
            f"{len(rep.findings):^8d}  {c.title}"
        )
    return 0


def _cmd_show(args: argparse.Namespace) -> int:
    import sympy as sp

    from . import claim, derivation_of
    from ._run import run_claim

    try:
        c = claim(args.claim)
    except KeyError as exc:
        return _fail(str(exc.args[0]))
    _first_run_note([c], args.full, f"show prints the derivation and the checks of {c.id}")
    d = derivation_of(c.id)
    rep = run_claim(c, full=args.full)
    if args.latex:
        print(_show_latex(c, d, rep), end="")
        return 0
    print(f"{c.id} — {c.title}\n{c.paper}, {c.equation}")
    if c.printed is not None:
        print("printed: " + sp.sstr(c.printed))
    if d is not None:
        if d.paper_form is not None:
            print("derived: " + str(d.paper_form))
            print("  expanded: " + sp.sstr(d.result))
        else:
            print("derived: " + sp.sstr(d.result))
        print()
        print(d.to_markdown())
    print(f"\nsymbolic check: {rep.symbolic.status} — {rep.symbolic.detail}")
    print(f"numeric check:  {rep.numeric.status} — {rep.numeric.detail}")
    if c.exact_counterpart:
        print(
            f"exact counterpart: {c.exact_counterpart}; tolerance {c.tolerance:g} ({c.tolerance_note})"
        )
    for f in rep.findings:
        print("\nFINDING " + str(f))
    return 0


def _latex_form(expr) -> str:
    import sympy as sp

    from derive import latex

    if isinstance(expr, sp.Equality):
        return f"{latex(expr.lhs)} = {latex(expr.rhs)}"
    return latex(expr)


def _findings_latex(found) -> list[str]:
    """Each finding as LaTeX: its printed and corrected forms displayed, the evidence as escaped text."""
    from derive import text_escape

    out = []
    for f in found:
        out += [
            rf"\subsection*{{{text_escape(f.claim_id)}: {text_escape(f.equation)}}}",
            r"\noindent Printed:",
            r"\[",
            f.printed,
            r"\]",
            r"\noindent Corrected:",
            r"\[",
            f.corrected,
            r"\]",
            r"\noindent Evidence: " + text_escape(f.evidence),
            "",
        ]
        if f.regime:
            out += [r"\noindent Regime: " + text_escape(f.regime), ""]
        if f.accuracy:
            out += [r"\noindent Accuracy: " + text_escape(f.accuracy), ""]
        if f.numbers:
            nums = ", ".join(f"{text_escape(k)} $= {v:.6g}$" for k, v in f.numbers.items())
            out += [r"\noindent Numbers: " + nums + ".", ""]
    return out


def _show_latex(c, d, rep) -> str:
    """``show --latex``: a standalone document (article, amsmath, amssymb) that compiles with pdflatex."""
    from derive import latex_document, text_escape

    body = [rf"\noindent {text_escape(c.paper)}, {text_escape(c.equation)}", ""]
    if c.printed is not None:
        body += [
            r"\noindent Printed form:",
            r"\begin{equation*}",
            _latex_form(c.printed),
            r"\end{equation*}",
        ]
    if d is not None:
        body += [
            r"\noindent Derived form:",
            r"\begin{equation*}",
            d.result_latex(),
            r"\end{equation*}",
            d.to_latex(level="section"),
        ]
    body += [
        r"\section*{Checks}",
        r"\begin{itemize}",
        rf"\item symbolic: \textbf{{{text_escape(rep.symbolic.status)}}} --- "
        f"{text_escape(rep.symbolic.detail)}",
        rf"\item numeric: \textbf{{{text_escape(rep.numeric.status)}}} --- "
        f"{text_escape(rep.numeric.detail)}",
    ]
    if c.exact_counterpart:
        body.append(
            rf"\item exact counterpart: {text_escape(c.exact_counterpart)}; tolerance "
            f"{c.tolerance:g} ({text_escape(c.tolerance_note)})"
        )
    body.append(r"\end{itemize}")
    if rep.findings:
        body += [r"\section*{Findings}", *_findings_latex(rep.findings)]
    return latex_document("\n".join(body), f"{c.id}: {c.title}")


# ---------------------------------------------------------------- eval
_EVAL_SECONDS = 60.0  # default time budget of ``qderive eval``: longer runs need --max-seconds
_MAX_PARAMS_FILE = 256 * 2**20


def _params_file(path: str) -> list[str]:
    """``--params FILE.json``: a JSON object name -> number, list of numbers or string, as k=v."""
    from ._params import InputError

    def refuse(what: str) -> InputError:
        return InputError(f"--params {_abbrev(path, 60)}: {what}")

    try:
        if os.path.getsize(path) > _MAX_PARAMS_FILE:
            raise refuse(f"file larger than {_MAX_PARAMS_FILE // 2**20} MiB")
        with open(path, encoding="utf-8") as fh:
            text = fh.read()
    except (OSError, UnicodeDecodeError) as exc:
        raise refuse(f"cannot read it ({type(exc).__name__}: {_abbrev(exc, 80)})") from None

    def constant(name: str):
        raise ValueError(f"{name} is not a finite number")

    try:
        data = json.loads(text, parse_constant=constant)
    except (ValueError, RecursionError) as exc:
        raise refuse(f"not valid JSON ({_abbrev(exc, 80)})") from None
    if not isinstance(data, dict):
        raise refuse("must hold a JSON object {name: value, ...}")

    def scalar(k: str, v: object) -> str:
        if isinstance(v, bool) or v is None or isinstance(v, (dict, list)):
            raise InputError(
                f"{_abbrev(k, 40)} in --params must be a number, a list of numbers "
                f"or a string, got {_abbrev(json.dumps(v), 40)}"
            )
        if isinstance(v, float):
            return repr(v)
        if isinstance(v, int):
            return str(v) if abs(v) < 10**300 else "inf"
        return str(v)

    out = []
    for k, v in data.items():
        if not isinstance(k, str) or not k or "=" in k:
            raise refuse(f"bad parameter name {_abbrev(k, 40)!r}")
        if isinstance(v, list):
            if not v:
                raise InputError(f"{_abbrev(k, 40)} in --params: an empty list")
            out.append(f"{k}={','.join(scalar(k, x) for x in v)}")
        else:
            out.append(f"{k}={scalar(k, v)}")
    return out


def _nonfinite(value: Any, label: str = "") -> list[str]:
    """Names of the outputs (``value``, ``xi2[3]``, ...) that hold NaN or inf."""
    if isinstance(value, dict):
        return [
            n for k, v in value.items() for n in _nonfinite(v, f"{label}.{k}" if label else str(k))
        ]
    if isinstance(value, str) or value is None:
        return []
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        return []
    bad = np.flatnonzero(~np.isfinite(arr.ravel()))
    if not bad.size:
        return []
    name = label or "value"
    if arr.ndim == 0:
        return [name]
    idx = ", ".join(str(i) for i in bad[:5]) + (", ..." if bad.size > 5 else "")
    return [f"{name}[{idx}] ({bad.size} of {arr.size})"]


class _Progress:
    """Elapsed time against the estimate, on stderr (tqdm when a terminal), while a solver runs."""

    def __init__(self, name: str, seen: list) -> None:
        import threading

        self.name, self.seen = name, seen
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _estimate(self):
        timed = [e for e in list(self.seen) if e.seconds is not None]
        return max(timed, key=lambda e: e.seconds) if timed else None

    def _run(self) -> None:
        import time

        start = time.monotonic()
        if self.done.wait(2.0):
            return
        est = self._estimate()
        if not sys.stderr.isatty():
            if est is not None and est.seconds > 30:
                print(
                    f"qderive: note: {self.name} needs ~{est.seconds:.0f} s ({est.dominant}); "
                    "Ctrl-C stops",
                    file=sys.stderr,
                )
            return
        from tqdm import tqdm

        total = max(est.seconds, 1.0) if est is not None else None
        with tqdm(
            total=total,
            desc=f"{self.name} (estimate {total or 0:.0f} s)",
            unit="s",
            file=sys.stderr,
            leave=False,
            bar_format="{desc}: {bar} {n:.0f}/{total:.0f} s",
        ) as bar:
            while not self.done.wait(0.5):
                el = time.monotonic() - start
                if total is not None and el > bar.total:
                    bar.total = el * 1.2
                bar.n = el
                bar.refresh()

    def __enter__(self) -> _Progress:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.done.set()
        self.thread.join(timeout=1.0)


def _eval_seconds(flag: float | None) -> float:
    """The time budget of ``eval``: ``--max-seconds``, else ``$QDERIVE_MAX_SECONDS``, else 60 s.

    Both accept ``inf`` (no budget); the variable is read here so that ``inf`` means the same in
    both places.
    """
    if flag is not None:
        return flag
    text = os.environ.get("QDERIVE_MAX_SECONDS", "").strip()
    return _seconds_arg(text) if text else _EVAL_SECONDS


def _print_list(specs, as_json: bool) -> int:
    """``eval --list``: every quantity, each parameter with its range, meaning, unit and aliases."""
    if as_json:
        print(json.dumps([q.listing() for q in specs], indent=1))
        return 0
    for q in specs:
        print(f"{q.name:20s} [{q.kind}] {q.doc}")
        for p in q.params:
            d = p.listing()
            also = f"; also accepted as {', '.join(d['aliases'])}" if d["aliases"] else ""
            print(f"    {p.describe()} -- {d['meaning']} [{d['unit']}]{also}")
    return 0


def _eval_inputs(args: argparse.Namespace, q) -> tuple[dict[str, Any], list[str]]:
    """The validated parameters and the alias notices (InputError on bad input)."""
    from ._params import parse_params

    pairs = (_params_file(args.params_file) if args.params_file else []) + list(args.params)
    notes: list[str] = []
    return parse_params(q, pairs, notes), notes


def _form_value(form, params: dict[str, Any]):
    """The compiled form's value at ``params`` with the warnings it raised; None: use the function."""
    import warnings

    if any(not (isinstance(params.get(n), (int, float)) and params[n] > 0) for n in form.positive):
        return None
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        value = form(params)
    if _nonfinite(_jsonable(value)):
        return None  # the quantity's own function says why (its error or its warning)
    return value, caught


def _eval_fast(args: argparse.Namespace) -> int | None:
    """``eval`` from the on-disk index without loading the registry; None when it cannot answer."""
    from ._evalindex import index_key, read_index
    from ._evalrun import Form
    from ._params import InputError

    key = index_key(args.claims_files)
    index = read_index(key)
    if index is None:
        return None
    if args.list or not args.quantity:
        return _print_list(index.values(), args.json)
    q = index.get(args.quantity)
    if q is None:
        return None
    form = Form.read(key, q.name) if q.kind == "closed form" else None
    if form is None:
        return _eval_function(args, q)
    try:
        params, notes = _eval_inputs(args, q)
    except InputError as exc:
        return _fail(str(exc))
    got = _form_value(form, params)
    if got is None:
        return None
    value, caught = got
    _replay(caught)
    return _report(args, q.name, q.kind, params, value, caught, form.regime(params), notes)


def _call(args: argparse.Namespace, name: str, func, params: dict[str, Any]):
    """Run the quantity's function under the time and memory budget: (value, warnings) or a status."""
    import warnings

    from numeric import ParameterError
    from numeric._resources import budget

    try:
        seconds = _eval_seconds(args.max_seconds)
    except argparse.ArgumentTypeError as exc:
        return _fail(f"QDERIVE_MAX_SECONDS must be {exc}")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            with budget(args.max_memory, seconds) as seen, _Progress(name, seen):
                value = func(**params)
        except ParameterError as exc:
            return _fail(str(exc))
        finally:
            _replay(caught)
    return value, caught


def _eval_function(args: argparse.Namespace, q) -> int | None:
    """An exact quantity from its own module alone (not the whole registry); None: cannot."""
    import importlib

    from ._params import InputError

    if q.func is None or q.claim:
        return None
    mod, qual = q.func.split(":", 1)
    try:
        params, notes = _eval_inputs(args, q)
    except InputError as exc:
        return _fail(str(exc))
    try:
        func = importlib.import_module(mod)
        for part in qual.split("."):
            func = getattr(func, part)
    except (ImportError, AttributeError):
        return None  # moved since the index was written: the registry route finds it
    got = _call(args, q.name, func, params)
    if isinstance(got, int):
        return got
    value, caught = got
    return _report(args, q.name, q.kind, params, value, caught, (True, []), notes)


def _cmd_eval(args: argparse.Namespace) -> int:
    if not os.environ.get("QDERIVE_NO_EVAL_INDEX"):
        status = _eval_fast(args)
        if status is not None:
            return status
    _load_claims(args.claims_files)
    from . import quantity
    from ._evalrun import refresh_index
    from ._params import InputError

    specs, form = refresh_index(args.claims_files, None if args.list else args.quantity)
    if args.list or not args.quantity:
        return _print_list(specs, args.json)
    try:
        q = quantity(args.quantity)
    except KeyError as exc:
        return _fail(str(exc.args[0]))
    try:
        params, alias_notes = _eval_inputs(args, q)
    except InputError as exc:
        return _fail(str(exc))
    got = _form_value(form, params) if form is not None else None
    if got is not None:
        value, caught = got
        _replay(caught)
    else:
        got = _call(args, q.name, q.func, params)
        if isinstance(got, int):
            return got
        value, caught = got
    if form is not None:
        regime = form.regime(params)
    else:
        from ._registry import regime_violations

        regime = regime_violations(q.name, params)
    return _report(args, q.name, q.kind, params, value, caught, regime, alias_notes)


def _report(args, name, kind, params, value, caught, regime, alias_notes) -> int:
    """Print the value (or its JSON) and the warnings; the exit status."""
    for note in alias_notes:
        print(f"qderive: note: {note}", file=sys.stderr)
    # outside the claim's regime: one warning per violated inequality, also carried in --json
    inside, notes = regime
    notes = list(notes)
    for note in notes:
        print(f"qderive: warning: {_one_line(note, 2 * _MAX_MESSAGE)}", file=sys.stderr)
    notes += [
        _one_line(w.message, 2 * _MAX_MESSAGE)
        for w in caught
        if not issubclass(w.category, RuntimeWarning)
    ]
    notes += list(alias_notes)
    value = _jsonable(value)
    if args.json:
        out = {
            "quantity": name,
            "params": _jsonable(params),
            "value": value,
            "kind": kind,
            "in_regime": inside,
            "warnings": notes,
        }
        print(json.dumps(out))
    elif isinstance(value, dict):
        for k, v in value.items():
            print(f"{k} = {v!r}")
    elif isinstance(value, list):
        print(" ".join(repr(float(v)) if not isinstance(v, list) else str(v) for v in value))
    else:
        print(repr(value))
    bad = _nonfinite(value)
    # a numpy RuntimeWarning ("overflow encountered in exp") says where, not why: only an
    # explicit warning of the quantity itself explains a non-finite result
    explained = any(not issubclass(w.category, RuntimeWarning) for w in caught)
    if bad and not explained:
        print(
            f"qderive: warning: {name} gave non-finite output: {_abbrev('; '.join(bad), 120)} "
            "(not a result: the inputs leave the range where it is computed)",
            file=sys.stderr,
        )
        return 1
    return 0


def _replay(caught: list) -> None:
    """Show the warnings recorded during a computation, once each, as one line each."""
    shown = set()
    for w in caught:
        key = (w.category, str(w.message))
        if key not in shown:
            shown.add(key)
            _show_warning(w.message, w.category, w.filename, w.lineno)


# ---------------------------------------------------------------- verify / findings
def _cmd_verify(args: argparse.Namespace) -> int:
    from . import all_claims, claim

    try:
        selected = [claim(i) for i in args.claims] if args.claims else list(all_claims(args.paper))
    except KeyError as exc:
        return _fail(str(exc.args[0]))
    # named claims run their complete checks; --no-cache recomputes and stores the fresh result
    args.full_checks = args.full or bool(args.claims)
    reps = _check_all(selected, args, desc="verify", use_cache=not args.no_cache)
    if args.json:
        print(json.dumps([r.as_json() for r in reps], default=float, indent=1))
    else:
        for r in reps:
            mark = "ok  " if r.ok else "FAIL"
            print(
                f"{mark} {r.claim_id:24s} symbolic {r.symbolic.status:8s} numeric {r.numeric.status:8s}"
                f" ({r.elapsed:.1f} s)"
            )
            if not r.ok or args.verbose:
                print(f"     symbolic: {r.symbolic.detail}\n     numeric:  {r.numeric.detail}")
    from ._registry import load_errors

    errors = load_errors()
    for mod, err in errors.items():
        print(f"FAIL claim module {mod} did not import: {err}", file=sys.stderr)
    if not args.json:
        nf = sum(not r.ok for r in reps) + len(errors)
        print(f"{len(reps) + len(errors) - nf} passed, {nf} failed")
    return 0 if all(r.ok for r in reps) and not errors else 1


def _cmd_findings(args: argparse.Namespace) -> int:
    from . import all_claims

    selected = list(all_claims(args.paper))
    _first_run_note(selected, args.full, "findings come from the checks of the claims")
    found = [f for r in _check_all(selected, args, desc="findings") for f in r.findings]
    if args.json:
        print(json.dumps([f.as_json() for f in found], indent=1, default=float))
    elif args.latex:
        from derive import latex_document

        body = _findings_latex(found) or [r"No disagreement found."]
        print(
            latex_document("\n".join(body), f"qderive: {len(found)} finding(s) against the papers"),
            end="",
        )
    else:
        for f in found:
            print(str(f) + "\n")
        print(f"{len(found)} finding(s)")
    return 0


def _cmd_report(args: argparse.Namespace) -> int:
    from ._report import write_report

    path = write_report(args.out, full=args.full, quick=args.quick, workers=args.jobs)
    print(f"report written to {path}")
    return 0


def _cmd_cache(args: argparse.Namespace) -> int:
    from ._run import cache_clear, cache_info, cache_prune

    if args.cache_command == "info":
        info = cache_info()
        print(json.dumps(info.as_json(), indent=1) if args.json else info)
    elif args.cache_command == "prune":
        n, size = cache_prune()
        print(f"pruned {n} entries of other code versions or changed sources ({size} bytes)")
    else:
        n, size = cache_clear()
        print(f"cleared {n} entries ({size} bytes)")
    return 0


# ---------------------------------------------------------------- parser
def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return f"qderive {version('qderive')}"
    except PackageNotFoundError:  # a source checkout that is not installed
        return "qderive (not installed)"


class _Parser(argparse.ArgumentParser):
    """argparse with its usage errors cut to one line that echoes at most ~100 characters of input."""

    def error(self, message: str):  # noqa: D401 - argparse's hook
        self.print_usage(sys.stderr)
        self.exit(_USAGE_ERROR, f"{self.prog}: error: {_one_line(message)}\n")


def _memory_arg(text: str) -> float:
    from numeric._resources import parse_bytes

    try:
        return parse_bytes(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _seconds_arg(text: str) -> float:
    try:
        x = float(text)
    except ValueError:
        x = -1.0
    if not x > 0:  # inf is allowed: no budget
        raise argparse.ArgumentTypeError(
            f"a number of seconds > 0 (or inf), got {_abbrev(text, 40)!r}"
        )
    return x


def _jobs_arg(text: str) -> int:
    try:
        n = int(text)
    except ValueError:
        n = 0
    if n < 1:
        raise argparse.ArgumentTypeError(f"a number of processes >= 1, got {_abbrev(text, 40)!r}")
    return n


def build_parser() -> argparse.ArgumentParser:
    ap = _Parser(
        prog="qderive",
        description=(
            "Derive the closed forms of cavity-QED metrology papers, compare them with the printed "
            "forms, and check them against exact solvers."
        ),
        epilog="A user's claims: --claims FILE.py|MODULE (repeatable), $QDERIVE_CLAIMS "
        "(os.pathsep-separated), or the 'qderive.claims' entry-point group.",
    )
    ap.add_argument(
        "--version", action="version", version=_version(), help="print the version and exit"
    )
    ap.add_argument(
        "--claims",
        dest="claims_files",
        action="append",
        default=[],
        metavar="PATH|MODULE",
        help="load claims (and their quantities, figures, sweeps, bench problems) from a "
        "Python file or an importable module; repeatable",
    )
    ap.add_argument(
        "--debug", action="store_true", help="show the full traceback of an unexpected error"
    )
    sub = ap.add_subparsers(dest="command", required=True, parser_class=_Parser)
    paper_help = "only the claims of this paper key (e.g. the prefix of their ids)"

    p = sub.add_parser("claims", help="every claim with its symbolic and numeric status")
    p.add_argument("ids", nargs="*", help="only these claim ids")
    p.add_argument("--json", action="store_true", help="print the rows as JSON")
    p.add_argument("--paper", help=paper_help)
    p.add_argument("--full", action="store_true", help="include slow numeric checks")
    p.add_argument(
        "-j",
        "--jobs",
        type=_jobs_arg,
        default=None,
        metavar="N",
        help="processes checking claims in parallel (default: the cores available; 1: in this "
        "process)",
    )
    p.set_defaults(func=_cmd_claims)

    p = sub.add_parser("show", help="printed vs derived form, derivation steps, regime, findings")
    p.add_argument("claim", help="the claim id")
    p.add_argument(
        "--latex",
        action="store_true",
        help="print a standalone LaTeX document (compiles with pdflatex): forms, steps, checks",
    )
    p.add_argument("--full", action="store_true", help="include a slow numeric check")
    p.set_defaults(func=_cmd_show)

    p = sub.add_parser("eval", help="evaluate a closed form or exact quantity: eval NAME k=v ...")
    p.add_argument("quantity", nargs="?", help="the quantity's name (see --list)")
    p.add_argument(
        "params",
        nargs="*",
        help="name=value; a time takes a comma-separated list or lo:hi:n[:log]; an old "
        "parameter name (alias) is accepted with a note",
    )
    p.add_argument(
        "--json",
        action="store_true",
        help="print {quantity, params, value, kind, in_regime, warnings} as JSON; with --list, "
        "every quantity {name, kind, description, params: [{name, meaning, unit, allowed, "
        "default, aliases}]}",
    )
    p.add_argument(
        "--list",
        action="store_true",
        help="name every quantity with its parameters: range, meaning, unit, aliases",
    )
    p.add_argument(
        "--params",
        dest="params_file",
        metavar="FILE.json",
        help="read parameters from a JSON object {name: number | [numbers] | string}; "
        "validated like k=v, never evaluated",
    )
    p.add_argument(
        "--max-memory",
        type=_memory_arg,
        metavar="BYTES|10G",
        help="refuse a solver whose memory estimate is above this (default: the memory "
        "available now, or $QDERIVE_MAX_MEMORY)",
    )
    p.add_argument(
        "--max-seconds",
        type=_seconds_arg,
        metavar="S",
        help=f"refuse a solver whose time estimate is above this (default "
        f"{_EVAL_SECONDS:g} s, or $QDERIVE_MAX_SECONDS; inf lifts it)",
    )
    p.set_defaults(func=_cmd_eval)

    p = sub.add_parser("verify", help="run the checks; non-zero exit when one fails")
    p.add_argument("claims", nargs="*", help="only these claim ids (default: every claim)")
    p.add_argument("--json", action="store_true", help="print the reports as JSON")
    p.add_argument("--paper", help=paper_help)
    p.add_argument("--full", action="store_true", help="include slow numeric checks")
    p.add_argument(
        "--no-cache", action="store_true", help="recompute, and refresh the cached results"
    )
    p.add_argument(
        "-v", "--verbose", action="store_true", help="print the details of passing checks too"
    )
    p.add_argument(
        "-j",
        "--jobs",
        type=_jobs_arg,
        default=None,
        metavar="N",
        help="processes checking claims in parallel (default: the cores available; 1: in this "
        "process)",
    )
    p.set_defaults(func=_cmd_verify)

    p = sub.add_parser("findings", help="every proven disagreement with a paper")
    p.add_argument("--json", action="store_true", help="print the findings as JSON")
    p.add_argument(
        "--latex",
        action="store_true",
        help="print the findings as a standalone LaTeX document (compiles with pdflatex)",
    )
    p.add_argument("--paper", help=paper_help)
    p.add_argument("--full", action="store_true", help="include slow numeric checks")
    p.add_argument(
        "-j",
        "--jobs",
        type=_jobs_arg,
        default=None,
        metavar="N",
        help="processes checking claims in parallel (default: the cores available; 1: in this "
        "process)",
    )
    p.set_defaults(func=_cmd_findings)

    p = sub.add_parser("report", help="the full report with figures (the main job)")
    p.add_argument("--out", default="report", help="output directory (default ./report)")
    mode = p.add_mutually_exclusive_group()
    mode.add_argument(
        "--full",
        action="store_true",
        help="run the slow claims' complete point sets (the default runs their reduced sets)",
    )
    mode.add_argument(
        "--quick",
        action="store_true",
        help="skip the slow claims' numeric checks (a fast development run)",
    )
    p.add_argument(
        "-j",
        "--jobs",
        type=_jobs_arg,
        default=None,
        metavar="N",
        help="processes checking claims in parallel (default: the cores available; 1: in this "
        "process)",
    )
    p.set_defaults(func=_cmd_report)

    p = sub.add_parser(
        "cache",
        help="the check cache: info, prune, clear",
        description="Check results are cached per claim, keyed by the sources that define it, "
        "the project's sources and the dependency versions ($QDERIVE_CACHE or "
        "~/.cache/qderive).",
    )
    csub = p.add_subparsers(dest="cache_command", required=True, parser_class=_Parser)
    c = csub.add_parser(
        "info", help="location, number of entries, size on disk, code versions present"
    )
    c.add_argument("--json", action="store_true", help="print as JSON")
    csub.add_parser(
        "prune", help="delete the entries of other code versions and of changed sources"
    )
    csub.add_parser("clear", help="delete every entry")
    p.set_defaults(func=_cmd_cache)

    for name in ("verify.sweep._cli", "verify.bench._cli"):
        try:
            mod = __import__(name, fromlist=["add_parser"])
        except ImportError:
            continue
        mod.add_parser(sub)
    return ap


def _show_warning(message, category, filename, lineno, file=None, line=None) -> None:
    print(f"qderive: warning: {_one_line(message, 2 * _MAX_MESSAGE)}", file=sys.stderr)


def _silence_stdout() -> None:
    """After a broken pipe: point stdout at devnull so the interpreter's final flush cannot fail."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


def _export_claims(paths: Sequence[str]) -> None:
    """Name the user's claims files in ``$QDERIVE_CLAIMS`` (sweep and check workers load them too)."""
    if paths:
        env = [p for p in os.environ.get("QDERIVE_CLAIMS", "").split(os.pathsep) if p]
        os.environ["QDERIVE_CLAIMS"] = os.pathsep.join(
            dict.fromkeys([*env, *(os.path.abspath(p) if p.endswith(".py") else p for p in paths)])
        )


def _load_claims(paths: Sequence[str]) -> None:
    """Load the user's claims now (so that a broken file stops here); without any, claims load lazily."""
    from ._registry import _entry_points, load_user_claims, user_claim_sources

    if not (paths or user_claim_sources() or _entry_points()):
        return
    load_user_claims(paths)


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``qderive``; returns the exit status (0 ok, 1 a failure, 2 bad input, 130 interrupted)."""
    import warnings

    from ._params import InputError

    warnings.showwarning = _show_warning
    ap = build_parser()
    args = ap.parse_args(argv)
    try:
        _export_claims(args.claims_files)
        if args.func is not _cmd_eval:  # eval loads them only when its index cannot answer
            _load_claims(args.claims_files)
        status = int(args.func(args) or 0)
        sys.stdout.flush()
        return status
    except BrokenPipeError:
        _silence_stdout()
        return 0
    except KeyboardInterrupt:
        print("qderive: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:
        # the classes of modules not imported yet cannot have been raised: look them up, never import
        registry, result = sys.modules.get("verify._registry"), sys.modules.get("numeric._result")
        if registry is not None and isinstance(exc, registry.ClaimsFileError):
            return _fail(str(exc))
        if args.debug:
            raise
        if isinstance(exc, InputError) or (
            result is not None and isinstance(exc, result.ParameterError)
        ):
            return _fail(str(exc))
        return _fail(f"{type(exc).__name__}: {_one_line(exc)}", 1)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
