#!/usr/bin/env python3
"""The other half of Sauda as the earlier Python gateway and agent write it (docs/compatibility.md), with pika: for
the interoperability test.

    seed_peer.py gateway URL INCOMING OUTGOING   # publishes a client's three messages in the earlier format to
                                                 # INCOMING and waits for the agent's reply on OUTGOING
    seed_peer.py agent URL INCOMING              # takes one message from INCOMING and checks the earlier format's fields

Queues are declared exactly as the earlier system's config/queue.py does (durable, x-message-ttl, x-max-length): a Sauda
process that declared them differently would make this fail with 406 PRECONDITION_FAILED.
Prints one JSON line with what it saw; exit status 0 when everything matched.
"""
import json
import sys
import time

import pika

SEED_ARGUMENTS = {
    "incoming": {"x-message-ttl": 86400000, "x-max-length": 10000},
    "outgoing": {"x-message-ttl": 3600000, "x-max-length": 5000},
}
INCOMING_FIELDS = ["message_id", "chat_id", "phone_number", "sender_name", "message_text", "is_voice", "voice_url",
                   "timestamp", "contact_info"]


def connect(url):
    connection = pika.BlockingConnection(pika.URLParameters(url))
    return connection, connection.channel()


def fail(reason, **seen):
    print(json.dumps({"ok": False, "reason": reason, **seen}, ensure_ascii=False))
    sys.exit(1)


def gateway(url, incoming, outgoing):
    connection, channel = connect(url)
    channel.queue_declare(queue=incoming, durable=True, arguments=SEED_ARGUMENTS["incoming"])
    channel.queue_declare(queue=outgoing, durable=True, arguments=SEED_ARGUMENTS["outgoing"])
    phone = "79115576362"
    texts = ["Здравствуйте, интересует ваш продукт", "Сколько стоят EVA коврики на Camry?", "Нужна доставка в Астану, хочу заказать"]
    ids = []
    for index, text in enumerate(texts):
        message_id = "3EB0SEED%04d%s" % (index, str(int(time.time() * 1000))[-6:])
        ids.append(message_id)
        body = {
            "message_id": message_id, "chat_id": phone + "@c.us", "phone_number": phone, "sender_name": "Иван Петров",
            "message_text": text, "is_voice": False, "voice_url": None, "timestamp": "2025-10-05T14:30:0%d+05:00" % index,
            "contact_info": {"FirstName": "Иван", "FullName": "Иван Петров", "PushName": "Ivan", "BusinessName": "ООО Компания"},
        }
        channel.basic_publish(exchange="", routing_key=incoming, body=json.dumps(body, ensure_ascii=False).encode(),
                              properties=pika.BasicProperties(delivery_mode=2, content_type="application/json"))
        time.sleep(0.3)
    deadline = time.time() + 90
    while time.time() < deadline:
        method, properties, body = channel.basic_get(queue=outgoing)
        if method is None:
            time.sleep(0.2)
            continue
        channel.basic_ack(method.delivery_tag)
        reply = json.loads(body)
        for field in ["phone_number", "message_text", "reply_to_message_id", "mark_as_read"]:
            if field not in reply:
                fail("the reply lacks " + field, reply=reply)
        if reply["phone_number"].lstrip("+") != phone:
            fail("the reply goes to another number", reply=reply)
        if reply["reply_to_message_id"] not in ids:
            fail("the reply quotes a message that was not sent", reply=reply)
        if not reply["message_text"].strip() or reply["mark_as_read"] is not True:
            fail("empty reply or not marked as read", reply=reply)
        print(json.dumps({"ok": True, "reply": reply}, ensure_ascii=False))
        connection.close()
        return
    fail("no reply on " + outgoing)


def agent(url, incoming):
    connection, channel = connect(url)
    channel.queue_declare(queue=incoming, durable=True, arguments=SEED_ARGUMENTS["incoming"])
    deadline = time.time() + 60
    while time.time() < deadline:
        method, properties, body = channel.basic_get(queue=incoming)
        if method is None:
            time.sleep(0.2)
            continue
        channel.basic_ack(method.delivery_tag)
        message = json.loads(body)
        missing = [field for field in INCOMING_FIELDS if field not in message]
        if missing:
            fail("the message lacks " + ", ".join(missing), message=message)
        if not isinstance(message["is_voice"], bool) or not isinstance(message["contact_info"], dict):
            fail("is_voice or contact_info has the wrong type", message=message)
        print(json.dumps({"ok": True, "message": message,
                          "persistent": properties.delivery_mode == 2}, ensure_ascii=False))
        connection.close()
        return
    fail("no message on " + incoming)


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "gateway":
        gateway(sys.argv[2], sys.argv[3], sys.argv[4])
    elif len(sys.argv) == 4 and sys.argv[1] == "agent":
        agent(sys.argv[2], sys.argv[3])
    else:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
