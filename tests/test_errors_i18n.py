"""Errors that end a run speak the user's language: one line, exit 2, never a traceback."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROOT, SEED_TEXT, VARIANTS

from aircheck.cli import main
from aircheck.errors import AircheckError


def run(*args: object, env: dict[str, str] | None = None):
    return CliRunner().invoke(main, [str(a) for a in args], env=env)


def broken_inputs(tmp_path: Path) -> dict[str, tuple[Path, str, str]]:
    """name -> (file, words of the English line, words of the Chinese line)."""
    pack = tmp_path / "pack.yaml"
    pack.write_text("pack: p\nfigures:\n  a: {item: x, feild: completed}\n", "utf-8")
    fake_pdf = tmp_path / "draft.pdf"
    fake_pdf.write_bytes(b"not a pdf at all")
    fake_docx = tmp_path / "draft.docx"
    fake_docx.write_bytes(b"not a zip")
    return {
        "missing column": (VARIANTS / "missing-column.csv", "is missing", "缺少"),
        "binary": (VARIANTS / "binary.csv", "binary data", "二进制"),
        "empty": (VARIANTS / "empty.csv", "empty", "空的"),
        "missing file": (tmp_path / "nowhere.csv", "no such file", "文件不存在"),
        "pdf": (fake_pdf, "not a readable PDF", "无法读取的 PDF"),
        "docx": (fake_docx, "not a readable DOCX", "无法读取的 DOCX"),
        "pack": (pack, "unknown key 'feild'", "未知的键 'feild'"),
    }


CASES = ["missing column", "binary", "empty", "missing file", "pdf", "docx", "pack"]


def invoke(name: str, tmp_path: Path, *extra: str, env: dict[str, str] | None = None):
    path, english, chinese = broken_inputs(tmp_path)[name]
    if name == "pack":
        return run("validate", SEED_TEXT, "--rules", path, *extra, env=env), english, chinese
    return run("validate", path, *extra, env=env), english, chinese


@pytest.mark.parametrize("name", CASES)
def test_chinese_with_lang_zh(tmp_path, name):
    result, _, chinese = invoke(name, tmp_path, "--lang", "zh")
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("aircheck: 错误：")
    assert chinese in lines[0]
    assert "Traceback" not in result.output


@pytest.mark.parametrize("name", CASES)
def test_chinese_from_the_environment(tmp_path, name):
    result, _, chinese = invoke(name, tmp_path, env={"AIRCHECK_LANG": "zh"})
    assert result.exit_code == 2
    assert chinese in result.output and "aircheck: 错误：" in result.output


@pytest.mark.parametrize("name", CASES)
def test_english_with_lang_en(tmp_path, name):
    result, english, _ = invoke(name, tmp_path, "--lang", "en", env={"AIRCHECK_LANG": "zh"})
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("aircheck: error: ")
    assert english in lines[0]


def test_the_place_stays_in_front_in_both_languages():
    error = AircheckError("no header row", zh="没有表头行", file="t.csv", line=3, column=2)
    assert error.render("zh") == "t.csv:3:2: 没有表头行"
    assert error.render("en") == str(error) == "t.csv:3:2: no header row"
    assert AircheckError("x").render("zh") == "x"  # no Chinese given: English, not nothing


def _makers(trees: dict[Path, ast.Module]) -> set[str]:
    """Names that make an error from a message: AircheckError, its subclasses, and helpers.

    A helper is a function returning an error that takes a ``zh`` parameter; one that
    writes its whole message itself (no ``zh`` to pass) is checked at its own call.
    """
    names = {"AircheckError"}
    for tree in trees.values():
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef) and any(
                getattr(base, "id", None) == "AircheckError" for base in node.bases
            ):
                names.add(node.name)
    for tree in trees.values():
        for node in ast.walk(tree):
            if (
                isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
                and getattr(node.returns, "id", None) in names
                and "zh" in {a.arg for a in (*node.args.args, *node.args.kwonlyargs)}
            ):
                names.add(node.name)
    return names


def test_every_raise_site_gives_a_chinese_message():
    trees = {
        path: ast.parse(path.read_text("utf-8"))
        for path in sorted((ROOT / "aircheck").rglob("*.py"))
    }
    makers = _makers(trees)
    # the helpers that build the messages of pack, waiver and settings files count too
    assert {"ExpressionError", "error", "fail"} <= makers
    missing, seen = [], 0
    for path, tree in trees.items():
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            if name not in makers:
                continue
            seen += 1
            if not any(keyword.arg == "zh" for keyword in node.keywords):
                missing.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert seen > 80
    assert missing == []


def test_an_expression_error_in_a_pack_reads_in_chinese(tmp_path):
    pack = tmp_path / "pack.yaml"
    pack.write_text("pack: p\nfigures:\n  a: {item: x}\nrules:\n  - check: a <= 0x10\n", "utf-8")
    result = run("validate", SEED_TEXT, "--rules", pack, "--lang", "zh")
    assert result.exit_code == 2
    assert result.output.strip() == (
        f"aircheck: 错误：{pack}:5:5: 表达式 'a <= 0x10' 有误："
        "'0x10'：数字请用十进制书写，例如 100 或 0.5"
    )


def test_explain_of_an_unknown_rule_speaks_chinese():
    result = run("explain", "AC999", env={"AIRCHECK_LANG": "zh"})
    assert result.exit_code == 2
    assert (
        result.output.strip() == "aircheck: 错误：没有规则 'AC999'；`aircheck rules` 会列出全部规则"
    )
    english = run("explain", "AC999", env={"AIRCHECK_LANG": "en"})
    assert english.output.strip() == "aircheck: error: no rule 'AC999'; `aircheck rules` lists them"


def test_a_waiver_file_error_reads_in_chinese(tmp_path):
    waivers = tmp_path / "waivers.yaml"
    waivers.write_text("waivers:\n  - fingerprint: 0123456789abcdef\n    reson: typo\n", "utf-8")
    result = run("validate", SEED_TEXT, "--waivers", waivers, "--lang", "zh")
    assert result.exit_code == 2
    assert result.output.strip() == (
        f"aircheck: 错误：{waivers}:3:5: 未知的键 'reson'；"
        "可用的有：code、expires、fingerprint、note、reason"
    )
