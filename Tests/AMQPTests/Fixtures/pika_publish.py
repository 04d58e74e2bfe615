"""Publishes one message with pika, for the Swift client to consume and check.

usage: pika_publish.py AMQP_URL QUEUE
The queue is declared (non-durable, auto-delete off) so the Swift side can consume it.
(pika cannot encode floats in tables, so this direction has none; pika_consume.py checks one.)
"""
import sys

import pika


def main() -> int:
    url, queue = sys.argv[1], sys.argv[2]
    connection = pika.BlockingConnection(pika.URLParameters(url))
    channel = connection.channel()
    channel.queue_declare(queue=queue, durable=False, auto_delete=False)
    channel.confirm_delivery()
    properties = pika.BasicProperties(
        content_type="application/json",
        content_encoding="utf-8",
        message_id="pika-msg-1",
        correlation_id="corr-42",
        reply_to="replies",
        timestamp=1_700_000_000,
        delivery_mode=2,
        priority=5,
        type="sauda.test",
        app_id="pika",
        headers={
            "int": 42,
            "big": 2**40,
            "str": "hello Сауда",
            "bool": True,
            "nested": {"a": 1, "b": "x", "deeper": {"ok": False}},
            "list": [1, "two", True],
            "bytes": b"\x00\x01\xff",
        },
    )
    channel.basic_publish(exchange="", routing_key=queue, body='{"text":"from pika"}'.encode(), properties=properties)
    connection.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
