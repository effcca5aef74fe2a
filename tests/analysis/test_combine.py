"""Groups analysed one at a time and combined equal ``analyse`` of all exports at once (issue 12, "Scale").

``analysis.combine.combine_analyses`` puts per-group analyses together and ``analysis.stream.analyse_exports``
reads, merges and analyses the exports group by group; both must give exactly the `Analysis` of
``analyse(read_exports(...).frame)``: the same rows in the same order, the same index, ids and dtypes.
"""

from __future__ import annotations

import re
from dataclasses import fields
from pathlib import Path

import pytest
from pandas.testing import assert_frame_equal

from analysis import Analysis, analyse
from analysis.combine import GROUP_TABLES, combine_analyses
from analysis.stream import analyse_exports
from parsers import merge_exports, read_exports

SAMPLES = Path(__file__).resolve().parents[2] / "sample_exports"
EXPORTS = sorted(p for p in SAMPLES.glob("*") if p.suffix in {".txt", ".zip"})
HEADER = re.compile(r"^\d{2}-\d{2}-\d{4} \d{2}:\d{2} - ", re.MULTILINE)  # an android-nl record's first line


def assert_same_analysis(combined: Analysis, whole: Analysis) -> None:
    """Every table of the two analyses equal: values, order, index and dtypes."""
    for field in fields(Analysis):
        got, expected = getattr(combined, field.name), getattr(whole, field.name)
        assert (got is None) == (expected is None), field.name
        if expected is not None:
            assert_frame_equal(got, expected, check_exact=True, obj=field.name)


def per_group(paths_or_sources) -> list[Analysis]:
    """The analysis of each group alone, its exports merged, in the groups' order of first appearance."""
    by_group: dict[str, list] = {}
    for export in read_exports(paths_or_sources).exports:
        by_group.setdefault(export.group, []).append(export)
    return [analyse(merge_exports(exports)) for exports in by_group.values()]


def test_every_table_of_an_analysis_is_combined() -> None:
    assert {f.name for f in fields(Analysis)} == {"messages", "coverage", *GROUP_TABLES}


@pytest.mark.skipif(not EXPORTS, reason="no sample exports rendered yet (python -m samples)")
def test_sample_groups_analysed_alone_and_combined_equal_the_whole() -> None:
    whole = analyse(read_exports(EXPORTS).frame)
    parts = per_group(EXPORTS)
    assert len(parts) >= 4 and len(whole.incidents) > 0
    assert_same_analysis(combine_analyses(parts), whole)


@pytest.mark.skipif(not EXPORTS, reason="no sample exports rendered yet (python -m samples)")
def test_streamed_sample_exports_equal_the_whole() -> None:
    """The samples hold one group twice (a zip and a _chat.txt): it is read again and merged."""
    seen = []
    streamed = analyse_exports(EXPORTS, progress=lambda done, total, group, groups: seen.append(done))
    result = read_exports(EXPORTS)
    assert len(streamed.groups) == len(EXPORTS) - 1
    assert seen == list(range(1, len(EXPORTS) + 2))  # an export each, then the group with two once more
    assert streamed.duplicates == result.duplicates and not streamed.failures
    assert_same_analysis(streamed.analysis, analyse(result.frame))


@pytest.mark.skipif(not EXPORTS, reason="no sample exports rendered yet (python -m samples)")
def test_groups_analysed_side_by_side_in_two_processes_equal_the_whole() -> None:
    seen: list[tuple[int, int]] = []
    streamed = analyse_exports(EXPORTS, workers=2, progress=lambda d, t, g, n: seen.append((d, t)))
    assert_same_analysis(streamed.analysis, analyse(read_exports(EXPORTS).frame))
    assert [done for done, _ in seen] == list(range(1, len(EXPORTS) + 2))  # one group has two exports
    assert seen[-1][1] == len(EXPORTS) + 1


@pytest.fixture(scope="module")
def generated() -> list[tuple[bytes, None, str]]:
    """Three realistic groups, the first one exported twice with an overlap, the second export last."""
    from exportgen.realistic import generate

    texts = [generate(3000, "android-nl", seed=seed).text for seed in (3, 1, 2)]
    starts = [match.start() for match in HEADER.finditer(texts[0])]
    first, second = texts[0][: starts[2000]], texts[0][starts[1500] :]
    named = [(f"WhatsApp-chat met Buurtpreventie Synthetisch {n}.txt", n) for n in ("A", "B", "C")]
    return [
        (first.encode(), None, named[0][0]),
        (texts[1].encode(), None, named[1][0]),
        (texts[2].encode(), None, named[2][0]),
        (second.encode(), None, named[0][0]),
    ]


def test_generated_groups_analysed_alone_and_combined_equal_the_whole(generated) -> None:
    result = read_exports(generated)
    assert len({export.group for export in result.exports}) == 3  # named apart: the generator has one name
    assert result.duplicates > 0
    whole = analyse(result.frame)
    assert len(whole.incidents) > 0 and whole.offtopic_leavers is not None
    assert_same_analysis(combine_analyses(per_group(generated)), whole)


def test_streamed_generated_exports_equal_the_whole(generated) -> None:
    from parsers import read_export

    streamed = analyse_exports(generated, read=lambda item: read_export(item[0], name=item[2]))
    result = read_exports(generated)
    assert streamed.groups == tuple(dict.fromkeys(export.group for export in result.exports))
    assert streamed.duplicates == result.duplicates
    assert_same_analysis(streamed.analysis, analyse(result.frame))


def test_kept_part_and_unreadable_exports() -> None:
    """``drop`` leaves message columns out; an unreadable export is reported by position, the rest counts."""
    from exportgen.realistic import generate
    from parsers import read_export

    good = (generate(500, "android-nl", seed=5).text.encode(), None, "WhatsApp-chat met Groep X.txt")
    bad = (b"geen export\n", None, "kapot.txt")
    streamed = analyse_exports(
        [bad, good],
        drop=["reasons"],
        read=lambda item: read_export(item[0], name=item[2]),
    )
    assert [position for position, _ in streamed.failures] == [0]
    assert "reasons" not in streamed.analysis.messages and streamed.groups == ("Groep X",)
    assert analyse_exports([bad], read=lambda item: read_export(item[0], name=item[2])).analysis is None


def test_combining_one_part_or_none(generated) -> None:
    one = analyse(read_exports(generated[1:2]).frame)
    assert combine_analyses([one]) is one
    with pytest.raises(ValueError):
        combine_analyses([])
