"""charts.py: pure functions from data to SVG text — escaped, proportional, and sane on empty data."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from luoshi.dashboard.charts import Bar, Segment, StackedRow, bars, clip, legend, stacked_bars

SVG = "{http://www.w3.org/2000/svg}"


def widths(svg: str, css: str) -> list[float]:
    """The widths (in percent) of the rects whose class holds `css`, in order."""
    root = ET.fromstring(svg)
    return [float(r.get("width").rstrip("%")) for r in root.iter(f"{SVG}rect") if css in r.get("class", "").split()]


def texts(svg: str) -> list[str]:
    root = ET.fromstring(svg)
    return ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]


NASTY = ['<script>alert(1)</script>', 'a & b', '"引号"', "它's", "]]><!--"]


@pytest.mark.parametrize("label", NASTY)
@pytest.mark.parametrize("draw", [
    lambda s: bars([Bar(s, 10, note=s)], title=s),
    lambda s: stacked_bars([StackedRow(s, [Segment("done", 1, s)], note=s)], title=s),
    lambda s: bars([], title=s, empty=s),
    lambda s: stacked_bars([], title=s, empty=s),
])
def test_it_escapes_every_text(label, draw):
    svg = draw(label)
    assert "<script>" not in svg and "<!--" not in svg
    root = ET.fromstring(svg)  # well-formed XML
    assert root.get("aria-label") == label
    assert root.find(f"{SVG}title").text == label
    assert any(label in t for t in texts(svg))


@pytest.mark.parametrize("key", ['done" onload="x', "<b>"])
def test_it_escapes_css_keys(key):
    svg = stacked_bars([StackedRow("a", [Segment(key, 1, "x")])], title="t")
    assert 'onload="x' not in svg and "<b>" not in svg
    ET.fromstring(svg)
    assert "<b>" not in legend([(key, "<b>")])


@pytest.mark.parametrize(("values", "scale", "expected"), [
    ([50, 100, 25], None, [50, 100, 25]),      # scaled to the largest
    ([50, 100, 25], 200, [25, 50, 12.5]),      # scaled to a given maximum
    ([1, 3], None, [33.33, 100]),
    ([150, 20], 100, [100, 20]),               # clipped to the scale
    ([-5, 10], None, [0, 100]),                # no negative widths
    ([0, 0], None, [0, 0]),                    # all zero: no division by zero
])
def test_it_draws_bars_in_proportion(values, scale, expected):
    svg = bars([Bar(f"r{i}", v) for i, v in enumerate(values)], title="t", scale=scale)
    assert widths(svg, "bar") == pytest.approx(expected, abs=0.01)


def test_it_leaves_out_the_bar_of_a_missing_value_but_keeps_the_row():
    svg = bars([Bar("有", 4), Bar("无", None, note="暂无报送")], title="t")
    assert widths(svg, "bar") == [100]
    assert len(widths(svg, "track")) == 2 and "暂无报送" in texts(svg)


def test_it_places_markers_on_the_same_scale():
    svg = bars([Bar("GDP", 60, marker=80)], title="t", scale=100)
    line = ET.fromstring(svg).find(f".//{SVG}line")
    assert line.get("x1") == line.get("x2") == "80%"
    svg = bars([Bar("GDP", 50, marker=200)], title="t")  # the marker counts in the largest value
    assert widths(svg, "bar") == [25]


@pytest.mark.parametrize(("rows", "expected"), [
    # each row: its segment values; expected: the widths of its segments, scaled to the largest row total
    ([[1, 1, 2], [2, 0, 0]], [[25, 25, 50], [50]]),
    ([[3], [1, 2]], [[100], [33.33, 66.67]]),
    ([[0, 0], [0]], [[], []]),
])
def test_it_stacks_segments_in_proportion_to_the_largest_row(rows, expected):
    keys = ["done", "behind", "overdue"]
    data = [StackedRow(f"r{i}", [Segment(keys[j], v, keys[j]) for j, v in enumerate(r)]) for i, r in enumerate(rows)]
    root = ET.fromstring(stacked_bars(data, title="t"))
    got = [[float(r.get("width").rstrip("%")) for r in g.iter(f"{SVG}rect") if "seg" in r.get("class").split()]
           for g in root.iter(f"{SVG}g")]
    assert got == [pytest.approx(e, abs=0.01) for e in expected]


def test_it_starts_each_segment_where_the_last_ended():
    svg = stacked_bars([StackedRow("a", [Segment("done", 1, "x"), Segment("behind", 1, "y"), Segment("overdue", 2, "z")])],
                       title="t")
    xs = [r.get("x") for r in ET.fromstring(svg).iter(f"{SVG}rect") if "seg" in r.get("class").split()]
    assert xs == ["0%", "25%", "50%"]


def test_it_colours_through_css_classes_only():
    svg = stacked_bars([StackedRow("a", [Segment("overdue", 1, "逾期")])], title="t") + bars(
        [Bar("b", 1, tone="warn")], title="t")
    assert "seg-overdue" in svg and "tone-warn" in svg
    assert not re.search(r'fill="#', svg) and "style=" not in svg


@pytest.mark.parametrize("draw", [bars, stacked_bars])
def test_it_says_there_is_no_data_instead_of_drawing_nothing(draw):
    svg = draw([], title="标题", empty="暂无数据")
    assert texts(svg) == ["暂无数据"] and ET.fromstring(svg).get("role") == "img"


def test_it_grows_in_height_with_rows_and_font_size():
    one = ET.fromstring(bars([Bar("a", 1)], title="t"))
    three = ET.fromstring(bars([Bar("a", 1)] * 3, title="t"))
    large = ET.fromstring(bars([Bar("a", 1)], title="t", font_size=26))
    assert float(one.get("height")) < float(three.get("height"))
    assert float(large.get("height")) == pytest.approx(2 * float(one.get("height")), rel=0.05)
    assert large.get("font-size") == "26" and one.get("width") == "100%"


@pytest.mark.parametrize(("text", "limit", "expected"), [
    ("区发展和改革局", 20, "区发展和改革局"),
    ("加快高质量发展，全力推进活力市中建设", 8, "加快高质量发展…"),
    ("abc", 0, "abc"),
])
def test_it_clips_long_labels(text, limit, expected):
    assert clip(text, limit) == expected


def test_it_keeps_the_full_label_in_the_tooltip_and_a_short_one_for_phones():
    label = "加快高质量发展，全力推进活力市中建设"
    svg = bars([Bar(label, 1)], title="t", label_chars=30, narrow_chars=6)
    root = ET.fromstring(svg)
    wide = root.find(f".//{SVG}text[@class='label label-wide']")
    narrow = root.find(f".//{SVG}text[@class='label label-narrow']")
    assert "".join(wide.itertext()).endswith(label) and narrow.find(f"{SVG}title").text == label
    assert narrow.text is None and "".join(narrow.itertext()).endswith("加快高质量…")
    short = bars([Bar("财政局", 1)], title="t")
    assert "label-narrow" not in short
