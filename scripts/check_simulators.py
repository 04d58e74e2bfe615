#!/usr/bin/env python3
"""Checks that the official Python SDKs (google-genai, openai) parse what Sauda's model simulators answer.

Usage: check_simulators.py SAUDA_BINARY. Starts `sauda simulator gemini` and `sauda simulator openai` on free
loopback ports, scripts each answer through /_simulator/script, calls the simulator through the SDK, and
checks what the SDK read. Exits non-zero with the failing check named.
"""
import json
import re
import sys
import urllib.request

from google import genai
from google.genai import errors as genai_errors
from google.genai import types
import openai

from simulator_checks import check, finish, start





def script(base, replies):
    request = urllib.request.Request(base + "/_simulator/script", data=json.dumps(replies).encode(),
                                     headers={"Content-Type": "application/json"}, method="POST")
    urllib.request.urlopen(request).read()


def requests(base):
    return json.loads(urllib.request.urlopen(base + "/_simulator/requests").read())


def check_gemini(base):
    client = genai.Client(api_key="sdk-key", http_options=types.HttpOptions(base_url=base, api_version="v1beta"))
    model = "gemini-2.5-flash"

    script(base, [{"text": "Здравствуйте! Чем помочь?", "signature": "c2lnLXRleHQ="}])
    answer = client.models.generate_content(model=model, contents="Здравствуйте",
                                            config=types.GenerateContentConfig(system_instruction="Вы — менеджер."))
    check("gemini: text", answer.text == "Здравствуйте! Чем помочь?", repr(answer.text))
    check("gemini: usage", answer.usage_metadata.prompt_token_count > 0 and answer.usage_metadata.candidates_token_count > 0)
    check("gemini: finish reason", answer.candidates[0].finish_reason == types.FinishReason.STOP)

    book = types.FunctionDeclaration(name="book_call", description="Book a call",
                                     parameters_json_schema={"type": "object", "properties": {"time": {"type": "string"}}})
    tools = [types.Tool(function_declarations=[book])]
    script(base, [{"function_calls": [{"name": "book_call", "args": {"time": "2025-10-16T10:00"}},
                                      {"name": "book_call", "args": {"time": "2025-10-16T11:00"}}],
                   "signature": "c2lnLTE="},
                  {"text": "Записал Вас."}])
    first = client.models.generate_content(model=model, contents="Запишите на звонок",
                                           config=types.GenerateContentConfig(tools=tools))
    calls = first.function_calls or []
    check("gemini: parallel function calls", [c.name for c in calls] == ["book_call", "book_call"], repr(calls))
    check("gemini: call arguments", calls and calls[0].args == {"time": "2025-10-16T10:00"})
    parts = first.candidates[0].content.parts
    check("gemini: thought signature on the first call only",
          parts[0].thought_signature is not None and parts[1].thought_signature is None)
    history = [types.Content(role="user", parts=[types.Part(text="Запишите на звонок")]), first.candidates[0].content,
               types.Content(role="user", parts=[types.Part.from_function_response(name="book_call", response={"output": {"ok": True}}),
                                                 types.Part.from_function_response(name="book_call", response={"output": {"ok": True}})])]
    second = client.models.generate_content(model=model, contents=history, config=types.GenerateContentConfig(tools=tools))
    check("gemini: answer after the tool round (SDK replayed the signature)", second.text == "Записал Вас.", repr(second.text))
    replayed = requests(base)[-1]["body"]["contents"][1]["parts"][0]
    check("gemini: the SDK sent the signature back", replayed.get("thoughtSignature") == "c2lnLTE=", repr(replayed))

    script(base, [{"json": {"isClient": True, "confidence": 0.9, "reasoning": "Спрашивает цену"}}])
    answer = client.models.generate_content(
        model=model, contents="Сколько стоит?",
        config=types.GenerateContentConfig(response_mime_type="application/json",
                                           response_json_schema={"type": "object", "properties": {"isClient": {"type": "boolean"}}}))
    check("gemini: JSON answer", json.loads(answer.text)["isClient"] is True)

    # An answer kept for a titled schema goes to the request that asks for it, whichever comes first.
    script(base, [{"for_schema": "reply_intent", "then": {"json": {"reasoning": "согласие", "intent": "yes"}}}, {"text": "Оформляю."}])
    reply = client.models.generate_content(model=model, contents="Договорились")
    intent = client.models.generate_content(
        model=model, contents="ну в принципе можно",
        config=types.GenerateContentConfig(response_mime_type="application/json",
                                           response_json_schema={"title": "reply_intent", "type": "object",
                                                                 "properties": {"intent": {"type": "string"}}}))
    check("gemini: the untitled request passes the kept answer by", reply.text == "Оформляю.", repr(reply.text))
    check("gemini: the titled request takes its kept answer", json.loads(intent.text)["intent"] == "yes", repr(intent.text))

    script(base, [{"error": {"status": 429, "body": {"error": {"code": 429, "status": "RESOURCE_EXHAUSTED", "message": "Quota",
                                                                "details": [{"@type": "type.googleapis.com/google.rpc.RetryInfo",
                                                                             "retryDelay": "3s"}]}}}}])
    try:
        client.models.generate_content(model=model, contents="Привет")
        check("gemini: 429 raises", False)
    except genai_errors.ClientError as error:
        check("gemini: 429 raises with its status", error.code == 429 and error.status == "RESOURCE_EXHAUSTED", repr(error))

    script(base, [{"blocked": "PROHIBITED_CONTENT"}])
    answer = client.models.generate_content(model=model, contents="…")
    check("gemini: blocked prompt", answer.prompt_feedback is not None
          and answer.prompt_feedback.block_reason == types.BlockedReason.PROHIBITED_CONTENT)

    script(base, [{"empty": "MALFORMED_FUNCTION_CALL"}])
    answer = client.models.generate_content(model=model, contents="Запишите")
    check("gemini: malformed function call", answer.candidates[0].finish_reason == types.FinishReason.MALFORMED_FUNCTION_CALL)

    script(base, [{"text": "Сколько стоит доставка?"}])
    answer = client.models.generate_content(model=model, contents=[
        types.Part(text="Transcribe"), types.Part.from_bytes(data=b"OggS\x00\x02", mime_type="audio/ogg")])
    check("gemini: audio inline", answer.text == "Сколько стоит доставка?")


def check_openai(base):
    client = openai.OpenAI(api_key="sdk-key", base_url=base + "/v1", max_retries=0)

    script(base, [{"text": "Здравствуйте!"}])
    answer = client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": "Привет"}])
    check("openai: text", answer.choices[0].message.content == "Здравствуйте!")
    check("openai: usage", answer.usage.prompt_tokens > 0)

    script(base, [{"function_calls": [{"name": "book_call", "args": {"time": "завтра в 10"}, "id": "call_1"}]}, {"text": "Готово."}])
    tools = [{"type": "function", "function": {"name": "book_call", "parameters": {"type": "object", "properties": {"time": {"type": "string"}}}}}]
    first = client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": "Запишите"}], tools=tools)
    call = first.choices[0].message.tool_calls[0]
    check("openai: tool call", call.id == "call_1" and json.loads(call.function.arguments) == {"time": "завтра в 10"})
    check("openai: finish reason", first.choices[0].finish_reason == "tool_calls")
    second = client.chat.completions.create(model="gpt-4o-mini", tools=tools, messages=[
        {"role": "user", "content": "Запишите"}, first.choices[0].message.model_dump(exclude_none=True),
        {"role": "tool", "tool_call_id": "call_1", "content": "{\"ok\": true}"}])
    check("openai: answer after the tool round", second.choices[0].message.content == "Готово.")

    script(base, [{"for_schema": "reply_intent", "then": {"json": {"reasoning": "отказ", "intent": "no"}}}, {"text": "Понял."}])
    reply = client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": "Нет"}])
    intent = client.chat.completions.create(
        model="gpt-4o-mini", messages=[{"role": "user", "content": "не сейчас"}],
        response_format={"type": "json_schema", "json_schema": {"name": "reply_intent", "schema": {
            "title": "reply_intent", "type": "object", "properties": {"intent": {"type": "string"}}}}})
    check("openai: the untitled request passes the kept answer by", reply.choices[0].message.content == "Понял.")
    check("openai: the titled request takes its kept answer", json.loads(intent.choices[0].message.content)["intent"] == "no")

    script(base, [{"error": {"status": 429, "body": {"error": {"message": "Rate limit", "type": "requests", "code": "rate_limit_exceeded"}}}}])
    try:
        client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": "Привет"}])
        check("openai: 429 raises", False)
    except openai.RateLimitError as error:
        check("openai: 429 raises RateLimitError", error.status_code == 429)

    script(base, [{"text": "Сколько стоит доставка?"}])
    transcript = client.audio.transcriptions.create(model="whisper-1", file=("voice.ogg", b"OggS\x00\x02", "audio/ogg"))
    check("openai: transcription", transcript.text == "Сколько стоит доставка?")
    upload = requests(base)[-1]["body"]
    check("openai: the SDK's multipart upload was read", upload.get("file", {}).get("filename") == "voice.ogg", repr(upload))


def check_gemini_rate_limit(base):
    """The simulator's per-minute limit answers as the real API does: a 429 the SDK raises, with the wait in RetryInfo."""
    client = genai.Client(api_key="sdk-key", http_options=types.HttpOptions(base_url=base, api_version="v1beta"))
    for _ in range(2):
        client.models.generate_content(model="gemini-2.5-pro", contents="Привет")
    try:
        client.models.generate_content(model="gemini-2.5-pro", contents="Привет")
        check("gemini: the third call of a two-a-minute limit raises", False)
    except genai_errors.ClientError as error:
        details = {detail.get("@type", "").rsplit(".", 1)[-1]: detail for detail in (error.details or {}).get("error", {}).get("details", [])}
        delay = details.get("RetryInfo", {}).get("retryDelay", "")
        quota = details.get("QuotaFailure", {}).get("violations", [{}])[0].get("quotaId", "")
        check("gemini: over the limit, 429 RESOURCE_EXHAUSTED", error.code == 429 and error.status == "RESOURCE_EXHAUSTED", repr(error))
        check("gemini: the wait in RetryInfo", re.fullmatch(r"\d+\.\d+s", delay) is not None and 0 < float(delay[:-1]) <= 60, repr(delay))
        check("gemini: a per-minute quota in QuotaFailure", "PerMinute" in quota, repr(quota))


def main():
    binary = sys.argv[1]
    gemini, gemini_base = start(binary, "gemini", "--api-key", "sdk-key")
    open_ai, openai_base = start(binary, "openai", "--api-key", "sdk-key")
    limited, limited_base = start(binary, "gemini", "--api-key", "sdk-key", "--requests-per-minute", "2")
    try:
        check_gemini(gemini_base)
        check_gemini_rate_limit(limited_base)
        check_openai(openai_base)
    finally:
        gemini.kill()
        open_ai.kill()
        limited.kill()
    finish("SDK", "every SDK check passed")


if __name__ == "__main__":
    main()
