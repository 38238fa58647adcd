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
