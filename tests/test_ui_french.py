"""Every page, as each role sees it on the demo project, says nothing in English and no
internal word: every text the page sends to the browser (titles, captions, messages, widget
labels, options, placeholders, help, table headers and cells) is checked.

What Streamlit writes itself in the browser without letting the page choose (checked here
where the page can: a multiselect's placeholder, and an empty select box's, are always set,
since Streamlit's defaults are "Choose options" and "No options to select"):
- a multiselect's "No results" when a search matches nothing, and a select box's;
- the file uploader's "Drag and drop files here", "Limit 200MB per file" and "Browse files"
  (st.file_uploader has no parameter for them);
- a help icon's accessible name "Help for <label>", the password field's "visibility" icon,
  the data frame's toolbar tooltips ("Download as CSV", "Search", "Fullscreen").
"""

from __future__ import annotations

import ast
import math
import re
from pathlib import Path

import pytest
from google.protobuf.message import Message

from tupsalco.demo import DEMO_ACCOUNTS
from tupsalco.records import AccountRole, Viewer
from tupsalco.store import commands

from .conftest import ROOT, copy_project

ENGLISH = ["Choose options", "Choose an option", "Select all", "empty", "coding", "codings",
           "add_memo", "add_codings", "author", "committee", "ADDRESS",
           "PER", "LOC", "ORG", "item", "trimmed", "No results", "Browse files",
           "Drag and drop", "None", "nan", "NaN", "True", "False", "document_id", "quote"]
WORDS = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, ENGLISH)) + r")(?![\w-])")
# internal words: the kinds of change (add_memo, add_codings...) and the records' fields
KINDS = {c.kind for c in vars(commands).values()
         if isinstance(c, type) and c is not commands.Command
         and isinstance(getattr(c, "kind", None), str) and c.kind}
FIELDS = {"age_band", "turn_index", "coding_id", "document_id", "target_kind", "code_id"}
INTERNAL = re.compile(r"(?<![\w-])(" + "|".join(sorted(map(re.escape, KINDS | FIELDS)))
                      + r")(?![\w-])")
SKIPPED = {"id", "form_id", "key", "type", "data", "arrow_data", "spec", "css_class",
           "url", "component_name", "icon", "page_script_hash", "query_string",
           "file_name", "default", "width_config", "name", "format", "json_args"}
# the user names of the demo's accounts are shown as such (« Connecté·e : comite »)
ALLOWED = {"admin"}

PAGES = {  # app.py's pages for each role
    AccountRole.ADMIN: ["documents", "reader", "code", "codebook", "agreement", "explore",
                        "basket", "committee", "pseudonymisation", "accounts"],
    AccountRole.CODER: ["documents", "reader", "code", "codebook", "agreement", "explore",
                        "basket", "pseudonymisation"],
    AccountRole.AUTHOR: ["reader", "explore", "basket"],
    AccountRole.COMMITTEE: ["committee"],
}
USERS = {AccountRole(role): name for name, (role, _) in DEMO_ACCOUNTS.items()}


def _strings(message: Message) -> list[str]:
    out = []
    for field, value in message.ListFields():
        if field.name in SKIPPED:
            continue
        values = value if getattr(field, "is_repeated", False) or isinstance(value, (list, tuple)) \
            or type(value).__name__.startswith("Repeated") else [value]
        for v in values:
            if isinstance(v, Message):
                out += _strings(v)
            elif isinstance(v, str):
                out.append(v)
    return out


def _texts(at) -> list[str]:  # noqa: ANN001
    """Every string of the page's elements, with the cells of its tables."""
    found = []

    def walk(node) -> None:  # noqa: ANN001
        proto = getattr(node, "proto", None)
        if isinstance(proto, Message):
            found.extend(_strings(proto))
            kind = type(proto).__name__
            if (kind == "MultiSelect" or kind == "Selectbox" and not proto.options) \
                    and not proto.placeholder:
                found.append(f"{kind} '{proto.label}' without placeholder: Choose options")
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at._tree)
    for frame in (*at.dataframe, *at.table):
        table = frame.value
        found += [str(c) for c in table.columns] + [str(i) for i in table.index]
        # a missing value is drawn empty, or as the page's na_rep ("—"), never as "nan"
        found += [str(x) for x in table.to_numpy().ravel()
                  if x is not None and not (isinstance(x, float) and math.isnan(x))]
    return found


@pytest.fixture(scope="module")
def demo_copy(demo_project, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("french") / "project"
    copy_project(demo_project, folder).close()
    return folder


@pytest.mark.parametrize("role", list(PAGES))
def test_no_english_or_internal_word_on_any_page(demo_copy: Path, role: AccountRole,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("TUPSALCO_PROJECT", str(demo_copy))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.session_state["viewer"] = Viewer(USERS[role], role)
    at.run()
    problems = []
    for page in PAGES[role]:
        at.switch_page(f"tupsalco/ui/{page}.py").run()
        assert not at.exception, (page, at.exception)
        for text in _texts(at):
            for word in {*WORDS.findall(text), *INTERNAL.findall(text)} - ALLOWED:
                problems.append(f"{page}: {word!r} in {text[:80]!r}")
    assert not problems, "\n".join(sorted(set(problems)))


def test_pages_are_compiled_without_magic() -> None:
    """Streamlit's magic parses each page into Python AST objects, which CPython 3.11 may
    fail to build while another thread does the same (python/cpython#106905: "AST
    constructor recursion depth mismatch", seen once on the author's pages in CI). The app's
    configuration turns it off, and Streamlit reads it from where the app is started."""
    import tomllib

    from streamlit import config

    settings = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert settings["runner"]["magicEnabled"] is False
    config.get_config_options(force_reparse=True)
    assert config.get_option("runner.magicEnabled") is False


# -- the command line: its help and what it prints ---------------------------------------------
# English words a French sentence never holds (the typed values, --role coder or --map
# first_name, are not among them); click's and typer's own words ("Usage", "Options", "Show
# this message and exit.") are theirs and are not checked
CLI_ENGLISH = re.compile(
    r"(?<![\w$-])(the|of|and|is|are|was|to|with|from|into|its|their|this|that|which|by|for|"
    r"be|not|each|every|else|default|your|one|new|no|project|account|round|codings?|added|"
    r"written|created|loaded|imported|failed|unchanged|left|review|changed|updated|copied|"
    r"restored|backed|rows?)(?![\w-])", re.IGNORECASE)
COMMAND = re.compile(r"`[^`]*`")  # a command quoted as typed: `round disputes`
TYPERS = {"install_completion", "show_completion"}  # typer's own options


def _english(text: str) -> list[str]:
    return CLI_ENGLISH.findall(COMMAND.sub("", text))


def _commands(command, path: str = "tupsalco"):  # noqa: ANN001, ANN202
    yield path, command
    for name, sub in getattr(command, "commands", {}).items():
        yield from _commands(sub, f"{path} {name}")


def test_the_command_line_help_is_french() -> None:
    """Every command's help and every option's and argument's help, as --help shows them."""
    import typer

    from tupsalco.cli import app

    problems = []
    for path, command in _commands(typer.main.get_command(app)):
        texts = [command.help or "", *(getattr(p, "help", None) or "" for p in command.params
                                       if p.name not in TYPERS)]
        assert command.help, f"{path} has no help"
        for text in texts:
            problems += [f"{path}: {w!r} in {text[:80]!r}" for w in _english(text)]
    assert not problems, "\n".join(problems)


def _said(node: ast.AST) -> list[str]:
    """The literal parts of the strings an expression holds (an f-string's text between its
    fields)."""
    return [n.value for n in ast.walk(node) if isinstance(n, ast.Constant)
            and isinstance(n.value, str)]


def test_what_the_command_line_prints_is_french() -> None:
    """Every string the commands print (typer.echo, secho, prompt) or raise as an error,
    read in their source: a line only some data prints is checked as well."""
    problems = []
    for file in sorted((ROOT / "tupsalco" / "cli").glob("*.py")):
        for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "attr", None) or getattr(node.func, "id", "")
            if name not in ("echo", "secho", "prompt") and not name.endswith("Error"):
                continue
            for text in _said(node):
                problems += [f"{file.name}:{node.lineno}: {w!r} in {text!r}"
                             for w in _english(text)]
    assert not problems, "\n".join(problems)
