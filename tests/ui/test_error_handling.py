"""The GUI shows an operation's failure in one place (``run_op``) and announces what it
changed through it: these tests read the GUI's source and fail when a copied
``try/except … show_error`` or a hand-written announcement comes back. A new one is
either an operation (use ``run_op``) or is named here with the reason it is not."""

from __future__ import annotations

import ast
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

import infusiondesk.ui

UI = Path(infusiondesk.ui.__file__).parent

# Handlers that catch and then call show_error themselves: (file, function) -> why.
SHOWN_BY_HAND = {
    ("shell/app.py", "open_database"): (
        "a database that cannot be opened (StoreError/OSError, twice: on opening and on the first "
        "screens' reads) offers its backups first; the error is said only when no backup helps"
    ),
}
SHOWN_BY_HAND_COUNT = {("shell/app.py", "open_database"): 2}

# Every other place a failure (an exception, not a sentence of ours) is shown: (file, function) -> why.
SHOWN_ELSEWHERE = {
    ("operations.py", "run_op.failed"): "run_op itself: the one place an operation's failure is shown",
    ("worker.py", "run_in_background.on_failure"): "background work's default: shown under its title",
    ("errors.py", "install_excepthook.hook"): "an unexpected error in a slot: the last resort",
    ("claims/export_837.py", "ExportSession._write"): (
        "the file is written in the background with progress and Cancel, which run_op's long form lacks"
    ),
    ("printing/session.py", "PrintSession._failed"): (
        "rendering in the background: a claim with errors opens the decision dialog, Cancel says nothing"
    ),
    ("shell/housekeeping.py", "Housekeeping._backup_failed"): (
        "the timed backups stop before the message (a modal box would let the timer fire again)"
    ),
    ("shell/housekeeping.py", "Housekeeping.start"): (
        "the data folder's location warning: a sentence of ours, not a failure"
    ),
    ("shell/restore.py", "offer_restore_while_open"): (
        "damage found while open that no backup here can replace (or a read-only window): said"
    ),
}

# Every `except Exception`/`BaseException`/bare `except` in the GUI: (file, function) -> why.
BROAD = {
    ("operations.py", "run_op"): "an operation's failure, shown in plain words under its title",
    ("worker.py", "_Runner.run"): "a worker thread's failure, handed to on_failure on the GUI thread",
    ("shell/audit_log.py", "AuditLogDialog.show_chain"): (
        "the verification's outcome is the dialog's chain line: a failure is said there, in place"
    ),
    ("shell/housekeeping.py", "Housekeeping._check_integrity"): (
        "damage found by the open-time check is signalled: restore.py answers with the backups"
    ),
    ("shell/idle_lock.py", "IdleLock._keep_draft"): "the window locks even when the draft was not kept",
    ("shell/idle_lock.py", "IdleLock._audit"): "the lock works even when the audit log cannot be written",
    ("shell/app.py", "_warm_up_code_sets"): "only a warm-up: the editor loads the code set on demand",
    ("shell/app.py", "run_app"): "closing at exit is best effort: the data was committed already",
    ("shell/screens.py", "build_screens"): "stops the order screen's timers, then re-raises",
}

# Where a Changes is announced (or the signal emitted) by hand: (file, function) -> why.
ANNOUNCED_BY_HAND = {
    ("operations.py", "run_op.succeeded"): "run_op announces an operation's changes",
    ("shell/screens.py", "_wire"): (
        "the order screen has no AppSignals: its own saved signal is turned into ORDER_SAVED here"
    ),
    ("shell/sample_data.py", "remove_sample_data.removed"): (
        "after the order editor let go of the removed order (run_op announces before on_success)"
    ),
    ("shell/commands.py", "open_setup"): "once when Setup closes, for every tab's saves",
}


def _functions(tree: ast.AST, prefix: str = "") -> Iterator[tuple[str, ast.AST]]:
    """Each function (``Class.method``, ``outer.inner``) with its own body, nested
    functions and classes left to their own entry."""
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            name = f"{prefix}{node.name}"
            if not isinstance(node, ast.ClassDef):
                yield name, node
            yield from _functions(node, f"{name}.")
        else:
            yield from _functions(node, prefix)


def _own_nodes(function: ast.AST) -> Iterator[ast.AST]:
    for child in ast.iter_child_nodes(function):
        if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            continue
        yield child
        yield from _own_nodes(child)


def _name(func: ast.expr) -> str:
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""


def _called(node: ast.AST, names: set[str]) -> bool:
    return any(isinstance(call, ast.Call) and _name(call.func) in names for call in ast.walk(node))


def _broad(handler: ast.ExceptHandler) -> bool:
    caught = handler.type
    kinds = caught.elts if isinstance(caught, ast.Tuple) else [caught]
    return caught is None or any(
        isinstance(k, ast.Name) and k.id in ("Exception", "BaseException") for k in kinds
    )


def _found(matches: Callable[[ast.AST], bool]) -> Counter[tuple[str, str]]:
    """How often ``matches`` holds in each function of the GUI: (file, function) -> count."""
    found: Counter[tuple[str, str]] = Counter()
    for path in sorted(UI.rglob("*.py")):
        where = path.relative_to(UI).as_posix()
        for name, function in _functions(ast.parse(path.read_text(encoding="utf-8"))):
            for node in _own_nodes(function):
                if matches(node):
                    found[(where, name)] += 1
    return found


def test_no_copied_try_except_show_error_in_the_gui() -> None:
    found = _found(lambda node: isinstance(node, ast.ExceptHandler) and _called(node, {"show_error"}))
    expected = Counter({site: SHOWN_BY_HAND_COUNT.get(site, 1) for site in SHOWN_BY_HAND})
    assert found == expected, (
        "an except that shows its own error: run the operation through ui/operations.py's run_op "
        "(or name the site in SHOWN_BY_HAND with the reason it is not an operation)"
    )


def test_every_failure_shown_goes_through_run_op_or_is_named() -> None:
    def shows_a_failure(node: ast.AST) -> bool:
        if not (isinstance(node, ast.Call) and _name(node.func) == "show_error" and len(node.args) == 3):
            return False
        return not isinstance(node.args[2], (ast.Constant, ast.JoinedStr))  # a sentence of ours

    found = _found(shows_a_failure)
    assert set(found) == {*SHOWN_ELSEWHERE, *SHOWN_BY_HAND}, (
        "a failure shown outside run_op: run the operation through run_op (or name the site in "
        "SHOWN_ELSEWHERE with the reason)"
    )
    assert all(found[site] == 1 for site in SHOWN_ELSEWHERE), found


def test_every_broad_catch_in_the_gui_is_justified() -> None:
    found = _found(lambda node: isinstance(node, ast.ExceptHandler) and _broad(node))
    assert found == Counter(BROAD.keys()), (
        "an `except Exception` in the GUI: an operation's failure belongs to run_op; any other "
        "needs its reason in BROAD"
    )


def test_changes_are_announced_by_run_op_not_by_hand() -> None:
    def announces(node: ast.AST) -> bool:
        if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
            return False
        target = node.func.value
        emits_changed = (
            node.func.attr == "emit" and isinstance(target, ast.Attribute) and target.attr == "changed"
        )
        return node.func.attr == "announce" or emits_changed

    found = {site for site in _found(announces) if site[0] != "signals.py"}  # announce() itself
    assert found == set(ANNOUNCED_BY_HAND), (
        "a Changes announced by hand: pass it as run_op's changes= (or name the site in "
        "ANNOUNCED_BY_HAND with the reason)"
    )
