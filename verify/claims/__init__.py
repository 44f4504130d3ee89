"""Claim modules, one per paper topic; each registers its claims and ``eval`` quantities on import.

Every module here (not starting with ``_``) is imported by :func:`verify.load_all`.
"""
