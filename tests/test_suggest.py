from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tupsalco.codebook import load_codebook
from tupsalco.suggest import Suggester

from .conftest import ROOT

CASES = [
    ("On vise pas l'arrêt total, hein, on essaie déjà de diminuer les quantités.", "objectifs"),
    ("Le baclofène, je l'ai augmenté petit à petit, et le Seresta pour le sevrage.",
     "strategies"),
    ("En réunion une fois par mois on discute des situations avec la psy et l'assistante "
     "sociale.", "coordination"),
    ("J'avais honte, une femme qui boit c'est mal vu, je cachais les bouteilles.",
     "femmes_stigmatisation"),
    ("Je vois plus les copains du bar, je me suis rapproché de ma fille.", "liens_sociaux"),
]


@pytest.fixture(scope="module")
def suggester() -> Suggester:
    return Suggester(load_codebook(ROOT / "codebooks" / "tupsalco.yaml"))


@pytest.mark.parametrize(("text", "theme"), CASES)
def test_codebook_alone_ranks_the_theme_in_the_top_three(suggester, text, theme) -> None:
    ranked = [t for t, _ in suggester.themes(text)]
    assert theme in ranked[:3]
    best = suggester.suggest(text, top=3)
    assert best and all(s.reason for s in best)
    assert all(suggester.book.theme_of(s.code) == s.theme for s in best)


def test_learning_from_codings_raises_what_the_team_codes() -> None:
    learner = Suggester(load_codebook(ROOT / "codebooks" / "tupsalco.yaml"))
    target = learner.book.children("tensions")[-1].id
    other = learner.book.children("objectifs")[0].id
    text = "Le gros souci c'est le délai pour avoir un rendez-vous au centre médico-psy."
    index = learner.codes.index(target)
    from tupsalco.suggest import content_lemmas

    before = learner.scores(content_lemmas([text])[0], text)[index]
    passages = [f"Au centre médico-psy il faut un délai de {n} mois pour un rendez-vous."
                for n in range(2, 40)] + [f"On a décidé de réduire à {n} verres par jour."
                                          for n in range(2, 40)]
    assert learner.fit(passages, [target] * 38 + [other] * 38) == 76
    after = learner.scores(content_lemmas([text])[0], text)[index]
    assert after > before
    assert learner.suggest(text, top=1)[0].theme == "tensions"


def test_rejected_codes_are_left_out(suggester) -> None:
    text, _ = CASES[0]
    first = suggester.suggest(text, top=1)[0].code
    assert first not in [s.code for s in suggester.suggest(text, top=5, exclude=[first])]


def test_cli_json(tmp_path) -> None:
    path = tmp_path / "p.txt"
    path.write_text(CASES[3][0], encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "tupsalco.cli", "suggest", str(path), "--top",
                          "3", "--json"], capture_output=True, text=True, timeout=300,
                         env={**__import__("os").environ, "TUPSALCO_DEMO_DIR": str(tmp_path)})
    assert out.returncode == 0, out.stderr
    rows = json.loads(out.stdout)
    assert len(rows) == 3 and set(rows[0]) == {"code", "theme", "score", "reason"}
    assert rows[0]["theme"] == "femmes_stigmatisation"
