"""Every analyst notebook in notebooks/ runs top to bottom without an error, and is committed without outputs.

Why run them in the test suite: a notebook is documentation that executes; one that breaks silently when the
query API changes misleads the analyst who opens it next.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel
from nbclient import NotebookClient

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
PATHS = sorted(NOTEBOOKS.glob("*.ipynb"))
OWN_KERNEL = "vankien-venv"


def _runs_here(name: str) -> bool:
    """Whether kernel ``name`` starts this interpreter (``python`` in a spec means the current one)."""
    try:
        argv = KernelSpecManager().get_kernel_spec(name).argv
    except NoSuchKernel:
        return False
    return bool(argv) and (
        argv[0] in ("python", "python3") or Path(argv[0]).resolve() == Path(sys.executable).resolve()
    )


@pytest.fixture(scope="module")
def kernel_name() -> str:
    """ "python3" when it resolves to this virtual environment, else a kernel spec installed into it."""
    if _runs_here("python3"):
        return "python3"
    if not _runs_here(OWN_KERNEL):
        subprocess.run(
            [sys.executable, "-m", "ipykernel", "install", "--sys-prefix", "--name", OWN_KERNEL],
            check=True,
            capture_output=True,
        )
    return OWN_KERNEL


def test_there_are_notebooks():
    assert any(p.name == "lineage.ipynb" for p in PATHS)


@pytest.mark.parametrize("path", PATHS, ids=[p.name for p in PATHS])
def test_notebook_is_committed_without_outputs(path):
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert not cell.outputs and cell.execution_count is None, (
                f"{path.name}: strip outputs before commit"
            )


@pytest.mark.parametrize("path", PATHS, ids=[p.name for p in PATHS])
def test_notebook_executes(path, kernel_name):
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb, timeout=180, kernel_name=kernel_name, resources={"metadata": {"path": str(path.parent)}}
    )
    client.execute()  # raises CellExecutionError (with the cell and traceback) on any cell error
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    assert not errors
