"""Explore at scale: every Explore call and the pages on projects of 100, 300 and 1,000
documents, beside pandas doing the same computation on data already in memory.

    python bench/scale.py                          # 100, 300 and 1,000 documents, 30 runs
    python bench/scale.py --sizes 100 --runs 10    # quicker
    python bench/scale.py --no-pages               # the library calls only
    python bench/scale.py --folder /tmp/scale      # where the projects are built (once)

The projects are built once and kept in ``--folder``: the demo project first (the committed
corpus, pseudonymised as the app does it), then, for each size, its documents replicated
through the library's own write path (``ImportDocument``: one audited command per document,
its codings with it) until the size is reached, each of a document's passages (a span and a
code: the demo's 581 codings make 440) coded by thirteen coders, so that 1,000 documents
hold about 198,000 codings (every passage thirteen times; one passage, code and coder is
one coding, the unique index of migration 0016). The copies are NOT
pseudonymised again: their text is the demo's stored text, pseudonymised once already.
Each copy of a participant is a participant of its own (same attributes, new id), so the
committee's groups grow with the project as they would in a real one.

Each call is timed twice over: computed (every cache emptied before each of ``--cold-runs``
runs) and as the app asks it again at the same project version (``--runs`` runs, answered
from the cache keyed by the version); the pandas column does the same computation on frames
loaded once, before the clock starts.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
# a --suggest-child process imports the code of the tree it was given (see bench_suggest)
sys.path.insert(0, sys.argv[sys.argv.index("--suggest-child") + 1]
                if "--suggest-child" in sys.argv[:-1] else str(ROOT))

from tupsalco import accounts, coding, explore  # noqa: E402
from tupsalco.demo import DEMO_PASSPHRASE, build_demo  # noqa: E402
from tupsalco.disclosure import masked_cells, rounded  # noqa: E402
from tupsalco.project import Project  # noqa: E402
from tupsalco.records import AccountRole, Viewer, suggested_by  # noqa: E402
from tupsalco.store import repository as repo  # noqa: E402
from tupsalco.store.commands import ImportDocument, ImportParticipants, StoredCoding  # noqa: E402
from tupsalco.store.reads import json_value  # noqa: E402

ADMIN = Viewer("admin", AccountRole.ADMIN)
AUTHOR = Viewer("auteur", AccountRole.AUTHOR)
COMMITTEE = Viewer("comite", AccountRole.COMMITTEE)
PASSWORD = "mot-de-passe-du-banc"
# each demo passage (span and code; the demo's two coders often coded the same one) once by
# each of thirteen coders: about 198 codings a document, none twice (a passage, code and
# coder make one coding: the unique index of migration 0016)
CODERS = tuple(f"codeur{i}" for i in range(1, 14))
THEME, PROFESSION = "coordination", "MG"
PAGES = (("explore.py", "Explorer", "admin"), ("agreement.py", "Accord", "admin"),
         ("committee.py", "Thèmes", "committee"), ("basket.py", "Citations", "admin"),
         ("code.py", "Coder", "admin"), ("documents.py", "Documents", "admin"),
         ("reader.py", "Lecture", "admin"))


# -- building ---------------------------------------------------------------------------------
def build(folder: Path, size: int, demo: Project) -> Project:
    target = folder / f"docs{size}" / "project"
    if (target / "DONE").exists():
        return Project.open(target)
    if target.exists():
        raise SystemExit(f"{target}: a half-built project; remove its folder and run again.")
    t0 = time.perf_counter()
    p = Project.create(target, DEMO_PASSPHRASE, vault_path=target.parent / "keys" / "p.vault",
                       admin=(ADMIN.username, PASSWORD), name=f"Échelle {size}")
    coding.import_codebook(p, ADMIN, coding.codebook(demo))
    for username, role in ((AUTHOR.username, "author"), (COMMITTEE.username, "committee")):
        accounts.create_account(p, ADMIN, username, PASSWORD, role)
    p.set_band_labels(ADMIN, demo.band_labels)
    docs = demo.documents()
    participants = {x.id: x for x in demo.participants()}
    rounds = -(-size // len(docs))
    p.execute(ADMIN, ImportParticipants(tuple(
        replace(x, id=_copy_id(x.id, r)) for r in range(rounds) for x in participants.values())))
    with demo.db.session() as s:
        sources = [(d, demo.document(d.id), repo.document_entities(s, d.id),
                    repo.codings(s, d.id)) for d in docs]
    n = 0
    for r in range(rounds):
        for _summary, doc, entities, codings in sources:
            if n == size:
                break
            passages = dict.fromkeys((c.code_id, c.start, c.end) for c in codings)
            stored = tuple(StoredCoding(code, start, end, coder)
                           for code, start, end in passages for coder in CODERS)
            p.execute(ADMIN, ImportDocument(
                name=f"{doc.name.rsplit('.', 1)[0]}-copie{r:03d}.{doc.name.rsplit('.', 1)[-1]}",
                doc_kind=doc.kind.value, text=doc.text, turns=doc.turns,
                entities=tuple(entities),
                content_hash=hashlib.sha256(f"{r}:{doc.content_hash}".encode()).hexdigest(),
                participant_id=_copy_id(doc.participant.id, r) if doc.participant else None,
                header=doc.header, source_format="docx", codings=stored))
            n += 1
    (target / "DONE").write_text("built\n")
    print(f"  built {size} documents in {time.perf_counter() - t0:.0f} s (copies not "
          "pseudonymised again: the demo's stored text, pseudonymised once)")
    return p


def _copy_id(pid: str, r: int) -> str:
    return pid if r == 0 else f"{pid}x{r:03d}"


# -- the pandas reference -----------------------------------------------------------------------
class Frames:
    """The project's tables in memory, loaded before any clock starts."""

    def __init__(self, p: Project) -> None:
        with p.db.engine.connect() as c:
            self.codings = pd.read_sql("SELECT id, document_id, code_id, start, \"end\", coder, "
                                       "quote, meta FROM codings", c)
            self.docs = pd.read_sql("SELECT id AS document_id, name, kind, participant_id, "
                                    "site AS doc_site FROM documents", c)
            self.parts = pd.read_sql("SELECT id AS participant_id, profession, sex, age_band, "
                                     "settings, site, function FROM participants", c)
            self.turns = pd.read_sql("SELECT document_id, idx, start, \"end\" FROM turns", c)
        book = coding.codebook(p)
        self.theme = {c.id: book.theme_of(c.id) for c in book.codes}
        self.themes = [c.id for c in book.codes if c.parent is None]
        self.labels = p.band_labels
        self.k = p.k_threshold
        self.codings["theme"] = self.codings["code_id"].map(self.theme)
        self.docs = self.docs.merge(self.parts, on="participant_id", how="left")
        self.turns = self.turns.sort_values("start")

    def rows(self, theme: str | None = None, profession: str | None = None) -> pd.DataFrame:
        df = self.codings
        if theme:
            df = df[df["theme"] == theme]
        df = df.merge(self.docs, on="document_id")
        if profession:
            df = df[df["profession"] == profession]
        return df

    def attribution(self, df: pd.DataFrame) -> pd.Series:
        band = df["age_band"].map(lambda b: self.labels.get(b, b))
        patient = df["profession"].str.startswith("patient")
        head = df["profession"].where(~patient, df["profession"] + " " + band)
        return ("(" + head + ", " + df["settings"] + ")").where(
            df["function"].fillna("") == "", "(" + df["function"] + ")")

    def download_table(self) -> pd.DataFrame:
        df = self.rows().sort_values(["document_id", "start", "end", "code_id", "coder"])
        model = df["meta"].dropna().map(lambda m: suggested_by(json_value(m)) or "")
        return pd.DataFrame({
            "thème": df["theme"], "code": df["code_id"], "verbatim": df["quote"],
            "attribution": self.attribution(df), "document": df["name"],
            "codeur·se": df["coder"], "suggéré par": model.reindex(df.index, fill_value="")})

    def verbatims(self, theme: str | None = None, profession: str | None = None
                  ) -> pd.DataFrame:
        df = self.rows(theme, profession).sort_values(["document_id", "start", "id"])
        df["attribution"] = self.attribution(df)
        df = pd.merge_asof(df.sort_values("start"), self.turns[["document_id", "idx", "start"]],
                           on="start", by="document_id")
        return df.sort_values(["document_id", "start", "id"])

    def matrix(self) -> pd.DataFrame:
        return self.rows().groupby(["theme", "profession"]).size().unstack(fill_value=0)

    def cooccurrence(self) -> pd.DataFrame:
        df = self.rows().sort_values(["document_id", "start", "id"])
        key = df["document_id"].to_numpy(np.int64) << 32
        starts = key | df["start"].to_numpy(np.int64)
        ends = np.searchsorted(starts, key | df["end"].to_numpy(np.int64), side="left")
        i = np.arange(len(df))
        n = np.maximum(ends - i - 1, 0)
        a = np.repeat(i, n)
        b = a + (np.arange(len(a)) - np.repeat(np.cumsum(n) - n, n)) + 1
        codes = pd.Categorical(df["theme"], categories=self.themes).codes
        ka, kb = codes[a], codes[b]
        keep = ka != kb
        m = len(self.themes)
        table = np.bincount(ka[keep] * m + kb[keep], minlength=m * m).reshape(m, m)
        table = table + table.T + np.diag(np.bincount(codes, minlength=m))
        return pd.DataFrame(table, index=self.themes, columns=self.themes)

    def filter_values(self) -> dict[str, list[str]]:
        d = self.docs.dropna(subset=["participant_id"])
        return {"professions": sorted(d["profession"].unique()),
                "settings": sorted({s for v in d["settings"].unique() for s in v.split("/")}),
                "age_bands": sorted(d["age_band"].unique()), "sexes": sorted(d["sex"].unique()),
                "sites": sorted(d["site"].unique()),
                "coders": sorted(self.codings["coder"].unique())}

    def committee_matrix(self) -> pd.DataFrame:
        df = self.rows().drop_duplicates(["document_id", "code_id", "start", "end"])
        df = df.dropna(subset=["participant_id"])
        members = self.docs.dropna(subset=["participant_id"]).groupby("profession")[
            "participant_id"].agg(set).to_dict()
        speakers = df.groupby(["theme", "profession"])["participant_id"].agg(set)
        counts = df.groupby(["theme", "profession"]).size()
        out = {}
        for theme in self.themes:
            cells = {v: speakers.get((theme, v), set()) for v in members}
            masked = masked_cells(cells, members, self.k)
            out[theme] = {v: None if v in masked else rounded(int(counts.get((theme, v), 0)),
                                                             self.k) for v in members}
        return pd.DataFrame(out).T

    def committee_verbatims(self, theme: str | None = None, profession: str | None = None
                            ) -> pd.DataFrame:
        df = self.rows(theme).drop_duplicates(["document_id", "code_id", "start", "end"])
        if profession:  # one profession's list: its cell of the theme's row, if published
            said = df.dropna(subset=["participant_id"])
            members = self.docs.dropna(subset=["participant_id"]).groupby("profession")[
                "participant_id"].agg(set).to_dict()
            speakers = said.groupby("profession")["participant_id"].agg(set).to_dict()
            thin = 0 < said["participant_id"].nunique() < self.k
            if thin or profession in masked_cells(speakers, members, self.k):
                return df.iloc[:0]
            df = df[df["profession"] == profession]
        return (df.sort_values("code_id").drop_duplicates(["theme", "quote"])
                .sort_values(["theme", "code_id", "quote"]))


# -- timing -------------------------------------------------------------------------------------
def timed(fn: Callable[[], object], runs: int, before: Callable[[], object] = lambda: None
          ) -> tuple[float, float]:
    times = []
    for _ in range(max(runs, 1)):
        before()
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    times.sort()
    return statistics.median(times), times[min(len(times) - 1, int(0.95 * len(times)))]


def calls(p: Project, f: Frames) -> list[tuple[str, Callable[[], object], Callable[[], object]]]:
    V = explore.VerbatimFilter
    tp = V(themes=frozenset({THEME}), professions=frozenset({PROFESSION}))
    out = []
    for who, viewer in (("author", AUTHOR), ("committee", COMMITTEE)):
        committee = viewer is COMMITTEE
        if not committee:  # what the Explorer shows: one page, counted over the selection
            out += [
                (f"a page of verbatims, no filter ({who})",
                 lambda v=viewer: explore.verbatim_page(p, v), lambda: f.verbatims()),
                # what its CSV and Excel downloads make, when asked
                (f"every verbatim, no filter, the download's table ({who})",
                 lambda v=viewer: explore.download_table(p, v), f.download_table),
                # its IRaMuTeQ download, also `tupsalco quotes FILE.txt` (pandas: the
                # records' frame, not a corpus)
                (f"every verbatim, no filter, the corpus download (IRaMuTeQ) ({who})",
                 lambda v=viewer: explore.download_corpus(p, v), lambda: f.verbatims())]
        if not committee:  # the library's list makes its records when read: all of them
            out += [(f"every verbatim as records, every record read ({who})",
                     lambda v=viewer: tuple(explore.verbatims(p, v).items),
                     lambda: f.verbatims())]
        out += [
            ((f"verbatims, no filter ({who})" if committee
              else f"every verbatim as records, no filter (the library's list) ({who})"),
             lambda v=viewer: explore.verbatims(p, v),
             (lambda: f.committee_verbatims()) if committee else (lambda: f.verbatims())),
            (f"verbatims, theme + profession ({who})",
             lambda v=viewer: explore.verbatims(p, v, tp),
             (lambda: f.committee_verbatims(THEME, PROFESSION)) if committee
             else (lambda: f.verbatims(THEME, PROFESSION))),
            (f"matrix theme x profession ({who})",
             lambda v=viewer: explore.matrix(p, v, "profession"),
             f.committee_matrix if committee else f.matrix),
            (f"a matrix cell's verbatims ({who})",
             lambda v=viewer: explore.cell_verbatims(p, v, THEME, "profession", PROFESSION),
             (lambda: f.committee_verbatims(THEME, PROFESSION)) if committee
             else (lambda: f.verbatims(THEME, PROFESSION))),
            (f"co-occurrence of themes ({who})", lambda v=viewer: explore.cooccurrence(p, v),
             f.cooccurrence),
            (f"filter values ({who})", lambda v=viewer: explore.filter_values(p, v),
             f.filter_values),
        ]
    out += [(f"committee matrix theme x {a}", lambda a=a: explore.matrix(p, COMMITTEE, a),
             f.committee_matrix) for a in ("setting", "age_band")]
    return out


def bench_calls(p: Project, runs: int, cold_runs: int) -> None:
    f = Frames(p)
    print("computed: every cache emptied before each run (--cold-runs); as the app asks: the "
          "same call again at the same project version (--runs), answered from the cache "
          "keyed by the version; pandas: the same computation on frames already in memory "
          "(--runs). ratio = library p50 / pandas p50. Wall-clock times: load average "
          f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores when the table started.\n")
    print("| call | computed p50 | computed p95 | ratio | cached p50 | cached p95 | pandas p50 "
          "| goal (< 200 ms p95, < 5x pandas) |")
    print("|---|---|---|---|---|---|---|---|")
    for name, ours, theirs in calls(p, f):
        c50, c95 = timed(ours, cold_runs, explore.clear_cache)
        ours()
        w50, w95 = timed(ours, runs)
        q50, _ = timed(theirs, runs)
        verdict = ("ok" if c95 < 0.2 and c50 <= 5 * q50 else
                   "computed: MISSED" + (", cached: ok" if w95 < 0.2 else ", cached: MISSED"))
        print(f"| {name} | {ms(c50)} | {ms(c95)} | {c50 / q50:.1f} | {ms(w50)} | {ms(w95)} | "
              f"{ms(q50)} | {verdict} |", flush=True)
    print(f"\n(load average {os.getloadavg()[0]:.1f} when the table ended)")


def ms(s: float) -> str:
    if s < 0.01:
        return f"{s * 1000:.1f} ms"
    return f"{s * 1000:.0f} ms" if s < 10 else f"{s:.1f} s"


def bench_pages(p: Project) -> None:
    from streamlit.testing.v1 import AppTest

    os.environ["TUPSALCO_PROJECT"] = str(p.folder)
    print("| page | cold | warm | goal (< 5 s cold, < 1.5 s warm) |")
    print("|---|---|---|---|")
    notes = []
    for page, title, role in PAGES:
        viewer = COMMITTEE if role == "committee" else ADMIN
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600)
        at.session_state["viewer"] = viewer
        at.run()
        t = asked = time.perf_counter()
        at.switch_page(f"tupsalco/ui/{page}").run()
        cold = time.perf_counter() - t
        t = time.perf_counter()
        at.run()
        warm = time.perf_counter() - t
        error = f" (exception: {at.exception[0].message[:80]})" if at.exception else ""
        ok = "ok" if cold < 5 and warm < 1.5 else "MISSED"
        print(f"| {title} | {ms(cold)} | {ms(warm)} | {ok}{error} |", flush=True)
        if page == "code.py":
            notes.append(suggestions_ready(asked))
    print("\n" + "\n".join(notes))


def suggestions_ready(asked: float) -> str:
    """The Coder page builds its suggester, then learns the codings, in background threads
    (the page does not wait): when each was done, counted from the page's first run. The
    next page waits for them, so that it is timed alone."""
    import threading

    done = []
    for name in ("tupsalco-suggest-build", "tupsalco-suggest"):
        for thread in threading.enumerate():
            if thread.name == name:
                thread.join()
        done.append(ms(time.perf_counter() - asked))
    return (f"Coder: suggester ready (its suggestions shown at the page's next poll, each "
            f"second) {done[0]}, every coding learned {done[1]} after the page was asked.")


# -- suggestions ----------------------------------------------------------------------------------
SUGGEST_FIGURES = (("built", "TeamSuggester built (codebook prior)"),
                   ("first", "first current(): suggestions ready (page shown before)"),
                   ("learned", "every coding learned (in the background after)"),
                   ("p50", "a suggestion, p50 (fresh passage)"),
                   ("p95", "a suggestion, p95 (fresh passage)"),
                   ("coded", "current() right after a coding: what the coder waits"),
                   ("relearned", "that coding learned"))


def suggest_figures(p: Project, runs: int) -> dict[str, float]:
    """The Coder page's suggestion path on project ``p``, in this process: the models loaded
    first (not timed), then a suggester for the team built, kept up with every coding, asked
    for ``runs`` suggestions on passages it never saw, and kept up with one coding more."""
    from tupsalco.suggest import content_lemmas, sentence_encoder
    from tupsalco.suggest.team import TeamSuggester

    warm = "Le médecin m'a orientée vers la psychologue."
    encoder = sentence_encoder()
    if encoder is not None:
        encoder.encode([warm])
    content_lemmas([warm])

    def done(team: TeamSuggester) -> object:
        return team.wait() if hasattr(team, "wait") else team.current()

    out: dict[str, float] = {"load": os.getloadavg()[0]}
    t = time.perf_counter()
    team = TeamSuggester(p, Viewer("*", AccountRole.ADMIN))
    out["built"] = time.perf_counter() - t
    t = time.perf_counter()
    team.current()
    out["first"] = time.perf_counter() - t
    done(team)
    out["learned"] = time.perf_counter() - t
    engine = team.current()
    doc = p.document(p.documents()[0].id)
    turns = [doc.text[x.start:x.end] for x in doc.turns if x.end - x.start > 40]
    times = []
    for i in range(max(runs, 1)):
        text = f"{turns[i % len(turns)]} ({i})"  # a passage no cache knows
        t = time.perf_counter()
        engine.suggest(text, top=3)
        times.append(time.perf_counter() - t)
    out["p50"], out["p95"] = (float(np.percentile(times, q)) for q in (50, 95))
    turn = doc.turns[len(doc.turns) // 2]
    coding.add_coding(p, ADMIN, doc.id, [engine.codes[-1]], turn.start, turn.end)
    try:
        t = time.perf_counter()
        team.current()
        out["coded"] = time.perf_counter() - t
        done(team)
        out["relearned"] = time.perf_counter() - t
    finally:
        coding.undo(p, ADMIN)
    return out


def bench_suggest(folder: Path, size: int, runs: int, before: Path | None) -> None:
    """The suggestion figures of each code in a process of its own (cold caches, as a new
    app server): ``--suggest-before``'s tree (the code before), then this one without and
    with the project's saved vectors and lemmas."""
    import json
    import subprocess

    store = folder / f"docs{size}" / "project" / "suggestions.npz"
    columns: list[tuple[str, dict[str, float]]] = []
    plan = ([("before", before, False)] if before else []) + [
        ("after, no saved vectors", ROOT, False), ("after, saved vectors", ROOT, True)]
    for name, tree, keep in plan:
        if not keep:
            store.unlink(missing_ok=True)
        run = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--folder",
                              str(folder), "--sizes", str(size), "--runs", str(runs),
                              "--suggest-child", str(tree)],
                             capture_output=True, text=True, check=False)
        line = [x for x in run.stdout.splitlines() if x.startswith("{")]
        if run.returncode or not line:
            print(f"  ({name}: failed: {run.stderr.strip().splitlines()[-1:]})")
            continue
        columns.append((name, json.loads(line[-1])))
    print("| suggestions (Coder page path, a new process each) | "
          + " | ".join(n for n, _ in columns) + " | goal |")
    print("|---|" + "---|" * len(columns) + "---|")
    goals = {"p95": "< 100 ms", "coded": "no retrain waited for"}
    for key, label in SUGGEST_FIGURES:
        print(f"| {label} | " + " | ".join(ms(c[key]) if key in c else "-" for _, c in columns)
              + f" | {goals.get(key, '')} |", flush=True)
    print(f"| load average when the column started ({os.cpu_count()} cores; wall-clock "
          "figures) | " + " | ".join(f"{c.get('load', float('nan')):.1f}" for _, c in columns)
          + " | |", flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--folder", type=Path, default=Path("/tmp/tupsalco-scale"))
    ap.add_argument("--sizes", default="100,300,1000")
    ap.add_argument("--runs", type=int, default=30)
    ap.add_argument("--cold-runs", type=int, default=5,
                    help="runs with every cache emptied (each one recomputes)")
    ap.add_argument("--no-pages", action="store_true")
    ap.add_argument("--no-calls", action="store_true", help="the pages only")
    ap.add_argument("--suggest", action="store_true",
                    help="also the suggestions (the Coder page's path), each code in a new "
                         "process")
    ap.add_argument("--suggest-before", type=Path, default=None, metavar="TREE",
                    help="a checkout of the code before (git archive main | tar -x -C TREE): "
                         "its suggestion figures in a column beside this code's")
    ap.add_argument("--suggest-child", type=Path, default=None, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.suggest_child:  # one column of bench_suggest: the tree's code, figures as JSON
        import json

        size = int(args.sizes.split(",")[0])
        print(json.dumps(suggest_figures(Project.open(args.folder / f"docs{size}" / "project"),
                                         args.runs)))
        return
    args.folder.mkdir(parents=True, exist_ok=True)
    demo = build_demo(args.folder / "demo")
    for size in (int(x) for x in args.sizes.split(",")):
        p = build(args.folder, size, demo)
        with p.db.engine.connect() as c:
            n = c.exec_driver_sql("SELECT count(*) FROM codings").scalar()
        print(f"\n## {size} documents, {n:,} codings ({p.db.url.split(':')[0]}; copies not "
              "pseudonymised again)\n")
        if args.suggest:
            bench_suggest(args.folder, size, args.runs, args.suggest_before)
        if not args.no_calls:
            bench_calls(p, args.runs, args.cold_runs)
        if not args.no_pages:
            print()
            bench_pages(p)


if __name__ == "__main__":
    main()
