"""Every benchmark of iljari, the load scenario and the synthetic worlds — outside the package.

Run them through ``bench/run.py NAME`` (see its docstring); ``make bench`` runs the set.
"""
