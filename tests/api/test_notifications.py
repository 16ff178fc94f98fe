"""Notifications: each user reads only their own, newest first, marks them read; the
deadline-near job tells the matched suppliers that have not answered, once, however many
workers run it and however often (the clock is pinned with ASR_NOW on a server of its own).
"""

import os
import time
import uuid
from datetime import datetime, timedelta, timezone

import pytest

import cataloguekit as kit
import needskit as nk
from needskit import admin, buyer  # noqa: F401 (fixtures)
from authkit import assert_invalid_query, assert_problem

NOTIFICATIONS = "/v1/notifications"




def published_need(admin, buyer, make_user, api_as, suppliers=2, deadline_days=20):
    """A need published by the buyer, and `suppliers` new suppliers matched to it."""
    sector = nk.two_sectors(admin)[0]
    commune = "97614"
    people = [nk.supplier_with_account(admin, make_user, api_as, subkind="EI",
                                       sectors=[sector], communes_served=[commune])
              for _ in range(suppliers)]
    need = nk.create_need(buyer.client, nk.need_body([sector], [commune],
                                                     supplier_kinds=["EI"],
                                                     deadline=kit.days(deadline_days)))
    nk.publish(buyer.client, need["id"])
    return need, people


def test_users_read_and_mark_their_own(admin, buyer, make_user, api_as):
    need, (first, second) = published_need(admin, buyer, make_user, api_as)
    mine = nk.about(nk.notifications(first.client), need["id"])
    assert len(mine) == 1 and mine[0]["kind"] == "need_matched"
    assert need["title"] in mine[0]["title"]
    theirs = nk.about(nk.notifications(second.client), need["id"])[0]
    # Another user's notification does not exist for me.
    assert_problem(first.client.post(f"{NOTIFICATIONS}/{theirs['id']}/read"), 404, "not-found")
    assert_problem(first.client.post(f"{NOTIFICATIONS}/{uuid.uuid4()}/read"), 404, "not-found")
    assert_problem(first.client.post(f"{NOTIFICATIONS}/nope/read"), 404, "not-found")
    unread = nk.notifications(first.client, unread="true")
    assert mine[0]["id"] in {n["id"] for n in unread}
    r = first.client.post(f"{NOTIFICATIONS}/{mine[0]['id']}/read")
    assert r.status_code == 200 and r.json()["read_at"] is not None
    assert "ETag" not in r.headers
    again = first.client.post(f"{NOTIFICATIONS}/{mine[0]['id']}/read")
    assert again.json()["read_at"] == r.json()["read_at"]
    assert mine[0]["id"] not in {n["id"] for n in nk.notifications(first.client, unread="true")}
    assert nk.about(nk.notifications(second.client, unread="true"), need["id"])
    assert_problem(api_as("anonymous").get(NOTIFICATIONS), 401, "unauthorized")


def test_newest_first_and_paged(admin, buyer, make_user, api_as):
    supplier = nk.supplier_with_account(admin, make_user, api_as, subkind="EI",
                                        sectors=[nk.two_sectors(admin)[0]],
                                        communes_served=["97602"])
    for _ in range(3):
        need = nk.create_need(buyer.client, nk.need_body(supplier.org["sectors"], ["97602"]))
        nk.publish(buyer.client, need["id"])
    items, pages, _ = kit.follow(supplier.client, NOTIFICATIONS, limit=1)
    assert len(items) == 3 and pages == 3
    stamps = [(n["created_at"], n["id"]) for n in items]
    assert stamps == sorted(stamps, reverse=True)


@pytest.mark.parametrize("params, field", [({"unread": "yes"}, "unread"),
                                           ({"unread": ["true", "false"]}, "unread"),
                                           ({"limit": "101"}, "limit"),
                                           ({"cursor": "!"}, "cursor")])
def test_bad_queries(api_as, params, field):
    assert_invalid_query(api_as("supplier").get(NOTIFICATIONS, params=params),
                         (field, "invalid"))


def test_deadline_near_is_told_once_across_workers(admin, buyer, make_user, api_as,
                                                  spawn_server):
    need, (quiet, answered) = published_need(admin, buyer, make_user, api_as,
                                             deadline_days=20)
    r = answered.client.post(f"{nk.NEEDS}/{need['id']}/answers",
                             json={"interest": "not_interested"})
    assert r.status_code == 201, r.text[:300]
    # Nothing near today: the main server's clock is the real one.
    assert nk.about(nk.notifications(quiet.client), need["id"], "deadline_near") == []

    # A server whose clock says the deadline is two days away runs the job every second
    # in each of its two workers.
    later = datetime.now(timezone.utc) + timedelta(days=18)
    spawn_server(os.environ["ASR_TEST_DATABASE_URL"], WORKERS="2", ASR_JOBS_INTERVAL_S="1",
                 ASR_NOW=later.strftime("%Y-%m-%dT%H:%M:%SZ"))
    deadline = time.monotonic() + 15
    told = []
    while time.monotonic() < deadline and not told:
        time.sleep(0.5)
        told = nk.about(nk.notifications(quiet.client), need["id"], "deadline_near")
    assert len(told) == 1, "the deadline-near job did not run"
    time.sleep(3)       # several more ticks in both workers
    assert len(nk.about(nk.notifications(quiet.client), need["id"], "deadline_near")) == 1
    # The supplier that answered is not reminded.
    assert nk.about(nk.notifications(answered.client), need["id"], "deadline_near") == []
