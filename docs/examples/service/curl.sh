#!/bin/sh
# gov-deadlines serve from the shell: the everyday requests, with curl.
# 用 curl 调用 gov-deadlines 服务的常用请求。
#
#     sh curl.sh http://127.0.0.1:8000
#
# Every answer is one line of JSON; errors are application/problem+json, and -f makes curl
# exit non-zero on them (22), so a script notices. 出错时 curl -f 以非零状态退出。
set -eu
BASE=${1:-http://127.0.0.1:8000}

# What is 2024-02-18? (a make-up workday, 调休上班日, of the Spring Festival)
curl -fsS "$BASE/v1/days/2024-02-18"; echo

# The 20th working day after 2024-02-08
curl -fsS "$BASE/v1/add?date=2024-02-08&n=20"; echo

# A period written in Chinese must be percent-encoded: let curl do it (-G --data-urlencode)
curl -fsS -G "$BASE/v1/add" --data-urlencode "date=2024年2月8日" --data-urlencode "period=1个月"; echo

# Working days in (start, end]
curl -fsS "$BASE/v1/between?start=2024-02-08&end=2024-03-13"; echo

# One case: the verdict, with the explanation in English
curl -fsS "$BASE/v1/check?explain=true&lang=en" -H 'Content-Type: application/json' \
  -d '{"rule":"ogi.request.reply","trigger":"2024-02-08","done":"2024-03-14"}'; echo

# Drop-in for the public holiday API (timor.tech shape)
curl -fsS "$BASE/api/holiday/info/2024-02-04"; echo
