"""Model records ↔ plain JSON data, for the caches: a round trip gives equal records and identical reports.

Nothing here can run code: values are encoded as JSON scalars and tagged arrays, and every record
is rebuilt field by field from a fixed list of model classes after its fields pass a type check.
``decode_*`` raise ``ValueError`` (or ``TypeError``/``KeyError``) on anything of the wrong shape;
the caches treat that as a miss.

Plain values: ``None``, ``bool``, ``int``, ``str`` and finite ``float`` are themselves; every JSON
array is tagged by its first item: ``["l", ...]`` list, ``["t", ...]`` tuple, ``["m", {...}]`` dict
with text keys, ``["d", [k, v], ...]`` other dict, ``["s", ...]``/``["S", ...]`` set/frozenset,
``["D", iso]`` date, ``["T", iso]`` datetime, ``["b", base64]`` bytes, ``["f", "nan"]`` a
non-finite float, ``["n", dtype, value]`` a numpy scalar.
"""

from __future__ import annotations

import base64
import datetime as dt
import math
from typing import Any, Callable

from checker.model import ASSERTION_COLUMNS, Article, Entity, Evidence, Finding, Mention, StoryResult, Waiver

_SCALARS = (str, int, bool, type(None))
_NUMPY_SCALARS = ("bool", "int64", "int32", "float64", "float32")
_FRAME_DTYPES = ("object", "bool", "int64", "float64")
_SLOT_VALUES = (str, int, float, bool, type(None))


def encode(value: Any) -> Any:
    """A plain value as JSON-able data (see the module docstring); ``TypeError`` for anything else."""
    kind = type(value)
    if kind in _SCALARS:
        return value
    if kind is float:
        return value if math.isfinite(value) else ["f", repr(value)]
    if kind is list or kind is tuple:
        return ["l" if kind is list else "t", *map(encode, value)]
    if kind is dict:
        if all(type(k) is str for k in value):
            return ["m", {k: encode(v) for k, v in value.items()}]
        return ["d", *([encode(k), encode(v)] for k, v in value.items())]
    if kind is set or kind is frozenset:
        items = sorted((encode(v) for v in value), key=repr)
        return ["s" if kind is set else "S", *items]
    if kind is dt.date:
        return ["D", value.isoformat()]
    if kind is dt.datetime:
        return ["T", value.isoformat()]
    if kind is bytes:
        return ["b", base64.b64encode(value).decode("ascii")]
    if kind.__module__ == "numpy" and str(getattr(value, "dtype", "")) in _NUMPY_SCALARS:
        return ["n", str(value.dtype), encode(value.item())]
    raise TypeError(f"cannot cache a value of type {kind.__name__}")


def decode(data: Any) -> Any:
    """The value ``encode`` made; ``ValueError`` for anything that is not such data."""
    if type(data) in _SCALARS or type(data) is float:
        return data
    if type(data) is not list or not data or type(data[0]) is not str:
        raise ValueError("not a cached value")
    tag, rest = data[0], data[1:]
    if tag == "l":
        return [decode(v) for v in rest]
    if tag == "t":
        return tuple(decode(v) for v in rest)
    if tag == "m" and len(rest) == 1 and type(rest[0]) is dict:
        return {k: decode(v) for k, v in rest[0].items()}
    if tag == "d":
        return {decode(_pair(p)[0]): decode(_pair(p)[1]) for p in rest}
    if tag in ("s", "S"):
        return (set if tag == "s" else frozenset)(decode(v) for v in rest)
    if len(rest) == 1 and type(rest[0]) is str:
        text = rest[0]
        if tag == "f" and text in ("nan", "inf", "-inf"):
            return float(text)
        if tag == "D":
            return dt.date.fromisoformat(text)
        if tag == "T":
            return dt.datetime.fromisoformat(text)
        if tag == "b":
            return base64.b64decode(text.encode("ascii"), validate=True)
    if tag == "n" and len(rest) == 2 and rest[0] in _NUMPY_SCALARS:
        import numpy as np

        return np.dtype(rest[0]).type(decode(rest[1]))
    raise ValueError(f"unknown cached value tag {tag!r}")


def _pair(item: Any) -> list[Any]:
    if type(item) is not list or len(item) != 2:
        raise ValueError("a dict entry is not a [key, value] pair")
    return item


# --- records: one codec per field, which also checks the field's type -------------------------------------

class Field:
    """How one field of a record is stored: ``encode`` to JSON data, ``decode`` back (``ValueError`` when off)."""

    def __init__(self, encode: Callable[[Any], Any], decode: Callable[[Any], Any]) -> None:
        self.encode = encode
        self.decode = decode


def _checked(*types: type) -> Callable[[Any], Any]:
    def check(value: Any) -> Any:
        if type(value) not in types:
            raise ValueError(f"expected {' or '.join(t.__name__ for t in types)}, not {type(value).__name__}")
        return value
    return check


def _same(value: Any) -> Any:
    return value


def _list_of(check: Callable[[Any], Any]) -> Callable[[Any], tuple[Any, ...]]:
    def decode_list(value: Any) -> tuple[Any, ...]:
        if type(value) is not list:
            raise ValueError("expected a list")
        return tuple(check(v) for v in value)
    return decode_list


def _tuple_of(kind: type) -> Callable[[Any], tuple[Any, ...]]:
    def decode_tuple(value: Any) -> tuple[Any, ...]:
        if type(value) is not list or not all(type(v) is kind for v in value):
            raise ValueError(f"expected a list of {kind.__name__}")
        return tuple(value)
    return decode_tuple


def _str_dict(check: Callable[[Any], Any]) -> Callable[[Any], dict[str, Any]]:
    def decode_dict(value: Any) -> dict[str, Any]:
        if type(value) is not dict or not all(type(k) is str for k in value):
            raise ValueError("expected a mapping with text keys")
        return {k: check(v) for k, v in value.items()}
    return decode_dict


def _typed(check: Callable[[Any], Any], convert: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """An encoder that refuses (``TypeError``) what the decoder would refuse or return changed:
    JSON would quietly turn ``{1: x}`` into ``{"1": x}`` and a list into what decodes as a tuple."""
    def encode_checked(value: Any) -> Any:
        try:
            converted = convert(value)
            check(converted)
        except ValueError as exc:
            raise TypeError(str(exc)) from None
        return converted
    return encode_checked


def _listed(value: Any) -> list[Any]:
    if type(value) is not tuple:
        raise ValueError(f"expected a tuple, not {type(value).__name__}")
    return list(value)


def _date(value: Any) -> dt.date | None:
    return None if value is None else dt.date.fromisoformat(_checked(str)(value))


def _merge(value: Any) -> tuple[str, str, str, str]:
    if type(value) is not list or len(value) != 4:
        raise ValueError("a merge is four texts")
    return tuple(_checked(str)(v) for v in value)  # type: ignore[return-value]


def _any_dict(value: Any) -> dict[Any, Any]:
    decoded = decode(value)
    if type(decoded) is not dict:
        raise ValueError("expected a mapping")
    return decoded


STR = Field(_typed(_checked(str), _same), _checked(str))
INT = Field(_typed(_checked(int), _same), _checked(int))
OPT_STR = Field(_typed(_checked(str, type(None)), _same), _checked(str, type(None)))
STRS = Field(_typed(_tuple_of(str), _listed), _tuple_of(str))
FIELDS: dict[type, dict[str, Field]] = {
    Article: {"id": STR, "story": STR, "path": STR, "outlet": STR,
              "published": Field(lambda d: d.isoformat() if d is not None else None, _date),
              "url": OPT_STR, "title": OPT_STR, "author": OPT_STR, "role": OPT_STR, "text": STR, "body_start": INT,
              "line_starts": Field(_typed(_tuple_of(int), _listed), _tuple_of(int)), "extra": Field(encode, _any_dict)},
    Mention: {"id": STR, "source": STR, "text": STR, "label": STR, "start": INT, "end": INT, "line": INT,
              "sentence": INT, "form": STR, "antecedent": STR, "reason": STR},
    Entity: {"id": STR, "name": STR, "type": STR,
             "surface_forms": Field(_typed(_str_dict(_tuple_of(str)), lambda d: {k: _listed(v) for k, v in d.items()}),
                                    _str_dict(_tuple_of(str))),
             "merges": Field(_typed(_list_of(_merge), lambda m: [_listed(x) for x in _listed(m)]), _list_of(_merge))},
    Evidence: {"source": STR, "quote": STR, "line": INT, "start": INT, "end": INT},
    Finding: {"id": STR, "rule": STR, "category": STR, "severity": STR, "entities": STRS,
              "field": OPT_STR, "values": Field(_typed(_str_dict(_checked(str)), dict), _str_dict(_checked(str))), "sources": STRS,
              "evidence": Field(lambda e: [encode_record(x) for x in _tuple(e)], lambda d: decode_records(Evidence, d)),
              "message": STR, "claim": STR},
    Waiver: {"finding": Field(lambda f: encode_record(_finding(f)), lambda d: decode_record(Finding, d)), "kind": STR,
             "reason": STR, "path": STR, "line": INT},
}
def _finding(value: Any) -> Finding:
    if type(value) is not Finding:
        raise TypeError(f"expected a Finding, not {type(value).__name__}")
    return value


#: Python types of the assertion columns in a row (``slots`` is a dict of text keys).
ROW_TYPES: dict[str, tuple[type, ...]] = {name: (str,) for name in ASSERTION_COLUMNS}
ROW_TYPES.update(slots=(dict,), negated=(bool,), line=(int,), start=(int,), end=(int,), sentence=(int,))


def encode_record(record: Any) -> dict[str, Any]:
    """One model record (a class of ``FIELDS``) as a dict of JSON data per field."""
    if type(record) not in FIELDS:
        raise TypeError(f"cannot cache a {type(record).__name__}")
    return {name: field.encode(getattr(record, name)) for name, field in FIELDS[type(record)].items()}


def decode_record(cls: type, data: Any) -> Any:
    """A ``cls`` record from ``encode_record`` data, every field type-checked (``ValueError`` when off)."""
    fields = FIELDS[cls]
    if type(data) is not dict or data.keys() != fields.keys():
        raise ValueError(f"a cached {cls.__name__} has the wrong fields")
    return cls(**{name: field.decode(data[name]) for name, field in fields.items()})


def encode_records(records: Any) -> list[Any]:
    """A tuple of records, each as ``encode_record`` makes it."""
    return [encode_record(r) for r in _tuple(records)]


def _tuple(value: Any) -> tuple[Any, ...]:
    if type(value) is not tuple:
        raise TypeError(f"expected a tuple of records, not {type(value).__name__}")
    return value


def decode_records(cls: type, data: Any) -> tuple[Any, ...]:
    """A tuple of ``cls`` records from ``encode_records`` data."""
    if type(data) is not list:
        raise ValueError(f"cached {cls.__name__} records are not a list")
    return tuple(decode_record(cls, item) for item in data)


def check_rows(rows: Any) -> list[dict[str, Any]]:
    """Assertion rows as extraction makes them (``ASSERTION_COLUMNS``, typed), else ``ValueError``."""
    if type(rows) is not list:
        raise ValueError("cached rows are not a list")
    for row in rows:
        if type(row) is not dict or len(row) != len(ROW_TYPES):
            raise ValueError("a cached row has the wrong columns")
        for name, types in ROW_TYPES.items():
            if type(row.get(name)) not in types:
                raise ValueError(f"a cached row has a bad {name}")
        if not all(type(k) is str for k in row["slots"]):
            raise ValueError("a cached row has bad slots")
    return rows


# --- the assertion table ------------------------------------------------------------------------------------

def encode_frame(frame: Any) -> dict[str, Any]:
    """A DataFrame with a 0..n-1 index and object, bool, int64 or float64 columns as plain data."""
    if isinstance(frame, LazyFrame):
        return frame.data
    import pandas as pd

    if not isinstance(frame.index, pd.RangeIndex) or frame.index.start != 0 or frame.index.step != 1:
        raise TypeError("only frames with a 0..n-1 index are cached")
    columns = []
    for name in frame.columns:
        dtype = str(frame[name].dtype)
        if type(name) is not str or dtype not in _FRAME_DTYPES:
            raise TypeError(f"cannot cache column {name!r} of dtype {dtype}")
        values = frame[name].tolist()
        plain = all(type(v) in _SCALARS for v in values)
        columns.append([name, dtype, plain, values if plain else [encode(v) for v in values]])
    return {"rows": len(frame), "columns": columns}


def decode_frame(data: Any) -> LazyFrame:
    """The table ``encode_frame`` made: checked now (columns, dtypes, row types), built on first use."""
    if type(data) is not dict or data.keys() != {"rows", "columns"} or type(data["rows"]) is not int:
        raise ValueError("not a cached table")
    rows, parsed = data["rows"], []
    for column in data["columns"]:
        if type(column) is not list or len(column) != 4:
            raise ValueError("a cached column has the wrong shape")
        name, dtype, plain, values = column
        if type(name) is not str or dtype not in _FRAME_DTYPES or type(values) is not list or len(values) != rows:
            raise ValueError(f"cached column {name!r} has the wrong shape")
        if plain is True:
            if not all(type(v) in _SCALARS or type(v) is float for v in values):
                raise ValueError(f"cached column {name!r} holds tagged values")
        else:
            values = [decode(v) for v in values]
        types = _COLUMN_TYPES.get(name)
        if types and not (all(type(v) in types for v in values) and dtype == _COLUMN_DTYPES.get(name, "object")):
            raise ValueError(f"a cached table has a bad {name} column")
        parsed.append((name, dtype, values))
    names = [name for name, _, _ in parsed]
    if len(set(names)) != len(names) or not set(_COLUMN_TYPES) <= set(names):
        raise ValueError("a cached table lacks or repeats a column")
    return LazyFrame(data, parsed)


_COLUMN_TYPES: dict[str, tuple[type, ...]] = {**ROW_TYPES, "subject_entity": (str,), "object_entity": (str,),
                                               "entities": (tuple,)}
_COLUMN_DTYPES = {"negated": "bool", "line": "int64", "start": "int64", "end": "int64", "sentence": "int64"}


def _build(rows: int, parsed: list[tuple[str, str, list[Any]]]) -> Any:
    import numpy as np
    import pandas as pd

    text = [(name, values) for name, dtype, values in parsed if dtype == "object"]
    # One object block for the text columns, as ``claims_frame`` builds it: row filters stay fast.
    block = np.empty((rows, len(text)), dtype=object)
    for j, (_, values) in enumerate(text):
        block[:, j] = np.fromiter(values, dtype=object, count=rows)  # tuples stay single values
    frame = pd.DataFrame(block, columns=[name for name, _ in text], dtype=object)
    for position, (name, dtype, values) in enumerate(parsed):
        if dtype != "object":
            frame.insert(position, name, np.array(values, dtype=dtype))
    return frame


class LazyFrame:
    """The assertion table of a story read from the cache, as a DataFrame built on first use.

    Checked when read (``decode_frame``), so building it cannot fail; a warm run that renders no
    report never imports pandas. Attribute access, ``len``, ``[]`` and iteration go to the DataFrame;
    pickling sends the DataFrame itself.
    """

    __slots__ = ("data", "_parsed", "_frame")

    def __init__(self, data: dict[str, Any], parsed: list[tuple[str, str, list[Any]]]) -> None:
        self.data = data
        self._parsed = parsed
        self._frame: Any = None

    @property
    def frame(self) -> Any:
        """The DataFrame."""
        if self._frame is None:
            self._frame = _build(self.data["rows"], self._parsed)
        return self._frame

    def __getattr__(self, name: str) -> Any:
        return getattr(self.frame, name)

    def __len__(self) -> int:
        return int(self.data["rows"])

    def __getitem__(self, key: Any) -> Any:
        return self.frame[key]

    def __iter__(self) -> Any:
        return iter(self.frame)

    def __contains__(self, key: Any) -> bool:
        return key in self.frame

    def __reduce__(self) -> tuple[Any, ...]:
        return (_same, (self.frame,))


# --- a whole story --------------------------------------------------------------------------------------------

def encode_result(result: StoryResult) -> dict[str, Any]:
    """A ``StoryResult`` as plain data."""
    return {"story": result.story, "articles": encode_records(result.articles),
            "entities": encode_records(result.entities), "assertions": encode_frame(result.assertions),
            "findings": encode_records(result.findings), "waived": encode_records(result.waived)}


def decode_result(data: Any) -> StoryResult:
    """The ``StoryResult`` ``encode_result`` made, every part shape-checked."""
    keys = {"story", "articles", "entities", "assertions", "findings", "waived"}
    if type(data) is not dict or set(data) != keys or type(data["story"]) is not str:
        raise ValueError("not a cached story")
    return StoryResult(story=data["story"], articles=decode_records(Article, data["articles"]),
                       entities=decode_records(Entity, data["entities"]),
                       assertions=decode_frame(data["assertions"]),
                       findings=decode_records(Finding, data["findings"]),
                       waived=decode_records(Waiver, data["waived"]))
