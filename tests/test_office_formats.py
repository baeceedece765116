"""Old Word/Excel and WPS files (.doc, .wps, .rtf, .odt; .xls, .et, .ods), read through LibreOffice.

The files are made here from the seed by LibreOffice itself, so the tests skip with a
message where it (or its Calc part, for the tables) is not installed.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from conftest import SEED_TABLE, SEED_TEXT
from openpyxl import Workbook

import aircheck
from aircheck import office
from aircheck.cli import main
from aircheck.errors import AircheckError
from aircheck.tables import read_table

#: The seed table's columns as text, so LibreOffice keeps every figure as typed (69.8%).
CSV_AS_TEXT = "CSV:44,34,76,1," + "/".join(f"{i}/2" for i in range(1, 11))


def _soffice() -> str:
    program = office.find_soffice()
    if program is None:
        pytest.skip(
            "LibreOffice (soffice) is not installed: apt-get install libreoffice-writer-nogui"
        )
    return program


def _convert(source: Path, to: str, outdir: Path, profile: Path, infilter: str = "") -> Path:
    command = [_soffice(), f"-env:UserInstallation={profile.as_uri()}", "--headless"]
    if infilter:
        command.append(f"--infilter={infilter}")
    command += ["--convert-to", to, "--outdir", str(outdir), str(source)]
    subprocess.run(command, capture_output=True, timeout=180, check=False)
    made = outdir / f"{source.stem}.{to}"
    if not made.is_file():
        part = "libreoffice-calc-nogui" if to in ("xls", "ods") else "libreoffice-writer-nogui"
        pytest.skip(f"LibreOffice could not write .{to} here: apt-get install {part}")
    return made


@pytest.fixture(scope="module")
def words(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The seed text as .doc, .rtf, .odt and .wps (LibreOffice Writer)."""
    root = tmp_path_factory.mktemp("office-text")
    files = {s: _convert(SEED_TEXT, s, root / s, root / "profile") for s in ("doc", "rtf", "odt")}
    files["wps"] = Path(shutil.copy(files["doc"], root / "seed.wps"))  # WPS saves Word 97
    return files


@pytest.fixture(scope="module")
def sheets(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The seed table as .xls, .ods and .et (LibreOffice Calc, which may be missing)."""
    root = tmp_path_factory.mktemp("office-table")
    files = {
        s: _convert(SEED_TABLE, s, root / s, root / "profile", CSV_AS_TEXT) for s in ("xls", "ods")
    }
    files["et"] = Path(shutil.copy(files["xls"], root / "seed.et"))  # WPS saves Excel 97
    return files


def _findings(source: Path) -> list[tuple[str, int, int | None, str | None, str]]:
    report = aircheck.validate(source)
    return [
        (f.code, f.locations[0].line, f.locations[0].column, f.expected, f.locations[0].file)
        for f in report.findings
    ]


@pytest.mark.parametrize("suffix", ["doc", "wps", "rtf", "odt"])
def test_word_formats_give_the_seed_findings_at_the_same_lines(
    words: dict[str, Path], suffix: str
) -> None:
    seed = _findings(SEED_TEXT)
    assert len(seed) >= 7
    got = _findings(words[suffix])
    assert [g[:4] for g in got] == [s[:4] for s in seed]
    assert {g[4] for g in got} == {str(words[suffix])}  # the file the user gave, not the copy


@pytest.mark.parametrize("suffix", ["xls", "et", "ods"])
def test_spreadsheet_formats_give_the_seed_findings_at_the_same_rows(
    sheets: dict[str, Path], suffix: str
) -> None:
    seed = _findings(SEED_TABLE)
    assert len(seed) >= 10
    got = _findings(sheets[suffix])
    assert [g[:4] for g in got] == [s[:4] for s in seed]
    assert {g[4] for g in got} == {str(sheets[suffix])}


def test_cli_validate_and_review_of_a_doc(words: dict[str, Path], tmp_path: Path) -> None:
    runner = CliRunner()
    seed = runner.invoke(main, ["validate", str(SEED_TEXT), "--format", "json"])
    result = runner.invoke(main, ["validate", str(words["doc"]), "--format", "json"])
    assert result.exit_code == seed.exit_code, result.output
    assert str(words["doc"]) in result.output
    html, copy = tmp_path / "r.html", tmp_path / "r.docx"
    result = runner.invoke(
        main, ["review", str(words["doc"]), "--html", str(html), "-o", str(copy), "-q"]
    )
    assert result.exit_code in (0, 1), result.output
    page = html.read_text("utf-8")
    assert "新建改造供热管网" in page and "69.8%" in page
    comments = docx.Document(str(copy)).comments
    assert len(list(comments)) == len(aircheck.validate(words["doc"]).findings)


def test_review_html_of_an_xls_shows_its_rows(sheets: dict[str, Path], tmp_path: Path) -> None:
    html = tmp_path / "t.html"
    result = CliRunner().invoke(main, ["review", str(sheets["xls"]), "--html", str(html), "-q"])
    assert result.exit_code in (0, 1), result.output
    assert "新建改造供热管网" in html.read_text("utf-8")


@pytest.mark.parametrize(("name", "target"), [("report.doc", ".docx"), ("table.xls", ".xlsx")])
def test_without_libreoffice_one_line_and_exit_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, target: str
) -> None:
    path = tmp_path / name
    path.write_bytes(b"\xd0\xcf\x11\xe0 not really")
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))  # no soffice on the search path
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, result.output
    assert str(path) in lines[0] and "LibreOffice" in lines[0]
    assert f"save it as {target}" in lines[0]
    zh = CliRunner().invoke(main, ["validate", str(path), "--lang", "zh"])
    assert zh.exit_code == 2 and f"另存为 {target}" in zh.output


def _fake_soffice(tmp_path: Path, body: str) -> str:
    script = tmp_path / "soffice"
    script.write_text(f"#!/bin/sh\n{body}\n", "utf-8")
    script.chmod(0o755)
    return str(script)


@pytest.mark.skipif(sys.platform == "win32", reason="a shell script stands in for soffice")
@pytest.mark.parametrize(
    ("body", "said"),
    [
        ("echo 'Error: source file could not be loaded' >&2; exit 1", "could not be loaded"),
        ("echo 'Error: source file could not be loaded' >&2; exit 0", "could not be loaded"),
        ("exit 0", "it wrote nothing"),
    ],
)
def test_a_failed_conversion_is_one_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, body: str, said: str
) -> None:
    fake = _fake_soffice(tmp_path, body)
    monkeypatch.setattr(office, "find_soffice", lambda: fake)
    path = tmp_path / "report.doc"
    path.write_bytes(b"x")
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 2
    assert result.output.count("\n") == 1
    assert "could not convert the file to .docx" in result.output and said in result.output


@pytest.mark.skipif(sys.platform == "win32", reason="a shell script stands in for soffice")
def test_a_hanging_conversion_is_stopped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake = _fake_soffice(tmp_path, "sleep 30")
    monkeypatch.setattr(office, "find_soffice", lambda: fake)
    monkeypatch.setattr(office, "TIMEOUT", 1)
    path = tmp_path / "table.et"
    path.write_bytes(b"x")
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 2
    assert "did not convert the file within 1 s" in result.output


def test_errors_in_the_converted_copy_name_the_original(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copy = tmp_path / "copy.xlsx"
    book = Workbook()
    book.active.append(["foo", "bar"])  # no item column
    book.save(copy)
    monkeypatch.setattr(office, "converted", lambda path: copy)
    original = tmp_path / "table.xls"
    original.write_bytes(b"x")
    with pytest.raises(AircheckError) as caught:
        read_table(original)
    assert caught.value.file == str(original)


def test_converted_copies_are_removed_when_the_process_ends(words: dict[str, Path]) -> None:
    code = (
        "import sys; from pathlib import Path; from aircheck import office;"
        "print(office.converted(Path(sys.argv[1])))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(words["doc"])],
        capture_output=True,
        text=True,
        timeout=180,
        check=True,
    )
    copy = Path(result.stdout.strip())
    assert copy.suffix == ".docx"
    assert not copy.exists() and not copy.parent.parent.exists()


def test_unsupported_type_names_the_office_formats(tmp_path: Path) -> None:
    path = tmp_path / "slides.ppt"
    path.write_bytes(b"x")
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 2
    assert ".doc, .wps" in result.output and "LibreOffice" in result.output
