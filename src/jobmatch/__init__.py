"""jobmatch — the iljari matching engine (NumPy/SciPy, no Django).

Modules: ``text`` (kiwipiepy tokens), ``titles`` (title normaliser), ``textvec`` (duty embeddings),
``model`` (columnar inputs), ``scoring`` (features, filters, weights), ``fastscore`` (the benchmark
engine's block scores), ``pair_explain`` (its explanations), ``engine`` (candidate generation, exact
ranking), ``exposure`` (capacity re-ranking), ``online`` (incremental index),
``batch`` (local processes / Dask), ``cli``. Benchmarks and synthetic worlds live in ``bench/``,
outside the package.
"""

__version__ = "0.1.0"
