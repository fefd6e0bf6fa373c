"""Trello board JSON (Board menu > Print, export and share > Export as JSON).

Lists are stages; the actions give the dates: ``createCard`` puts a card in its first list and ``updateCard``
with ``listBefore``/``listAfter`` moves it. A card whose creation is not among the actions (exports keep the
most recent actions only) is dated by the time inside its id. Card titles such as "Acme - Data Analyst" or
"Data Analyst at Acme" give the company and the role. List names are read with the shared status vocabulary;
name your own lists with ``statuses={"Ideas": "saved", "Talking": "phone screen"}``.
"""

from __future__ import annotations

from pathlib import Path

from jobsearch_analysis.ingest.formats import RawTable, Reader, boards
from jobsearch_analysis.ingest.formats.boards import (
    as_records,
    events_table,
    get,
    guarded,
    object_id_time,
    read_json,
    split_title,
)


def detect(path: Path, head: bytes) -> bool:
    return head.lstrip()[:1] == b"{" and any(
        marker in head for marker in (b'"idList"', b'"listAfter"', b'"idBoard"', b"trello.com/b/")
    )


def read(path: Path) -> list[RawTable]:
    board = read_json(path)
    if not isinstance(board, dict):
        from jobsearch_analysis.errors import LoadError

        raise LoadError(f"{path.name}: not a Trello board export (expected a JSON object with cards and lists)")
    lists = {get(r, "id"): get(r, "name") for r in as_records(board.get("lists"))}
    all_cards, stray_cards = boards.entries(board.get("cards"), "cards", 1)
    all_actions, stray_actions = boards.entries(board.get("actions"), "actions", len(all_cards) + 1)
    # Oldest first (exports list the newest first), remembering each action's place in the file.
    objects = [(i, action) for i, action in enumerate(all_actions) if isinstance(action, dict)]
    indexed = sorted(objects, key=lambda pair: str(pair[1].get("date", "")))
    actions = [action for _, action in indexed]
    names = {get(c, "id"): get(c, "name") for c in as_records(all_cards)}
    first_list: dict[str, str] = {}
    for action in actions:  # oldest first: the first list a card is seen in
        card = get(action, "data", "card", "id")
        if get(action, "type") == "createCard" and card not in first_list:
            first_list[card] = get(action, "data", "list", "name")
        before = get(action, "data", "listBefore", "name")
        if get(action, "type") == "updateCard" and before and card not in first_list:
            first_list[card] = before
    events, skipped = [], stray_cards + stray_actions
    for number, card in enumerate(all_cards, start=1):
        if not isinstance(card, dict):
            continue
        # Every card is an event: its first list, on the day its id was made (the card's creation).
        company, title = split_title(get(card, "name"))
        events.append(
            {
                "key": get(card, "id"),
                "company": company,
                "job_title": title,
                "stage": first_list.get(get(card, "id"), lists.get(get(card, "idList"))),
                "date": object_id_time(get(card, "id")) or get(card, "dateLastActivity"),
                "where": f"cards[{number - 1}]",
                "row": number,
            }
        )
    for index, action in indexed:
        number = len(all_cards) + index + 1
        kind = get(action, "type")
        card = get(action, "data", "card", "id")
        if kind == "createCard":
            stage = get(action, "data", "list", "name") or lists.get(get(action, "data", "list", "id"))
        elif kind == "updateCard" and (
            get(action, "data", "listAfter", "name") or get(action, "data", "listAfter", "id")
        ):
            stage = get(action, "data", "listAfter", "name") or lists.get(get(action, "data", "listAfter", "id"))
        else:
            skipped.append(
                {
                    "source_row": number,
                    "column": f"actions[{index}].type",
                    "value": kind or "",
                    "code": "not_a_list_move",
                }
            )
            continue
        company, title = split_title(names.get(card) or get(action, "data", "card", "name"))
        events.append(
            {
                "key": card,
                "company": company,
                "job_title": title,
                "stage": stage,
                "date": get(action, "date"),
                "where": f"actions[{index}]",
                "row": number,
            }
        )
    return [events_table(events, skipped, path, "trello", len(all_cards) + len(all_actions))]


READERS = (Reader("trello", "Trello board JSON export", detect, guarded(read)),)
