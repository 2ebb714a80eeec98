"""The channel of a request (条例 Art. 31) through the real CLI: ``due --channel`` and
``check --channel-col``. Expected dates are counted by hand in the comments."""

from __future__ import annotations

from .conftest import parse_csv_text, write_csv

# A request that came on Saturday 2024-02-10 (春节 break 2/10-2/17; Sunday 2/18 a make-up day).
# Kept as the receipt day (in person, mail): 2/18(1) 2/19-23(2-6) 2/26-3/1(7-11) 3/4-8(12-16)
# 3/11-14(17-20) -> 2024-03-14. Deemed the next working day 2/18 (online, fax, e-mail, unknown):
# 2/19-23(1-5) 2/26-3/1(6-10) 3/4-8(11-15) 3/11-15(16-20) -> 2024-03-15.
KEPT, DEEMED = "2024-03-14", "2024-03-15"


def test_due_channel_mail_keeps_the_day_off(cli):
    """By mail the day the agency signed for it is the receipt day, even on a day off."""
    r = cli("due", "ogi.request.reply", "2024-02-10", "--channel", "邮寄")
    assert r.returncode == 0, r.stderr
    assert r.lines[0] == KEPT


def test_due_channel_online_deems_the_next_working_day(cli):
    """Online, receipt is confirmed on the next working day."""
    r = cli("due", "ogi.request.reply", "2024-02-10", "--channel", "online")
    assert r.returncode == 0, r.stderr
    assert r.lines[0] == DEEMED


def test_due_unknown_channel_warns_when_the_verdict_hinges_on_it(cli):
    """Done on 3/15 with no channel: on time as deemed, late if the Saturday was the receipt
    day; the output says so."""
    r = cli("due", "ogi.request.reply", "2024-02-10", "--done", DEEMED, "--lang", "en")
    assert r.returncode == 0, r.stderr
    assert r.lines[1].startswith("status: on_time")
    assert any("channel of the request is not known" in line for line in r.lines)


def test_due_bad_channel_is_a_usage_error(cli):
    """A channel the tool cannot read is refused with exit 2 and a message, no traceback."""
    r = cli("due", "ogi.request.reply", "2024-02-10", "--channel", "飞鸽传书")
    assert r.returncode == 2
    assert "飞鸽传书" in r.stderr and "Traceback" not in r.stderr


def test_check_channel_column(cli, tmp_path):
    """Each row's channel decides its receipt day; a blank cell is unknown; a bad one is that
    row's error, and every row comes out in order."""
    register = write_csv(
        tmp_path / "台账.csv",
        [
            ["编号", "收到申请日期", "提交方式"],
            ["1", "2024-02-10", "当面"],
            ["2", "2024-02-10", "网上申请"],
            ["3", "2024-02-10", ""],
            ["4", "2024-02-10", "信鸽"],
        ],
    )
    r = cli(
        "check", str(register), "--rule", "ogi.request.reply", "--trigger-col", "收到申请日期",
        "--channel-col", "提交方式", "--lang", "en",
    )  # fmt: skip
    assert r.returncode == 1, r.stderr  # one row failed
    rows = parse_csv_text(r.stdout)
    header, body = rows[0], rows[1:]
    due, error = header.index("due"), header.index("error")
    assert [row[0] for row in body] == ["1", "2", "3", "4"]
    assert [row[due] for row in body[:3]] == [KEPT, DEEMED, DEEMED]
    assert body[3][due] == "" and "信鸽" in body[3][error]
