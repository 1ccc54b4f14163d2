"""Export recorded conversations from Rasa's SQL tracker store as test stories.

Runs in the bot environment (it imports Rasa):
    .venv-bot/bin/python tests/tools/export_test_stories.py TRACKERS_DB OUT.yml < senders.json
where senders.json is a list of [story name, sender pseudonym]. Used by
record_test_stories.py; the stories it writes are reviewed by a person before they are
committed to tests/.
"""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path

from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.training_data.story_writer.yaml_story_writer import YAMLStoryWriter
from rasa.shared.core.training_data.structures import Story


async def export(db: str, senders: list[tuple[str, str]]) -> str:
    domain = Domain.load("domain.yml")
    store = SQLTrackerStore(domain, dialect="sqlite", db=db)
    steps = []
    for name, sender in senders:
        tracker = await store.retrieve(sender)
        if tracker is None:
            raise SystemExit(f"no conversation stored for {name}")
        steps.extend(Story.from_events(list(tracker.events), name).story_steps)
    return YAMLStoryWriter().dumps(steps, is_test_story=True)


if __name__ == "__main__":
    stories = asyncio.run(export(sys.argv[1], [tuple(pair) for pair in json.load(sys.stdin)]))
    Path(sys.argv[2]).write_text(stories, encoding="utf-8")
