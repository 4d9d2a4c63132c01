"""The dyads command line: one command per library call.

Heavy imports (spaCy, DuckDB) live inside the commands so ``dyads --help`` is instant.
Only this module turns library errors into exit codes and one-line messages.
"""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable
from typing import Any, TypeVar

import click

from dyads.limits import DEFAULT_TIME_BUDGET, MAX_BYTES, MAX_CHARS

F = TypeVar("F", bound=Callable[..., Any])

DEFAULT_DB = "dyads.duckdb"


def _fail_cleanly(func: F) -> F:
    """Turn dyads' typed errors into one clear line and exit code 1."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from dyads.errors import DyadsError

        try:
            return func(*args, **kwargs)
        except DyadsError as exc:
            raise click.ClickException(str(exc)) from exc
        except ValueError as exc:
            raise click.ClickException(str(exc)) from exc

    return wrapper  # type: ignore[return-value]


def db_option(read_only: bool = False) -> Callable[[F], F]:
    help_ = "DuckDB database file" + (" to read." if read_only else " to store results in.")
    return click.option("--db", "db", default=DEFAULT_DB, show_default=True,
                        type=click.Path(dir_okay=False), help=help_)


def limit_options(func: F) -> F:
    """The per-document resource limits shared by the commands that analyse a batch."""
    options = [
        click.option("--max-bytes", type=click.IntRange(1), default=MAX_BYTES,
                     show_default=True, help="Reject an input file (or JSON line) larger than "
                                             "this many bytes, unread."),
        click.option("--max-chars", type=click.IntRange(1), default=MAX_CHARS,
                     show_default=True, help="Reject a document whose text is longer than "
                                             "this many characters, unparsed."),
        click.option("--time-budget", type=click.FloatRange(0), default=DEFAULT_TIME_BUDGET,
                     show_default=True, metavar="SECONDS",
                     help="Reject a document whose analysis takes longer than this "
                          "(0: no limit); the rest of the batch goes on."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def _stderr_console():
    from rich.console import Console

    return Console(stderr=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="dyads")
def main() -> None:
    """dyads: who did what to whom, when, where, and who said what — from news text."""


# ---------------------------------------------------------------- analyze ---
@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--published", help="Publication date (YYYY-MM-DD) for inputs that carry none; "
                                  "anchors relative dates.")
@db_option()
@click.option("--no-store", is_flag=True, help="Analyse only; do not write to the database.")
@click.option("--format", "fmt", type=click.Choice(["brief", "json", "jsonl"]), default="brief",
              show_default=True, help="brief: terminal briefing; json: the JSON contract "
                                      "(a list for several documents); jsonl: one per line.")
@click.option("--on-error", type=click.Choice(["skip", "raise"]), default="skip",
              show_default=True, help="skip: report a failing document and go on; raise: stop.")
@click.option("--actors", "user_actors", multiple=True,
              type=click.Path(exists=True, dir_okay=False),
              help="Extra actor dictionary (YAML or CSV); may be repeated.")
@click.option("--workers", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Worker processes for analysis (each loads the model once).")
@limit_options
@_fail_cleanly
def analyze(paths: tuple[str, ...], published: str | None, db: str, no_store: bool, fmt: str,
            on_error: str, user_actors: tuple[str, ...], workers: int, max_bytes: int,
            max_chars: int, time_budget: float) -> None:
    """Analyse articles (.txt, .html, .jsonl, directories, or - for stdin) and store the results.

    Exits 1 when any input was rejected (after analysing and storing all the others).
    """
    from dyads.ingest import read_inputs
    from dyads.runner import run_batch

    documents = read_inputs(paths, published=published, stdin=sys.stdin.buffer,
                            max_bytes=max_bytes)
    out = _Output(fmt)
    summary = run_batch(documents, db=None if no_store else db, on_error=on_error,
                        emit=out.emit, progress=len(paths) > 1 or _any_dir_or_jsonl(paths),
                        user_actors=user_actors, workers=workers, max_chars=max_chars,
                        time_budget=time_budget or None)
    out.finish(summary)


def _any_dir_or_jsonl(paths: tuple[str, ...]) -> bool:
    from pathlib import Path

    return any(p != "-" and (Path(p).is_dir() or p.endswith(".jsonl")) for p in paths)


class _Output:
    """Prints each finished Analysis as it arrives, in the chosen format."""

    def __init__(self, fmt: str) -> None:
        self.fmt = fmt
        self.collected: list[dict[str, Any]] = []
        if fmt == "brief":
            from rich.console import Console

            self.console = Console()

    def emit(self, analysis: Any) -> None:
        if self.fmt == "brief":
            from dyads.briefing import render_briefing

            self.console.print(render_briefing(analysis))
            self.console.rule()
        elif self.fmt == "jsonl":
            click.echo(json.dumps(analysis.to_dict(), ensure_ascii=False))
        else:
            self.collected.append(analysis.to_dict())

    def finish(self, summary: Any) -> None:
        """Print collected JSON, rejections and the summary line; exit 1 on any rejection."""
        if self.fmt == "json":
            single = len(self.collected) == 1 and summary.read == 1
            out: Any = self.collected[0] if single else self.collected
            click.echo(json.dumps(out, ensure_ascii=False, indent=2))
        err = _stderr_console()
        for rej in summary.rejections:
            err.print(f"[red]rejected[/red] {rej.origin}: {rej.reason}", highlight=False, soft_wrap=True)
        err.print(summary.line(), highlight=False, soft_wrap=True)
        if summary.rejections:
            sys.exit(1)


# ------------------------------------------------------------------- demo ---
@main.command()
@db_option()
@click.option("--no-store", is_flag=True, help="Analyse only; do not write to the database.")
@click.option("--format", "fmt", type=click.Choice(["brief", "json"]), default="brief",
              show_default=True)
@_fail_cleanly
def demo(db: str, no_store: bool, fmt: str) -> None:
    """Analyse the example article bundled with dyads (invented news we wrote)."""
    from dyads.examples import demo_document
    from dyads.runner import run_batch

    out = _Output(fmt)
    summary = run_batch([demo_document()], db=None if no_store else db, on_error="raise",
                        emit=out.emit, progress=False)
    out.finish(summary)


# ----------------------------------------------------------------- events ---
@main.command()
@db_option(read_only=True)
@click.option("--actor", help="Actor code or country prefix (RUS, RUSGOV) or name substring.")
@click.option("--recipient", help="Recipient, as --actor.")
@click.option("--type", "event_type", help="PLOVER event type, e.g. CONSULT.")
@click.option("--since", help="Earliest event date (YYYY-MM-DD).")
@click.option("--until", help="Latest event date (YYYY-MM-DD).")
@click.option("--quad", type=click.IntRange(1, 4), help="Quad class 1-4.")
@click.option("--text", help="Substring of the evidence sentence.")
@click.option("--limit", type=int, default=100, show_default=True)
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "jsonl", "json"]),
              default="table", show_default=True)
@_fail_cleanly
def events(db: str, actor: str | None, recipient: str | None, event_type: str | None,
           since: str | None, until: str | None, quad: int | None, text: str | None,
           limit: int, fmt: str) -> None:
    """Query stored events."""
    from dyads.store import Store

    _require_db(db)
    with Store(db, read_only=True) as store:
        rows = store.query_events(actor=actor, recipient=recipient,
                                  event_type=event_type.upper() if event_type else None,
                                  since=since, until=until, quad=quad, text=text, limit=limit)
    _print_events(rows, fmt)


def _require_db(db: str) -> None:
    from pathlib import Path

    from dyads.errors import StoreError

    if not Path(db).exists():
        raise StoreError(f"{db}: no such database; create it with `dyads analyze FILE --db {db}`")


def _print_events(rows: list[dict[str, Any]], fmt: str) -> None:
    from dyads.briefing import argument_label
    from dyads.model import argument_from_json

    if fmt == "jsonl":
        for r in rows:
            click.echo(json.dumps(r, ensure_ascii=False, default=str))
        return
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2, default=str))
        return
    flat = [{"date": r.get("date") or "", "actor": argument_label(argument_from_json(r["actor"])),
             "event_type": r["event_type"], "mode": r.get("mode") or "",
             "recipient": argument_label(argument_from_json(r.get("recipient"))),
             "quad": r.get("quad") or "", "evidence": r.get("evidence") or "",
             "doc_id": r.get("doc_id") or ""} for r in rows]
    if fmt == "csv":
        import csv

        writer = csv.DictWriter(sys.stdout, fieldnames=list(flat[0]) if flat else
                                ["date", "actor", "event_type", "mode", "recipient", "quad",
                                 "evidence", "doc_id"])
        writer.writeheader()
        writer.writerows(flat)
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"{len(rows)} event(s)")
    for col in ("date", "actor", "event_type", "recipient", "evidence"):
        table.add_column(col, overflow="fold")
    for r in flat:
        table.add_row(str(r["date"]), r["actor"], r["event_type"], r["recipient"], r["evidence"])
    Console().print(table)


# --------------------------------------------------------- single lookups ---
@main.command("code-dyad")
@click.argument("sentence")
@click.option("--source", required=True, help="The acting actor, as written in the sentence.")
@click.option("--target", required=True, help="The recipient, as written in the sentence.")
@_fail_cleanly
def code_dyad_cmd(sentence: str, source: str, target: str) -> None:
    """Print the PLOVER event type linking SOURCE to TARGET in SENTENCE, or NONE."""
    from dyads import code_dyad

    click.echo(code_dyad(sentence, source, target))


@main.command("resolve-actor")
@click.argument("text")
@click.option("--context", help="The sentence the actor appears in.")
@click.option("--date", help="Date (YYYY-MM-DD) at which roles are resolved.")
@_fail_cleanly
def resolve_actor_cmd(text: str, context: str | None, date: str | None) -> None:
    """Print the resolved actor (name, country, sector, code) as JSON."""
    from dyads import resolve_actor

    click.echo(json.dumps(resolve_actor(text, context=context, date=date).to_dict(),
                          ensure_ascii=False))


# ------------------------------------------------------------------- dask ---
@main.command("dask-run")
@click.argument("paths", nargs=-1, required=True)
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False),
              help="Folder for the partitioned Parquet output (documents/, events/, rejections/).")
@click.option("--scheduler", help="Dask scheduler address (tcp://host:8786); default: a local "
                                  "cluster of 2 worker processes on 127.0.0.1.")
@click.option("--published", help="Publication date (YYYY-MM-DD) for inputs that carry none.")
@click.option("--chunk-size", type=click.IntRange(1), default=32, show_default=True,
              help="Documents per Dask task (and per Parquet file).")
@limit_options
@_fail_cleanly
def dask_run(paths: tuple[str, ...], out_dir: str, scheduler: str | None, published: str | None,
             chunk_size: int, max_bytes: int, max_chars: int, time_budget: float) -> None:
    """Analyse articles on a Dask cluster into partitioned Parquet (see load-parquet).

    Inputs are read here; unreadable ones are reported and skipped, as in analyze.
    """
    from dyads.distributed.dask_backend import run_on_dask
    from dyads.ingest import read_inputs
    from dyads.model import Rejection

    read_rejections: list[Rejection] = []

    def documents():  # type: ignore[no-untyped-def]
        for item in read_inputs(paths, published=published, stdin=sys.stdin.buffer,
                                max_bytes=max_bytes):
            if isinstance(item, Rejection):
                read_rejections.append(item)
            else:
                yield item

    summary = run_on_dask(documents(), out_dir, scheduler=scheduler, chunk_size=chunk_size,
                          max_chars=max_chars, time_budget=time_budget)
    err = _stderr_console()
    for rej in read_rejections:
        err.print(f"[red]rejected[/red] {rej.origin}: {rej.reason}", highlight=False,
                  soft_wrap=True)
    err.print(f"{summary.line()} (+{len(read_rejections)} unreadable) -> {out_dir}",
              highlight=False, soft_wrap=True)
    if read_rejections or summary.rejected:
        sys.exit(1)


@main.command("load-parquet")
@click.argument("out_dir", type=click.Path(exists=True, file_okay=False))
@db_option()
@_fail_cleanly
def load_parquet_cmd(out_dir: str, db: str) -> None:
    """Store the results of a dask-run into a database (idempotent by content hash)."""
    from dyads.distributed.dask_backend import load_parquet

    stored, already = load_parquet(out_dir, db)
    click.echo(f"stored {stored} / already stored {already} -> {db}")


# ------------------------------------------------------------------ serve ---
@main.command()
@click.option("--db", default=DEFAULT_DB, show_default=True, type=click.Path(dir_okay=False),
              help="DuckDB database file to serve.")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to bind; any non-loopback address needs --token.")
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--token", envvar="DYADS_TOKEN",
              help="Access token (header X-Dyads-Token or cookie dyads_token).")
@click.option("--no-analyze", is_flag=True, help="Read-only: turn off the paste-to-analyse page.")
@_fail_cleanly
def serve(db: str, host: str, port: int, token: str | None, no_analyze: bool) -> None:
    """Open the web workspace (REST API and pages) on a database."""
    from dyads.server import serve as _serve

    _serve(db, host=host, port=port, token=token, allow_analyze=not no_analyze)


# the corpus commands (dyads, timeline, partners, changes, clusters, network, brief, export)
import dyads.cli_corpus  # noqa: E402,F401

if __name__ == "__main__":  # pragma: no cover
    main()
