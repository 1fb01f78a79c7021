"""What a benchmark ran on: machine, data file, library versions, date, load."""

from __future__ import annotations

import datetime
import hashlib
import os
import platform
import shutil
import subprocess
from importlib import metadata
from pathlib import Path

PACKAGES = (
    "keras",
    "tensorflow-cpu",
    "tensorflow",
    "jax",
    "jaxlib",
    "torch",
    "numpy",
    "scikit-image",
    "nbclient",
    "ipykernel",
    "myst-nb",
    "jupyter-book",
)


def cpu_model():
    """The CPU's model name from /proc/cpuinfo (Linux), else platform.processor(), else 'unknown'."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.lower().startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def gpus():
    """GPU names from nvidia-smi, or an empty list."""
    if not shutil.which("nvidia-smi"):
        return []
    try:
        out = subprocess.run(
            ["nvidia-smi", "--query-gpu=name,memory.total", "--format=csv,noheader"],
            capture_output=True,
            text=True,
            timeout=20,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    return [line.strip() for line in out.splitlines() if line.strip()]


def machine():
    try:
        import psutil

        physical, ram = psutil.cpu_count(logical=False), psutil.virtual_memory().total
    except ImportError:  # a bare machine: /proc/meminfo
        physical, ram = None, 0
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                ram = int(line.split()[1]) * 1024
    return dict(
        cpu=cpu_model(),
        logical_cores=os.cpu_count(),
        physical_cores=physical,
        ram_gib=round(ram / 2**30, 1),
        gpus=gpus(),
        system=f"{platform.system()} {platform.release()}",
        python=platform.python_version(),
    )


def sha256(path, chunk=1 << 20):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(chunk), b""):
            digest.update(block)
    return digest.hexdigest()


def data_info(path):
    """``{"path", "sha256", "bytes"}`` of the MNIST file, or a note that Keras's download is used."""
    if not path:
        return dict(path=None, note="no AUTOENCODER_COURSE_MNIST: the course's split of Keras's MNIST download")
    path = Path(path)
    if not path.is_file():
        raise ValueError(f"AUTOENCODER_COURSE_MNIST points to {path}, which is not a file")
    return dict(path=path.name, sha256=sha256(path), bytes=path.stat().st_size)


def versions():
    found = {}
    for name in PACKAGES:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            pass
    return found


def load_average():
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return None


def now():
    return datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
