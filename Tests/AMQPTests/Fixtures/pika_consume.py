"""Consumes one message with pika that the Swift client published, and checks every field.

usage: pika_consume.py AMQP_URL QUEUE
Exits 0 when the body, every property and every header are as the Swift test published them,
1 otherwise (printing what differs), 2 when no message arrived within 10 seconds.
"""
import decimal
import sys
import time

import pika

EXPECTED_HEADERS = {
    "int": 42,
    "int32": -7,
    "str": "hello Сауда",
    "bool": True,
    "nested": {"a": 1, "b": "x", "deeper": {"ok": False}},
    "list": [1, "two", True],
    "int16": -3,
    "decimal": decimal.Decimal("123.45"),
    "bytes": b"\x00\x01\xff",
}
# Not checked: doubles, which pika 1.4 decodes truncated to integers (its data.py reads 'd' as long).

EXPECTED_PROPERTIES = {
    "content_type": "application/json",
    "content_encoding": "utf-8",
    "message_id": "swift-msg-1",
    "correlation_id": "corr-43",
    "reply_to": "replies",
    "timestamp": 1_700_000_001,
    "delivery_mode": 2,
    "priority": 4,
    "type": "sauda.test",
    "app_id": "sauda",
    "expiration": "600000",
}

EXPECTED_BODY = '{"text":"from swift"}'.encode()


def main() -> int:
    url, queue = sys.argv[1], sys.argv[2]
    connection = pika.BlockingConnection(pika.URLParameters(url))
    channel = connection.channel()
    deadline = time.monotonic() + 10
    method = None
    while method is None and time.monotonic() < deadline:
        method, properties, body = channel.basic_get(queue=queue, auto_ack=False)
        if method is None:
            time.sleep(0.1)
    if method is None:
        print("no message arrived", file=sys.stderr)
        return 2
    problems = []
    if body != EXPECTED_BODY:
        problems.append(f"body {body!r}")
    for name, expected in EXPECTED_PROPERTIES.items():
        actual = getattr(properties, name)
        if actual != expected:
            problems.append(f"{name}: {actual!r} != {expected!r}")
    headers = properties.headers or {}
    for name, expected in EXPECTED_HEADERS.items():
        actual = headers.get(name)
        # pika decodes 64-bit integers as its `long`, a subclass of int.
        if actual != expected or not isinstance(actual, type(expected)):
            problems.append(f"header {name}: {actual!r} != {expected!r}")
    channel.basic_ack(method.delivery_tag)
    connection.close()
    if problems:
        print("\n".join(problems), file=sys.stderr)
        return 1
    print("pika saw every field as published")
    return 0


if __name__ == "__main__":
    sys.exit(main())
