#!/usr/bin/env python3
"""Checks that the third-party 1C OData client python-1c-odata reads what Sauda's 1C simulator answers.

Usage: check_crm_onec.py SAUDA_BINARY. Starts `sauda simulate onec --port 0` and, through python-1c-odata's
`Infobase(server, "sim", user, password)` (JSON, OData 3.0 literals), reads `$metadata` (its EDMX parser), creates a
counterparty, filters with `eq`/`and`/`substringof` (its DSL, Cyrillic names percent-encoded), edits by
`guid'…'`, creates and posts a customer order document, and reads the 401, 404 and 400 `odata.error` answers.
Prints `ok …`/`FAIL …` lines; exits non-zero when a check fails. Needs `pip install python-1c-odata`.
"""
import asyncio
import sys

from python_1c_odata import Catalog, Document, F, Infobase, PostingMode, guid, substringof
from python_1c_odata.errors import EntityNotFound, ODataError

from simulator_checks import check, finish, start

USER = "Sauda"
PASSWORD = "sim-секрет"


async def run(endpoint):
    async with Infobase(endpoint, "sim", USER, PASSWORD) as ib:
        sets = await ib.entity_sets()
        check("$metadata: the published entity sets", sets == ["Catalog_Контрагенты", "Document_ЗаказКлиента"], repr(sets))
        info = await ib.entity_type_for_set("Catalog_Контрагенты")
        names = [p.name for p in info.properties]
        check("$metadata: the key and the properties", tuple(info.keys) == ("Ref_Key",) and "Комментарий" in names, repr(info))

        customers = Catalog(ib, "Контрагенты")
        created = await customers.create({"Description": "Айгерим", "Телефон": "+77011234567",
                                          "Комментарий": "Sauda\n[sauda:t42:c1:customer:1]"})
        check("create: Ref_Key, Code and the fields", len(created.get("Ref_Key", "")) == 36 and created.get("Code")
              and created.get("Description") == "Айгерим", repr(created))
        check("create: the single-entity odata.metadata", str(created.get("odata.metadata", "")).endswith(
            "$metadata#Catalog_Контрагенты/@Element"), repr(created.get("odata.metadata")))
        await customers.create({"Description": "Другой", "Телефон": "+77019999999"})

        page = await customers.query(odata_filter=(F("Телефон") == "+77011234567") & (F("DeletionMark") == False), top=5)
        check("filter eq/and: one row in value", [row["Ref_Key"] for row in page.value] == [created["Ref_Key"]], repr(page.value))
        check("list: the odata.metadata envelope", str(page["odata.metadata"]).endswith("$metadata#Catalog_Контрагенты"))
        page = await customers.query(odata_filter=substringof("[sauda:t42:c1:customer:1]", F("Комментарий")), select=["Ref_Key"])
        check("filter substringof with $select", page.value == [{"Ref_Key": created["Ref_Key"]}], repr(page.value))
        page = await customers.query(odata_filter=F("Ref_Key") == guid(created["Ref_Key"]))
        check("filter on a guid literal", len(page.value) == 1, repr(page.value))

        edited = await customers.edit(created["Ref_Key"], {"Description": "Айгерим Сапарова"})
        check("edit (PATCH by guid): the merged record", edited.get("Description") == "Айгерим Сапарова"
              and edited.get("Телефон") == "+77011234567", repr(edited))
        got = await customers.get(created["Ref_Key"])
        check("get by guid", got.get("Description") == "Айгерим Сапарова", repr(got))
        check("DataVersion changes on an edit", got.get("DataVersion") != created.get("DataVersion"))

        orders = Document(ib, "ЗаказКлиента")
        order = await orders.create({"Date": "2026-09-21T19:13:20", "Контрагент_Key": created["Ref_Key"], "Комментарий": "[sauda:t42:c1:lead:1]"},
                                    posting_mode=PostingMode.POST)
        check("document: Number and Ref_Key", order.get("Number") and len(order.get("Ref_Key", "")) == 36, repr(order))
        check("document: posted through /Post", (await orders.get(order["Ref_Key"])).get("Posted") is True)

        try:
            await customers.get("00000000-0000-0000-0000-0000000000ff")
            check("a missing record: 404 EntityNotFound", False, "no error")
        except EntityNotFound as error:
            check("a missing record: 404 EntityNotFound with its odata.error code", error.internal_code == "9", repr(error))
        try:
            await Catalog(ib, "Номенклатура").query(top=1)
            check("an unpublished object: 404", False, "no error")
        except EntityNotFound as error:
            check("an unpublished object: 404 with the message", "не опубликован" in error.message, repr(error))
        try:
            await customers.create({"Description": "x", "НетТакого": "1"})
            check("an unknown property: 400", False, "no error")
        except ODataError as error:
            check("an unknown property: 400 with the message", error.status == 400 and "НетТакого" in error.message, repr(error))

    async with Infobase(endpoint, "sim", USER, "wrong") as ib:
        try:
            await Catalog(ib, "Контрагенты").query(top=1)
            check("a wrong password: 401", False, "no error")
        except ODataError as error:
            check("a wrong password: 401", error.status == 401, repr(error))


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    process, endpoint = start(sys.argv[1], "onec", "--api-key", f"{USER}:{PASSWORD}")
    try:
        asyncio.run(run(endpoint))
    except Exception as error:  # a crash inside the client is a failure of the check, named
        check("python-1c-odata ran through", False, repr(error))
    finally:
        process.kill()
        process.wait()
    finish("1C", "all 1C checks passed")


if __name__ == "__main__":
    main()
