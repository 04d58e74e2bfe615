#!/usr/bin/env python3
"""Checks that the third-party YCLIENTS client `yclients` (PyPI, async, typed with pydantic) reads what Sauda's YCLIENTS
simulator answers.

Usage: check_crm_yclients.py SAUDA_BINARY. Starts `sauda simulate yclients --port 0` and, through
`yclients.YclientsClient(partner_token, user_token, base_url=<the simulator>)` (the client takes the host as
`base_url` and adds `/api/v1/...` itself, so nothing is monkeypatched), reads the branch's services, staff, bookable
dates and times, checks and books a time, reads the records and the clients, searches and creates a client, deletes the
record, and reads the 433, 401 and 429 errors. Prints `ok …`/`FAIL …` lines; exits non-zero when a check fails.
Needs `pip install yclients`.

Three calls go through the client's own transport (`client._base`) instead of its typed methods: `clients.create` of
yclients 0.1.1 sends no body at all, `booking.check` validates the documented empty 201 answer of `book_check` against
a model (which fails on an empty body), and `records.get` types the record's `client` as a string where the API
documents an object. These are limits of the client, noted here, not of the simulator.
"""
import asyncio
import sys
import time

from yclients import YclientsClient
from yclients.exceptions import YclientsApiError

from simulator_checks import check, finish, start

COMPANY = 558795
PARTNER = "sim-partner"
USER = "sim-user"
HAIRCUT = 1896208
HAIRDRESSER = 6544


async def error_of(call):
    try:
        await call
    except YclientsApiError as error:
        return error
    return None


async def run(endpoint):
    async with YclientsClient(PARTNER, USER, base_url=endpoint, max_retries=0) as client:
        services = await client.booking.get_book_services(COMPANY)
        titles = [service.title for service in services.services]
        check("book_services: data is an object with services", titles == ["Женская стрижка", "Маникюр"], repr(titles))

        staff = await client.booking.list_staff(COMPANY, service_ids=[HAIRCUT])
        ids = sorted(int(member.id_) for member in staff)
        check("book_staff: an array (string ids read as numbers)", ids == [6544, 6545], repr(ids))

        dates = await client.booking.get_book_dates(COMPANY, service_ids=[HAIRCUT], staff_id=HAIRDRESSER)
        check("book_dates: booking_dates", len(dates.booking_dates) >= 10, repr(dates.booking_dates))
        day = dates.booking_dates[0]
        times = await client.booking.list_times(COMPANY, HAIRDRESSER, day, service_ids=[HAIRCUT])
        if not times:  # today may be over: take the next day
            day = dates.booking_dates[1]
            times = await client.booking.list_times(COMPANY, HAIRDRESSER, day, service_ids=[HAIRCUT])
        check("book_times: time, seance_length, datetime", times and times[0].seance_length == 3600
              and times[0].datetime.startswith(str(day)), repr(times[:1]))
        time.sleep(1.1)

        appointment = {"id": 1, "services": [HAIRCUT], "staff_id": HAIRDRESSER, "datetime": times[0].datetime}
        free = await client._base._send("POST", f"/api/v1/book_check/{COMPANY}", {}, {"appointments": [appointment]})
        check("book_check: 201 with an empty body when free", free is None, repr(free))
        made = await client.booking.create(COMPANY, {
            "phone": "77011234567", "fullname": "Айгерим", "email": "", "comment": "Записано ботом Sauda",
            "api_id": "t42:c1:book:1", "appointments": [appointment]})
        check("book_record: record_id and record_hash", len(made) == 1 and made[0].record_id and made[0].record_hash, repr(made))
        taken = await error_of(client._base._send("POST", f"/api/v1/book_check/{COMPANY}", {}, {"appointments": [appointment]}))
        codes = [item.get("code") for item in (taken.meta or {}).get("errors", [])] if taken else []
        check("book_check of the booked time: 422 with code 433", taken is not None and taken.status_code == 422 and codes == [433],
              repr(taken and taken.body))
        time.sleep(1.1)

        records = await client.records.list(COMPANY, count_=50)
        record = records[0] if records else None
        check("records: the booked record with its api_id", len(records) == 1 and record.api_id == "t42:c1:book:1"
              and int(record.id_) == int(made[0].record_id), repr(records))
        one = (await client._base._send("GET", f"/api/v1/record/{COMPANY}/{int(made[0].record_id)}", {}, None))["data"]
        check("record: read back with the client", one["client"]["phone"] == "+77011234567" and one["api_id"] == "t42:c1:book:1",
              repr(one))

        found = await client.clients.search(COMPANY, {"page": 1, "page_size": 10, "fields": ["id", "name", "phone"],
                                                      "operation": "AND",
                                                      "filters": [{"type": "quick_search", "state": {"value": "7011234567"}}]})
        check("clients/search: quick_search by phone", len(found) == 1 and found[0].phone == "+77011234567", repr(found))
        time.sleep(1.1)
        created = await client._base.request("POST", "/api/v1/clients/{company_id}", path_params={"company_id": COMPANY},
                                             json_body={"name": "Данияр", "phone": "87017654321", "email": ""})
        check("clients: create answers the client", created["phone"] == "+77017654321" and created["id"], repr(created))

        await client.records.delete(COMPANY, int(made[0].record_id))
        gone = await error_of(client.records.get(COMPANY, int(made[0].record_id)))
        check("record: deleted, then 404", gone is not None and gone.status_code == 404, repr(gone and gone.body))
        time.sleep(1.1)

    async with YclientsClient(PARTNER, "wrong", base_url=endpoint, max_retries=0) as wrong:
        denied = await error_of(wrong.records.list(COMPANY))
        check("a wrong user token: 401", denied is not None and denied.status_code == 401, repr(denied and denied.body))
    time.sleep(1.1)
    async with YclientsClient(PARTNER, USER, base_url=endpoint, max_retries=0) as client:
        statuses = []
        for _ in range(8):
            error = await error_of(client.booking.get_book_services(COMPANY))
            statuses.append(error.status_code if error else 200)
        check("a burst over 5 a second: 429", 429 in statuses, repr(statuses))


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    process, endpoint = start(sys.argv[1], "yclients", "--api-key", f"{PARTNER}:{USER}", "--company-id", str(COMPANY))
    try:
        asyncio.run(run(endpoint))
    except Exception as error:  # a crash inside the client is a failure of the check, named
        check("yclients ran through", False, repr(error))
    finally:
        process.kill()
        process.wait()
    finish("YCLIENTS", "all YCLIENTS checks passed")


if __name__ == "__main__":
    main()
