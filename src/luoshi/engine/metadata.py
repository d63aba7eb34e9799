"""Title, region, level, years, meeting, date and speaker from a report's header.

The header is everything before 各位代表 (or the first lines). It is read
twice: line by line for the title and the speaker, whose lines are kept
apart, and flattened (normalised, lines joined) for the date and meeting,
whose lines are often broken in the middle.

>>> m = read_metadata("政 府 工 作 报 告\\n——2023年1月5日在济南市市中区\\n第十九届人民代表大会第二次会议上\\n区长  鞠正江\\n各位代表：")
>>> m.title, m.region, m.level.value, m.date, m.plan_year, m.report_year, m.speaker, m.post
('政府工作报告', '济南市市中区', 'district', '2023-01-05', 2023, 2022, '鞠正江', '区长')
>>> m.meeting
'济南市市中区第十九届人民代表大会第二次会议'
"""

from __future__ import annotations

import csv
import re
import tomllib
from functools import lru_cache
from importlib import resources

from .model import Level, Metadata
from .normalize import normalize
from .outline import normalized

_FRONT_MATTER = re.compile(r"\s*---\n(.*?)\n---\n", re.S)
_FRONT_TITLE = re.compile(r"^title:\s*(.+)$", re.M)
_OPENING = re.compile(r"各位代表|同志们")
_SPACES = re.compile(r"[ \t\u3000\u00a0\u2000-\u200d\u202f\ufeff*#]+")
_CN_DIGITS = str.maketrans("〇○零一二三四五六七八九", "000123456789")
_NUM = "[一二三四五六七八九十\\d]+"
_MEETING = re.compile(
    rf"(?:在|向)?(?P<where>[\u4e00-\u9fff]{{0,20}}?)(?P<rest>第?{_NUM}届[\u4e00-\u9fff]{{0,6}}(?:人民代表大会|人大)第?{_NUM}次会议)"
)
_DATE = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")
_CN_DATE = re.compile(
    r"([〇○零一二三四五六七八九]{4})年([十一二三四五六七八九]{1,2})月([十一二三四五六七八九]{1,3})日"
)
_TITLE_NOTE = re.compile(r"[（(][^（()）]*\d{4}年[^（()）]*[)）]$")
_NOTE_SPEAKER = re.compile(r"[（(]\s*\d{4}年\d{1,2}月\d{1,2}日\s*([\u4e00-\u9fff·]{2,5})\s*[)）]")
_REVIEW_YEAR = re.compile(r"(\d{4})年(?:及本届政府|及过去五年)?(?:的)?(?:国内)?(?:政府)?工作(?:的)?回顾")
# A review paragraph that opens on its year: 2004年，全国各族人民… (not 2002年是…: that may be the plan year's)
_OPENING_YEAR = re.compile(r"(?:^|\n)[\s　]*(\d{4})年，")
_NAME_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
_TITLE_YEAR = re.compile(r"(\d{4})年")
_UNDER_CITY = re.compile(r"(.{2,}?(?:市|州|盟|地区))(.{2,})$")
_DELEGATE = re.compile(r"我代表([\u4e00-\u9fff]{2,12}?)人民政府")


@lru_cache(maxsize=1)
def vocabulary() -> dict:
    """The header vocabulary (data/metadata.toml)."""
    return tomllib.loads(resources.files(__package__).joinpath("data/metadata.toml").read_text("utf-8"))


@lru_cache(maxsize=1)
def provinces() -> dict[str, str]:
    """Province-level regions (data/regions.csv): full name and short name → full name."""
    text = resources.files(__package__).joinpath("data/regions.csv").read_text("utf-8")
    rows = list(csv.DictReader(text.splitlines()))
    return {**{r["name"]: r["name"] for r in rows}, **{r["short"]: r["name"] for r in rows}}


@lru_cache(maxsize=1)
def _speaker_pattern() -> re.Pattern:
    v = vocabulary()
    posts = "|".join(sorted(v["posts"], key=len, reverse=True))
    acting = "|".join(v["acting"])
    return re.compile(
        rf"(?P<post>(?:{acting})?(?:{posts}))[\n:：]?(?P<name>[\u4e00-\u9fff·]{{2,5}}?)(?=\n|各位代表|同志|$|[（()）])"
    )


def read_metadata(text: str, name: str = "") -> Metadata:
    """The header fields of a report; the ones not found are None.

    `name` is the file's name (without folders): its year (政府工作报告2023, 北京市-2006) is the plan
    year when the text itself gives none.
    """
    front = _FRONT_MATTER.match(text)
    body = text[front.end() :] if front else text
    opening = _OPENING.search(body, 0, 3000)
    header = body[: opening.start() if opening else 600]
    lines = [c for c in (_SPACES.sub("", line) for line in header.split("\n")) if c]
    flat = normalize("".join(lines)).text.translate(str.maketrans("", "", "\n"))
    title_line = _title_line(lines)
    front_title = _FRONT_TITLE.search(front.group(1)) if front else None
    title = _SPACES.sub("", front_title.group(1)) if front_title else title_line
    meeting, where = _meeting(flat or normalized(text).text[:3000])
    date = _date(flat) or _date(title_line or "")
    region, level = _region(where, meeting, title, text)
    post, speaker = _speaker("\n".join(lines))
    if speaker is None:
        note = _NOTE_SPEAKER.search("".join(lines))
        speaker = note.group(1) if note else None
    plan_year, report_year = _years(date, title, text, name)
    return Metadata(
        title=_TITLE_NOTE.sub("", title).strip() if title else None,
        region=region,
        level=level,
        report_year=report_year,
        plan_year=plan_year,
        meeting=meeting,
        date=date,
        speaker=speaker,
        post=post,
    )


def _title_line(lines: list[str]) -> str | None:
    """The first line when it is a title (it names a 报告); a title broken in two is joined."""
    if not lines:
        return None
    first = lines[0]
    if "报告" not in first and len(lines) > 1 and "报告" in first + lines[1] and len(lines[1]) <= 3:
        first += lines[1]
    return first if "报告" in first and not first.startswith("——") else None


def _meeting(flat: str) -> tuple[str | None, str]:
    """The meeting (济南市市中区第十九届人民代表大会第二次会议) and the place named before 第…届."""
    m = _MEETING.search(flat)
    if not m:
        return None, ""
    where = m.group("where")
    where = re.sub(r"^.*?(?:日在|在|向)", "", where) if re.search("在|向", where) else where
    if len(where) < 2 or not level_of(where):
        where = ""
    return where + m.group("rest"), where


def _date(s: str) -> str | None:
    """The first date of `s` as an ISO date, from 2023年1月5日 or 二〇二三年一月五日."""
    m = _DATE.search(s)
    if m:
        y, mo, d = (int(g) for g in m.groups())
    else:
        m = _CN_DATE.search(s)
        if not m:
            return None
        y, mo, d = int(m.group(1).translate(_CN_DIGITS)), _cn_small(m.group(2)), _cn_small(m.group(3))
    return f"{y:04d}-{mo:02d}-{d:02d}" if 1 <= mo <= 12 and 1 <= d <= 31 else None


def _cn_small(s: str) -> int:
    """一 → 1, 十二 → 12, 二十五 → 25."""
    tens, ten, ones = s.partition("十")
    if not ten:
        return int(s.translate(_CN_DIGITS))
    return (int(tens.translate(_CN_DIGITS)) if tens else 1) * 10 + (
        int(ones.translate(_CN_DIGITS)) if ones else 0
    )


def _region(where: str, meeting: str | None, title: str | None, text: str) -> tuple[str | None, Level | None]:
    """The region and its level, from the meeting, else the title, else 我代表…人民政府."""
    v = vocabulary()
    if meeting and any(mark in meeting for mark in v["national_marks"]):
        return v["national_region"], Level.NATIONAL
    region = where or _region_of_title(title) or _delegate_region(text)
    return (region, level_of(region)) if region else (None, None)


def _region_of_title(title: str | None) -> str | None:
    if not title:
        return None
    name = _TITLE_NOTE.sub("", _TITLE_YEAR.sub("", title))
    name = name.split("人民政府")[0].split("政府工作报告")[0].split("政府")[0]
    return name if level_of(name) else None


def _delegate_region(text: str) -> str | None:
    m = _DELEGATE.search(normalized(text).text, 0, 3000)
    return m.group(1) if m and level_of(m.group(1)) else None


def level_of(region: str) -> Level | None:
    """The level of a region by its name: 广东省 province, 济南市市中区 district, 昆山市 city."""
    if region in provinces():
        return Level.PROVINCE
    for name in provinces():  # 广东省深圳市: the province says nothing more
        if len(name) > 2 and region.startswith(name) and len(region) > len(name):
            return level_of(region[len(name) :])
    levels = vocabulary()["levels"]
    under = _UNDER_CITY.match(region)
    if under:
        child = under.group(2)
        if child.endswith(tuple(levels["county_under_city"])):
            return Level.COUNTY
        return _level_by_end(child)
    return _level_by_end(region)


def _level_by_end(name: str) -> Level | None:
    if len(name) < 2 or name.endswith("自治区"):
        return None
    levels = vocabulary()["levels"]
    for level in ("city", "county", "district"):  # 地区 is a city-level unit, not a 区
        if name.endswith(tuple(levels[level])):
            return Level(level)
    return None


def _speaker(header: str) -> tuple[str | None, str | None]:
    """(post, name) of the speaker: 区长 鞠正江, 国务院总理 李克强, 代省长 景俊海."""
    m = _speaker_pattern().search(header)
    return (m.group("post"), m.group("name")) if m else (None, None)


def _years(date: str | None, title: str | None, text: str, name: str = "") -> tuple[int | None, int | None]:
    """(plan_year, report_year): the meeting's year, else the title's, else the reviewed year (a
    2022年工作回顾 heading, else the latest review paragraph opening on its year), else the file name's."""
    if date:
        year, month = int(date[:4]), int(date[5:7])
        plan = year + 1 if month in vocabulary()["years"]["next_year_months"] else year
    elif title and _TITLE_YEAR.search(title):
        plan = int(_TITLE_YEAR.search(title).group(1))
    elif (reviewed := _reviewed_year(normalized(text).text)) is not None:
        plan = reviewed + 1
    elif name and (named := _NAME_YEAR.findall(name)):
        plan = int(named[-1])
    else:
        return None, None
    return plan, plan - 1


def _reviewed_year(text: str) -> int | None:
    """The year the review part is about: its heading's, else that of the first paragraph in the first 40%
    of the text (the plan-year parts come later) that opens on a year."""
    found = _REVIEW_YEAR.search(text, 0, 20000) or _OPENING_YEAR.search(text, 0, int(len(text) * 0.4))
    return int(found.group(1)) if found else None
