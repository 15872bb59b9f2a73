"""Words of log-in, users and integration tokens (services/access.py, doors/web)."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "refusal.password_short": {
        "en": "the password is too short: use at least {minimum} characters",
        "zh-HK": "密碼太短：最少要有 {minimum} 個字元",
    },
    "refusal.password_is_name": {
        "en": "the password must not be the user name",
        "zh-HK": "密碼不可與用戶名稱相同",
    },
    "refusal.user_name": {
        "en": "user name {name!r} is not allowed: 1 to 64 printable characters",
        "zh-HK": "用戶名稱 {name!r} 不獲接受：須為 1 至 64 個可列印字元",
    },
    "refusal.role_unknown": {
        "en": "unknown role {role!r}: use one of {roles}",
        "zh-HK": "未知的角色 {role!r}：請使用 {roles} 其中之一",
    },
    "refusal.language_unknown": {
        "en": "unknown language {language!r}: use en or zh-HK",
        "zh-HK": "未知的語言 {language!r}：請使用 en 或 zh-HK",
    },
    "refusal.user_exists": {"en": "user {name} exists already", "zh-HK": "用戶 {name} 已經存在"},
    "refusal.token_unknown": {
        "en": "no live integration token {token_id}",
        "zh-HK": "沒有仍然有效的第 {token_id} 號整合權杖",
    },
    "refusal.web_secret": {
        "en": "the server needs a secret to sign log-in cookies: put at least 32 random characters in the file "
        "of the setting web_secret_file (or STOCKPILOT_WEB_SECRET), not {why}; `stockpilot serve --demo` makes "
        "one for a demonstration",
        "zh-HK": "伺服器需要密鑰簽署登入 cookie：請在設定 web_secret_file 所指的檔案（或 STOCKPILOT_WEB_SECRET）"
        "放入最少 32 個隨機字元，不可是{why}；示範可用 `stockpilot serve --demo` 自動產生",
    },
    "refusal.web_secret.empty": {"en": "empty", "zh-HK": "空白"},
    "refusal.web_secret.short": {"en": "shorter than 32 characters", "zh-HK": "少於 32 個字元"},
    "refusal.web_secret.default": {"en": "a known default", "zh-HK": "眾所周知的預設值"},
    "refusal.password_mismatch": {
        "en": "the two passwords differ",
        "zh-HK": "兩次輸入的密碼不同",
    },
    "refusal.password_needed": {
        "en": "no password: give --password-file FILE, or run this at a terminal to be asked",
        "zh-HK": "沒有密碼：請提供 --password-file 檔案，或在終端機執行以輸入密碼",
    },
    "token_revoked": {
        "en": "integration token {token_id} revoked: it is refused from now on",
        "zh-HK": "已撤銷第 {token_id} 號整合權杖：此後一律拒絕",
    },
    "password_prompt": {"en": "Password", "zh-HK": "密碼"},
    "password_again": {"en": "The same password again", "zh-HK": "再輸入一次密碼"},
    "serve_address": {"en": "Stock Pilot web app: {url}", "zh-HK": "Stock Pilot 網頁版：{url}"},
    "serve_login": {
        "en": "  log in as {name} ({role}) with password {password}",
        "zh-HK": "  以 {name}（{role}）登入，密碼 {password}",
    },
    "serve_checked": {
        "en": "checked {url}: {pages} answered; stopped",
        "zh-HK": "已檢查 {url}：{pages} 均有回應；已停止",
    },
}
