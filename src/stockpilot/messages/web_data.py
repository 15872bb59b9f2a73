"""Words of the web app's Data page (doors/web/routes/data.py, templates/data.html): the upload,
the latest imports, the open quarantined rows and the readiness verdict per location.

The import's own notes, the quarantine reasons and the readiness findings are the command line's
words (messages/cli.py, problems.py, readiness.py), so the page and ``stockpilot`` say the same."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "web.data.title": {"en": "Data", "zh-HK": "資料"},
    "web.data.intro": {
        "en": "Every row a file brings is either accepted or quarantined with its reasons, never lost: "
        "received = accepted + quarantined.",
        "zh-HK": "檔案的每一行不是被接納，就是連同原因被隔離，絕不遺失：收到 = 接納 + 隔離。",
    },
    # -- the upload --
    "web.data.upload.title": {"en": "Import a file", "zh-HK": "匯入檔案"},
    "web.data.upload.file": {"en": "File", "zh-HK": "檔案"},
    "web.data.upload.types": {
        "en": "CSV, TXT or TSV, Excel (.xlsx), Parquet or JSON Lines, up to {limit:,} bytes. Name a file "
        "after what it holds (such as {example}) so that it is recognised.",
        "zh-HK": "CSV、TXT 或 TSV、Excel（.xlsx）、Parquet 或 JSON Lines 檔案，最大 {limit:,} 位元組。"
        "請按內容為檔案命名（例如 {example}），以便識別。",
    },
    "web.data.upload.encoding": {"en": "Text encoding", "zh-HK": "文字編碼"},
    "web.data.encoding.detected": {"en": "Detect (UTF-8 or Big5)", "zh-HK": "自動偵測（UTF-8 或 Big5）"},
    "web.data.encoding.utf-8": {"en": "UTF-8", "zh-HK": "UTF-8"},
    "web.data.encoding.big5": {"en": "Big5 (Traditional Chinese)", "zh-HK": "Big5（大五碼）"},
    "web.data.upload.submit": {"en": "Import", "zh-HK": "匯入"},
    "web.data.upload.not_allowed": {
        "en": "Your role may look at the data here but not import files.",
        "zh-HK": "你的角色可在此查看資料，但不可匯入檔案。",
    },
    "web.data.unknown_type": {
        "en": "{name}: a file of type '{suffix}' cannot be imported; send one of {types}",
        "zh-HK": "{name}：不能匯入「{suffix}」類型的檔案；請使用以下其中一種：{types}",
    },
    "web.data.no_file": {"en": "Choose a file to import first.", "zh-HK": "請先選擇要匯入的檔案。"},
    "web.data.refused": {
        "en": "{name} was not imported, nothing of it was stored: {error}",
        "zh-HK": "{name} 未有匯入，當中資料一概沒有儲存：{error}",
    },
    # -- the result of one upload --
    "web.data.result.title": {"en": "{name}: what the import did", "zh-HK": "{name}：匯入結果"},
    "web.data.received": {"en": "Received", "zh-HK": "收到"},
    "web.data.accepted": {"en": "Accepted", "zh-HK": "接納"},
    "web.data.quarantined": {"en": "Quarantined", "zh-HK": "隔離"},
    "web.data.result.read_as": {
        "en": "read as {format}, encoding {encoding}",
        "zh-HK": "以 {format} 格式讀取，編碼為 {encoding}",
    },
    "web.data.result.all_accepted": {"en": "Every row was accepted.", "zh-HK": "每一行都已接納。"},
    "web.data.result.rows": {
        "en": "The rows of this file now in quarantine:",
        "zh-HK": "此檔案現已被隔離的資料行：",
    },
    "web.data.result.already_open": {
        "en": "{count} more rows have a problem an earlier import already quarantined; they stay listed "
        "below under that import.",
        "zh-HK": "另有 {count} 行的問題早前匯入時已被隔離，仍在下方該次匯入之下列出。",
    },
    # -- the latest imports --
    "web.data.imports.title": {"en": "Latest imports", "zh-HK": "最近的匯入"},
    "web.data.imports.caption": {
        "en": "The {count} latest imports; for each, received = accepted + quarantined.",
        "zh-HK": "最近 {count} 次匯入；每次均為收到 = 接納 + 隔離。",
    },
    "web.data.imports.none": {"en": "Nothing has been imported yet.", "zh-HK": "尚未匯入任何資料。"},
    "web.data.imports.id": {"en": "Import", "zh-HK": "匯入編號"},
    "web.data.imports.file": {"en": "File", "zh-HK": "檔案"},
    "web.data.imports.profile": {"en": "Profile", "zh-HK": "匯入設定"},
    "web.data.imports.started": {"en": "Started", "zh-HK": "開始時間"},
    # -- the open quarantined rows --
    "web.data.quarantine.title": {"en": "Quarantined rows to fix", "zh-HK": "待修正的隔離資料"},
    "web.data.quarantine.count": {
        "en": "{shown} of {total} open rows shown, newest import first.",
        "zh-HK": "共 {total} 行未修正，顯示其中 {shown} 行，最新的匯入先列。",
    },
    "web.data.quarantine.fix": {
        "en": "To fix them, download a file's rows, correct them and import the file again: each row "
        "accepted then closes its problem. The columns added to the download are ignored:",
        "zh-HK": "修正方法：下載檔案被隔離的資料行，改正後再匯入該檔案；每行一經接納，其問題即告解決。"
        "下載檔案新增的欄位會被略過：",
    },
    "web.data.quarantine.download": {
        "en": "Download the {count} rows of {name} to fix (import {import_id}, CSV)",
        "zh-HK": "下載 {name} 的 {count} 行以作修正（第 {import_id} 次匯入，CSV）",
    },
    "web.data.quarantine.hidden": {
        "en": "The rows' content may hold personal data and is hidden for the role {role}; their reasons are shown.",
        "zh-HK": "資料行的內容可能包含個人資料，{role}角色不可查看；下面只列出原因。",
    },
    "web.data.quarantine.import": {"en": "Import", "zh-HK": "匯入編號"},
    "web.data.quarantine.file": {"en": "File", "zh-HK": "檔案"},
    "web.data.quarantine.row": {"en": "Row", "zh-HK": "行"},
    "web.data.quarantine.table": {"en": "Table", "zh-HK": "資料表"},
    "web.data.quarantine.reason": {"en": "Reason", "zh-HK": "原因"},
    "web.data.quarantine.content": {"en": "Content as received", "zh-HK": "收到的內容"},
    "web.data.nothing_to_fix": {
        "en": "import {import_id} has no open quarantined rows to fix",
        "zh-HK": "第 {import_id} 次匯入沒有待修正的隔離資料",
    },
    # -- readiness --
    "web.data.readiness.title": {"en": "Is the data ready?", "zh-HK": "資料是否已準備好？"},
    "web.data.readiness.reasons": {"en": "Why:", "zh-HK": "原因："},
    "web.data.readiness.scope": {"en": "Checked", "zh-HK": "檢查範圍"},
    "web.data.readiness.outcome": {"en": "Outcome", "zh-HK": "結果"},
    "web.data.readiness.findings": {"en": "What was found", "zh-HK": "檢查所得"},
    "web.data.scope.overall": {"en": "All the data", "zh-HK": "全部資料"},
    "web.data.scope.table": {"en": "Table {table}", "zh-HK": "資料表：{table:term}"},
    "web.data.scope.location": {"en": "Location {location}", "zh-HK": "地點 {location}"},
    "web.data.table": {"en": "{table}", "zh-HK": "{table:term}"},
}
