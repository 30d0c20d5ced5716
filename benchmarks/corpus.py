"""Seeded generator of invented news stories for benchmarks.

``write_corpus(folder, n_articles, seed)`` writes story folders of 3–6 articles each (one per
invented outlet), about 500 words per article on average. Every story has a shared event (a
meeting with a weekday and a place, titles, a figure, a statement, a hedged claim, a comment
status) that outlets repeat with controlled discrepancies (another weekday, place, title or
figure; family-name-first order), embedded in background prose as real wire copy is. Every
name is assembled from invented syllables. The same ``(n_articles, seed)`` gives the same bytes.

Run ``python -m benchmarks.corpus OUT --articles 100`` to write one.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
from pathlib import Path

SYLLABLES = ("ka", "ren", "dal", "mo", "vi", "tor", "sa", "len", "bri", "no", "fa", "lis", "ter", "ova",
             "mar", "hel", "qui", "zan", "pe", "dro", "lu", "ne", "sta", "vek", "ori", "bel", "cas", "tin")
TITLES = (("Foreign Minister", "foreign minister"), ("Trade Minister", "trade minister"),
          ("Chief Executive", "chief executive"), ("Chairman", "chairwoman"), ("Governor", "deputy governor"),
          ("Finance Minister", "finance secretary"), ("President", "vice president"))
ORG_KINDS = ("Holdings", "Industries", "Energy", "Logistics", "Robotics", "Motors", "Bank", "Systems")
TOPICS = ("export controls", "a battery supply deal", "port access", "rail investment", "grain shipments",
          "chip manufacturing", "a water-sharing agreement", "wind farm permits")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")
OUTLET_WORDS = ("Herald", "Wire", "Tribune", "Daily", "Ledger", "Courier", "Observer", "Gazette", "Post")
BACKGROUND = (
    "The talks come after months of uncertainty over how the region would pay for new infrastructure.",
    "Officials on both sides have described the relationship as stable but cautious.",
    "Trade between the two economies has grown steadily over the past decade, according to customs data.",
    "Analysts say the outcome could shape investment decisions well beyond the sector.",
    "Local residents have raised concerns about traffic, noise and the pace of construction.",
    "The company has expanded rapidly and now employs staff on three continents.",
    "Critics argue that the benefits of such agreements rarely reach smaller suppliers.",
    "In recent years the government has tried to attract foreign manufacturers with tax incentives.",
    "Shares in the company rose slightly in early trading before settling near their previous close.",
    "Negotiations on a broader framework stalled last year over questions of market access.",
    "The visit is the first at this level since the pandemic disrupted regular exchanges.",
    "Industry groups welcomed the prospect of clearer rules but warned against new paperwork.",
    "Environmental campaigners have called for an independent review of the project.",
    "The region's economy slowed in the second half of last year as demand for exports weakened.",
    "Several lawmakers have asked for more detail on the costs and the timetable.",
    "It was not immediately clear whether the plans had been approved by the full board.",
    "The sector accounts for a growing share of national output and of new jobs.",
    "Previous rounds of talks produced statements of intent but few binding commitments.",
    "Competition for skilled workers has pushed up wages across the industrial corridor.",
    "Observers will be watching for any change in tone at the next round of meetings.",
)


def _word(rng: random.Random, parts: int) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(parts)).capitalize()


def _person(rng: random.Random) -> tuple[str, str]:
    return _word(rng, 2), _word(rng, rng.choice((2, 3)))


def _outlets(rng: random.Random, count: int) -> list[str]:
    names: list[str] = []
    while len(names) < count:
        name = f"{_word(rng, 2)} {rng.choice(OUTLET_WORDS)}"
        if name not in names:
            names.append(name)
    return names


class Story:
    """The shared facts of one story; ``article`` renders one outlet's version with its variations."""

    def __init__(self, rng: random.Random, index: int) -> None:
        self.rng = rng
        self.slug = f"story-{index:05d}"
        self.host, self.guest = _person(rng), _person(rng)
        self.host_title, self.guest_title = rng.sample(TITLES, 2)
        self.org = f"{_word(rng, 2)} {rng.choice(ORG_KINDS)}"
        self.city, self.other_city, self.venue = _word(rng, 3), _word(rng, 3), f"{_word(rng, 2)} Hall"
        self.weekday = rng.randrange(len(WEEKDAYS))
        self.topic = rng.choice(TOPICS)
        self.amount, self.jobs = rng.randrange(2, 90) * 10, rng.randrange(3, 60) * 100
        self.published = dt.date(2024, 1, 1) + dt.timedelta(days=rng.randrange(360))

    def article(self, outlet: str, lead: bool) -> str:
        """One outlet's article: front matter, the shared facts (some varied), background prose."""
        rng = self.rng
        host = " ".join(self.host)
        guest = (f"{self.guest[1]} {self.guest[0]}" if rng.random() < 0.15 else " ".join(self.guest))
        guest_family = self.guest[1]
        title = self.guest_title[1] if rng.random() < 0.2 else self.guest_title[0]
        day = WEEKDAYS[(self.weekday + 1) % 5] if rng.random() < 0.15 else WEEKDAYS[self.weekday]
        place = self.other_city if rng.random() < 0.1 else self.city
        amount = self.amount + 50 if rng.random() < 0.15 else self.amount
        jobs = self.jobs if rng.random() < 0.85 else self.jobs // 2
        facts = [
            f"{self.city.upper()} ({outlet}) - {self.host_title[0]} {host} met {title} {guest} of {self.org} "
            f"in {place} on {day} to discuss {self.topic}.",
            f"{guest_family} held talks with {self.host[1]} at the {self.venue} on {day} afternoon, "
            f"{self.org} said in a statement.",
            f"The agreement is worth ${amount} million and would create {jobs:,} jobs, the company said.",
            f'"We are ready to move quickly," {guest_family} told reporters after the meeting.',
            f"{self.host[1]} said the government supports the plan and expects work to start next year.",
            f"{guest_family} is reportedly planning to visit {self.other_city} next month, according to "
            "people familiar with the matter.",
            rng.choice((f"A spokesperson for {self.org} declined to comment on the timetable.",
                        f"{self.org} did not respond to a request for comment.")),
        ]
        if not lead:
            facts = [facts[0]] + rng.sample(facts[1:], rng.randrange(3, len(facts)))
        paragraphs = [facts[0]]
        for fact in facts[1:]:
            paragraphs.append(" ".join([fact] + rng.sample(BACKGROUND, rng.randrange(1, 4))))
        target = rng.randrange(300, 700)
        while sum(len(p.split()) for p in paragraphs) < target:
            paragraphs.append(" ".join(rng.sample(BACKGROUND, rng.randrange(3, 6))))
        slug = outlet.lower().replace(" ", "-")
        front = (f"---\noutlet: {outlet}\npublished: {self.published.isoformat()}\n"
                 f"url: https://example.com/{slug}/{self.slug}\ntitle: {host} meets {guest_family} on {self.topic}\n"
                 f"author: {' '.join(_person(rng))}\n---\n")
        return front + "\n\n".join(paragraphs) + "\n"


def write_corpus(folder: Path, n_articles: int, seed: int = 0) -> Path:
    """Write ``n_articles`` articles as story folders under ``folder``; returns ``folder``."""
    rng = random.Random(seed)
    written, index = 0, 0
    while written < n_articles:
        count = min(rng.randrange(3, 7), n_articles - written)
        story = Story(rng, index)
        story_dir = folder / story.slug
        story_dir.mkdir(parents=True, exist_ok=True)
        for n, outlet in enumerate(_outlets(rng, count)):
            path = story_dir / f"{outlet.lower().replace(' ', '-')}.md"
            path.write_text(story.article(outlet, lead=(n == 0)), encoding="utf-8")
        written += count
        index += 1
    return folder


def main() -> None:
    """``python -m benchmarks.corpus OUT --articles N [--seed S]``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--articles", type=int, default=100)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    write_corpus(args.out, args.articles, args.seed)


if __name__ == "__main__":
    main()
