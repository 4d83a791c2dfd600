"""Command line: ``main(argv)`` builds the responder, calls it, and turns errors into exit codes.

    botox-chat                       chat (an interactive prompt on a terminal, plain lines otherwise)
    botox-chat --jsonl               batch: one question per line in, one JSON object per line out
    botox-chat evaluate FILE.yaml    routing accuracy on labelled questions or conversations
    botox-chat explain "question"    how one message is read and which rule decides its reply
    botox-chat check                 what an editor runs before publishing changed content
    botox-chat benchmark             speed figures against their budgets (--server: the kiosk's throughput)
    botox-chat serve                 the clinic kiosk web service
    botox-chat loadtest              a bounded load run against the kiosk on loopback

Nothing heavy is imported until a command needs it: batch mode never loads
prompt-toolkit, so its first answer comes quickly.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import sys
from collections.abc import Iterator, Sequence
from typing import BinaryIO, TextIO

from . import __version__
from .errors import ChatbotError
from .responder import Responder

#: A batch line longer than this (in bytes) is answered from its start and flagged as truncated.
MAX_LINE_BYTES = 64 * 1024


def _prog() -> str:
    """How the program was started, for its usage lines: "run_chat.py" from a checkout, else "botox-chat"."""
    started = os.path.basename(sys.argv[0]) if sys.argv and sys.argv[0] else ""
    return started if started.endswith(".py") else "botox-chat"


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--content", metavar="DIR", help="content directory with intents/ and responses/ (default: the shipped content)"
    )
    parser.add_argument("--config", metavar="FILE", help="clinic settings YAML overriding responses/clinic.yaml")


def _chat_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=_prog(),
        description="Patient information about the medical uses of Botox, from one cited article.",
        epilog="Other commands: 'evaluate FILE.yaml' (routing accuracy), 'explain \"question\"' (how it is read), "
        "'check' (content, before publishing), 'benchmark' (speed figures), 'serve' (clinic kiosk), "
        "'loadtest' (a bounded load run against the kiosk). Use '<command> --help' for their options.",
    )
    _common(parser)
    parser.add_argument(
        "--jsonl",
        action="store_true",
        help="batch mode: read one question per line on stdin, write one JSON reply per line",
    )
    parser.add_argument(
        "--history", metavar="FILE", help="keep input history in FILE (by default nothing is written to disk)"
    )
    parser.add_argument(
        "--lang",
        metavar="CODE",
        default="",
        help="the chat's language, such as es for Spanish (default: English): its welcome and own words, and "
        "replies to messages that could be in either; each message is answered in the language it is in",
    )
    parser.add_argument("--no-color", action="store_true", help="plain output without colours")
    parser.add_argument("--version", action="version", version=f"botox-chat {__version__}")
    return parser


def _evaluate_parser() -> argparse.ArgumentParser:
    from .evaluate import __doc__ as formats

    parser = argparse.ArgumentParser(
        prog=f"{_prog()} evaluate",
        description="Print routing accuracy per group and every miss.",
        epilog=formats,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _common(parser)
    parser.add_argument("file", help="labelled questions or conversations (YAML, as in tests/data/), or CLINC150 JSON")
    parser.add_argument(
        "--totals",
        action="store_true",
        help="print only the overall figures, no groups and no misses (for the set kept aside: tests/untouched/)",
    )
    return parser


def _explain_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=f"{_prog()} explain",
        description="Show how messages are read: corrections, the kind of question, topics and scores, "
        "and the rule that decided.",
    )
    _common(parser)
    parser.add_argument(
        "messages", nargs="+", metavar="MESSAGE", help="one or more messages, read in turn as one conversation"
    )
    return parser


def _check_parser() -> argparse.ArgumentParser:
    from .check import __doc__ as checks

    parser = argparse.ArgumentParser(
        prog=f"{_prog()} check",
        description="Check content before publishing it; every problem with its file, line and how to fix it. "
        "Exit status 1 when there are errors, 0 with warnings or notes only.",
        epilog=checks,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _common(parser)
    parser.add_argument(
        "--evaluate",
        "-e",
        action="append",
        default=[],
        metavar="FILE",
        help="a labelled question or conversation file to measure (repeatable), as in tests/data/",
    )
    parser.add_argument(
        "--baseline", metavar="DIR", help="content to compare the evaluations with (default: the shipped content)"
    )
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    return parser


def _benchmark_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=f"{_prog()} benchmark", description="Print respond() cost and batch start-up time against their budgets."
    )
    _common(parser)
    parser.add_argument(
        "--server",
        action="store_true",
        help="instead: the kiosk's requests per second against a bare Starlette JSON endpoint, side by side",
    )
    return parser


def _loadtest_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=f"{_prog()} loadtest", description="A bounded load run on loopback that checks every answer."
    )
    _common(parser)
    parser.add_argument("--url", help="a running kiosk on this machine (default: start one on a free port)")
    parser.add_argument("--clients", type=int, default=32, help="concurrent clients (default: 32)")
    parser.add_argument("--seconds", type=float, default=10.0, help="how long to run (default: 10, at most 120)")
    parser.add_argument(
        "--workers", type=int, default=1, metavar="N", help="worker processes for the server it starts (default: 1)"
    )
    return parser


def _serve_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=f"{_prog()} serve", description="Run the clinic kiosk web service.")
    _common(parser)
    parser.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1, this machine only)"
    )
    parser.add_argument("--port", type=int, default=8000, help="port to listen on (default: 8000)")
    parser.add_argument(
        "--workers",
        type=int,
        default=1,
        metavar="N",
        help="server processes sharing the port and the session secret (default: 1; about one per core)",
    )
    return parser


class _ReaderGone(Exception):
    """Raised when whoever reads the output has stopped (a closed pipe): the run ends quietly."""


class _CannotWrite(Exception):
    """Raised when the output cannot be written (a full disk): the run ends with one clear line."""


def _emit(stdout: TextIO, text: str) -> None:
    """Write and flush, turning a closed pipe or a failing device into a clean end of the run."""
    try:
        stdout.write(text)
        stdout.flush()
    except BrokenPipeError:
        raise _ReaderGone() from None
    except OSError as exc:
        raise _CannotWrite(exc.strerror or str(exc)) from None


def _let_go_of_stdout() -> None:
    """Point standard output at /dev/null, so the interpreter's last flush cannot fail again on exit."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, AttributeError, ValueError):
        pass


def main(argv: Sequence[str] | None = None, stdin: TextIO | None = None, stdout: TextIO | None = None) -> int:
    """Run one command and return its exit code; never raises for bad input, content or closed streams."""
    try:
        return _main(argv, stdin, stdout)
    except _ReaderGone:
        _let_go_of_stdout()
        return 0  # the reader has all it wanted ("| head -1"), as with any Unix tool
    except _CannotWrite as exc:
        _let_go_of_stdout()
        print(f"error: could not write the output: {exc}", file=sys.stderr)
        return 1


def _main(argv: Sequence[str] | None, stdin: TextIO | None, stdout: TextIO | None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    stdin = stdin or sys.stdin or io.StringIO()  # "<&-": no input is an empty input
    stdout = stdout or sys.stdout
    if stdout is None:  # ">&-": there is nowhere to answer
        print("error: standard output is closed: there is nowhere to write the answers", file=sys.stderr)
        return 1
    parsers = {
        "evaluate": _evaluate_parser,
        "explain": _explain_parser,
        "serve": _serve_parser,
        "benchmark": _benchmark_parser,
        "loadtest": _loadtest_parser,
        "check": _check_parser,
    }
    command = argv[0] if argv and argv[0] in (*parsers, "chat") else "chat"
    if argv and argv[0] == command:
        argv = argv[1:]
    parser = parsers.get(command, _chat_parser)()
    args = parser.parse_args(argv)
    if command == "check":
        from .check import render, render_json
        from .check import run as run_check

        report = run_check(args.content, args.config, args.evaluate, args.baseline)
        _emit(stdout, render_json(report) if args.json else render(report))
        return 0 if report.ok else 1
    try:
        responder = Responder.load(args.content, args.config)
        if command == "evaluate":
            return _evaluate(responder, args.file, stdout, totals_only=args.totals)
        if command == "explain":
            from .explain import explain
            from .models import Session

            session = Session()
            _emit(stdout, "\n\n".join(explain(responder, text, session) for text in args.messages) + "\n")
            return 0
        if command == "benchmark":
            if args.server:
                from .kiosk.throughput import run as run_throughput

                return run_throughput(stdout, content=args.content, config=args.config)
            from .benchmark import run as run_benchmark

            return run_benchmark(responder, stdout)
        if command == "loadtest":
            from .kiosk.loadtest import run as load

            return load(
                responder, stdout, args.url, args.clients, args.seconds, args.workers, args.content, args.config
            )
        if command == "serve":
            from .kiosk.server import serve

            return serve(
                responder,
                host=args.host,
                port=args.port,
                workers=max(1, args.workers),
                content=args.content,
                config=args.config,
            )
        if args.lang and args.lang not in responder.content.texts:
            known = ", ".join(responder.content.texts)
            print(f"error: --lang {args.lang}: the content has no such language (it has: {known})", file=sys.stderr)
            return 2
        if args.jsonl:
            return run_jsonl(responder, getattr(stdin, "buffer", stdin), stdout, args.lang)
        if stdin.isatty() and stdout.isatty():
            from .terminal import run_terminal

            return run_terminal(responder, history=args.history, color=not args.no_color, language=args.lang)
        return run_lines(responder, stdin, stdout, args.lang)
    except ChatbotError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


def _evaluate(responder: Responder, path: str, stdout: TextIO, *, totals_only: bool = False) -> int:
    from .evaluate import evaluate, load_cases, report, require_known_topics

    cases = load_cases(path)
    require_known_topics(cases, responder.content.topic_ids, path)  # a ContentError: exit 2 with file and line
    _emit(stdout, report(evaluate(responder, cases), totals_only=totals_only) + "\n")
    return 0


def run_jsonl(responder: Responder, stdin: BinaryIO | TextIO, stdout: TextIO, language: str = "") -> int:
    """Answer each input line in a fresh session, one JSON object per line, flushed as it goes."""
    from .models import Session

    for number, raw in enumerate(_lines(stdin), start=1):
        truncated = len(raw) > MAX_LINE_BYTES
        data = raw[:MAX_LINE_BYTES]
        invalid = False
        if isinstance(data, bytes):
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError:  # (a real U+FFFD in the line says nothing either way)
                text, invalid = data.decode("utf-8", errors="replace"), True
        else:
            text = data
        text = text.rstrip("\r\n")
        try:
            record = {"line": number, "question": text, **responder.respond(text, Session(language=language)).to_dict()}
        # respond() is built never to raise; should a bug make it, that one line says so and the
        # answers to the lines after it are not lost.
        except Exception as exc:  # noqa: BLE001
            record = {"line": number, "error": f"could not answer this line: {type(exc).__name__}"}
        if invalid:
            record["warning"] = "the line was not valid UTF-8; undecodable bytes were replaced"
        if truncated:
            record["warning"] = f"the line was longer than {MAX_LINE_BYTES} bytes; only its start was read"
        _emit(stdout, json.dumps(record, ensure_ascii=False) + "\n")
    return 0


def _lines(stream: BinaryIO | TextIO) -> Iterator[bytes | str]:
    """Lines of a stream, each cut to MAX_LINE_BYTES + 1 so a huge line cannot exhaust memory."""
    while True:
        line = stream.readline(MAX_LINE_BYTES + 1)
        if not line:
            return
        if not _ends_line(line) and len(line) > MAX_LINE_BYTES:
            rest = line
            while rest and not _ends_line(rest):  # skip the remainder of an overlong line
                rest = stream.readline(MAX_LINE_BYTES)
        yield line


def _ends_line(line: bytes | str) -> bool:
    return line.endswith(b"\n") if isinstance(line, bytes) else line.endswith("\n")


def run_lines(responder: Responder, stdin: TextIO, stdout: TextIO, language: str = "") -> int:
    """Plain-text chat for pipes and scripts: one conversation, one answer per input line."""
    from .models import Session

    session = Session(language=language)
    for raw in stdin:
        line = raw.rstrip("\r\n")
        if not line.strip():
            continue
        _emit(stdout, responder.respond(line, session).text + "\n\n")
    return 0
