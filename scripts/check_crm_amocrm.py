#!/usr/bin/env python3
"""Checks that the third-party amoCRM / Kommo API v4 client aioamocrm reads what Sauda's amoCRM simulator answers.

Usage: check_crm_amocrm.py SAUDA_BINARY. Starts `sauda simulate amocrm --port 0` and, through aioamocrm's
`AmoCRMClient(base_url=...)` pointed at it (the client takes a base URL for a proxy or a test server; nothing is
monkeypatched), reads the account and the pipelines, searches contacts (an empty list is a 204), creates contacts,
leads, a lead with its contact through `leads/complex`, notes, updates a lead, pages through leads by their
`_links.next`, reads the 204 of a missing lead, a 400's `validation-errors`, a 429 whose body is not JSON, an OAuth
refresh on a 401 (single-use refresh tokens) and a revoked one, and a status webhook the simulator posts (parsed by
`aioamocrm.parse_webhook`). Prints `ok …`/`FAIL …` lines; exits non-zero when a check fails. Needs
`pip install aioamocrm`.
"""
import asyncio
import http.server
import sys
import threading
import time

import httpx
from aioamocrm import (AmoCRMClient, AuthError, Contact, CustomFieldValue, CustomFieldValues, Embedded, Lead, LongLivedToken,
                       MemoryTokenStorage, NotFoundError, Note, OAuth2, RateLimitError, RetryPolicy, Tag, TokenSet,
                       ValidationError, parse_webhook)

from simulator_checks import check, finish, start

PHONE = "+77011234567"


def phone_field(number, code="WORK"):
    return [CustomFieldValues(field_code="PHONE", values=[CustomFieldValue(value=number, enum_code=code)])]


async def expect_error(kind, call):
    try:
        await call
    except kind as error:
        return error
    except Exception as error:  # noqa: BLE001 - reported as a failed check
        return error
    return None


async def run_long_lived(endpoint):
    async with AmoCRMClient(base_url=endpoint, auth=LongLivedToken("sim-token"), rate_limit=6) as amo:
        account = await amo.account.get()
        check("account: id, subdomain", account.id == 31000001 and account.subdomain == "sim", repr(account))
        pipelines = await amo.pipelines.list()
        statuses = [status.id for status in pipelines[0].embedded.statuses] if pipelines else []
        check("pipelines: the main one with 142 and 143", 142 in statuses and 143 in statuses, repr(statuses))

        empty = await amo.contacts.get_page(query="7011234567")
        check("contacts: an empty search is a 204, read as an empty page", len(empty) == 0 and not empty.has_next)

        refs = await amo.contacts.create([Contact(name="Айгерим", custom_fields_values=phone_field(PHONE))])
        check("contacts.create: an id", len(refs) == 1 and refs[0].id is not None, repr(refs))
        contact_id = refs[0].id
        found = await amo.contacts.get_page(query="7011234567", with_=["leads"])
        values = found.items[0].custom_fields_values if len(found) else []
        check("contacts: the full-text search finds the phone", len(found) == 1 and found.items[0].id == contact_id, repr(found.items))
        check("contacts: PHONE custom field with enum WORK", bool(values) and values[0].field_code == "PHONE"
              and values[0].values[0].value == PHONE and values[0].values[0].enum_code == "WORK", repr(values))
        other = await amo.contacts.get_page(query="87011234567")
        check("contacts: 8… does not find +7… (full text)", len(other) == 0)

        results = await amo.leads.create_complex([Lead(name="Telegram: Данияр — коврики", embedded=Embedded(
            tags=[Tag(name="sauda")], contacts=[Contact(first_name="Данияр", custom_fields_values=phone_field("+77015550000", "MOB"))]))])
        check("leads.create_complex: lead and contact ids, not merged", len(results) == 1 and results[0].id and results[0].contact_id
              and results[0].merged is False, repr(results))
        complex_lead = results[0].id

        made = await amo.leads.create([{"name": "EVA коврики", "_embedded": {"contacts": [{"id": contact_id}]},
                                        "custom_fields_values": [{"field_id": 700001, "values": [{"value": "t1:c1:lead:1"}]}]}])
        lead_id = made[0].id
        check("leads.create: an id", lead_id is not None, repr(made))
        updated = await amo.leads.update([Lead(id=lead_id, name="EVA коврики, Camry")])
        check("leads.update: the same id", [ref.id for ref in updated] == [lead_id], repr(updated))
        lead = await amo.leads.get(lead_id, with_=["contacts"])
        check("leads.get: the new name, the linked contact", lead.name == "EVA коврики, Camry"
              and [c.id for c in lead.embedded.contacts] == [contact_id], repr(lead))
        check("leads.get: the key in its custom field", lead.custom_fields_values[0].values[0].value == "t1:c1:lead:1")
        by_key = await amo.leads.get_page(query="t1:c1:lead:1")
        check("leads: found by the key (query)", [item.id for item in by_key] == [lead_id], repr(by_key.items))

        notes = await amo.leads.notes.create([Note.common(lead_id, "Просит перезвонить после 18:00")])
        check("leads.notes.create: an id for the lead", len(notes) == 1 and notes[0].id is not None, repr(notes))
        listed = await amo.leads.notes.get_page(entity_id=lead_id)
        check("leads.notes: the note's text", [note.text for note in listed] == ["Просит перезвонить после 18:00"], repr(listed.items))
        check("leads.notes: none on the other lead (204)", len(await amo.leads.notes.get_page(entity_id=complex_lead)) == 0)

        await amo.leads.create([{"name": f"Лид {n}"} for n in range(3)])
        names = [item.name async for item in amo.leads.iterate(limit=2)]
        check("leads.iterate follows _links.next over pages of 2", len(names) == 5, repr(names))

        missing = await expect_error(NotFoundError, amo.leads.get(123))
        check("leads.get of a missing id: 204 read as NotFoundError", isinstance(missing, NotFoundError), repr(missing))
        invalid = await expect_error(ValidationError, amo.leads.create([{"name": "x", "custom_fields_values": [
            {"field_id": 1, "values": [{"value": "a"}]}]}]))
        check("400 validation-errors parsed", isinstance(invalid, ValidationError) and invalid.errors
              and invalid.errors[0].path == "custom_fields_values.0.field_id" and invalid.errors[0].code == "NotSupportedChoice",
              repr(invalid))

    async with AmoCRMClient(base_url=endpoint, auth=LongLivedToken("sim-token"), rate_limit=None,
                            retry=RetryPolicy(max_attempts=1)) as burst:
        errors = []
        for _ in range(10):
            errors.append(await expect_error(RateLimitError, burst.account.get()))
        limited = [error for error in errors if isinstance(error, RateLimitError)]
        check("a burst over 7 a second: 429 read as RateLimitError (the body is not JSON)", len(limited) >= 1,
              repr([type(error).__name__ for error in errors]))
    await asyncio.sleep(1.1)


async def run_oauth(endpoint):
    async with httpx.AsyncClient() as web:
        issued = (await web.post(f"{endpoint}/_simulator/oauth/issue")).json()
        storage = MemoryTokenStorage(TokenSet(access_token=issued["access_token"], refresh_token=issued["refresh_token"],
                                              expires_at=time.time() + 86400))
        auth = OAuth2(issued["client_id"], issued["client_secret"], issued["redirect_uri"], storage)
        async with AmoCRMClient(base_url=endpoint, auth=auth, rate_limit=6) as amo:
            await amo.account.get()
            await web.post(f"{endpoint}/_simulator/oauth/expire")
            account = await amo.account.get()
            saved = await storage.load()
            check("OAuth: a 401 is refreshed and the call retried", account.id == 31000001)
            check("OAuth: the new pair is saved", saved.refresh_token != issued["refresh_token"])
            reuse = await web.post(f"{endpoint}/oauth2/access_token", json={
                "client_id": issued["client_id"], "client_secret": issued["client_secret"], "grant_type": "refresh_token",
                "refresh_token": issued["refresh_token"], "redirect_uri": issued["redirect_uri"]})
            check("OAuth: the old refresh token no longer works", reuse.status_code == 400, reuse.text)
            await web.post(f"{endpoint}/_simulator/oauth/expire")
            await web.post(f"{endpoint}/_simulator/oauth/revoke")
            refused = await expect_error(AuthError, amo.account.get())
            check("OAuth: a revoked refresh token is an AuthError", isinstance(refused, AuthError), repr(refused))


class Receiver(http.server.BaseHTTPRequestHandler):
    bodies = []

    def do_POST(self):  # noqa: N802 - http.server's name
        length = int(self.headers.get("Content-Length", "0"))
        Receiver.bodies.append((self.headers.get("Content-Type"), self.rfile.read(length)))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


async def run_webhook(endpoint):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        async with httpx.AsyncClient() as web:
            leads = (await web.get(f"{endpoint}/_simulator/leads")).json()["leads"]
            lead_id = leads[0]["id"]
            answer = await web.post(f"{endpoint}/_simulator/webhooks/status", json={
                "destination": f"http://127.0.0.1:{server.server_address[1]}/hook", "lead_id": lead_id, "status_id": 142})
            check("webhook: delivered", answer.status_code == 200 and answer.json().get("delivered") == 200, answer.text)
        content_type, body = Receiver.bodies[0] if Receiver.bodies else (None, b"")
        check("webhook: form-encoded", content_type == "application/x-www-form-urlencoded", repr(content_type))
        webhook = parse_webhook(body)
        events = [(event.entity, event.action, event.payload) for event in webhook.events]
        check("webhook: leads[status] with the lead and status 142", len(events) == 1 and events[0][:2] == ("leads", "status")
              and str(events[0][2].get("id")) == str(lead_id) and str(events[0][2].get("status_id")) == "142", repr(events))
        check("webhook: account[subdomain]", webhook.account and webhook.account.get("subdomain") == "sim", repr(webhook.account))
    finally:
        server.shutdown()


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    process, endpoint = start(sys.argv[1], "amocrm")
    try:
        asyncio.run(run_long_lived(endpoint))
        asyncio.run(run_oauth(endpoint))
        asyncio.run(run_webhook(endpoint))
    finally:
        process.kill()
    finish("amoCRM client", "the amoCRM simulator answers as aioamocrm expects")


if __name__ == "__main__":
    main()
