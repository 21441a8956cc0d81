"""Error policies for UDFs, Geneva's `on_error` vocabulary.

A policy is a list of matchers; the first matcher whose exception types and
message regex match decides: retry (with backoff), skip (row becomes NULL and
is recorded) or fail (the job fails). Unmatched exceptions fail.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from typing import Optional, Sequence, Tuple, Type, Union

ExcTypes = Tuple[Type[BaseException], ...]


@dataclass
class Matcher:
    action: str  # "retry" | "skip" | "fail"
    exceptions: ExcTypes = (Exception,)
    match: Optional[str] = None
    max_attempts: int = 3
    backoff: str = "exponential"
    initial_delay: float = 1.0
    max_delay: float = 60.0
    _regex: Optional[re.Pattern] = field(default=None, repr=False)

    def __post_init__(self) -> None:
        if self.action not in ("retry", "skip", "fail"):
            raise ValueError(f"unknown error action {self.action!r}")
        if self.match is not None:
            try:
                self._regex = re.compile(self.match)
            except re.error as e:
                raise ValueError(f"invalid match regex {self.match!r}: {e}") from None
        if self.max_attempts < 1:
            raise ValueError("max_attempts must be >= 1")

    def matches(self, exc: BaseException) -> bool:
        if not isinstance(exc, self.exceptions):
            return False
        return self._regex is None or bool(self._regex.search(str(exc)))

    def delay(self, attempt: int) -> float:
        """Seconds to wait before retry number `attempt` (1-based)."""
        if self.backoff == "fixed":
            base = self.initial_delay
        elif self.backoff == "linear":
            base = self.initial_delay * attempt
        else:
            base = self.initial_delay * (2 ** (attempt - 1))
        base = min(base, self.max_delay)
        return base * (0.5 + random.random() / 2) if self.backoff == "exponential" else base


@dataclass
class ErrorPolicy:
    matchers: Sequence[Matcher] = ()

    def decide(self, exc: BaseException) -> Optional[Matcher]:
        for m in self.matchers:
            if m.matches(exc):
                return m
        return None

    def describe(self) -> str:
        if not self.matchers:
            return "fail"
        parts = []
        for m in self.matchers:
            names = ",".join(e.__name__ for e in m.exceptions)
            extra = f" x{m.max_attempts} {m.backoff}" if m.action == "retry" else ""
            regex = f" /{m.match}/" if m.match else ""
            parts.append(f"{m.action}({names}{regex}{extra})")
        return "; ".join(parts)


TRANSIENT: ExcTypes = (ConnectionError, TimeoutError, OSError)


def Retry(*exceptions: Type[BaseException], match: Optional[str] = None, max_attempts: int = 3,
          backoff: str = "exponential", initial_delay: float = 1.0) -> Matcher:
    return Matcher("retry", tuple(exceptions) or (Exception,), match, max_attempts, backoff, initial_delay)


def Skip(*exceptions: Type[BaseException], match: Optional[str] = None) -> Matcher:
    return Matcher("skip", tuple(exceptions) or (Exception,), match)


def Fail(*exceptions: Type[BaseException], match: Optional[str] = None) -> Matcher:
    return Matcher("fail", tuple(exceptions) or (Exception,), match)


def retry_transient(max_attempts: int = 3, backoff: str = "exponential", initial_delay: float = 1.0) -> ErrorPolicy:
    return ErrorPolicy([Retry(*TRANSIENT, max_attempts=max_attempts, backoff=backoff, initial_delay=initial_delay)])


def retry_all(max_attempts: int = 3, backoff: str = "exponential", initial_delay: float = 1.0) -> ErrorPolicy:
    return ErrorPolicy([Retry(Exception, max_attempts=max_attempts, backoff=backoff, initial_delay=initial_delay)])


def skip_on_error() -> ErrorPolicy:
    return ErrorPolicy([Skip(Exception)])


def fail_fast() -> ErrorPolicy:
    return ErrorPolicy([])


PolicyLike = Union[None, str, ErrorPolicy, Matcher, Sequence[Matcher]]


def parse_on_error(value: PolicyLike) -> ErrorPolicy:
    """Accept Geneva's factories, matcher lists, or the short strings
    "fail", "skip", "retry" (= retry_transient)."""
    if value is None:
        return fail_fast()
    if isinstance(value, ErrorPolicy):
        return value
    if isinstance(value, Matcher):
        return ErrorPolicy([value])
    if isinstance(value, str):
        presets = {"fail": fail_fast, "skip": skip_on_error, "retry": retry_transient, "retry_all": retry_all}
        if value not in presets:
            raise ValueError(f"on_error must be one of {', '.join(presets)} or a policy, got {value!r}")
        return presets[value]()
    if isinstance(value, (list, tuple)) and all(isinstance(m, Matcher) for m in value):
        backoffs = {m.backoff for m in value if m.action == "retry"}
        if len(backoffs) > 1:
            raise ValueError("all Retry matchers must share one backoff strategy")
        return ErrorPolicy(list(value))
    raise ValueError(f"unsupported on_error value: {value!r}")
