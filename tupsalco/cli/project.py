"""Project commands: create, import, list, check the pseudonymiser, the key, the risk."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from ..errors import TupsalcoError
from . import (
    STATUS,
    PassphraseFile,
    ProjectArg,
    UserOpt,
    app,
    fail,
    new_password,
    passphrase,
    progress_bar,
    read,
    signed_in,
)
from .sheets import MapOpt, sheet_failed, show_notices


@app.command()
def init(
    project: ProjectArg,
    user: Annotated[str, typer.Option("--user", "-u", help="Le premier compte du projet, "
                                      "d'administration (son mot de passe est demandé deux "
                                      "fois, ou pris dans $TUPSALCO_NEW_PASSWORD).")],
    name: Annotated[str | None, typer.Option(help="Le nom du projet.")] = None,
    vault: Annotated[Path | None, typer.Option(help="Où garder la clé chiffrée des pseudonymes "
                                               "(par défaut ~/.local/share/tupsalco).")] = None,
    participants: Annotated[Path | None, typer.Option(help="La feuille des participant·e·s à "
                                                      "charger.")] = None,
    columns: MapOpt = None,
    passphrase_file: PassphraseFile = None,
    db: Annotated[str | None, typer.Option("--db", help="L'adresse PostgreSQL d'une base vide, "
                                           "pour une équipe ; par défaut un fichier SQLite "
                                           "dans le dossier, ou $TUPSALCO_DATABASE_URL.")
                  ] = None,
) -> None:
    """Créer le dossier d'un projet, sa clé chiffrée des pseudonymes et son premier compte
    (administration), avec sa feuille des participant·e·s : tout ou rien (une feuille à
    corriger ne laisse rien derrière elle)."""
    from ..ingest.vocabulary import STUDY
    from ..project import Project, check_participants_sheet

    try:
        if participants:  # checked before any prompt: a sheet to correct asks for nothing
            check = check_participants_sheet(participants, columns, STUDY)
            show_notices(check)
            check.sheet()
        secret = passphrase(passphrase_file, confirm=True)
        p = Project.create(project, secret, name=name, vault_path=vault,
                           admin=(user, new_password(user)), participants=participants,
                           columns=columns, database_url=db)
    except TupsalcoError as exc:
        sheet_failed(exc)
    if participants:
        typer.echo(f"{len(p.participants())} participant·e·s chargé·e·s")
    typer.echo(f"projet créé dans {project} ; clé des pseudonymes dans {p.vault_path}")


@app.command("import")
def import_(
    project: ProjectArg,
    user: UserOpt,
    files: Annotated[list[Path] | None, typer.Argument(
        help="Transcriptions et notes (.docx, .odt, .txt, .pdf, .trs, .cha, .eaf, .vtt, "
             ".srt).")] = None,
    participants: Annotated[
        Path | None, typer.Option(help="La feuille des participant·e·s à charger d'abord.")
    ] = None,
    columns: MapOpt = None,
    confirm_name_loss: Annotated[bool, typer.Option(
        "--confirm-name-loss", help="Charger la feuille même si elle retire des noms de la clé "
        "des pseudonymes (une colonne non associée, un en-tête fusionné sur les colonnes des "
        "noms…).")
    ] = False,
    passphrase_file: PassphraseFile = None,
) -> None:
    """Importer des transcriptions et des notes d'observation, pseudonymisées dès l'entrée
    (et d'abord la feuille des participant·e·s). Une transcription dont le nom de fichier ne
    contient aucun identifiant de participant·e entre non attribuée : tupsalco assign la
    rattache."""
    if not files and not participants:
        fail(TupsalcoError("Donnez des fichiers à importer, ou --participants FEUILLE."))
    try:
        p, viewer = signed_in(project, user)
        secret = passphrase(passphrase_file)
        if participants:
            check = p.check_participants(participants, columns)
            show_notices(check)
            n = p.import_participants(viewer, check, secret,
                                      confirm_name_loss=confirm_name_loss)
            typer.echo(f"{n} participant·e·s chargé·e·s")
        with progress_bar("import") as step:
            results = p.import_files(viewer, files or [], secret, progress=step)
    except TupsalcoError as exc:
        sheet_failed(exc)
    for r in results:
        status = STATUS.get(r.status, r.status)
        line = f"{status:8} {r.name}"
        if r.status == "imported":
            line += f" ({r.n_entities} identifiant(s) remplacé(s))"
        if r.error:
            line = f"{status:8} {r.error}"
        if r.notice:
            line += f"\n         {r.notice}"
        typer.echo(line)
    if any(r.status == "failed" for r in results):
        raise typer.Exit(1)


@app.command()
def documents(project: ProjectArg, user: UserOpt) -> None:
    """Lister les documents du projet avec les attributs de leurs participant·e·s."""
    from ..accounts import require
    from ..query import document_table
    from ..records import AccountRole

    try:
        p, viewer = signed_in(project, user)
        require(viewer, AccountRole.ADMIN, AccountRole.CODER, AccountRole.AUTHOR)
        table = document_table(p.documents())
    except TupsalcoError as exc:
        fail(exc)
    typer.echo(table.to_string(index=False) if len(table) else "aucun document")


@app.command()
def pseudonymise(
    files: Annotated[list[Path], typer.Argument(help="Transcriptions et notes (.docx, "
                                                ".txt…).")],
    jsonl: Annotated[bool, typer.Option("--jsonl", help="Un objet JSON par fichier.")] = False,
) -> None:
    """Afficher le texte pseudonymisé de fichiers (sans projet), lus et pseudonymisés
    exactement comme à l'import."""
    from ..ingest import read_document
    from ..pseudonymise.documents import labelled_text, pseudonymise_documents
    from ..pseudonymise.engine import Pseudonymiser

    try:
        docs = [read_document(f, data=read(f), number=n) for n, f in enumerate(files, 1)]
        results = pseudonymise_documents(Pseudonymiser(), docs)
    except TupsalcoError as exc:
        fail(exc)
    for path, doc, result in zip(files, docs, results, strict=True):
        if jsonl:
            entities = [{"type": e.type, "start": e.start, "end": e.end,
                         "surrogate": e.surrogate, "doubt": e.doubt} for e in result.entities]
            turns = [{"label": t.label, "start": result.offsets.to_new(t.start),
                      "end": result.offsets.to_new(t.end)} for t in doc.turns]
            sys.stdout.write(json.dumps({"file": str(path), "text": result.text, "turns": turns,
                                         "entities": entities}, ensure_ascii=False) + "\n")
        else:
            sys.stdout.write(labelled_text(doc, result) + "\n")


@app.command()
def demo(
    folder: Annotated[Path | None, typer.Option(help="Où le construire (par défaut .demo/).")
                      ] = None,
) -> None:
    """Construire le projet de démonstration à partir du corpus fictif (repris s'il existe
    déjà)."""
    from ..demo import build_demo

    try:
        with progress_bar("démo") as step:
            p = build_demo(folder, progress=step)
    except TupsalcoError as exc:
        fail(exc)
    typer.echo(f"projet de démonstration prêt dans {p.folder} : {len(p.documents())} "
               "documents")


@app.command("passphrase")
def change_passphrase(project: ProjectArg, user: UserOpt) -> None:
    """Changer la phrase de passe de la clé des pseudonymes du projet (administration)."""
    from ..accounts import require
    from ..records import AccountRole

    try:
        p, viewer = signed_in(project, user)
        require(viewer, AccountRole.ADMIN)
        old = typer.prompt("Phrase de passe actuelle", hide_input=True)
        new = typer.prompt("Nouvelle phrase de passe", hide_input=True,
                           confirmation_prompt=True)
        p.change_passphrase(viewer, old, new)
    except TupsalcoError as exc:
        fail(exc)
    typer.echo("phrase de passe changée")


@app.command()
def reveal(
    project: ProjectArg,
    surrogate: Annotated[str, typer.Argument(help="Un substitut, par exemple '[Personne 3]'.")],
    user: UserOpt,
    passphrase_file: PassphraseFile = None,
) -> None:
    """Afficher les formes originales derrière un substitut (consigné dans le journal, sans
    leur valeur)."""
    from ..review import reveal as reveal_forms

    try:
        p, viewer = signed_in(project, user)
        forms = reveal_forms(p, viewer, surrogate, passphrase(passphrase_file))
    except TupsalcoError as exc:
        fail(exc)
    typer.echo(" / ".join(forms))


@app.command()
def rerun(project: ProjectArg, user: UserOpt, passphrase_file: PassphraseFile = None) -> None:
    """Repasser le pseudonymiseur sur les textes enregistrés (les substituts restent)."""
    from ..review import rerun as rerun_pipeline

    try:
        p, viewer = signed_in(project, user)
        n = rerun_pipeline(p, viewer, passphrase(passphrase_file))
    except TupsalcoError as exc:
        fail(exc)
    typer.echo(f"{n} nouvel(s) identifiant(s) remplacé(s)")


@app.command()
def risk(
    project: ProjectArg,
    user: UserOpt,
    k: Annotated[int | None, typer.Option(help="Le seuil (par défaut le k du projet).")
                 ] = None,
) -> None:
    """Les combinaisons d'attributs que partagent moins de k participant·e·s."""
    from ..accounts import require
    from ..records import AccountRole
    from ..review import risky_combinations

    try:
        p, viewer = signed_in(project, user)
        require(viewer, AccountRole.ADMIN, AccountRole.CODER)
        threshold = k or p.k_threshold
        groups = risky_combinations(p.participants(), threshold)
    except TupsalcoError as exc:
        fail(exc)
    typer.echo(f"k = {threshold} : {len(groups)} combinaison(s) d'attributs sous le seuil")
    for g in groups:
        typer.echo(f"{g.participants:3}  " + " · ".join(f"{n}={v}" for n, v in g.attributes))


@app.command()
def migrate(project: ProjectArg, user: UserOpt) -> None:
    """Mettre la base du projet au schéma actuel (administration) ; affiche la révision."""
    from sqlalchemy import text

    from ..accounts import require
    from ..records import AccountRole

    try:
        p, viewer = signed_in(project, user)  # opening a project migrates it
        require(viewer, AccountRole.ADMIN)
        with p.db.engine.connect() as conn:
            revision = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except TupsalcoError as exc:
        fail(exc)
    typer.echo(f"base de données {p.db.engine.dialect.name} à la révision de schéma "
               f"{revision}")


@app.command()
def copy(
    project: ProjectArg,
    target: Annotated[Path, typer.Argument(help="Un nouveau dossier de projet pour la copie.")],
    user: UserOpt,
    to: Annotated[str | None, typer.Option("--to", help="L'adresse PostgreSQL de la cible "
                                           "(une base vide) ; sans elle, un fichier SQLite "
                                           "dans le dossier cible.")] = None,
) -> None:
    """Déplacer un projet vers une autre base (de SQLite à PostgreSQL et retour), sans rien
    perdre : les lignes et la somme de contrôle de chaque table sont comparées
    (administration). Le fichier de clé reste où il est."""
    from ..accounts import require
    from ..records import AccountRole
    from ..store.location import is_project, new_database
    from ..store.transfer import copy_database

    try:
        p, viewer = signed_in(project, user)
        require(viewer, AccountRole.ADMIN)
        if is_project(target):
            fail(TupsalcoError(f"{target} : un projet existe déjà ici ; copiez dans un "
                               "nouveau dossier."))
        target.mkdir(parents=True, exist_ok=True)
        db = new_database(target, to)
        db.migrate()
        tables = copy_database(p.db, db)
        db.dispose()
    except TupsalcoError as exc:
        fail(exc)
    for t in tables:
        typer.echo(f"{t.table:24} {t.rows_source:8} -> {t.rows_target:8}  "
                   f"{t.checksum_source[:12]} {'=' if t.same else '!='} {t.checksum_target[:12]}")
    if not all(t.same for t in tables):
        typer.secho("erreur : la copie diffère de la source ; ne l'utilisez pas.", err=True)
        raise typer.Exit(1)
    typer.echo(f"{sum(t.rows_target for t in tables)} ligne(s) copiée(s) dans {target} ; "
               "chaque table a la même somme de contrôle que la source")


@app.command()
def backup(
    project: ProjectArg,
    out: Annotated[Path, typer.Argument(help="L'archive à écrire (.tar.gz).")],
    user: UserOpt,
) -> None:
    """Sauvegarder un projet (administration) : sa base en un seul instantané, son fichier
    de clé toujours chiffré et ses enregistrements, dans une archive avec les lignes et la
    somme de contrôle de chaque table."""
    from ..backup import backup_project

    try:
        p, viewer = signed_in(project, user)
        report = backup_project(p, viewer, out)
        p.close()
    except TupsalcoError as exc:
        fail(exc)
    for t in report.tables:
        typer.echo(f"{t.table:24} {t.rows:8}  {t.checksum[:12]}")
    typer.echo(f"{sum(t.rows for t in report.tables)} ligne(s), la clé chiffrée et "
               f"{report.media} enregistrement(s) sauvegardés dans {out} (révision de schéma "
               f"{report.schema})")


@app.command()
def restore(
    archive: Annotated[Path, typer.Argument(help="Une sauvegarde écrite par `tupsalco "
                                            "backup`.")],
    folder: Annotated[Path, typer.Argument(help="Un nouveau dossier de projet.")],
    user: UserOpt,
    db: Annotated[str | None, typer.Option("--db", help="L'adresse d'une base PostgreSQL "
                                           "vide ; sans elle, un fichier SQLite dans le "
                                           "dossier.")] = None,
    vault: Annotated[Path | None, typer.Option(help="Où mettre le fichier de clé (par défaut "
                                               "le dossier des clés de cette machine).")
                     ] = None,
) -> None:
    """Restaurer une sauvegarde dans un nouveau dossier et une base neuve (signé par un
    compte d'administration du projet sauvegardé) ; les lignes et la somme de contrôle de
    chaque table sont comparées avec l'archive."""
    from ..backup import restore_project

    password = os.environ.get("TUPSALCO_PASSWORD") or typer.prompt(
        f"Mot de passe de {user}", hide_input=True)
    try:
        p, tables = restore_project(archive, folder, user, password, database_url=db,
                                    vault_path=vault)
    except TupsalcoError as exc:
        fail(exc)
    for t in tables:
        typer.echo(f"{t.table:24} {t.rows:8} -> {t.rows_other:8}  "
                   f"{t.checksum[:12]} {'=' if t.same else '!='} {t.checksum_other[:12]}")
    typer.echo(f"{sum(t.rows_other for t in tables)} ligne(s) restaurée(s) dans {folder} ; "
               "chaque table a la même somme de contrôle que l'archive ; clé des pseudonymes "
               f"dans {p.vault_path}")
    p.close()
