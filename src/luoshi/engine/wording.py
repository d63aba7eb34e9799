"""What the words around a number say: its comparator, measure, unit and indicator.

All functions work on the normalised text and on the clause before the
number (back to the last ，、；。 …), split into the indicator and the verb
that leads to the number (预计地区生产总值 | 可达).

>>> split_predicate("预计地区生产总值可达")
('预计地区生产总值', '可达')
>>> measure("增长", "固定资产投资增长", "%")
(<Measure.CHANGE: 'change'>, False)
>>> measure("提高到", "覆盖率提高到", "%")
(<Measure.LEVEL: 'level'>, False)
"""

from __future__ import annotations

import re

from .lexicon import lexicon
from .model import Cmp, Measure
from .patterns import CLAUSE_END, LIST_CONJUNCTION, SENTENCE_END, words_at_end_re, words_at_start_re

# How far back the words of a statement may stand from its number.
LOOKBACK = 48

# Words that lead from the indicator to the number, besides the lexicon's verbs.
_LINKS = ("达到", "达", "为", "至", "到", "可达", "实现", "完成", "累计", "了", "在", "保持在", "控制在", "是", "占",
          "已经", "已", "共", "总计", "确定为", "定为", "预期为", "分别")
_LEADING_FILLERS = re.compile(r"^(?:力争|确保|预计|争取|努力|实现|完成|全年|其中|并|和|及|同时|共|总计|合计|使|可|将)+")
_TRAILING_VERBS = re.compile(r"(?:相继|陆续|全部|全面|加快|顺利|基本|已|均|分别|正在|全速).*$")
# A rate followed by the growth it measures: 8%左右的国内生产总值增长目标.
_GROWTH_AFTER = re.compile(r"(?:左右|以上|以内)?的[^，,；;。]{0,12}(?:增长目标|增长速度|增速|增长)")
# A growth rate named before 为/定为/确定为: 经济增长目标确定为5.5%, 经济增长速度的
# 宏观调控目标定为8% (not 自然增长率).
_GROWTH_BEFORE = re.compile(
    r"(?:增长|增速|涨幅|增幅|上涨|降幅)(?!率)[^，,；;。]{0,6}$"
    r"|(?:增长|增速)(?:速度|幅度)?的?(?:宏观)?(?:调控|预期|计划)?目标$"
)
# The same inside the verb: 经济|增长预期为7%, 增长目标定为 (增长到, 提高为 stay levels).
_GROWTH_VERB = re.compile(r"(?:增长|增速|涨幅|增幅|上涨)(?:速度|幅度)?的?(?:预期目标|预期|目标)(?:确?定为|为|是)$")
# 由/从 and the words after it, before a from-number: 城镇化率由, 增长速度由原定平均每年
# (not 自由, 理由, 从业, 从事; 从2002年的 stays: it names the base year).
_FROM_TAIL = re.compile(r"(?<![自理缘经])(?:由|从)(?![业事而此])[^由从，,\d]{0,7}$")
# A clause whose only words say the rate is an average: it is the indicator before it's.
_AVERAGE_ONLY = re.compile(r"(?:五年|十年)?(?:年均|平均每年|每年平均)$")
# A clause whose only words name the base of a change: 比上年(增长5%), 同比.
_BASELINE_ONLY = re.compile(r"(?:(?:比|较|与)(?:上年|去年|上年同期|去年同期|年初)(?:相比)?|同比|环比)")
# A clause that is only a link to the number: its subject stands before the comma
# (今年经济增长速度的宏观调控目标，定为百分之八至九).
_BARE_LINKS = ("定为", "确定为", "初步定为", "预期为")


def only_connectives(words: str) -> bool:
    """Nothing but comparators and baselines between two numbers: 以上, 比上年, 同比 (or nothing)."""
    lex = lexicon()
    pattern = words_at_start_re(tuple(lex.cmp_after) + lex.baselines + ("、", "，", ","))
    pos = 0
    while pos < len(words) and (m := pattern.match(words, pos)):
        pos = m.end()
    return pos == len(words)


def comparator_after(t: str, pos: int) -> tuple[int, str | None]:
    """(end, cmp) of a comparator word right after `pos` (以上, 左右 …), or (pos, None)."""
    lex = lexicon()
    m = words_at_start_re(tuple(lex.cmp_after)).match(t, pos)
    if m:
        return m.end(), lex.cmp_after[m.group()]
    return pos, None


def clause_before(pre: str) -> str:
    """The words of the clause before the number."""
    cut = 0
    for m in CLAUSE_END.finditer(pre):
        cut = m.end()
    return pre[cut:]


def widen_bare_link(pre: str, clause: str) -> str:
    """定为 alone after a comma: the clause with the one before it, which names what is set.

    >>> widen_bare_link("今年经济增长速度的宏观调控目标，定为", "定为")
    '今年经济增长速度的宏观调控目标定为'
    """
    if clause not in _BARE_LINKS or len(pre) <= len(clause) or pre[-len(clause) - 1] not in "，,":
        return clause
    return clause_before(pre[: -len(clause) - 1]) + clause


def split_predicate(clause: str) -> tuple[str, str]:
    """Split '预计地区生产总值可达' into the indicator part and the verb part ('可达')."""
    lex = lexicon()
    words = tuple(lex.cmp_before) + lex.change_up + lex.change_down + lex.change_nouns + lex.new_things + _LINKS
    ends = words_at_end_re(words)
    rest, verb = clause, ""
    while rest:
        m = ends.search(rest)
        if not m:
            break
        word = m.group()
        if word in lex.new_things or word in lex.change_nouns:
            break  # 新增城镇就业, 增速 belong to the indicator
        verb = word + verb
        rest = rest[: m.start()]
    return rest, verb


def measure(verb: str, clause: str, unit: str, following: str = "") -> tuple[Measure, bool]:
    """Level or change, and whether the number is a decline."""
    lex = lexicon()
    if unit == "倍":
        return Measure.CHANGE, False
    verb_core = verb
    for w in lex.cmp_before:
        verb_core = verb_core.replace(w, "")
    head = clause[: len(clause) - len(verb)]
    if unit in ("%", "百分点") and _GROWTH_BEFORE.search(head) and not _changes(verb_core):
        return Measure.CHANGE, False  # 经济增长目标确定为5.5%
    if unit in ("%", "百分点") and _GROWTH_VERB.search(verb_core):
        return Measure.CHANGE, False  # 经济增长预期为7%
    if verb_core.endswith(lex.to_level) or verb_core.endswith(("达到", "可达", "达")):
        return Measure.LEVEL, False
    if head.endswith(lex.new_things):
        return Measure.LEVEL, False
    opening = _LEADING_FILLERS.sub("", head)
    if not verb_core and not opening.startswith(lex.new_things):
        # 增加森林面积2900万亩: the verb opens the clause, the noun follows it.
        # (提高1200万教师待遇: no noun between, the number counts what follows;
        # 增加值 is value added, a noun.)
        for words, down in ((lex.change_down, True), (lex.change_up, False)):
            for w in words:
                if len(w) > 1 and opening.startswith(w) and len(opening) > len(w) and opening[len(w)] != "值":
                    return Measure.CHANGE, down
    direction = _changes(verb_core)
    if direction is not None:
        return Measure.CHANGE, direction == "down"
    if head.endswith(lex.change_nouns):
        return Measure.CHANGE, False
    if unit == "%" and following and not verb and _GROWTH_AFTER.match(following):
        return Measure.CHANGE, False  # 8%左右的国内生产总值增长目标
    return Measure.LEVEL, False


def _changes(verb_core: str) -> str | None:
    """'down' or 'up' when the verb is a change verb, else None."""
    lex = lexicon()
    if any(w in verb_core for w in lex.change_down):
        return "down"
    if any(w in verb_core for w in lex.change_up):
        return "up"
    return None


def comparator(is_range: bool, inner_ge: bool, verb: str, cmp_after: str | None, inherited: Cmp | None) -> Cmp:
    """The comparator from the words: range, 多/余, a word after, a word before, or the list's."""
    lex = lexicon()
    if is_range:
        return Cmp.RANGE
    if inner_ge:
        return Cmp.GE
    if cmp_after is not None:
        return Cmp(cmp_after)
    m = words_at_end_re(tuple(lex.cmp_before)).search(verb)
    if m:
        return Cmp(lex.cmp_before[m.group()])
    return inherited or Cmp.EQ


def prefix_comparator(t: str, verb: str, number_end: int, inner_ge: bool) -> Cmp | None:
    """The comparator a list inherits: one written before its first number (约A、B; 分别突破A、B)."""
    if inner_ge or comparator_after(t, number_end)[1] is not None:
        return None
    m = words_at_end_re(tuple(lexicon().cmp_before)).search(verb)
    return Cmp(lexicon().cmp_before[m.group()]) if m else None


def implied_unit(indicator_text: str) -> str | None:
    """常住人口增加3.2万 → 人: the unit the noun before implies."""
    lex = lexicon()
    m = words_at_end_re(tuple(lex.implied_units)).search(indicator_text.removesuffix("分别"))
    return lex.implied_units[m.group()] if m else None


def implied_unit_after(t: str, pos: int) -> str | None:
    """340万学生, 20万因灾失地农民: the unit implied by the noun that follows."""
    lex = lexicon()
    window = t[pos : pos + 10]
    cut = CLAUSE_END.search(window)
    window = window[: cut.start()] if cut else window
    for noun in sorted(lex.implied_units, key=len, reverse=True):
        if noun in window:
            return lex.implied_units[noun]
    return None


_NOUN_AFTER = re.compile(r"(?:的)?([\u4e00-\u9fff“”]{1,12}?)(?=[\d，,、；;。：:（(）)\n的]|约|近|超|逾|相继|陆续|全部|全面|加快|顺利|基本|正在|全速|实现|完成|纳入|用上|入选|$)")


_NOT_NOUNS = frozenset({"和", "及", "与", "或", "到", "至", "以及", "分别"})


def counted_noun(t: str, after: int) -> str:
    """The noun a count stands before: 37个产业项目相继落地 → 产业项目."""
    if after >= len(t) or not ("\u4e00" <= t[after] <= "\u9fff" or t[after] == "“"):
        return ""
    m = _NOUN_AFTER.match(t, after, min(len(t), after + 14))
    if not m or m.group(1) in _NOT_NOUNS:
        return ""  # 13处和225处: a conjunction before the next number
    return m.group(1)


def indicator(
    indicator_text: str, t: str, after: int, previous_indicator: str | None, pos: int, continues: bool,
    counter: bool = False,
) -> str:
    """The thing measured, in the report's words.

    A clause with no noun of its own (…68987元，增长4.1%) that `continues` the
    sentence by a verb or a list takes the indicator before it.
    """
    lead = _LEADING_FILLERS.sub("", indicator_text.replace("*", "")).strip()  # **地区生产总值: Markdown bold
    if (m := _FROM_TAIL.search(lead)) and m.start() > 0:
        lead = lead[: m.start()]  # 森林覆盖率从(40%提高到45%)
    counted = counted_noun(t, after) if counter else ""
    if counted:
        return lead + counted  # 统筹推进7个片区 → 统筹推进片区
    same_sentence = previous_indicator is not None and continues and not SENTENCE_END.search(t, max(0, pos - 24), pos)
    if same_sentence and _AVERAGE_ONLY.match(lead) and not previous_indicator.endswith(lead):
        return previous_indicator + lead  # 地区生产总值达到5000亿元，年均(增长11%) → 地区生产总值年均
    if lead and not (same_sentence and _BASELINE_ONLY.fullmatch(lead)):
        return lead
    if same_sentence:
        return previous_indicator  # …1300亿元，比上年(增长5%): the indicator before
    follow = t[after : after + 16]
    cut = CLAUSE_END.search(follow)
    follow = follow[: cut.start()] if cut else follow
    follow = _TRAILING_VERBS.sub("", follow).lstrip("的")
    if follow:
        return follow
    return previous_indicator or ""


def list_indicators(indicator: str, n: int) -> tuple[str, ...] | None:
    """The indicator of each of `n` numbers given to several indicators named together, or None.

    >>> list_indicators("城镇和农村居民人均可支配收入", 2)
    ('城镇居民人均可支配收入', '农村居民人均可支配收入')
    >>> list_indicators("城乡居民人均可支配收入", 2)
    ('城镇居民人均可支配收入', '农村居民人均可支配收入')
    >>> list_indicators("发明专利申请量和授权量", 2)
    ('发明专利申请量', '发明专利授权量')
    >>> list_indicators("规模以上工业增加值和固定资产投资", 3) is None
    True
    """
    lex = lexicon()
    parts = LIST_CONJUNCTION.split(indicator)
    if len(parts) == 1:
        for word, each in lex.indicator_pairs.items():
            if word in indicator and len(each) == n:
                return tuple(indicator.replace(word, w, 1) for w in each)
        return None
    if len(parts) != n or not all(parts):
        return None
    last_at = _head_at(parts[-1])
    out = list(parts)
    if last_at:  # 城镇和农村|居民人均可支配收入: the names before take the last one's head
        head = parts[-1][last_at:]
        out = [_join(p, head) if _head_at(p) is None else p for p in parts[:-1]] + [parts[-1]]
    first_at = _head_at(parts[0])
    if first_at:  # 发明专利|申请量和授权量: a bare head takes the first one's modifier
        out = out[:1] + [parts[0][:first_at] + p if _head_at(p) == 0 else p for p in out[1:]]
    return tuple(out)


def _head_at(part: str) -> int | None:
    """Where the first head word of `part` starts, or None."""
    heads = lexicon().indicator_heads
    for i in range(len(part)):
        if part.startswith(heads, i):
            return i
    return None


def _join(modifier: str, head: str) -> str:
    """城镇居民 + 居民人均可支配收入 → 城镇居民人均可支配收入 (the overlap once)."""
    for k in range(min(len(modifier), len(head)), 0, -1):
        if modifier.endswith(head[:k]):
            return modifier + head[k:]
    return modifier + head
