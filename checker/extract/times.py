"""Resolves time expressions against an article's publication date.

``resolve_time("on Tuesday", date(2023, 5, 31))`` gives the interval 2023-05-30..2023-05-30.
A bare weekday or month means the most recent one on or before the publication date, or the
next one when the clause speaks of the future. Every value keeps its original words. Without a
publication date, relative expressions stay unresolved (``None``) and say so in the report.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from dateutil import parser as date_parser

WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}
MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9
_MONTH_RE = "|".join(sorted(MONTHS, key=len, reverse=True))
_WEEKDAY_RE = "|".join(WEEKDAYS)
_FILLER = re.compile(r"\b(on|in|at|by|during|since|the|of|just|around|about|until|before|after)\b")
_PART_OF_DAY = re.compile(r"\b(morning|afternoon|evening|night|overnight)\b")


@dataclass(frozen=True)
class TimeValue:
    """A resolved time: an inclusive date interval, its granularity and its words."""

    start: dt.date
    end: dt.date
    granularity: str  # day | week | month | quarter | year | range
    text: str

    @property
    def iso(self) -> str:
        """ISO form: ``2023-05-30``, ``2023-05``, ``2021`` or ``start/end``."""
        if self.granularity == "day":
            return self.start.isoformat()
        if self.granularity == "month":
            return self.start.isoformat()[:7]
        if self.granularity == "year" and self.start.month == 1 and self.end.month == 12:
            return str(self.start.year)
        return f"{self.start.isoformat()}/{self.end.isoformat()}"

    def overlaps(self, other: TimeValue) -> bool:
        """True when the two intervals share at least one day (then they do not contradict)."""
        return self.start <= other.end and other.start <= self.end


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _month(year: int, month: int, text: str) -> TimeValue:
    return TimeValue(dt.date(year, month, 1), _month_end(year, month), "month", text)


def _year(year: int, text: str, part: str = "") -> TimeValue:
    spans = {"early": (1, 4), "mid": (5, 8), "late": (9, 12)}
    first, last = spans.get(part, (1, 12))
    gran = "year" if not part else "range"
    return TimeValue(dt.date(year, first, 1), _month_end(year, last), gran, text)


def _day(day: dt.date, text: str) -> TimeValue:
    return TimeValue(day, day, "day", text)


def _weekday(name: str, modifier: str, published: dt.date, future: bool, text: str) -> TimeValue:
    target = WEEKDAYS[name]
    if modifier == "next" or (future and modifier != "last"):
        delta = (target - published.weekday()) % 7
        if modifier == "next" and delta == 0:
            delta = 7
        return _day(published + dt.timedelta(days=delta), text)
    delta = (published.weekday() - target) % 7
    if modifier == "last" and delta == 0:
        delta = 7
    return _day(published - dt.timedelta(days=delta), text)


def _relative(words: str, published: dt.date, text: str) -> TimeValue | None:
    today = published
    if words in ("today", "tonight", "this morning", "this afternoon", "this evening"):
        return _day(today, text)
    if words in ("yesterday", "last night"):
        return _day(today - dt.timedelta(days=1), text)
    if words == "tomorrow":
        return _day(today + dt.timedelta(days=1), text)
    monday = today - dt.timedelta(days=today.weekday())
    weeks = {"last week": -1, "this week": 0, "earlier this week": 0, "next week": 1}
    if words in weeks:
        start = monday + dt.timedelta(weeks=weeks[words])
        return TimeValue(start, start + dt.timedelta(days=6), "week", text)
    months = {"last month": -1, "this month": 0, "earlier this month": 0, "next month": 1, "later this month": 0}
    if words in months:
        index = today.year * 12 + today.month - 1 + months[words]
        return _month(index // 12, index % 12 + 1, text)
    years = {"last year": -1, "this year": 0, "earlier this year": 0, "next year": 1, "later this year": 0}
    if words in years:
        return _year(today.year + years[words], text)
    return None


def _bare_month(month: int, published: dt.date, future: bool) -> int:
    """The year of a month named without one: the latest not after publication (or next, for plans)."""
    if future:
        return published.year if month >= published.month else published.year + 1
    return published.year if month <= published.month else published.year - 1


def _explicit(words: str, published: dt.date | None, future: bool, text: str) -> TimeValue | None:
    iso = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", words)
    if iso:
        return _day(dt.date(*map(int, iso.groups())), text)
    span = re.fullmatch(r"(?:from |between )?(\d{4}) (?:to|and|-|–|through|until) (\d{4})", words)
    if span:
        first, last = int(span.group(1)), int(span.group(2))
        if first <= last:
            return TimeValue(dt.date(first, 1, 1), dt.date(last, 12, 31), "range", text)
    part = re.fullmatch(r"(early|mid|late)[- ]?(\d{4})", words)
    if part:
        return _year(int(part.group(2)), text, part.group(1))
    if re.fullmatch(r"\d{4}", words):
        # A bare number is a year only in a plausible range ("House Bill 2417" is not a date).
        return _year(int(words), text) if 1800 <= int(words) <= 2100 else None
    end_of = re.fullmatch(rf"(?:the )?end (?:of )?({_MONTH_RE})\.?(?: (\d{{4}}))?", words)
    if end_of:
        month = MONTHS[end_of.group(1)]
        year = int(end_of.group(2)) if end_of.group(2) else (_bare_month(month, published, future) if published else None)
        if year is None:
            return None
        last = _month_end(year, month)
        return TimeValue(last - dt.timedelta(days=9), last, "range", text)
    month_only = re.fullmatch(rf"(early |mid-?|late )?({_MONTH_RE})\.?,?(?: (\d{{4}}))?", words)
    if month_only:
        month = MONTHS[month_only.group(2)]
        year = int(month_only.group(3)) if month_only.group(3) else (_bare_month(month, published, future) if published else None)
        return _month(year, month, text) if year else None
    return _parsed_day(words, published, future, text)


def _parsed_day(words: str, published: dt.date | None, future: bool, text: str) -> TimeValue | None:
    if not re.search(rf"\b({_MONTH_RE})\b", words) or not re.search(r"\b\d{1,2}(st|nd|rd|th)?\b", words):
        return None
    has_year = re.search(r"\b\d{4}\b", words) is not None
    if not has_year and published is None:
        return None
    default = dt.datetime(published.year if published else 2000, 1, 1)
    try:
        parsed = date_parser.parse(words, default=default, fuzzy=True).date()
    except (ValueError, OverflowError):
        return None
    if not has_year and published is not None:
        try:
            parsed = parsed.replace(year=published.year)
            if not future and parsed > published:
                parsed = parsed.replace(year=published.year - 1)
            elif future and parsed < published:
                parsed = parsed.replace(year=published.year + 1)
        except ValueError:
            return None
    return _day(parsed, text)


def normalise(text: str) -> str:
    """Lower-case words of a time expression without fillers ("on", "the", "in") and parts of day."""
    words = text.lower().replace("’", "'").strip(" ,.;:")
    words = _PART_OF_DAY.sub("", words)
    words = _FILLER.sub(" ", words)
    return re.sub(r"\s+", " ", words).strip(" ,")


def resolve_time(text: str, published: dt.date | None, future: bool = False) -> TimeValue | None:
    """Resolve a time expression (e.g. ``"on Tuesday"``, ``"Feb. 28"``, ``"last month"``) or return None.

    A date that would fall outside years 1 to 9999 ("yesterday" published 0001-01-01) stays
    unresolved, as without a publication date.
    """
    try:
        return _resolve(text, published, future)
    except (OverflowError, ValueError):
        return None


def _resolve(text: str, published: dt.date | None, future: bool) -> TimeValue | None:
    words = normalise(text)
    if not words:
        return None
    weekday = re.fullmatch(rf"(last |next |this |early |late )?({_WEEKDAY_RE})", words)
    if weekday:
        if published is None:
            return None
        return _weekday(weekday.group(2), (weekday.group(1) or "").strip(), published, future, text)
    if published is not None:
        relative = _relative(words, published, text)
        if relative:
            return relative
    dated = re.fullmatch(rf"(?:{_WEEKDAY_RE}),? (.+)", words)
    if dated:
        words = dated.group(1)
    return _explicit(words, published, future, text)
