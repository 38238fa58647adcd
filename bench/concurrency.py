"""Several coders at once: N processes on one project, PostgreSQL beside SQLite.

    python bench/concurrency.py [--seconds 20] [--coders 1 4 16] [--postgres URL]
                                [--backends postgresql sqlite]

Each simulated coder is a process of its own (its own connections, as a second app server
has) that, for a fixed time, applies codings to passages the others code too, changes the
code of one of its codings (from the version it just read) and undoes its last change, as
fast as it can. Printed per backend and number of coders: operations per second (all coders
together), median and 95th-percentile latency of one operation, conflicts (a change refused
because someone changed the row since: told, never applied), and the final consistency check:

- every change a coder was told succeeded is in the final state, nothing else is (zero lost
  updates): each coder's codings in the database equal the ones it built from its answers;
- every audited event matches: one event per change, each naming the codings and codes the
  coder was told about;
- ids never repeat: every coding id handed out is distinct.

PostgreSQL: ``--postgres`` or ``$TUPSALCO_TEST_POSTGRES`` (``scripts/postgres`` starts one);
a fresh database is made for each run and dropped after. The machine's cores bound both
backends: every coder is a Python process.
"""

from __future__ import annotations

import argparse
import hashlib
import multiprocessing as mp
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tupsalco import accounts, coding  # noqa: E402
from tupsalco.codebook import codebook_from_data  # noqa: E402
from tupsalco.errors import BusyError, ConflictError  # noqa: E402
from tupsalco.project import Project  # noqa: E402
from tupsalco.records import AccountRole, Role, Turn, Viewer  # noqa: E402
from tupsalco.store.commands import ImportDocument  # noqa: E402

PASSWORD = "mot-de-passe-du-banc"
CODES = ("objectifs", "strategies", "coordination", "tensions", "partenaires")
SENTENCES = (  # fictional, nameless: the benchmark needs text, not the model
    "On a parlé de réduire plutôt que d'arrêter, c'est moi qui ai fixé l'objectif.",
    "Le médecin m'a proposé un traitement, on a essayé plusieurs choses avant.",
    "La psychologue et l'assistante sociale sont dans le même cabinet, c'est pratique.",
    "En réunion d'équipe on reprend les situations compliquées une fois par mois.",
    "Avec la psychiatrie c'est difficile, les délais sont très longs.",
)


def _document(n: int) -> ImportDocument:
    turns, parts, pos = [], [], 0
    for i in range(24):
        label = "Enquêtrice" if i % 2 == 0 else "Patient"
        body = " ".join(SENTENCES[(n + i + k) % len(SENTENCES)] for k in range(2))
        line = f"{label} : {body}"
        start = pos + len(label) + 3
        turns.append(Turn(i, Role.INTERVIEWER if i % 2 == 0 else Role.PARTICIPANT, label,
                          start, pos + len(line)))
        parts.append(line)
        pos += len(line) + 1
    text = "\n".join(parts)
    return ImportDocument(f"BANC{n:02d}.txt", "interview", text, tuple(turns), (),
                          hashlib.sha256(text.encode()).hexdigest(), None, None, "txt")


def setup(folder: Path, url: str | None, coders: int) -> tuple[list[tuple[int, int, int]],
                                                                list[Viewer]]:
    """A project with 4 documents, the codebook's themes and ``coders`` coder accounts; the
    passages they code (whole turns and their halves: coders meet on them)."""
    p = Project.create(folder, "phrase de passe du banc", admin=("banc", PASSWORD),
                       vault_path=folder.parent / "banc.vault", database_url=url)
    admin = Viewer("banc", AccountRole.ADMIN)
    spans = []
    for n in range(4):
        doc_id = p.execute(admin, _document(n))
        for t in p.document(doc_id).turns:
            mid = (t.start + t.end) // 2
            spans += [(doc_id, t.start, t.end), (doc_id, t.start, mid)]
    coding.import_codebook(p, admin, codebook_from_data(
        {"codes": [{"id": c, "label": c.capitalize()} for c in CODES]}, None, "banc"))
    viewers = []
    for i in range(coders):
        accounts.create_account(p, admin, f"codeur{i:02d}", PASSWORD, "coder")
        viewers.append(Viewer(f"codeur{i:02d}", AccountRole.CODER))
    p.close()
    return spans, viewers


def coder(folder: str, viewer: Viewer, spans: list, seconds: float, seed: int,
          barrier: object, out: object) -> None:
    """Apply, change, undo for ``seconds``; keep the state its answers describe."""
    rng = random.Random(seed)
    p = Project.open(Path(folder))
    mine: dict[int, str] = {}  # coding id -> code, as this coder's answers say
    stack: list[tuple] = []  # its undoable changes, newest last (as the undo journal)
    latencies, kinds, issued = [], Counter(), []
    barrier.wait()  # type: ignore[attr-defined]
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        roll = rng.random()
        t0 = time.perf_counter()
        try:
            if roll < 0.5 or not mine:
                doc, a, b = rng.choice(spans)
                code = rng.choice(CODES)
                made = coding.add_coding(p, viewer, doc, [code], a, b)
                new = [c.id for c in made if c.id not in mine]
                for c in made:
                    mine[c.id] = c.code_id
                if new:
                    stack.append(("add", new))
                    issued += new
                    kinds["add_codings"] += 1
                else:
                    kinds["already"] += 1
            elif roll < 0.8:
                cid = rng.choice(list(mine))
                current = coding.coding(p, cid)
                code = rng.choice([c for c in CODES if c != current.code_id])
                coding.recode(p, viewer, cid, code, version=current.version)
                stack.append(("recode", cid, current.code_id))
                mine[cid] = code
                kinds["recode"] += 1
            else:
                done = coding.undo(p, viewer)
                if done is not None:
                    last = stack.pop()
                    if last[0] == "add":
                        for cid in last[1]:
                            mine.pop(cid, None)
                    else:
                        mine[last[1]] = last[2]
                    kinds["undo"] += 1
                else:
                    kinds["nothing_to_undo"] += 1
            del stack[:-200]  # the journal keeps an account's last 200 changes
        except ConflictError:
            kinds["conflict"] += 1
        except BusyError:
            kinds["busy"] += 1
        latencies.append(time.perf_counter() - t0)
    p.close()
    out.put((viewer.username, mine, kinds, latencies, issued))  # type: ignore[attr-defined]


def check(folder: Path, results: list) -> tuple[bool, str]:
    """The final state against what every coder was told, and the audit log against both."""
    from sqlalchemy import select

    from tupsalco.store.models import AuditEventRow, CodingRow

    p = Project.open(folder)
    with p.db.session() as s:
        rows = list(s.scalars(select(CodingRow)))
        events = list(s.scalars(select(AuditEventRow).order_by(AuditEventRow.id)))
    p.close()
    problems = []
    for name, mine, kinds, _, issued in results:
        stored = {r.id: r.code_id for r in rows if r.coder == name}
        if stored != mine:
            lost = len(set(mine.items()) - set(stored.items()))
            extra = len(set(stored.items()) - set(mine.items()))
            problems.append(f"{name}: {lost} change(s) lost, {extra} unexplained")
        audited = Counter(e.action for e in events if e.actor == name)
        for action in ("add_codings", "recode", "undo"):
            if audited[action] != kinds[action]:
                problems.append(f"{name}: {audited[action]} {action} events for "
                                f"{kinds[action]} changes")
        added = [i for e in events if e.actor == name and e.action == "add_codings"
                 for i in e.detail.get("codings", [])]
        if sorted(added) != sorted(issued):
            problems.append(f"{name}: the add events do not name the codings it was given")
    every = [i for r in results for i in r[4]]
    if len(every) != len(set(every)):
        problems.append("a coding id was handed out twice")
    return not problems, "; ".join(problems) or "ok"


def run(url: str | None, n: int, seconds: float) -> dict:
    with tempfile.TemporaryDirectory(prefix="tupsalco-banc-") as tmp:
        folder = Path(tmp) / "projet"
        spans, viewers = setup(folder, url, n)
        ctx = mp.get_context("spawn")
        barrier, out = ctx.Barrier(n), ctx.Queue()
        procs = [ctx.Process(target=coder, args=(str(folder), v, spans, seconds, i, barrier,
                                                  out)) for i, v in enumerate(viewers)]
        for proc in procs:
            proc.start()
        results = [out.get(timeout=seconds + 300) for _ in procs]
        for proc in procs:
            proc.join()
        ok, why = check(folder, results)
    latencies = sorted(x for r in results for x in r[3])
    kinds = sum((r[2] for r in results), Counter())
    return {"ops": len(latencies), "ops_s": len(latencies) / seconds,
            "p50": statistics.median(latencies) * 1000,
            "p95": latencies[int(0.95 * (len(latencies) - 1))] * 1000,
            "conflicts": kinds["conflict"], "busy": kinds["busy"], "ok": ok, "why": why}


def _database(server: str) -> tuple[str, object]:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"tupsalco_banc_{uuid.uuid4().hex[:10]}"
    admin = create_engine(make_url(server).set(drivername="postgresql+psycopg"),
                          isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))

    def drop() -> None:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
    return make_url(server).set(database=name).render_as_string(hide_password=False), drop


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--coders", type=int, nargs="+", default=[1, 4, 16])
    parser.add_argument("--postgres", default=os.environ.get("TUPSALCO_TEST_POSTGRES"))
    parser.add_argument("--backends", nargs="+", choices=("postgresql", "sqlite"),
                        default=["postgresql", "sqlite"])
    args = parser.parse_args()
    os.environ.pop("TUPSALCO_DATABASE_URL", None)
    rows = {}
    for n in args.coders:
        for backend in args.backends:
            if backend == "postgresql" and not args.postgres:
                continue
            url, drop = _database(args.postgres) if backend == "postgresql" else (None, None)
            try:
                rows[(n, backend)] = run(url, n, args.seconds)
            finally:
                if drop:
                    drop()
            r = rows[(n, backend)]
            print(f"  {backend} {n} coder(s): {r['ops']} ops, {r['why']}", file=sys.stderr)
    print(f"\n{args.seconds:.0f} s per run, {os.cpu_count()} CPU(s); one operation = apply, "
          "change or undo a coding (50/30/20)\n")
    print("| coders | backend | ops/s | p50 ms | p95 ms | conflicts told | busy | "
          "consistency |")
    print("|---|---|---|---|---|---|---|---|")
    for (n, backend), r in rows.items():
        print(f"| {n} | {backend} | {r['ops_s']:.1f} | {r['p50']:.1f} | {r['p95']:.1f} | "
              f"{r['conflicts']} | {r['busy']} | {'ok' if r['ok'] else r['why']} |")


if __name__ == "__main__":
    main()
