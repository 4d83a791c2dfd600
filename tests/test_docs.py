"""The docs run: every command README.md and docs/*.md show is run, and must do what the page says.

- Every line of a ```sh block that runs ``python3 run_chat.py ...`` or ``python3 run_tests.py --lint`` /
  ``--types`` is run by bash from the repository root, with this Python in place of ``python3``, and must
  exit 0 (1 for a ``check`` whose shown output counts errors). The long-running ones are in ``SKIPPED``,
  each with its reason; any other line naming run_chat.py or run_tests.py fails until it is run or listed.
- A ```text block right after a ```sh block is the output of that block's one command: each of its lines
  must be in the real output, in order ("..." stands for text left out).
- A command that uses ``~/my-content`` runs with HOME in a temporary folder, after the page's own set-up
  lines (``mkdir -p ~/my-content && cp -r intents responses ~/my-content/``) and the edits the page made to
  that copy before it (a ```yaml block after "the copy's `intents/<file>.yaml`").
- Every ```yaml block is a clinic settings file (it must load), lines quoted from a content file (they must
  be there, in order), or such an edit; every ```python block runs.
- Every relative link points to a file (and heading) that exists; every ``--option`` shown for run_chat.py
  is in its ``--help``.
"""

from __future__ import annotations

import functools
import os
import re
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from chatbot import Responder
from chatbot.content import load_content
from chatbot.settings import CLINIC_KEYS
from conftest import ROOT

PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
BASH = shutil.which("bash")
#: Seconds any one command may take (mypy on a busy machine is the slowest).
TIMEOUT = 600

#: Commands the docs show that this test does not run: a pattern for the whole command (its comment
#: left out), and why.
SKIPPED = {
    r"python3 run_chat\.py( --lang \w+)?": "the interactive chat waits for a person at the terminal; "
    "tests/test_terminal_e2e.py types into it in tmux",
    r"python3 run_tests\.py": "the whole test suite, this file included; CI runs it (.ci/run)",
    r"python3 run_tests\.py --mutate": "mutation testing takes about a quarter of an hour on 2 cores; CI runs it",
    r"python3 run_chat\.py serve( .*)?": "the kiosk runs until it is stopped; tests/test_kiosk_server.py and "
    "tests/test_kiosk_workers.py start the real server",
    r"python3 run_chat\.py loadtest( .*)?": "seconds of full load on every core; tests/test_kiosk_load.py runs "
    "a shorter one",
    r"python3 run_chat\.py benchmark( .*)?": "timing runs that keep every core busy, with figures that depend "
    "on the machine",
    r"python3 run_chat\.py evaluate --totals tests/untouched/\S+": "the set kept aside is measured once per "
    "release, never by the test suite (tests/untouched/README.md)",
}
#: Commands this test runs: the rest of run_chat.py, and the quick code checks.
RUN = re.compile(r"(^|.*\| *)python3 run_chat\.py( .*)?|python3 run_tests\.py --(lint|types)")
#: Files a command reads that stand for the reader's own: the test writes this in their place.
STAND_INS = {"questions.txt": "botox for migraine?\nmy jaw clicks and hurts\n"}
#: Options the docs show for other programs.
FOREIGN_OPTIONS = {
    "--enable-speech-dispatcher": "Chromium's, for the offline voices",
    "--kiosk": "Chromium's",
    "--without-pip": "python3 -m venv's",
}
RUN_CHAT_COMMANDS = ("evaluate", "explain", "check", "benchmark", "serve", "loadtest")


# -- reading the pages -------------------------------------------------------


@dataclass(frozen=True)
class Block:
    """One fenced block: where it starts (1-based line of its fence), its language, its text, and the
    prose between the block before it and this one."""

    page: Path
    line: int
    lang: str
    text: str
    before: str

    def where(self) -> str:
        return f"{self.page.relative_to(ROOT)}:{self.line}"


_FENCE = re.compile(r"^(\s*)```\s*([\w-]*)\s*$")


@functools.cache
def _parsed(page: Path) -> tuple[tuple[Block, ...], str]:
    """The page's fenced blocks, and its prose after the last one."""
    found: list[Block] = []
    lines = page.read_text(encoding="utf-8").splitlines()
    prose: list[str] = []
    i = 0
    while i < len(lines):
        opened = _FENCE.match(lines[i])
        if not opened:
            prose.append(lines[i])
            i += 1
            continue
        indent, lang = len(opened.group(1)), opened.group(2)
        end = i + 1
        while end < len(lines) and not re.match(r"^\s*```\s*$", lines[end]):
            end += 1
        assert end < len(lines), f"{page.name}:{i + 1}: a fenced block that is never closed"
        body = "\n".join(line[indent:] if not line[:indent].strip() else line for line in lines[i + 1 : end])
        found.append(Block(page, i + 1, lang, body, "\n".join(prose)))
        prose = []
        i = end + 1
    return tuple(found), "\n".join(prose)


def blocks(page: Path) -> tuple[Block, ...]:
    return _parsed(page)[0]


def prose(page: Path) -> str:
    """The page without its fenced blocks."""
    return "\n".join(b.before for b in blocks(page)) + "\n" + _parsed(page)[1]


def without_comment(line: str) -> str:
    """A shell line without its ``# comment`` (a ``#`` starting a word, outside quotes)."""
    quote = ""
    for i, ch in enumerate(line):
        if quote:
            quote = "" if ch == quote else quote
        elif ch in "'\"":
            quote = ch
        elif ch == "#" and (i == 0 or line[i - 1].isspace()):
            return line[:i].rstrip()
    return line.rstrip()


@dataclass(frozen=True)
class Command:
    """One command line of a ```sh block, the block it is in, and the output the page shows for it."""

    text: str
    block: Block
    output: Block | None

    @property
    def page(self) -> Path:
        return self.block.page

    def where(self) -> str:
        return self.block.where()

    def expected_status(self) -> int:
        if self.output is not None and " check" in self.text:
            counted = re.search(r"^(\d+) errors?,", self.output.text, re.MULTILINE)
            if counted and int(counted.group(1)) > 0:
                return 1
        return 0


def _commands_of(page: Path) -> list[Command]:
    found: list[Command] = []
    page_blocks = blocks(page)
    for index, block in enumerate(page_blocks):
        if block.lang != "sh":
            continue
        following = page_blocks[index + 1] if index + 1 < len(page_blocks) else None
        output = following if following is not None and following.lang == "text" else None
        if output is not None:
            assert not output.before.strip(), f"{output.where()}: only blank lines between a command and its output"
        lines = [" ".join(without_comment(line).split()) for line in block.text.splitlines()]
        found += [Command(line, block, output) for line in lines if line]
    return found


ALL_COMMANDS = [command for page in PAGES for command in _commands_of(page)]


def skip_reason(command: Command) -> str | None:
    return next((why for pattern, why in SKIPPED.items() if re.fullmatch(pattern, command.text)), None)


def runs(command: Command) -> bool:
    return skip_reason(command) is None and bool(RUN.fullmatch(command.text))


def ours(command: Command) -> bool:
    return "run_chat.py" in command.text or "run_tests.py" in command.text


RUN_COMMANDS = [c for c in ALL_COMMANDS if runs(c)]


# -- running a command as the page does ----------------------------------------


def _copy_name(page: Path) -> str | None:
    """The one ``~/folder`` a page's set-up lines make, if any."""
    names = {m for c in _commands_of(page) if not ours(c) for m in re.findall(r"~/([\w.-]+)", c.text)}
    assert len(names) <= 1, f"{page.name} makes more than one copy of the content: {sorted(names)}"
    return next(iter(names), None)


def _edits_before(block: Block) -> list[tuple[str, Block]]:
    """The page's edits to its copy of the content (target file, yaml block) before ``block``."""
    edits = []
    for earlier in blocks(block.page):
        if earlier.line >= block.line:
            break
        if earlier.lang == "yaml" and (target := edit_target(earlier)) is not None:
            edits.append((target, earlier))
    return edits


def edit_target(block: Block) -> str | None:
    """The content file a yaml block edits: the page says "the copy's `intents/<file>.yaml`" just before it."""
    named = re.findall(r"copy's `((?:intents|responses)/[^`]+\.yaml)`", block.before)
    return named[-1] if named else None


def apply_edit(path: Path, edit: str) -> None:
    """Add the list items of ``edit`` under the keys it names ("  terms:"), at the end of each list."""
    lines = path.read_text(encoding="utf-8").splitlines()
    key: str | None = None
    added: dict[str, list[str]] = {}
    for line in edit.splitlines():
        if not line.strip() or line.strip() == "...":
            continue
        if line.lstrip().startswith("- "):
            assert key is not None, f"an item before any key in the edit: {line!r}"
            added[key].append(line)
        else:
            key = line.rstrip()
            added.setdefault(key, [])
    for key, items in added.items():
        assert key in lines, f"{path.name} has no line {key!r}"
        start = lines.index(key)
        depth = _indent(key)
        end = start + 1
        # The key's list: blank lines, deeper lines, and items at the key's own depth.
        while end < len(lines) and (
            not lines[end].strip()
            or _indent(lines[end]) > depth
            or (_indent(lines[end]) == depth and lines[end].lstrip().startswith("- "))
        ):
            end += 1
        while end > start + 1 and not lines[end - 1].strip():
            end -= 1
        lines[end:end] = items
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def bash(line: str, home: Path, stand_ins: dict[str, Path] | None = None) -> subprocess.CompletedProcess:
    """Run one line of a page from the repository root, with this Python for ``python3``."""
    line = re.sub(r"(?<![\w/.-])python3(?![\w.-])", shlex.quote(sys.executable), line)
    for name, path in (stand_ins or {}).items():
        line = re.sub(rf"(?<![\w/.-]){re.escape(name)}(?![\w/.-])", shlex.quote(str(path)), line)
    assert BASH is not None
    return subprocess.run(
        [BASH, "-c", line],
        cwd=ROOT,
        env={**os.environ, "HOME": str(home), "NO_COLOR": "1"},
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )


def prepare(command: Command, home: Path) -> None:
    """What the page did before ``command``: its set-up lines, then its edits to the copy."""
    if "~/" not in command.text:
        return
    setup = [
        c for c in _commands_of(command.page) if not ours(c) and "~/" in c.text and c.block.line <= command.block.line
    ]
    assert setup, f"{command.where()}: uses ~/ but the page never says how to make it"
    for line in setup:
        made = bash(line.text, home)
        assert made.returncode == 0, f"{line.where()}: {line.text}\n{made.stderr}"
    copy = home / (_copy_name(command.page) or "")
    for target, block in _edits_before(command.block):
        apply_edit(copy / target, block.text)


def shown_lines(output: str) -> list[str]:
    """The lines a page shows, each as a pattern: "..." stands for text left out; a line of only "..." for lines."""
    return [line.rstrip() for line in output.splitlines() if line.strip() and line.strip() != "..."]


def assert_shown(shown: list[str], real: str, where: str) -> None:
    """Each shown line is in a line of ``real``, in order."""
    real_lines = real.splitlines()
    at = 0
    for line in shown:
        pattern = re.compile(".*?".join(re.escape(part) for part in line.split("...")))
        found = next((i for i in range(at, len(real_lines)) if pattern.search(real_lines[i])), None)
        assert found is not None, f"{where}: the page shows {line!r}, not in the real output (in order):\n{real}"
        at = found + 1


# -- the tests -------------------------------------------------------------------


def test_every_command_of_ours_is_run_or_skipped_with_a_reason():
    unknown = [f"{c.where()}: {c.text}" for c in ALL_COMMANDS if ours(c) and not runs(c) and skip_reason(c) is None]
    assert not unknown, "run these, or list them in SKIPPED with a reason:\n" + "\n".join(unknown)
    unused = [p for p in SKIPPED if not any(re.fullmatch(p, c.text) for c in ALL_COMMANDS)]
    assert not unused, f"SKIPPED lists commands no page shows: {unused}"
    assert RUN_COMMANDS, "no page shows a command to run"


def test_every_output_block_follows_one_command():
    for page in PAGES:
        commands = _commands_of(page)
        for block in blocks(page):
            if block.lang != "text":
                continue
            shown_for = [c for c in commands if c.output == block]
            assert shown_for, f"{block.where()}: a ```text block is the output of the ```sh block just before it"
            assert len(shown_for) == 1, f"{block.where()}: output shown for a block of several commands"
            assert runs(shown_for[0]), f"{block.where()}: output shown for a command this test does not run"


@pytest.mark.skipif(BASH is None, reason="the docs' commands are shell lines: bash is needed")
@pytest.mark.parametrize("command", RUN_COMMANDS, ids=[f"{c.where()} {c.text}" for c in RUN_COMMANDS])
def test_command_runs_as_the_page_says(command: Command, tmp_path: Path):
    home = tmp_path / "home"
    home.mkdir()
    prepare(command, home)
    stand_ins = {}
    for name, text in STAND_INS.items():
        if re.search(rf"(?<![\w/.-]){re.escape(name)}(?![\w/.-])", command.text):
            stand_ins[name] = tmp_path / name
            stand_ins[name].write_text(text, encoding="utf-8")
    result = bash(command.text, home, stand_ins)
    real = result.stdout + "\n" + result.stderr
    expected = command.expected_status()
    assert result.returncode == expected, (
        f"{command.where()}: {command.text}\nexited {result.returncode}, the page implies {expected}\n{real}"
    )
    assert result.stdout.strip() or result.stderr.strip(), f"{command.where()}: {command.text} printed nothing"
    if command.output is not None:
        assert_shown(shown_lines(command.output.text), real, command.output.where())


YAML_BLOCKS = [b for page in PAGES for b in blocks(page) if b.lang == "yaml"]
SETTINGS_SECTIONS = {*CLINIC_KEYS, "languages"}


def _content_file_quoting(block: Block) -> Path | None:
    """A content file that holds every line of ``block``, in order."""
    wanted = [line.rstrip() for line in block.text.splitlines() if line.strip()]
    for path in sorted([*(ROOT / "intents").rglob("*.yaml"), *(ROOT / "responses").rglob("*.yaml")]):
        lines = path.read_text(encoding="utf-8").splitlines()
        at = 0
        for line in wanted:
            at = next((i + 1 for i in range(at, len(lines)) if lines[i].rstrip() == line), -1)
            if at < 0:
                break
        if at >= 0:
            return path
    return None


@pytest.mark.parametrize("block", YAML_BLOCKS, ids=[b.where() for b in YAML_BLOCKS])
def test_yaml_block_is_settings_a_quote_or_an_edit(block: Block, tmp_path: Path):
    import yaml

    try:
        doc = yaml.safe_load(block.text)
    except yaml.YAMLError:
        doc = None
    if isinstance(doc, dict) and doc and set(doc) <= SETTINGS_SECTIONS:
        config = tmp_path / "clinic.yaml"
        config.write_text(block.text, encoding="utf-8")
        Responder.load(config=config)  # raises ContentError, naming the line, if a setting is refused
        return
    if _content_file_quoting(block) is not None:
        return
    target = edit_target(block)
    assert target is not None, (
        f"{block.where()}: a yaml block must be clinic settings (it loads), lines of a content file, or an "
        "edit to the copy's `intents/<file>.yaml` named just before it"
    )
    copy = tmp_path / "content"
    for folder in ("intents", "responses"):
        shutil.copytree(ROOT / folder, copy / folder)
    apply_edit(copy / target, block.text)
    Responder.from_content(load_content(copy))  # the edited copy still loads


PYTHON_BLOCKS = [b for page in PAGES for b in blocks(page) if b.lang == "python"]


@pytest.mark.parametrize("block", PYTHON_BLOCKS, ids=[b.where() for b in PYTHON_BLOCKS])
def test_python_block_runs(block: Block):
    result = subprocess.run(
        [sys.executable, "-c", block.text], cwd=ROOT, capture_output=True, text=True, timeout=TIMEOUT, check=False
    )
    assert result.returncode == 0, f"{block.where()}:\n{result.stderr}"


# -- what a page shows of a change it only describes --------------------------------


def _page(name: str) -> Path:
    return ROOT / "docs" / name


def _copy_of_content(home: Path) -> Path:
    copy = home / "my-content"
    made = bash("mkdir -p ~/my-content && cp -r intents responses ~/my-content/", home)
    assert made.returncode == 0, made.stderr
    return copy


def _shown_line(page: Path, pattern: str) -> re.Match[str]:
    found = [m for b in blocks(page) if b.lang == "" for m in [re.search(pattern, b.text, re.MULTILINE)] if m]
    assert len(found) == 1, f"{page.name}: expected one shown line like {pattern!r}, found {len(found)}"
    return found[0]


def test_the_broken_quote_example_is_what_loading_prints(tmp_path: Path):
    """editing.md: "with one word of the TMJ quote changed in a copy", loading stops (status 2) with this line."""
    shown = _shown_line(_page("editing.md"), r"^error: (\S*?)((?:intents|responses)/\S+?):(\d+): (.+)$")
    _, file, number, message = shown.groups()
    copy = _copy_of_content(tmp_path)
    path = copy / file
    lines = path.read_text(encoding="utf-8").splitlines()
    assert "quote:" in lines[int(number) - 1], f"line {number} of {file} is no quote: {lines[int(number) - 1]!r}"
    lines[int(number) - 1] = lines[int(number) - 1].replace('quote: "', 'quote: "Truly ', 1)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = bash(f'python3 run_chat.py explain --content {shlex.quote(str(copy))} "tmj"', tmp_path)
    assert result.returncode == 2, result.stdout + result.stderr
    assert f"error: {copy}/{file}:{number}: {message}" in result.stderr.splitlines(), result.stderr


def test_the_bare_pain_example_warns_as_shown(tmp_path: Path):
    """editing.md: "had the editor added a bare `pain` to spasticity's terms instead", the worked example's
    check warns with the line shown, and exits 0 (a warning only)."""
    shown = _shown_line(_page("editing.md"), r"^tests/data/\S+:\d+: warning \[evaluation\] .*$")
    check = [c for c in RUN_COMMANDS if c.page.name == "editing.md" and " check " in c.text and "--evaluate" in c.text]
    assert len(check) == 1, "editing.md's worked example runs one check with --evaluate"
    _copy_of_content(tmp_path)
    apply_edit(tmp_path / "my-content" / "intents" / "spasticity.yaml", "  terms:\n    - pain\n")
    result = bash(check[0].text, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert_shown([shown.group(0)], result.stdout, "docs/editing.md")


def test_the_check_table_names_every_tag_check_prints():
    """editing.md's table of checks: the tags it names ("[quote]") are those ``check`` prints, all of them."""
    table = [line for line in prose(_page("editing.md")).splitlines() if line.startswith("| ")]
    named = {tag for line in table for tag in re.findall(r"`\[(\w+)\]`", line)}
    source = (ROOT / "chatbot" / "check.py").read_text(encoding="utf-8")
    printed = set(re.findall(r'Finding\(\s*[^,]+,\s*"(\w+)"', source))
    assert printed, "no Finding in chatbot/check.py: the pattern above needs updating"
    assert named == printed, f"the table names {sorted(named)}; check prints {sorted(printed)}"


# -- links and options ---------------------------------------------------------------


def _slug(heading: str) -> str:
    """GitHub's anchor for a heading."""
    text = re.sub(r"[`*_]", "", heading.strip().lower())
    return re.sub(r"[^\w\- ]", "", text).replace(" ", "-")


def _anchors(page: Path) -> set[str]:
    return {_slug(m.group(1)) for m in re.finditer(r"^#{1,6} (.+)$", prose(page), re.MULTILINE)}


def test_every_relative_link_points_to_something_that_exists():
    broken = []
    for page in PAGES:
        text = re.sub(r"`[^`]*`", "", prose(page))
        for target in re.findall(r"\]\(([^)\s]+)\)", text):
            if re.match(r"[a-z]+:", target):
                continue  # https:, mailto:
            path, _, anchor = target.partition("#")
            linked = (page.parent / path).resolve() if path else page
            if not linked.exists():
                broken.append(f"{page.relative_to(ROOT)}: {target} (no such file)")
            elif anchor and linked.suffix == ".md" and anchor not in _anchors(linked):
                broken.append(f"{page.relative_to(ROOT)}: {target} (no such heading)")
    assert not broken, "\n".join(broken)


@functools.cache
def help_of(command: str) -> str:
    args = [command, "--help"] if command else ["--help"]
    result = subprocess.run(
        [sys.executable, "run_chat.py", *args], cwd=ROOT, capture_output=True, text=True, timeout=TIMEOUT, check=False
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def _options(tokens: list[str]) -> list[str]:
    return [t.strip("[]").split("=")[0] for t in tokens if t.strip("[]").startswith("--")]


def _words(text: str) -> list[str]:
    text = re.split(r"[|<>]|&&", text)[0]
    try:
        return shlex.split(text)
    except ValueError:
        return text.split()


def _shown_for_run_chat() -> list[tuple[str, str, str]]:
    """(where, command, option) for every option the pages show: on a run_chat.py command line or code span,
    on a code span naming a run_chat.py command ("serve --workers 2"), or alone ("--history FILE", command "*")."""
    shown = []
    spans = [(page, " ".join(m.split())) for page in PAGES for m in re.findall(r"`([^`]+)`", prose(page))]
    lines = [(c.page, c.text) for c in ALL_COMMANDS]
    for page, text in [*lines, *spans]:
        where = str(page.relative_to(ROOT))
        for part in re.split(r"\|", text):
            words = _words(part)
            if "run_chat.py" in words:
                rest = words[words.index("run_chat.py") + 1 :]
                command = rest[0] if rest and rest[0] in RUN_CHAT_COMMANDS else ""
            elif words and words[0] in RUN_CHAT_COMMANDS:
                rest, command = words, words[0]
            elif words and words[0].startswith("--") and (page, text) in spans:
                rest, command = words[:1], "*"
            else:
                continue
            shown += [(where, command, option) for option in _options(rest)]
    return shown


def test_every_option_shown_is_in_the_help():
    run_tests = (ROOT / "run_tests.py").read_text(encoding="utf-8")
    everything = "\n".join(help_of(c) for c in ("", *RUN_CHAT_COMMANDS)) + "\n" + run_tests
    missing = []
    for where, command, option in _shown_for_run_chat():
        text = everything if command == "*" else help_of(command)
        if option in FOREIGN_OPTIONS or re.search(rf"(?<![\w-]){re.escape(option)}(?![\w-])", text):
            continue
        missing.append(f"{where}: {option} ({'run_chat.py ' + command if command != '*' else 'any command'})")
    for line in ALL_COMMANDS:
        if "run_tests.py" in line.text:
            missing += [f"{line.where()}: run_tests.py {o}" for o in _options(_words(line.text)) if o not in run_tests]
    assert not missing, "options the docs show that --help does not:\n" + "\n".join(missing)
