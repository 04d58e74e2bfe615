#!/usr/bin/env python3
"""Checks that the third-party Airtable client pyairtable reads what Sauda's Airtable simulator answers.

Usage: check_crm_airtable.py SAUDA_BINARY. Starts `sauda simulate airtable --port 0` and, through pyairtable's
`Api(...).table(base, table)` pointed at it (`endpoint_url`), creates, upserts with `batch_upsert(key_fields=...)`,
lists with a formula, updates, and reads the 401 and 429 errors. Prints `ok …`/`FAIL …` lines; exits non-zero
when a check fails. Needs `pip install pyairtable`.
"""
import sys
import time

import requests
from pyairtable import Api
from pyairtable.formulas import match

from simulator_checks import check, finish, start

BASE = "appSimulated"
TABLE = "Leads"




def status_of(call):
    try:
        call()
    except requests.exceptions.HTTPError as error:
        return error.response.status_code, error.response.json()
    return 200, None


def run(endpoint):

    api = Api("pat-sim", endpoint_url=endpoint, retry_strategy=False)
    table = api.table(BASE, TABLE)

    created = table.create({"Name": "Айгерим", "Phone": "+77011234567"}, typecast=True)
    check("create: a rec… id of 17 characters", created["id"].startswith("rec") and len(created["id"]) == 17, created["id"])
    check("create: createdTime and fields", created["createdTime"].endswith("Z") and created["fields"]["Name"] == "Айгерим")
    time.sleep(1.1)

    first = table.batch_upsert([{"fields": {"Sauda ID": "t42:c1:lead:1", "Name": "Данияр", "Status": "new"}}],
                               key_fields=["Sauda ID"], typecast=True)
    again = table.batch_upsert([{"fields": {"Sauda ID": "t42:c1:lead:1", "Status": "qualified"}}],
                               key_fields=["Sauda ID"], typecast=True)
    check("upsert: the first creates", len(first["createdRecords"]) == 1 and not first["updatedRecords"], repr(first))
    check("upsert: the second updates the same row", again["updatedRecords"] == first["createdRecords"]
          and not again["createdRecords"], repr(again))
    rows = table.all(formula=match({"Sauda ID": "t42:c1:lead:1"}))
    check("list with a formula: one row, merged", len(rows) == 1 and rows[0]["fields"] == {
        "Sauda ID": "t42:c1:lead:1", "Name": "Данияр", "Status": "qualified"}, repr(rows))
    time.sleep(1.1)

    updated = table.update(created["id"], {"Status": "ordered"})
    check("update merges", updated["fields"] == {"Name": "Айгерим", "Phone": "+77011234567", "Status": "ordered"}, repr(updated))
    many = table.batch_create([{"Name": f"n{i}", "Channel": "webchat"} for i in range(23)])
    check("batch_create: 23 rows in chunks of 10", len(many) == 23)
    time.sleep(1.1)
    listed = table.all(formula="{Channel}='webchat'", page_size=10)
    check("list follows offset pages", len(listed) == 23, str(len(listed)))
    check("first() by phone", (table.first(formula=match({"Phone": "+77011234567"})) or {}).get("id") == created["id"])
    time.sleep(1.1)

    status, body = status_of(lambda: Api("wrong", endpoint_url=endpoint, retry_strategy=False).table(BASE, TABLE).all())
    check("bad token: 401 AUTHENTICATION_REQUIRED", status == 401 and body["error"]["type"] == "AUTHENTICATION_REQUIRED", repr(body))
    status, body = status_of(lambda: table.get("nonsense"))
    check("malformed id: 404 with the bare NOT_FOUND", status == 404 and body == {"error": "NOT_FOUND"}, repr(body))
    statuses = [status_of(lambda: table.first())[0] for _ in range(8)]
    check("a burst over 5 a second: 429", 429 in statuses, repr(statuses))
    status, body = status_of(lambda: table.first())
    check("the lockout holds: 429 TOO_MANY_REQUESTS", status == 429 and body["error"]["type"] == "TOO_MANY_REQUESTS", repr(body))


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    process, endpoint = start(sys.argv[1], "airtable", "--api-key", "pat-sim", "--base", BASE, "--table", TABLE,
                              "--requests-per-second", "5")
    try:
        run(endpoint)
    except Exception as error:  # a crash inside the client is a failure of the check, named
        check("pyairtable ran through", False, repr(error))
    finally:
        process.kill()
        process.wait()
    finish("Airtable", "all Airtable checks passed")


if __name__ == "__main__":
    main()
