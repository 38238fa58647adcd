"""The thematic codebook: YAML in and out, validation with line numbers (REFI-QDA: ``refi``).

The file is a flat list of codes; a sub-code names its parent. Top-level codes are the
study's themes.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .errors import CodebookError

STUDY_THEMES = ("objectifs", "strategies", "coordination", "tensions", "partenaires",
                "femmes_stigmatisation", "acceptation", "representations", "liens_sociaux")
CODE_KEYS = {"id", "parent", "label", "description", "color", "lemmas", "examples", "guid"}
TOP_KEYS = {"version", "name", "codes"}
_ID = re.compile(r"^[a-z][a-z0-9_]{0,79}$")
_COLOR = re.compile(r"^#(?:[0-9a-fA-F]{6}|[0-9a-fA-F]{3})$")
GUID_NAMESPACE = uuid.UUID("5b0c4a0e-5e1f-4a43-9a55-7475707361c0")
# levels of codes below a theme: the tools that write codebooks nest a few (MAXQDA allows ten);
# past this a file is a mistake or an attack, and the pages walk the tree by recursion
MAX_DEPTH = 50


def too_deep(where: str) -> str:
    return (f"{where} est imbriqué sur plus de {MAX_DEPTH} niveaux ; aucun codebook n'en "
            "demande autant : vérifiez le fichier, aplatissez l'arbre et importez-le de nouveau.")


@dataclass(frozen=True, slots=True)
class Code:
    id: str
    label: str
    parent: str | None = None
    description: str = ""
    color: str = "#888888"
    lemmas: tuple[str, ...] = ()
    examples: tuple[str, ...] = ()
    position: int = 0
    source_guid: str | None = None  # the GUID another tool gave it (REFI-QDA import)
    version: int = field(default=1, compare=False)  # in a project: its changes so far

    @property
    def guid(self) -> str:
        """Stable across exports, so other tools keep their links to this code."""
        return self.source_guid or str(uuid.uuid5(GUID_NAMESPACE, self.id))


@dataclass(frozen=True)
class Codebook:
    name: str
    codes: tuple[Code, ...]
    by_id: dict[str, Code] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        self.by_id.update({c.id: c for c in self.codes})

    def children(self, parent: str | None) -> list[Code]:
        return [c for c in self.codes if c.parent == parent]

    def theme_of(self, code_id: str) -> str:
        code = self.by_id[code_id]
        while code.parent is not None:
            code = self.by_id[code.parent]
        return code.id


def load_codebook(path: Path) -> Codebook:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
        root = yaml.compose(text)
        data = yaml.safe_load(text)
    except (OSError, UnicodeDecodeError) as exc:
        raise CodebookError(f"{path} : le fichier ne se lit pas ({type(exc).__name__}) ; "
                            "enregistrez-le en UTF-8.") from None
    except RecursionError:  # lists or mappings inside one another, thousands deep
        raise CodebookError(f"{path.name} : {too_deep('le YAML')}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"ligne {mark.line + 1}" if mark else "quelque part"
        raise CodebookError(f"{path.name} : {where} : YAML invalide ; vérifiez l'indentation "
                            "et les guillemets.", file=path.name,
                            line=mark.line + 1 if mark else None) from None
    return codebook_from_data(data, root, path.name)


def codebook_from_data(data: object, root: yaml.Node | None, name: str) -> Codebook:
    def line_of(i: int) -> int:
        if root is None:
            return 0
        for key, value in root.value:
            if key.value == "codes":
                return value.value[i].start_mark.line + 1
        return 0

    def fail(i: int | None, what: str) -> CodebookError:
        line = line_of(i) if i is not None else 0
        where = f"ligne {line} : " if line else ""
        return CodebookError(f"{name} : {where}{what}", file=name, line=line or None)

    if not isinstance(data, dict) or not isinstance(data.get("codes"), list):
        raise CodebookError(f"{name} : ce n'est pas un codebook ; le fichier doit contenir "
                            "une liste « codes: ».", file=name)
    unknown = set(data) - TOP_KEYS
    if unknown:
        raise CodebookError(f"{name} : clé(s) de premier niveau inconnue(s) "
                            f"{sorted(unknown)} ; clés permises : {sorted(TOP_KEYS)}.",
                            file=name)
    codes: list[Code] = []
    seen: dict[str, int] = {}
    for i, item in enumerate(data["codes"]):
        if not isinstance(item, dict):
            raise fail(i, "chaque code s'écrit avec ses clés id, label… (un dictionnaire).")
        bad = set(item) - CODE_KEYS
        if bad:
            raise fail(i, f"clé(s) inconnue(s) {sorted(bad)} ; clés permises : "
                          f"{sorted(CODE_KEYS)}.")
        code_id = str(item.get("id", ""))
        if not _ID.match(code_id):
            raise fail(i, "l'id s'écrit en lettres minuscules, chiffres et « _ ».")
        if code_id in seen:
            raise fail(i, f"id « {code_id} » en double (déjà ligne {line_of(seen[code_id])}) "
                          "; donnez à chaque code son propre id.")
        seen[code_id] = i
        if not str(item.get("label", "")).strip():
            raise fail(i, f"le code « {code_id} » n'a pas de label ; donnez-lui-en un.")
        color = str(item.get("color", "#888888"))
        if not _COLOR.match(color):
            raise fail(i, f"code « {code_id} » : la couleur (color) s'écrit #RRGGBB.")
        guid = item.get("guid")
        if guid is not None:
            try:
                guid = str(uuid.UUID(str(guid).strip("{}")))
            except ValueError:
                raise fail(i, f"code « {code_id} » : le guid n'est pas un GUID (il s'écrit "
                              "0a1b2c3d-1111-2222-3333-444455556666).") from None
        codes.append(Code(
            id=code_id, label=str(item["label"]).strip(), parent=item.get("parent"),
            description=str(item.get("description", "") or "").strip(), color=color,
            lemmas=tuple(map(str, item.get("lemmas") or ())),
            examples=tuple(map(str, item.get("examples") or ())), position=i,
            source_guid=guid,
        ))
    for i, code in enumerate(codes):
        if code.parent is not None and code.parent not in seen:
            raise fail(i, f"le code « {code.id} » a pour parent « {code.parent} », qui "
                          "n'est pas dans le codebook.")
    by_id = {c.id: c for c in codes}
    for i, code in enumerate(codes):
        chain, current = {code.id}, code
        while current.parent is not None:
            if current.parent in chain:
                raise fail(i, f"le code « {code.id} » est son propre ancêtre (un cycle "
                           f"passe par « {current.parent} »).")
            if len(chain) > MAX_DEPTH:
                raise fail(i, too_deep(f"le code « {code.id} »"))
            chain.add(current.parent)
            current = by_id[current.parent]
    return Codebook(str(data.get("name", name)), tuple(codes))


def check_study_themes(codebook: Codebook) -> None:
    top = {c.id for c in codebook.codes if c.parent is None}
    missing = [t for t in STUDY_THEMES if t not in top]
    if missing:
        raise CodebookError(f"Il manque au codebook le(s) thème(s) de l'étude "
                            f"{', '.join(missing)} au premier niveau ; ajoutez-les comme "
                            "codes sans parent.")


def dump_codebook(codebook: Codebook) -> str:
    codes = []
    for c in codebook.codes:
        item: dict[str, object] = {"id": c.id}
        if c.parent:
            item["parent"] = c.parent
        item.update(label=c.label, description=c.description, color=c.color)
        if c.lemmas:
            item["lemmas"] = list(c.lemmas)
        if c.examples:
            item["examples"] = list(c.examples)
        if c.source_guid:
            item["guid"] = c.source_guid
        codes.append(item)
    return yaml.safe_dump({"version": 1, "name": codebook.name, "codes": codes},
                          allow_unicode=True, sort_keys=False, width=100)


def codes_in_order(codebook: Codebook) -> Sequence[Code]:
    """Depth-first, themes first: the order the margin and the pickers show."""
    out: list[Code] = []

    def walk(parent: str | None) -> None:
        for c in sorted(codebook.children(parent), key=lambda c: c.position):
            out.append(c)
            walk(c.id)

    walk(None)
    return out
