"""Inter-coder agreement: pure numpy, no project or database needed.

- ``characters``: characters as units (NVivo's comparison), Cohen's kappa, alpha-binary, AC1;
- ``tables``: coders × units tables, nominal alpha, Brennan & Prediger, Krippendorff's reading;
- ``gwet``: Gwet's AC1 and AC2 (weighted), from any coders × units table or distribution;
- ``concerns``: warnings on what the figures rest on (rare codes, absent coders, lone codes);
- ``unitizing``: u-, |u- and cu-alpha for a domain of mutually exclusive codes (ATLAS.ti);
- ``segments``: segment matching with an overlap threshold (MAXQDA);
- ``intra``: one coder's two passes (test-retest), a set-aside pass signed with its label;
- ``matrix``: a code × document table of kappa, alpha and AC1 (NVivo's coding comparison);
- ``bootstrap``: 95 % intervals by resampling documents;
- ``disputes``: a round's passages, agreed or to adjudicate, and agreement per document.
"""

from .bootstrap import (
    Interval,
    ac1_binary_interval,
    ac1_intervals,
    alpha_binary_interval,
    bootstrap_documents,
    compare_intervals,
    domain_gwet_interval,
    kappa_interval,
    unitizing_interval,
)
from .characters import (
    CharacterTable,
    CodeAgreement,
    Span,
    ac1_binary,
    alpha_binary,
    alpha_binary_from_documents,
    binary_coincidences,
    binary_gwet_parts,
    character_table,
    compare,
    coverage,
    pooled_rows,
    pooled_table,
)
from .concerns import RARE_PASSAGES, AgreementWarning, passages, warnings
from .disputes import DECISIONS, DocumentAgreement, Passage, by_document, merged, split_passages
from .gwet import (
    WEIGHTS,
    GwetAC,
    codebook_weights,
    gwet_ac,
    gwet_ac_counts,
    gwet_from_parts,
    gwet_parts,
    weight_matrix,
)
from .intra import PASS_LABEL, PASS_MARK, Retest, pass_name, passes, retest, split_pass
from .matrix import Cell, code_document_table
from .segments import SegmentAgreement, SegmentCount, overlap, segment_agreement
from .tables import (
    RELIABLE,
    TENTATIVE,
    alpha_from_coincidences,
    brennan_prediger,
    krippendorff_alpha_nominal,
    reading,
)
from .unitizing import (
    UnitizedDocument,
    UnitizingAlpha,
    clean_segments,
    domain_gwet,
    domain_rows,
    gwet_domain_parts,
    gwet_of_rows,
    unitized_documents,
    unitizing_alpha,
)

__all__ = [
    "AgreementWarning", "Cell", "CharacterTable", "CodeAgreement", "DECISIONS",
    "DocumentAgreement", "GwetAC", "Interval", "PASS_LABEL", "PASS_MARK", "Passage",
    "RARE_PASSAGES", "RELIABLE", "Retest", "SegmentAgreement", "SegmentCount", "Span",
    "TENTATIVE", "UnitizedDocument", "UnitizingAlpha", "WEIGHTS", "ac1_binary",
    "ac1_binary_interval", "ac1_intervals", "alpha_binary", "alpha_binary_from_documents",
    "alpha_binary_interval", "alpha_from_coincidences", "binary_coincidences",
    "binary_gwet_parts", "bootstrap_documents", "brennan_prediger", "by_document",
    "character_table", "clean_segments", "code_document_table", "codebook_weights", "compare",
    "compare_intervals", "coverage", "domain_gwet", "domain_gwet_interval", "domain_rows",
    "gwet_ac", "gwet_ac_counts", "gwet_domain_parts", "gwet_from_parts", "gwet_of_rows",
    "gwet_parts", "kappa_interval",
    "krippendorff_alpha_nominal", "merged", "overlap", "pass_name", "passages", "passes",
    "pooled_rows", "pooled_table", "reading", "retest", "segment_agreement", "split_pass",
    "split_passages",
    "unitized_documents", "unitizing_alpha", "unitizing_interval", "warnings", "weight_matrix",
]
