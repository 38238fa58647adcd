"""The identifier rules of the spaCy pipeline, one module per family: ``words`` (the word
lists), ``base`` (what every family shares), ``ner`` (the model's entities trimmed),
``kept`` (words to keep in context), ``cues`` (names after a title, a kinship word, a
facility noun), ``persons``, ``places``, ``establishments`` and ``addresses``. They are
mixed into ``pipeline.IdentifierFinder``."""
