from __future__ import annotations

import pytest

from spotsigns.report.fields import Report
from spotsigns.report.validation import ReportError, report_from_mapping


def test_a_full_report_is_read() -> None:
    report = report_from_mapping(
        {
            "setting": "car_wash", "location": "  12  Mill Road ", "when_seen": "today",
            "signs": ["long_hours", "no_protective_gear", "long_hours"], "people_count": 4,
            "children_involved": "unsure", "immediate_danger": "no", "reporter_is_victim": False,
            "description": "cash only", "contact_ok": True,
            "contact": {"phone": "07700 900123", "safe_times": "after 6"}, "language": "pl",
        }
    )  # fmt: skip
    assert report.location == "12 Mill Road"
    assert report.signs == ("no_protective_gear", "long_hours")  # SPEC order, no duplicates
    assert report.contact is not None
    assert report.contact.phone == "07700 900123"
    assert "contact" not in report.as_dict()


def test_an_empty_report_is_allowed() -> None:
    assert report_from_mapping({}) == Report()


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"setting": "spaceship"}, "setting"),
        ({"signs": ["bad_sign"]}, "signs"),
        ({"signs": "long_hours"}, "signs"),
        ({"people_count": -1}, "people_count"),
        ({"people_count": "5"}, "people_count"),
        ({"people_count": True}, "people_count"),
        ({"when_seen": "tomorrow"}, "when_seen"),
        ({"children_involved": True}, "children_involved"),
        ({"reporter_is_victim": "yes"}, "reporter_is_victim"),
        ({"location": 12}, "location"),
        ({"description": "x" * 5000}, "description"),
        ({"language": "xx"}, "language"),
        ({"contact": "07700 900123"}, "contact"),
        ({"contact": {"twitter": "@x"}}, "contact"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_bad_values_are_named(data: dict, field: str) -> None:
    with pytest.raises(ReportError) as caught:
        report_from_mapping(data)
    assert field in caught.value.errors


def test_every_bad_field_is_reported_at_once() -> None:
    with pytest.raises(ReportError) as caught:
        report_from_mapping({"setting": "x", "when_seen": "y", "people_count": -3})
    assert set(caught.value.errors) == {"setting", "when_seen", "people_count"}
