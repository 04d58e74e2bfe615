#!/usr/bin/env python3
"""Writes Sources/SaudaServer/Public/openapi.json, the OpenAPI 3.1 document of Sauda's admin API.

The server serves the file at /openapi.json; Tests/SaudaServerTests/AdminAPITests checks that it lists exactly the
endpoints the server registers and that the answers of each endpoint match its schema. Edit this script, run it,
and commit both files.
"""
import json, os

def obj(props, required=(), extra=None):
    schema = {"type": "object", "properties": props}
    if required: schema["required"] = list(required)
    if extra: schema.update(extra)
    return schema

def nullable(t, **kw): return {"type": [t, "null"], **kw}
S = {"type": "string"}
I = {"type": "integer"}
N = {"type": "number"}
B = {"type": "boolean"}
T = {"type": "string", "format": "date-time"}
def ref(name): return {"$ref": f"#/components/schemas/{name}"}

# Request values are described as the server checks them (Sources/SaudaServer/Admin/API/APIInput.swift), so that a
# value the document admits is accepted and one it refuses is refused with 400. Lengths count Unicode code points, as
# JSON Schema does. Patterns use explicit character classes, which ECMA 262 and Python read alike.
# Unicode White_Space (what Swift trims with .whitespacesAndNewlines).
WS = "\\t\\n\\u000b\\f\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000"
# Control characters (general category Cc).
CC = "\\u0000-\\u001f\\u007f-\\u009f"
NOT_BLANK = f"[^{WS}]"
PHONE_PATTERN = "\\+?[0-9](?:[ ()-]*[0-9]){9,14}"
PHONE = {"type": "string", "pattern": f"^{PHONE_PATTERN}$",
         "description": "10 to 15 digits, an optional + first, spaces, hyphens and parentheses between them (+7 701 234-56-78, 87012345678)"}
SESSION = {"type": "string", "pattern": "^[A-Za-z0-9._-]{1,128}$", "description": "a web-chat session: 1 to 128 letters, digits, '.', '_' or '-'"}
def text(max_length, description=None):
    schema = {"type": "string", "minLength": 1, "maxLength": max_length, "pattern": NOT_BLANK}
    if description: schema["description"] = description
    return schema
DOCUMENT_NAME = {"type": "string", "minLength": 1, "maxLength": 120, "pattern": f"^[^{CC}{WS}.](?:[^{CC}]*[^{CC}{WS}])?$",
                 "description": "1 to 120 characters, no control characters, not starting with a dot or a space, not ending with a space"}
DOCUMENT_TEXT = {"type": "string", "minLength": 1, "pattern": f"^[^\\u0000]*[^\\u0000{WS}][^\\u0000]*$",
                 "description": "text with something besides spaces and no NUL character"}
MOMENT = {"anyOf": [{"type": "string", "format": "date-time"}, {"type": "string", "format": "date"}]}
def arr(item): return {"type": "array", "items": item}
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
PROMPTS = ["moderator", "sales_agent", "follow_up", "reply_intent"]
LEAD_STAGE = {"type": "string", "enum": ["new", "qualified", "ordered", "booked", "won", "lost"],
              "description": "new, qualified (name or phone known), ordered, booked (a call), won or lost (set by an operator)"}

# The CRM connection's values, as Sources/SaudaCore/CRM/CRMConnectionRules.swift checks them.
CRM_TYPES = ["yclients", "bitrix24", "amocrm", "airtable", "onec"]
CRM_URL = {"type": "string", "maxLength": 500, "pattern": "^https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?(/[A-Za-z0-9._~!$&'()*+,;=:@%/-]*)?$",
           "description": "https:// (or http:// for a local test server), a host, an optional port and path; no user, password, query or fragment"}
CRM_CREDENTIALS = {"type": "string", "minLength": 1, "maxLength": 4096, "pattern": f"^[^{CC}]*[^{CC}{WS}][^{CC}]*$",
                   "description": "write-only: sealed on the way in, shown afterwards only as a hint of its last characters"}
FIELD_NAME = {"type": "string", "minLength": 1, "maxLength": 200}
CRM_MAPPING = {"type": "object", "maxProperties": 100, "propertyNames": FIELD_NAME, "additionalProperties": FIELD_NAME,
               "description": "Sauda's field → the CRM's field"}
CRM_STATE = {"type": "string", "enum": ["active", "paused"]}
CRM_SETTINGS = {"type": "object", "maxProperties": 50, "propertyNames": FIELD_NAME,
                "additionalProperties": {"type": "string", "maxLength": 1000, "pattern": f"^[^{CC}]*$"},
                "description": "The CRM's own settings: company_id (YCLIENTS), base_id and table (Airtable), pipeline_id (amoCRM)…"}

# A WhatsApp connection's values, as Sources/SaudaChannelWappi/WappiConnectionRules.swift and
# Sources/SaudaCore/Connections/ChannelConnectionRules.swift check them.
CHANNEL_ID = {"name": "id", "in": "path", "required": True, "schema": {"type": "string", "pattern": "^[A-Za-z0-9_-]{1,64}$"},
              "description": "the connection's id (wa-1a2b3c4d)"}
CHANNEL_NAME = {"type": "string", "minLength": 1, "maxLength": 100, "pattern": f"^[^{CC}]*[^{CC}{WS}][^{CC}]*$",
                "description": "unique within the business; stored without the spaces around it"}
WAPPI_PROFILE = {"type": "string", "pattern": "^[A-Za-z0-9][A-Za-z0-9-]{0,63}$", "description": "the profile id of the Wappi cabinet (e10f170a-f36a)"}
WAPPI_URL = {"type": "string", "maxLength": 500, "pattern": CRM_URL["pattern"],
             "description": "Wappi's API root, https://wappi.pro unless a compatible gateway is used; no user, password, query or fragment"}
WAPPI_TOKEN = {"type": "string", "minLength": 8, "maxLength": 500, "pattern": f"^[^{CC}{WS}]+$",
               "description": "write-only: the API token of the Wappi cabinet, sealed on the way in, shown afterwards only as a hint"}
WAPPI_SETTINGS = {
    "base_url": WAPPI_URL, "inbound": {"type": "string", "enum": ["webhook", "polling"]},
    "polling_interval_seconds": {"type": "integer", "minimum": 1, "maximum": 3600},
    "sends_per_minute": {"type": "integer", "minimum": 1, "maximum": 10000},
    "human_pause_minutes": {"type": "integer", "minimum": 1, "maximum": 100000},
}
# A Telegram bot's values, as Sources/SaudaServer/Admin/ChannelConnectionEditor+Telegram.swift and
# Sources/SaudaCore/TelegramSettings.swift check them; the token must also be one Telegram confirms (getMe), else 400.
TELEGRAM_TOKEN = {"type": "string", "pattern": "^[0-9]{1,15}:[A-Za-z0-9_-]{20,100}$",
                  "description": "write-only: the bot's token from @BotFather, checked with Telegram's getMe, sealed on the way in"}
TELEGRAM_SETTINGS = {
    "base_url": {**WAPPI_URL, "description": "the Bot API root, https://api.telegram.org unless a local Bot API server is used"},
    "inbound": {"type": "string", "enum": ["webhook", "polling"], "description": "webhook needs PUBLIC_URL; the default without it is polling"},
    "human_pause_minutes": {"type": "integer", "minimum": 1, "maximum": 100000},
}
def or_null(schema):
    nullable_schema = {**schema, "type": [schema["type"], "null"]}
    if "enum" in schema: nullable_schema["enum"] = [*schema["enum"], None]
    return nullable_schema
# A web-chat widget's values, as Sources/SaudaChannels/Widget/WebChatWidgetSettings.swift and WebChatWidgetOrigin.swift
# check them. An origin's rules (a host, https but for localhost, no path) are wider than a pattern says well: the
# schema admits every text the server may accept, and the server refuses the rest with 400 naming the entry.
WIDGET_ORIGIN = {"type": "string", "minLength": 1, "maxLength": 300, "pattern": "^[!-~]+$",
                 "description": "an origin as browsers send it: https://host[:port] (http only for localhost, 127.0.0.1, [::1]); no path, no *"}
# The other provider's fields may be null (null keeps a value, and there is none); any other value is a 400 naming it.
def ONLY_NULL(fields): return {k: {"type": "null", "description": "the other provider's field: only null"} for k in fields}
def clearable_text(max_length, what):
    return {"type": "string", "maxLength": max_length, "pattern": f"^$|[^{WS}]",
            "description": f"at most {max_length} characters, not only spaces; an empty text shows {what} again"}
WIDGET_SETTINGS = {
    "allowed_origins": {"type": "array", "minItems": 1, "maxItems": 20, "items": WIDGET_ORIGIN,
                        "description": "the sites whose pages may use the widget; stored as browsers write them (https://Shop.kz:443 → https://shop.kz)"},
    "display_name": clearable_text(100, "the business's name"),
    "accent_color": {"type": "string", "pattern": "^#[0-9A-Fa-f]{6}$", "description": "the button's and the header's colour, #RRGGBB"},
    "greeting": clearable_text(500, "the language's usual greeting"),
    "position": {"type": "string", "enum": ["right", "left"]},
    "language": {"type": "string", "enum": ["ru", "kk", "en"]},
}
SECRET_HINT = obj({"hint": S, "updated_at": T}, ["hint", "updated_at"])

schemas = {
    "Error": obj({"error": obj({"status": I, "reason": S}, ["status", "reason"])}, ["error"]),
    "Contact": obj({
        "id": I, "channel": {"type": "string", "enum": ["whatsapp", "telegram", "webchat"]}, "chat_id": S,
        "phone_number": S, "name": S, "full_name": S, "business_name": S,
        "status": {"type": "string", "enum": ["client", "not_client", "unknown"]},
        "is_client": B, "confidence": N, "reasoning": S,
        "spin_stage": {"type": "string", "description": "SPIN stage of the sales conversation"},
        "bot_paused": B, "bot_paused_until": T, "paused_by": S, "last_message_at": T,
    }, ["id", "channel", "chat_id", "status", "spin_stage", "bot_paused"]),
    "ContactBrief": obj({"id": I, "name": S, "phone_number": S, "channel": S, "chat_id": S}, ["id", "channel", "chat_id"]),
    "ContactListItem": obj({
        "contact": ref("Contact"),
        "last_message": obj({"text": S, "author": {"type": "string", "enum": ["customer", "bot", "human"]}, "at": T}, ["text", "author", "at"]),
        "message_count": I, "updated_at": T,
    }, ["contact", "message_count", "updated_at"]),
    "ContactPage": obj({"contacts": arr(ref("ContactListItem")), "total": I, "limit": I, "offset": I},
                       ["contacts", "total", "limit", "offset"]),
    "FollowUp": obj({"id": I, "contact": ref("ContactBrief"), "touch_number": {"type": "integer", "minimum": 1, "maximum": 5},
                     "next_touch_at": T, "last_touch_at": T, "started_at": T, "reason": S, "completed": B},
                    ["id", "touch_number", "started_at", "completed"]),
    "Call": obj({"id": I, "contact": ref("ContactBrief"), "scheduled_at": T, "time_zone": S,
                 "status": {"type": "string", "enum": ["scheduled", "done", "cancelled"]}, "manager": S, "notes": S},
                ["id", "scheduled_at", "time_zone", "status"]),
    "ContactDetail": obj({"contact": ref("Contact"), "lead_details": {"type": "object", "additionalProperties": S},
                          "follow_up": ref("FollowUp"), "calls": arr(ref("Call")), "lead": ref("Lead"),
                          "crm": obj({"links": arr(ref("CRMLink")), "syncs": arr(ref("CRMSync"))}, ["links", "syncs"]), "message_count": I},
                         ["contact", "lead_details", "calls", "crm", "message_count"]),
    "Message": obj({"id": I, "message_id": S, "author": {"type": "string", "enum": ["customer", "bot", "human"]}, "text": S,
                    "is_voice": B, "time": T, "reply_to": S, "answered_by": I,
                    "delivery_status": {"type": "string", "description": "queued, sent, delivered, read or failed (replies)"},
                    "reply_intent": {"type": "object",
                                     "description": "How a customer message answered the bot and who read it (the last message of a turn, where follow-ups run)",
                                     "properties": {"intent": {"type": "string", "enum": ["yes", "no", "unsure", "other"]},
                                                    "source": {"type": "string", "enum": ["rules", "model", "fallback"],
                                                               "description": "fallback: the rules decided because the model failed or gave no valid answer"},
                                                    "model": S},
                                     "required": ["intent", "source"]}},
                   ["id", "message_id", "author", "text", "is_voice", "time"]),
    "MessagePage": obj({"contact_id": I, "messages": arr(ref("Message")), "next_after": I}, ["contact_id", "messages"]),
    "ToolCall": obj({"call_id": S, "name": S, "arguments": {"type": "string", "description": "JSON"},
                     "result": {"type": "string", "description": "JSON"}, "is_error": B, "time": T},
                    ["call_id", "name", "arguments", "result", "is_error", "time"]),
    "ModelCall": obj({"purpose": S, "provider": S, "model": S, "input_tokens": I, "output_tokens": I, "outcome": S, "duration_ms": N, "time": T},
                     ["purpose", "provider", "model", "input_tokens", "output_tokens", "outcome", "duration_ms", "time"]),
    "Activity": obj({"contact_id": I, "tool_calls": arr(ref("ToolCall")), "model_calls": arr(ref("ModelCall")),
                     "tokens": obj({"input": I, "output": I}, ["input", "output"])},
                    ["contact_id", "tool_calls", "model_calls", "tokens"]),
    "Verdict": obj({"contact_id": I, "phone_number": S, "status": {"type": "string", "enum": ["client", "not_client", "unknown"]},
                    "is_client": B, "confidence": N, "reasoning": S, "messages": I},
                   ["contact_id", "status", "confidence", "reasoning", "messages"]),
    "Queued": obj({"message_id": S, "contact_id": I, "status": {"type": "string", "enum": ["queued"]}}, ["message_id", "contact_id", "status"]),
    "Stats": obj({
        "since": T, "messages_received_today": I, "messages_sent_today": I, "voice_transcribed_today": I, "failed_today": I,
        "contacts": {"type": "object", "additionalProperties": I}, "taken_over": I, "calls_today": I, "calls_tomorrow": I,
        "model_usage_today": {"type": "object", "additionalProperties": obj({"calls": I, "input_tokens": I, "output_tokens": I, "mean_ms": N})},
        "queue_size": {"type": "object", "additionalProperties": I}, "dead_letters": {"type": "object", "additionalProperties": I},
    }, ["since", "messages_received_today", "messages_sent_today", "voice_transcribed_today", "failed_today", "contacts",
        "taken_over", "calls_today", "calls_tomorrow", "model_usage_today", "queue_size", "dead_letters"]),
    "FollowUpPage": obj({"follow_ups": arr(ref("FollowUp")), "limit": I, "offset": I}, ["follow_ups", "limit", "offset"]),
    "CallPage": obj({"calls": arr(ref("Call")), "limit": I, "offset": I}, ["calls", "limit", "offset"]),
    "Lead": obj({"id": I, "contact_id": I, "channel": {"type": "string", "enum": ["whatsapp", "telegram", "webchat"]}, "chat_id": S,
                 "name": S, "phone": S, "need": S, "price_quoted": S, "booked_call": T,
                 "source": {"type": "string", "description": "the channel, or channel:start-parameter when the customer came by a deep link"},
                 "stage": LEAD_STAGE, "details": {"type": "object", "additionalProperties": S}, "created_at": T, "updated_at": T},
                ["id", "contact_id", "channel", "chat_id", "source", "stage", "details", "created_at", "updated_at"]),
    "LeadPage": obj({"leads": arr(ref("Lead")), "total": I, "limit": I, "offset": I}, ["leads", "total", "limit", "offset"]),
    "LogEntry": obj({"id": I, "channel": S, "direction": {"type": "string", "enum": ["incoming", "outgoing"]}, "message_id": S, "chat_id": S,
                     "text": S, "is_voice": B, "provider_status": S, "queue_status": S, "error": S, "created_at": T, "processed_at": T},
                    ["id", "channel", "direction", "message_id", "chat_id", "is_voice", "created_at"]),
    "LogPage": obj({"messages": arr(ref("LogEntry")), "next_before": I}, ["messages"]),
    "WhitelistEntry": obj({"phone_number": S, "note": S}, ["phone_number"]),
    "Whitelist": obj({"numbers": arr(ref("WhitelistEntry"))}, ["numbers"]),
    "CRMConnection": obj({
        "type": {"type": "string", "enum": CRM_TYPES}, "base_url": S,
        "field_mapping": {"type": "object", "additionalProperties": S}, "settings": {"type": "object", "additionalProperties": S},
        "state": {"type": "string", "enum": ["active", "paused", "failing"]}, "last_error": S,
        "credentials": obj({"hint": S, "updated_at": T}, ["hint", "updated_at"]),
        "webhook_path": {"type": "string", "description": "where the CRM posts its events (/webhooks/crm/{business}/{secret}); it holds a secret, so only admins are answered it"},
        "created_at": T, "updated_at": T,
    }, ["type", "base_url", "field_mapping", "settings", "state", "created_at", "updated_at"]),
    "CRMSlot": obj({"crm": {"anyOf": [ref("CRMConnection"), {"type": "null"}]}}),
    "CRMLink": obj({"subject": {"type": "string", "enum": ["contact", "lead", "note", "booking"]}, "subject_id": I, "crm": S, "kind": S, "id": S,
                    "linked_at": T}, ["subject", "subject_id", "crm", "kind", "id", "linked_at"]),
    "CRMSync": obj({"id": I, "subject": {"type": "string", "enum": ["contact", "lead", "note", "booking"]}, "subject_id": I, "contact_id": I,
                    "state": {"type": "string", "enum": ["synced", "pending", "dead"]}, "version": I, "synced_version": I, "attempts": I,
                    "outcome_unknown": B, "next_attempt_at": T, "last_error": S, "dead_at": T, "updated_at": T},
                   ["id", "subject", "subject_id", "state", "version", "synced_version", "attempts", "outcome_unknown", "updated_at"]),
    "CRMSyncs": obj({"syncs": arr(ref("CRMSync")), "pending": I, "dead": I}, ["syncs", "pending", "dead"]),
    "CRMCheck": obj({"ok": B, "account": S, "capabilities": arr(S), "state": {"type": "string", "enum": ["active", "paused", "failing"]},
                     "error": S}, ["ok", "capabilities", "state"]),
    "ChannelConnection": obj({
        "id": S, "provider": {"type": "string", "enum": ["wappi", "webchat", "telegram"]}, "name": S, "public_id": S,
        "state": {"type": "string", "enum": ["active", "paused", "failing"]}, "last_error": S, "version": I,
        "settings": {"type": "object", "description": "the provider's settings (wappi: profile_id, base_url, inbound, polling_interval_seconds, "
                                                      "sends_per_minute, human_pause_minutes; webchat: allowed_origins, display_name, "
                                                      "accent_color, greeting, position, language; telegram: bot_id, username, "
                                                      "base_url, inbound, human_pause_minutes, can_connect_to_business)"},
        "secrets": obj({"token": SECRET_HINT, "webhook_secret": SECRET_HINT}),
        "webhook": obj({"path": S, "url": S, "secret_shown": B, "note": S}, ["path", "secret_shown", "note"]),
        "widget": obj({"script_path": {"type": "string", "description": "/widget/{public_id}.js"},
                       "script_url": {"type": "string", "description": "the script's whole address, from the request's host"},
                       "snippet": {"type": "string", "description": "the line to paste into the site: <script src=\"…/widget/{public_id}.js\" async></script>"}},
                      ["script_path"]),
        "created_at": T, "updated_at": T,
    }, ["id", "provider", "name", "public_id", "state", "version", "settings", "secrets", "created_at", "updated_at"]),
    "Channels": obj({"channels": arr(ref("ChannelConnection"))}, ["channels"]),
    "ChannelCheck": obj({
        "ready": B, "status": obj({"app_status": S, "authorized": B, "phone": S, "payment_expired_at": S}, ["authorized"]),
        "error": obj({"kind": S, "message": S}, ["kind", "message"]), "connection": ref("ChannelConnection"),
    }, ["ready", "connection"]),
    "ChannelWebhook": obj({"webhook_url": {"type": "string", "description": "the address given to Wappi, its secret shown as …"},
                           "types": arr(S)}, ["webhook_url", "types"]),
    "KnowledgeSummary": obj({"name": S, "characters": I, "hash": S, "updated_at": T}, ["name", "characters", "hash", "updated_at"]),
    "Knowledge": obj({"documents": arr(ref("KnowledgeSummary"))}, ["documents"]),
    "KnowledgeDocument": obj({"name": S, "content": S, "characters": I}, ["name", "content", "characters"]),
    "KnowledgeStored": obj({"name": S, "characters": I, "changed": B}, ["name", "characters", "changed"]),
    "Token": obj({"id": I, "name": S, "role": {"type": "string", "enum": ["viewer", "operator", "admin"]}, "prefix": S,
                  "created_at": T, "revoked_at": T}, ["id", "name", "role", "prefix", "created_at"]),
    "Tokens": obj({"tokens": arr(ref("Token"))}, ["tokens"]),
    "Business": obj({"id": S, "name": S, "time_zone": S, "created_at": T, "suspended": B, "suspended_at": T, "members": I},
                    ["id", "name", "time_zone", "suspended"]),
    "Businesses": obj({"businesses": arr(ref("Business"))}, ["businesses"]),
    "BusinessRemoved": obj({"id": S, "removed": {"type": "object", "additionalProperties": I,
                                                 "description": "rows removed per table"}}, ["id", "removed"]),
    "Invite": obj({"link": {"type": "string", "description": "the link's path (/console/invite/…): shown only now, works once, 7 days"},
                   "tenant_id": S, "email": S, "role": S, "expires_at": T}, ["link", "tenant_id", "email", "role", "expires_at"]),
    "OpeningHours": obj({"opens": {"type": "string", "description": "HH:MM, 00:00 to 23:59 (09:30)"},
                         "closes": {"type": "string", "description": "HH:MM later than opens (18:30; 24:00 is midnight)"}},
                        ["opens", "closes"]),
    "BusinessSettings": obj({
        "description": {"type": "string", "maxLength": 2000, "description": "a short description of the business for the agent"},
        "working_hours": {"type": "object", "propertyNames": {"enum": WEEKDAYS}, "additionalProperties": ref("OpeningHours"),
                          "description": "hours by day (monday … sunday); a day left out is closed"},
        "holidays": arr({"type": "string", "format": "date"}),
        "languages": arr({"type": "string", "pattern": "^[a-z]{2}$", "description": "ISO 639-1 (ru, kk, en), the first preferred"}),
        "follow_ups_enabled": B,
        "follow_up_intervals": {**arr({"type": "integer", "minimum": 1}), "minItems": 5, "maxItems": 5,
                                "description": "hours before each of the five touches, increasing"},
        "model_provider": {"type": "string", "enum": ["gemini", "openai", "offline"], "description": "absent: the installation's provider"},
        "model": {"type": "string", "description": "absent: the installation's model"},
        "prompt_overrides": {"type": "object", "propertyNames": {"enum": PROMPTS}, "additionalProperties": S,
                             "description": "prompt templates by name, checked like the template files (an unknown placeholder is refused with its line)"},
    }, ["description", "working_hours", "holidays", "languages", "follow_ups_enabled", "follow_up_intervals", "prompt_overrides"]),
    "Settings": obj({"tenant_id": S, "name": S, "time_zone": {"type": "string", "description": "IANA time zone"},
                     "revision": {"type": "integer", "minimum": 0, "description": "0 while the business uses the installation's settings"},
                     "updated_at": T, "settings": ref("BusinessSettings"),
                     "model_api_key": obj({"hint": {"type": "string", "description": "… and the last four characters of a long key; never the key"},
                                           "updated_at": T}, ["hint", "updated_at"],
                                          extra={"description": "the business's own model API key (write-only); absent: the installation's key"})},
                    ["tenant_id", "name", "time_zone", "revision", "settings"]),
    "TokenIssued": obj({"token": {"type": "string", "description": "shown once"}, "details": ref("Token")}, ["token", "details"]),
    "BusinessExport": obj({
        "format": {"type": "string", "enum": ["sauda.business-export"]}, "version": I, "tenant_id": S,
        "schema_version": {"type": "integer", "description": "the database's schema version (its latest migration)"},
        "exported_at": T,
        "tables": {"type": "object", "description": "every table of the business's data, by name: its rows as objects of their columns "
                                                    "(times ISO 8601); an empty table as []",
                   "additionalProperties": arr({"type": "object"})},
    }, ["format", "version", "tenant_id", "schema_version", "exported_at", "tables"]),
    "ContactRemoved": obj({"contact_id": I, "removed": {"type": "object", "description": "rows removed, by table",
                                                        "additionalProperties": I}}, ["contact_id", "removed"]),
}

def qp(name, schema, description): return {"name": name, "in": "query", "required": False, "schema": schema, "description": description}
LIMIT = qp("limit", {"type": "integer", "minimum": 1, "maximum": 200, "default": 50}, "page size")
OFFSET = qp("offset", {"type": "integer", "minimum": 0, "maximum": 1000000, "default": 0}, "rows skipped before the page")
CONTACT = {"name": "contact", "in": "path", "required": True, "schema": {"type": "string", "pattern": f"^(?:[0-9]{{1,9}}|{PHONE_PATTERN})$"},
           "description": "the contact's id (up to 9 digits) or phone number (+7 701 234 56 78, 77012345678)"}

def body(schema, description=None, required=True, extra_types=None, extra_schema=S):
    content = {"application/json": {"schema": schema}}
    for t in extra_types or []: content[t] = {"schema": extra_schema}
    b = {"required": required, "content": content}
    if description: b["description"] = description
    return b

def ok(schema, status="200", description="OK"):
    return {status: {"description": description, "content": {"application/json": {"schema": ref(schema) if isinstance(schema, str) else schema}}}}

ERR = lambda d: {"description": d, "content": {"application/json": {"schema": ref("Error")}}}
def errors(*codes):
    text = {"400": "bad parameters or body, with the reason", "401": "no token, or an unknown or revoked one",
            "403": "the token's role is too low", "404": "not found in the caller's tenant", "409": "conflict",
            "413": "body too large", "429": "too many requests with this token (Retry-After)",
            "410": "the link was used or expired", "503": "the model gave no usable answer"}
    return {c: ERR(text[c]) for c in ("401", "403", "429") + codes}

def op(summary, role, responses, parameters=(), request=None, description=None):
    needs = "Needs a token of the installation's owner." if role == "owner" else f"Needs a token with the role «{role}» or higher."
    o = {"summary": summary, "description": (description + "\n\n" if description else "") + needs,
         "x-sauda-role": role, "security": [{"bearer": []}], "parameters": list(parameters), "responses": responses}
    if request: o["requestBody"] = request
    return o

OWNER_ONLY = ("Only the installation's owner: a console session of an owner account (`sauda owner create`) or a token made with "
              "`sauda token create --owner EMAIL`; anyone else gets 403.")
BUSINESS_ID = {"type": "string", "pattern": "^[a-z0-9][a-z0-9-]{0,39}$", "description": "1 to 40 lowercase letters, digits and «-»"}
BUSINESS_PARAM = [{"name": "business", "in": "path", "required": True, "schema": BUSINESS_ID}]
ROLE = {"type": "string", "enum": ["viewer", "operator", "admin"]}
EMAIL = {"type": "string", "maxLength": 254, "description": "an email address (one @, a dot in the domain)"}
INVITE_BODY = body(obj({"email": EMAIL, "role": ROLE}, ["email"]))

paths = {
    "/api/v1/stats": {"get": op("Today's figures of the tenant and the queue sizes", "viewer", {**ok("Stats"), **errors("400")})},
    "/api/v1/contacts": {"get": op("List contacts", "viewer", {**ok("ContactPage"), **errors("400")}, [
        qp("status", {"type": "string", "enum": ["client", "not_client", "unknown"]}, "only contacts with this status"),
        qp("is_client", B, "the earlier system's filter: true = clients, false = not clients (with status as well: both must hold)"),
        qp("channel", {"type": "string", "enum": ["whatsapp", "telegram", "webchat"]}, "only this channel"),
        qp("paused", B, "only chats an operator has taken over (true) or not (false)"),
        qp("q", {"type": "string", "maxLength": 100}, "name, phone number or chat id contains (spaces around are ignored)"), LIMIT, OFFSET],
        description="The most recently active first.")},
    "/api/v1/contacts/{contact}": {
        "get": op("One contact", "viewer", {**ok("ContactDetail"), **errors("400", "404")}, [CONTACT]),
        "delete": op("Delete a contact and all its data (a personal-data request)", "admin", {**ok("ContactRemoved"), **errors("400", "404")},
                     [CONTACT], description="Removes the contact, its messages, its conversation's log and queued messages, its leads, "
                                            "follow-ups, calls, alerts, tool and model calls. The whitelist is kept. Cannot be undone.")},
    "/api/v1/contacts/{contact}/messages": {
        "get": op("Messages of a contact", "viewer", {**ok("MessagePage"), **errors("400", "404")}, [
            CONTACT, qp("after", {"type": "integer", "minimum": 0, "maximum": 2147483647}, "messages after this message id (next_after of the previous page)"),
            qp("limit", {"type": "integer", "minimum": 1, "maximum": 500, "default": 100}, "page size")], description="Oldest first."),
        "post": op("Write to the customer as the business", "operator", {**ok("Queued", "202", "stored and queued for the channel"),
                                                                        **errors("400", "404", "413")}, [CONTACT],
                   body(obj({"text": text(4096, "sent without the spaces around it")}, ["text"])),
                   description="The message goes out through the sender like the bot's replies; pause the bot first to take the chat over.")},
    "/api/v1/messages/{contact}": {"get": op("Messages of a contact (the earlier system's path)", "viewer", {**ok("MessagePage"), **errors("400", "404")}, [
        CONTACT, qp("after", {"type": "integer", "minimum": 0, "maximum": 2147483647}, "messages after this message id"),
        qp("limit", {"type": "integer", "minimum": 1, "maximum": 500, "default": 100}, "page size")])},
    "/api/v1/contacts/{contact}/activity": {"get": op("Tool calls and model calls of a contact", "viewer",
                                                      {**ok("Activity"), **errors("400", "404")}, [CONTACT],
                                                      description="Every tool call with its arguments and result, and every model call with its tokens.")},
    "/api/v1/contacts/{contact}/classify": {"post": op("Classify a contact now", "operator", {**ok("Verdict"), **errors("400", "404", "409", "413", "503")},
                                                       [CONTACT], description="Classifies the contact again now, whatever it was.")},
    "/api/v1/contacts/{contact}/pause": {"post": op("Pause the bot in a chat (an operator takes over)", "operator",
                                                    {**ok("Contact"), **errors("400", "404", "413")}, [CONTACT],
                                                    body(obj({"minutes": nullable("integer", minimum=1, maximum=10080, description="null or absent: 12 hours")}), required=False),
                                                    description="The bot stays silent in the chat for `minutes` (12 hours when absent) or until resumed; the contact's follow-ups stop.")},
    "/api/v1/contacts/{contact}/resume": {"post": op("Resume the bot in a chat (hand back)", "operator", {**ok("Contact"), **errors("400", "404", "413")}, [CONTACT])},
    "/api/v1/follow-ups/active": {"get": op("Running follow-up chains", "viewer", {**ok("FollowUpPage"), **errors("400")}, [LIMIT, OFFSET],
                                            description="Soonest touch first.")},
    "/api/v1/scheduled-calls": {"get": op("Booked calls", "viewer", {**ok("CallPage"), **errors("400")}, [
        qp("status", {"type": "string", "enum": ["scheduled", "done", "cancelled"]}, "only calls with this status"),
        qp("from", MOMENT, "calls at or after this time (a date: its midnight UTC)"),
        qp("to", MOMENT, "calls before this time (a date: its midnight UTC); none when it is not after «from»"), LIMIT, OFFSET],
        description="Soonest first.")},
    "/api/v1/leads": {"get": op("The tenant's leads", "viewer", {**ok("LeadPage"), **errors("400")}, [
        qp("stage", LEAD_STAGE, "only leads at this stage"),
        qp("channel", {"type": "string", "enum": ["whatsapp", "telegram", "webchat"]}, "only this channel"),
        qp("q", {"type": "string", "maxLength": 100}, "name, phone or need contains, in any case (spaces around are ignored)"),
        qp("from", MOMENT, "leads captured at or after this time (a date: its midnight UTC)"),
        qp("to", MOMENT, "leads captured before this time (a date: its midnight UTC); none when it is not after «from»"), LIMIT, OFFSET],
        description="The most recently changed first. The agent's tools capture leads (record_lead, place_order, book_call); "
                    "their stages only move forward, and won or lost is an operator's.")},
    "/api/v1/leads/{id}": {"patch": op("Set the stage of a lead", "operator", {**ok("Lead"), **errors("400", "404", "409", "413")},
                                       [{"name": "id", "in": "path", "required": True, "schema": {"type": "integer", "minimum": 1, "maximum": 9223372036854775807}}],
                                       body(obj({"stage": LEAD_STAGE}, ["stage"])),
                                       description="Any stage, usually won or lost. Opening a closed lead again while its customer has another open lead is a 409.")},
    "/api/v1/logs/messages": {"get": op("The message log", "viewer", {**ok("LogPage"), **errors("400")}, [
        qp("direction", {"type": "string", "enum": ["incoming", "outgoing"]}, "only this direction"),
        qp("chat_id", {"type": "string", "maxLength": 200}, "only this chat (spaces around are ignored)"),
        qp("before", {"type": "integer", "minimum": 1, "maximum": 9223372036854775807}, "entries older than this id (next_before of the previous page)"),
        qp("limit", {"type": "integer", "minimum": 1, "maximum": 500, "default": 100}, "page size")], description="Newest first.")},
    "/api/v1/test/send-message": {"post": op("Send a message as the business (a test send)", "operator",
                                             {**ok("Queued", "202", "stored and queued for the channel"), **errors("400", "409", "413")}, [],
                                             body(obj({"phone_number": {**PHONE, "type": ["string", "null"]}, "session": {**SESSION, "type": ["string", "null"]},
                                                            "text": text(4096, "sent without the spaces around it")}, ["text"],
                                                           {"oneOf": [{"required": ["phone_number"], "properties": {"phone_number": {"type": "string"}}},
                                                                      {"required": ["session"], "properties": {"session": {"type": "string"}}}]}),
                                                  "exactly one of phone_number (WhatsApp) and session (web chat); null is as absent"))},
    "/api/v1/whitelist": {
        "get": op("Numbers the bot never answers", "viewer", {**ok("Whitelist"), **errors("400")}),
        "post": op("Add a number to the whitelist", "admin", {**ok("WhitelistEntry", "201", "added"), **errors("400", "413")}, [],
                   body(obj({"phone_number": PHONE, "note": nullable("string", maxLength=200, description="stored without the spaces around it")},
                             ["phone_number"])))},
    "/api/v1/whitelist/{phone}": {"delete": op("Remove a number from the whitelist", "admin", {"204": {"description": "removed"}, **errors("400", "404")},
                                               [{"name": "phone", "in": "path", "required": True, "schema": PHONE}])},
    "/api/v1/crm": {
        "get": op("The business's CRM connection (credentials masked)", "viewer", {**ok("CRMSlot"), **errors("400")}),
        "put": op("Connect a CRM, replacing the connection", "admin", {**ok("CRMConnection"), **errors("400", "409", "413")}, [],
                  body(obj({"type": {"type": "string", "enum": CRM_TYPES}, "base_url": CRM_URL, "credentials": CRM_CREDENTIALS,
                            "field_mapping": {**CRM_MAPPING, "type": ["object", "null"]}, "settings": {**CRM_SETTINGS, "type": ["object", "null"]},
                            "state": {**CRM_STATE, "type": ["string", "null"]}},
                           ["type", "base_url", "credentials"])),
                  description="The CRM sync writes the business's leads to it from now on; the credentials are sealed."),
        "patch": op("Change the CRM connection", "admin", {**ok("CRMConnection"), **errors("400", "404", "409", "413")}, [],
                    body(obj({"base_url": {**CRM_URL, "type": ["string", "null"]}, "credentials": {**CRM_CREDENTIALS, "type": ["string", "null"]},
                              "field_mapping": {**CRM_MAPPING, "type": ["object", "null"]}, "settings": {**CRM_SETTINGS, "type": ["object", "null"]},
                              "state": {**CRM_STATE, "type": ["string", "null"]}}),
                         "absent or null fields keep their value"),
                    description="New credentials or a new address clear the last error."),
        "delete": op("Remove the CRM connection and its credentials", "admin", {"204": {"description": "removed"}, **errors("400", "404")})},
    "/api/v1/crm/check": {
        "post": op("Check the CRM connection's credentials with the CRM", "admin", {**ok("CRMCheck"), **errors("400", "404")},
                   description="Refused credentials turn the connection failing; a check that passes makes it active and sends what waited.")},
    "/api/v1/crm/syncs": {
        "get": op("The business's CRM outbox: records waiting, given up or written", "viewer", {**ok("CRMSyncs"), **errors("400")},
                  [{"name": "state", "in": "query", "required": False, "schema": {"type": "string", "enum": ["pending", "dead", "synced"]}},
                   {"name": "limit", "in": "query", "required": False, "schema": {"type": "integer", "minimum": 1, "maximum": 500}}])},
    "/api/v1/crm/syncs/{id}/retry": {
        "post": op("Send a dead-lettered record to the CRM again", "admin", {**ok("CRMSync"), **errors("400", "404")},
                   [{"name": "id", "in": "path", "required": True, "schema": {"type": "integer", "minimum": 1, "maximum": 9223372036854775807}}])},
    "/api/v1/channels": {
        "get": op("The business's channel connections (secrets masked)", "viewer", {**ok("Channels"), **errors("400")},
                  description="Each with its state, last error, settings, its secrets' hints and, for WhatsApp, its webhook path with the secret "
                              "shown as …: the whole address is answered only when the connection is made or its webhook secret rotated. A web-chat "
                              "widget has no secrets; it comes with its script's address and snippet (widget), built from the request's address."),
        "post": op("Connect a WhatsApp number through Wappi or a Telegram bot, or make a web-chat widget", "admin",
                   {**ok("ChannelConnection", "201", "made; a WhatsApp connection's webhook address with its secret is shown only now"),
                    **errors("400", "409", "413")}, [],
                   body({"anyOf": [
                       obj({"provider": or_null({"type": "string", "enum": ["wappi"]}), "name": CHANNEL_NAME, "profile_id": WAPPI_PROFILE,
                            **{k: or_null(v) for k, v in WAPPI_SETTINGS.items()}, "state": or_null(CRM_STATE), "token": WAPPI_TOKEN, **ONLY_NULL(WIDGET_SETTINGS)},
                           ["name", "profile_id", "token"], {"additionalProperties": False, "title": "WhatsApp (wappi)"}),
                       obj({"provider": {"type": "string", "enum": ["webchat"]}, "name": CHANNEL_NAME, "allowed_origins": WIDGET_SETTINGS["allowed_origins"],
                            **{k: or_null(v) for k, v in WIDGET_SETTINGS.items() if k != "allowed_origins"}, "state": or_null(CRM_STATE),
                            **ONLY_NULL([*WAPPI_SETTINGS, "profile_id", "token"])},
                           ["provider", "name", "allowed_origins"], {"additionalProperties": False, "title": "web-chat widget (webchat)"}),
                       obj({"provider": {"type": "string", "enum": ["telegram"]}, "name": CHANNEL_NAME, "token": TELEGRAM_TOKEN,
                            **{k: or_null(v) for k, v in TELEGRAM_SETTINGS.items()}, "state": or_null(CRM_STATE),
                            **ONLY_NULL([*WIDGET_SETTINGS, "profile_id", "polling_interval_seconds", "sends_per_minute"])},
                           ["provider", "name", "token"], {"additionalProperties": False, "title": "Telegram bot (telegram)"}),
                   ]}, "a WhatsApp connection (provider wappi or left out), a web-chat widget (provider webchat) or a Telegram bot "
                       "(provider telegram); a field of another provider is a 400 naming it"),
                   description="Makes the connection's id and public id, and a WhatsApp connection's webhook secret; a widget has no secrets and "
                               "its answer carries its snippet (widget.snippet). A Telegram bot's token is checked with Telegram's getMe first (a token "
                               "Telegram refuses, or a bot connected already, is a 400 naming «token»); its id and username are kept in its settings. "
                               "A name the business already uses is a 409.")},
    "/api/v1/channels/{id}": {
        "get": op("One channel connection (secrets masked)", "viewer", {**ok("ChannelConnection"), **errors("400", "404")}, [CHANNEL_ID]),
        "patch": op("Change a channel connection", "admin", {**ok("ChannelConnection"), **errors("400", "404", "409", "413")}, [CHANNEL_ID],
                    body({"anyOf": [
                        obj({"name": or_null(CHANNEL_NAME), "profile_id": or_null(WAPPI_PROFILE), **{k: or_null(v) for k, v in WAPPI_SETTINGS.items()},
                             "state": or_null(CRM_STATE), "token": or_null(WAPPI_TOKEN),
                             "rotate_webhook_secret": or_null({"type": "boolean", "description": "true: a new webhook secret, answered once; the old address stops working"}),
                             **ONLY_NULL(WIDGET_SETTINGS)},
                            extra={"additionalProperties": False, "title": "WhatsApp (wappi)"}),
                        obj({"name": or_null(CHANNEL_NAME), **{k: or_null(v) for k, v in WIDGET_SETTINGS.items()}, "state": or_null(CRM_STATE),
                             **ONLY_NULL([*WAPPI_SETTINGS, "profile_id", "token", "rotate_webhook_secret"])},
                            extra={"additionalProperties": False, "title": "web-chat widget (webchat)"}),
                        obj({"name": or_null(CHANNEL_NAME), **{k: or_null(v) for k, v in TELEGRAM_SETTINGS.items()}, "state": or_null(CRM_STATE),
                             "token": or_null(TELEGRAM_TOKEN),
                             "rotate_webhook_secret": or_null({"type": "boolean", "description": "true: a new secret_token, registered with Telegram"}),
                             **ONLY_NULL([*WIDGET_SETTINGS, "profile_id", "polling_interval_seconds", "sends_per_minute"])},
                            extra={"additionalProperties": False, "title": "Telegram bot (telegram)"}),
                    ]}, "the fields of the connection's provider; absent or null fields keep their value, a field of the other provider is a 400 naming it"),
                    description="Moves the connection's version, so that the server restarts its poller, webhook and sends. A new token or settings "
                                "clear the last error of a failing connection."),
        "delete": op("Remove a channel connection and its secrets", "admin", {"204": {"description": "removed"}, **errors("400", "404")}, [CHANNEL_ID])},
    "/api/v1/channels/{id}/check": {
        "post": op("Ask Wappi for the number's status", "admin", {**ok("ChannelCheck"), **errors("400", "404", "409")}, [CHANNEL_ID],
                   description="Calls Wappi's get/status with the stored token and answers what Wappi said (or its refusal); the answer is recorded "
                               "on the connection: a refused token, an unpaid profile or a number logged out of WhatsApp make it failing. "
                               "A web-chat widget is a 409.")},
    "/api/v1/channels/{id}/webhook": {
        "post": op("Point the number's Wappi webhook at this server", "admin",
                   {**ok("ChannelWebhook"), **errors("400", "404", "409", "413"), "502": ERR("Wappi refused, with its reason")}, [CHANNEL_ID],
                   body(obj({"base_url": {"type": "string", "maxLength": 500, "pattern": "^https?://[^/?#\\s]+(/[^?#\\s]*)?$",
                                          "description": "the server's public address (https://sauda.example.kz); the path is added"}},
                            ["base_url"], {"additionalProperties": False})),
                   description="Sets the profile's webhook address (webhook/url/set) to <base_url>/webhooks/wappi/<public id>/<secret> and its event "
                               "types (webhook/types/set). A web-chat widget is a 409.")},
    "/api/v1/knowledge": {"get": op("Knowledge-base documents", "viewer", {**ok("Knowledge"), **errors("400")})},
    "/api/v1/knowledge/{name}": {
        "get": op("One knowledge-base document", "viewer", {**ok("KnowledgeDocument"), **errors("400", "404")},
                  [{"name": "name", "in": "path", "required": True, "schema": DOCUMENT_NAME}]),
        "put": op("Add or replace a knowledge-base document", "admin",
                  {**ok("KnowledgeStored", "200", "replaced"), **ok("KnowledgeStored", "201", "added"), **errors("400", "413")},
                  [{"name": "name", "in": "path", "required": True, "schema": DOCUMENT_NAME}],
                  # text/markdown is read exactly like text/plain but left out here: schemathesis sends an object as its
                  # text ("{}") yet counts that as a refused type only for text/plain, so it would call the accepted
                  # markdown "{}" schema-violating. The description names it instead.
                  body(obj({"content": DOCUMENT_TEXT}, ["content"]),
                       "the text, as JSON or as the body itself (text/plain; text/markdown is read the same way)",
                       extra_types=["text/plain"], extra_schema=DOCUMENT_TEXT),
                  description="The agent answers from it from its next turn."),
        "delete": op("Remove a knowledge-base document", "admin", {"204": {"description": "removed"}, **errors("400", "404")},
                     [{"name": "name", "in": "path", "required": True, "schema": DOCUMENT_NAME}])},
    "/api/v1/settings": {
        "get": op("The business's settings", "viewer", {**ok("Settings"), **errors("400")},
                  description="Name, time zone and settings of the token's business; the installation's settings (revision 0) until it saves its own."),
        "put": op("Change the business's settings", "admin", {**ok("Settings"), **errors("400", "409", "413")}, [],
                  body(obj({"name": {**text(100), "description": "stored without the spaces around it"},
                            "time_zone": {"type": "string", "description": "IANA time zone (Asia/Almaty)"},
                            "revision": {"type": "integer", "minimum": 0, "description": "the revision read; a later save makes this a 409"},
                            "model_api_key": nullable("string", minLength=1, maxLength=1000, pattern=f"^[^{CC}{WS}]+$",
                                                      description="the business's own API key for its model provider, sealed and never "
                                                                  "answered (only its hint); null removes it, absent keeps it"),
                            "settings": obj({
                                "description": {"type": "string", "maxLength": 2000},
                                "working_hours": {"type": "object", "additionalProperties": {"anyOf": [ref("OpeningHours"), {"type": "null"}]},
                                                  "description": "the whole week by day (monday … sunday); a day left out or null is closed"},
                                "holidays": arr({"type": "string", "format": "date"}), "languages": arr(S),
                                "follow_ups_enabled": B, "follow_up_intervals": arr(I),
                                "model_provider": nullable("string", description="null: the installation's provider"),
                                "model": nullable("string", description="null: the installation's model"),
                                "prompt_overrides": {"type": "object", "additionalProperties": S,
                                                     "description": "every override; a prompt left out goes back to its file"}},
                                extra={"description": "each field given replaces its value, each field left out keeps it"})})),
                  description="Takes effect at once in this process and within 5 seconds in the others. Every problem is a 400 naming its field "
                              "(«settings.working_hours.monday: closes before it opens»).")},
    "/api/v1/tokens": {
        "get": op("The tenant's API tokens", "admin", {**ok("Tokens"), **errors("400")}),
        "post": op("Make an API token", "admin", {**ok("TokenIssued", "201", "made; the token is shown only now"), **errors("400", "413")}, [],
                   body(obj({"name": text(100, "stored without the spaces around it"),
                             "role": {"type": "string", "enum": ["viewer", "operator", "admin"]}}, ["name", "role"])))},
    "/api/v1/tokens/{id}": {"delete": op("Revoke an API token", "admin", {"204": {"description": "revoked"}, **errors("400", "404")},
                                         [{"name": "id", "in": "path", "required": True, "schema": {"type": "integer", "minimum": 1, "maximum": 9223372036854775807}}])},
    "/api/v1/installation/businesses": {
        "get": op("Every business (the installation's owner)", "owner", {**ok("Businesses"), **errors("400")}, description=OWNER_ONLY),
        "post": op("Create a business (the installation's owner)", "owner",
                   {**ok("Business", "201", "created"), **errors("400", "409", "413")}, [],
                   body(obj({"id": BUSINESS_ID, "name": text(100, "stored without the spaces around it"),
                             "time_zone": {"type": "string", "description": "IANA time zone (Asia/Almaty)"}}, ["id", "name", "time_zone"])),
                   description=OWNER_ONLY)},
    "/api/v1/installation/businesses/{business}": {
        "delete": op("Delete a business and all its data (the installation's owner)", "owner", {**ok("BusinessRemoved"), **errors("400", "404", "409")},
                     BUSINESS_PARAM + [{"name": "confirm", "in": "query", "required": True,
                                        "schema": {"type": "string", "maxLength": 100, "description": "the business's id, typed again"}}],
                     description=OWNER_ONLY + " The default business is never deleted (409).")},
    "/api/v1/installation/businesses/{business}/suspend": {
        "post": op("Suspend a business (the installation's owner)", "owner", {**ok("Business"), **errors("400", "404", "409")}, BUSINESS_PARAM,
                   description=OWNER_ONLY + " Its people cannot sign in, its sessions end, its tokens get 403, its channels stop and "
                               "its inbound messages are refused.")},
    "/api/v1/installation/businesses/{business}/resume": {
        "post": op("Resume a suspended business (the installation's owner)", "owner", {**ok("Business"), **errors("400", "404")}, BUSINESS_PARAM,
                   description=OWNER_ONLY)},
    "/api/v1/installation/businesses/{business}/invites": {
        "post": op("Invite a person to a business (the installation's owner)", "owner",
                   {**ok("Invite", "201", "made; the link is shown only now"), **errors("400", "404", "409", "413")}, BUSINESS_PARAM, INVITE_BODY,
                   description=OWNER_ONLY + " The role is admin unless given.")},
    "/api/v1/invites": {
        "post": op("Invite a person to the caller's business", "admin",
                   {**ok("Invite", "201", "made; the link is shown only now"), **errors("400", "409", "413")}, [], INVITE_BODY,
                   description="The role is operator unless given. The invitee opens the link, sets a name and a password and joins.")},
    "/api/v1/export": {"get": op("Export everything of the caller's business as JSON", "admin", {**ok("BusinessExport"), **errors("400")},
                                 description="Every row of the business in every table, as a download (Content-Disposition: attachment).")},
}

document = {
    "openapi": "3.1.0",
    "info": {"title": "Sauda admin API", "version": "1",
             "description": "What an operator of a business sees and steers: contacts and conversations, takeover, leads, follow-ups, "
                            "calls, the message log, the whitelist, the knowledge base, the business's settings, channel connections and tokens. Every endpoint needs "
                            "`Authorization: Bearer <token>`; a token belongs to one tenant and opens only its data. Errors are "
                            "`{\"error\": {\"status\": …, \"reason\": \"…\"}}`. Times are ISO 8601."},
    "servers": [{"url": "/"}],
    "components": {"securitySchemes": {"bearer": {"type": "http", "scheme": "bearer",
                                                   "description": "sda_… tokens from `sauda token create` or POST /api/v1/tokens"}},
                   "schemas": schemas},
    "paths": paths,
}

target = os.path.join(os.path.dirname(__file__), "..", "Sources", "SaudaServer", "Public", "openapi.json")
with open(target, "w") as f:
    json.dump(document, f, indent=2, ensure_ascii=False, sort_keys=False)
    f.write("\n")
print(f"wrote {os.path.normpath(target)}: {sum(len(v) for v in paths.values())} operations")
