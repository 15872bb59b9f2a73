"""Words of the web app's frame (doors/web): the menu, log-in, refusals, jobs, users and settings.

Each page's own words live beside these under ``web.<page>.*`` (messages/web_*.py)."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "web.title": {"en": "Stock Pilot", "zh-HK": "Stock Pilot 智能補貨"},
    "web.menu.data": {"en": "Data", "zh-HK": "資料"},
    "web.menu.orders": {"en": "Orders", "zh-HK": "訂貨"},
    "web.menu.evidence": {"en": "Evidence", "zh-HK": "成效證據"},
    "web.menu.settings": {"en": "Settings", "zh-HK": "設定"},
    "web.menu.users": {"en": "Users", "zh-HK": "用戶"},
    "web.menu.label": {"en": "Main menu", "zh-HK": "主選單"},
    "web.language.en": {"en": "English", "zh-HK": "English"},
    "web.language.zh-HK": {"en": "繁體中文", "zh-HK": "繁體中文"},
    "web.language.switch": {"en": "Language", "zh-HK": "語言"},
    "web.logged_in_as": {"en": "{name} ({role})", "zh-HK": "{name}（{role}）"},
    "web.logout": {"en": "Log out", "zh-HK": "登出"},
    "web.demo_mode": {
        "en": "Demonstration: made-up shop data and demo log-ins",
        "zh-HK": "示範模式：虛構的商店資料及示範登入",
    },
    "web.role.owner": {"en": "owner", "zh-HK": "東主"},
    "web.role.buyer": {"en": "buyer", "zh-HK": "採購員"},
    "web.role.finance": {"en": "finance", "zh-HK": "財務"},
    "web.role.employee_rep": {"en": "employee representative", "zh-HK": "員工代表"},
    "web.role.vendor": {"en": "vendor", "zh-HK": "系統供應商"},
    "web.role.verifier": {"en": "verifier", "zh-HK": "核證人"},
    # -- log-in --
    "web.login.title": {"en": "Log in", "zh-HK": "登入"},
    "web.login.name": {"en": "User name", "zh-HK": "用戶名稱"},
    "web.login.password": {"en": "Password", "zh-HK": "密碼"},
    "web.login.submit": {"en": "Log in", "zh-HK": "登入"},
    "web.login.failed": {
        "en": "That user name and password do not match.",
        "zh-HK": "用戶名稱與密碼不符。",
    },
    "web.login.wait": {
        "en": "Too many failed tries: wait {seconds} seconds, then try again.",
        "zh-HK": "失敗次數太多：請等 {seconds} 秒後再試。",
    },
    # -- refusals of the web door --
    "refusal.login_needed": {"en": "log in first", "zh-HK": "請先登入"},
    "refusal.forbidden": {
        "en": "your role may not do this ({action})",
        "zh-HK": "你的角色不可進行這項操作（{action}）",
    },
    "refusal.csrf": {
        "en": "this form is out of date or did not come from this site: reload the page and try again",
        "zh-HK": "這份表格已過期或並非來自本網站：請重新載入頁面再試",
    },
    "refusal.request_too_large": {
        "en": "the request is larger than {limit} bytes: send less at a time",
        "zh-HK": "請求大於 {limit} 位元組：請分批傳送",
    },
    "web.refused.title": {"en": "Not done", "zh-HK": "未能執行"},
    "web.refused.back": {"en": "Back to the start", "zh-HK": "返回首頁"},
    # -- background jobs --
    "web.job.crashed": {
        "en": "the job stopped on an error in Stock Pilot: {error}",
        "zh-HK": "工作因 Stock Pilot 的錯誤而停止：{error}",
    },
    "web.job.running": {"en": "Running: {step}", "zh-HK": "進行中：{step}"},
    "web.job.starting": {"en": "starting", "zh-HK": "開始"},
    "web.job.done": {"en": "Done: {result}", "zh-HK": "完成：{result}"},
    "web.job.failed": {"en": "Not done: {error}", "zh-HK": "未能完成：{error}"},
    # -- settings --
    "web.settings.title": {"en": "Settings in force", "zh-HK": "現行設定"},
    "web.settings.intro": {
        "en": "Read-only here. Change a setting in stockpilot.toml or with a STOCKPILOT_ variable, then restart.",
        "zh-HK": "此頁只供閱覽。如要更改，請修改 stockpilot.toml 或設定 STOCKPILOT_ 環境變數，然後重新啟動。",
    },
    "web.settings.name": {"en": "Setting", "zh-HK": "設定"},
    "web.settings.value": {"en": "Value", "zh-HK": "數值"},
    "web.settings.help": {"en": "What it does", "zh-HK": "用途"},
    "web.settings.source": {"en": "Requirement", "zh-HK": "需求"},
    # -- users and integration tokens --
    "web.users.title": {"en": "Users", "zh-HK": "用戶"},
    "web.users.name": {"en": "Name", "zh-HK": "名稱"},
    "web.users.role": {"en": "Role", "zh-HK": "角色"},
    "web.users.language": {"en": "Language", "zh-HK": "語言"},
    "web.users.since": {"en": "Since", "zh-HK": "建立時間"},
    "web.users.add": {"en": "Add a user", "zh-HK": "新增用戶"},
    "web.users.password": {"en": "Password (at least 10 characters)", "zh-HK": "密碼（最少 10 個字元）"},
    "web.users.added": {"en": "User {name} added as {role}.", "zh-HK": "已新增用戶 {name}，角色為{role}。"},
    "web.tokens.title": {"en": "Integration tokens (POS API)", "zh-HK": "整合權杖（POS API）"},
    "web.tokens.name": {"en": "Integration", "zh-HK": "整合名稱"},
    "web.tokens.issue": {"en": "Issue a token", "zh-HK": "發出權杖"},
    "web.tokens.revoke": {"en": "Revoke", "zh-HK": "撤銷"},
    "web.tokens.revoked": {"en": "revoked {at}", "zh-HK": "已於 {at} 撤銷"},
    "web.tokens.live": {"en": "in use", "zh-HK": "使用中"},
    "web.tokens.secret": {
        "en": "The token of {name}, shown only now: {secret}",
        "zh-HK": "{name} 的權杖只會顯示這一次：{secret}",
    },
    "web.access.title": {"en": "Access log (newest first)", "zh-HK": "存取紀錄（最新在前）"},
    "web.access.at": {"en": "When", "zh-HK": "時間"},
    "web.access.who": {"en": "Who", "zh-HK": "用戶"},
    "web.access.event": {"en": "What", "zh-HK": "事項"},
    "web.access.detail": {"en": "Detail", "zh-HK": "詳情"},
    "web.access.login": {"en": "logged in", "zh-HK": "登入"},
    "web.access.login_failed": {"en": "failed log-in", "zh-HK": "登入失敗"},
    "web.access.login_throttled": {"en": "log-in made to wait", "zh-HK": "登入須等候"},
    "web.access.refused": {"en": "refused", "zh-HK": "被拒"},
    "web.access.user_added": {"en": "user added", "zh-HK": "新增用戶"},
    "web.access.token_issued": {"en": "token issued", "zh-HK": "發出權杖"},
    "web.access.token_revoked": {"en": "token revoked", "zh-HK": "撤銷權杖"},
}
