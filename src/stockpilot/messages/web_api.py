"""Words of the POS API (doors/web/routes/pos_api.py, services/pos.py): its refusals and notes.

An API error answers ``{"code": ..., "error": ...}``: the code is stable (docs/pos-api.md), the
words are English unless the request asks for Chinese (``Accept-Language: zh-HK``)."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "refusal.api_token_missing": {
        "en": "no API token: send the header `Authorization: Bearer <token>` "
        "(an owner issues one with `stockpilot users token NAME --role buyer`)",
        "zh-HK": "沒有 API 權杖：請傳送標頭 `Authorization: Bearer <token>`"
        "（東主可用 `stockpilot users token NAME --role buyer` 發出權杖）",
    },
    "refusal.api_token_unknown": {
        "en": "this API token is not valid: it is unknown or was revoked; ask the owner for a new one",
        "zh-HK": "這個 API 權杖無效：權杖不存在或已撤銷；請向東主索取新權杖",
    },
    "refusal.api_kind_unknown": {
        "en": "there is no event kind {kind!r}: use one of {kinds}",
        "zh-HK": "沒有 {kind!r} 這類事件：請使用 {kinds} 其中之一",
    },
    "refusal.api_too_many_events": {
        "en": "the batch holds {count} events, more than the {limit} allowed: send at most {limit} at a time; "
        "nothing was stored",
        "zh-HK": "這批有 {count} 項事件，多於上限 {limit} 項：每次最多傳送 {limit} 項；沒有儲存任何資料",
    },
    "refusal.api_json": {
        "en": "the body is not valid JSON ({detail}); nothing was stored",
        "zh-HK": "內容不是有效的 JSON（{detail}）；沒有儲存任何資料",
    },
    "refusal.api_body": {
        "en": 'the body must be one JSON object such as {{"batch_id": "B1", "events": [{{...}}]}}; nothing was stored',
        "zh-HK": '內容必須是一個 JSON 物件，例如 {{"batch_id": "B1", "events": [{{...}}]}}；沒有儲存任何資料',
    },
    "refusal.api_unreadable": {
        "en": "the body could not be read whole: send the batch again; nothing was stored",
        "zh-HK": "未能完整讀取內容：請再傳送這批資料；沒有儲存任何資料",
    },
    "refusal.api_content_type": {
        "en": "send the body as JSON, with the header `Content-Type: application/json`; nothing was stored",
        "zh-HK": "請以 JSON 傳送內容，並附上標頭 `Content-Type: application/json`；沒有儲存任何資料",
    },
    "refusal.api_body_field": {
        "en": "the body has an unknown field {name!r}: a batch holds only `batch_id` and `events`; nothing was stored",
        "zh-HK": "內容有不明欄位 {name!r}：一批資料只可包含 `batch_id` 及 `events`；沒有儲存任何資料",
    },
    "refusal.api_events_missing": {
        "en": "the body has no `events`: send the events as a list of objects; nothing was stored",
        "zh-HK": "內容沒有 `events`：請以物件清單傳送事件；沒有儲存任何資料",
    },
    "refusal.api_events_not_list": {
        "en": "`events` must be a list of objects, not {kind}; nothing was stored",
        "zh-HK": "`events` 必須是物件清單，而不是 {kind}；沒有儲存任何資料",
    },
    "refusal.api_event_not_object": {
        "en": "event {row} of `events` is {kind}, not a JSON object; nothing was stored",
        "zh-HK": "`events` 的第 {row} 項是 {kind}，不是 JSON 物件；沒有儲存任何資料",
    },
    "refusal.api_batch_id": {
        "en": "`batch_id` must be text of at most {limit} characters; nothing was stored",
        "zh-HK": "`batch_id` 必須是最多 {limit} 個字元的文字；沒有儲存任何資料",
    },
    "refusal.api_invalid": {
        "en": "the request is not valid at {where}: {detail}",
        "zh-HK": "請求在 {where} 無效：{detail}",
    },
    "refusal.api_store_unknown": {
        "en": "there is no store or warehouse {location_id!r}: import it in locations first",
        "zh-HK": "沒有分店或倉庫 {location_id!r}：請先匯入地點資料",
    },
    "api.quarantined_before": {
        "en": "{count} more rows were quarantined as before: their problems are still open in the quarantine "
        "from an earlier import",
        "zh-HK": "另有 {count} 行一如之前被隔離：其問題仍在較早一次匯入的隔離紀錄中，尚未解決",
    },
    "api.kind.object": {"en": "an object", "zh-HK": "物件"},
    "api.kind.list": {"en": "a list", "zh-HK": "清單"},
    "api.kind.text": {"en": "text", "zh-HK": "文字"},
    "api.kind.number": {"en": "a number", "zh-HK": "數字"},
    "api.kind.boolean": {"en": "true or false", "zh-HK": "真假值"},
    "api.kind.null": {"en": "null", "zh-HK": "空值（null）"},
}
