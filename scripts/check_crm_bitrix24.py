#!/usr/bin/env python3
"""Checks that a third-party Bitrix24 client, fast-bitrix24 (PyPI), reads what Sauda's Bitrix24 simulator answers.

Usage: check_crm_bitrix24.py SAUDA_BINARY. Starts `sauda simulate bitrix24 --port 0` on a free loopback port and,
through fast_bitrix24.Bitrix(webhook), adds a contact and a lead, lists leads with a filter, calls
crm.duplicate.findbycomm, adds a timeline comment and reads errors (a wrong webhook code, a missing lead).
Prints ok/FAIL per check and exits non-zero when one fails.

fast-bitrix24 posts JSON to <webhook><method> and raises aiohttp's ClientResponseError on a 4xx; `call(..., raw=True)`
sends one request (without raw it wraps calls in `batch`, which the simulator does not serve).
"""
import json
import sys
import urllib.error
import urllib.request

import aiohttp
from fast_bitrix24 import Bitrix

from simulator_checks import check, finish, start





def main():
    if len(sys.argv) != 2:
        sys.exit("usage: check_crm_bitrix24.py SAUDA_BINARY")
    process, base = start(sys.argv[1], "bitrix24", "--api-key", "check-code")
    try:
        webhook = f"{base}/rest/1/check-code/"
        b = Bitrix(webhook, verbose=False)

        contact = b.call("crm.contact.add", {"fields": {"NAME": "Айгерим", "PHONE": [{"VALUE": "+77011234567", "VALUE_TYPE": "MOBILE"}],
                                                        "ORIGINATOR_ID": "sauda", "ORIGIN_ID": "t1:c1:customer:1"}}, raw=True)
        check("contact add answers an id", isinstance(contact.get("result"), int), repr(contact))
        check("the answer has the time envelope", "time" in contact and "operating_reset_at" in contact["time"], repr(contact))
        contact_id = contact["result"]

        lead = b.call("crm.lead.add", {"fields": {"TITLE": "WhatsApp: Айгерим — маникюр", "NAME": "Айгерим", "CONTACT_ID": contact_id,
                                                  "PHONE": [{"VALUE": "+77011234567", "VALUE_TYPE": "MOBILE"}],
                                                  "ORIGINATOR_ID": "sauda", "ORIGIN_ID": "t1:c1:lead:1"},
                                       "params": {"REGISTER_SONET_EVENT": "Y"}}, raw=True)
        check("lead add answers an id", isinstance(lead.get("result"), int), repr(lead))
        lead_id = lead["result"]
        b.call("crm.lead.add", {"fields": {"TITLE": "another", "ORIGINATOR_ID": "sauda", "ORIGIN_ID": "t1:c2:lead:1"}}, raw=True)

        found = b.get_all("crm.lead.list", {"filter": {"ORIGINATOR_ID": "sauda", "ORIGIN_ID": "t1:c1:lead:1"}, "select": ["ID", "TITLE"]})
        check("a filtered list finds the one lead", isinstance(found, list) and len(found) == 1, repr(found))
        check("list ids are strings", found and found[0].get("ID") == str(lead_id), repr(found))
        everything = b.get_all("crm.lead.list", {"select": ["ID"]})
        check("an unfiltered list has both leads", len(everything) == 2, repr(everything))

        dup = b.call("crm.duplicate.findbycomm", {"type": "PHONE", "values": ["87011234567"], "entity_type": "CONTACT"}, raw=True)
        check("findbycomm finds the contact by another spelling of the phone", dup.get("result") == {"CONTACT": [contact_id]}, repr(dup))
        none = b.call("crm.duplicate.findbycomm", {"type": "PHONE", "values": ["+77000000000"]}, raw=True)
        check("findbycomm answers [] when none", none.get("result") == [], repr(none))

        b.call("crm.contact.update", {"id": contact_id, "fields": {"PHONE": [{"VALUE": "+77011234567", "VALUE_TYPE": "MOBILE"}]}}, raw=True)
        read = b.call("crm.contact.get", {"id": contact_id}, raw=True)["result"]
        check("a PHONE without ID is appended on update", len(read.get("PHONE", [])) == 2, repr(read.get("PHONE")))

        comment = b.call("crm.timeline.comment.add", {"fields": {"ENTITY_ID": lead_id, "ENTITY_TYPE": "lead", "COMMENT": "Хочет в пятницу"}},
                         raw=True)
        check("timeline comment answers an id", isinstance(comment.get("result"), int), repr(comment))

        try:
            b.call("crm.lead.get", {"id": 999}, raw=True)
            check("a missing lead raises", False)
        except aiohttp.ClientResponseError as error:
            check("a missing lead raises 400", error.status == 400, repr(error))

        try:
            Bitrix(f"{base}/rest/1/wrong-code/", verbose=False).call("profile", {}, raw=True)
            check("a wrong code raises", False)
        except aiohttp.ClientResponseError as error:
            check("a wrong code raises 401", error.status == 401, repr(error))
        try:
            urllib.request.urlopen(urllib.request.Request(f"{base}/rest/1/wrong-code/profile.json", data=b"{}",
                                                          headers={"Content-Type": "application/json"}))
            check("the error body is read", False)
        except urllib.error.HTTPError as error:
            body = json.loads(error.read())
            check("the error body is NO_AUTH_FOUND", body.get("error") == "NO_AUTH_FOUND" and "error_description" in body, repr(body))
    finally:
        process.terminate()
        process.wait()
    finish("Bitrix24", "ok   all Bitrix24 simulator checks passed with fast-bitrix24")


if __name__ == "__main__":
    main()
