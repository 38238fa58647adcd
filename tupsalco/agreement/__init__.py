"""Inter-coder agreement: pure numpy, no project or database needed.

- ``characters``: characters as units (NVivo's comparison), Cohen's kappa, alpha-binary, AC1;
- ``tables``: coders × units tables, nominal alpha, Brennan & Prediger, Krippendorff's reading;
- ``gwet``: Gwet's AC1 and AC2 (weighted), from any coders × units table or distribution;
- ``concerns``: warnings on what the figures rest on (rare codes, absent coders, lone codes);
- ``unitizing``: u-, |u- and cu-alpha for a domain of mutually exclusive codes (ATLAS.ti);
- ``segments``: segment matching with an overlap threshold (MAXQDA);
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
    gwet_domain_parts,
    unitized_documents,
    unitizing_alpha,
)

__all__ = [
    "DECISIONS", "DocumentAgreement", "Passage", "by_document", "merged", "split_passages",
    "RARE_PASSAGES", "RELIABLE", "TENTATIVE", "WEIGHTS", "AgreementWarning", "CharacterTable",
    "CodeAgreement", "GwetAC", "Interval", "SegmentAgreement", "SegmentCount", "Span",
    "UnitizedDocument", "UnitizingAlpha", "ac1_binary", "ac1_binary_interval", "ac1_intervals",
    "alpha_binary", "alpha_binary_from_documents", "alpha_binary_interval",
    "alpha_from_coincidences", "binary_coincidences", "binary_gwet_parts",
    "bootstrap_documents", "brennan_prediger", "character_table", "clean_segments",
    "codebook_weights", "compare", "compare_intervals", "coverage", "domain_gwet",
    "domain_gwet_interval", "gwet_ac", "gwet_ac_counts", "gwet_domain_parts",
    "gwet_from_parts", "gwet_parts", "kappa_interval", "krippendorff_alpha_nominal", "overlap",
    "passages", "pooled_table", "reading", "segment_agreement", "unitized_documents",
    "unitizing_alpha", "unitizing_interval", "warnings", "weight_matrix",
]
