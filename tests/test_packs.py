"""Rule packs: loading with file:line errors, the safe evaluator, relations they add, AC601."""

from __future__ import annotations

import json
from fractions import Fraction

import numpy as np
import pytest
from click.testing import CliRunner
from conftest import FIXTURES, SEED_TABLE

import aircheck
from aircheck import expr
from aircheck.cli import main
from aircheck.errors import AircheckError
from aircheck.packs import builtin_names, parse_pack, resolve

HEADER = "section,item,unit,planned,completed,rate,kind,key\n"

USER_PACK = """\
pack: county-energy
figures:
  城区: {item: 城区新增入网, field: completed}
  郊县: {item: 郊县新增入网, field: completed}
  全市: {item: 全市新增入网, field: completed}
  已联网: {item: 遥感设备, field: completed}
  设备总数: {item: 遥感设备, field: planned}
sums:
  - name: 全市入网 = 城区 + 郊县
    total: 全市
    parts: [城区, 郊县]
rules:
  - name: 联网不超过设备数
    check: 已联网 <= 设备总数
    severity: warning
"""


def table(tmp_path, body: str, name: str = "t.csv"):
    path = tmp_path / name
    path.write_text(HEADER + body, "utf-8")
    return path


def pack_file(tmp_path, text: str = USER_PACK):
    path = tmp_path / "pack.yaml"
    path.write_text(text, "utf-8")
    return path


GOOD_ROWS = (
    "二（三）,城区新增入网,万平方米,,120.5,,progress,\n"
    "二（三）,郊县新增入网,万平方米,,91.45,,progress,\n"
    "二（三）,全市新增入网,万平方米,,211.95,,progress,\n"
    "一（六）,遥感设备,台,30,21,,share,\n"
)


def test_user_pack_passes_a_consistent_table(tmp_path):
    pack = resolve(str(pack_file(tmp_path)))
    report = aircheck.validate(table(tmp_path, GOOD_ROWS), packs=(pack,))
    assert [f for f in report.findings if f.code in ("AC204", "AC601")] == []
    assert report.stats["relations"]["sum"] == 1
    assert report.stats["relations"]["expression"] == 1


def test_user_pack_catches_a_custom_sum_and_inequality_in_a_table(tmp_path):
    bad = GOOD_ROWS.replace("211.95", "221.95").replace("台,30,21", "台,30,31")
    pack = resolve(str(pack_file(tmp_path)))
    report = aircheck.validate(table(tmp_path, bad), packs=(pack,))
    by_code = {f.code: f for f in report.findings}
    assert by_code["AC204"].severity.value == "error"
    assert by_code["AC204"].expected == "211.95万平方米"
    custom = by_code["AC601"]
    assert custom.severity.value == "warning"  # the rule's own severity
    assert "联网不超过设备数" in custom.message("en")
    assert custom.stated == "31台" and custom.expected == "<= 30台"
    assert [loc.line for loc in custom.locations] == [5, 5]


def test_the_cli_takes_rules_and_fails_on_the_custom_sum(tmp_path):
    bad = GOOD_ROWS.replace("211.95", "221.95")
    result = CliRunner().invoke(
        main,
        [
            "validate",
            str(table(tmp_path, bad)),
            "--rules",
            str(pack_file(tmp_path)),
            "--format",
            "json",
        ],
    )
    assert result.exit_code == 1, result.output
    assert [f["code"] for f in json.loads(result.output)["findings"]] == ["AC204"]


def test_custom_tolerance_and_rounding_make_an_expression(tmp_path):
    text = USER_PACK.replace(
        "    parts: [城区, 郊县]\n",
        "    parts: [城区, 郊县]\n    tolerance: 10\n    severity: info\n",
    )
    pack = resolve(str(pack_file(tmp_path, text)))
    near = GOOD_ROWS.replace("211.95", "213.00")  # 10500 平方米 = 15.75 亩 off; tolerance is in 亩
    report = aircheck.validate(table(tmp_path, near), packs=(pack,))
    assert report.stats["relations"].get("sum", 0) == 0
    assert [f.code for f in report.findings if f.code == "AC601"] == ["AC601"]
    loose = text.replace("tolerance: 10", "tolerance: 1%")
    report = aircheck.validate(
        table(tmp_path, near), packs=(resolve(str(pack_file(tmp_path, loose))),)
    )
    assert [f.code for f in report.findings if f.code == "AC601"] == []


def test_per_item_rule_over_fields(tmp_path):
    pack = pack_file(
        tmp_path,
        "pack: p\nrules:\n  - name: within plan\n    per: item\n    where: {subject: 联网}\n"
        "    check: completed <= planned\n",
    )
    rows = "一,固定遥感设备联网,台,30,31,,share,\n一,新建管网,公里,57,60,,progress,\n"
    report = aircheck.validate(table(tmp_path, rows), packs=(resolve(str(pack)),))
    assert [(f.code, f.locations[0].line) for f in report.findings if f.code == "AC601"] == [
        ("AC601", 2)
    ]


def test_ambiguous_or_missing_figures_abstain(tmp_path):
    pack = resolve(str(pack_file(tmp_path)))
    rows = GOOD_ROWS.replace(
        "二（三）,郊县新增入网", "二（三）,城区新增入网"
    )  # 城区 twice, 郊县 none
    report = aircheck.validate(table(tmp_path, rows), packs=(pack,))
    assert "sum" not in report.stats["relations"]


def test_seed_family_pack_links_repeated_figures_in_the_seed_table():
    pack = resolve("zhengzhou-air")
    assert "zhengzhou-air" in builtin_names()
    report = aircheck.validate(SEED_TABLE, packs=(pack,))
    assert report.ok
    assert report.stats["relations"]["funnel"] == 1
    bad = SEED_TABLE.read_text("utf-8").replace("1292,1105", "1292,1305")
    report = aircheck.validate(_write(bad), packs=(pack,))
    assert "AC203" in {f.code for f in report.findings}


def _write(text: str):
    import tempfile
    from pathlib import Path

    path = Path(tempfile.mkdtemp()) / "seed.csv"
    path.write_text(text, "utf-8")
    return path


def test_pack_keys_link_figures_without_a_key_column(tmp_path):
    body = SEED_TABLE.read_text("utf-8").split("\n", 1)[1]
    rows = "\n".join(",".join(line.split(",")[:7]) + "," for line in body.splitlines() if line)
    path = table(tmp_path, rows + "\n")
    plain = aircheck.validate(path)
    assert plain.stats["relations"].get("same", 0) == 0
    linked = aircheck.validate(path, packs=(resolve("zhengzhou-air"),))
    assert linked.stats["relations"]["same"] == 5
    broken = path.read_text("utf-8").replace("约17417", "约17517")
    path.write_text(broken, "utf-8")
    report = aircheck.validate(path, packs=(resolve("zhengzhou-air"),))
    assert [f.code for f in report.findings if f.severity.value == "error"] == ["AC301"]


@pytest.mark.parametrize(
    ("text", "line", "column", "words"),
    [
        ("pack: p\nfigures:\n  a: {item: x\n", 4, 1, "invalid YAML"),
        ("pack: p\nfigurs: {}\n", 2, 1, "unknown key 'figurs'"),
        ("pack: p\nfigures:\n  a: {item: x, feild: completed}\n", 3, 16, "unknown key 'feild'"),
        (
            "pack: p\nfigures:\n  a: {item: x}\nrules:\n  - check: a <= b\n",
            5,
            5,
            "unknown figure 'b'",
        ),
        (
            "pack: p\nfigures:\n  a: {item: x}\nrules:\n  - check: __import__('os')\n",
            5,
            5,
            "not allowed",
        ),
        ("pack: p\nfigures:\n  a: {item: x}\nrules:\n  - check: a + 1\n", 5, 5, "not a check"),
        ("pack: p\nfigures:\n  a: {item: '('}\n", 3, 7, "not a valid pattern"),
        ("pack: p\nsums:\n  - total: a\n    parts: [b]\n", 3, 5, "unknown figure 'a'"),
        ("description: no name\n", 1, 1, "needs a 'pack:'"),
        ("pack: p\nfigures:\n  2a: {item: x}\n", 3, 3, "must be a single word"),
        (
            "pack: p\nfigures:\n  x: {item: a}\nrules:\n  - check: x <= 1\n    severity: fatal\n",
            6,
            5,
            "not one of",
        ),
    ],
)
def test_malformed_pack_is_an_error_at_file_line_column(text, line, column, words):
    with pytest.raises(AircheckError) as caught:
        parse_pack(text, "my-pack.yaml")
    error = caught.value
    assert (error.file, error.line, error.column) == ("my-pack.yaml", line, column), str(error)
    assert words in str(error)


@pytest.mark.parametrize(
    ("text", "line", "column", "words"),
    [
        # an error in a list points at the item, not at the list's key; one about a
        # whole entry points at the entry's key
        ("pack: p\nfigures:\n  a: {item: x, field: [completed, y]}\n", 3, 35, "field 'y'"),
        ("pack: p\nkeys:\n  k: {synonyms: [x, '(']}\n", 3, 21, "not a valid pattern"),
        ("pack: p\nkeys:\n  k: {fields: [rate]}\n", 3, 3, "needs 'synonyms' or a selector"),
        ("pack: p\nkeys:\n  k: {synonyms: x, cumulative: 1}\n", 3, 20, "true or false"),
        ("pack: p\nfigures:\n  a: {}\n", 3, 3, "at least one of"),
        ("pack: p\nfigures:\n  a: []\n", 3, 3, "at least one selector"),
        ("pack: p\nsums: {}\n", 2, 1, "'sums' must be a list"),
        ("pack: p\nfunnels:\n  - name: f\n", 3, 5, "'stages' must list at least two"),
        ("pack: p\nrules:\n  - check: completed <= x\n    per: item\n", 3, 5, "are fields"),
        ("pack: p\nrules:\n  - check: 1 <= 2\n    tolerance: 1.5 %\n", 4, 5, "tolerance"),
        ("pack: p\noptions:\n  severity: {AC101: fatal}\n", 3, 14, "not one of"),
        ("pack: p\noptions: 3\n", 2, 1, "expected a mapping here, got int"),
        ("pack: p\nfigures:\n  abs: {item: x}\n", 3, 3, "must be a single word"),
    ],
)
def test_schema_errors_name_the_exact_place(text, line, column, words):
    with pytest.raises(AircheckError) as caught:
        parse_pack(text, "p.yaml")
    error = caught.value
    assert (error.line, error.column) == (line, column), str(error)
    assert words in str(error) and error.zh  # every schema error has its Chinese too


def test_a_well_formed_pack_reads_every_option():
    pack = parse_pack(
        "pack: p\nmatch: 通报\nfigures:\n  a: {item: x}\n  b: [{item: y}, {subject: z}]\n"
        "keys:\n  k: {synonyms: [s1, s2], section: 一, cumulative: false}\n"
        "sums:\n  - total: a\n    parts: [b, {item: w}]\n    tolerance: 1%\n"
        "    message: {zh: 中文}\n"
        "options: {select: ac1, ignore: [ac2], severity: {ac3: info}, rounding: truncate}\n",
        "p.yaml",
    )
    assert pack.match == ("通报",) and len(pack.figures["b"].alternatives) == 2
    (key,) = pack.keys
    assert [s.subject for s in key.figure.alternatives] == [(), ("s1",), ("s2",)]
    assert key.figure.alternatives[1].section == ("一",) and key.cumulative is False
    (check,) = pack.checks
    assert check.figures == ("a", "b", "_sums_0_parts_1") and check.custom
    assert (check.message_en, check.message_zh, check.place) == ("中文", "中文", "p.yaml:9")
    assert (pack.select, pack.ignore, pack.severity) == (("AC1",), ("AC2",), {"AC3": "info"})
    assert pack.rounding == "truncate"


def test_malformed_pack_on_the_cli_is_one_line_and_exit_two(tmp_path):
    path = pack_file(tmp_path, "pack: p\nfigurs: {}\n")
    result = CliRunner().invoke(main, ["validate", str(SEED_TABLE), "--rules", str(path)])
    assert result.exit_code == 2
    assert (
        result.output.strip()
        == f"aircheck: error: {path}:2:1: unknown key 'figurs'; allowed: "
        + ("description, figures, funnels, keys, match, options, pack, rules, sums")
    )


def test_unknown_builtin_pack():
    with pytest.raises(AircheckError, match="no rule pack 'nope'"):
        resolve("nope")


# -- the evaluator ----------------------------------------------------------


def interval(values: list[str], half: str = "0", dim: str = "亩") -> expr.Interval:
    v = np.array([Fraction(x) for x in values], dtype=object)
    h = Fraction(half)
    return expr.Interval(
        v, v - h, v + h, np.full(len(values), dim, dtype=object), np.zeros(len(values), bool)
    )


def run(source: str, env: dict, tol: str = "0"):
    rows = len(next(iter(env.values())).value)
    return expr.evaluate(expr.parse(source), env, rows, np.full(rows, Fraction(tol), dtype=object))


def test_evaluator_is_exact_and_vectorised():
    env = {
        "a": interval(["0.1", "0.1", "1"]),
        "b": interval(["0.2", "0.2", "1"]),
        "t": interval(["0.3", "0.31", "3"]),
    }
    decided, violated = run("a + b == t", env)
    assert decided.tolist() == [True, True, True]
    assert violated.tolist() == [False, True, True]  # 0.1 + 0.2 is exactly 0.3


def test_evaluator_abstains_within_precision_and_on_zero_division():
    env = {"a": interval(["10", "10"], half="0.5"), "b": interval(["10.8", "0"], half="0.5")}
    decided, violated = run("a == b", env)
    assert violated.tolist() == [False, True]
    decided, violated = run("a / b <= 1", env)
    assert decided.tolist() == [True, False]


def test_evaluator_rejects_mixed_dimensions_by_abstaining():
    env = {"a": interval(["10"], dim="亩"), "b": interval(["5"], dim="count:个")}
    decided, violated = run("a <= b", env)
    assert decided.tolist() == [False] and violated.tolist() == [False]


@pytest.mark.parametrize(
    "source",
    [
        "__import__('os').system('x')",
        "a.b",
        "a[0]",
        "lambda: 1",
        "[a]",
        "a if b else c",
        "f(a)",
        "'x' == a",
        "a ** 2",
        "a // 2",
        "a <= 0x10",
        "a <= 1j",
    ],
)
def test_evaluator_refuses_everything_outside_its_language(source):
    with pytest.raises(expr.ExpressionError):
        expr.parse(source)


def test_evaluator_handles_boolean_combinations_and_functions():
    env = {"a": interval(["5"]), "b": interval(["3"])}
    assert run("a >= b and abs(a - b) <= 2", env)[1].tolist() == [False]
    assert run("a <= b or min(a, b) == 3", env)[1].tolist() == [False]
    assert run("a <= b or max(a, b) == 3", env)[1].tolist() == [True]
    assert run("not a < b", env)[1].tolist() == [False]


def test_builtin_pack_loads_from_the_package():
    pack = resolve("zhengzhou-air")
    assert {k.name for k in pack.keys} >= {
        "历史遗留矿山治理",
        "国土绿化面积",
        "森林抚育",
        "光伏项目备案",
    }
    assert (FIXTURES.parent / "schemas" / "packs" / "zhengzhou-air.yaml").is_file()


def test_settings_in_pyproject_load_packs_relative_to_it(tmp_path, monkeypatch):
    pack_file(tmp_path)
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.aircheck]\nrules = ["pack.yaml"]\nignore = ["AC1"]\n',
        "utf-8",
    )
    sub = tmp_path / "reports"
    sub.mkdir()
    bad = table(sub, GOOD_ROWS.replace("211.95", "221.95"))
    monkeypatch.chdir(sub)
    result = CliRunner().invoke(main, ["validate", str(bad), "--format", "json"])
    codes = [f["code"] for f in json.loads(result.output)["findings"]]
    assert codes == ["AC204"] and result.exit_code == 1


def test_bad_settings_name_the_file_and_line(tmp_path, monkeypatch):
    (tmp_path / "aircheck.toml").write_text('select = ["AC1"]\nrulez = []\n', "utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["validate", str(SEED_TABLE)])
    assert result.exit_code == 2
    assert result.output.startswith(
        f"aircheck: error: {tmp_path / 'aircheck.toml'}:2: unknown setting"
    )


TEXT_REPORT = """\
关于2021年6月份集中供热工作进展情况的通报

一、集中供热方面

（一）截至6月底，全市新增入网面积 221.95 万平方米。城区新增入网面积 120.5 万平方米，郊县新增入网面积 91.45 万平方米。

（二）30 台固定遥感设备已联网 31 台。
"""

TEXT_PACK = """\
pack: heating-text
figures:
  城区: {section: 一（一）, subject: 城区新增入网}
  郊县: {section: 一（一）, subject: 郊县新增入网}
  全市: {section: 一（一）, subject: 全市新增入网}
sums:
  - total: 全市
    parts: [城区, 郊县]
    severity: warning
rules:
  - name: 联网不超过设备数
    per: item
    where: {section: 一（二）}
    check: completed <= planned
"""


def test_user_pack_catches_a_custom_sum_and_inequality_in_a_text(tmp_path):
    path = tmp_path / "report.txt"
    path.write_text(TEXT_REPORT, "utf-8")
    pack = resolve(str(pack_file(tmp_path, TEXT_PACK)))
    report = aircheck.validate(path, packs=(pack,))
    custom = [f for f in report.findings if f.code == "AC601"]
    assert {f.locations[0].line for f in custom} == {5, 7}


def test_evaluator_agrees_with_interval_reasoning():
    from hypothesis import given
    from hypothesis import strategies as st

    values = st.fractions(min_value=-1000, max_value=1000, max_denominator=100)
    halves = st.fractions(min_value=0, max_value=10, max_denominator=10)

    @given(values, halves, values, halves)
    def check(a, ha, b, hb):
        env = {
            "a": expr.Interval(*[np.array([x], dtype=object) for x in (a, a - ha, a + ha)], np.array(["亩"], dtype=object), np.zeros(1, bool)),
            "b": expr.Interval(*[np.array([x], dtype=object) for x in (b, b - hb, b + hb)], np.array(["亩"], dtype=object), np.zeros(1, bool)),
        }  # fmt: skip
        assert run("a <= b", env)[1][0] == (a - ha > b + hb)
        assert run("a == b", env)[1][0] == (a - ha > b + hb or b - hb > a + ha)
        assert run("a - b >= 0", env)[1][0] == (a + ha < b - hb)

    check()


def test_family_pack_on_the_seed_text_adds_nothing_twice(tmp_path):
    from conftest import SEED_TEXT

    text = SEED_TEXT.read_text("utf-8")
    path = tmp_path / "seed.txt"
    path.write_text(
        text.replace("安装的项目为 1105 个", "安装的项目为 1305 个").replace(
            "约 17417 亩", "约 17517 亩"
        ),
        "utf-8",
    )
    plain = aircheck.validate(path, packs=())
    packed = aircheck.validate(path, packs=(resolve("zhengzhou-air"),))
    errors = sorted(f.code for f in packed.findings if f.severity.value == "error")
    assert errors == sorted(f.code for f in plain.findings if f.severity.value == "error")
    assert errors.count("AC203") == 1 and errors.count("AC301") == 1
