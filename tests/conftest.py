import datetime as dt
import shutil
import textwrap
from pathlib import Path

import pytest
from typer.testing import CliRunner

from vnpolicy import api
from vnpolicy.cli import app

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "examples" / "sample"


def policy_yaml(policy_id, rest=""):
    """A test policy's text: a header (its id, a title, a document, Lào Cai, in force from 2025) and ``rest``."""
    header = f"""\
        id: {policy_id}
        title: Thử
        document: {{number: '1', type: khac, issuer: Thử, date: 2025-01-01}}
        jurisdiction: {{province: laocai}}
        in_force: {{from: 2025-01-01}}
        """
    return textwrap.dedent(header) + textwrap.dedent(rest)


ON = dt.date(2025, 12, 1)


@pytest.fixture(scope="session", autouse=True)
def _policy_cache(tmp_path_factory):
    """The policy cache of the tests' own (one per worker), never the user's ~/.cache/vnpolicy."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("VNPOLICY_CACHE", str(tmp_path_factory.mktemp("policy-cache")))
        yield


@pytest.fixture(autouse=True)
def _no_outside_plugins(monkeypatch):
    """Tests see the builtin plugins only, unless a test installs its own."""
    monkeypatch.setenv("VNPOLICY_LOAD_PLUGINS", "laocai,daknong,vinhphuc,national")
    from vnpolicy.hooks import manager

    manager.registry.cache_clear()
    yield
    manager.registry.cache_clear()


@pytest.fixture
def cli():
    runner = CliRunner()

    def run(*args):
        return runner.invoke(app, [str(a) for a in args])

    return run


@pytest.fixture
def sample(tmp_path):
    """A copy of the bundled sample dataset that a test may edit."""
    target = tmp_path / "sample"
    shutil.copytree(SAMPLE, target)
    return target


@pytest.fixture(scope="session")
def sample_assessment():
    result, data = api.run(SAMPLE, ON)
    return result, data
