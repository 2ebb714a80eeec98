"""User-facing words of the CLI, in Chinese and English. Code and logic live elsewhere."""

from __future__ import annotations

import os

__all__ = ["COLUMNS", "default_lang", "t"]

_MESSAGES: dict[str, tuple[str, str]] = {
    "error": ("错误", "error"),
    "line": ("第{n}行", "line {n}"),
    "row": ("{file} 第{n}行", "{file} row {n}"),
    "column": ("“{col}”列", "column {col!r}"),
    "empty_value": ("{what}为空", "{what} is empty"),
    "empty_row": ("空行", "empty row"),
    "no_column": (
        "{file} 中没有“{col}”列；现有列：{have}",
        "{file} has no column {col!r}; columns are: {have}",
    ),
    "title_row_hint": (
        "。第一行像是标题：用 --header-row 指出列名所在的行（例如 --header-row 2）",
        "; the first row looks like a title: give the row of the column names with "
        "--header-row (e.g. --header-row 2)",
    ),
    "bad_pause": (
        "无法识别的中止期间“{value}”，请写成 2024-03-01..2024-03-08",
        "cannot read pause {value!r}; write 2024-03-01..2024-03-08",
    ),
    "bad_int": ("“{value}”不是整数", "{value!r} is not a whole number"),
    "bad_channel": (
        "无法识别的申请方式“{value}”，请写成 当面、邮寄、网上、传真 或 电子邮件",
        "cannot read channel {value!r}; write in_person, mail, online, fax or email",
    ),
    "provisional": ("临时", "provisional"),
    "provisional_note": (
        "注意：部分结果使用了未加载节假日安排的年份（按周一至周五推定），已标记为临时结果。",
        "note: some results used years whose holiday arrangement is not loaded (Monday-Friday "
        "assumed) and are marked provisional.",
    ),
    "summary": (
        "共{rows}行：按期{on_time}，逾期{late}，未到期{pending}，超期未办结{overdue}，"
        "期限不足{too_short}，事实有误{invalid}，错误{errors}（日历版本 {calendar}）",
        "{rows} rows: {on_time} on time, {late} late, {pending} pending, {overdue} overdue, "
        "{too_short} too short, {invalid} invalid, {errors} errors (calendar {calendar})",
    ),
    "progress": ("已处理{n:,}行", "{n:,} rows processed"),
    "written": ("已写入 {path}", "written to {path}"),
    "legend": (
        "图例：[10] 法定节假日  (18) 调休上班日  其余为工作日或周末",
        "legend: [10] statutory holiday (法定节假日)  (18) make-up workday (调休上班日)",
    ),
    "due": ("截止日期", "due"),
    "status": ("状态", "status"),
    "verdict": ("结论", "verdict"),
    "workdays_late": ("逾期工作日", "workdays late"),
    "days_late": ("逾期自然日", "days late"),
    "workdays_left": ("剩余工作日", "workdays left"),
    "violations": ("问题", "violations"),
    "warnings": ("提示", "warnings"),
    "reason": ("原因", "reason"),
    "citation": ("依据", "citation"),
    "in_force": ("施行", "in force"),
    "quote": ("原文", "text"),
    "interrupted": ("已中断，未写入输出文件", "interrupted; no output file was written"),
    # check: registers as offices keep them
    "bad_extension": (
        "无法识别的延长期限“{value}”：请写成不小于0的整数（如 20）或带单位的期间（如 20个工作日）",
        "cannot read extension {value!r}: write a whole number, 0 or more (e.g. 20), or a "
        "period with its unit (e.g. 20个工作日 or 20wd)",
    ),
    "formula_cell": (
        "{what}是没有保存计算结果的公式（{formula}）："
        "请用 Excel/WPS 打开并保存该文件，或导出为 CSV",
        "{what} is a formula without a saved value ({formula}): open and save the file in "
        "Excel/WPS, or export CSV",
    ),
    "row_failed": (
        "无法计算此行（{error}）：请检查该行各单元格",
        "cannot evaluate this row ({error}); check its cells",
    ),
    "same_file": (
        "输出文件 {output} 就是台账 {register} 本身，写入会覆盖原台账：请用 -o 指定另一个文件名",
        "output {output} is the register {register} itself and would replace it: give -o "
        "another file name",
    ),
    "ambiguous_column": (
        "{file} 中有{n}个“{col}”列（第{positions}列），无法确定用哪一列：请在台账中改名使列名唯一",
        "{file} has {n} columns named {col!r} (columns {positions}); cannot tell which is "
        "meant: rename them in the register so that the name is unique",
    ),
    "skipped": ("跳过", "skipped"),
    "skipped_note": (
        "跳过{n}行（空行或合计、小计、备注等表尾行），原样保留在输出中，状态为 skipped",
        "{n} rows skipped (blank, or footers such as 合计, 小计, 备注), copied to the output "
        "with status skipped",
    ),
    "merged_note": (
        "提示：{cols}取自合并单元格 {ref} 的值",
        "note: {cols} read from merged cell {ref}",
    ),
    "xlsx_chars_note": (
        "提示：{cols}含 XLSX 无法保存的字符，输出中已替换为 U+FFFD（原台账未改动）",
        "note: {cols} held characters XLSX cannot store, replaced by U+FFFD in this output "
        "(the register is unchanged)",
    ),
    "xlsx_chars_summary": (
        "注意：{n}行含 XLSX 无法保存的字符，输出中已替换为 U+FFFD（见说明列）",
        "note: {n} rows held characters XLSX cannot store, replaced by U+FFFD in the output "
        "(see the explanation column)",
    ),
    # never crash, never destroy (issue 9 A)
    "out_of_range": (
        "结果超出可表示的日期范围（0001-01-01 至 9999-12-31）：请减少期限或换一个更近的起算日",
        "the result falls outside the dates that can be represented (0001-01-01 to "
        "9999-12-31): count fewer days, or from a nearer date",
    ),
    "bad_year": (
        "年份须在 1 至 9999 之间，收到“{value}”",
        "the year must be between 1 and 9999, got {value!r}",
    ),
    "too_deep": (
        "{what}：嵌套层数过多，不是有效的数据文件",
        "{what}: nested too deeply to be a data file",
    ),
    "internal_error": (
        "内部错误（{kind}：{detail}）。这是程序缺陷，请附上所用命令报告问题；"
        "设置环境变量 GOV_DEADLINES_DEBUG=1 可显示详细信息",
        "internal error ({kind}: {detail}). This is a bug: please report it with the command "
        "you ran; set GOV_DEADLINES_DEBUG=1 to see the details",
    ),
    "terminated": ("已终止，未写入输出文件", "terminated; no output file was written"),
}

#: The appended columns of a batch check, English and Chinese; spreadsheet formulas refer to them.
#: ``calendar`` (日历版本) holds the calendar fingerprint, so a report can be reproduced.
COLUMNS: dict[str, tuple[str, ...]] = {
    "en": (
        "due",
        "status",
        "verdict",
        "workdays_late",
        "days_late",
        "workdays_left",
        "provisional",
        "rule",
        "citation",
        "explanation",
        "error",
        "calendar",
    ),
    "zh": (
        "截止日期",
        "状态",
        "结论",
        "逾期工作日",
        "逾期自然日",
        "剩余工作日",
        "临时数据",
        "规则",
        "依据",
        "说明",
        "错误",
        "日历版本",
    ),
}


def t(key: str, lang: str, **params: object) -> str:
    """The message ``key`` in ``lang`` with ``params`` filled in.

    >>> t("bad_int", "en", value="x")
    "'x' is not a whole number"
    """
    zh, en = _MESSAGES[key]
    return (zh if lang == "zh" else en).format(**params)


def default_lang(environ: os._Environ[str] | dict[str, str] | None = None) -> str:
    """``"zh"`` when the locale variables say Chinese (LC_ALL, LC_MESSAGES, LANG), else ``"en"``.

    >>> default_lang({"LANG": "zh_CN.UTF-8"})
    'zh'
    """
    env = os.environ if environ is None else environ
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name)
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"
