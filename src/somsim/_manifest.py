"""The manifest of an output folder: which files one run wrote, with their sizes and SHA-256.

``run --out DIR`` writes ``DIR/manifest.json`` last and removes the old one first (see
:mod:`somsim._io`), so when a manifest exists and :func:`verify_manifest` finds every listed file
with its size and hash, those files come from the run that wrote it. Files in the folder that the
manifest does not list are not from that run.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import os
from typing import Any

__all__ = ["MANIFEST_SCHEMA", "manifest_document", "sha256_of", "verify_manifest"]

MANIFEST_SCHEMA = "somsim.outputs/1"


def sha256_of(path: str | os.PathLike[str]) -> tuple[str, int]:
    """The SHA-256 (hex) and size in bytes of a file."""
    h = hashlib.sha256()
    size = 0
    with open(path, "rb") as f:
        while chunk := f.read(8 << 20):
            h.update(chunk)
            size += len(chunk)
    return h.hexdigest(), size


def manifest_document(files: dict[str, dict[str, Any]], info: dict[str, Any]) -> dict[str, Any]:
    """The manifest as a JSON-ready dict.

    Parameters
    ----------
    files : dict
        File name → ``{"bytes": size, "sha256": hex}``.
    info : dict
        Extra fields (seed, draws …); they cannot replace ``schema``, ``run``, ``created_at`` or
        ``files``.

    Returns
    -------
    dict
        ``schema``, a random ``run`` id, ``created_at`` (UTC), the extra fields, ``files`` (sorted).
    """
    doc: dict[str, Any] = {
        "schema": MANIFEST_SCHEMA,
        "run": os.urandom(8).hex(),
        "created_at": _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds"),
    }
    doc.update((k, v) for k, v in info.items() if k not in doc and k != "files")
    doc["files"] = dict(sorted(files.items()))
    return doc


def verify_manifest(folder: str | os.PathLike[str], name: str = "manifest.json") -> list[str]:
    """Check that the files a manifest lists are there with the sizes and hashes it gives.

    Parameters
    ----------
    folder : str or path-like
        The output folder.
    name : str
        The manifest's file name.

    Returns
    -------
    list of str
        The problems found; empty when every listed file comes from the run that wrote the manifest.
    """
    folder = os.fspath(folder)
    try:
        with open(os.path.join(folder, name), encoding="utf-8") as f:
            doc = json.load(f)
        files = doc["files"]
    except (OSError, ValueError, KeyError, TypeError) as e:
        return [f"{os.path.join(folder, name)}: no readable manifest ({e.__class__.__name__})"]
    problems = []
    for fname, want in files.items():
        path = os.path.join(folder, fname)
        try:
            sha, size = sha256_of(path)
        except OSError as e:
            problems.append(f"{path}: {e.strerror or e}")
            continue
        if (sha, size) != (want.get("sha256"), want.get("bytes")):
            problems.append(f"{path}: not the file the manifest lists (another run, or changed since)")
    return problems
