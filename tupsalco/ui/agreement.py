"""Agreement between coders: per code pooled over documents, per document, kappa beside
Gwet's AC1 with the kappa paradox explained, a code × document table, warnings, one coder's
two passes (intra-coder), a domain's cu-alpha and AC2,
MAXQDA-like segment matching, bootstrap intervals, disagreements, which model suggested a
coding."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence

import numpy as np
import pandas as pd
import streamlit as st

from tupsalco import coding
from tupsalco.agreement import (
    RARE_PASSAGES,
    RELIABLE,
    TENTATIVE,
    CodeAgreement,
    Interval,
    ac1_intervals,
    codebook_weights,
    compare_intervals,
    domain_gwet_interval,
    domain_rows,
    gwet_of_rows,
    pooled_rows,
    reading,
    segment_agreement,
    split_pass,
    unitized_documents,
    unitizing_alpha,
    unitizing_interval,
    warnings,
)
from tupsalco.errors import TupsalcoError
from tupsalco.export import table_bytes
from tupsalco.records import AccountRole, Coding, Viewer
from tupsalco.ui.agreement_parts import (
    all_cells,
    code_document_section,
    codings_of,
    compared,
    intra_section,
)
from tupsalco.ui.state import act, allow, project, project_folder, show_flash

Codings = tuple[tuple[int, str, str, int, int], ...]


PARTIAL = 0.5  # AC2: two sub-codes of one theme agree for half


@st.cache_data(show_spinner="Bootstrap par document…")
def code_intervals(done: Codings, lengths: tuple[tuple[int, int], ...],
                   coders: tuple[str, ...]) -> dict[str, tuple[Interval, Interval, Interval]]:
    ac1 = ac1_intervals(done, dict(lengths), coders)
    return {code: (*pair, ac1[code])
            for code, pair in compare_intervals(done, dict(lengths), coders).items()}


@st.cache_data(show_spinner="Bootstrap par document…")
def ac2_interval(done: Codings, lengths: tuple[tuple[int, int], ...],
                 coders: tuple[str, ...], group: tuple[str, ...],
                 weights: tuple[tuple[float, ...], ...]) -> Interval:
    return domain_gwet_interval(unitized_documents(done, dict(lengths), coders, group),
                                group, np.array(weights))


@st.cache_data(show_spinner="Bootstrap par document…")
def domain_interval(done: Codings, lengths: tuple[tuple[int, int], ...],
                    coders: tuple[str, ...], group: tuple[str, ...]) -> Interval:
    return unitizing_interval(unitized_documents(done, dict(lengths), coders, group),
                              categories=group)


def ci(interval: Interval | None) -> str:
    if interval is None or np.isnan(interval.low):
        return ""
    return f"[{interval.low:.3f} ; {interval.high:.3f}]"


# what every widget change would otherwise recompute, kept per version of the project (any
# change makes a new one): the coders and documents, the chosen coders' codings (not every
# coder's: 200,000 codings of thirteen coders took a second to read), the agreement of a
# choice of coders
def _codings(folder: str, version: int, viewer: Viewer) -> tuple[list, dict]:
    return compared(folder, version, viewer)  # read once for every section of the page


@st.cache_resource(show_spinner="Calcul de l'accord…", max_entries=16)
def _agreement(folder: str, version: int, viewer: Viewer, chosen: tuple[str, ...],
               doc_choice: int | str, threshold: int) -> tuple[list, object, dict]:
    found = all_cells(folder, version, viewer, chosen, doc_choice)
    rows = pooled_rows(found, found.codes)  # the code × document table's cells, pooled
    segments = segment_agreement(_chosen(folder, version, viewer, chosen, doc_choice),
                                 (chosen[0], chosen[1]), threshold / 100)
    models: dict[str, Counter] = {}  # which models suggested a code's codings: one pass
    for c in codings_of(folder, version, viewer, chosen):
        if c.suggested_by and doc_choice in ("tous", c.document_id):
            models.setdefault(c.code_id, Counter())[c.suggested_by] += 1
    return rows, segments, models


@st.cache_resource(show_spinner=False, max_entries=16)
def _chosen(folder: str, version: int, viewer: Viewer, chosen: tuple[str, ...],
            doc_choice: int | str) -> list[tuple[int, str, str, int, int]]:
    return [(c.document_id, c.code_id, c.coder, c.start, c.end)
            for c in codings_of(folder, version, viewer, chosen)
            if doc_choice in ("tous", c.document_id)]


def _loader(folder: str, version: int, viewer: Viewer, chosen: tuple[str, ...]
            ) -> Callable[[Sequence[str]], list[Coding]]:
    """Some coders' codings: the chosen ones' already read, others read when asked."""
    def codings(names: Sequence[str]) -> list[Coding]:
        if set(names) <= set(chosen):
            return [c for c in codings_of(folder, version, viewer, chosen) if c.coder in names]
        return codings_of(folder, version, viewer, tuple(sorted(set(names))))
    return codings


@st.cache_resource(show_spinner=False, max_entries=16)
def _warnings(folder: str, version: int, viewer: Viewer, chosen: tuple[str, ...],
              doc_choice: int | str, rare: int) -> list:
    docs, book = _codings(folder, version, viewer)[1], coding.codebook(p)
    return warnings(_chosen(folder, version, viewer, chosen, doc_choice), list(chosen),
                    min_passages=rare, labels={c.id: c.label for c in book.codes},
                    document_names={d: docs[d].name for d in docs})


@st.cache_resource(show_spinner="Calcul du domaine…", max_entries=16)
def _domain(folder: str, version: int, viewer: Viewer, chosen: tuple[str, ...],
            doc_choice: int | str, group: tuple[str, ...]) -> tuple:
    docs, book = _codings(folder, version, viewer)[1], coding.codebook(p)
    unitized = unitized_documents(_chosen(folder, version, viewer, chosen, doc_choice),
                                  {d.id: d.n_chars for d in docs.values()}, list(chosen), group)
    weights = codebook_weights(group, {c.id: c.parent for c in book.codes}, PARTIAL)
    rows = domain_rows(unitized, group)  # AC1 and AC2 from the same counted characters
    return (unitizing_alpha(unitized, group), gwet_of_rows(rows), gwet_of_rows(rows, weights),
            weights)


st.title("Accord inter-codeurs")
show_flash("agree_flash")
me = allow(AccountRole.ADMIN, AccountRole.CODER)
p = project()
folder, version = str(project_folder()), p.version()
try:
    all_coders, docs = _codings(folder, version, me)
except TupsalcoError as exc:
    st.info(str(exc))
    st.stop()
if len(all_coders) < 2:
    st.info("Il faut au moins deux codeur·ses pour comparer.")
    st.stop()
# a set-aside pass is compared in the intra-coder section, not chosen by default here
current = [c for c in all_coders if split_pass(c)[1] is None] or all_coders
chosen = st.multiselect("Codeur·ses comparé·es", all_coders, default=current[:2],
                        placeholder="Choisir", select_all=False, key="agree_coders")
if len(chosen) < 2:
    st.warning("Choisissez au moins deux codeur·ses.")
    st.stop()
book = coding.codebook(p)
lengths = {d.id: d.n_chars for d in docs.values()}
everyone = codings_of(folder, version, me, tuple(chosen))  # the chosen coders' only
doc_choice = st.selectbox("Documents", ["tous", *docs], key="agree_document",
                          format_func=lambda d: "tous (caractères mis en commun)" if d == "tous"
                          else docs[d].name)
left, right = st.columns(2)
threshold = left.slider("Chevauchement minimal des segments (%)", 5, 100, 90, step=5,
                        key="agree_overlap",
                        help="Comme MAXQDA : intersection / union des deux segments.")
boot = right.checkbox("Intervalles de confiance à 95 % (bootstrap par document)",
                      key="agree_bootstrap", help="2000 rééchantillonnages des documents ; "
                      "quelques secondes, gardés en cache.")
key_done = tuple(_chosen(folder, version, me, tuple(chosen), doc_choice))
key_lengths = tuple(sorted(lengths.items()))


def label(code: str) -> str:
    return book.by_id[code].label if code in book.by_id else code


def pct(share: float) -> str:
    return f"{100 * share:.1f} %"


def paradox(r: CodeAgreement, first: str, second: str) -> str:
    """Why kappa is low where agreement is high, with one code's own numbers."""
    t = r.table
    covered = (t.both + (t.first_only + t.second_only) / 2) / t.total
    return (
        "**Le paradoxe du kappa.** Quand un code couvre peu de texte, le kappa peut être bas "
        "avec 93 % d'accord : sur 1 000 caractères dont chacun·e code 35, jamais les mêmes, "
        "kappa = −0.036 et AC1 = 0.925.\n\n"
        f"Ici, sur « {label(r.code)} » : ce code couvre {pct(covered)} du texte comparé. "
        f"{first} et {second} sont d'accord sur {pct(t.agreement)} des caractères, mais "
        "presque tout cet accord porte sur le texte que ni l'un·e ni l'autre n'a codé. Le "
        "kappa de Cohen le tient pour presque entièrement dû au hasard : la chance que tous "
        "deux codent, ou tous deux laissent, un même caractère vaut "
        f"{t.kappa_chance:.5f}, d'où kappa = ({t.agreement:.5f} − {t.kappa_chance:.5f}) / "
        f"(1 − {t.kappa_chance:.5f}) = {t.kappa:.3f}. L'AC1 de Gwet prend pour hasard "
        f"2π(1 − π), π la part moyenne codée : {t.ac1_chance:.5f}, d'où AC1 = {t.ac1:.3f}."
        "\n\nAucun des deux ne dit seul si les codeur·ses s'accordent sur l'endroit du code : "
        f"{t.both} caractères codés par les deux, {t.first_only} par {first} seul·e, "
        f"{t.second_only} par {second} seul·e, soit un accord positif (caractères codés "
        f"ensemble sur la moyenne codée par chacun·e) de {pct(t.positive_agreement)}. Un AC1 "
        "élevé sur un code rare se lit avec ces comptes, et un kappa bas aussi.")


def suggested(made: Counter | None) -> str:
    """Which models suggested codings of a code, and how many."""
    return " ; ".join(f"{n} × {model}" for model, n in (made or Counter()).most_common())


rows, segments, models = _agreement(folder, version, me, tuple(chosen), doc_choice, threshold)
by_segment = {r.code: r for r in segments.rows}
intervals = code_intervals(key_done, key_lengths, tuple(chosen)) if boot else {}
table = pd.DataFrame([{
    "code": label(r.code),
    "thème": book.theme_of(r.code) if r.code in book.by_id else "",
    "les deux": r.table.both, f"{chosen[0]} seul·e": r.table.first_only,
    f"{chosen[1]} seul·e": r.table.second_only, "aucun": r.table.neither,
    "accord %": round(100 * r.table.agreement, 2), "kappa": round(r.kappa, 3),
    **({"kappa IC95": ci(intervals[r.code][0])} if boot else {}),
    "AC1": round(r.ac1, 3),
    **({"AC1 IC95": ci(intervals[r.code][2])} if boot else {}),
    "alpha": round(r.alpha, 3),
    **({"alpha IC95": ci(intervals[r.code][1])} if boot else {}),
    "lecture": reading(r.alpha),
    "segments en accord": by_segment[r.code].agreements if r.code in by_segment else 0,
    "segments en désaccord": by_segment[r.code].disagreements if r.code in by_segment else 0,
    "accord segments %": (round(100 * by_segment[r.code].agreement, 2)
                          if r.code in by_segment else None),
    "suggéré par": suggested(models.get(r.code)),
} for r in rows])
st.caption(f"Caractères comme unités (comme NVivo). Kappa de Cohen entre {chosen[0]} et "
           f"{chosen[1]} ; AC1 de Gwet et alpha de Krippendorff pour les {len(chosen)} "
           f"codeur·ses. Seuils de lecture de l'alpha : {RELIABLE:.3f} fiable, {TENTATIVE:.3f} "
           f"conclusions provisoires. Segments : chevauchement d'au moins {threshold} %. "
           "« Suggéré par » : les codages acceptés depuis une suggestion, par modèle ; deux "
           "codeur·ses qui acceptent la même suggestion s'accordent en partie par le modèle.")
st.dataframe(table, hide_index=True, width="stretch", key="agree_table")
left, right = st.columns(2)
left.download_button("Exporter (CSV)", lambda: table.to_csv(index=False).encode("utf-8"),
                     file_name="accord.csv", mime="text/csv", key="agree_csv")
right.download_button("Exporter (Excel)", lambda: table_bytes(table, "xlsx"),
                      file_name="accord.xlsx", key="agree_xlsx")
code_document_section(folder, version, me, chosen, doc_choice)

# the code where kappa and agreement part most: the paradox with that code's own numbers
telling = [r for r in rows if r.table.total and r.table.both + r.table.first_only
           + r.table.second_only and np.isfinite(r.table.ac1)]
if telling:
    worst = max(telling, key=lambda r: (r.table.agreement - r.kappa, r.code))
    with st.expander("Pourquoi un kappa bas avec un accord élevé ? (AC1 de Gwet)",
                     expanded=worst.table.agreement - worst.kappa > 0.5):
        st.markdown(paradox(worst, chosen[0], chosen[1]))

st.subheader("Avertissements")
rare = st.number_input("Code trop rare en dessous de (passages codés, tous codeur·ses "
                       "confondu·es)", 1, 100, RARE_PASSAGES, key="agree_rare")
found = _warnings(folder, version, me, tuple(chosen), doc_choice, int(rare))
if not found:
    st.success("Aucun avertissement : chaque code compte assez de passages, chaque "
               "codeur·se a codé les documents des autres, aucun code n'est d'un·e seul·e.")
titles = {"code_rare": "Code trop rare pour juger", "codeur_absent": "Codeur·se sans codage",
          "code_un_codeur": "Code d'un·e seul·e codeur·se"}
for w in found:
    st.warning(f"**{titles[w.kind]}.** {w.observation}\n\n{w.implication}\n\n"
               f"*{w.suggestion}*")

intra_section(me, all_coders, _loader(folder, version, me, tuple(chosen)), docs, label,
              "agree_flash")

st.subheader("Domaine sémantique : cu-alpha")
st.caption("Codes mutuellement exclusifs (un « domaine sémantique » d'ATLAS.ti) : cu-alpha "
           "mesure l'accord sur le code là où les segments se recoupent, |u-alpha l'accord "
           "sur les limites (codé ou non), u-alpha les deux. Krippendorff et al. (2016).")
parents = [c.id for c in book.codes if len(book.children(c.id)) >= 2]
mode = st.radio("Groupe de codes", ["thème", "codes"], horizontal=True, key="agree_domain_mode",
                format_func=lambda m: "sous-codes d'un thème" if m == "thème"
                else "codes choisis")
if mode == "thème" and parents:
    parent = st.selectbox("Thème", parents, format_func=label, key="agree_domain_parent")
    group = tuple(c.id for c in book.children(parent))
else:
    group = tuple(st.multiselect("Codes du domaine", [c.id for c in book.codes],
                                 format_func=label, placeholder="Choisir",
                                 select_all=False, key="agree_domain_codes"))
if len(group) >= 2:
    domain, ac1, ac2, weights = _domain(folder, version, me, tuple(chosen), doc_choice, group)
    cu_interval = (domain_interval(key_done, key_lengths, tuple(chosen), group)
                   if boot else None)
    ac2_ci = (ac2_interval(key_done, key_lengths, tuple(chosen), group,
                           tuple(map(tuple, weights.tolist()))) if boot else None)
    cols = st.columns(5)
    for col, name, value, extra in (
            (cols[0], "cu-alpha", domain.cu, ci(cu_interval)),
            (cols[1], "|u-alpha", domain.binary, ""),
            (cols[2], "u-alpha", domain.u, ""),
            (cols[3], "AC1 (domaine)", ac1.coefficient, ""),
            (cols[4], "AC2 (domaine)", ac2.coefficient, ci(ac2_ci))):
        col.metric(name, "—" if np.isnan(value) else f"{value:.3f}")
        lecture = reading(value) if "alpha" in name else ""
        col.caption(" ".join(x for x in (lecture, extra and f"IC95 {extra}") if x))
    st.caption("AC1 et AC2 de Gwet, caractères comme unités, « non codé » étant une catégorie "
               f"de plus. AC2 pondère : deux sous-codes d'un même thème (ou un code et son "
               f"parent) s'accordent pour {PARTIAL:g}, un code et « non codé » pas du tout.")
    if domain.conflicts:
        st.warning(f"{domain.conflicts} caractères portent deux codes du domaine chez un·e "
                   "même codeur·se : le segment qui commence en premier les garde.")
    st.dataframe(pd.DataFrame([{"code": label(c), "alpha-binaire (unitisation)": round(a, 3),
                                "lecture": reading(a)} for c, a in domain.by_category.items()]),
                 hide_index=True, width="stretch", key="agree_domain_table")
else:
    st.info("Choisissez au moins deux codes.")

st.subheader("Accord par segments (comme MAXQDA)")
st.caption(f"Chaque segment de {chosen[0]} et de {chosen[1]} est en accord si l'autre a codé "
           f"le même code sur un segment qui le recouvre à au moins {threshold} % "
           "(intersection / union). Kappa de Brennan et Prediger : hasard = 1 / nombre de "
           "codes.")
cols = st.columns(3)
cols[0].metric("Accord des segments",
               "—" if np.isnan(segments.observed) else f"{100 * segments.observed:.1f} %")
cols[1].metric("Kappa (Brennan & Prediger)",
               "—" if np.isnan(segments.kappa) else f"{segments.kappa:.3f}")
cols[2].metric("Codes", len(segments.rows))
st.dataframe(pd.DataFrame([{
    "code": label(r.code), "accord": r.agreements, "désaccord": r.disagreements,
    "total": r.total, "accord %": round(100 * r.agreement, 2)} for r in segments.rows]),
    hide_index=True, width="stretch", key="agree_segments")

st.subheader("Désaccords en contexte")
st.caption(f"Garder une version ou fusionner est signé par votre compte ({me.username}), "
           "tracé, et s'annule depuis la page Coder.")
codes = [r.code for r in rows if r.code in book.by_id]
if codes:
    code = st.selectbox("Code", codes, format_func=lambda c: book.by_id[c].label,
                        key="agree_code")
    by_doc: dict[int, dict[str, list]] = {}  # one pass: document -> coder -> codings
    for c in everyone:
        if c.code_id == code and c.coder in chosen and doc_choice in ("tous", c.document_id):
            by_doc.setdefault(c.document_id, {}).setdefault(c.coder, []).append(c)
    differing = [d for d in sorted(by_doc) if len({frozenset((c.start, c.end)
                                                             for c in by_doc[d].get(who, []))
                                                   for who in chosen}) > 1]
    per_page = 20  # documents shown at once: a thousand would make the page unreadable
    pages = max(1, -(-len(differing) // per_page))
    page_no = (st.number_input(f"Page ({len(differing)} documents en désaccord)", 1, pages, 1,
                               key="agree_page") if pages > 1 else 1)
    for doc_id in differing[(page_no - 1) * per_page:page_no * per_page]:
        mine = {who: by_doc[doc_id].get(who, []) for who in chosen}
        st.markdown(f"**{docs[doc_id].name}**")
        cols = st.columns(len(chosen))
        for col, who in zip(cols, chosen, strict=True):
            col.caption(who)
            for c in mine[who]:
                col.markdown(f"> {c.quote[:300]}")
                if c.suggested_by:
                    col.caption(f"suggéré par {c.suggested_by}")
            if col.button(f"Garder la version de {who}", key=f"agree_keep_{doc_id}_{who}"):
                act(lambda d=doc_id, w=who: coding.reconcile(p, me, d, code, chosen, w),
                    "Version gardée.", "agree_flash")
        if st.button("Fusionner les versions", key=f"agree_merge_{doc_id}"):
            act(lambda d=doc_id: coding.reconcile(p, me, d, code, chosen, None),
                "Versions fusionnées.", "agree_flash")
