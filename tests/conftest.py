from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


@pytest.fixture(scope="session")
def shared() -> Path:
    if not SHARED.is_dir():
        pytest.skip("../shared is not beside the repository")
    return SHARED


@pytest.fixture(scope="session")
def founding(shared: Path):
    """The founding article's extraction, run once for the session."""
    import counterclaim

    path = shared / "fixtures" / "panjshir-2021-09.txt"
    if not path.exists():
        pytest.skip("founding article absent")
    return counterclaim.extract(path.read_text(encoding="utf-8"), published="2021-09-06").to_dict()
