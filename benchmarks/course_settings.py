"""The course's model settings the benchmarks re-run, read from the chapters themselves.

The benchmark must train *the chapter's* models, not copies that drift, so it reads them from the
notebooks' source (nothing is executed but function definitions and literal constants):

* dense denoiser (chapter 03): the literal ``COURSE_DENOISER = dict(...)``; the architecture has the
  source's layer sizes (:func:`benchmarks.models.dense_autoencoder`);
* conv denoiser (chapter 09): ``build_denoiser`` (with the functions and constants it uses) and the
  constants ``SIGMA``, ``EPOCHS``, ``BATCH_SIZE`` and the ``copies=`` of its training pairs;
* conv VAE (chapter 11): ``LATENT_DIM``, ``BATCH_SIZE``, ``ENCODER_FILTERS``, the Adam learning rate,
  for ``autoencoder_course.vae.ConvVAE``.

Each reader falls back to a copy kept here (and says so in ``origin``) when the chapter is missing or
has changed shape; the page shows the origin.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHAPTERS = ROOT / "chapters"
DENSE_CHAPTER = CHAPTERS / "03_denoising_dense.ipynb"
CONV_CHAPTER = CHAPTERS / "09_convolutional_autoencoders.ipynb"
VAE_CHAPTER = CHAPTERS / "11_convolutional_vae.ipynb"
DENSE_NAME = "COURSE_DENOISER"
DENSE_FALLBACK = dict(train_sigma=(0.0, 0.3), scheme="noisy_to_clean", copies=4, epochs=20, batch_size=64, seed=0)
CONV_FALLBACK = dict(train_sigma=0.5, epochs=12, batch_size=128, copies=2, seed=0)
VAE_FALLBACK = dict(latent_dim=2, batch_size=128, encoder_filters=(16, 32), learning_rate=2e-3, epochs=30)
# Values chapter 09 glues (numbers as text): PSNR of its denoiser / the noisy input / PCA at sigma 0.5, training s.
CONV_GLUE = dict(psnr="psnr_net", noisy="psnr_noisy", pca="psnr_pca", seconds="train_seconds")


def _parse(source):
    lines = [line for line in source.splitlines() if not line.lstrip().startswith(("%", "!"))]
    try:
        return ast.parse("\n".join(lines))
    except SyntaxError as error:
        raise ValueError(f"cannot parse the source: {error}") from error


def literal_dict_assignment(source, name):
    """The value of ``name = dict(k=literal, ...)`` or ``name = {"k": literal}`` in Python ``source``.

    Returns a dict, or None when ``name`` is not assigned such a literal.  Tuples stay tuples.
    Raises ValueError when ``source`` does not parse (after dropping IPython magics).
    """
    for node in ast.walk(_parse(source)):
        if not (isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == name for t in node.targets)):
            continue
        value = node.value
        try:
            if isinstance(value, ast.Call) and isinstance(value.func, ast.Name) and value.func.id == "dict" \
                    and not value.args:
                return {kw.arg: ast.literal_eval(kw.value) for kw in value.keywords}
            if isinstance(value, ast.Dict):
                return ast.literal_eval(value)
        except ValueError:
            return None
    return None


def _code_cells(path):
    import nbformat

    path = Path(path)
    if not path.is_file():
        return []
    return [cell.source for cell in nbformat.read(path, as_version=4).cells if cell.cell_type == "code"]


def settings_from_notebook(path, name):
    """Find the literal dict assigned to ``name`` in any code cell of notebook ``path``; None if absent."""
    for source in _code_cells(path):
        if name in source:
            try:
                found = literal_dict_assignment(source, name)
            except ValueError:
                continue
            if found is not None:
                return found
    return None


def constants_and_functions(sources):
    """From code ``sources``: ``({NAME: literal} of top-level constant assignments, [function def nodes])``.

    Only UPPER_CASE names assigned a literal count as constants; cells that do not parse are skipped.
    """
    constants, functions = {}, []
    for source in sources:
        try:
            tree = _parse(source)
        except ValueError:
            continue
        for node in tree.body:
            if isinstance(node, ast.FunctionDef):
                functions.append(node)
            elif isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name) \
                    and node.targets[0].id.isupper():
                try:
                    constants[node.targets[0].id] = ast.literal_eval(node.value)
                except ValueError:
                    pass
    return constants, functions


def load_functions(sources, namespace):
    """Define every top-level function and literal constant of ``sources`` in ``namespace``; return it.

    Nothing else of the cells runs (no training, no printing).  ``namespace`` brings the imports the
    functions use (e.g. ``keras``, ``layers``).
    """
    constants, functions = constants_and_functions(sources)
    namespace.update(constants)
    module = ast.Module(body=functions, type_ignores=[])
    exec(compile(module, "<chapter functions>", "exec"), namespace)  # noqa: S102 - the course's own notebooks
    return namespace


def _constants_near(sources, anchor):
    """Constants of all cells, overridden by those of the first cell that assigns ``anchor``: the
    settings cell wins over a later cell that reuses a name (e.g. a classifier's own BATCH_SIZE)."""
    constants, _ = constants_and_functions(sources)
    anchored = [source for source in sources if re.search(rf"^{anchor}\s*=", source, re.M)]
    if anchored:
        constants.update(constants_and_functions(anchored[:1])[0])
    return constants


def dense_settings():
    """``(settings, origin)``: chapter 03's COURSE_DENOISER, or the fallback copy when it cannot be read."""
    found = settings_from_notebook(DENSE_CHAPTER, DENSE_NAME)
    if found:
        return found, f"{DENSE_CHAPTER.name}: {DENSE_NAME}"
    return dict(DENSE_FALLBACK), "fallback copy in benchmarks/course_settings.py (chapter's literal not found)"


def conv_denoiser():
    """``(build_model, settings, origin)`` of chapter 09's convolutional denoiser.

    Falls back to :func:`benchmarks.models.strided_conv_denoiser` and :data:`CONV_FALLBACK` when the
    chapter or its ``build_denoiser`` is missing.
    """
    import keras
    import numpy as np

    sources = _code_cells(CONV_CHAPTER)
    constants = _constants_near(sources, "EPOCHS")
    try:
        namespace = load_functions(sources, {"keras": keras, "layers": keras.layers, "ops": keras.ops, "np": np})
        build = namespace["build_denoiser"]
    except Exception as error:  # noqa: BLE001 - any failure means: use the fallback, and say why
        from .models import strided_conv_denoiser

        return strided_conv_denoiser, dict(CONV_FALLBACK), f"fallback stand-in ({type(error).__name__}: {error})"
    copies = next((int(m.group(1)) for s in sources for m in [re.search(r"make_training_pairs\(fit_clean[^)]*copies=(\d+)", s)] if m),
                  CONV_FALLBACK["copies"])
    settings = dict(train_sigma=constants.get("SIGMA", CONV_FALLBACK["train_sigma"]),
                    epochs=constants.get("EPOCHS", CONV_FALLBACK["epochs"]),
                    batch_size=constants.get("BATCH_SIZE", CONV_FALLBACK["batch_size"]), copies=copies, seed=0)
    return build, settings, f"{CONV_CHAPTER.name}: build_denoiser, SIGMA, EPOCHS, BATCH_SIZE, copies"


def vae_settings():
    """``(settings, origin)`` of chapter 11's ConvVAE: latent_dim, batch_size, encoder_filters, learning_rate."""
    sources = _code_cells(VAE_CHAPTER)
    constants = _constants_near(sources, "LATENT_DIM")
    if "LATENT_DIM" not in constants:
        return dict(VAE_FALLBACK), "fallback copy in benchmarks/course_settings.py"
    rate = next((float(m.group(1)) for s in sources for m in [re.search(r"Adam\(\s*(?:learning_rate=)?([0-9.eE-]+)", s)]
                 if m), VAE_FALLBACK["learning_rate"])
    settings = dict(latent_dim=constants["LATENT_DIM"], batch_size=constants.get("BATCH_SIZE", 128),
                    encoder_filters=tuple(constants.get("ENCODER_FILTERS", (32, 64))), learning_rate=rate,
                    epochs=constants.get("EPOCHS"))
    return settings, f"{VAE_CHAPTER.name}: LATENT_DIM, BATCH_SIZE, ENCODER_FILTERS, Adam learning rate"
