#!/usr/bin/env python3
"""Checks that the third-party Telegram client python-telegram-bot reads what Sauda's Telegram simulator answers.

Usage: check_telegram_simulator.py SAUDA_BINARY. Starts `sauda simulate telegram --port 0` and, through PTB's
`Bot(token, base_url=…/bot, base_file_url=…/file/bot)` pointed at it, parses get_me, an update made through
`/_simulator`, send_message, send_chat_action, the webhook calls, get_file with a voice download, a business
connection, and the errors PTB turns into Conflict, RetryAfter, Forbidden and BadRequest. Prints `ok …`/`FAIL …`
lines; exits non-zero when a check fails. Needs `pip install python-telegram-bot`.
"""
import asyncio
import base64
import json
import sys
import urllib.request

import telegram
from telegram import Bot
from telegram.error import BadRequest, Conflict, Forbidden, RetryAfter

from simulator_checks import check, finish, start

BOT_ID = 7000000001
TOKEN = "7000000001:sim-telegram-token-aaaaaaaaaaaaaaaaaa"
CUSTOMER = 412345678
OWNER = 523456789


def control(root, path, body=None):
    """POSTs (or GETs, without a body) a `/_simulator` call; its JSON answer."""
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(f"{root}/_simulator/{path}", data=data, method="POST" if data else "GET",
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())


async def raises(kind, call):
    """The exception of `kind` the awaitable raised, or None."""
    try:
        await call
    except kind as error:
        return error
    except Exception as error:  # noqa: BLE001 - reported as a failed check
        print(f"     (raised {error!r})")
    return None


async def run(root):
    bot = Bot(TOKEN, base_url=f"{root}/bot", base_file_url=f"{root}/file/bot")
    async with bot:
        me = await bot.get_me()
        check("get_me: a bot User", isinstance(me, telegram.User) and me.id == BOT_ID and me.is_bot
              and me.username == "sauda_sim_bot", repr(me))
        check("get_me: business and group fields", me.can_connect_to_business is True and me.can_join_groups is not None
              and me.supports_inline_queries is not None, repr(me.to_dict()))

        control(root, f"bots/{BOT_ID}/customers/{CUSTOMER}/messages", {"text": "Здравствуйте", "first_name": "Айгерим"})
        updates = await bot.get_updates(timeout=0)
        message = updates[0].message if updates else None
        check("get_updates: an Update with a Message", len(updates) == 1 and isinstance(message, telegram.Message)
              and message.text == "Здравствуйте", repr(updates))
        check("get_updates: from and a private chat", message is not None and message.from_user.id == CUSTOMER
              and message.from_user.first_name == "Айгерим" and message.chat.type == "private" and message.chat.id == CUSTOMER)
        offset = updates[-1].update_id + 1 if updates else 0

        sent = await bot.send_message(CUSTOMER, "Добрый день!", reply_parameters=telegram.ReplyParameters(message.message_id))
        check("send_message: a Message with id, date and chat", isinstance(sent, telegram.Message) and sent.message_id > 0
              and sent.date is not None and sent.chat.id == CUSTOMER and sent.text == "Добрый день!", repr(sent))
        check("send_message: reply_to_message", sent.reply_to_message is not None
              and sent.reply_to_message.message_id == message.message_id)
        chat = control(root, f"bots/{BOT_ID}/chats/{CUSTOMER}")
        check("the simulator recorded the send", [m["text"] for m in chat["messages"]] == ["Добрый день!"], repr(chat))
        check("send_chat_action: True", await bot.send_chat_action(CUSTOMER, "typing") is True)

        check("set_webhook: True", await bot.set_webhook("http://127.0.0.1:9/telegram", secret_token="sim_secret-1",
                                                         allowed_updates=["message", "business_connection", "business_message"]) is True)
        info = await bot.get_webhook_info()
        check("get_webhook_info: url and allowed_updates", info.url == "http://127.0.0.1:9/telegram"
              and list(info.allowed_updates or []) == ["message", "business_connection", "business_message"] and info.has_custom_certificate is False,
              repr(info))
        conflict = await raises(Conflict, bot.get_updates(offset=offset, timeout=0))
        check("get_updates with a webhook: Conflict", conflict is not None and "webhook is active" in conflict.message, repr(conflict))
        check("delete_webhook: True", await bot.delete_webhook() is True)
        check("get_webhook_info after delete: no url", (await bot.get_webhook_info()).url == "")

        control(root, f"bots/{BOT_ID}/faults", {"status": 429, "count": 1, "retry_after": 7})
        limited = await raises(RetryAfter, bot.send_message(CUSTOMER, "flood"))
        seconds = getattr(limited, "retry_after", None)
        seconds = seconds.total_seconds() if hasattr(seconds, "total_seconds") else seconds
        check("429: RetryAfter with retry_after", limited is not None and seconds == 7, repr(limited))

        too_long = await raises(BadRequest, bot.send_message(CUSTOMER, "я" * 4097))
        check("400: BadRequest with the exact text", too_long is not None and too_long.message == "Message is too long",
              repr(too_long))
        markdown = await raises(BadRequest, bot.send_message(CUSTOMER, "Цена 500.", parse_mode="MarkdownV2"))
        expected = "Can't parse entities: character '.' is reserved and must be escaped with the preceding '\\'"
        check("400: MarkdownV2 escaping", markdown is not None and markdown.message == expected, repr(markdown))

        control(root, f"bots/{BOT_ID}/customers/{CUSTOMER}/messages",
                {"voice_base64": base64.b64encode(b"OggS simulated opus").decode(), "duration": 4})
        voice_updates = await bot.get_updates(offset=offset, timeout=0)
        voice = voice_updates[-1].message.voice if voice_updates else None
        duration = getattr(voice, "duration", None)
        duration = duration.total_seconds() if hasattr(duration, "total_seconds") else duration
        check("a voice note parses as Voice", isinstance(voice, telegram.Voice) and duration == 4, repr(voice))
        if voice:
            offset = voice_updates[-1].update_id + 1
            file = await bot.get_file(voice.file_id)
            check("get_file: a File with a voice/… path", file.file_path.endswith(".oga") and "/voice/file_" in file.file_path,
                  file.file_path)
            data = await file.download_as_bytearray()
            check("download_as_bytearray: the bytes", bytes(data) == b"OggS simulated opus", repr(data))
        wrong = await raises(BadRequest, bot.get_file("no-such-file"))
        check("get_file of an unknown id: BadRequest", wrong is not None
              and wrong.message == "Wrong file_id or the file is temporarily unavailable", repr(wrong))

        connection_id = control(root, f"bots/{BOT_ID}/business", {"owner_id": OWNER, "owner_name": "Данияр"})["business_connection_id"]
        connection = await bot.get_business_connection(connection_id)
        check("get_business_connection: a BusinessConnection", isinstance(connection, telegram.BusinessConnection)
              and connection.user.id == OWNER and connection.user_chat_id == OWNER and connection.is_enabled
              and connection.rights is not None and connection.rights.can_reply, repr(connection))
        control(root, f"bots/{BOT_ID}/customers/{CUSTOMER}/messages", {"text": "Есть окно?", "business_connection_id": connection_id})
        business = await bot.get_updates(offset=offset, timeout=0)
        kinds = [(u.business_connection is not None, u.business_message is not None) for u in business]
        check("business_connection and business_message updates", kinds == [(True, False), (False, True)], repr(business))
        reply = await bot.send_message(CUSTOMER, "Да, в 15:00", business_connection_id=connection_id)
        check("business send: sender_business_bot", reply.sender_business_bot is not None
              and reply.sender_business_bot.id == BOT_ID and reply.business_connection_id == connection_id, repr(reply))

        control(root, f"bots/{BOT_ID}/faults", {"blocked_user": CUSTOMER})
        blocked = await raises(Forbidden, bot.send_message(CUSTOMER, "hello?"))
        check("403 blocked: Forbidden", blocked is not None and blocked.message == "Forbidden: bot was blocked by the user",
              repr(blocked))


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    process, root = start(sys.argv[1], "telegram")
    try:
        asyncio.run(run(root))
    finally:
        process.kill()
        process.wait()
    finish("Telegram simulator", "the Telegram simulator passed python-telegram-bot's checks")


if __name__ == "__main__":
    main()
