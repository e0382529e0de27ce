"""Patch targets (ALP004): recognising patch calls, and resolving their targets statically.

``targets`` runs inside the shared walk and costs nothing for files without
patch calls; ``resolver`` (and astroid with it) is imported only for a file
that has at least one literal target.
"""
