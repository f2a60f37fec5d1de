"""jobmatch — the iljari matching engine (NumPy/SciPy, no Django).

Modules: ``text`` (kiwipiepy tokens), ``titles`` (title normaliser), ``textvec`` (duty embeddings),
``model`` (columnar inputs), ``scoring`` (features, filters, weights, explanations), ``engine``
(candidate generation, exact ranking, capacity re-ranking), ``online`` (incremental index),
``batch`` (local processes / Dask), ``synth`` + ``bench`` (benchmark), ``cli``.
"""

__version__ = "0.1.0"
